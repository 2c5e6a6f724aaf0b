import Foundation
import PokjaCLI
import PokjaCore
import PokjaTestSupport

/// Runs `pokja` in-process against a throwaway POKJA_HOME.
struct CLIHarness {
  let home: URL
  var variables: [String: String]
  var clock: any WallClock = SystemClock()
  var transport: (any MessageTransport)?

  /// `onFile`: on the SQLite file even when the suite runs on PostgreSQL (`POKJA_TEST_STORE`), for
  /// what only the file has (backups, its path in messages, the doctor's file checks).
  init(extra: [String: String] = [:], onFile: Bool = false) throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    variables = ["POKJA_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin"]
    // POKJA_TEST_STORE=postgres: every command on a fresh shared database instead of the file.
    if StoreKind.underTest == .postgres && !onFile {
      variables["POKJA_DB"] = try PostgresTestServer.shared().createDatabase(
        PostgresTestServer.freshDatabaseName("harness"))
    }
    variables.merge(extra) { $1 }
  }

  /// Runs one command; returns its status and what it printed.
  @discardableResult
  func run(_ arguments: String...) -> Result { run(arguments) }

  func run(_ arguments: [String]) -> Result {
    let console = BufferConsole(width: 100)
    let status = PokjaEntry.run(
      arguments,
      environment: AppEnvironment(
        variables: variables, console: console, clock: clock, transportOverride: transport))
    return Result(status: status, output: console.output, errors: console.errors)
  }

  /// Runs a command that must succeed and decodes its `--json` output.
  func json(_ arguments: String...) throws -> Any {
    let result = run(arguments + ["--json"])
    guard result.status == 0 else {
      throw HarnessError.failed(arguments.joined(separator: " "), result.errors)
    }
    return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
  }

  struct Result {
    let status: Int32
    let output: String
    let errors: String
  }

  enum HarnessError: Error {
    case failed(String, String)
  }

  /// A config that lets channels point at the test servers on 127.0.0.1.
  func allowPrivateWebhooks() throws {
    try Data("[webhooks]\nallow_private_webhooks = true\n".utf8).write(
      to: home.appendingPathComponent("config.toml"))
  }

  /// The `.eml` files in the file outbox, sorted.
  var outboxFiles: [URL] {
    let folder = home.appendingPathComponent("outbox")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".eml") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// A small directory, a room and a plenary with two attendees and reminders; returns the meeting ID.
  func seedPlenary(start: String = "2026-12-07T10:00") throws -> Int {
    let steps: [[String]] = [
      ["init"],
      ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"],
      [
        "contact", "add", "--name", "Wulan Sari", "--org", "Kemensos", "--email",
        "wulan@kemensos.example",
      ],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
      ],
      ["room", "add", "--name", "Ruang Rapat Lt 7", "--capacity", "40"],
    ]
    for step in steps {
      let result = run(step)
      guard result.status == 0 else {
        throw HarnessError.failed(step.joined(separator: " "), result.errors)
      }
    }
    let meeting = try json(
      "meeting", "add", "--title", "Rapat Pleno Tim Pokja", "--start", start, "--duration", "3h",
      "--room", "Ruang Rapat Lt 7", "--attendee", "wulan@kemensos.example", "--attendee",
      "hannah@kpi.example", "--remind", "1d", "--remind", "2h")
    return (meeting as! [String: Any])["id"] as! Int
  }
}
