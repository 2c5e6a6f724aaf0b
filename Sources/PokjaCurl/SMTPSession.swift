import CCurl
import Foundation
import PokjaCore

// MARK: - libcurl global state

/// Takes and drops what a command other than sending answers (NOOP's reply lines are read by the
/// debug callback).
let discardingCallback: curl_write_callback = { _, size, count, _ in size * count }

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
    if let curlLoadError = CurlLibrary.loadError {
      throw DeliveryFailure(
        .configuration, .localSetup,
        "Cannot send mail: \(curlLoadError). Run: apt-get install libcurl4 (scripts/test installs "
          + "libcurl4-openssl-dev).", note: .messagesStayQueued)
    }
    guard CurlLibrary.initResult == CURLE_OK.rawValue else {
      throw DeliveryFailure(
        .temporary, .localSetup,
        "libcurl could not be initialised (error \(CurlLibrary.initResult)); nothing was sent to "
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
