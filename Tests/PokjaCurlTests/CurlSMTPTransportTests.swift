import Foundation
import PokjaCore
import PokjaCurl
import PokjaTestSupport
import Testing

/// Against a real SMTP server (aiosmtpd in a child process, see `SMTPTestServer`). Each test starts its
/// own server in its own temporary folder, so the tests run in parallel.
@Suite("CurlSMTPTransport against aiosmtpd")
struct CurlSMTPTransportTests {
  static let sender = EmailAddress("sekretariat@pokja.example.org")!

  static func message(_ number: Int64, to recipient: String, subject: String? = nil)
    -> OutboundMessage
  {
    let subject = subject ?? "Undangan rapat \(number)"
    let messageID = "m\(number).\(UUID().uuidString.prefix(8))@pokja.example.org"
    let content = [
      "From: Sekretariat Pokja <\(sender)>",
      "To: <\(recipient)>",
      "Subject: \(subject)",
      "Date: Tue, 04 Mar 2025 09:00:00 +0700",
      "Message-ID: <\(messageID)>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=us-ascii",
      "Content-Transfer-Encoding: 7bit",
      "",
      "Yth. Bapak/Ibu,",
      ".a line starting with a dot survives SMTP dot-stuffing",
      ".",
      "Salam, Sekretariat",
      "",
    ].joined(separator: "\r\n")
    let now = Date(timeIntervalSince1970: 1_741_053_600)
    return OutboundMessage(
      id: OutboundMessageID(number), dedupeKey: "invitation:1:\(number):0", kind: .invitation,
      meetingID: MeetingID(1), contactID: ContactID(number), sender: sender,
      destination: .email(EmailAddress(recipient)!), messageID: messageID, subject: subject,
      content: content,
      createdAt: now, nextAttemptAt: now)
  }

  /// Delivers and collects the outcomes in report order.
  static func deliver(_ messages: [OutboundMessage], with transport: CurlSMTPTransport)
    -> [(OutboundMessageID, DeliveryOutcome)]
  {
    var outcomes: [(OutboundMessageID, DeliveryOutcome)] = []
    transport.deliver(messages) { event in
      if case .finished(let id, let outcome) = event { outcomes.append((id, outcome)) }
      return .proceed
    }
    return outcomes
  }

  static func failure(_ outcome: DeliveryOutcome) -> DeliveryFailure? {
    if case .failed(let failure) = outcome { return failure }
    return nil
  }

  static func settings(for server: SMTPTestServer, password: String? = nil, caFile: String?? = nil)
    throws -> SMTPSettings
  {
    var settings = try SMTPSettings(
      url: server.smtpURL, password: password ?? server.password, caFile: caFile ?? server.caFile)
    settings.connectTimeout = .seconds(10)
    settings.lowSpeedTime = .seconds(30)
    return settings
  }

  @Test("SMTPS (TLS from the first byte) + AUTH + CA file: two messages over one connection")
  func deliversOverImplicitTLS() throws {
    var options = SMTPTestServer.Options()
    options.implicitTLS = true
    let server = try SMTPTestServer(options)
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server))
    #expect(transport.endpoint == "smtps://127.0.0.1:\(server.port)")
    let messages = [
      Self.message(1, to: "budi@example.org"), Self.message(2, to: "citra@example.org"),
    ]
    let outcomes = Self.deliver(messages, with: transport)
    for (_, outcome) in outcomes {
      guard case .delivered = outcome else {
        Issue.record("not delivered: \(outcome)")
        continue
      }
    }
    let received = try server.receivedMessages()
    try #require(received.count == 2)
    #expect(server.connectionCount == 1)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })
    #expect(received.map(\.data) == messages.map { Data($0.content.utf8) })

    // The certificate is checked on SMTPS too: without the CA file, nothing is sent.
    let untrusted = CurlSMTPTransport(settings: try Self.settings(for: server, caFile: .some(nil)))
    let refused = Self.deliver([Self.message(3, to: "dewi@example.net")], with: untrusted)
    #expect(refused.first.flatMap { Self.failure($0.1) }?.kind == .configuration)
    #expect(try server.receivedMessages().count == 2)
  }

  @Test("STARTTLS + AUTH + CA file: three messages over one connection, byte for byte")
  func deliversBatchOverOneConnection() throws {
    let server = try SMTPTestServer()
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server))
    #expect(transport.endpoint == "smtp://127.0.0.1:\(server.port)")
    #expect(!transport.isFileOutbox)
    let messages = [
      Self.message(1, to: "budi@example.org"),
      Self.message(2, to: "citra@example.org", subject: "Perubahan jadwal"),
      Self.message(3, to: "dewi@example.net"),
    ]

    let outcomes = Self.deliver(messages, with: transport)

    #expect(outcomes.map(\.0) == messages.map(\.id))
    for (_, outcome) in outcomes {
      guard case .delivered(let receipt) = outcome else {
        Issue.record("not delivered: \(outcome)")
        continue
      }
      #expect(receipt.hasPrefix("250"))
      #expect(!receipt.contains(server.password))
    }
    let received = try server.receivedMessages()
    try #require(received.count == 3)
    #expect(server.connectionCount == 1)
    for (message, got) in zip(messages, received) {
      #expect(got.data == Data(message.content.utf8), "the server got other bytes than were sent")
      #expect(got.mailFrom == message.sender.value)
      #expect(got.rcptTos == [message.destination.description])
      #expect(got.connection == 1)
      #expect(got.tls)
      #expect(got.authenticatedAs == server.username)
      let parsed = try PythonTool.parseMail(file: got.file)
      #expect(parsed.subject == message.subject)
      #expect(parsed.messageID == "<\(message.messageID)>")
      #expect(parsed.toAddresses == [message.destination.description])
      #expect(parsed.contentTypes == ["text/plain"])
      #expect(parsed.defects.isEmpty)
      #expect(parsed.textPlain?.contains("\n.a line starting with a dot") == true)
    }
  }

  @Test("a wrong password is a configuration failure that names the problem, not the password")
  func wrongPassword() throws {
    let server = try SMTPTestServer()
    let wrong = "wrong-" + UUID().uuidString
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server, password: wrong))

    let outcomes = Self.deliver(
      [Self.message(1, to: "budi@example.org"), Self.message(2, to: "citra@example.org")],
      with: transport)

    try #require(outcomes.count == 2)
    let first = try #require(Self.failure(outcomes[0].1))
    #expect(first.kind == .configuration)
    #expect(first.message.contains("refused the login for user '\(server.username)'"))
    #expect(first.message.contains("127.0.0.1:\(server.port)"))
    #expect(first.message.contains("535 5.7.8 Authentication credentials invalid"))
    #expect(first.message.contains("POKJA_SMTP_PASSWORD"))
    // The rest of the batch gets the same answer without another login attempt.
    #expect(Self.failure(outcomes[1].1) == first)
    #expect(server.connectionCount == 1)
    #expect(try server.receivedMessages().isEmpty)
    for (_, outcome) in outcomes {
      let text = Self.failure(outcome)?.message ?? ""
      #expect(!text.contains(wrong))
      #expect(!text.contains(server.password))
    }
  }

  @Test("a self-signed server without a CA file is a certificate (configuration) failure")
  func selfSignedWithoutCAFile() throws {
    let server = try SMTPTestServer()
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server, caFile: .some(nil)))

    let outcomes = Self.deliver(
      [Self.message(1, to: "budi@example.org"), Self.message(2, to: "citra@example.org")],
      with: transport)

    try #require(outcomes.count == 2)
    let failure = try #require(Self.failure(outcomes[0].1))
    #expect(failure.kind == .configuration)
    #expect(failure.message.contains("certificate"))
    #expect(failure.message.contains("POKJA_SMTP_CA_FILE"))
    #expect(failure.message.contains("127.0.0.1:\(server.port)"))
    #expect(!failure.message.contains(server.password))
    #expect(Self.failure(outcomes[1].1) == failure)
    #expect(server.connectionCount == 1)
    #expect(try server.receivedMessages().isEmpty)
  }

  @Test("a port with nothing listening is an unreachable server for the whole batch")
  func nothingListening() throws {
    let port = try SMTPTestServer.unusedPort()
    let password = "pw-" + UUID().uuidString
    var settings = try SMTPSettings(
      url: "smtp://pokja@127.0.0.1:\(port)", password: password, caFile: nil)
    settings.connectTimeout = .seconds(5)
    let transport = CurlSMTPTransport(settings: settings)

    let outcomes = Self.deliver(
      [Self.message(1, to: "budi@example.org"), Self.message(2, to: "citra@example.org")],
      with: transport)

    try #require(outcomes.count == 2)
    let failure = try #require(Self.failure(outcomes[0].1))
    #expect(failure.kind == .unreachable)
    #expect(failure.message.contains("127.0.0.1:\(port)"))
    #expect(!failure.message.contains(password))
    #expect(Self.failure(outcomes[1].1) == failure)
  }

  @Test("a rejected recipient fails for good; the rest of the batch is delivered")
  func rejectedRecipient() throws {
    let server = try SMTPTestServer(.init(rejectRecipients: ["nobody@example.org"]))
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server))
    let messages = [
      Self.message(1, to: "budi@example.org"),
      Self.message(2, to: "nobody@example.org"),
      Self.message(3, to: "citra@example.org"),
    ]

    let outcomes = Self.deliver(messages, with: transport)

    try #require(outcomes.count == 3)
    guard case .delivered = outcomes[0].1, case .delivered = outcomes[2].1 else {
      Issue.record("the good recipients were not delivered: \(outcomes)")
      return
    }
    let failure = try #require(Self.failure(outcomes[1].1))
    #expect(failure.kind == .permanent)
    #expect(failure.message.contains("550 5.1.1 <nobody@example.org>: Recipient address rejected"))
    #expect(failure.message.contains("refused the recipient 'nobody@example.org'"))
    #expect(failure.message.contains("127.0.0.1:\(server.port)"))
    #expect(!failure.message.contains(server.password))
    #expect(
      try server.receivedMessages().map(\.rcptTos) == [["budi@example.org"], ["citra@example.org"]])
  }

  @Test("a deferred recipient (4xx) is a temporary failure; the rest of the batch is delivered")
  func deferredRecipient() throws {
    let server = try SMTPTestServer(.init(deferRecipients: ["later@example.org"]))
    let transport = CurlSMTPTransport(settings: try Self.settings(for: server))

    let outcomes = Self.deliver(
      [Self.message(1, to: "later@example.org"), Self.message(2, to: "budi@example.org")],
      with: transport)

    try #require(outcomes.count == 2)
    let failure = try #require(Self.failure(outcomes[0].1))
    #expect(failure.kind == .temporary)
    #expect(failure.message.contains("450 4.2.0"))
    #expect(!failure.message.contains(server.password))
    guard case .delivered = outcomes[1].1 else {
      Issue.record("the second message was not delivered: \(outcomes[1].1)")
      return
    }
    #expect(try server.receivedMessages().map(\.rcptTos) == [["budi@example.org"]])
  }

  @Test("a server that requires a login, given none, is a configuration failure")
  func loginRequiredButNoUser() throws {
    let server = try SMTPTestServer()
    var settings = try SMTPSettings(
      url: "smtp://127.0.0.1:\(server.port)", password: nil, caFile: server.caFile)
    settings.lowSpeedTime = .seconds(30)
    let transport = CurlSMTPTransport(settings: settings)

    let outcomes = Self.deliver([Self.message(1, to: "budi@example.org")], with: transport)

    let failure = try #require(outcomes.first.flatMap { Self.failure($0.1) })
    #expect(failure.kind == .configuration)
    #expect(failure.message.contains("requires a login"))
    #expect(failure.message.contains("POKJA_SMTP_PASSWORD"))
  }

  @Test("on loopback a server without TLS or AUTH is used in clear text")
  func loopbackPlaintext() throws {
    let server = try SMTPTestServer(.init(tls: false, auth: false))
    let settings = try SMTPSettings(
      url: "smtp://127.0.0.1:\(server.port)", password: nil, caFile: nil)
    #expect(!settings.requireTLS)
    let transport = CurlSMTPTransport(settings: settings)

    let outcomes = Self.deliver(
      [Self.message(1, to: "budi@example.org"), Self.message(2, to: "citra@example.org")],
      with: transport)

    #expect(outcomes.allSatisfy { if case .delivered = $0.1 { true } else { false } })
    let received = try server.receivedMessages()
    #expect(received.count == 2)
    #expect(received.allSatisfy { !$0.tls && $0.connection == 1 })
  }

  @Test("an empty batch opens no connection")
  func emptyBatch() throws {
    let port = try SMTPTestServer.unusedPort()
    let transport = CurlSMTPTransport(
      settings: try SMTPSettings(url: "smtp://127.0.0.1:\(port)", password: nil, caFile: nil))
    #expect(Self.deliver([], with: transport).isEmpty)
  }
}
