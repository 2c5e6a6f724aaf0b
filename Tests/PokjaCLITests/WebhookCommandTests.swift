import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// `pokja channel …` and events from meeting commands, against a local HTTP server.
@Suite struct WebhookCommandTests {
  static let secret = "whsec_cG9ramEtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZiE="

  @Test func badChannelsAreRefusedWithClearErrors() throws {
    let cli = try CLIHarness(extra: ["HOOK_SECRET": Self.secret, "BAD_SECRET": "hunter2"])
    #expect(cli.run("init").status == 0)
    let cases: [([String], Int32, String)] = [
      (["--webhook", "ftp://hooks.example/x"], 64, "only http:// and https://"),
      (
        ["--webhook", "https://hooks.example/x", "--preset", "teams"], 64, "Unknown preset 'teams'"
      ),
      (["--webhook", "https://hooks.example/x", "--events", "meeting.moved"], 64, "meeting.moved"),
      (["--webhook", "http://127.0.0.1:9/"], 65, "allow_private_webhooks"),
      (["--webhook", "http://192.168.1.5/"], 65, "private"),
      (["--webhook", "https://hooks.example/x", "--secret-env", "NO_SUCH_VAR"], 65, "NO_SUCH_VAR"),
      (["--webhook", "https://hooks.example/x", "--secret-env", "BAD_SECRET"], 65, "BAD_SECRET"),
    ]
    for (arguments, status, words) in cases {
      let result = cli.run(["channel", "add", "team"] + arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.errors.contains(words), "\(arguments): \(result.errors)")
      #expect(!result.errors.contains("hunter2"))
    }
    let added = cli.run(
      "channel", "add", "team", "--webhook", "https://hooks.example/x", "--secret-env",
      "HOOK_SECRET", "--preset", "slack", "--events", "reminder,meeting.cancelled")
    #expect(added.status == 0)
    #expect(!added.output.contains(Self.secret))
    #expect(cli.run("channel", "add", "TEAM", "--webhook", "https://hooks.example/y").status == 65)
    let listed = try cli.json("channel", "list") as! [[String: Any]]
    #expect(listed.count == 1)
    #expect(listed.first?["secretEnv"] as? String == "HOOK_SECRET")
    #expect(listed.first?["events"] as? [String] == ["reminder", "meeting.cancelled"])
    #expect(!cli.run("channel", "list", "--json").output.contains("whsec_"))
    #expect(cli.run("channel", "rm", "nope").status == 65)
    #expect(cli.run("channel", "rm", "team").status == 0)
    #expect(try (cli.json("channel", "list") as! [Any]).isEmpty)
  }

  /// Removing a channel withdraws what still waits for it, in the same step: nothing is left to be
  /// given up later, and the next run has nothing to fail on.
  @Test func removingAChannelWithdrawsItsWaitingMessages() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    try cli.allowPrivateWebhooks()
    let port = try SMTPTestServer.unusedPort()
    #expect(
      cli.run("channel", "add", "mati", "--webhook", "http://127.0.0.1:\(port)/hook").status == 0)
    #expect(cli.run("room", "add", "--name", "Ruang 3").status == 0)
    _ = cli.run(
      "meeting", "add", "--title", "Rapat", "--start", "2030-01-07T10:00", "--duration", "1h",
      "--room", "Ruang 3")
    let queued = try cli.json("outbox", "list", "--state", "queued") as! [[String: Any]]
    #expect(queued.count == 1, "the meeting.created event waits for the dead channel")
    let removed = cli.run("channel", "rm", "mati")
    #expect(removed.status == 0)
    #expect(removed.output == "Channel 'mati' removed; 1 unsent message withdrawn.\n")
    #expect(try (cli.json("outbox", "list", "--state", "queued") as! [Any]).isEmpty)
    let withdrawn = try cli.json("outbox", "list", "--state", "cancelled") as! [[String: Any]]
    #expect(withdrawn.count == 1)
    #expect(cli.run("outbox", "send").status == 0)
  }

  /// A secret variable that is not set where pokja sends is this machine's configuration (78), not a
  /// server refusing us (69); the event waits for it.
  @Test func aMissingSecretIsAConfigurationError() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    var cli = try CLIHarness(extra: ["HOOK_SECRET": Self.secret])
    _ = try cli.seedPlenary()
    try cli.allowPrivateWebhooks()
    #expect(
      cli.run(
        "channel", "add", "tim", "--webhook", server.url("/ok"), "--secret-env", "HOOK_SECRET"
      ).status == 0)
    cli.variables["HOOK_SECRET"] = nil
    let cancelled = cli.run("meeting", "cancel", "1")
    #expect(cancelled.status == 78, "\(cancelled.output)\(cancelled.errors)")
    #expect(cancelled.errors.contains("HOOK_SECRET"), "\(cancelled.errors)")
    #expect(try server.requests().isEmpty)
    let waiting = try cli.json("outbox", "list", "--state", "queued") as! [[String: Any]]
    #expect(waiting.contains { $0["route"] as? String == "webhook" })
  }

  @Test func meetingCommandsPublishSignedEvents() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let cli = try CLIHarness(extra: ["HOOK_SECRET": Self.secret])
    _ = try cli.seedPlenary()
    try cli.allowPrivateWebhooks()
    #expect(
      cli.run(
        "channel", "add", "tim", "--webhook", server.url("/ok"), "--secret-env", "HOOK_SECRET"
      ).status == 0)
    #expect(
      cli.run(
        "channel", "add", "ntfy", "--webhook", server.url("/ntfy"), "--preset", "ntfy",
        "--events", "reminder"
      ).status == 0)
    #expect(
      cli.run(
        "channel", "add", "team-en", "--webhook", server.url("/en"), "--preset", "slack", "--lang",
        "en", "--events", "meeting.created"
      ).status == 0)
    #expect(
      cli.run("channel", "add", "x", "--webhook", server.url("/x"), "--lang", "fr").status == 64)
    let listed = try cli.json("channel", "list") as! [[String: Any]]
    #expect(listed.first { $0["name"] as? String == "team-en" }?["language"] as? String == "en")
    let test = cli.run("channel", "test", "tim")
    #expect(test.status == 0)
    #expect(test.output.contains("HTTP 200"))

    let meeting = try cli.json(
      "meeting", "add", "--title", "Rapat Teknis", "--start", "2026-12-08T09:00", "--duration",
      "2h", "--attendee", "wulan@kemensos.example", "--remind", "1h")
    let id = String((meeting as! [String: Any])["id"] as! Int)
    let invite = cli.run("meeting", "invite", id)
    #expect(invite.status == 0)
    // Mail and webhooks are counted apart: one invitation mailed, one event published.
    #expect(invite.output.contains("1 sent — written to the file outbox"), "\(invite.output)")
    #expect(invite.output.contains("Webhooks: 1 sent"), "\(invite.output)")
    #expect(cli.run("remind", "--due", "--now", "2026-12-08T08:30").status == 0)
    #expect(cli.run("meeting", "cancel", id).status == 0)

    let requests = try server.requests()
    let types = requests.filter { $0.path == "/ok" }.compactMap { request in
      (try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])?[
        "type"] as? String
    }
    #expect(
      types == ["test", "meeting.created", "invitation.sent", "reminder", "meeting.cancelled"])
    let english = requests.filter { $0.path == "/en" }
    #expect(english.count == 1)
    #expect(
      english.first?.body.contains("New meeting: Rapat Teknis\\nTuesday, 8 December 2026") == true)
    let ntfy = requests.filter { $0.path == "/ntfy" }
    #expect(ntfy.count == 1)
    #expect(ntfy.first?.headers["title"]?.hasPrefix("=?UTF-8?B?") == false)
    #expect(ntfy.first?.body.contains("Selasa, 8 Desember 2026") == true)
    let check = try server.verifySignatures(secret: Self.secret)
    #expect(check.verified == 5)
    #expect(check.errors.isEmpty)

    // Nothing twice: a second run queues nothing new.
    #expect(cli.run("remind", "--due", "--now", "2026-12-08T08:30").status == 0)
    #expect(try server.requests().count == requests.count)
    let webhooks = (try cli.json("outbox", "list") as! [[String: Any]]).filter {
      $0["route"] as? String == "webhook"
    }
    #expect(webhooks.count == 6)
    #expect(webhooks.allSatisfy { $0["state"] as? String == "sent" })
  }

  /// A dry run posts nothing: the events it would publish are listed with the mail, and the
  /// channels' server hears nothing (the run works on a copy of the database).
  @Test func aDryRunPostsNothingToChannels() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let cli = try CLIHarness()
    _ = try cli.seedPlenary()
    try cli.allowPrivateWebhooks()
    #expect(cli.run("channel", "add", "tim", "--webhook", server.url("/ok")).status == 0)
    let meeting = try cli.json(
      "meeting", "add", "--title", "Rapat Teknis", "--start", "2026-12-08T09:00", "--duration",
      "2h", "--attendee", "wulan@kemensos.example", "--remind", "1h")
    let id = String((meeting as! [String: Any])["id"] as! Int)
    let created = try server.requests().count
    #expect(created == 1)
    for run in [
      cli.run("meeting", "invite", id, "--dry-run"),
      cli.run("remind", "--due", "--now", "2026-12-08T08:30", "--dry-run"),
      cli.run("meeting", "cancel", id, "--dry-run"),
    ] {
      #expect(run.status == 0, "\(run.output)\(run.errors)")
      #expect(run.output.contains("channel tim"), "\(run.output)")
    }
    #expect(try server.requests().count == created)
    let webhooks = (try cli.json("outbox", "list") as! [[String: Any]]).filter {
      $0["route"] as? String == "webhook"
    }
    #expect(webhooks.count == 1)
  }

  /// The URL check at `channel add` reads the host as written; the address connected to is checked
  /// again at every send, so turning private addresses off later stops deliveries to them.
  @Test func privateAddressesAreRefusedWhenSendingToo() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let cli = try CLIHarness()
    _ = try cli.seedPlenary()
    let config = cli.home.appendingPathComponent("config.toml")
    try Data("[webhooks]\nallow_private_webhooks = true\n".utf8).write(to: config)
    let url = server.url("/ok").replacingOccurrences(of: "127.0.0.1", with: "localhost")
    #expect(cli.run("channel", "add", "inside", "--webhook", url).status == 0)
    try Data("[webhooks]\nallow_private_webhooks = false\n".utf8).write(to: config)
    let meeting = try cli.json(
      "meeting", "add", "--title", "Rapat Teknis", "--start", "2026-12-08T09:00", "--duration",
      "2h", "--attendee", "wulan@kemensos.example", "--no-remind")
    let id = String((meeting as! [String: Any])["id"] as! Int)
    let invite = cli.run("meeting", "invite", id)
    #expect(invite.status != 0)
    #expect(invite.errors.contains("private, loopback or reserved address"), "\(invite.errors)")
    #expect(try server.requests().isEmpty)
    let queued = (try cli.json("outbox", "list") as! [[String: Any]]).filter {
      $0["route"] as? String == "webhook"
    }
    #expect(!queued.isEmpty)
    #expect(queued.allSatisfy { $0["state"] as? String == "queued" })
  }

  /// An office proxy named in the environment (`http_proxy`, `https_proxy`, `all_proxy`) is never
  /// used for webhooks: only `[webhooks] proxy` is. Run as a separate process, since libcurl reads
  /// the process's own environment.
  @Test func theEnvironmentsProxyIsNeverUsed() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let home = try PokjaBinary.home()
    var environment = ["POKJA_HOME": home.path, "HOME": home.path]
    for name in [
      "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
    ] {
      environment[name] = proxy.url
    }
    #expect(try PokjaBinary.run(["init"], environment).status == 0)
    try Data("[webhooks]\nallow_private_webhooks = true\n".utf8).write(
      to: home.appendingPathComponent("config.toml"))
    let added = try PokjaBinary.run(
      ["channel", "add", "lokal", "--webhook", server.url("/ok")], environment)
    #expect(added.status == 0, "\(added.errors)")
    let test = try PokjaBinary.run(["channel", "test", "lokal"], environment)
    #expect(test.status == 0, "\(test.output)\(test.errors)")
    #expect(try proxy.requests().isEmpty, "nothing goes through a proxy that was not configured")
    #expect(try server.requests().count == 1)
  }

  /// `[webhooks] proxy`: a public destination is reached through it (tunnelled to the address
  /// pokja checked), the environment's proxy is still ignored, private addresses are still
  /// refused, and `pokja doctor` says which proxy is used.
  @Test func aConfiguredProxyCarriesWebhooks() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    try Data(
      """
      [webhooks]
      proxy = "\(proxy.url)"
      connect_timeout = "3s"
      timeout = "5s"

      """.utf8
    ).write(to: cli.home.appendingPathComponent("config.toml"))
    #expect(
      cli.run("channel", "add", "kantor", "--webhook", "http://93.184.215.14:8080/ok").status == 0)
    let refused = cli.run("channel", "add", "dalam", "--webhook", "http://10.1.2.3/hook")
    #expect(refused.status == 65)
    #expect(refused.errors.contains("private, loopback or reserved"))
    let test = cli.run("channel", "test", "kantor")
    #expect(test.status == 0, "\(test.output)\(test.errors)")
    #expect(try proxy.requests().map(\.target) == ["93.184.215.14:8080"])
    #expect(try server.requests().map(\.path) == ["/ok"])

    let doctor = try cli.json("doctor") as! [String: Any]
    let checks = doctor["checks"] as! [[String: Any]]
    let proxyCheck = checks.first { $0["name"] as? String == "webhook proxy" }
    #expect(proxyCheck?["status"] as? String == "ok")
    #expect((proxyCheck?["detail"] as? String)?.contains(proxy.url) == true)
    #expect(
      checks.first { $0["name"] as? String == "channel kantor" }?["status"] as? String == "ok")
  }

  /// With allow_private_webhooks a loopback channel goes straight there, past the proxy.
  @Test func allowPrivateWebhooksStillWorksWithAProxy() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    try Data(
      "[webhooks]\nallow_private_webhooks = true\nproxy = \"\(proxy.url)\"\n".utf8
    ).write(to: cli.home.appendingPathComponent("config.toml"))
    #expect(cli.run("channel", "add", "lokal", "--webhook", server.url("/ok")).status == 0)
    #expect(cli.run("channel", "test", "lokal").status == 0)
    #expect(try proxy.requests().isEmpty)
    #expect(try server.requests().count == 1)
  }

  /// A proxy password belongs in the environment: refused in the file, never printed.
  @Test func aProxyPasswordIsNeverInTheFileNorPrinted() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    var cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let config = cli.home.appendingPathComponent("config.toml")
    let withPassword = proxy.url.replacingOccurrences(of: "//", with: "//pokja:hunter2@")
    try Data("[webhooks]\nproxy = \"\(withPassword)\"\n".utf8).write(to: config)
    let refused = cli.run("channel", "list")
    #expect(refused.status == 78)
    #expect(refused.errors.contains("webhooks.proxy holds a password"), "\(refused.errors)")
    #expect(refused.errors.contains("POKJA_WEBHOOK_PROXY"))
    #expect(!refused.errors.contains("hunter2"))
    try Data("[webhooks]\nproxy = \"ftp://proxy.example:21\"\n".utf8).write(to: config)
    let wrong = cli.run("channel", "list")
    #expect(wrong.status == 78)
    #expect(wrong.errors.contains("webhooks.proxy: 'ftp://proxy.example:21' is not an http://"))

    try Data().write(to: config)
    cli.variables["POKJA_WEBHOOK_PROXY"] = withPassword
    #expect(
      cli.run("channel", "add", "kantor", "--webhook", "https://93.184.215.14/ok").status == 0)
    let doctor = cli.run("doctor")
    #expect(doctor.output.contains("pokja:***@127.0.0.1"), "\(doctor.output)")
    #expect(!doctor.output.contains("hunter2") && !doctor.errors.contains("hunter2"))
    #expect(try proxy.requests().first?.headers["proxy-authorization"] != nil)
  }
}
