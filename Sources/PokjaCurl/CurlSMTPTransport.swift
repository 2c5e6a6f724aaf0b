import CCurl
import Foundation
import PokjaCore

/// Sends outbox messages to an SMTP server with libcurl.
///
/// A struct holding only `SMTPSettings`, so it is `Sendable` without any `@unchecked`: each `deliver` call
/// creates its own libcurl easy handle, uses it for the whole batch (libcurl then keeps the one connection
/// open from message to message) and cleans it up (sending `QUIT`) before returning.
///
/// TLS: `smtps://` is TLS from the start; `smtp://` upgrades with STARTTLS whenever the server offers it,
/// and insists on it (`CURLUSESSL_ALL`) for every host that is not loopback. Certificates and host names
/// are always verified; `caFile` adds a CA for a private or self-signed server. The password is given to
/// libcurl as `CURLOPT_PASSWORD`, never in a URL, and never appears in a failure message.
public struct CurlSMTPTransport: MailTransport, CustomStringConvertible {
  public let settings: SMTPSettings

  public init(settings: SMTPSettings) {
    self.settings = settings
  }

  /// `smtp://host:port`: no user, no password.
  public var destination: String { settings.destination }
  public var isFileOutbox: Bool { false }
  /// `CurlSMTPTransport(smtp://host:port, user: x)`: never the password.
  public var description: String {
    "CurlSMTPTransport(\(settings.destination)\(settings.username.map { ", user: \($0)" } ?? ""))"
  }

  public func deliver(
    _ messages: [OutboundMessage],
    report: (OutboundMessageID, DeliveryOutcome) -> DeliveryProgress
  ) {
    guard !messages.isEmpty else { return }
    let session: SMTPSession
    do {
      session = try SMTPSession(settings: settings)
    } catch {
      for message in messages where report(message.id, .failed(error)) == .stop { return }
      return
    }
    // Once the connection itself fails (unreachable, login refused, TLS), the rest of the batch gets the
    // same answer without trying again: a retry would only fail the same way, or lock the account.
    var connectionFailure: DeliveryFailure? = nil
    // The server's rate limit: messages are spaced evenly, the first one at once.
    let spacing = settings.messagesPerMinute.map { 60.0 / Double(max($0, 1)) }
    var lastStart: ContinuousClock.Instant?
    let clock = ContinuousClock()
    for message in messages {
      let outcome: DeliveryOutcome
      if let connectionFailure {
        outcome = .failed(connectionFailure)
      } else {
        if let spacing, let lastStart {
          let due = lastStart.advanced(by: .milliseconds(Int(spacing * 1000)))
          let wait = clock.now.duration(to: due)
          if wait > .zero { Thread.sleep(forTimeInterval: wait.timeInterval) }
        }
        lastStart = clock.now
        switch session.send(message) {
        case .delivered(let receipt):
          outcome = .delivered(receipt: receipt)
        case .failed(let failure, let endsBatch):
          if endsBatch { connectionFailure = failure }
          outcome = .failed(failure)
        }
      }
      // The outbox could not record the outcome: stop before sending more than it can account for.
      if report(message.id, outcome) == .stop { return }
    }
  }
}

extension CurlSMTPTransport {
  /// Connects, says EHLO, upgrades the connection (STARTTLS, or TLS from the start for smtps),
  /// logs in when a user is set, sends NOOP and QUIT: everything but a message (`pokja doctor`).
  /// Returns the server's answer to NOOP, or why it failed, in the words deliveries use.
  public func check() -> Result<String, DeliveryFailure> {
    do {
      let session = try SMTPSession(settings: settings)
      return session.check()
    } catch {
      return .failure(error)
    }
  }
}

// MARK: - libcurl global state

/// Takes and drops what a command other than sending answers (NOOP's reply lines are read by the
/// debug callback).
private let discardingCallback: curl_write_callback = { _, size, count, _ in size * count }

/// Why libcurl cannot be used (nil when it can): loaded on first use, once per process.
private let curlLoadError: String? = pokja_curl_load_error().map { String(cString: $0) }

/// `curl_global_init` exactly once per process: Swift initialises a global `let` lazily and thread-safely.
private let curlGlobalInitResult: UInt32 =
  curlLoadError == nil ? pokja_curl_global_init_default().rawValue : CURLE_FAILED_INIT.rawValue

// MARK: - One batch's libcurl handle

/// The libcurl easy handle, error buffer and upload state for one `deliver` call. Never shared between
/// threads: it lives and dies inside `deliver`.
final class SMTPSession {
  enum Result {
    case delivered(receipt: String)
    /// `endsBatch`: the connection (not just this message) failed, so the rest of the batch will too.
    case failed(DeliveryFailure, endsBatch: Bool)
  }

  let settings: SMTPSettings
  private let handle: UnsafeMutableRawPointer
  private let errorBuffer: UnsafeMutablePointer<CChar>
  private let errorBufferSize: Int
  /// The bytes of the message being uploaded, and how many of them libcurl has already taken.
  private var upload: [UInt8] = []
  private var uploadOffset = 0
  /// The server's reply lines during the current message (the last 20), e.g.
  /// `535 5.7.8 Authentication credentials invalid`.
  private var serverLines: [String] = []

  init(settings: SMTPSettings) throws(DeliveryFailure) {
    self.settings = settings
    if let curlLoadError {
      throw DeliveryFailure(
        .configuration,
        "Cannot send mail: \(curlLoadError). Run: apt-get install libcurl4 (scripts/test installs "
          + "libcurl4-openssl-dev). Messages stay queued.")
    }
    guard curlGlobalInitResult == CURLE_OK.rawValue else {
      throw DeliveryFailure(
        .temporary,
        "libcurl could not be initialised (error \(curlGlobalInitResult)); nothing was sent to "
          + "\(settings.hostAndPort).")
    }
    guard let handle = pokja_curl_easy_init() else {
      throw DeliveryFailure(
        .temporary,
        "libcurl could not create a handle (out of memory?); nothing was sent to \(settings.hostAndPort)."
      )
    }
    self.handle = handle
    errorBufferSize = Int(pokja_curl_error_size())
    errorBuffer = .allocate(capacity: errorBufferSize)
    errorBuffer.initialize(repeating: 0, count: errorBufferSize)
    // Every stored property is set, so throwing from here runs deinit, which frees the handle and buffer.
    if let failure = configure() { throw failure }
  }

  deinit {
    // The QUIT sent by curl_easy_cleanup must not reach the callbacks: `self` is going away.
    _ = pokja_curl_easy_setopt_long(handle, CURLOPT_VERBOSE, 0)
    _ = pokja_curl_easy_setopt_debug_callback(handle, nil)
    _ = pokja_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, nil)
    _ = pokja_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, nil)
    // Sends QUIT on the cached connection and closes it.
    pokja_curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  /// The options shared by every message of the batch. Returns a failure if libcurl refuses one.
  private func configure() -> DeliveryFailure? {
    let me = Unmanaged.passUnretained(self).toOpaque()
    var codes: [(String, CURLcode)] = []
    func long(_ option: CURLoption, _ value: Int, _ name: String) {
      codes.append((name, pokja_curl_easy_setopt_long(handle, option, value)))
    }
    func string(_ option: CURLoption, _ value: String, _ name: String) {
      codes.append((name, pokja_curl_easy_setopt_string(handle, option, value)))
    }

    codes.append(("ERRORBUFFER", pokja_curl_easy_setopt_errorbuffer(handle, errorBuffer)))
    string(CURLOPT_URL, settings.url.absoluteString, "URL")
    long(CURLOPT_NOSIGNAL, 1, "NOSIGNAL")
    long(CURLOPT_UPLOAD, 1, "UPLOAD")
    long(
      CURLOPT_USE_SSL,
      Int(settings.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue), "USE_SSL")
    long(CURLOPT_SSL_VERIFYPEER, 1, "SSL_VERIFYPEER")
    long(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
    if let caFile = settings.caFile { string(CURLOPT_CAINFO, caFile, "CAINFO") }
    long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(settings.connectTimeout), "CONNECTTIMEOUT_MS")
    long(CURLOPT_TIMEOUT_MS, Self.milliseconds(settings.timeout), "TIMEOUT_MS")
    if let username = settings.username {
      string(CURLOPT_USERNAME, username, "USERNAME")
      // libcurl copies the string; the password is never part of a URL.
      string(CURLOPT_PASSWORD, settings.password ?? "", "PASSWORD")
    }
    codes.append(("READFUNCTION", pokja_curl_easy_setopt_read_callback(handle, smtpReadCallback)))
    codes.append(("READDATA", pokja_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, me)))
    // VERBOSE only feeds the debug callback below (nothing goes to stderr); the callback keeps the
    // server's reply lines so failures can quote the server's own words.
    codes.append(
      ("DEBUGFUNCTION", pokja_curl_easy_setopt_debug_callback(handle, smtpDebugCallback)))
    codes.append(("DEBUGDATA", pokja_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, me)))
    long(CURLOPT_VERBOSE, 1, "VERBOSE")

    if let failed = codes.first(where: { $0.1 != CURLE_OK }) {
      let (name, code) = failed
      let text = String(cString: pokja_curl_easy_strerror(code))
      return DeliveryFailure(
        .configuration,
        "libcurl refused the option \(name) for \(settings.destination) (\(text)): this libcurl lacks "
          + "SMTP or TLS support; install libcurl4-openssl-dev (or a libcurl built with OpenSSL).")
    }
    return nil
  }

  /// The connection, TLS and login, then NOOP: no message (see `CurlSMTPTransport.check`).
  func check() -> Swift.Result<String, DeliveryFailure> {
    errorBuffer[0] = 0
    serverLines = []
    let setup = [
      pokja_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 0),
      pokja_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "NOOP"),
      // The reply would otherwise go to libcurl's default writer, standard output.
      pokja_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, discardingCallback),
    ]
    guard setup.allSatisfy({ $0 == CURLE_OK }) else {
      return .failure(DeliveryFailure(.configuration, "libcurl refused the NOOP request."))
    }
    let outcome = perform()
    if outcome.code == CURLE_OK {
      return .success(redact(outcome.reply ?? "\(outcome.responseCode)"))
    }
    let classified = classify(outcome, message: nil)
    return .failure(DeliveryFailure(classified.kind, redact(classified.message)))
  }

  /// What one `curl_easy_perform` on the handle gave: libcurl's code and words, the server's reply
  /// code, and the reply line that carries it. After a failure libcurl may already have sent QUIT and
  /// logged the server's "221 Bye", so the last line is not necessarily the one that matters.
  private func perform() -> (code: CURLcode, responseCode: Int, reply: String?, curlText: String) {
    let code = pokja_curl_easy_perform(handle)
    var responseCode = 0
    _ = pokja_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
    let reply =
      serverLines.last(where: { responseCode > 0 && $0.hasPrefix(String(responseCode)) })
      ?? serverLines.last
    let errorText = String(cString: errorBuffer)
    return (
      code, responseCode, reply,
      errorText.isEmpty ? String(cString: pokja_curl_easy_strerror(code)) : errorText
    )
  }

  private func classify(
    _ outcome: (code: CURLcode, responseCode: Int, reply: String?, curlText: String),
    message: OutboundMessage?
  ) -> SMTPFailureClassifier.Classified {
    SMTPFailureClassifier.classify(
      code: outcome.code.rawValue, curlText: outcome.curlText, responseCode: outcome.responseCode,
      serverLine: outcome.reply, settings: settings, message: message)
  }

  /// Sends one message over the handle's (kept-alive) connection.
  func send(_ message: OutboundMessage) -> Result {
    errorBuffer[0] = 0
    serverLines = []
    upload = Array(message.content.utf8)
    uploadOffset = 0
    defer { upload = [] }

    var recipients: UnsafeMutablePointer<curl_slist>? = pokja_curl_slist_append(
      nil, "<\(message.recipient.value)>")
    defer {
      _ = pokja_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
      pokja_curl_slist_free_all(recipients)
      recipients = nil
    }
    let setup = [
      pokja_curl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(message.sender.value)>"),
      pokja_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients),
      pokja_curl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.count)),
    ]
    if recipients == nil || setup.contains(where: { $0 != CURLE_OK }) {
      return .failed(
        DeliveryFailure(
          .temporary,
          "libcurl could not prepare the message to \(message.recipient) for \(settings.hostAndPort) "
            + "(out of memory?)."),
        endsBatch: false)
    }

    let outcome = perform()
    if outcome.code == CURLE_OK {
      return .delivered(receipt: redact(outcome.reply ?? "\(outcome.responseCode) accepted"))
    }
    let classified = classify(outcome, message: message)
    return .failed(
      DeliveryFailure(classified.kind, redact(classified.message)), endsBatch: classified.endsBatch)
  }

  /// Defence in depth: should a server or libcurl ever echo the password, it is blanked out.
  private func redact(_ text: String) -> String {
    guard let password = settings.password, !password.isEmpty else { return text }
    return text.replacingOccurrences(of: password, with: "•••")
  }

  fileprivate func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
    let count = min(capacity, upload.count - uploadOffset)
    guard count > 0 else { return 0 }
    upload.withUnsafeBufferPointer { source in
      UnsafeMutableRawPointer(buffer).copyMemory(
        from: source.baseAddress! + uploadOffset, byteCount: count)
    }
    uploadOffset += count
    return count
  }

  fileprivate func noteServer(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    // Split on bytes: in Swift "\r\n" is one Character, so splitting a String on "\r" or "\n" misses it.
    for line in bytes.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A }) where !line.isEmpty {
      // Keep it short and printable: it goes into messages and the outbox's last_error.
      let printable = String(
        decoding: line.prefix(300).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") },
        as: UTF8.self)
      serverLines.append(printable)
    }
    if serverLines.count > 20 { serverLines.removeFirst(serverLines.count - 20) }
  }

  static func milliseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return Int(clamping: max(ms, 1))
  }
}

// MARK: - C callbacks (capture nothing; the session arrives as the user pointer)

private let smtpReadCallback: curl_read_callback = { buffer, size, count, userdata in
  guard let buffer, let userdata else { return 0 }
  let session = Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue()
  return session.read(into: buffer, capacity: size * count)
}

private let smtpDebugCallback: curl_debug_callback = { _, type, data, size, userdata in
  // Only what the server said: our own commands (CURLINFO_HEADER_OUT) include the AUTH exchange.
  guard type == CURLINFO_HEADER_IN, let data, let userdata, size > 0 else { return 0 }
  let session = Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue()
  session.noteServer(data, size: size)
  return 0
}

// MARK: - Failure classification

/// Turns a libcurl result into a `DeliveryFailure` with a message a secretariat can act on.
enum SMTPFailureClassifier {
  struct Classified: Equatable {
    var kind: DeliveryFailure.Kind
    var message: String
    /// Whether the connection itself failed, so the rest of the batch would fail the same way.
    var endsBatch: Bool
  }

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

  static func classify(
    code: UInt32, curlText: String, responseCode: Int, serverLine: String?, settings: SMTPSettings,
    message: OutboundMessage?
  ) -> Classified {
    let at = settings.hostAndPort
    let server = serverWords(responseCode: responseCode, serverLine: serverLine, curlText: curlText)
    let recipient = message.map { "'\($0.recipient)'" } ?? "the recipient"
    let sender = message.map { "'\($0.sender)'" } ?? "the sender"
    let user = settings.username.map { " for user '\($0)'" } ?? ""

    switch code {
    case couldNotResolveHost:
      return .init(
        kind: .unreachable,
        message:
          "Could not find the SMTP server \(settings.host) (\(curlText)). Check the host name in the SMTP "
          + "URL and the network; the message stays queued.",
        endsBatch: true)
    case couldNotConnect:
      return .init(
        kind: .unreachable,
        message:
          "Could not connect to the SMTP server at \(at) (\(curlText)). Is it running and reachable on "
          + "that port? The message stays queued.",
        endsBatch: true)
    case operationTimedOut:
      return .init(
        kind: .unreachable,
        message:
          "The SMTP server at \(at) did not answer in time (\(curlText)); the message stays queued and "
          + "will be tried again.",
        endsBatch: true)
    case loginDenied, authError:
      return .init(
        kind: .configuration,
        message: refusedLogin(at: at, user: user, server: server, settings: settings),
        endsBatch: true)
    case peerFailedVerification, sslIssuerError, sslInvalidCertStatus, sslPinnedPubKeyNotMatch:
      let fix =
        settings.caFile.map {
          "The CA file POKJA_SMTP_CA_FILE=\($0) does not vouch for it: give the CA certificate (PEM) "
            + "that signed the server's certificate, and check that the URL uses the name the "
            + "certificate was issued for."
        }
        ?? "If the server uses a private or self-signed certificate, set POKJA_SMTP_CA_FILE to its CA "
        + "certificate (PEM); otherwise check that the URL uses the name the certificate was issued for."
      return .init(
        kind: .configuration,
        message:
          "The TLS certificate of the SMTP server at \(at) could not be verified (\(curlText)). \(fix)",
        endsBatch: true)
    case useSSLFailed:
      return .init(
        kind: .configuration,
        message:
          "The SMTP server at \(at) does not offer STARTTLS (\(curlText)), and Pokja sends passwords "
          + "and mail to a server that is not on this machine only over TLS. Enable STARTTLS on the "
          + "server, or use smtps:// (usually port 465) if it speaks TLS from the start.",
        endsBatch: true)
    case sslConnectError, sslCipher, sslShutdownFailed:
      return .init(
        kind: .configuration,
        message:
          "The TLS handshake with the SMTP server at \(at) failed (\(curlText)). Check that the URL "
          + "scheme matches the port: smtps:// for TLS from the start (usually port 465), smtp:// for "
          + "STARTTLS (usually port 587).",
        endsBatch: true)
    case sslCACertBadFile, sslCRLBadFile, sslCertProblem, sslClientCert, sslEngineNotFound,
      sslEngineSetFailed, sslEngineInitFailed:
      let file = settings.caFile.map { " POKJA_SMTP_CA_FILE=\($0)" } ?? ""
      return .init(
        kind: .configuration,
        message:
          "TLS could not be set up for the SMTP server at \(at) (\(curlText)). Check that the CA "
          + "file\(file) exists, is readable and holds PEM certificates.",
        endsBatch: true)
    case unsupportedProtocol, urlMalformat, notBuiltIn:
      return .init(
        kind: .configuration,
        message:
          "libcurl cannot send to \(settings.destination) (\(curlText)): check the SMTP URL, and that "
          + "libcurl was built with SMTP and TLS support (libcurl4-openssl-dev).",
        endsBatch: true)
    case sendError, recvError, weirdServerReply, remoteAccessDenied, gotNothing:
      return classifyReply(
        code: code, curlText: curlText, responseCode: responseCode, server: server,
        settings: settings, recipient: recipient, sender: sender, user: user)
    case readError, abortedByCallback, outOfMemory:
      return .init(
        kind: .temporary,
        message:
          "Sending to \(at) was interrupted locally (\(curlText)); the message stays queued.",
        endsBatch: false)
    default:
      return .init(
        kind: .temporary,
        message:
          "Sending to the SMTP server at \(at) failed (libcurl error \(code): \(curlText)); the message "
          + "stays queued.",
        endsBatch: true)
    }
  }

  /// Failures where the server answered something: its reply code decides.
  private static func classifyReply(
    code: UInt32, curlText: String, responseCode: Int, server: String, settings: SMTPSettings,
    recipient: String, sender: String, user: String
  ) -> Classified {
    let at = settings.hostAndPort
    let lowerServer = server.lowercased()
    switch responseCode {
    case 530, 534, 535, 538:
      if lowerServer.contains("starttls") || lowerServer.contains("tls") || responseCode == 538 {
        return .init(
          kind: .configuration,
          message:
            "The SMTP server at \(at) requires TLS first (\(server)): use smtp:// on a port where it "
            + "offers STARTTLS, or smtps:// (usually port 465).",
          endsBatch: true)
      }
      if settings.username == nil {
        return .init(
          kind: .configuration,
          message:
            "The SMTP server at \(at) requires a login (\(server)): put the user in the SMTP URL "
            + "(smtp://user@\(at)) and the password in POKJA_SMTP_PASSWORD.",
          endsBatch: true)
      }
      if responseCode == 535 {
        return .init(
          kind: .configuration,
          message: refusedLogin(at: at, user: user, server: server, settings: settings),
          endsBatch: true)
      }
      // We had a user, yet the server says a login is needed: it offered no AUTH method libcurl could
      // use (many servers offer AUTH only after STARTTLS).
      return .init(
        kind: .configuration,
        message:
          "The SMTP server at \(at) requires a login (\(server)) but offered no way to log in that "
          + "Pokja can use: check that it offers AUTH PLAIN or LOGIN (often only after STARTTLS), and "
          + "POKJA_SMTP_PASSWORD.",
        endsBatch: true)
    case 421:
      return .init(
        kind: .temporary,
        message:
          "The SMTP server at \(at) is not accepting mail right now (\(server)); the message stays "
          + "queued.",
        endsBatch: true)
    case 400..<500:
      return .init(
        kind: .temporary,
        message:
          "The SMTP server at \(at) deferred the message to \(recipient) (\(server)); it stays queued "
          + "and will be tried again.",
        endsBatch: false)
    case 500..<600:
      // A refused sender, or a policy refusal (5.7.x: relaying denied, not authorised to send as this
      // address), is about us, not the recipient: every message would fail the same way, and marking
      // them given-up would lose them. Keep them queued until the configuration is fixed.
      let enhanced = server.split(separator: " ").dropFirst().first.map(String.init) ?? ""
      if curlText.hasPrefix("MAIL") || enhanced.hasPrefix("5.7.") {
        return .init(
          kind: .configuration,
          message:
            "The SMTP server at \(at) refused to send as \(sender) (\(server)): check POKJA_MAIL_FROM "
            + "and that the SMTP login may send from that address (and relay to \(recipient)).",
          endsBatch: true)
      }
      let what =
        curlText.hasPrefix("RCPT")
        ? "refused the recipient \(recipient)" : "refused the message to \(recipient)"
      return .init(
        kind: .permanent,
        message:
          "The SMTP server at \(at) \(what) for good (\(server)); the message will not be retried. "
          + "Check the address.",
        endsBatch: false)
    default:
      return .init(
        kind: .temporary,
        message:
          "The connection to the SMTP server at \(at) failed (\(server)); the message stays queued.",
        endsBatch: true)
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

extension Duration {
  /// The duration in seconds, as Foundation counts time.
  fileprivate var timeInterval: TimeInterval {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
