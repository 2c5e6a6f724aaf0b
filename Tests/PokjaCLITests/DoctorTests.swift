import Foundation
import PokjaTestSupport
import Testing

/// `pokja doctor` against a real SMTP server (aiosmtpd, STARTTLS + AUTH) and a real HTTP server.
@Suite struct DoctorTests {
  static let secret = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="

  func checks(_ run: CLIHarness.Result) throws -> [String: [String: Any]] {
    let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
    let list = report["checks"] as! [[String: Any]]
    return Dictionary(list.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
  }

  @Test func aHealthySetupPassesAndAWrongPasswordOrDeadWebhookIsNamed() throws {
    let smtp = try SMTPTestServer()
    defer { smtp.stop() }
    let web = try WebhookTestServer()
    defer { web.stop() }
    var cli = try CLIHarness(extra: [
      "POKJA_SMTP_URL": smtp.smtpURL, "POKJA_SMTP_PASSWORD": smtp.password,
      "POKJA_SMTP_CA_FILE": smtp.caFile ?? "", "HOOK_SECRET": Self.secret,
      "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>",
    ])
    _ = try cli.seedPlenary()
    try cli.allowPrivateWebhooks()
    #expect(
      cli.run("channel", "add", "tim", "--webhook", web.url("/hook"), "--secret-env", "HOOK_SECRET")
        .status == 0)

    let healthy = cli.run("doctor", "--json")
    #expect(healthy.status == 0, "\(healthy.output)\(healthy.errors)")
    var found = try checks(healthy)
    #expect(found["smtp"]?["status"] as? String == "ok")
    #expect(
      (found["smtp"]?["detail"] as? String)?.contains("logged in as \(smtp.username)") == true)
    #expect(found["channel tim"]?["status"] as? String == "ok")
    #expect(found["database"]?["status"] as? String == "ok")
    #expect(try smtp.receivedMessages().isEmpty)  // no message was sent
    #expect(try web.requests().isEmpty)  // nothing was posted
    // The built binary's standard output is the report alone (libcurl writes nothing of its own).
    let process = try PythonTool.runProcess(
      executable: try PokjaBinary.url().path, arguments: ["doctor", "--json"],
      environment: cli.variables)
    #expect(process.status == 0, "\(String(decoding: process.stderr, as: UTF8.self))")
    let report = try JSONSerialization.jsonObject(with: process.stdout) as? [String: Any]
    #expect(report?["checks"] != nil, "\(String(decoding: process.stdout, as: UTF8.self))")

    // A wrong password: named as the login, never shown, exit 69.
    cli.variables["POKJA_SMTP_PASSWORD"] = "salah-sandi-123"
    let wrong = cli.run("doctor")
    #expect(wrong.status == 69)
    #expect(wrong.output.contains("✗ smtp:"), "\(wrong.output)")
    #expect(wrong.output.lowercased().contains("login") || wrong.output.contains("535"))
    #expect(wrong.output.contains("fix: check the password in POKJA_SMTP_PASSWORD"))
    #expect(!wrong.output.contains("ca_file"))
    #expect(!wrong.output.contains("salah-sandi-123"))
    #expect(wrong.output.hasSuffix("1 problem.\n") || wrong.output.contains("1 problem"))
    // The same from a password file: the file is named, not the variable.
    let passwordFile = cli.home.appendingPathComponent("smtp-password")
    try Data("salah-sandi-123\n".utf8).write(to: passwordFile)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
    try Data(
      "[webhooks]\nallow_private_webhooks = true\n[smtp]\npassword_file = \"\(passwordFile.path)\"\n"
        .utf8
    ).write(to: cli.home.appendingPathComponent("config.toml"))
    cli.variables["POKJA_SMTP_PASSWORD"] = nil
    let wrongFile = cli.run("doctor")
    #expect(wrongFile.status == 69)
    #expect(
      wrongFile.output.contains("check the password in the password file \(passwordFile.path)"),
      "\(wrongFile.output)")
    try cli.allowPrivateWebhooks()
    cli.variables["POKJA_SMTP_PASSWORD"] = smtp.password

    // A webhook that is gone, one nobody answers, and a secret that is not set.
    #expect(cli.run("channel", "add", "lama", "--webhook", web.url("/gone")).status == 0)
    let port = try SMTPTestServer.unusedPort()
    #expect(
      cli.run("channel", "add", "mati", "--webhook", "http://127.0.0.1:\(port)/hook").status == 0)
    cli.variables["HOOK_SECRET"] = nil
    let dead = cli.run("doctor", "--json")
    #expect(dead.status == 69)
    found = try checks(dead)
    #expect(
      (found["channel lama"]?["detail"] as? String)?.contains("HTTP 410: the webhook is gone")
        == true)
    #expect(found["channel mati"]?["status"] as? String == "error")
    #expect((found["channel mati"]?["detail"] as? String)?.contains("Could not reach") == true)
    #expect((found["channel tim"]?["detail"] as? String)?.contains("HOOK_SECRET") == true)
    #expect(try web.requests().isEmpty)
  }

  @Test func aMissingDatabaseAndABrokenConfigAreSaidWithTheirFix() throws {
    let cli = try CLIHarness(onFile: true)
    let missing = cli.run("doctor")
    #expect(missing.status == 66)
    #expect(missing.output.contains("✗ database: no database at"))
    #expect(missing.output.contains("fix: run 'pokja init'"))

    #expect(cli.run("init").status == 0)
    try Data("[smtp\nurl = 1\n".utf8).write(to: cli.home.appendingPathComponent("config.toml"))
    let broken = cli.run("doctor")
    #expect(broken.status == 78)
    #expect(broken.output.contains("✗ config:"))
  }
}
