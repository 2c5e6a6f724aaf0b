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
public struct CurlSMTPTransport: MessageTransport, CustomStringConvertible {
  public let settings: SMTPSettings

  public init(settings: SMTPSettings) {
    self.settings = settings
  }

  /// `smtp://host:port`: no user, no password.
  public var endpoint: String { settings.destination }
  public var route: MessageRoute { .smtp }
  /// `CurlSMTPTransport(smtp://host:port, user: x)`: never the password.
  public var description: String {
    "CurlSMTPTransport(\(settings.destination)\(settings.username.map { ", user: \($0)" } ?? ""))"
  }

  public func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    guard !messages.isEmpty else { return }
    let session: SMTPSession
    do {
      session = try SMTPSession(settings: settings)
    } catch {
      for message in messages where report(.finished(message.id, .failed(error))) == .stop {
        return
      }
      return
    }
    // Once the connection fails (unreachable, login refused, TLS, "421 closing", a transfer that
    // stalled), the rest of the batch is not tried: a retry now would fail the same way, or lock the
    // account. They were never put to the server, so they cost no attempt.
    var broken: DeliveryFailure? = nil
    // Refusals that name one message but may be the server's (a 4xx, a 5.7.x policy refusal) are
    // held back while they come in a row, until it is clear whether they are (`RefusalStreak`).
    var streak = RefusalStreak()
    func flush(_ outcomes: [(OutboundMessageID, DeliveryFailure)]) -> DeliveryProgress {
      for (id, failure) in outcomes where report(.finished(id, .failed(failure))) == .stop {
        return .stop
      }
      return .proceed
    }
    for message in messages {
      if let broken {
        if report(.finished(message.id, .failed(untried(after: broken)))) == .stop { return }
        continue
      }
      // The outbox may wait here for `[smtp] rate_limit`, shared by every run.
      if report(.sending(message.id)) == .stop { return }
      let result = withoutActuallyEscaping({ report(.stillSending(message.id)) == .proceed }) {
        session.send(message, heartbeat: $0)
      }
      switch result {
      case .delivered(let receipt):
        if flush(streak.end()) == .stop { return }
        // The outbox could not record the outcome: stop before sending more than it can account for.
        if report(.finished(message.id, .delivered(receipt: receipt))) == .stop { return }
      case .failed(let failure, let endsBatch, let pattern, let serverReply):
        guard let pattern, !endsBatch else {
          if flush(streak.end()) == .stop { return }
          if endsBatch { broken = failure }
          if report(.finished(message.id, .failed(failure))) == .stop { return }
          continue
        }
        let step = streak.add(
          message.id, failure, pattern: pattern,
          asTheServers: { sameRefusal(pattern, serverReply: serverReply) })
        if flush(step.report) == .stop { return }
        if let stop = step.stop { broken = stop }
      }
    }
    _ = flush(streak.end())
  }

  /// What the last of several messages refused the same way in a row is told, and those before it:
  /// a 4xx stops the batch and costs nothing (the server is not taking mail now); a 5.7.x policy
  /// refusal is tried again later instead of given up (relaying or a sender policy: the account's).
  private func sameRefusal(_ pattern: RefusalPattern, serverReply: String) -> DeliveryFailure {
    let count = RefusalStreak.length
    if pattern.code < 500 {
      return DeliveryFailure(
        .temporary, .sameRefusals,
        "The SMTP server at \(settings.hostAndPort) deferred \(count) messages in a row the same way "
          + "(\(serverReply)): it is not taking mail from this account now. They and the rest stay "
          + "queued and are tried again later.", scope: .connection)
    }
    return DeliveryFailure(
      .temporary, .sameRefusals,
      "The SMTP server at \(settings.hostAndPort) refused \(count) messages or more in a row the same way "
        + "(\(serverReply)): that looks like the server or the account (relaying, a sender policy), "
        + "not the messages, so they are tried again later instead of given up. Check the account; "
        + "a refusal that stays gives them up after [outbox] max_attempts.", scope: .message)
  }

  /// What a message of the batch is told when the connection failed on an earlier one.
  private func untried(after failure: DeliveryFailure) -> DeliveryFailure {
    if failure.scope == .connection { return failure }
    return DeliveryFailure(
      .temporary, failure.reason,
      "Not sent yet: the connection to \(settings.hostAndPort) failed on an earlier message "
        + "(\(failure.message)).", note: " It stays queued.", scope: .connection)
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
    /// `pattern`: set for a refusal that may be the server's though it names this message (see
    /// `SMTPFailureClassifier.Classified.pattern`); `serverReply` its words.
    case failed(
      DeliveryFailure, endsBatch: Bool, pattern: RefusalPattern? = nil, serverReply: String = "")
  }

  /// How far the exchange for the current message got: what a failing reply is about.
  enum Stage: Int, Comparable, Sendable {
    /// Connecting, the greeting, EHLO, STARTTLS: the session.
    case connection
    /// AUTH: the login.
    case login
    /// MAIL FROM: the sender (and the size the message declares).
    case sender
    /// RCPT TO: the recipient.
    case recipient
    /// DATA: the server's go-ahead for the message.
    case data
    /// The message itself, on its way.
    case content
    /// The whole message has gone; the server's answer is awaited. A failure from here on may
    /// come after the server took the message.
    case awaitingReply

    static func < (left: Stage, right: Stage) -> Bool { left.rawValue < right.rawValue }
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
  /// The last command sent for the current message (read from libcurl's debug feed).
  fileprivate(set) var stage = Stage.connection
  /// Told, at most once a second while a message is under way, that it still is; false stops it.
  private var heartbeat: (() -> Bool)?
  private var lastHeartbeat = ContinuousClock.now
  /// The upload's progress at the start of the current stall window (`[smtp] low_speed_time`).
  private var windowStart = ContinuousClock.now
  private var windowBytes: Int64 = 0
  /// The upload moved fewer than `low_speed_limit` bytes a second over a whole window: given up.
  private(set) var stalled = false

  init(settings: SMTPSettings) throws(DeliveryFailure) {
    self.settings = settings
    if let curlLoadError {
      throw DeliveryFailure(
        .configuration, .localSetup,
        "Cannot send mail: \(curlLoadError). Run: apt-get install libcurl4 (scripts/test installs "
          + "libcurl4-openssl-dev).", note: DeliveryFailure.messagesStayQueued)
    }
    guard curlGlobalInitResult == CURLE_OK.rawValue else {
      throw DeliveryFailure(
        .temporary, .localSetup,
        "libcurl could not be initialised (error \(curlGlobalInitResult)); nothing was sent to "
          + "\(settings.hostAndPort).", isLocal: true, scope: .connection)
    }
    guard let handle = pokja_curl_easy_init() else {
      throw DeliveryFailure(
        .temporary, .localSetup,
        "libcurl could not create a handle (out of memory?); nothing was sent to \(settings.hostAndPort).",
        isLocal: true, scope: .connection)
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
    _ = pokja_curl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 1)
    _ = pokja_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, nil)
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
    // Mail goes straight to the server: an `all_proxy` in cron's or a shell's environment is not a
    // route anyone chose for it ("" switches libcurl's environment proxies off).
    string(CURLOPT_PROXY, "", "PROXY")
    long(CURLOPT_UPLOAD, 1, "UPLOAD")
    long(
      CURLOPT_USE_SSL,
      Int(settings.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue), "USE_SSL")
    long(CURLOPT_SSL_VERIFYPEER, 1, "SSL_VERIFYPEER")
    long(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
    if let caFile = settings.caFile { string(CURLOPT_CAINFO, caFile, "CAINFO") }
    long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(settings.connectTimeout), "CONNECTTIMEOUT_MS")
    // No limit on the whole transfer: a large invitation over a slow line may take minutes. An upload
    // that stalls (under low_speed_limit for low_speed_time) is ended by the progress callback, which
    // knows when the message is on its way and when it has all gone; libcurl's own low-speed check
    // would also run while the server considers a message it has whole (RFC 5321 gives it 10
    // minutes), and ending the wait there makes a second copy. A server that takes longer than
    // reply_timeout to answer a command ends it.
    long(CURLOPT_LOW_SPEED_TIME, 0, "LOW_SPEED_TIME")
    long(
      CURLOPT_SERVER_RESPONSE_TIMEOUT, max(Int(settings.replyTimeout.components.seconds), 1),
      "SERVER_RESPONSE_TIMEOUT")
    // The progress callback keeps the outbox's claim on a message that takes long.
    long(CURLOPT_NOPROGRESS, 0, "NOPROGRESS")
    codes.append(
      ("XFERINFOFUNCTION", pokja_curl_easy_setopt_xferinfo_callback(handle, smtpProgressCallback)))
    codes.append(("XFERINFODATA", pokja_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, me)))
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
        .configuration, .localSetup,
        "libcurl refused the option \(name) for \(settings.destination) (\(text)): this libcurl lacks "
          + "SMTP or TLS support; install libcurl4-openssl-dev (or a libcurl built with OpenSSL).")
    }
    return nil
  }

  /// The connection, TLS and login, then NOOP: no message (see `CurlSMTPTransport.check`).
  func check() -> Swift.Result<String, DeliveryFailure> {
    errorBuffer[0] = 0
    serverLines = []
    stage = .connection
    let setup = [
      pokja_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 0),
      pokja_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "NOOP"),
      // The reply would otherwise go to libcurl's default writer, standard output.
      pokja_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, discardingCallback),
    ]
    guard setup.allSatisfy({ $0 == CURLE_OK }) else {
      return .failure(
        DeliveryFailure(.configuration, .localSetup, "libcurl refused the NOOP request."))
    }
    let outcome = perform()
    if outcome.code == CURLE_OK {
      return .success(redact(outcome.reply ?? "\(outcome.responseCode)"))
    }
    return .failure(classify(outcome, message: nil).failure(redact: redact))
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
      serverLine: outcome.reply, stage: stage, settings: settings, message: message)
  }

  /// Sends one message over the handle's (kept-alive) connection; `heartbeat` is called about once a
  /// second while it takes (a false answer ends the transfer).
  func send(_ message: OutboundMessage, heartbeat: @escaping () -> Bool) -> Result {
    errorBuffer[0] = 0
    serverLines = []
    stage = .connection
    upload = Array(message.content.utf8)
    uploadOffset = 0
    self.heartbeat = heartbeat
    lastHeartbeat = .now
    stalled = false
    defer {
      upload = []
      self.heartbeat = nil
    }

    guard let mailbox = message.destination.email else {
      return .failed(
        DeliveryFailure(
          .permanent, .badURL,
          "Message \(message.id) goes to \(message.destination), not to a mailbox: it cannot go by mail."
        ),
        endsBatch: false)
    }
    var recipients: UnsafeMutablePointer<curl_slist>? = pokja_curl_slist_append(
      nil, "<\(mailbox.value)>")
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
          .temporary, .localSetup,
          "libcurl could not prepare the message to \(message.destination) for \(settings.hostAndPort) "
            + "(out of memory?).", isLocal: true, scope: .connection),
        endsBatch: true)
    }

    let outcome = perform()
    if outcome.code == CURLE_OK {
      return .delivered(receipt: redact(outcome.reply ?? "\(outcome.responseCode) accepted"))
    }
    if stalled {
      // The message was on its way and stopped moving: not all of it reached the server, which
      // drops a message without its end. It counts, and the connection is no longer fit to use.
      return .failed(
        DeliveryFailure(
          .temporary, .stalled,
          "Sending the message to '\(message.destination)' through \(settings.hostAndPort) stalled: "
            + "under \(settings.lowSpeedLimit) bytes a second for "
            + "\(settings.lowSpeedTime.components.seconds) s; it stays queued and will be tried again. "
            + "On a slow line, raise [smtp] low_speed_time or lower [smtp] low_speed_limit.",
          scope: .message),
        endsBatch: true)
    }
    let classified = classify(outcome, message: message)
    return .failed(
      classified.failure(redact: redact), endsBatch: classified.endsBatch,
      pattern: classified.pattern,
      serverReply: redact(classified.serverReply))
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

  /// Follows what libcurl sends: the verb of each command (never its argument: AUTH carries the
  /// password), and the message's bytes.
  fileprivate func noteSent(_ data: UnsafeMutablePointer<CChar>, size: Int, isContent: Bool) {
    if isContent {
      if stage >= .data { stage = .content }
      return
    }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let verb = String(
      decoding: bytes.prefix(while: { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }).prefix(8),
      as: UTF8.self
    ).uppercased()
    switch verb {
    case "EHLO", "HELO", "STARTTLS": stage = .connection
    case "AUTH": stage = .login
    case "MAIL": stage = .sender
    case "RCPT": stage = .recipient
    case "DATA": stage = .data
    // The end of the message (".") once its bytes went out; QUIT, RSET, NOOP and the lines of a
    // login leave the stage as it was.
    case ".": if stage >= .data { stage = .content }
    default: break
    }
  }

  /// Called by libcurl during a transfer (and while it waits for a reply) with the bytes of the
  /// message sent so far. Notes when all of it has gone, ends an upload that stalls, and about once
  /// a second tells the outbox the message is still under way. False: stop.
  fileprivate func progress(uploaded: Int64) -> Bool {
    let now = ContinuousClock.now
    if stage == .content && uploaded >= Int64(upload.count) && !upload.isEmpty {
      stage = .awaitingReply
    }
    if stage == .content {
      if now - windowStart >= settings.lowSpeedTime {
        let seconds = Double(settings.lowSpeedTime.components.seconds)
        if Double(uploaded - windowBytes) < Double(settings.lowSpeedLimit) * max(seconds, 1) {
          stalled = true
          return false
        }
        windowStart = now
        windowBytes = uploaded
      }
    } else {
      windowStart = now
      windowBytes = uploaded
    }
    guard let heartbeat, now - lastHeartbeat >= .seconds(1) else { return true }
    lastHeartbeat = now
    // A claim lost while the server considers the whole message changes nothing now: the answer
    // is awaited, and recording it fails (the summary says another run took over).
    return heartbeat() || stage == .awaitingReply
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
  guard let data, let userdata, size > 0 else { return 0 }
  let session = Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue()
  switch type {
  // What the server said.
  case CURLINFO_HEADER_IN: session.noteServer(data, size: size)
  // Our commands: only their verbs are kept (AUTH's argument is the password).
  case CURLINFO_HEADER_OUT: session.noteSent(data, size: size, isContent: false)
  case CURLINFO_DATA_OUT: session.noteSent(data, size: size, isContent: true)
  default: break
  }
  return 0
}

private let smtpProgressCallback: curl_xferinfo_callback = { userdata, _, _, _, uploaded in
  guard let userdata else { return 0 }
  let session = Unmanaged<SMTPSession>.fromOpaque(userdata).takeUnretainedValue()
  return session.progress(uploaded: Int64(uploaded)) ? 0 : 1
}

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
    var note: String? = nil
    /// Whether the connection itself failed, so the rest of the batch would fail the same way.
    var endsBatch: Bool
    /// For a refusal of one message that may in truth be the server's or the account's (a 4xx, a
    /// 5.7.x policy refusal): its stage, code and enhanced code, so that the same refusal of
    /// several messages in a row can be taken for what it is.
    var pattern: RefusalPattern? = nil
    /// The server's words, for the message said when it is.
    var serverReply = ""

    /// The whole sentence.
    var message: String { detail + (note ?? "") }

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
    note: String? = nil
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
    let queued = DeliveryFailure.staysQueued

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
          + "that port?", note: " The message stays queued.")
    case operationTimedOut:
      if stage < .awaitingReply {
        // Connecting, or waiting for the answer to a command: the server, not the message.
        return session(
          .unreachable, .noAnswer, "The SMTP server at \(at) did not answer in time (\(curlText))",
          note: "; the message stays queued and will be tried again.")
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
    let queued = DeliveryFailure.staysQueued
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
          note: "; the messages stay queued and will be tried again.")
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

// MARK: - Refusals in a row

/// What a refusal was: its stage, reply code and enhanced status code. Two refusals with the same
/// pattern are the same refusal.
struct RefusalPattern: Equatable, Sendable {
  var stage: SMTPSession.Stage
  var code: Int
  var enhanced: String
}

/// Refusals that name one message but may be the server's or the account's: "451 4.7.1 too much
/// mail", "550 5.7.1 relaying denied". One of them alone is the message's. The same one for
/// `length` messages in a row is taken for the server's: a 4xx stops the batch, costing the messages
/// nothing; a 5.7.x has them (and the rest of the streak) tried again later rather than given up.
/// Until the streak is decided, the refusals are held back (not yet reported to the outbox).
struct RefusalStreak {
  static let length = 3

  private var held: [(OutboundMessageID, DeliveryFailure)] = []
  private var pattern: RefusalPattern?
  /// A 5.7.x streak already taken for the server's: later refusals like it are too.
  private var recognised: RefusalPattern?

  /// What to report now, and the failure that stops the batch (if it does).
  struct Step {
    var report: [(OutboundMessageID, DeliveryFailure)] = []
    var stop: DeliveryFailure?
  }

  /// Adds a refusal with `pattern`; `asTheServers` makes the failure said once a streak is
  /// recognised.
  mutating func add(
    _ id: OutboundMessageID, _ failure: DeliveryFailure, pattern: RefusalPattern,
    asTheServers: () -> DeliveryFailure
  ) -> Step {
    if recognised == pattern { return Step(report: [(id, asTheServers())]) }
    var step = Step()
    if self.pattern != pattern {
      step.report = end()
      self.pattern = pattern
    }
    held.append((id, failure))
    guard held.count >= Self.length else { return step }
    let server = asTheServers()
    step.report += held.map { ($0.0, server) }
    held = []
    if pattern.code < 500 {
      step.stop = server
      self.pattern = nil
    } else {
      recognised = pattern
    }
    return step
  }

  /// The streak ends (a delivery, another failure, the end of the batch): what was held back is
  /// reported as it was.
  mutating func end() -> [(OutboundMessageID, DeliveryFailure)] {
    defer {
      held = []
      pattern = nil
      recognised = nil
    }
    return held
  }
}
