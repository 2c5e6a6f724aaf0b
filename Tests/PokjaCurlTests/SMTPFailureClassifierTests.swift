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
    settings: SMTPSettings? = nil
  ) throws -> SMTPFailureClassifier.Classified {
    SMTPFailureClassifier.classify(
      code: code, curlText: curlText, responseCode: response, serverLine: line,
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
          let line = response == 0 ? nil : "\(response) 5.0.0 the server says something"
          let result = try Self.classify(
            code, response: response, curlText: "RCPT failed: \(response)", line: line,
            settings: settings)
          #expect(!result.message.contains(Self.password), "\(code)/\(response): \(result.message)")
          #expect(
            result.message.contains("mail.example.org"), "\(code)/\(response): \(result.message)")
        }
      }
    }
  }

  @Test("unreachable, unresolvable and slow servers are unreachable and end the batch")
  func unreachable() throws {
    for code: UInt32 in [6, 7, 28] {
      let result = try Self.classify(code)
      #expect(result.kind == .unreachable)
      #expect(result.endsBatch)
    }
    #expect(try Self.classify(7).message.contains("mail.example.org:587"))
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

  @Test("the reply code decides for send/receive errors")
  func replyCodes() throws {
    let rejected = try Self.classify(
      55, response: 550, curlText: "RCPT failed: 550",
      line: "550 5.1.1 <x@example.org>: User unknown")
    #expect(rejected.kind == .permanent)
    #expect(!rejected.endsBatch)
    #expect(rejected.message.contains("refused the recipient"))
    #expect(rejected.message.contains("550 5.1.1 <x@example.org>: User unknown"))

    let content = try Self.classify(8, response: 554, line: "554 5.6.0 Message rejected")
    #expect(content.kind == .permanent)
    #expect(content.message.contains("refused the message"))

    // A refused sender or a policy refusal is about our configuration: every message would fail the
    // same way, so they stay queued (configuration) instead of being given up one by one.
    let sender = try Self.classify(55, response: 553, curlText: "MAIL failed: 553")
    #expect(sender.kind == .configuration)
    #expect(sender.endsBatch)
    #expect(sender.message.contains("POKJA_MAIL_FROM"))
    let relay = try Self.classify(
      55, response: 554, curlText: "RCPT failed: 554",
      line: "554 5.7.1 <x@example.org>: Relay access denied")
    #expect(relay.kind == .configuration)
    #expect(relay.endsBatch)

    let deferred = try Self.classify(55, response: 451, curlText: "RCPT failed: 451")
    #expect(deferred.kind == .temporary)
    #expect(!deferred.endsBatch)

    let closing = try Self.classify(56, response: 421, line: "421 4.3.2 Shutting down")
    #expect(closing.kind == .temporary)
    #expect(closing.endsBatch)

    let needsTLS = try Self.classify(
      55, response: 530, line: "530 5.7.0 Must issue a STARTTLS command first")
    #expect(needsTLS.kind == .configuration)
    #expect(needsTLS.message.contains("requires TLS"))

    let needsLogin = try Self.classify(
      55, response: 530, line: "530 5.7.0 Authentication required",
      settings: try Self.settings(user: false))
    #expect(needsLogin.kind == .configuration)
    #expect(needsLogin.message.contains("requires a login"))

    let noAUTH = try Self.classify(55, response: 530, line: "530 5.7.0 Authentication required")
    #expect(noAUTH.kind == .configuration)
    #expect(noAUTH.message.contains("offered no way to log in"))

    let dropped = try Self.classify(56, response: 0, curlText: "Connection reset by peer")
    #expect(dropped.kind == .temporary)
    #expect(dropped.endsBatch)
  }
}
