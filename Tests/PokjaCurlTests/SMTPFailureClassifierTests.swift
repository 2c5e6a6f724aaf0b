import Foundation
import PokjaCore
import Testing

@testable import PokjaCurl

@Suite("SMTP failure classification")
struct SMTPFailureClassifierTests {
  static let password = "Sup3r-Secret-PW"

  static func settings(caFile: String? = nil, user: Bool = true) throws -> SMTPSettings {
    try SMTPSettings(
      url: user ? "smtp://wulan@mail.example.org:587" : "smtp://mail.example.org:587",
      password: password, caFile: caFile)
  }

  static func classify(
    _ code: UInt32, response: Int = 0, curlText: String = "libcurl says no", line: String? = nil,
    stage: SMTPSession.Stage = .connection, settings: SMTPSettings? = nil
  ) throws -> SMTPFailureClassifier.Classified {
    SMTPFailureClassifier.classify(
      code: code, curlText: curlText, responseCode: response, serverLine: line, stage: stage,
      settings: try settings ?? Self.settings(), message: nil)
  }

  @Test("no failure message ever contains the password, and every one names host:port")
  func neverThePassword() throws {
    let codes: [UInt32] = Array(0...100)
    let responses = [0, 250, 421, 450, 451, 530, 534, 535, 538, 550, 552, 554]
    for settings in [
      try Self.settings(), try Self.settings(caFile: "/etc/ca.pem"), try Self.settings(user: false),
    ] {
      for code in codes where code != 0 {
        for response in responses {
          for stage in [SMTPSession.Stage.connection, .login, .sender, .recipient, .data, .content]
          {
            let line = response == 0 ? nil : "\(response) 5.0.0 the server says something"
            let result = try Self.classify(
              code, response: response, curlText: "RCPT failed: \(response)", line: line,
              stage: stage, settings: settings)
            #expect(
              !result.message.contains(Self.password), "\(code)/\(response): \(result.message)")
            #expect(
              result.message.contains("mail.example.org"), "\(code)/\(response): \(result.message)")
            // Whatever ends the batch for the session costs the message no attempt.
            if result.kind == .configuration || result.kind == .unreachable {
              #expect(
                result.scope == .connection && result.endsBatch, "\(code)/\(response)/\(stage)")
            }
          }
        }
      }
    }
  }

  @Test(
    "unreachable, unresolvable and slow servers are unreachable, end the batch, cost no attempt")
  func unreachable() throws {
    for code: UInt32 in [6, 7, 28] {
      let result = try Self.classify(code)
      #expect(result.kind == .unreachable)
      #expect(result.scope == .connection)
      #expect(result.endsBatch)
    }
    #expect(try Self.classify(7).message.contains("mail.example.org:587"))
  }

  @Test("no answer in time: the server's before the message went whole, an attempt after it")
  func noAnswerInTime() throws {
    for stage in [SMTPSession.Stage.sender, .recipient, .data, .content] {
      let waiting = try Self.classify(28, curlText: "server response timeout", stage: stage)
      #expect(waiting.kind == .unreachable && waiting.scope == .connection && waiting.endsBatch)
    }
    // The whole message went and no answer came: it may have arrived; it goes again, counted.
    let after = try Self.classify(28, curlText: "server response timeout", stage: .awaitingReply)
    #expect(after.kind == .temporary && after.scope == .message && after.endsBatch)
    #expect(after.message.contains("may have arrived") && after.message.contains("600 s"))
  }

  @Test("a refused login is a configuration failure quoting the server")
  func loginDenied() throws {
    let result = try Self.classify(
      67, response: 535, curlText: "Authentication failed: 535",
      line: "535 5.7.8 Authentication credentials invalid")
    #expect(result.kind == .configuration)
    #expect(result.endsBatch)
    #expect(
      result.message
        == "The SMTP server at mail.example.org:587 refused the login for user 'wulan' (535 5.7.8 "
        + "Authentication credentials invalid): check the password in POKJA_SMTP_PASSWORD and the "
        + "user name in the SMTP URL.")
  }

  @Test("a refused login without a password says to set POKJA_SMTP_PASSWORD")
  func loginDeniedWithoutPassword() throws {
    let settings = try SMTPSettings(
      url: "smtp://wulan@mail.example.org", password: nil, caFile: nil)
    let result = try Self.classify(67, response: 535, settings: settings)
    #expect(result.message.contains("no password was given; set POKJA_SMTP_PASSWORD"))
  }

  @Test("certificate and STARTTLS failures are configuration failures saying how to fix them")
  func tls() throws {
    let certificate = try Self.classify(
      60, curlText: "SSL certificate problem: self-signed certificate")
    #expect(certificate.kind == .configuration)
    #expect(certificate.message.contains("POKJA_SMTP_CA_FILE"))
    #expect(certificate.message.contains("self-signed certificate"))
    let withCA = try Self.classify(60, settings: try Self.settings(caFile: "/etc/pokja/ca.pem"))
    #expect(withCA.message.contains("/etc/pokja/ca.pem"))
    let noSTARTTLS = try Self.classify(64, curlText: "STARTTLS not supported.")
    #expect(noSTARTTLS.kind == .configuration)
    #expect(noSTARTTLS.message.contains("does not offer STARTTLS"))
    let handshake = try Self.classify(35)
    #expect(handshake.kind == .configuration)
    #expect(handshake.message.contains("smtps://"))
    #expect(try Self.classify(77).kind == .configuration)
  }

  @Test("a refusal about this message or its recipient is the message's: the batch goes on")
  func refusalsOfOneMessage() throws {
    // 552 at MAIL FROM (SIZE= too big): this message only, given up.
    let tooBig = try Self.classify(
      55, response: 552, curlText: "MAIL failed: 552",
      line: "552 5.3.4 Message size exceeds fixed maximum message size", stage: .sender)
    #expect(tooBig.kind == .permanent && tooBig.scope == .message && !tooBig.endsBatch)
    #expect(tooBig.message.contains("too large"))
    // 550 5.7.1 at RCPT TO: this recipient, given up (with a hint if all are refused so).
    let policy = try Self.classify(
      55, response: 550, curlText: "RCPT failed: 550",
      line: "550 5.7.1 <x@example.org>: Recipient address rejected: Access denied",
      stage: .recipient)
    #expect(policy.kind == .permanent && policy.scope == .message && !policy.endsBatch)
    #expect(policy.message.contains("refused the recipient"))
    #expect(policy.message.contains("outbox retry --all"))
    let unknown = try Self.classify(
      55, response: 550, line: "550 5.1.1 <x@example.org>: User unknown", stage: .recipient)
    #expect(unknown.kind == .permanent && !unknown.endsBatch)
    #expect(unknown.message.contains("550 5.1.1 <x@example.org>: User unknown"))
    // 554 once the message was sent (spam, policy): this message, given up.
    let content = try Self.classify(
      56, response: 554, line: "554 5.7.1 Message rejected as spam", stage: .content)
    #expect(content.kind == .permanent && content.scope == .message && !content.endsBatch)
    #expect(content.message.contains("refused the message"))
    #expect(try Self.classify(55, response: 554, stage: .data).kind == .permanent)
    // 4xx about the recipient or the message: tried again alone, an attempt.
    for stage in [SMTPSession.Stage.recipient, .data, .content, .awaitingReply] {
      let deferred = try Self.classify(
        55, response: 451, line: "451 4.7.1 Greylisted", stage: stage)
      #expect(deferred.kind == .temporary && deferred.scope == .message && !deferred.endsBatch)
      // It may be the server's, should several in a row draw it.
      #expect(deferred.pattern == RefusalPattern(stage: stage, code: 451, enhanced: "4.7.1"))
    }
    // A full mailbox or a bad address is the recipient's alone, whatever comes after it.
    #expect(
      try Self.classify(55, response: 452, line: "452 4.2.2 Mailbox full", stage: .recipient)
        .pattern == nil)
    #expect(
      try Self.classify(55, response: 550, line: "550 5.1.1 Unknown", stage: .recipient).pattern
        == nil)
    #expect(policy.pattern != nil)
    // 421 once the server had the message: counted, so a message that always draws it is given up
    // in the end instead of holding up its batch.
    let closing = try Self.classify(
      56, response: 421, line: "421 4.4.2 Timeout exceeded", stage: .awaitingReply)
    #expect(closing.kind == .temporary && closing.scope == .message && closing.endsBatch)
  }

  @Test("a refusal about the session, the login or the sender stops the batch and costs nothing")
  func refusalsOfTheSession() throws {
    // A refused sender: every message would fail the same way.
    let sender = try Self.classify(
      55, response: 553, curlText: "MAIL failed: 553",
      line: "553 5.7.1 Sender address rejected: not owned by user", stage: .sender)
    #expect(sender.kind == .configuration && sender.scope == .connection && sender.endsBatch)
    #expect(sender.message.contains("POKJA_MAIL_FROM"))
    // "Not now" to the sender (a sender rate limit): the session's, not charged.
    let slowDown = try Self.classify(
      55, response: 450, line: "450 4.7.1 Too much mail from this account", stage: .sender)
    #expect(slowDown.kind == .temporary && slowDown.scope == .connection && slowDown.endsBatch)
    // A 4xx with a size code is not a permanent "too large".
    let full = try Self.classify(55, response: 452, line: "452 4.3.4 Try smaller", stage: .sender)
    #expect(full.kind == .temporary)
    // No answer to MAIL FROM (a connection dropped while idle): nothing of the message was at stake.
    let dropped = try Self.classify(56, response: 250, curlText: "Connection reset", stage: .sender)
    #expect(dropped.scope == .connection && dropped.endsBatch)
    // "421 closing" before the server had the message: the server's, not the message's.
    for stage in [SMTPSession.Stage.connection, .login, .sender, .recipient] {
      let closing = try Self.classify(
        56, response: 421, line: "421 4.3.2 Shutting down", stage: stage)
      #expect(closing.kind == .temporary && closing.scope == .connection && closing.endsBatch)
    }
    // A greeting or EHLO refused.
    let greeting = try Self.classify(
      9, response: 554, line: "554 5.7.1 No SMTP service here", stage: .connection)
    #expect(greeting.kind == .configuration && greeting.scope == .connection)
    // The connection dropped before the message was put to the server, and while it was.
    let early = try Self.classify(56, response: 0, curlText: "Connection reset", stage: .login)
    #expect(early.scope == .connection && early.endsBatch)
    let midway = try Self.classify(56, response: 354, curlText: "Connection reset", stage: .content)
    #expect(midway.kind == .temporary && midway.scope == .message && midway.endsBatch)
  }

  @Test("login and TLS replies are configuration failures, at any stage")
  func replyCodes() throws {
    let needsTLS = try Self.classify(
      55, response: 530, line: "530 5.7.0 Must issue a STARTTLS command first", stage: .sender)
    #expect(needsTLS.kind == .configuration)
    #expect(needsTLS.message.contains("requires TLS"))

    let needsLogin = try Self.classify(
      55, response: 530, line: "530 5.7.0 Authentication required", stage: .sender,
      settings: try Self.settings(user: false))
    #expect(needsLogin.kind == .configuration)
    #expect(needsLogin.message.contains("requires a login"))

    let noAUTH = try Self.classify(
      55, response: 530, line: "530 5.7.0 Authentication required", stage: .sender)
    #expect(noAUTH.kind == .configuration)
    #expect(noAUTH.message.contains("offered no way to log in"))
  }
}

@Suite("Refusals in a row")
struct RefusalStreakTests {
  static let greylisted = RefusalPattern(stage: .recipient, code: 451, enhanced: "4.7.1")
  static let relay = RefusalPattern(stage: .recipient, code: 550, enhanced: "5.7.1")

  static func id(_ number: Int64) -> OutboundMessageID { OutboundMessageID(number) }
  static let own = DeliveryFailure(.permanent, .recipientRefused, "refused: this recipient")
  static let servers = DeliveryFailure(.temporary, .serverBusy, "the server's", scope: .connection)

  @Test("one or two alike are the messages' own, reported as they were when the streak ends")
  func shortStreaksAreTheMessages() {
    var streak = RefusalStreak()
    #expect(streak.add(Self.id(1), Self.own, pattern: Self.relay) { Self.servers }.report.isEmpty)
    #expect(streak.add(Self.id(2), Self.own, pattern: Self.relay) { Self.servers }.report.isEmpty)
    let ended = streak.end()
    #expect(ended.map(\.0) == [Self.id(1), Self.id(2)] && ended.allSatisfy { $0.1 == Self.own })
    // Another refusal ends a streak too.
    _ = streak.add(Self.id(3), Self.own, pattern: Self.relay) { Self.servers }
    let other = streak.add(Self.id(4), Self.own, pattern: Self.greylisted) { Self.servers }
    #expect(other.report.map(\.0) == [Self.id(3)] && other.stop == nil)
  }

  @Test("three 4xx alike stop the batch, costing all three nothing")
  func aStreakOfDeferralsStops() {
    var streak = RefusalStreak()
    _ = streak.add(Self.id(1), Self.own, pattern: Self.greylisted) { Self.servers }
    _ = streak.add(Self.id(2), Self.own, pattern: Self.greylisted) { Self.servers }
    let third = streak.add(Self.id(3), Self.own, pattern: Self.greylisted) { Self.servers }
    #expect(third.report.map(\.0) == [Self.id(1), Self.id(2), Self.id(3)])
    #expect(third.report.allSatisfy { $0.1 == Self.servers } && third.stop == Self.servers)
  }

  @Test("three 5.7.x alike, and those after them, are tried again later rather than given up")
  func aStreakOfPolicyRefusalsIsNotGivenUp() {
    var streak = RefusalStreak()
    let later = DeliveryFailure(.temporary, .serverBusy, "tried again later", scope: .message)
    _ = streak.add(Self.id(1), Self.own, pattern: Self.relay) { later }
    _ = streak.add(Self.id(2), Self.own, pattern: Self.relay) { later }
    let third = streak.add(Self.id(3), Self.own, pattern: Self.relay) { later }
    #expect(
      third.report.count == 3 && third.report.allSatisfy { $0.1 == later } && third.stop == nil)
    let fourth = streak.add(Self.id(4), Self.own, pattern: Self.relay) { later }
    #expect(fourth.report.map(\.0) == [Self.id(4)] && fourth.report.first?.1 == later)
    #expect(streak.end().isEmpty)
  }
}
