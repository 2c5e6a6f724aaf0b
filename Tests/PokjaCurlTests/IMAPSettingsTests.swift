import Foundation
import Testing

@testable import PokjaCurl

@Suite struct IMAPSettingsTests {
  @Test func defaultPortsAndFolder() throws {
    let tls = try IMAPSettings(url: "imaps://rina@mail.example.org", password: "p")
    #expect(tls.scheme == .imaps)
    #expect(tls.port == 993)
    #expect(tls.folder == "INBOX")
    #expect(tls.username == "rina")
    #expect(tls.host == "mail.example.org")
    #expect(tls.requireTLS)

    let plain = try IMAPSettings(url: "imap://rina@Mail.Example.org/", password: "p")
    #expect(plain.scheme == .imap)
    #expect(plain.port == 143)
    #expect(plain.folder == "INBOX")
    #expect(plain.host == "mail.example.org")
    #expect(plain.destination == "imap://mail.example.org:143")

    let explicit = try IMAPSettings(url: "imap://rina@10.0.0.5:1143/INBOX", password: "p")
    #expect(explicit.port == 1143)
  }

  @Test func theFolderComesFromThePathPercentDecoded() throws {
    func folder(_ path: String) throws -> String {
      try IMAPSettings(url: "imaps://rina@mail.example.org\(path)", password: "p").folder
    }
    #expect(try folder("/INBOX") == "INBOX")
    #expect(try folder("/INBOX/") == "INBOX")
    #expect(try folder("/Arsip%20Rapat") == "Arsip Rapat")
    #expect(try folder("/Arsip/2025") == "Arsip/2025")
    #expect(try folder("/Balasan%2FUndangan") == "Balasan/Undangan")
    #expect(try folder("/Entw%C3%BCrfe") == "Entwürfe")
    #expect(try folder("/rapat%3Bpleno") == "rapat;pleno")
    #expect(throws: IMAPSettingsError.invalidFolder(url: "imaps://rina@mail.example.org/a%0Ab")) {
      try folder("/a%0Ab")
    }
    #expect(throws: IMAPSettingsError.self) { try folder("/bad%ZZ") }
    #expect(
      throws: IMAPSettingsError.unexpectedPath(url: "imaps://rina@mail.example.org/INBOX;UID=5")
    ) { try folder("/INBOX;UID=5") }
    #expect(throws: IMAPSettingsError.self) { try folder("/INBOX?x=1") }
  }

  @Test func aPasswordInTheURLIsRefusedWithoutEchoingIt() throws {
    for url in [
      "imaps://rina:rahasia-123@mail.example.org/INBOX",
      "imaps://rina:rahasia/123@mail.example.org/INBOX",
      "imap://rina:rahasia@123@mail.example.org",
      "pop3://rina:rahasia-123@mail.example.org",
    ] {
      do {
        _ = try IMAPSettings(url: url, password: nil)
        Issue.record("accepted \(url)")
      } catch {
        guard case .passwordInURL(let shown) = error else {
          Issue.record("\(url): \(error)")
          continue
        }
        #expect(!shown.contains("rahasia"))
        #expect(!error.localizedDescription.contains("rahasia"))
        #expect(error.localizedDescription.contains("POKJA_IMAP_PASSWORD"))
      }
    }
  }

  @Test func badSchemesHostsPortsAndUsersAreRefused() {
    #expect(throws: IMAPSettingsError.empty) { try IMAPSettings(url: "  ", password: nil) }
    #expect(
      throws: IMAPSettingsError.unsupportedScheme("pop3", url: "pop3://rina@mail.example.org")
    ) {
      try IMAPSettings(url: "pop3://rina@mail.example.org", password: nil)
    }
    #expect(
      throws: IMAPSettingsError.unsupportedScheme("smtps", url: "smtps://rina@mail.example.org")
    ) {
      try IMAPSettings(url: "smtps://rina@mail.example.org", password: nil)
    }
    #expect(throws: IMAPSettingsError.missingScheme(url: "rina@mail.example.org")) {
      try IMAPSettings(url: "rina@mail.example.org", password: nil)
    }
    #expect(throws: IMAPSettingsError.missingUsername(url: "imaps://mail.example.org/INBOX")) {
      try IMAPSettings(url: "imaps://mail.example.org/INBOX", password: nil)
    }
    #expect(
      throws: IMAPSettingsError.invalidPort("99999", url: "imaps://rina@mail.example.org:99999")
    ) {
      try IMAPSettings(url: "imaps://rina@mail.example.org:99999", password: nil)
    }
    #expect(throws: IMAPSettingsError.invalidHost(url: "imaps://rina@mail example.org")) {
      try IMAPSettings(url: "imaps://rina@mail example.org", password: nil)
    }
    #expect(throws: IMAPSettingsError.missingHost(url: "imaps://rina@/INBOX")) {
      try IMAPSettings(url: "imaps://rina@/INBOX", password: nil)
    }
  }

  @Test func userNamesMayBeMailAddresses() throws {
    let encoded = try IMAPSettings(
      url: "imaps://rina%40pokja.example.org@mail.example.org", password: "p")
    #expect(encoded.username == "rina@pokja.example.org")
    let plain = try IMAPSettings(
      url: "imaps://rina@pokja.example.org@mail.example.org/Arsip", password: "p")
    #expect(plain.username == "rina@pokja.example.org")
    #expect(plain.host == "mail.example.org")
    #expect(plain.folder == "Arsip")
    let ipv6 = try IMAPSettings(url: "imaps://rina@[2001:db8::1]:9993/INBOX", password: "p")
    #expect(ipv6.host == "2001:db8::1")
    #expect(ipv6.hostAndPort == "[2001:db8::1]:9993")
  }

  @Test func tlsIsRequiredOffLoopback() throws {
    var remote = try IMAPSettings(url: "imap://rina@mail.example.org", password: "p")
    #expect(remote.startTLS == .required)
    remote.startTLS = .never
    #expect(remote.effectiveSTARTTLS == .required)
    #expect(remote.requireTLS)

    var local = try IMAPSettings(url: "imap://rina@127.0.0.1:1143", password: "p")
    #expect(local.startTLS == .whenOffered)
    #expect(!local.requireTLS)
    local.startTLS = .never
    #expect(local.effectiveSTARTTLS == .never)
    #expect(try IMAPSettings(url: "imap://rina@localhost", password: "p").isLoopback)
    #expect(try IMAPSettings(url: "imap://rina@[::1]", password: "p").isLoopback)
  }

  @Test func descriptionsHideThePassword() throws {
    let settings = try IMAPSettings(
      url: "imaps://rina@mail.example.org/INBOX", password: "rahasia-sekali", caFile: "/etc/ca.pem")
    for text in [
      settings.description, settings.debugDescription, "\(settings)", String(reflecting: settings),
    ] {
      #expect(!text.contains("rahasia"))
      #expect(text.contains("set (hidden)"))
    }
    var dumped = ""
    dump(settings, to: &dumped)
    #expect(!dumped.contains("rahasia"))
    #expect(try IMAPSettings(url: "imaps://rina@h", password: "").password == nil)
  }
}

@Suite struct IMAPWireTests {
  @Test func folderNamesInModifiedUTF7() {
    // RFC 3501 §5.1.3's example: 台北 and 日本語.
    #expect(IMAPWire.encodeMailbox("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
    #expect(IMAPWire.encodeMailbox("Entwürfe") == "Entw&APw-rfe")
    #expect(IMAPWire.encodeMailbox("A & B") == "A &- B")
    #expect(IMAPWire.encodeMailbox("INBOX") == "INBOX")
    for name in ["~peter/mail/台北/日本語", "Entwürfe", "A & B", "Rapat 🗓️ 2025", "a\u{7F}b"] {
      #expect(IMAPWire.decodeMailbox(IMAPWire.encodeMailbox(name)) == name)
    }
  }

  @Test func quotingAndCustomRequests() {
    #expect(IMAPWire.quoted(#"a "b" \c"#) == #""a \"b\" \\c""#)
    // A quote or backslash followed by a combining mark is escaped too.
    #expect(IMAPWire.quoted("a\"\u{301}\\\u{301}") == "\"a\\\"\u{301}\\\\\u{301}\"")
    #expect(IMAPWire.customRequest("CREATE \"100%\"") == "CREATE \"100%25\"")
    #expect(IMAPWire.percentEncoded("Arsip Rapat/&AOk-") == "Arsip%20Rapat%2F%26AOk-")
  }

  @Test func untaggedResponses() {
    let received = Array(
      "* 3 EXISTS\r\n* OK [UIDVALIDITY 1796612436] UIDs valid\r\n* OK [UIDNEXT 4] next\r\n* SEARCH 2 7 5\r\n* SEARCH 9 (MODSEQ 12)\r\n"
        .utf8)
    let lines = IMAPWire.untaggedLines(received)
    #expect(lines.count == 5)
    let state = IMAPWire.folderState(lines)
    #expect(state.uidValidity == 1_796_612_436)
    #expect(state.exists == 3)
    #expect(state.uidNext == 4)
    #expect(IMAPWire.searchUIDs(lines) == [2, 5, 7, 9])

    let fetched = IMAPWire.fetchItems([
      #"1 FETCH (UID 12 RFC822.SIZE 2048 FLAGS (\Seen \Recent))"#,
      #"2 FETCH (FLAGS () UID 13)"#,
      "3 EXPUNGE",
    ])
    #expect(
      fetched == [
        .init(uid: 12, size: 2048, flags: [#"\Seen"#, #"\Recent"#]),
        .init(uid: 13, size: nil, flags: []),
      ])
    #expect(
      IMAPWire.listedNames([
        #"LIST (\HasNoChildren) "." Diproses"#, #"LIST () "/" "Arsip Rapat""#,
        #"LIST (\Noselect) NIL "a \"q\"""#,
      ]) == ["Diproses", "Arsip Rapat", #"a "q""#])
    #expect(
      IMAPWire.capabilities(inServerLine: "* CAPABILITY IMAP4rev1 MOVE UIDPLUS")
        == ["IMAP4REV1", "MOVE", "UIDPLUS"])
    #expect(
      IMAPWire.capabilities(inServerLine: "A001 OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready")?
        .contains("LOGINDISABLED") == true)
  }

  @Test func commandNames() {
    #expect(IMAPSession.commandName("UID FETCH 5 (RFC822.SIZE)") == "UID FETCH")
    #expect(IMAPSession.commandName("EXAMINE \"INBOX\"") == "EXAMINE")
  }
}
