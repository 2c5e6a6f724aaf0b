import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// pokja on a shared PostgreSQL database (a throwaway cluster): the same commands, the same answers
/// as on the SQLite file, and what only a shared database has (passwords, `db copy`, pg_dump).
@Suite(.disabled(if: StoreKind.underTest == .postgres, "ran in the first pass"))
struct SharedDatabaseCommandTests {
  static func freshURL() throws -> String {
    let server = try PostgresTestServer.shared()
    return try server.createDatabase(PostgresTestServer.freshDatabaseName("cli"))
  }

  /// The same steps on SQLite and on PostgreSQL print the same (the folders aside).
  @Test func everyDayCommandsAnswerAsOnTheSQLiteFile() throws {
    let clock = FixedClock(try Date("2026-12-01T08:00:00+07:00", strategy: .iso8601))
    var file = try CLIHarness(onFile: true)
    var server = try CLIHarness(extra: ["POKJA_DB": try Self.freshURL()])
    file.clock = clock
    server.clock = clock
    for harness in [file, server] { _ = try harness.seedPlenary() }
    let steps: [[String]] = [
      ["find", "wulan"], ["find", "kemensos"], ["find", "hanah"], ["contact", "list"],
      ["org", "show", "Kemensos"], ["room", "list"], ["meeting", "list"], ["meeting", "show", "1"],
      ["agenda", "--from", "2026-12-07", "--to", "2026-12-08"],
      [
        "meeting", "add", "--title", "Bentrok", "--start", "2026-12-07T11:00", "--duration", "1h",
        "--room", "Ruang Rapat Lt 7",
      ],
      ["meeting", "invite", "1", "--dry-run"], ["outbox", "list"], ["meeting", "invite", "1"],
      ["meeting", "invite", "1"], ["outbox", "list", "--state", "sent"],
      ["rsvp", "1", "wulan@kemensos.example", "accepted"],
      ["remind", "--due", "--now", "2026-12-06T11:00"], ["outbox", "list"],
      ["meeting", "cancel", "1"], ["outbox", "list"],
      ["contact", "show", "wulan@kemensos.example"],
      ["group", "add", "--name", "Tim Pleno", "--member", "wulan@kemensos.example"],
      ["group", "list", "--json"],
    ]
    for step in steps {
      let results = [file, server].map { harness in
        let result = harness.run(step)
        return (
          result.status,
          result.output.replacingOccurrences(of: harness.home.path, with: "HOME"),
          result.errors.replacingOccurrences(of: harness.home.path, with: "HOME")
        )
      }
      #expect(results[0].0 == results[1].0, "\(step): status")
      #expect(results[0].1 == results[1].1, "\(step): output")
      #expect(results[0].2 == results[1].2, "\(step): errors")
    }
  }

  /// The change log names the account and, on a shared database, the database role.
  @Test func theChangeLogNamesTheDatabaseRole() throws {
    let cli = try CLIHarness(extra: ["POKJA_DB": try Self.freshURL(), "POKJA_USER": "rina"])
    #expect(cli.run("init").status == 0)
    #expect(cli.run("org", "add", "--name", "Kementerian Sosial").status == 0)
    let log = try #require(try cli.json("log") as? [[String: Any]])
    #expect(log.first?["actor"] as? String == "rina")
    #expect(log.first?["databaseUser"] as? String == "pokja")
    #expect(cli.run("log").output.contains("rina (db pokja)"))
    let json = cli.run("log", "--json").output
    #expect(try JSONSchemaTests.validate(json, as: "changeList") == nil)
  }

  @Test func initCreatesTheSchemaAndWritesTheURLIntoANewConfig() throws {
    let url = try Self.freshURL()
    let cli = try CLIHarness(onFile: true)
    let before = cli.run("org", "list", "--db", url)
    #expect(before.status == 66)
    #expect(before.errors.contains("holds no Pokja data yet. Run 'pokja init' with the same --db"))
    let created = cli.run("init", "--db", url)
    #expect(created.status == 0, "\(created.errors)")
    #expect(created.output.hasPrefix("Database ready: postgres://pokja@/"), "\(created.output)")
    let config = try String(
      contentsOf: cli.home.appendingPathComponent("config.toml"), encoding: .utf8)
    #expect(config.contains("\nurl = \"\(url)\"\n"), "\(config)")
    // Later commands find it through the config.
    #expect(cli.run("org", "add", "--name", "Kementerian Sosial").status == 0)
    #expect(cli.run("--db", url, "org", "list").output.contains("Kementerian Sosial"))
    #expect(cli.run("init", "--db", url).status == 0)  // again: nothing to do
    let doctor = cli.run("doctor")
    #expect(doctor.output.contains("answers, with the current schema"), "\(doctor.output)")
  }

  @Test func backupsOfASharedDatabaseAreLeftToPgDump() throws {
    let cli = try CLIHarness(extra: ["POKJA_DB": try Self.freshURL()])
    #expect(cli.run("init").status == 0)
    let backup = cli.run("backup", cli.home.appendingPathComponent("copy.sqlite").path)
    #expect(backup.status == 64)
    #expect(backup.errors.contains("pg_dump --format=custom"), "\(backup.errors)")
    let restore = cli.run("restore", cli.home.appendingPathComponent("copy.sqlite").path)
    #expect(restore.status == 64)
    #expect(restore.errors.contains("pg_restore"), "\(restore.errors)")
  }

  /// A role that logs in with a password: none, a wrong one, the right one from the environment or
  /// from a file only its owner reads. The password is never printed.
  @Test func aPasswordComesFromTheEnvironmentOrAPrivateFileAndIsNeverShown() throws {
    let server = try PostgresTestServer.shared()
    let role = PostgresTestServer.freshDatabaseName("sekretariat")
    let secret = "rahasia-\(UUID().uuidString.prefix(8))"
    try server.addPasswordRole(role, password: secret)
    let name = PostgresTestServer.freshDatabaseName("owned")
    _ = try server.psql("CREATE DATABASE \"\(name)\" OWNER \"\(role)\"", database: "postgres")
    let url = "postgresql://\(role)@/\(name)?host=\(server.folder.path)"
    var cli = try CLIHarness(extra: ["POKJA_DB": url])

    let none = cli.run("init")
    #expect(none.status == 69)
    #expect(none.errors.contains("the server asks for a password"), "\(none.errors)")
    cli.variables["POKJA_DB_PASSWORD"] = "salah-\(secret)"
    let wrong = cli.run("init")
    #expect(wrong.status == 69)
    #expect(wrong.errors.contains("password authentication failed"), "\(wrong.errors)")
    #expect(!wrong.errors.contains(secret))
    cli.variables["POKJA_DB_PASSWORD"] = secret
    #expect(cli.run("init").status == 0)
    #expect(cli.run("org", "add", "--name", "Kementerian Sosial").status == 0)
    #expect(cli.run("log").output.contains("(db \(role))"))

    // From a file: refused while others can read it.
    cli.variables["POKJA_DB_PASSWORD"] = nil
    let file = cli.home.appendingPathComponent("db-password")
    try Data((secret + "\n").utf8).write(to: file)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
    let config = cli.home.appendingPathComponent("config.toml")
    let text = try String(contentsOf: config, encoding: .utf8)
    // `init` wrote the [database] table; the key goes into it.
    try text.replacingOccurrences(
      of: "[database]\n", with: "[database]\npassword_file = \"\(file.path)\"\n"
    ).write(to: config, atomically: true, encoding: .utf8)
    let exposed = cli.run("org", "list")
    #expect(exposed.status == 78)
    #expect(exposed.errors.contains("can be read by other users. Run: chmod 600"))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    let listed = cli.run("org", "list")
    #expect(listed.status == 0, "\(listed.errors)")
    #expect(listed.output.contains("Kementerian Sosial"))
    for result in [none, wrong, exposed, listed] {
      #expect(!result.output.contains(secret) && !result.errors.contains(secret))
    }
  }

  /// A server off this machine whose certificate pokja cannot check: refused, as a setting to fix.
  @Test func aCertificateThatDoesNotCheckOutIsAConfigurationError() throws {
    let server = try PostgresTestServer(tls: true)
    defer { server.stop() }
    _ = try server.createDatabase("pokja")
    let cli = try CLIHarness()
    let unchecked = try #require(server.tlsURL(database: "pokja", trusting: false))
    let refused = cli.run("init", "--db", unchecked)
    #expect(refused.status == 78)
    #expect(refused.errors.contains("Could not set up TLS for the PostgreSQL database"))
    let doctor = cli.run("doctor", "--db", unchecked)
    #expect(doctor.status == 78)
    #expect(doctor.output.contains("check the server's certificate"), "\(doctor.output)")
    let trusted = try #require(server.tlsURL(database: "pokja", trusting: true))
    let created = cli.run("init", "--db", trusted)
    #expect(created.status == 0, "\(created.errors)")
    #expect(created.output.contains("Database ready: postgres://pokja@127.0.0.2:"))
  }

  @Test(arguments: [
    ("postgres://rina:rahasia@db.example/pokja", "holds a password; take it out"),
    ("postgres://rina@db.example/pokja?sslmode=disable", "'sslmode' is not an option pokja takes"),
  ])
  func aURLPokjaCannotUseIsAConfigurationError(url: String, message: String) throws {
    let cli = try CLIHarness()
    let result = cli.run("org", "list", "--db", url)
    #expect(result.status == 78)
    #expect(result.errors.contains(message), "\(result.errors)")
    #expect(!result.errors.contains("rahasia"))
  }

  @Test func aConfiguredURLMustBeAPostgreSQLURL() throws {
    let cli = try CLIHarness()
    try Data("[database]\nurl = \"/srv/pokja.sqlite\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    let result = cli.run("org", "list")
    #expect(result.status == 78)
    #expect(result.errors.contains("database.url: '/srv/pokja.sqlite' is not a PostgreSQL URL"))
  }

  /// `db copy` moves a laptop's file to the shared database and back, whole and checked.
  @Test func aFileMovesToTheSharedDatabaseAndBack() throws {
    let url = try Self.freshURL()
    let cli = try CLIHarness(onFile: true)
    _ = try cli.seedPlenary()
    #expect(cli.run("meeting", "invite", "1").status == 0)
    let file = cli.home.appendingPathComponent("pokja.sqlite").path
    let copied = cli.run("db", "copy", "--from", file, "--to", url)
    #expect(copied.status == 0, "\(copied.errors)")
    #expect(copied.output.contains("; every table's count and digest match."), "\(copied.output)")
    #expect(copied.errors.contains("  contact: 2 rows"), "\(copied.errors)")
    let again = cli.run("db", "copy", "--from", file, "--to", url)
    #expect(again.status == 65)
    #expect(again.errors.contains("--replace"))
    let replacing = cli.run("db", "copy", "--from", file, "--to", url, "--replace", "--json")
    #expect(try JSONSchemaTests.validate(replacing.output, as: "copyReport") == nil)
    let replaced = try #require(
      try JSONSerialization.jsonObject(with: Data(replacing.output.utf8)) as? [String: Any])
    let tables = try #require(replaced["tables"] as? [[String: Any]])
    #expect(tables.count == StoredTables.all.count)
    #expect(tables.allSatisfy { ($0["digest"] as? String)?.count == 64 })
    #expect(cli.run("--db", url, "find", "wulan").output.contains("Wulan Sari"))
    #expect(cli.run("--db", url, "outbox", "list").output.contains("sent"))
    let back = cli.home.appendingPathComponent("back.sqlite").path
    let returned = try #require(
      try cli.json("db", "copy", "--from", url, "--to", back) as? [String: Any])
    #expect(
      (returned["tables"] as? [[String: Any]])?.map { $0["digest"] as? String }
        == tables.map { $0["digest"] as? String })
    #expect(
      cli.run("--db", back, "meeting", "show", "1").output
        == cli.run("--db", file, "meeting", "show", "1").output)
    let same = cli.run("db", "copy", "--from", url, "--to", url)
    #expect(same.status == 64)
  }
}
