import Foundation
import PokjaCLI
import Testing

@Suite struct ConfigTests {
  func write(_ text: String, to cli: CLIHarness) throws {
    try text.write(
      to: cli.home.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
  }

  @Test func retrySettingsAreReadAndAWrongOneIsNamed() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    try write(
      "[outbox]\nmax_attempts = 3\nretry_base = \"2m\"\nretry_max = \"1h\"\nlease = \"10m\"\n",
      to: cli)
    #expect(cli.run("org", "list").status == 0)
    try write("[outbox]\nretry_base = \"soon\"\n", to: cli)
    let wrong = cli.run("org", "list")
    #expect(wrong.status == 78)
    #expect(wrong.errors.contains("outbox.retry_base"))
    #expect(
      wrong.errors.contains("'\"soon\"' is not a duration")
        || wrong.errors.contains("'soon' is not a duration"))
    try write("[outbox]\nmax_attempts = 0\n", to: cli)
    #expect(cli.run("org", "list").errors.contains("outbox.max_attempts"))
  }

  @Test func aPasswordInTheConfigFileIsRefusedWithoutRepeatingIt() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    try write(
      "[smtp]\nurl = \"smtp://pokja@mail.example.org:587\"\npassword = \"hunter2-secret\"\n",
      to: cli)
    let result = cli.run("org", "list")
    #expect(result.status == 78)
    #expect(result.errors.contains("smtp.password holds a password"))
    #expect(!result.errors.contains("hunter2-secret"))
  }

  @Test func aPasswordInsideTheURLIsRefusedToo() throws {
    var cli = try CLIHarness(extra: ["POKJA_MAIL_FROM": "sekretariat@pokja.example"])
    let id = try cli.seedPlenary()
    cli.variables["POKJA_SMTP_URL"] = "smtp://pokja:hunter2-secret@mail.example.org"
    let result = cli.run("meeting", "invite", String(id))
    #expect(result.status == 78)
    #expect(result.errors.contains("POKJA_SMTP_PASSWORD"))
    #expect(!result.errors.contains("hunter2-secret"))
  }

  @Test func aPasswordFileOthersCanReadIsRefused() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    let secret = cli.home.appendingPathComponent("smtp-password")
    try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret.path)
    try write("[smtp]\npassword_file = \"\(secret.path)\"\n", to: cli)
    let open = cli.run("org", "list")
    #expect(open.status == 78)
    #expect(open.errors.contains("chmod 600 \(secret.path)"))
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
    #expect(cli.run("org", "list").status == 0)
  }

  @Test func anSMTPServerWithoutASenderIsAConfigurationError() throws {
    var cli = try CLIHarness()
    let id = try cli.seedPlenary()
    cli.variables["POKJA_SMTP_URL"] = "smtp://pokja@mail.example.org:587"
    let result = cli.run("meeting", "invite", String(id))
    #expect(result.status == 78)
    #expect(result.errors.contains("set POKJA_MAIL_FROM"))
  }

  @Test func aTOMLMistakeIsReportedWithFileAndLine() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    try write("[calendar]\ntime_zone = \"Asia/Jakarta\"\nthis is not toml\n", to: cli)
    let result = cli.run("room", "list")
    #expect(result.status == 78)
    #expect(result.errors.contains("\(cli.home.path)/config.toml:3:"), "\(result.errors)")
  }

  @Test func theEnvironmentOverridesTheFile() throws {
    var cli = try CLIHarness()
    _ = cli.run("init")
    try write(
      "[calendar]\ntime_zone = \"Asia/Makassar\"\n[mail]\nfrom = \"file@pokja.example\"\n", to: cli)
    let fromFile = try cli.seedPlenaryMeetingJSON()
    #expect(fromFile["timeZone"] as? String == "Asia/Makassar")
    cli.variables["POKJA_TIME_ZONE"] = "Asia/Jayapura"
    cli.variables["POKJA_MAIL_FROM"] = "Sekretariat <env@pokja.example>"
    let fromEnvironment =
      try cli.json(
        "meeting", "add", "--title", "Kelompok 2", "--start", "2026-12-08T09:00", "--duration", "1h"
      )
      as! [String: Any]
    #expect(fromEnvironment["timeZone"] as? String == "Asia/Jayapura")
    #expect((fromEnvironment["uid"] as? String)?.hasSuffix("@pokja.example") == true)
    let listed = cli.run("meeting", "list")
    #expect(listed.status == 0)
    cli.variables["POKJA_TIME_ZONE"] = "Mars/Base"
    let bad = cli.run("meeting", "list")
    #expect(bad.status == 78)
    #expect(bad.errors.contains("'Mars/Base' is not a known time zone"))
  }

  @Test func filesFollowTheXDGDirectoriesWithoutPokjaHome() throws {
    var cli = try CLIHarness(onFile: true)
    cli.variables["POKJA_HOME"] = nil
    cli.variables["XDG_DATA_HOME"] = cli.home.appendingPathComponent("data").path
    cli.variables["XDG_CONFIG_HOME"] = cli.home.appendingPathComponent("conf").path
    let result = cli.run("init")
    #expect(result.status == 0, "\(result.errors)")
    #expect(FileManager.default.fileExists(atPath: cli.home.path + "/data/pokja/pokja.sqlite"))
    #expect(FileManager.default.fileExists(atPath: cli.home.path + "/conf/pokja/config.toml"))
    #expect(result.output.contains(cli.home.path + "/data/pokja/outbox"))
  }
}

extension CLIHarness {
  /// Adds one meeting without a room and returns its JSON.
  func seedPlenaryMeetingJSON() throws -> [String: Any] {
    try json(
      "meeting", "add", "--title", "Pleno", "--start", "2026-12-07T10:00", "--duration", "2h")
      as! [String: Any]
  }
}
