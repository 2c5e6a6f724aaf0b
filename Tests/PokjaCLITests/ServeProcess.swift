import Foundation
import PokjaTestSupport

/// `pokja serve` as its own process on a free port of 127.0.0.1, up once `/healthz` answers;
/// killed when dropped if still running.
final class ServeProcess {
  let process = Process()
  let port: Int
  /// What it wrote to standard error.
  let errors: URL
  private let errorHandle: FileHandle

  /// The `/healthz` reply that showed it was up.
  private(set) var health: HTTPReply?

  init(variables: [String: String], home: URL) throws {
    port = try SMTPTestServer.unusedPort()
    errors = home.appendingPathComponent("serve-\(port).stderr")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    errorHandle = try FileHandle(forWritingTo: errors)
    process.executableURL = try PokjaBinary.url()
    process.arguments = ["serve", "--listen", "127.0.0.1:\(port)"]
    process.environment = variables
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errorHandle
    try process.run()
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline, process.isRunning {
      if let reply = HTTPReply.get("/healthz", port: port), reply.status == 200 {
        health = reply
        break
      }
      usleep(100_000)
    }
  }

  deinit {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? errorHandle.close()
  }

  /// What it logged so far.
  func log() -> String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

  /// GET `path` from it.
  func get(_ path: String) -> HTTPReply? { HTTPReply.get(path, port: port) }
}
