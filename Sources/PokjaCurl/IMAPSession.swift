import CCurl
import Foundation

/// One libcurl easy handle for one IMAP account, used for operation after operation so that libcurl
/// keeps the connection (and its login) between them. Never used by two threads at once:
/// `CurlIMAPMailbox` holds it under a lock.
///
/// How libcurl 7.88 is driven (see docs/architecture.md, "Reading mail over IMAP"):
/// - a command of Pokja's own is `CURLOPT_CUSTOMREQUEST`; libcurl hands its untagged responses
///   (`* …` lines, CRLF kept) to the write callback when their name is the command's or the
///   command is SELECT, EXAMINE, SEARCH, EXPUNGE, LSUB, UID, NOOP or GETQUOTAROOT; a tagged NO or
///   BAD ends the transfer with `CURLE_QUOTE_ERROR`. The lines of a literal (`{n}`) in such a
///   response are dropped, so message bodies never come that way;
/// - with a folder in the URL, libcurl first SELECTs it unless it believes that folder is selected
///   already (it remembers the last folder it SELECTed on the connection, not ours);
/// - `imap://host/FOLDER;UID=n` downloads the message with `UID FETCH n BODY[]`, which sets
///   `\Seen` in a folder opened read-write. Pokja opens the folder with EXAMINE (read-only) first,
///   on a URL naming the folder, so libcurl sends the FETCH without a SELECT of its own and the
///   flag stays as it was;
/// - any failure closes the connection (libcurl logs out), so the next operation logs in again.
final class IMAPSession {
  let settings: IMAPSettings
  private let handle: UnsafeMutableRawPointer
  private let errorBuffer: UnsafeMutablePointer<CChar>
  private let errorBufferSize: Int

  // MARK: What the current transfer gathered

  /// What libcurl handed the write callback: untagged responses of a custom request, or a message.
  private var received: [UInt8] = []
  private var receiveLimit = Int.max
  private var overLimit = false
  /// The server's lines (the last 40, printable, at most 300 characters each), up to libcurl's
  /// LOGOUT after a failure.
  private var serverLines: [String] = []
  /// The commands libcurl sent: their names only (`SELECT`, `UID FETCH`), never an argument
  /// (AUTHENTICATE and LOGIN carry the password).
  private var sentCommands: [String] = []
  private var loggingOut = false
  /// libcurl cut a response line too long for its buffer.
  private var lineCut = false
  /// The server said LOGINDISABLED (no login before TLS).
  private var sawLoginDisabled = false
  /// Capabilities the server listed after the login in this transfer.
  private var capabilitiesAfterLogin: Set<String>?

  // MARK: What the connection is in

  /// The folder (as sent) libcurl believes selected: it SELECTs the URL's folder unless it is this.
  private var curlMailbox: String?
  /// The folder the server has selected, and whether read-only (EXAMINE).
  private var serverMailbox: (name: String, readOnly: Bool)?
  /// The capabilities after login on this connection, when known.
  private var capabilities: Set<String>?
  /// Whether the last transfer ran on a connection kept from before (not a new one).
  private var reusedConnection = false

  init(settings: IMAPSettings) throws(IMAPError) {
    self.settings = settings
    if let loadError = CurlLibrary.loadError {
      throw .libcurlUnavailable(detail: loadError)
    }
    guard CurlLibrary.initResult == CURLE_OK.rawValue else {
      throw .libcurlUnavailable(
        detail: "libcurl could not be initialised (error \(CurlLibrary.initResult))")
    }
    guard settings.password != nil else {
      throw .passwordMissing(
        server: settings.hostAndPort, user: settings.username,
        passwordSource: settings.passwordSource)
    }
    guard let handle = pokja_curl_easy_init() else {
      throw .libcurlUnavailable(detail: "libcurl could not create a handle (out of memory?)")
    }
    self.handle = handle
    errorBufferSize = Int(pokja_curl_error_size())
    errorBuffer = .allocate(capacity: errorBufferSize)
    errorBuffer.initialize(repeating: 0, count: errorBufferSize)
    // Every stored property is set: throwing from here runs deinit, which frees both.
    if let failed = configure() {
      throw .libcurlUnavailable(
        detail: "libcurl refused the option \(failed) (a libcurl without IMAP or TLS?)")
    }
  }

  deinit {
    // The LOGOUT sent by curl_easy_cleanup must not reach the callbacks: `self` is going away.
    _ = pokja_curl_easy_setopt_long(handle, CURLOPT_VERBOSE, 0)
    _ = pokja_curl_easy_setopt_debug_callback(handle, nil)
    _ = pokja_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, nil)
    _ = pokja_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, discardingCallback)
    _ = pokja_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, nil)
    pokja_curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  /// The options every transfer shares. Returns the name of an option libcurl refused, if any.
  private func configure() -> String? {
    let me = Unmanaged.passUnretained(self).toOpaque()
    var codes: [(String, CURLcode)] = []
    func long(_ option: CURLoption, _ value: Int, _ name: String) {
      codes.append((name, pokja_curl_easy_setopt_long(handle, option, value)))
    }
    func string(_ option: CURLoption, _ value: String, _ name: String) {
      codes.append((name, pokja_curl_easy_setopt_string(handle, option, value)))
    }
    codes.append(("ERRORBUFFER", pokja_curl_easy_setopt_errorbuffer(handle, errorBuffer)))
    // Set before the first transfer (libcurl refuses it later): a response line longer than half
    // the buffer is cut, and a SEARCH of many UIDs is one line.
    long(CURLOPT_BUFFERSIZE, 1 << 20, "BUFFERSIZE")
    long(CURLOPT_NOSIGNAL, 1, "NOSIGNAL")
    // Mail is read straight from the server: a proxy in the environment is not a route anyone
    // chose for it ("" switches libcurl's environment proxies off).
    string(CURLOPT_PROXY, "", "PROXY")
    let useSSL: curl_usessl
    switch settings.effectiveSTARTTLS {
    case .required: useSSL = CURLUSESSL_ALL
    case .whenOffered: useSSL = CURLUSESSL_TRY
    case .never: useSSL = CURLUSESSL_NONE
    }
    long(
      CURLOPT_USE_SSL, Int(settings.scheme == .imaps ? CURLUSESSL_ALL.rawValue : useSSL.rawValue),
      "USE_SSL")
    long(CURLOPT_SSL_VERIFYPEER, 1, "SSL_VERIFYPEER")
    long(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
    if let caFile = settings.caFile { string(CURLOPT_CAINFO, caFile, "CAINFO") }
    long(
      CURLOPT_CONNECTTIMEOUT_MS, SMTPSession.milliseconds(settings.connectTimeout),
      "CONNECTTIMEOUT_MS")
    long(
      CURLOPT_SERVER_RESPONSE_TIMEOUT, max(Int(settings.replyTimeout.components.seconds), 1),
      "SERVER_RESPONSE_TIMEOUT")
    long(CURLOPT_LOW_SPEED_LIMIT, settings.lowSpeedLimit, "LOW_SPEED_LIMIT")
    long(
      CURLOPT_LOW_SPEED_TIME, max(Int(settings.lowSpeedTime.components.seconds), 1),
      "LOW_SPEED_TIME")
    long(CURLOPT_TCP_KEEPALIVE, 1, "TCP_KEEPALIVE")
    string(CURLOPT_USERNAME, settings.username, "USERNAME")
    // libcurl copies the string; the password is never part of a URL.
    string(CURLOPT_PASSWORD, settings.password ?? "", "PASSWORD")
    codes.append(
      (
        "WRITEFUNCTION",
        pokja_curl_easy_setopt_write_callback(
          handle, CURLOPT_WRITEFUNCTION, imapWriteCallback)
      ))
    codes.append(("WRITEDATA", pokja_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me)))
    // VERBOSE only feeds the debug callback (nothing goes to stderr): it follows the commands
    // sent and keeps the server's lines, so failures quote the server's own words.
    codes.append(
      ("DEBUGFUNCTION", pokja_curl_easy_setopt_debug_callback(handle, imapDebugCallback)))
    codes.append(("DEBUGDATA", pokja_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, me)))
    long(CURLOPT_VERBOSE, 1, "VERBOSE")
    return codes.first(where: { $0.1 != CURLE_OK })?.0
  }

  // MARK: Operations

  /// EXAMINE `folder` (read-only): its UIDVALIDITY and number of messages.
  func examine(_ folder: String) throws(IMAPError) -> IMAPFolderState {
    let name = try Self.wireName(folder)
    let lines = try untagged(
      Request(mailbox: name, command: "EXAMINE \(IMAPWire.quoted(name))", folder: folder))
    let state = IMAPWire.folderState(lines)
    guard let uidValidity = state.uidValidity else {
      throw .unexpectedReply(
        server: settings.hostAndPort, detail: "EXAMINE \(folder) told no UIDVALIDITY")
    }
    return IMAPFolderState(
      uidValidity: uidValidity, exists: state.exists ?? 0, uidNext: state.uidNext)
  }

  /// `UID SEARCH UNSEEN` in `folder`.
  func unseenUIDs(in folder: String) throws(IMAPError) -> [UInt32] {
    let name = try Self.wireName(folder)
    let lines = try untagged(Request(mailbox: name, command: "UID SEARCH UNSEEN", folder: folder))
    return IMAPWire.searchUIDs(lines)
  }

  /// The message's bytes, its flags untouched.
  func fetch(_ uid: UInt32, in folder: String) throws(IMAPError) -> Data {
    let name = try Self.wireName(folder)
    // 1. The folder read-only, on a URL naming it: the server has it EXAMINEd, and libcurl
    //    believes it selected, so the download below goes out without a SELECT of libcurl's.
    var items: IMAPWire.FetchedItems? = nil
    for _ in 0..<2 {
      if !(curlMailbox == name && serverMailbox?.name == name && serverMailbox?.readOnly == true) {
        _ = try untagged(
          Request(mailbox: name, command: "EXAMINE \(IMAPWire.quoted(name))", folder: folder))
      }
      // 2. Its size and flags, so a message over the limit is refused without being read.
      items = try lookUp(uid, "(RFC822.SIZE FLAGS)", name: name, folder: folder)
      // A new connection in between SELECTed the folder read-write: open it read-only again.
      if serverMailbox?.readOnly == true { break }
    }
    guard let items else { throw .messageMissing(folder: folder, uid: uid) }
    if let size = items.size, size > settings.maxMessageSize {
      throw .messageTooLarge(folder: folder, uid: uid, size: size, limit: settings.maxMessageSize)
    }
    let wasSeen = items.flags?.contains(where: Self.isSeenFlag)
    // 3. The message: `UID FETCH n BODY[]`, read-only, so \Seen is not set.
    beforeDownload?()
    let readOnly = serverMailbox?.name == name && serverMailbox?.readOnly == true
    let outcome = try perform(
      Request(mailbox: name, uid: uid, folder: folder, limit: settings.maxMessageSize))
    if (!readOnly || outcome.commands.contains("SELECT")) && wasSeen == false {
      // The connection was new (the old one had closed): libcurl SELECTed the folder read-write
      // and BODY[] set \Seen. Take it back.
      _ = try untagged(
        Request(
          mailbox: name, command: "UID STORE \(uid) -FLAGS.SILENT (\\Seen)", folder: folder,
          uid: uid))
    }
    return Data(outcome.received)
  }

  /// `UID STORE n +FLAGS (\Seen)`.
  func markSeen(_ uid: UInt32, in folder: String) throws(IMAPError) {
    let name = try Self.wireName(folder)
    try openWritable(name, folder: folder)
    for _ in 0..<2 {
      let lines = try untagged(
        Request(
          mailbox: name, command: "UID STORE \(uid) +FLAGS (\\Seen)", folder: folder, uid: uid))
      // The server answers with the message's new flags when they changed. Silence means it was
      // seen already, is not there, or came after this connection last heard of the folder (the
      // STORE then missed it, and is sent again).
      if IMAPWire.fetchItems(lines).contains(where: { $0.uid == uid }) { return }
      guard let found = try lookUp(uid, "(FLAGS)", name: name, folder: folder) else {
        throw .messageMissing(folder: folder, uid: uid)
      }
      if found.flags?.contains(where: Self.isSeenFlag) == true { return }
    }
    throw .unexpectedReply(
      server: settings.hostAndPort, detail: "UID STORE \(uid) +FLAGS (\\Seen) did not set it")
  }

  /// Marks the messages seen and moves them to `destination`, a few hundred per command; returns
  /// those that were not in the folder (gone meanwhile). A message the batch left behind is moved
  /// on its own (`move`).
  func file(_ uids: [UInt32], from folder: String, to destination: String) throws(IMAPError)
    -> Set<UInt32>
  {
    let name = try Self.wireName(folder)
    let target = try Self.wireName(destination)
    try openWritable(name, folder: folder)
    let offered = try serverCapabilities()
    var gone = Set<UInt32>()
    var start = 0
    while start < uids.count {
      let chunk = Array(uids[start..<min(start + 200, uids.count)])
      start += chunk.count
      let set = IMAPWire.uidSet(chunk)
      // Those not in the folder now were moved or deleted by someone else meanwhile.
      let present = Set(
        IMAPWire.searchUIDs(
          try untagged(Request(mailbox: name, command: "UID SEARCH UID \(set)", folder: folder))))
      gone.formUnion(chunk.filter { !present.contains($0) })
      _ = try untagged(
        Request(mailbox: name, command: "UID STORE \(set) +FLAGS.SILENT (\\Seen)", folder: folder))
      if offered.contains("MOVE") && preferMove {
        _ = try untagged(
          Request(
            mailbox: name, command: "UID MOVE \(set) \(IMAPWire.quoted(target))", folder: folder,
            destination: destination))
      } else {
        _ = try untagged(
          Request(
            mailbox: name, command: "UID COPY \(set) \(IMAPWire.quoted(target))", folder: folder,
            destination: destination))
        _ = try untagged(
          Request(
            mailbox: name, command: "UID STORE \(set) +FLAGS.SILENT (\\Deleted)", folder: folder))
        // Without UIDPLUS only a plain EXPUNGE exists, which would also remove what others
        // marked \Deleted: the copies stay marked, for the owner's mail program to remove.
        if offered.contains("UIDPLUS") {
          _ = try untagged(Request(mailbox: name, command: "UID EXPUNGE \(set)", folder: folder))
        }
      }
      let left = IMAPWire.searchUIDs(
        try untagged(Request(mailbox: name, command: "UID SEARCH UID \(set)", folder: folder)))
      for uid in left where chunk.contains(uid) {
        do throws(IMAPError) {
          try markSeen(uid, in: folder)
          try move(uid, from: folder, to: destination)
        } catch {
          guard case .messageMissing = error else { throw error }
          gone.insert(uid)
        }
      }
    }
    return gone
  }

  /// Moves the message to `destination`: `UID MOVE` (RFC 6851) when the server offers it, else
  /// `UID COPY`, `\Deleted` and `UID EXPUNGE` (RFC 4315; plain EXPUNGE without UIDPLUS).
  func move(_ uid: UInt32, from folder: String, to destination: String) throws(IMAPError) {
    let name = try Self.wireName(folder)
    let target = try Self.wireName(destination)
    try openWritable(name, folder: folder)
    let offered = try serverCapabilities()
    if offered.contains("MOVE") && preferMove {
      for attempt in 0..<2 {
        let lines = try untagged(
          Request(
            mailbox: name, command: "UID MOVE \(uid) \(IMAPWire.quoted(target))", folder: folder,
            destination: destination, uid: uid))
        // The source's EXPUNGE (or COPYUID) tells that the message went. Without either it was
        // not there ("OK No messages found"), or came after this connection last heard of the
        // folder: then it is found now, and moved on the second try.
        let moved = lines.contains { line in
          let words = line.split(separator: " ")
          return (words.count >= 2 && words[1].uppercased() == "EXPUNGE")
            || line.uppercased().contains("[COPYUID ")
        }
        if moved { return }
        if attempt == 0, try lookUp(uid, "(FLAGS)", name: name, folder: folder) == nil { break }
      }
      throw .messageMissing(folder: folder, uid: uid)
    }
    try requireMessage(uid, name: name, folder: folder)
    _ = try untagged(
      Request(
        mailbox: name, command: "UID COPY \(uid) \(IMAPWire.quoted(target))", folder: folder,
        destination: destination, uid: uid))
    _ = try untagged(
      Request(
        mailbox: name, command: "UID STORE \(uid) +FLAGS.SILENT (\\Deleted)", folder: folder,
        uid: uid))
    // Without UIDPLUS only a plain EXPUNGE exists, which would also remove other messages someone
    // marked \Deleted in this folder: the message stays marked, for the mail program to remove.
    if offered.contains("UIDPLUS") {
      _ = try untagged(
        Request(mailbox: name, command: "UID EXPUNGE \(uid)", folder: folder, uid: uid))
    }
  }

  /// `LIST "" name`, and `CREATE name` when it is not there; "already exists" is fine.
  func createFolderIfMissing(_ folder: String) throws(IMAPError) {
    let name = try Self.wireName(folder)
    let lines = try untagged(
      Request(mailbox: nil, command: "LIST \"\" \(IMAPWire.quoted(name))", folder: folder))
    if IMAPWire.listedNames(lines).contains(name) { return }
    do throws(IMAPError) {
      _ = try untagged(
        Request(mailbox: nil, command: "CREATE \(IMAPWire.quoted(name))", folder: folder))
    } catch {
      // Made meanwhile by someone else: what was wanted.
      if case .commandRefused(_, _, let reply, _) = error, Self.saysAlreadyExists(reply) { return }
      throw error
    }
  }

  /// Whether to use MOVE when the server offers it (tests switch it off to try the fallback).
  var preferMove = true
  /// Called just before a message is downloaded (tests close the connection there).
  var beforeDownload: (@Sendable () -> Void)?

  // MARK: Steps

  /// Makes sure the server has `name` selected read-write before a command that changes it.
  private func openWritable(_ name: String, folder: String) throws(IMAPError) {
    // When libcurl believes another folder (or none) selected, it SELECTs this one itself
    // (read-write) before the next command; only a folder this session EXAMINEd needs a SELECT.
    guard curlMailbox == name else { return }
    if serverMailbox?.name == name && serverMailbox?.readOnly == false { return }
    _ = try untagged(
      Request(mailbox: name, command: "SELECT \(IMAPWire.quoted(name))", folder: folder))
  }

  /// Throws `.messageMissing` unless `UID FETCH n (FLAGS)` finds the message.
  private func requireMessage(_ uid: UInt32, name: String, folder: String) throws(IMAPError) {
    if try lookUp(uid, "(FLAGS)", name: name, folder: folder) == nil {
      throw .messageMissing(folder: folder, uid: uid)
    }
  }

  /// `UID FETCH n ITEMS`: the message's items, or nil when the folder has no such UID. A message
  /// delivered since this connection last heard of the folder is not known to it yet (the server
  /// tells of new messages after a command, not before), so a miss is asked again after a NOOP.
  private func lookUp(_ uid: UInt32, _ items: String, name: String, folder: String)
    throws(IMAPError) -> IMAPWire.FetchedItems?
  {
    for attempt in 0..<2 {
      if attempt == 1 { _ = try untagged(Request(mailbox: name, command: "NOOP", folder: folder)) }
      let lines = try untagged(
        Request(mailbox: name, command: "UID FETCH \(uid) \(items)", folder: folder, uid: uid))
      if let found = IMAPWire.fetchItems(lines).first(where: { $0.uid == uid }) { return found }
    }
    return nil
  }

  static func isSeenFlag(_ flag: String) -> Bool {
    flag.caseInsensitiveCompare("\\Seen") == .orderedSame
  }

  /// The capabilities after login: as the server listed them on logging in, else `CAPABILITY`.
  private func serverCapabilities() throws(IMAPError) -> Set<String> {
    if let capabilities { return capabilities }
    let lines = try untagged(Request(mailbox: nil, command: "CAPABILITY", folder: nil))
    var found = Set<String>()
    for line in lines {
      found.formUnion(IMAPWire.capabilities(inServerLine: "* " + line) ?? [])
    }
    capabilities = found
    return found
  }

  private static func saysAlreadyExists(_ reply: String) -> Bool {
    let upper = reply.uppercased()
    return upper.contains("[ALREADYEXISTS]") || upper.contains("ALREADY EXISTS")
  }

  /// `folder` as sent to the server (modified UTF-7), or `.invalidFolderName`.
  static func wireName(_ folder: String) throws(IMAPError) -> String {
    guard !folder.isEmpty,
      !folder.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" })
    else { throw .invalidFolderName(folder) }
    // INBOX is case-insensitive (RFC 3501 §5.1): one spelling, so libcurl's idea of the selected
    // folder and this session's agree.
    if folder.uppercased() == "INBOX" { return "INBOX" }
    return IMAPWire.encodeMailbox(folder)
  }

  // MARK: One transfer

  /// One transfer on the handle: its URL names `mailbox` (nil: none) and `uid` (a download) or
  /// carries `command`.
  struct Request {
    var mailbox: String?
    /// `;UID=n`: download this message.
    var uid: UInt32? = nil
    var command: String? = nil
    /// For messages: the folder (as the caller named it), the destination of a copy or move, and
    /// the message a command is about.
    var folder: String?
    var destination: String? = nil
    var messageUID: UInt32? = nil
    /// The most the write callback takes.
    var limit = 64 << 20

    init(mailbox: String?, uid: UInt32, folder: String, limit: Int) {
      self.mailbox = mailbox
      self.uid = uid
      self.folder = folder
      self.limit = limit
    }

    init(
      mailbox: String?, command: String, folder: String?, destination: String? = nil,
      uid: UInt32? = nil
    ) {
      self.mailbox = mailbox
      self.command = command
      self.folder = folder
      self.destination = destination
      self.messageUID = uid
    }
  }

  /// The untagged responses to a custom request, each without `* ` and CRLF.
  private func untagged(_ request: Request) throws(IMAPError) -> [String] {
    IMAPWire.untaggedLines(try perform(request).received)
  }

  private func url(for request: Request) -> String {
    let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
    var text = "\(settings.scheme.rawValue)://\(host):\(settings.port)/"
    if let mailbox = request.mailbox { text += IMAPWire.percentEncoded(mailbox) }
    if let uid = request.uid { text += ";UID=\(uid)" }
    return text
  }

  /// One transfer, made once more on a new connection when the server had closed the kept one
  /// meanwhile (an idle timeout, a restart: libcurl finds out only by using it). A command that
  /// would do something twice (COPY, MOVE) is made again only when the server said nothing to it
  /// but its `* BYE`.
  private func perform(_ request: Request) throws(IMAPError) -> (
    received: [UInt8], commands: [String]
  ) {
    do throws(IMAPError) {
      return try performOnce(request)
    } catch {
      guard case .connectionLost = error, reusedConnection else { throw error }
      let command = Self.commandName(request.command ?? "")
      let repeats = ["UID MOVE", "UID COPY", "MOVE", "COPY"].contains(command)
      if repeats && !serverLines.allSatisfy({ $0.uppercased().hasPrefix("* BYE") }) {
        throw error
      }
      return try performOnce(request)
    }
  }

  private func performOnce(_ request: Request) throws(IMAPError) -> (
    received: [UInt8], commands: [String]
  ) {
    errorBuffer[0] = 0
    received = []
    receiveLimit = request.limit
    overLimit = false
    serverLines = []
    sentCommands = []
    loggingOut = false
    lineCut = false
    sawLoginDisabled = false
    capabilitiesAfterLogin = nil
    defer { received = [] }

    let setup = [
      pokja_curl_easy_setopt_string(handle, CURLOPT_URL, url(for: request)),
      pokja_curl_easy_setopt_string(
        handle, CURLOPT_CUSTOMREQUEST, request.command.map(IMAPWire.customRequest)),
    ]
    guard setup.allSatisfy({ $0 == CURLE_OK }) else {
      throw .libcurlUnavailable(detail: "libcurl refused the URL or command (out of memory?)")
    }
    let code = pokja_curl_easy_perform(handle)
    var connects = 0
    _ = pokja_curl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
    reusedConnection = connects == 0
    if connects > 0 {
      // A new connection: nothing selected on it but what this transfer selected.
      curlMailbox = nil
      serverMailbox = nil
      capabilities = capabilitiesAfterLogin
    }
    guard code == CURLE_OK else {
      // libcurl closes the connection after any failure.
      curlMailbox = nil
      serverMailbox = nil
      capabilities = nil
      throw classify(code, request)
    }
    for command in sentCommands {
      if command == "SELECT" || command == "EXAMINE" {
        serverMailbox = (request.mailbox ?? "", command == "EXAMINE")
      }
    }
    if let mailbox = request.mailbox { curlMailbox = mailbox }
    if lineCut {
      throw .responseTooLong(
        command: Self.commandName(request.command ?? "FETCH"), server: settings.hostAndPort)
    }
    return (received, sentCommands)
  }

  // MARK: Failures

  private func classify(_ code: CURLcode, _ request: Request) -> IMAPError {
    let server = settings.hostAndPort
    let curlText = curlWords(code)
    let reply = redact(lastReply() ?? curlText)
    let stage = sentCommands.last ?? ""
    let folder = request.folder ?? settings.folder
    switch code.rawValue {
    case SMTPFailureClassifier.couldNotResolveHost:
      return .hostNotFound(server: settings.host, detail: curlText)
    case SMTPFailureClassifier.couldNotConnect:
      return .connectionRefused(server: server, detail: curlText)
    case SMTPFailureClassifier.operationTimedOut:
      return .timedOut(server: server, detail: curlText)
    case SMTPFailureClassifier.peerFailedVerification, SMTPFailureClassifier.sslIssuerError,
      SMTPFailureClassifier.sslInvalidCertStatus, SMTPFailureClassifier.sslPinnedPubKeyNotMatch:
      return .certificateRejected(server: server, caFile: settings.caFile, detail: curlText)
    case SMTPFailureClassifier.useSSLFailed:
      return .startTLSNotOffered(server: server)
    case SMTPFailureClassifier.sslConnectError, SMTPFailureClassifier.sslCipher,
      SMTPFailureClassifier.sslShutdownFailed, SMTPFailureClassifier.sslCACertBadFile,
      SMTPFailureClassifier.sslCRLBadFile, SMTPFailureClassifier.sslCertProblem,
      SMTPFailureClassifier.sslClientCert, SMTPFailureClassifier.sslEngineNotFound,
      SMTPFailureClassifier.sslEngineSetFailed, SMTPFailureClassifier.sslEngineInitFailed:
      return .tlsFailed(server: server, detail: curlText)
    case SMTPFailureClassifier.loginDenied, SMTPFailureClassifier.authError:
      // libcurl says "login denied" also when its own SELECT of the URL's folder is refused.
      if stage == "SELECT" || stage == "EXAMINE" {
        return Self.saysFolderMissing(reply)
          ? .folderMissing(folder: folder, server: server, serverReply: reply)
          : .commandRefused(
            command: "\(stage) \(folder)", server: server, serverReply: reply,
            temporary: Self.saysTemporary(reply))
      }
      if stage == "AUTHENTICATE" || stage == "LOGIN" {
        return .loginRefused(
          server: server, user: settings.username, passwordSource: settings.passwordSource,
          serverReply: reply)
      }
      // Nothing was tried: no mechanism libcurl knows, or no login at all before TLS.
      let capability = redact(
        serverLines.last(where: { $0.uppercased().contains("CAPABILITY") }) ?? curlText)
      return sawLoginDisabled
        ? .tlsRequiredByServer(server: server, serverReply: capability)
        : .noUsableLogin(server: server, serverReply: capability)
    case IMAPCurlCode.remoteFileNotFound:
      // The download's FETCH found no message with the UID.
      return .messageMissing(folder: folder, uid: request.uid ?? request.messageUID ?? 0)
    case IMAPCurlCode.quoteError:
      // A command of Pokja's refused (NO or BAD).
      let command = Self.commandName(request.command ?? stage)
      if Self.saysFolderMissing(reply) {
        let upper = reply.uppercased()
        let aboutDestination =
          request.destination != nil
          && (upper.contains("[TRYCREATE]") || command == "UID COPY" || command == "UID MOVE")
        return .folderMissing(
          folder: aboutDestination ? request.destination ?? folder : folder, server: server,
          serverReply: reply)
      }
      // Which folder a refused CREATE was of, and where a refused move went.
      let named =
        switch command {
        case "CREATE": "CREATE of the folder '\(folder)'"
        case "UID MOVE", "UID COPY": "\(command) to '\(request.destination ?? folder)'"
        default: command
        }
      return .commandRefused(
        command: named, server: server, serverReply: reply,
        temporary: Self.saysTemporary(reply))
    case IMAPCurlCode.writeError where overLimit:
      if request.uid != nil {
        return .messageTooLarge(
          folder: folder, uid: request.uid ?? 0, size: received.count,
          limit: settings.maxMessageSize)
      }
      return .responseTooLong(command: Self.commandName(request.command ?? stage), server: server)
    case SMTPFailureClassifier.unsupportedProtocol, SMTPFailureClassifier.urlMalformat,
      SMTPFailureClassifier.notBuiltIn:
      return .libcurlUnavailable(
        detail: "libcurl cannot read \(settings.destination) (\(curlText)): it needs IMAP and TLS "
          + "support (libcurl4-openssl-dev)")
    default:
      if let bye = serverLines.last(where: { $0.uppercased().hasPrefix("* BYE") }) {
        return .connectionLost(server: server, detail: redact(bye))
      }
      if [
        SMTPFailureClassifier.sendError, SMTPFailureClassifier.recvError,
        SMTPFailureClassifier.gotNothing,
      ].contains(code.rawValue) {
        return .connectionLost(server: server, detail: curlText)
      }
      return .unexpectedReply(server: server, detail: "\(curlText); \(reply)")
    }
  }

  /// libcurl's words for the failure: its error buffer, else its text for the code.
  private func curlWords(_ code: CURLcode) -> String {
    let text = String(cString: errorBuffer)
    return redact(text.isEmpty ? String(cString: pokja_curl_easy_strerror(code)) : text)
  }

  /// The server's tagged answer to the last command (`NO [NONEXISTENT] …`), without its tag.
  private func lastReply() -> String? {
    for line in serverLines.reversed() {
      let words = line.split(separator: " ", maxSplits: 1)
      guard words.count == 2, words[0] != "*", words[0] != "+" else { continue }
      let status = words[1].prefix(while: { $0 != " " }).uppercased()
      if status == "NO" || status == "BAD" || status == "OK" { return String(words[1]) }
    }
    return serverLines.last(where: { $0.uppercased().hasPrefix("* BYE") })
  }

  private static func saysFolderMissing(_ reply: String) -> Bool {
    let upper = reply.uppercased()
    return [
      "[NONEXISTENT]", "[TRYCREATE]", "DOESN'T EXIST", "DOES NOT EXIST", "NO SUCH MAILBOX",
      "UNKNOWN MAILBOX", "NOT FOUND",
    ].contains { upper.contains($0) }
  }

  /// RFC 5530 codes that mean "not now".
  private static func saysTemporary(_ reply: String) -> Bool {
    let upper = reply.uppercased()
    return ["[UNAVAILABLE]", "[INUSE]", "[LIMIT]", "[SERVERBUG]", "[OVERQUOTA]"].contains {
      upper.contains($0)
    }
  }

  /// `UID FETCH 5 BODY…` → `UID FETCH`; `EXAMINE "x"` → `EXAMINE`.
  static func commandName(_ command: String) -> String {
    let words = command.split(separator: " ").map { $0.uppercased() }
    guard let first = words.first else { return command }
    if first == "UID", words.count > 1 { return "UID \(words[1])" }
    return first
  }

  /// Defence in depth: should a server or libcurl ever echo the password, it is blanked out.
  private func redact(_ text: String) -> String {
    guard let password = settings.password, !password.isEmpty else { return text }
    return text.replacingOccurrences(of: password, with: "•••")
  }

  // MARK: Callbacks' work

  fileprivate func take(_ data: UnsafeMutablePointer<CChar>, count: Int) -> Int {
    guard received.count + count <= receiveLimit else {
      overLimit = true
      return 0  // CURLE_WRITE_ERROR: the transfer ends here
    }
    data.withMemoryRebound(to: UInt8.self, capacity: count) {
      received.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
    }
    return count
  }

  /// A command libcurl sent: its name only (never the argument: AUTHENTICATE and LOGIN carry the
  /// password). A SASL continuation (a bare base64 line) has no tag and is not a command.
  fileprivate func noteSent(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    let bytes = UnsafeRawBufferPointer(start: data, count: min(size, 64))
    let words = bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x0D || $0 == 0x0A })
    guard words.count >= 2, words[0].allSatisfy({ $0 >= 0x30 && $0 <= 0x5A }) else { return }
    var name = String(decoding: words[1].prefix(16), as: UTF8.self).uppercased()
    if name == "UID", words.count >= 3 {
      name += " " + String(decoding: words[2].prefix(16), as: UTF8.self).uppercased()
    }
    if name == "LOGOUT" {
      // libcurl logs out when it drops the connection after a failure: what the server says to
      // that is not what failed.
      loggingOut = true
      return
    }
    sentCommands.append(name)
  }

  fileprivate func noteServer(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    guard !loggingOut else { return }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    for line in bytes.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A }) where !line.isEmpty {
      let printable = String(
        decoding: line.prefix(300).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") },
        as: UTF8.self)
      if let listed = IMAPWire.capabilities(inServerLine: printable) {
        if listed.contains("LOGINDISABLED") { sawLoginDisabled = true }
        if sentCommands.contains(where: { $0 == "AUTHENTICATE" || $0 == "LOGIN" }) {
          capabilitiesAfterLogin = listed
        }
      }
      serverLines.append(printable)
    }
    if serverLines.count > 40 { serverLines.removeFirst(serverLines.count - 40) }
  }

  fileprivate func noteText(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    let text = String(
      decoding: UnsafeRawBufferPointer(start: data, count: min(size, 200)), as: UTF8.self)
    if text.hasPrefix("Excessive server response line") { lineCut = true }
  }
}

/// libcurl error numbers IMAP needs beyond SMTP's (stable ABI values, see curl/curl.h).
enum IMAPCurlCode {
  /// A custom request answered NO or BAD.
  static let quoteError: UInt32 = 21
  /// The write callback refused the data (over the limit).
  static let writeError: UInt32 = 23
  /// The download's FETCH found no message.
  static let remoteFileNotFound: UInt32 = 78
}

// MARK: - C callbacks (capture nothing; the session arrives as the user pointer)

private let imapWriteCallback: curl_write_callback = { data, size, count, userdata in
  guard let data, let userdata else { return 0 }
  let session = Unmanaged<IMAPSession>.fromOpaque(userdata).takeUnretainedValue()
  return session.take(data, count: size * count)
}

private let imapDebugCallback: curl_debug_callback = { _, type, data, size, userdata in
  guard let data, let userdata, size > 0 else { return 0 }
  let session = Unmanaged<IMAPSession>.fromOpaque(userdata).takeUnretainedValue()
  switch type {
  case CURLINFO_HEADER_IN: session.noteServer(data, size: size)
  case CURLINFO_HEADER_OUT: session.noteSent(data, size: size)
  case CURLINFO_TEXT: session.noteText(data, size: size)
  default: break
  }
  return 0
}
