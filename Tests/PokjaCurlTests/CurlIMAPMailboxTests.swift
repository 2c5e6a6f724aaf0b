import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaCurl

/// Against a real Dovecot (see `IMAPTestServer`): each test starts its own server with its own
/// Maildir, seeds it by writing files, and checks what the client did by reading the files back
/// (their Maildir flags). The tests run in parallel.
@Suite("CurlIMAPMailbox against Dovecot")
struct CurlIMAPMailboxTests {
  /// A small message in wire form (CRLF), told apart by `number`.
  static func message(_ number: Int, extra: String = "") -> Data {
    Data(
      [
        "From: Dinas Sosial <dinsos@pemkot.example.go.id>",
        "To: Sekretariat Pokja <sekretariat@pokja.example.org>",
        "Subject: Balasan undangan \(number)",
        "Date: Tue, 04 Mar 2025 09:00:00 +0700",
        "Message-ID: <reply-\(number)@pemkot.example.go.id>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Kami akan hadir pada rapat nomor \(number). Terima kasih — salam hangat.",
        "* 1 FETCH (a line that looks like a server's answer)",
        "A001 OK (and one that looks like a tagged reply)",
        extra,
        "",
      ].joined(separator: "\r\n").utf8)
  }

  static func settings(
    _ server: IMAPTestServer, imaps: Bool = false, password: String? = nil,
    caFile: String?? = nil
  ) throws -> IMAPSettings {
    let url = imaps ? server.imapsURL! : server.imapURL
    return try IMAPSettings(
      url: url, password: password ?? server.password,
      caFile: caFile ?? server.caFile, passwordSource: "POKJA_IMAP_PASSWORD")
  }

  /// The error `body` throws, or nil (recorded as a failure) when it throws none.
  static func failure(_ body: () throws -> Void) -> IMAPError? {
    do {
      try body()
      Issue.record("expected an IMAPError, got none")
      return nil
    } catch let error as IMAPError {
      return error
    } catch {
      Issue.record("expected an IMAPError, got \(error)")
      return nil
    }
  }

  /// Every way an error is shown, for checking that a secret is in none of them.
  static func renderings(_ error: IMAPError) -> [String] {
    [
      error.localizedDescription, String(describing: error), String(reflecting: error),
      "\(error)", error.errorDescription ?? "",
    ]
  }

  // MARK: TLS and login

  @Test func readsOverIMAPSWithTheTestCA() throws {
    let server = try IMAPTestServer()
    let sent = Self.message(1)
    try server.deliver(sent)
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server, imaps: true))
    #expect(try mailbox.select().exists == 1)
    #expect(try mailbox.unseenUIDs() == [1])
    #expect(try mailbox.fetch(1) == sent)
    #expect(server.log().contains("TLS"))
  }

  @Test func readsOverIMAPWithSTARTTLS() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    var settings = try Self.settings(server)
    // On loopback STARTTLS is used when offered; required here, so a plain session would fail.
    settings.startTLS = .required
    let mailbox = CurlIMAPMailbox(settings: settings)
    #expect(try mailbox.unseenUIDs() == [1])
    let login = server.log().components(separatedBy: "\n").first { $0.contains("Login: ") }
    #expect(login?.contains("TLS") == true, "Dovecot's login line: \(login ?? "none")")
  }

  @Test func aWrongPasswordIsRefusedAndNamesItsVariable() throws {
    let server = try IMAPTestServer()
    let wrong = "wrong-\(UUID().uuidString)"
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server, password: wrong))
    let error = try #require(Self.failure { _ = try mailbox.unseenUIDs() })
    guard case .loginRefused(_, let user, let source, let reply) = error else {
      Issue.record("expected loginRefused, got \(error)")
      return
    }
    #expect(user == server.username)
    #expect(source == "POKJA_IMAP_PASSWORD")
    #expect(reply.contains("AUTHENTICATIONFAILED"))
    #expect(error.kind == .configuration)
    #expect(error.localizedDescription.contains("POKJA_IMAP_PASSWORD"))
    #expect(error.localizedDescription.contains("wrong user name or password"))
    for text in Self.renderings(error) {
      #expect(!text.contains(wrong))
      #expect(!text.contains(server.password))
    }
  }

  @Test func aMissingPasswordIsSaidBeforeConnecting() throws {
    let server = try IMAPTestServer()
    var settings = try Self.settings(server)
    settings.password = ""
    let error = Self.failure { _ = try CurlIMAPMailbox(settings: settings).select() }
    #expect(
      error
        == .passwordMissing(
          server: settings.hostAndPort, user: server.username,
          passwordSource: "POKJA_IMAP_PASSWORD"))
    #expect(server.loginCount() == 0)
  }

  @Test func aCertificateNotVouchedForIsRefused() throws {
    let server = try IMAPTestServer()
    for (imaps, caFile) in [(true, try server.unrelatedCAFile()), (false, nil)] {
      let mailbox = CurlIMAPMailbox(
        settings: try Self.settings(server, imaps: imaps, caFile: .some(caFile)))
      let error = try #require(Self.failure { _ = try mailbox.select() })
      guard case .certificateRejected(_, let shownCA, _) = error else {
        Issue.record("expected certificateRejected, got \(error)")
        continue
      }
      #expect(shownCA == caFile)
      #expect(error.kind == .configuration)
      #expect(error.localizedDescription.contains("could not be verified"))
    }
    #expect(server.loginCount() == 0)
  }

  @Test func aServerRequiringTLSRefusesAPlainLogin() throws {
    let server = try IMAPTestServer(security: .tlsRequired)
    try server.deliver(Self.message(1))
    var settings = try Self.settings(server)
    settings.startTLS = .never
    let error = try #require(Self.failure { _ = try CurlIMAPMailbox(settings: settings).select() })
    guard case .tlsRequiredByServer(_, let reply) = error else {
      Issue.record("expected tlsRequiredByServer, got \(error)")
      return
    }
    #expect(reply.contains("LOGINDISABLED"))
    #expect(error.kind == .configuration)
    #expect(server.loginCount() == 0)
    // With STARTTLS (the default on loopback) the same server takes the login.
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    #expect(try mailbox.unseenUIDs() == [1])
  }

  @Test func requiredSTARTTLSThatIsNotOfferedSendsNoLogin() throws {
    let server = try IMAPTestServer(security: .noTLS)
    var settings = try Self.settings(server)
    settings.startTLS = .required
    let error = Self.failure { _ = try CurlIMAPMailbox(settings: settings).select() }
    #expect(error == .startTLSNotOffered(server: settings.hostAndPort))
    #expect(server.loginCount() == 0)
  }

  @Test func aClosedPortIsAConnectionRefusal() throws {
    let port = try SMTPTestServer.unusedPort()
    let settings = try IMAPSettings(
      url: "imaps://pokja@127.0.0.1:\(port)/INBOX", password: "secret-\(port)-x")
    let error = try #require(Self.failure { _ = try CurlIMAPMailbox(settings: settings).select() })
    guard case .connectionRefused = error else {
      Issue.record("expected connectionRefused, got \(error)")
      return
    }
    #expect(error.kind == .unreachable)
    #expect(!error.localizedDescription.contains("secret-"))
  }

  // MARK: Reading

  @Test func selectGivesTheFoldersUIDValidity() throws {
    let server = try IMAPTestServer()
    for number in 1...2 { try server.deliver(Self.message(number)) }
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    let state = try mailbox.select("INBOX")
    // Dovecot keeps it in the Maildir's dovecot-uidlist: "3 V<uidvalidity> N<next> …".
    let uidlist = try String(
      contentsOf: server.maildir.appendingPathComponent("dovecot-uidlist"), encoding: .utf8)
    let stored = uidlist.split(separator: " ").first { $0.hasPrefix("V") }.flatMap {
      UInt32($0.dropFirst())
    }
    #expect(state.uidValidity == stored)
    #expect(state.exists == 2)
    #expect(state.uidNext == 3)
    #expect(try mailbox.select("INBOX") == state)
  }

  @Test func unseenUIDsLeaveOutSeenMessages() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    try server.deliver(Self.message(2), seen: true)
    try server.deliver(Self.message(3))
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    let unseen = try mailbox.unseenUIDs()
    #expect(unseen.count == 2)
    for uid in unseen {
      let text = String(decoding: try mailbox.fetch(uid), as: UTF8.self)
      #expect(!text.contains("Balasan undangan 2"))
    }
  }

  @Test func fetchGivesTheExactBytesAndLeavesThemUnseen() throws {
    let server = try IMAPTestServer()
    // A long line, 8-bit text and lines that look like IMAP responses: all must come back as sent.
    let sent = Self.message(1, extra: String(repeating: "panjang ", count: 3000))
    try server.deliver(sent)
    try server.deliver(Self.message(2))
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    #expect(try mailbox.fetch(1) == sent)
    #expect(try mailbox.fetch(1) == sent)
    #expect(try server.messages().allSatisfy { !$0.isSeen })
    #expect(try mailbox.unseenUIDs() == [1, 2])

    try mailbox.markSeen(1)
    let stored = try server.messages()
    #expect(stored.first { $0.data == sent }?.flags == "S")
    #expect(stored.first { $0.data != sent }?.isSeen == false)
    #expect(try mailbox.unseenUIDs() == [2])
    // Marking it again is fine; fetching a seen message leaves it seen.
    try mailbox.markSeen(1)
    #expect(try mailbox.fetch(1) == sent)
    #expect(try mailbox.unseenUIDs() == [2])
    // One connection, one login for all of it.
    #expect(server.loginCount() == 1)
  }

  @Test func aMissingMessageOrFolderIsSaidSo() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    #expect(Self.failure { _ = try mailbox.fetch(99) } == .messageMissing(folder: "INBOX", uid: 99))
    #expect(Self.failure { try mailbox.markSeen(99) } == .messageMissing(folder: "INBOX", uid: 99))
    #expect(
      Self.failure { try mailbox.move(99, to: "INBOX") }
        == .messageMissing(folder: "INBOX", uid: 99))
    let missing = try #require(Self.failure { _ = try mailbox.select("Tidak Ada") })
    guard case .folderMissing("Tidak Ada", _, let reply) = missing else {
      Issue.record("expected folderMissing, got \(missing)")
      return
    }
    #expect(reply.contains("NONEXISTENT") || reply.lowercased().contains("exist"))
    #expect(missing.kind == .configuration)
    let unseenMissing = Self.failure { _ = try mailbox.unseenUIDs(in: "Tidak Ada") }
    if case .folderMissing("Tidak Ada", _, _)? = unseenMissing {
    } else {
      Issue.record("expected folderMissing, got \(String(describing: unseenMissing))")
    }
    // The mailbox still works after the failures (libcurl reconnects).
    #expect(try mailbox.unseenUIDs() == [1])
  }

  @Test func aMessageOverTheLimitIsRefusedWithoutDownloadingIt() throws {
    let server = try IMAPTestServer()
    let big = Self.message(1, extra: String(repeating: "x", count: 5_000))
    try server.deliver(big)
    var settings = try Self.settings(server)
    settings.maxMessageSize = 4_000
    let mailbox = CurlIMAPMailbox(settings: settings)
    let error = Self.failure { _ = try mailbox.fetch(1) }
    #expect(
      error == .messageTooLarge(folder: "INBOX", uid: 1, size: big.count, limit: 4_000))
    #expect(error?.kind == .permanent)
    mailbox.close()
    // Dovecot logs what a session downloaded when it ends: no message body.
    func summary() -> String? {
      server.log().components(separatedBy: "\n").first {
        $0.contains("imap(\(server.username))") && $0.contains("Disconnected")
      }
    }
    let deadline = ContinuousClock.now + .seconds(5)
    while summary() == nil, ContinuousClock.now < deadline { usleep(20_000) }
    let line = summary()
    #expect(line?.contains("body_bytes=0") == true, "\(line ?? server.log())")
    #expect(try server.messages().allSatisfy { !$0.isSeen })
  }

  // MARK: Filing

  @Test func createsAFolderAndMovesAMessageIntoIt() throws {
    let server = try IMAPTestServer()
    let first = Self.message(1)
    let second = Self.message(2)
    try server.deliver(first)
    try server.deliver(second, seen: true)
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    try mailbox.createFolderIfMissing("Diproses")
    try mailbox.createFolderIfMissing("Diproses")
    #expect(try server.folders() == ["INBOX", "Diproses"])

    _ = try mailbox.fetch(1)
    try mailbox.move(1, to: "Diproses")
    try mailbox.move(2, to: "Diproses")
    #expect(try server.messages(in: "INBOX").isEmpty)
    let moved = try server.messages(in: "Diproses")
    #expect(Set(moved.map(\.data)) == [first, second])
    // Flags travel with the message: the unseen one stays unseen.
    #expect(moved.first { $0.data == first }?.isSeen == false)
    #expect(moved.first { $0.data == second }?.isSeen == true)
    #expect(try mailbox.unseenUIDs(in: "Diproses").count == 1)
    #expect(try mailbox.select("Diproses").exists == 2)
    #expect(try mailbox.unseenUIDs() == [])

    try server.deliver(Self.message(3))
    let error = Self.failure { try mailbox.move(3, to: "Belum Ada") }
    guard case .folderMissing("Belum Ada", _, _)? = error else {
      Issue.record("expected folderMissing of the destination, got \(String(describing: error))")
      return
    }
    #expect(try server.messages(in: "INBOX").count == 1)
  }

  @Test func movesWithCopyAndExpungeWhenMoveIsNotUsed() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    try server.deliver(Self.message(2))
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server), preferMove: false)
    try mailbox.createFolderIfMissing("Arsip")
    try mailbox.move(2, to: "Arsip")
    #expect(try server.messages(in: "INBOX").map(\.data) == [Self.message(1)])
    #expect(try server.messages(in: "Arsip").map(\.data) == [Self.message(2)])
    #expect(try mailbox.unseenUIDs() == [1])
  }

  @Test(arguments: [true, false])
  func filesManyMessagesAtOnceAndSaysWhichWereGone(preferMove: Bool) throws {
    let server = try IMAPTestServer()
    for number in 1...6 { try server.deliver(Self.message(number)) }
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server), preferMove: preferMove)
    try mailbox.createFolderIfMissing("Diproses")
    #expect(try mailbox.unseenUIDs() == [1, 2, 3, 4, 5, 6])
    // 1, 2, 3 and 5 are filed; 9 was never there.
    let gone = try mailbox.file([1, 2, 3, 5, 9], to: "Diproses")
    #expect(gone == [9])
    let filed = try server.messages(in: "Diproses")
    #expect(Set(filed.map(\.data)) == Set([1, 2, 3, 5].map { Self.message($0) }))
    #expect(filed.allSatisfy { $0.isSeen })
    #expect(try mailbox.unseenUIDs() == [4, 6])
    #expect(try server.messages().allSatisfy { !$0.isSeen })
    #expect(IMAPWire.uidSet([9, 1, 2, 3, 5, 7, 8, 3]) == "1:3,5,7:9")
  }

  @Test func folderNamesBeyondASCIIAndWithSpacesWork() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    let name = "Arsip Rapat – Surabaya & Malang"
    // Percent-encoded in the URL, as a user writes it.
    let encoded = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
    let settings = try IMAPSettings(
      url: "imap://\(server.username)@\(server.host):\(server.port)/\(encoded)",
      password: server.password, caFile: server.caFile)
    #expect(settings.folder == name)
    let mailbox = CurlIMAPMailbox(settings: settings)
    try mailbox.createFolderIfMissing(name)
    try mailbox.move(1, from: "INBOX", to: name)
    #expect(try mailbox.unseenUIDs() == [1])
    #expect(try mailbox.select().exists == 1)
    // Dovecot keeps the name in modified UTF-7 (RFC 3501 §5.1.3).
    #expect(try server.folders().contains("Arsip Rapat &IBM- Surabaya &- Malang"))
  }

  // MARK: Connections

  @Test func aConnectionClosedByTheServerIsMadeAgainWithoutSettingSeen() throws {
    let server = try IMAPTestServer()
    for number in 1...3 { try server.deliver(Self.message(number)) }
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    #expect(try mailbox.fetch(1) == Self.message(1))
    try server.kickConnections()
    #expect(try mailbox.fetch(2) == Self.message(2))
    try server.kickConnections()
    try mailbox.markSeen(3)
    #expect(try mailbox.unseenUIDs() == [1, 2])
    #expect(try server.messages().filter(\.isSeen).map(\.data) == [Self.message(3)])
    #expect(server.loginCount() == 3, "\(server.log())")
  }

  @Test func aConnectionLostJustBeforeADownloadLeavesTheMessageUnseen() throws {
    let server = try IMAPTestServer()
    for number in 1...2 { try server.deliver(Self.message(number)) }
    let mailbox = CurlIMAPMailbox(
      settings: try Self.settings(server), preferMove: true,
      beforeDownload: { try? server.kickConnections() })
    // The download then goes out on a new connection, where libcurl SELECTs the folder
    // read-write and BODY[] sets \Seen: the client takes it back.
    #expect(try mailbox.fetch(1) == Self.message(1))
    #expect(try mailbox.fetch(2) == Self.message(2))
    #expect(server.loginCount() == 3)
    #expect(try server.messages().allSatisfy { !$0.isSeen })
    #expect(try mailbox.unseenUIDs() == [1, 2])
  }

  @Test func messagesDeliveredSinceTheLastCommandAreFound() throws {
    let server = try IMAPTestServer()
    try server.deliver(Self.message(1))
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    #expect(try mailbox.unseenUIDs() == [1])
    try mailbox.createFolderIfMissing("Arsip")
    // Delivered while the connection has INBOX selected: the server tells of them only after a
    // command, so the first look for UID 2, 3 or 4 misses.
    for number in 2...4 { try server.deliver(Self.message(number)) }
    #expect(try mailbox.fetch(2) == Self.message(2))
    try server.deliver(Self.message(5))
    try mailbox.markSeen(5)
    try server.deliver(Self.message(6))
    try mailbox.move(6, to: "Arsip")
    #expect(try server.messages(in: "Arsip").map(\.data) == [Self.message(6)])
    #expect(try server.messages().filter(\.isSeen).map(\.data) == [Self.message(5)])
    #expect(try mailbox.unseenUIDs() == [1, 2, 3, 4])
    #expect(server.loginCount() == 1)
  }

  @Test func aThousandMessagesAreListedAndFetchedInOneConnection() throws {
    let server = try IMAPTestServer()
    let count = 1_000
    for number in 1...count { try server.deliver(Self.message(number)) }
    let mailbox = CurlIMAPMailbox(settings: try Self.settings(server))
    let clock = ContinuousClock()
    var fetched: [Data] = []
    let elapsed = try clock.measure {
      let uids = try mailbox.unseenUIDs()
      #expect(uids.count == count)
      for uid in uids { fetched.append(try mailbox.fetch(uid)) }
    }
    print("IMAP: listed and fetched \(count) messages in \(elapsed) over one connection")
    #expect(elapsed < .seconds(30))
    #expect(Set(fetched) == Set((1...count).map { Self.message($0) }))
    #expect(server.loginCount() == 1)
    #expect(try mailbox.unseenUIDs().count == count)
  }

  @Test func thePasswordIsInNoErrorOrDescription() throws {
    let server = try IMAPTestServer()
    let settings = try Self.settings(server)
    var errors: [IMAPError] = []
    let mailbox = CurlIMAPMailbox(settings: settings)
    if let error = Self.failure({ _ = try mailbox.select("Tidak Ada") }) { errors.append(error) }
    if let error = Self.failure({ _ = try mailbox.fetch(7) }) { errors.append(error) }
    let wrongCA = CurlIMAPMailbox(
      settings: try Self.settings(server, caFile: .some(try server.unrelatedCAFile())))
    if let error = Self.failure({ _ = try wrongCA.select() }) { errors.append(error) }
    var wrongUser = try IMAPSettings(
      url: "imap://nobody-here@\(server.host):\(server.port)/INBOX", password: server.password,
      caFile: server.caFile)
    wrongUser.passwordSource = "POKJA_IMAP_PASSWORD"
    if let error = Self.failure({ _ = try CurlIMAPMailbox(settings: wrongUser).select() }) {
      errors.append(error)
    }
    #expect(errors.count == 4)
    for error in errors {
      for text in Self.renderings(error) { #expect(!text.contains(server.password), "\(text)") }
    }
    for text in [
      settings.description, settings.debugDescription, String(reflecting: settings),
      "\(settings)", mailbox.description,
      String(describing: Mirror(reflecting: settings).children.map(\.value)),
    ] {
      #expect(!text.contains(server.password), "\(text)")
    }
  }
}
