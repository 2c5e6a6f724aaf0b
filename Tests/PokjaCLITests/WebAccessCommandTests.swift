import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// `pokja access …`, `pokja feed …` and `pokja serve` as the secretariat runs them; the web key
/// `pokja init` writes; `[web] url`; RSVP links in invitations; `reply.received` from `pokja rsvp`.
@Suite struct WebAccessCommandTests {
  static let web = "https://pokja.example.go.id"
  static let wulan = "wulan@kemensos.example"
  static let hannah = "hannah@kpi.example"
  static let citra = "citra@lsm.example"

  /// The plenary (a meeting well ahead, so it can be invited to), Citra who opted out, and
  /// `@pleno` with all three; `[web] url` from POKJA_WEB_URL unless `web` is false.
  static func harness(web: Bool = true) throws -> CLIHarness {
    let cli = try CLIHarness(extra: web ? ["POKJA_WEB_URL": Self.web] : [:])
    _ = try cli.seedPlenary(start: "2030-03-04T10:00")
    try cli.setUp([
      [
        "contact", "add", "--name", "Citra Dewi", "--email", Self.citra, "--do-not-contact",
      ],
      [
        "group", "add", "pleno", "--contact", Self.wulan, "--contact", Self.hannah, "--contact",
        Self.citra,
      ],
    ])
    return cli
  }

  /// A mail file with its quoted-printable undone (soft line breaks joined, `=XX` decoded), so
  /// long links are matched whole.
  static func decoded(_ file: URL) throws -> String {
    let raw = try String(contentsOf: file, encoding: .utf8)
    let joined = Array(
      raw.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
        .utf8)
    func hex(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
      case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    var bytes: [UInt8] = []
    var index = 0
    while index < joined.count {
      if joined[index] == UInt8(ascii: "="), index + 2 < joined.count,
        let high = hex(joined[index + 1]), let low = hex(joined[index + 2])
      {
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(joined[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The decoded mails in the file outbox.
  static func mails(_ cli: CLIHarness) throws -> [String] {
    try cli.outboxFiles.map(decoded)
  }

  /// The one decoded mail to `address`.
  static func mail(to address: String, in cli: CLIHarness) throws -> String {
    let found = try mails(cli).filter { mail in
      mail.components(separatedBy: "\r\n").first { $0.hasPrefix("To: ") }?
        .contains("<\(address)>") == true
    }
    guard found.count == 1 else {
      throw TestSupportError("\(found.count) mails to \(address) in the outbox, not 1.")
    }
    return found[0]
  }

  /// `access list --json` (`--all` too), by contact ID.
  static func grants(_ cli: CLIHarness, all: Bool = false) throws -> [Int: [String: Any]] {
    let records = try cli.objects(["access", "list"] + (all ? ["--all"] : []))
    return Dictionary(records.map { ($0["contactId"] as? Int ?? -1, $0) }) { first, _ in first }
  }

  // MARK: The web key

  @Test func initWritesAPrivateWebKeyOnceAndAnOpenOneIsRefused() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let key = cli.home.appendingPathComponent("web.key")
    let attributes = try FileManager.default.attributesOfItem(atPath: key.path)
    #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
    let text = try String(contentsOf: key, encoding: .utf8)
    let digits = text.trimmingCharacters(in: .newlines)
    #expect(digits.count == 64)
    #expect(digits.allSatisfy { "0123456789abcdef".contains($0) }, "\(text)")

    let again = cli.run("init")
    #expect(again.status == 0, "\(again.errors)")
    #expect(!again.output.contains("web key"), "\(again.output)")
    #expect(try String(contentsOf: key, encoding: .utf8) == text)

    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)
    let open = cli.run("access", "list")
    #expect(open.status == 78)
    #expect(open.errors.contains("chmod 600 \(key.path)"), "\(open.errors)")
  }

  // MARK: Granting

  @Test func grantNeedsTheWebAddress() throws {
    let cli = try Self.harness(web: false)
    let refused = cli.run("access", "grant", Self.wulan)
    #expect(refused.status == 78)
    #expect(refused.errors.contains("[web] url"), "\(refused.errors)")
    #expect(try cli.objects(["access", "list"]).isEmpty)
    #expect(cli.outboxFiles.isEmpty)
  }

  @Test func grantMailsASignInLinkInTheContactsLanguage() throws {
    let cli = try Self.harness()
    let granted = cli.run("access", "grant", Self.wulan)
    #expect(granted.status == 0, "\(granted.errors)")
    #expect(granted.output.contains("Access given to 1 contact."), "\(granted.output)")
    let queued = try cli.objects(["outbox", "list"])
    #expect(queued.count == 1)
    #expect(queued.first?["kind"] as? String == "sign-in")
    #expect(cli.outboxFiles.count == 1)
    let mail = try Self.mail(to: Self.wulan, in: cli)
    #expect(mail.contains("\(Self.web)/signin/"), "\(mail)")
    #expect(mail.contains("Yth. Bapak/Ibu Wulan Sari"), "\(mail)")
    #expect(mail.contains("Content-Language: id"))
    let grants = try Self.grants(cli)
    #expect(grants.count == 1)
    #expect(grants[1]?["role"] as? String == "member")
    #expect(grants[1]?["email"] as? String == Self.wulan)
  }

  @Test func grantToAGroupGivesEveryMemberAccessAndPassesOverWhoOptedOut() throws {
    let cli = try Self.harness()
    let granted = cli.run("access", "grant", "@pleno")
    #expect(granted.status == 0, "\(granted.errors)")
    #expect(granted.output.contains("Access given to 2 contacts."), "\(granted.output)")
    #expect(granted.errors.contains("Passed over"), "\(granted.errors)")
    #expect(granted.errors.contains("Citra Dewi"), "\(granted.errors)")
    #expect(Set(try Self.grants(cli).keys) == [1, 2])
    #expect(cli.outboxFiles.count == 2)
    let english = try Self.mail(to: Self.hannah, in: cli)
    #expect(english.contains("Dear Hannah de Vries"), "\(english)")
    #expect(english.contains("\(Self.web)/signin/"))
    let indonesian = try Self.mail(to: Self.wulan, in: cli)
    #expect(indonesian.contains("Yth. Bapak/Ibu Wulan Sari"))
    #expect(try Self.mails(cli).allSatisfy { !$0.contains(Self.citra) })
  }

  @Test func anOptedOutContactNamedAloneIsAnErrorAndNobodyIsGranted() throws {
    let cli = try Self.harness()
    for arguments in [[Self.citra], [Self.wulan, Self.citra]] {
      let refused = cli.run(["access", "grant"] + arguments)
      #expect(refused.status == 65, "\(arguments)")
      #expect(
        refused.errors.contains("Citra Dewi asked not to receive messages"), "\(refused.errors)")
    }
    #expect(try cli.objects(["access", "list", "--all"]).isEmpty)
    #expect(try cli.objects(["outbox", "list"]).isEmpty)
    #expect(cli.outboxFiles.isEmpty)
  }

  @Test func aPlainGrantKeepsTheRoleAndMemberDemotes() throws {
    let cli = try Self.harness()
    let secretary = cli.run("access", "grant", Self.wulan, "--secretary")
    #expect(secretary.status == 0, "\(secretary.errors)")
    #expect(secretary.output.contains("(secretariat)"))
    #expect(try Self.grants(cli)[1]?["role"] as? String == "secretary")
    try cli.must(["access", "grant", Self.wulan])
    #expect(try Self.grants(cli)[1]?["role"] as? String == "secretary")
    try cli.must(["access", "grant", Self.wulan, "--member"])
    #expect(try Self.grants(cli)[1]?["role"] as? String == "member")
    // A fresh link each time.
    #expect(cli.outboxFiles.count == 3)

    let both = cli.run("access", "grant", Self.wulan, "--secretary", "--member")
    #expect(both.status == 64)
    #expect(both.errors.contains("not both"), "\(both.errors)")
    #expect(try Self.grants(cli)[1]?["role"] as? String == "member")
    #expect(cli.outboxFiles.count == 3)
  }

  // MARK: Revoking and the log

  @Test func revokingNeedsAccessAndIsLoggedNewestFirst() throws {
    let cli = try Self.harness()
    try cli.must(["access", "grant", Self.wulan])
    for arguments in [[Self.hannah], [Self.wulan, Self.hannah]] {
      let refused = cli.run(["access", "revoke"] + arguments)
      #expect(refused.status == 65, "\(arguments)")
      #expect(refused.errors.contains("Hannah de Vries has no access"), "\(refused.errors)")
    }
    #expect(Set(try Self.grants(cli).keys) == [1], "Wulan keeps her access")

    let revoked = cli.run("access", "revoke", Self.wulan)
    #expect(revoked.status == 0, "\(revoked.errors)")
    #expect(revoked.output.contains("Access revoked for 1 contact."), "\(revoked.output)")
    #expect(try Self.grants(cli).isEmpty)
    #expect(cli.run("access", "list").output.contains("Nobody has web access yet"))
    let all = try Self.grants(cli, all: true)
    #expect(all.count == 1)
    #expect(all[1]?["revokedAt"] is String)
    let table = cli.run("access", "list", "--all")
    #expect(table.status == 0)
    let row = table.output.split(separator: "\n").first { $0.contains("Wulan Sari") }
    #expect(row?.contains("revoked") == true, "\(table.output)")
    #expect(cli.run("access", "revoke", Self.wulan).status == 65, "revoked already")

    let listed = cli.run("access", "list", "--all", "--json")
    if let problems = try JSONSchemaTests.validate(listed.output, as: "accessGrantList") {
      Issue.record("access list --all --json:\n\(problems)")
    }
    let log = cli.run("access", "log", "--json")
    #expect(log.status == 0)
    if let problems = try JSONSchemaTests.validate(log.output, as: "accessEventList") {
      Issue.record("access log --json:\n\(problems)")
    }
    let events = try cli.objects(["access", "log"])
    #expect(events.map { $0["kind"] as? String } == ["revoked", "link-sent", "granted"])
    #expect(
      events.allSatisfy { $0["contactId"] as? Int == 1 && $0["name"] as? String == "Wulan Sari" })
    let ids = events.compactMap { $0["id"] as? Int }
    #expect(ids == ids.sorted(by: >))
    #expect(try cli.objects(["access", "log", Self.hannah]).isEmpty)
    #expect(try cli.objects(["access", "log", "--limit", "1"]).count == 1)
  }

  @Test func revokingAGroupAlsoTakesAccessFromMembersWhoOptedOutSince() throws {
    let cli = try Self.harness()
    try cli.must(["access", "grant", "@pleno"])
    try cli.must(["contact", "edit", Self.hannah, "--opt-out"])
    let revoked = cli.run("access", "revoke", "@pleno")
    #expect(revoked.status == 0, "\(revoked.errors)")
    #expect(revoked.output.contains("Access revoked for 2 contacts."), "\(revoked.output)")
    #expect(try Self.grants(cli).isEmpty)
  }

  // MARK: Calendar feeds

  @Test func feedsAreShownMadeAnewListedAndRevoked() throws {
    let cli = try Self.harness()
    let shown = cli.run("feed", "show", Self.wulan)
    #expect(shown.status == 0, "\(shown.errors)")
    let webcal = shown.output.trimmingCharacters(in: .newlines)
    #expect(webcal.hasPrefix("webcal://pokja.example.go.id/feeds/") && webcal.hasSuffix(".ics"))
    #expect(shown.errors.contains("\(Self.web)/feeds/"), "\(shown.errors)")
    let record = try cli.object(["feed", "show", Self.wulan])
    #expect(record["webcal"] as? String == webcal)
    #expect(
      record["url"] as? String == Self.web + "/feeds/"
        + webcal.dropFirst("webcal://pokja.example.go.id/feeds/".count))
    #expect(record["contactId"] as? Int == 1)
    #expect(record["groupId"] == nil)
    #expect(try cli.must(["feed", "show", Self.wulan]).output == shown.output, "the same again")
    let fresh = try cli.must(["feed", "show", Self.wulan, "--new"]).output
    #expect(fresh != shown.output)
    #expect(fresh.hasPrefix("webcal://pokja.example.go.id/feeds/"))
    let group = try cli.object(["feed", "show", "@pleno"])
    #expect(group["groupId"] as? Int != nil)
    #expect(group["contactId"] == nil)
    #expect((group["webcal"] as? String)?.hasPrefix("webcal://pokja.example.go.id/feeds/") == true)

    let listed = cli.run("feed", "list", "--json")
    #expect(listed.status == 0)
    if let problems = try JSONSchemaTests.validate(listed.output, as: "feedList") {
      Issue.record("feed list --json:\n\(problems)")
    }
    if let problems = try JSONSchemaTests.validate(
      cli.run("feed", "show", "@pleno", "--json").output, as: "feed")
    {
      Issue.record("feed show --json:\n\(problems)")
    }
    let feeds = try cli.objects(["feed", "list"])
    #expect(feeds.count == 3)
    #expect(feeds.allSatisfy { $0["revokedAt"] == nil })

    let first = try #require(feeds.first?["id"] as? Int)
    let revoked = cli.run("feed", "revoke", String(first))
    #expect(revoked.status == 0, "\(revoked.errors)")
    #expect(revoked.output.contains("Revoked 1 feed."), "\(revoked.output)")
    let after = try cli.objects(["feed", "list"])
    #expect(after.first { $0["id"] as? Int == first }?["revokedAt"] is String)
    let table = try cli.must(["feed", "list"]).output
    #expect(table.contains("revoked"), "\(table)")
    #expect(table.contains("@pleno"), "\(table)")
    for id in [String(first), "99", "nonsense"] {
      let refused = cli.run("feed", "revoke", id)
      #expect(refused.status == 65, "\(id)")
      #expect(refused.errors.contains("No calendar feed '\(id)'"), "\(refused.errors)")
    }
    // An unknown ID among good ones revokes none of them.
    let second = try #require(feeds.dropFirst().first?["id"] as? Int)
    #expect(cli.run("feed", "revoke", String(second), "99").status == 65)
    #expect(try cli.objects(["feed", "list"]).filter { $0["revokedAt"] == nil }.count == 2)
  }

  @Test func revokingAccessRevokesTheContactsFeed() throws {
    let cli = try Self.harness()
    try cli.must(["access", "grant", Self.wulan])
    let own = try cli.object(["feed", "show", Self.wulan])
    let group = try cli.object(["feed", "show", "@pleno"])
    try cli.must(["access", "revoke", Self.wulan])
    let feeds = try cli.objects(["feed", "list"])
    #expect(feeds.first { $0["id"] as? Int == own["id"] as? Int }?["revokedAt"] is String)
    #expect(feeds.first { $0["id"] as? Int == group["id"] as? Int }?["revokedAt"] == nil)
    // A new one is made on asking again: the old address stays dead.
    let next = try cli.object(["feed", "show", Self.wulan])
    #expect(next["id"] as? Int != own["id"] as? Int)
    #expect(next["url"] as? String != own["url"] as? String)
  }

  @Test func feedShowNeedsTheWebAddress() throws {
    let cli = try Self.harness(web: false)
    let refused = cli.run("feed", "show", Self.wulan)
    #expect(refused.status == 78)
    #expect(refused.errors.contains("[web] url"), "\(refused.errors)")
    #expect(try cli.objects(["feed", "list"]).isEmpty)
  }

  // MARK: RSVP links in mail

  @Test func invitationsCarryRSVPLinksWhenTheWebAddressIsSet() throws {
    let rsvpLink =
      #/https://pokja\.example\.go\.id/rsvp/([A-Za-z0-9_-]+)\?answer=(accepted|tentative|declined)/#
    let cli = try Self.harness()
    try cli.must(["meeting", "invite", "1"])
    #expect(cli.outboxFiles.count == 2)
    var tokens: [String: String] = [:]
    for address in [Self.wulan, Self.hannah] {
      let mail = try Self.mail(to: address, in: cli)
      let links = mail.matches(of: rsvpLink)
      #expect(
        Set(links.map { String($0.output.2) }) == ["accepted", "tentative", "declined"], "\(mail)")
      let own = Set(links.map { String($0.output.1) })
      #expect(own.count == 1, "one token per attendee: \(own)")
      tokens[address] = own.first
    }
    #expect(tokens[Self.wulan] != tokens[Self.hannah])

    let plain = try Self.harness(web: false)
    try plain.must(["meeting", "invite", "1"])
    #expect(plain.outboxFiles.count == 2)
    #expect(try Self.mails(plain).allSatisfy { !$0.contains("/rsvp/") })
  }

  // MARK: reply.received from pokja rsvp

  @Test func rsvpRaisesOneReplyEventWhenTheAnswerChanges() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let cli = try CLIHarness()
    _ = try cli.seedPlenary(start: "2030-03-04T10:00")
    try cli.allowPrivateWebhooks()
    try cli.must(["channel", "add", "tim", "--webhook", server.url("/ok")])
    func replies() throws -> [[String: Any]] {
      try server.requests().compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any]
      }.filter { $0["type"] as? String == "reply.received" }
    }
    try cli.must(["rsvp", "1", Self.wulan, "accepted"])
    let events = try replies()
    #expect(events.count == 1)
    let reply = try #require(events.first?["reply"] as? [String: Any])
    #expect(reply["answer"] as? String == "ACCEPTED")
    #expect(reply["via"] as? String == "cli")
    #expect(reply["contact"] as? Int == 1)
    #expect(reply["email"] as? String == Self.wulan)
    #expect((events.first?["meeting"] as? [String: Any])?["id"] as? Int == 1)

    try cli.must(["rsvp", "1", Self.wulan, "accepted"])
    #expect(try replies().count == 1, "the same answer again raises nothing")
    try cli.must(["rsvp", "1", Self.wulan, "ditolak"])
    let changed = try replies()
    #expect(changed.count == 2)
    #expect((changed.last?["reply"] as? [String: Any])?["answer"] as? String == "DECLINED")
  }

  // MARK: [web] url

  @Test func aWebAddressThatIsNotHTTPSIsAConfigurationError() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let config = cli.home.appendingPathComponent("config.toml")
    for url in ["ftp://x", "http://example.org", "https://pokja.example.go.id/pokja"] {
      try Data("[web]\nurl = \"\(url)\"\n".utf8).write(to: config)
      for command in [["contact", "list"], ["access", "list"], ["meeting", "list"]] {
        let refused = cli.run(command)
        #expect(refused.status == 78, "\(url): \(command)")
        #expect(refused.errors.contains("web.url"), "\(url): \(refused.errors)")
      }
    }
    try Data("[web]\nurl = \"http://127.0.0.1:8080\"\n".utf8).write(to: config)
    #expect(cli.run("contact", "list").status == 0, "http on this machine is allowed")
    try Data().write(to: config)
    var fromEnvironment = cli
    fromEnvironment.variables["POKJA_WEB_URL"] = "ftp://x"
    let refused = fromEnvironment.run("contact", "list")
    #expect(refused.status == 78)
    #expect(refused.errors.contains("web.url"), "\(refused.errors)")
  }

  @Test func theDefaultHTTPSPortAndTrailingSlashAreLeftOut() throws {
    let cli = try Self.harness(web: false)
    try Data("[web]\nurl = \"https://pokja.example.go.id:443/\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    try cli.must(["access", "grant", Self.wulan])
    try cli.must(["meeting", "invite", "1"])
    let mails = try Self.mails(cli)
    #expect(mails.count == 3)
    for mail in mails {
      #expect(!mail.contains(":443"), "\(mail)")
      #expect(!mail.contains("go.id//"), "\(mail)")
    }
    #expect(mails.contains { $0.contains("https://pokja.example.go.id/signin/") })
    #expect(mails.filter { $0.contains("https://pokja.example.go.id/rsvp/") }.count == 2)
    let feed = try cli.object(["feed", "show", Self.wulan])
    #expect((feed["url"] as? String)?.hasPrefix("https://pokja.example.go.id/feeds/") == true)
    #expect((feed["webcal"] as? String)?.hasPrefix("webcal://pokja.example.go.id/feeds/") == true)
  }

  // MARK: pokja serve

  @Test func serveRefusesABadAddressAndAMissingKey() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let nonsense = cli.run("serve", "--listen", "nonsense")
    #expect(nonsense.status == 64)
    #expect(nonsense.errors.contains("HOST:PORT"), "\(nonsense.errors)")
    #expect(cli.run("serve", "--listen", "127.0.0.1:0").status == 64)
    let key = cli.home.appendingPathComponent("web.key")
    try FileManager.default.removeItem(at: key)
    // A port nobody uses, in case the key were not checked first.
    let port = try SMTPTestServer.unusedPort()
    let missing = cli.run("serve", "--listen", "127.0.0.1:\(port)")
    #expect(missing.status == 78)
    #expect(missing.errors.contains(key.path), "\(missing.errors)")
  }

  @Test func serveAnswersHealthAndSignInAndStopsOnSIGTERM() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let serve = try ServeProcess(variables: cli.variables, home: cli.home)
    let process = serve.process
    let port = serve.port
    func log() -> String { serve.log() }

    let ready = try #require(serve.health, "pokja serve did not answer /healthz: \(log())")
    #expect(ready.body == "ok\n")
    #expect(log().contains("listening on 127.0.0.1:\(port)"), "\(log())")

    let signIn = try #require(HTTPReply.get("/signin", port: port))
    #expect(signIn.status == 200)
    #expect(signIn.headers["content-security-policy"]?.contains("default-src 'none'") == true)
    #expect(signIn.headers["content-type"]?.hasPrefix("text/html") == true)

    #expect(kill(process.processIdentifier, SIGTERM) == 0)
    let stopBy = ContinuousClock.now + .seconds(10)
    while process.isRunning && ContinuousClock.now < stopBy { usleep(20_000) }
    #expect(!process.isRunning, "still running 10 s after SIGTERM")
    guard !process.isRunning else { return }
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 0, "\(log())")
    #expect(log().contains("stopped"), "\(log())")
  }
}

/// One HTTP/1.1 exchange over a plain socket to 127.0.0.1 (the test target has no HTTP client).
struct HTTPReply {
  var status: Int
  /// Lower-case names.
  var headers: [String: String]
  var body: String

  /// GET `path`; nil when nothing answers or the reply cannot be read.
  static func get(_ path: String, port: Int) -> HTTPReply? {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    _ = setsockopt(
      fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return nil }
    let request = Array(
      "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
    guard send(fd, request, request.count, 0) == request.count else { return nil }
    var received: [UInt8] = []
    let capacity = 4096
    var buffer = [UInt8](repeating: 0, count: capacity)
    while true {
      let count = recv(fd, &buffer, capacity, 0)
      if count <= 0 { break }
      received += buffer[0..<count]
    }
    let text = String(decoding: received, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return nil }
    let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
    let statusWords = head.first?.split(separator: " ") ?? []
    guard statusWords.count >= 2, let status = Int(statusWords[1]) else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    var body = String(text[split.upperBound...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" {
      body = Self.unchunked(body)
    }
    return HTTPReply(status: status, headers: headers, body: body)
  }

  /// A chunked body's data.
  private static func unchunked(_ body: String) -> String {
    var rest = Substring(body)
    var data = ""
    while let lineEnd = rest.range(of: "\r\n"),
      let size = Int(rest[..<lineEnd.lowerBound].split(separator: ";").first ?? "", radix: 16),
      size > 0
    {
      let start = lineEnd.upperBound
      guard let end = rest.utf8.index(start, offsetBy: size, limitedBy: rest.endIndex) else {
        break
      }
      data += rest[start..<end]
      rest = rest[end...].dropFirst(2)
    }
    return data
  }
}
