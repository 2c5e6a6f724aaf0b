import Foundation
import PokjaCore

// MARK: - Failure classification

/// Turns a libcurl result into a `DeliveryFailure` with a message a secretariat can act on.
///
/// What a failure is about decides what happens next: the session or the login (unreachable, TLS,
/// a refused login, a refused sender, "421 closing") stops the batch and costs no attempt; this
/// message or its recipient (a refused recipient, a message too big or refused after DATA, a 4xx
/// about it) is given up or tried again alone, and the batch goes on with the next message.
enum SMTPFailureClassifier {
  struct Classified: Equatable {
    var kind: DeliveryFailure.Kind
    var scope: DeliveryFailure.Scope
    var reason: DeliveryFailure.Reason
    /// What happened and how to fix it; `note`, what becomes of the message (see `DeliveryFailure`).
    var detail: String
    var note: DeliveryFailure.Note? = nil
    /// Whether the connection itself failed, so the rest of the batch would fail the same way.
    var endsBatch: Bool
    /// For a refusal of one message that may in truth be the server's or the account's (a 4xx, a
    /// 5.7.x policy refusal): its stage, code and enhanced code, so that the same refusal of
    /// several messages in a row can be taken for what it is.
    var pattern: RefusalPattern? = nil
    /// The server's words, for the message said when it is.
    var serverReply = ""

    /// The whole sentence.
    var message: String { detail + (note?.text ?? "") }

    /// The failure, its words passed through `redact`.
    func failure(redact: (String) -> String) -> DeliveryFailure {
      DeliveryFailure(
        kind, reason, redact(detail), note: note, scope: scope)
    }
  }

  typealias Stage = SMTPSession.Stage

  // libcurl error numbers (stable ABI values, see curl/curl.h).
  static let unsupportedProtocol: UInt32 = 1
  static let urlMalformat: UInt32 = 3
  static let notBuiltIn: UInt32 = 4
  static let couldNotResolveHost: UInt32 = 6
  static let couldNotConnect: UInt32 = 7
  static let weirdServerReply: UInt32 = 8
  static let remoteAccessDenied: UInt32 = 9
  static let readError: UInt32 = 26
  static let outOfMemory: UInt32 = 27
  static let operationTimedOut: UInt32 = 28
  static let sslConnectError: UInt32 = 35
  static let abortedByCallback: UInt32 = 42
  static let gotNothing: UInt32 = 52
  static let sslEngineNotFound: UInt32 = 53
  static let sslEngineSetFailed: UInt32 = 54
  static let sendError: UInt32 = 55
  static let recvError: UInt32 = 56
  static let sslCertProblem: UInt32 = 58
  static let sslCipher: UInt32 = 59
  static let peerFailedVerification: UInt32 = 60
  static let useSSLFailed: UInt32 = 64
  static let sslEngineInitFailed: UInt32 = 66
  static let loginDenied: UInt32 = 67
  static let sslCACertBadFile: UInt32 = 77
  static let sslShutdownFailed: UInt32 = 80
  static let sslCRLBadFile: UInt32 = 82
  static let sslIssuerError: UInt32 = 83
  static let sslPinnedPubKeyNotMatch: UInt32 = 90
  static let sslInvalidCertStatus: UInt32 = 91
  static let authError: UInt32 = 94
  static let sslClientCert: UInt32 = 98

  /// A failure of the session (not the message): it ends the batch and costs no attempt.
  private static func session(
    _ kind: DeliveryFailure.Kind, _ reason: DeliveryFailure.Reason, _ detail: String,
    note: DeliveryFailure.Note? = nil
  ) -> Classified {
    .init(
      kind: kind, scope: .connection, reason: reason, detail: detail, note: note, endsBatch: true)
  }

  /// - Parameters:
  ///   - stage: the last command sent for the message when it failed: what the reply is about.
  static func classify(
    code: UInt32, curlText: String, responseCode: Int, serverLine: String?, stage: Stage,
    settings: SMTPSettings, message: OutboundMessage?
  ) -> Classified {
    let at = settings.hostAndPort
    let server = serverWords(responseCode: responseCode, serverLine: serverLine, curlText: curlText)
    let recipient = message.map { "'\($0.destination)'" } ?? "the recipient"
    let sender = message.map { "'\($0.sender)'" } ?? "the sender"
    let user = settings.username.map { " for user '\($0)'" } ?? ""
    let queued = DeliveryFailure.Note.staysQueued

    switch code {
    case couldNotResolveHost:
      return session(
        .unreachable, .unreachable,
        "Could not find the SMTP server \(settings.host) (\(curlText)). Check the host name in the SMTP "
          + "URL and the network", note: queued)
    case couldNotConnect:
      return session(
        .unreachable, .unreachable,
        "Could not connect to the SMTP server at \(at) (\(curlText)). Is it running and reachable on "
          + "that port?", note: .messageStaysQueued)
    case operationTimedOut:
      if stage < .awaitingReply {
        // Connecting, or waiting for the answer to a command: the server, not the message.
        return session(
          .unreachable, .noAnswer, "The SMTP server at \(at) did not answer in time (\(curlText))",
          note: .staysQueuedAndRetried)
      }
      // The whole message went and no answer came within reply_timeout: the server may have taken
      // it. It counts, and goes again with the same Message-ID (receivers can drop a second copy).
      let waited = Int(settings.replyTimeout.components.seconds)
      return .init(
        kind: .temporary, scope: .message, reason: .noAnswer,
        detail:
          "The SMTP server at \(at) did not answer within \(waited) s after the whole message to "
          + "\(recipient) had gone (\(curlText)); it may have arrived. It stays queued and goes again "
          + "with the same Message-ID.",
        endsBatch: true)
    case loginDenied, authError:
      return session(
        .configuration, .loginRefused,
        refusedLogin(at: at, user: user, server: server, settings: settings))
    case peerFailedVerification, sslIssuerError, sslInvalidCertStatus, sslPinnedPubKeyNotMatch:
      let fix =
        settings.caFile.map {
          "The CA file POKJA_SMTP_CA_FILE=\($0) does not vouch for it: give the CA certificate (PEM) "
            + "that signed the server's certificate, and check that the URL uses the name the "
            + "certificate was issued for."
        }
        ?? "If the server uses a private or self-signed certificate, set POKJA_SMTP_CA_FILE to its CA "
        + "certificate (PEM); otherwise check that the URL uses the name the certificate was issued for."
      return session(
        .configuration, .tls,
        "The TLS certificate of the SMTP server at \(at) could not be verified (\(curlText)). \(fix)"
      )
    case useSSLFailed:
      return session(
        .configuration, .tls,
        "The SMTP server at \(at) does not offer STARTTLS (\(curlText)), and Pokja sends passwords "
          + "and mail to a server that is not on this machine only over TLS. Enable STARTTLS on the "
          + "server, or use smtps:// (usually port 465) if it speaks TLS from the start.")
    case sslConnectError, sslCipher, sslShutdownFailed:
      return session(
        .configuration, .tls,
        "The TLS handshake with the SMTP server at \(at) failed (\(curlText)). Check that the URL "
          + "scheme matches the port: smtps:// for TLS from the start (usually port 465), smtp:// for "
          + "STARTTLS (usually port 587).")
    case sslCACertBadFile, sslCRLBadFile, sslCertProblem, sslClientCert, sslEngineNotFound,
      sslEngineSetFailed, sslEngineInitFailed:
      let file = settings.caFile.map { " POKJA_SMTP_CA_FILE=\($0)" } ?? ""
      return session(
        .configuration, .tls,
        "TLS could not be set up for the SMTP server at \(at) (\(curlText)). Check that the CA "
          + "file\(file) exists, is readable and holds PEM certificates.")
    case unsupportedProtocol, urlMalformat, notBuiltIn:
      return session(
        .configuration, .badURL,
        "libcurl cannot send to \(settings.destination) (\(curlText)): check the SMTP URL, and that "
          + "libcurl was built with SMTP and TLS support (libcurl4-openssl-dev).")
    case sendError, recvError, weirdServerReply, remoteAccessDenied, gotNothing:
      return classifyReply(
        responseCode: responseCode, server: server, stage: stage, settings: settings,
        recipient: recipient, sender: sender, user: user)
    case readError, abortedByCallback, outOfMemory:
      // Our side stopped (the outbox could not record, or memory ran out): not the message's fault.
      return .init(
        kind: .temporary, scope: .connection, reason: .localSetup,
        detail: "Sending to \(at) was interrupted locally (\(curlText))", note: queued,
        endsBatch: false)
    default:
      return .init(
        kind: .temporary, scope: stage < .sender ? .connection : .message,
        reason: .connectionLost,
        detail: "Sending to the SMTP server at \(at) failed (libcurl error \(code): \(curlText))",
        note: queued, endsBatch: true)
    }
  }

  /// Failures where the server answered something (or hung up): its reply code, and the command it
  /// answered, decide.
  private static func classifyReply(
    responseCode: Int, server: String, stage: Stage, settings: SMTPSettings, recipient: String,
    sender: String, user: String
  ) -> Classified {
    let at = settings.hostAndPort
    let lowerServer = server.lowercased()
    let enhanced = server.split(separator: " ").dropFirst().first.map(String.init) ?? ""
    let queued = DeliveryFailure.Note.staysQueued
    // 4xx, or a 5.7.x policy refusal, may be the server's or the account's though it names one
    // message (see `RefusalStreak`); not so a bad address or a full mailbox (x.1.x, x.2.x).
    let addressOrMailbox =
      enhanced.dropFirst(1).hasPrefix(".1.") || enhanced.dropFirst(1).hasPrefix(".2.")
    let pattern =
      ((400..<500).contains(responseCode) && !addressOrMailbox) || enhanced.hasPrefix("5.7.")
      ? RefusalPattern(stage: stage, code: responseCode, enhanced: enhanced) : nil
    func thisMessage(
      _ kind: DeliveryFailure.Kind, _ reason: DeliveryFailure.Reason, _ detail: String
    ) -> Classified {
      .init(
        kind: kind, scope: .message, reason: reason, detail: detail, endsBatch: false,
        pattern: pattern, serverReply: server)
    }

    switch responseCode {
    case ..<400:
      // No failing answer (none at all, or the last good one, such as 354): the connection broke off.
      // Before the recipient, only the session and the sender's line were at stake.
      if stage <= .sender {
        return session(
          .temporary, .connectionLost,
          "The connection to the SMTP server at \(at) failed (\(server))", note: queued)
      }
      return .init(
        kind: .temporary, scope: .message, reason: .connectionLost,
        detail:
          "The SMTP server at \(at) closed the connection while taking the message to \(recipient) "
          + "(\(server)); it stays queued and will be tried again.",
        endsBatch: true)
    case 421 where stage >= .data:
      // Closing once it had this message: counted, so that a message that always draws it is given
      // up in the end instead of holding up the batch for ever.
      return .init(
        kind: .temporary, scope: .message, reason: .serverBusy,
        detail:
          "The SMTP server at \(at) closed the session while taking the message to \(recipient) "
          + "(\(server)); it stays queued and will be tried again.",
        endsBatch: true)
    case 421:
      // The server is closing the session ("too busy", "too many messages"): about it, not the message.
      return session(
        .temporary, .serverBusy,
        "The SMTP server at \(at) is not accepting mail right now (\(server))", note: queued)
    case 530, 534, 535, 538:
      if lowerServer.contains("starttls") || lowerServer.contains("tls") || responseCode == 538 {
        return session(
          .configuration, .tls,
          "The SMTP server at \(at) requires TLS first (\(server)): use smtp:// on a port where it "
            + "offers STARTTLS, or smtps:// (usually port 465).")
      }
      if settings.username == nil {
        return session(
          .configuration, .loginRequired,
          "The SMTP server at \(at) requires a login (\(server)): put the user in the SMTP URL "
            + "(smtp://user@\(at)) and the password in POKJA_SMTP_PASSWORD.")
      }
      if responseCode == 535 {
        return session(
          .configuration, .loginRefused,
          refusedLogin(at: at, user: user, server: server, settings: settings))
      }
      // We had a user, yet the server says a login is needed: it offered no AUTH method libcurl could
      // use (many servers offer AUTH only after STARTTLS).
      return session(
        .configuration, .noUsableLogin,
        "The SMTP server at \(at) requires a login (\(server)) but offered no way to log in that "
          + "Pokja can use: check that it offers AUTH PLAIN or LOGIN (often only after STARTTLS), and "
          + "POKJA_SMTP_PASSWORD.")
    default:
      break
    }

    let temporary = (400..<500).contains(responseCode)
    let permanent = (500..<600).contains(responseCode)
    switch stage {
    case .connection, .login:
      // The greeting, EHLO or AUTH refused: the session, for every message alike.
      return permanent
        ? session(
          .configuration, .sessionRefused,
          "The SMTP server at \(at) refused the session (\(server)): check the SMTP URL and that this "
            + "machine may send through it.")
        : session(
          .temporary, .serverBusy, "The SMTP server at \(at) refused the session (\(server))",
          note: queued)
    case .sender:
      // SIZE=: the server refuses this message as too big before it is sent (552, 5.3.4, 5.2.3).
      if permanent
        && (responseCode == 552 || enhanced.hasSuffix(".3.4") || enhanced.hasSuffix(".2.3"))
      {
        return thisMessage(
          .permanent, .messageTooLarge,
          "The SMTP server at \(at) refused the message to \(recipient) as too large (\(server)); "
            + "it will not be retried. Send smaller attachments (or a link), then queue it again.")
      }
      if temporary {
        // "Not now" to the sender (a sender rate limit, a busy server): the session's, for every
        // message alike.
        return session(
          .temporary, .serverBusy,
          "The SMTP server at \(at) deferred the sender \(sender) (\(server))",
          note: .messagesStayQueuedAndRetried)
      }
      // A refused sender is about us, not the message: every message would fail the same way, and
      // marking them given up would lose them. They stay queued until the configuration is fixed.
      return session(
        .configuration, .senderRefused,
        "The SMTP server at \(at) refused to send as \(sender) (\(server)): check POKJA_MAIL_FROM "
          + "and that the SMTP login may send from that address.")
    case .recipient:
      if temporary {
        return thisMessage(
          .temporary, .recipientRefused,
          "The SMTP server at \(at) deferred the recipient \(recipient) (\(server)); the message stays "
            + "queued and will be tried again.")
      }
      let policy =
        enhanced.hasPrefix("5.7.")
        ? " If every recipient is refused like this, the SMTP login may not relay to them: fix the "
          + "account, then 'pokja outbox retry --all'." : " Check the address."
      return thisMessage(
        .permanent, .recipientRefused,
        "The SMTP server at \(at) refused the recipient \(recipient) for good (\(server)); the "
          + "message will not be retried.\(policy)")
    case .data, .content, .awaitingReply:
      if temporary || !permanent {
        return thisMessage(
          .temporary, .messageRefused,
          "The SMTP server at \(at) deferred the message to \(recipient) (\(server)); it stays queued "
            + "and will be tried again.")
      }
      return thisMessage(
        .permanent, .messageRefused,
        "The SMTP server at \(at) refused the message to \(recipient) for good (\(server)); it will "
          + "not be retried.")
    }
  }

  private static func refusedLogin(
    at: String, user: String, server: String, settings: SMTPSettings
  ) -> String {
    if settings.password == nil {
      return
        "The SMTP server at \(at) refused the login\(user) (\(server)): no password was given; set "
        + "POKJA_SMTP_PASSWORD or [smtp] password_file."
    }
    return
      "The SMTP server at \(at) refused the login\(user) (\(server)): check the password in "
      + "\(settings.passwordSource) and the user name in the SMTP URL."
  }

  /// The server's own words where we have them (`535 5.7.8 Authentication credentials invalid`), else
  /// the reply code and libcurl's text.
  static func serverWords(responseCode: Int, serverLine: String?, curlText: String) -> String {
    if let serverLine, responseCode > 0, serverLine.hasPrefix(String(responseCode)) {
      return serverLine
    }
    if responseCode > 0 && !curlText.contains(String(responseCode)) {
      return "\(responseCode), \(curlText)"
    }
    return curlText
  }
}
