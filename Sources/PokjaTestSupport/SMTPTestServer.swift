import Foundation
import PokjaCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real SMTP server for tests: `scripts/testing/smtp_server.py` (aiosmtpd) in a child process, bound to
/// 127.0.0.1 on a free port, with a self-signed certificate made for this server (CN=localhost, SAN
/// localhost and 127.0.0.1), an account with a random password, and a folder receiving each accepted
/// message. Every instance has its own temporary folder, so tests can run in parallel.
///
/// ```swift
/// let server = try SMTPTestServer()
/// let settings = try SMTPSettings(url: server.smtpURL, password: server.password, caFile: server.caFile)
/// ... deliver ...
/// let received = try server.receivedMessages()
/// ```
///
/// A missing python3 or aiosmtpd throws `TestSupportError` ("run scripts/test, which installs aiosmtpd").
/// The server stops on `stop()`, on deinit, and by itself when the test process dies (it exits on end of
/// file on its stdin).
public final class SMTPTestServer {
  public struct Options: Sendable {
    /// Offer STARTTLS with a freshly made self-signed certificate (`caFile`).
    public var tls: Bool
    /// Refuse everything but EHLO/NOOP/QUIT/STARTTLS before STARTTLS (needs `tls`).
    public var requireSTARTTLS: Bool
    /// TLS from the first byte (SMTPS) instead of STARTTLS (needs `tls`).
    public var implicitTLS = false
    /// Require AUTH PLAIN/LOGIN with `username`/`password` before MAIL.
    public var auth: Bool
    /// Recipients answered `550 5.1.1` at RCPT TO.
    public var rejectRecipients: [String]
    /// Recipients answered `450 4.2.0` at RCPT TO.
    public var deferRecipients: [String]
    /// Seconds the server waits before answering each DATA (a slow server).
    public var dataDelay: Double
    /// The first this many DATA commands are answered `451 4.3.0` (try again later).
    public var deferFirstMessages: Int
    /// During the first this many DATA commands the server closes the connection unanswered.
    public var dropFirstMessages: Int
    /// The MAIL FROM commands (1, 2, … counted over all connections) answered `552 5.3.4` (too large).
    public var refuseMailCommands: [Int] = []
    /// Recipients answered `550 5.7.1` (refused by policy) at RCPT TO.
    public var refusePolicyRecipients: [String] = []
    /// Recipients whose message is answered `554 5.7.1` once the server has it all (after DATA).
    public var refuseContentRecipients: [String] = []
    /// Bytes a second the server takes from each client (a slow uplink); 0: as fast as they come.
    public var throttleBytesPerSecond = 0
    /// The server takes nothing more from a connection once this many bytes came through it (an
    /// uplink that hangs mid-message); 0: never.
    public var freezeAfterBytes = 0
    /// Recipients answered `451 4.7.1` (greylisted) at RCPT TO.
    public var greylistRecipients: [String] = []
    /// Every this many DATA commands (over all connections), the answer comes only after
    /// `stallSeconds`: a server that stalls now and then. 0: never.
    public var stallEvery = 0
    public var stallSeconds = 3.0
    /// Where the server's own folder (and the messages it receives) is made; nil: the temporary
    /// directory. A load test of thousands of messages puts it in memory (`/dev/shm`), where the
    /// server's sync of every file it writes costs nothing.
    public var parentFolder: URL?

    public init(
      tls: Bool = true, requireSTARTTLS: Bool = true, auth: Bool = true,
      rejectRecipients: [String] = [], deferRecipients: [String] = [], dataDelay: Double = 0,
      deferFirstMessages: Int = 0, dropFirstMessages: Int = 0
    ) {
      self.tls = tls
      self.requireSTARTTLS = requireSTARTTLS && tls
      self.auth = auth
      self.rejectRecipients = rejectRecipients
      self.deferRecipients = deferRecipients
      self.dataDelay = dataDelay
      self.deferFirstMessages = deferFirstMessages
      self.dropFirstMessages = dropFirstMessages
    }
  }

  /// One message the server accepted.
  public struct ReceivedMessage: Sendable, Equatable {
    /// 1, 2, ... in the order the server accepted them.
    public var number: Int
    /// The message exactly as received (after SMTP dot-unstuffing): the `.eml` file's bytes.
    public var data: Data
    /// Where it is stored, for `PythonTool.parseMail(file:)` or a failing test's message.
    public var file: URL
    /// Envelope sender (MAIL FROM).
    public var mailFrom: String
    /// Envelope recipients (RCPT TO) the server accepted.
    public var rcptTos: [String]
    /// The client's address and port, e.g. `127.0.0.1:53122`.
    public var peer: String
    /// Which TCP connection (1, 2, ...) carried the message.
    public var connection: Int
    /// Whether the message came over TLS.
    public var tls: Bool
    /// The user that logged in, or nil.
    public var authenticatedAs: String?
    /// When the server accepted it.
    public var receivedAt = Date.distantPast

    /// `data` as text (messages are 7-bit, so this is lossless for well-formed ones).
    public var text: String { String(decoding: data, as: UTF8.self) }
  }

  public let options: Options
  public let host = "127.0.0.1"
  public let port: Int
  /// The PEM certificate that signed the server's certificate (it is self-signed: the same file), or nil
  /// without TLS.
  public let caFile: String?
  public let username: String
  /// Random for each server; handed to the child through its environment, never its arguments.
  public let password: String
  /// Where `NNNN.eml` and `NNNN.json` land.
  public let outDirectory: URL
  /// This server's temporary folder (certificate, key, log, `outDirectory`); removed on deinit.
  public let directory: URL
  /// The server's stderr (aiosmtpd's log).
  public let logFile: URL

  private let process: Process
  private let stdinPipe: Pipe
  private var stopped = false

  /// `smtp://user@127.0.0.1:port`: the URL to give `SMTPSettings`.
  /// What the `pokja` binary needs to send through this server from `home` (a fresh
  /// `POKJA_HOME`): the URL, the password, the CA file and a sender.
  public func pokjaEnvironment(home: URL) -> [String: String] {
    [
      "HOME": home.path, "POKJA_HOME": home.path, "POKJA_SMTP_URL": smtpURL,
      "POKJA_SMTP_PASSWORD": password, "POKJA_SMTP_CA_FILE": caFile ?? "",
      "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>",
    ]
  }

  public var smtpURL: String {
    "\(options.implicitTLS ? "smtps" : "smtp")://\(username)@\(host):\(port)"
  }

  /// Starts a server and waits (up to `startTimeout`) until it accepts connections.
  public init(_ options: Options = Options(), startTimeout: Duration = .seconds(20)) throws {
    self.options = options
    let root = try RepositoryRoot.url()
    let script = root.appendingPathComponent("scripts/testing/smtp_server.py")
    let python = try PythonTool.python3()

    let fileManager = FileManager.default
    directory = (options.parentFolder ?? fileManager.temporaryDirectory).appendingPathComponent(
      "pokja-smtp-\(UUID().uuidString)", isDirectory: true)
    outDirectory = directory.appendingPathComponent("out", isDirectory: true)
    logFile = directory.appendingPathComponent("server.log")
    try fileManager.createDirectory(at: outDirectory, withIntermediateDirectories: true)

    username = "pokja-test"
    password = "pw-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()

    var arguments = [script.path, "--port", "0", "--out", outDirectory.path]
    if options.tls {
      let cert = directory.appendingPathComponent("cert.pem").path
      let key = directory.appendingPathComponent("key.pem").path
      try Self.makeCertificate(cert: cert, key: key, in: directory)
      caFile = cert
      arguments += ["--tls-cert", cert, "--tls-key", key]
      if options.implicitTLS {
        arguments.append("--implicit-tls")
      } else if options.requireSTARTTLS {
        arguments.append("--require-starttls")
      }
    } else {
      caFile = nil
    }
    if options.auth { arguments.append("--auth") }
    for address in options.rejectRecipients { arguments += ["--reject-rcpt", address] }
    for address in options.deferRecipients { arguments += ["--tempfail-rcpt", address] }
    if options.dataDelay > 0 { arguments += ["--delay-data", String(options.dataDelay)] }
    if options.deferFirstMessages > 0 {
      arguments += ["--tempfail-data", String(options.deferFirstMessages)]
    }
    if options.dropFirstMessages > 0 {
      arguments += ["--drop-data", String(options.dropFirstMessages)]
    }
    for number in options.refuseMailCommands { arguments += ["--refuse-mail", String(number)] }
    for address in options.refusePolicyRecipients {
      arguments += ["--refuse-rcpt-policy", address]
    }
    for address in options.refuseContentRecipients { arguments += ["--refuse-content", address] }
    if options.stallEvery > 0 {
      arguments += [
        "--stall-every", String(options.stallEvery), "--stall-seconds",
        String(options.stallSeconds),
      ]
    }
    if options.throttleBytesPerSecond > 0 {
      arguments += ["--throttle", String(options.throttleBytesPerSecond)]
    }
    if options.freezeAfterBytes > 0 {
      arguments += ["--freeze-after", String(options.freezeAfterBytes)]
    }
    for address in options.greylistRecipients { arguments += ["--greylist-rcpt", address] }

    var environment = ProcessInfo.processInfo.environment
    environment["SMTP_TEST_USER"] = username
    environment["SMTP_TEST_PASSWORD"] = password
    environment["PYTHONUNBUFFERED"] = "1"

    _ = fileManager.createFile(atPath: logFile.path, contents: nil)
    let log = try FileHandle(forWritingTo: logFile)
    defer { try? log.close() }
    let stdout = Pipe()
    stdinPipe = Pipe()
    process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = stdinPipe
    process.standardOutput = stdout
    process.standardError = log
    do {
      try process.run()
    } catch {
      throw TestSupportError(
        "Could not start \(python) \(script.path): \(error). Run scripts/test, which installs "
          + "python3's aiosmtpd.")
    }

    let line = Self.readLine(from: stdout.fileHandleForReading, timeout: startTimeout)
    guard let line, line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) else {
      if process.isRunning { process.terminate() }
      Self.wait(for: process, timeout: .seconds(5))
      let logText = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
      let status = process.isRunning ? "still running" : "exit status \(process.terminationStatus)"
      try? fileManager.removeItem(at: directory)
      throw TestSupportError(
        "The test SMTP server (scripts/testing/smtp_server.py) did not report READY (\(status); "
          + "stdout: \(line.map { "'\($0)'" } ?? "nothing")). Its log:\n\(logText.suffix(2000))\n"
          + "If aiosmtpd is missing: run scripts/test, which installs aiosmtpd.")
    }
    self.port = port
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Stops the server (SIGTERM, then SIGKILL after 5 s). Received messages stay readable until deinit.
  public func stop() {
    guard !stopped else { return }
    stopped = true
    if process.isRunning { process.terminate() }
    try? stdinPipe.fileHandleForWriting.close()
    if !Self.wait(for: process, timeout: .seconds(5)) {
      kill(process.processIdentifier, SIGKILL)
      Self.wait(for: process, timeout: .seconds(5))
    }
  }

  /// How many TCP connections the server has accepted (aiosmtpd's own start-up check not counted).
  public var connectionCount: Int {
    let file = outDirectory.appendingPathComponent("connections")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return 0 }
    return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
  }

  /// How many DATA commands the server has answered or is answering (over all connections).
  public var dataCommands: Int {
    let file = outDirectory.appendingPathComponent("data_commands")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return 0 }
    return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
  }

  /// The messages accepted so far, in order.
  public func receivedMessages() throws -> [ReceivedMessage] {
    struct Meta: Decodable {
      var number: Int
      var mail_from: String?
      var rcpt_tos: [String]
      var peer: [Peer]?
      var connection: Int?
      var tls: Bool?
      var authenticated_as: String?
      var received_at: Double?
    }
    enum Peer: Decodable {
      case text(String)
      case number(Int)
      init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
          self = .number(number)
        } else {
          self = .text(try container.decode(String.self))
        }
      }
      var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        }
      }
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: outDirectory.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
      let jsonURL = outDirectory.appendingPathComponent(name)
      let emlURL = jsonURL.deletingPathExtension().appendingPathExtension("eml")
      let meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: jsonURL))
      var message = ReceivedMessage(
        number: meta.number, data: try Data(contentsOf: emlURL), file: emlURL,
        mailFrom: meta.mail_from ?? "", rcptTos: meta.rcpt_tos,
        peer: (meta.peer ?? []).map(\.text).joined(separator: ":"),
        connection: meta.connection ?? 0, tls: meta.tls ?? false,
        authenticatedAs: meta.authenticated_as)
      message.receivedAt = Date(timeIntervalSince1970: meta.received_at ?? 0)
      return message
    }
  }

  /// A TCP port on 127.0.0.1 that nothing listens on (bound and released at once), for "cannot connect"
  /// tests.
  public static func unusedPort() throws -> Int {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
        bind(fd, socketAddress, length) == 0 ? getsockname(fd, socketAddress, &length) : -1
      }
    }
    guard status == 0 else { throw TestSupportError("bind/getsockname failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  // MARK: Helpers

  private static func makeCertificate(cert: String, key: String, in directory: URL) throws {
    let result = try PythonTool.runProcess(
      executable: try PythonTool.findExecutable("openssl"),
      arguments: [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert,
      ])
    guard result.status == 0, FileManager.default.fileExists(atPath: cert) else {
      throw TestSupportError(
        "openssl could not make a test certificate (exit \(result.status)): "
          + String(decoding: result.stderr, as: UTF8.self))
    }
  }

  /// Reads one line (without the newline) within `timeout`; nil on timeout or end of file.
  private static func readLine(from handle: FileHandle, timeout: Duration) -> String? {
    let fd = handle.fileDescriptor
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    while true {
      let remaining = ContinuousClock.now.duration(to: deadline)
      guard remaining > .zero else { return nil }
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + 10)
      let ready = poll(&descriptor, 1, milliseconds)
      if ready < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if ready == 0 { continue }
      var byte: UInt8 = 0
      let count = read(fd, &byte, 1)
      if count < 0 && errno == EINTR { continue }
      guard count == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
  }

  /// Waits for `process` to exit; returns whether it did within `timeout`.
  @discardableResult
  static func wait(for process: Process, timeout: Duration) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
      if ContinuousClock.now >= deadline { return false }
      usleep(10_000)
    }
    return true
  }
}
