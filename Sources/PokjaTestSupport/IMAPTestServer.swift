import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real IMAP server for tests: Debian's Dovecot (`dovecot-imapd`) in the foreground
/// (`dovecot -F -c CONFIG`) from a private configuration in a fresh folder under /tmp, listening on
/// loopback on two free ports (`port`: IMAP with STARTTLS, `imapsPort`: TLS from the first byte),
/// with a freshly made self-signed certificate (SAN 127.0.0.1, 127.0.0.2, localhost; `caFile`), one
/// account (`username`, a random `password` handed to Dovecot in a file, never in its arguments or
/// printed) and a Maildir in the same folder that tests seed and read directly (`deliver`,
/// `messages(in:)`, `folders()`).
///
/// ```swift
/// let server = try IMAPTestServer()
/// try server.deliver(Data("Subject: hello\r\n\r\nbody\r\n".utf8))
/// var settings = try IMAPSettings(url: server.imapURL, password: server.password, caFile: server.caFile)
/// ...
/// let stored = try server.messages(in: "INBOX")  // with their Maildir flags
/// ```
///
/// Running as root: Dovecot refuses to run its login processes or a mailbox as root, so those run as
/// `nobody`, which then owns the Maildir (`deliver` hands each file it writes to it). As any other
/// user, everything runs as that user. Without Dovecot installed, `init` throws a `TestSupportError`
/// saying to run `scripts/test`, which installs `dovecot-imapd`. The server stops on `stop()` and on
/// deinit, and the folder is removed on deinit.
public final class IMAPTestServer: @unchecked Sendable {
  /// What the server insists on.
  public enum Security: Sendable, Equatable {
    /// `ssl = yes`: STARTTLS offered on the IMAP port, a login allowed without it (`imaps` also open).
    case tlsOffered
    /// `ssl = required`, `disable_plaintext_auth = yes`: no login before TLS. The server listens on
    /// 127.0.0.2, not 127.0.0.1: Dovecot counts a connection whose two ends have the same address
    /// as secure and lets it log in without TLS, and a client on this machine connects from
    /// 127.0.0.1.
    case tlsRequired
    /// `ssl = no`: no STARTTLS, no `imaps` port (`imapsPort` is nil).
    case noTLS
  }

  /// One message file of the Maildir.
  public struct StoredMessage: Sendable, Equatable {
    /// The Maildir flags after `:2,` (`S` seen, `T` deleted, `F` flagged, `R` answered, `D` draft),
    /// sorted; empty for a message in `new/` or without flags.
    public var flags: String
    /// The file's bytes: the message exactly as stored.
    public var data: Data
    /// The file, for a failing test's message.
    public var file: URL

    /// Whether the message carries `\Seen` (Maildir flag `S`).
    public var isSeen: Bool { flags.contains("S") }
  }

  public let security: Security
  /// `127.0.0.1`, or `127.0.0.2` for `.tlsRequired` (see `Security.tlsRequired`).
  public let host: String
  /// IMAP (STARTTLS offered unless `.noTLS`).
  public let port: Int
  /// IMAPS (TLS from the first byte); nil for `.noTLS`.
  public let imapsPort: Int?
  /// The PEM certificate that signed the server's certificate (it is self-signed: the same file).
  public let caFile: String
  public let username = "pokja-test"
  /// Random for each server; Dovecot reads it from its password file.
  public let password: String
  /// This server's folder (configuration, certificate, log, Maildir); removed on deinit.
  public let directory: URL
  /// Dovecot's log (`log_path`).
  public let logFile: URL
  /// The Maildir: INBOX's `new`/`cur`/`tmp`, and one `.NAME` folder per other folder (Maildir++).
  public let maildir: URL

  private let process: Process
  /// Owner of the Maildir when running as root (`nobody`), else nil.
  private let mailOwner: (uid: uid_t, gid: gid_t)?
  private let stopped = Mutex(false)
  private let counter = Mutex(0)

  /// `imap://pokja-test@127.0.0.1:PORT/INBOX`: the URL to give `IMAPSettings` (STARTTLS).
  public var imapURL: String { "imap://\(username)@\(host):\(port)/INBOX" }

  /// `imaps://pokja-test@127.0.0.1:PORT/INBOX`, or nil for `.noTLS`.
  public var imapsURL: String? {
    imapsPort.map { "imaps://\(username)@\(host):\($0)/INBOX" }
  }

  /// Starts Dovecot and waits (up to `startTimeout`) until it accepts connections.
  public init(security: Security = .tlsOffered, startTimeout: Duration = .seconds(20)) throws {
    let dovecot = "/usr/sbin/dovecot"
    guard FileManager.default.isExecutableFile(atPath: dovecot) else {
      throw TestSupportError(
        "\(dovecot) is missing: run scripts/test, which installs dovecot-imapd.")
    }
    self.security = security
    host = security == .tlsRequired ? "127.0.0.2" : "127.0.0.1"
    password = "pw-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()

    let fileManager = FileManager.default
    // Short: Dovecot's sockets live in base_dir, and a socket's path has ~107 bytes.
    directory = URL(
      fileURLWithPath: "/tmp/imap" + UUID().uuidString.prefix(8).lowercased(), isDirectory: true)
    logFile = directory.appendingPathComponent("dovecot.log")
    maildir = directory.appendingPathComponent("mail/Maildir", isDirectory: true)
    let configFile = directory.appendingPathComponent("dovecot.conf")
    let certificate = directory.appendingPathComponent("cert.pem").path
    let key = directory.appendingPathComponent("key.pem").path
    caFile = certificate

    // Who runs what (see the type's comment).
    let isRoot = geteuid() == 0
    let internalUser: String
    let loginUser: String
    let mailUser: (uid: uid_t, gid: gid_t)
    if isRoot {
      guard let nobody = getpwnam("nobody") else {
        throw TestSupportError("There is no user 'nobody' to run Dovecot's mailbox processes as.")
      }
      internalUser = "root"
      loginUser = "nobody"
      mailUser = (nobody.pointee.pw_uid, nobody.pointee.pw_gid)
      mailOwner = mailUser
    } else {
      guard let me = getpwuid(geteuid()) else {
        throw TestSupportError("The current user (uid \(geteuid())) has no name in passwd.")
      }
      internalUser = String(cString: me.pointee.pw_name)
      loginUser = internalUser
      mailUser = (me.pointee.pw_uid, me.pointee.pw_gid)
      mailOwner = nil
    }
    let internalGroup =
      isRoot
      ? "root" : (getgrgid(getegid()).map { String(cString: $0.pointee.gr_name) } ?? internalUser)

    do {
      try fileManager.createDirectory(at: directory, withIntermediateDirectories: false)
      // Dovecot's mailbox processes (`nobody` as root) walk through this folder to the Maildir.
      chmod(directory.path, 0o755)
      for sub in ["base", "state"] {
        try fileManager.createDirectory(
          at: directory.appendingPathComponent(sub), withIntermediateDirectories: false)
      }
      for sub in ["new", "cur", "tmp"] {
        try fileManager.createDirectory(
          at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
      }
      try Self.makeCertificate(cert: certificate, key: key)
      let passwordFile = directory.appendingPathComponent("passwd")
      try Data("\(username):{PLAIN}\(password)::::::\n".utf8).write(to: passwordFile)
      chmod(passwordFile.path, 0o600)
      chmod(key, 0o600)
      if let mailOwner {
        try Self.chownTree(directory.appendingPathComponent("mail"), to: mailOwner)
      }

      let ports = (imap: try Self.unusedPort(on: host), imaps: try Self.unusedPort(on: host))
      port = ports.imap
      imapsPort = security == .noTLS ? nil : ports.imaps
      let config = Self.configuration(
        folder: directory.path, host: host, security: security, ports: ports,
        certificate: certificate, key: key, passwordFile: passwordFile.path,
        mailbox: maildir.path, internalUser: internalUser, internalGroup: internalGroup,
        loginUser: loginUser, mailUser: mailUser)
      try Data(config.utf8).write(to: configFile)
    } catch {
      try? fileManager.removeItem(at: directory)
      throw error
    }

    // Dovecot's own complaints before its log is open go to stderr: into a file, never a pipe
    // nobody reads.
    let startupLog = directory.appendingPathComponent("startup.log")
    _ = fileManager.createFile(atPath: startupLog.path, contents: nil)
    let output = try FileHandle(forWritingTo: startupLog)
    defer { try? output.close() }
    process = Process()
    process.executableURL = URL(fileURLWithPath: dovecot)
    process.arguments = ["-F", "-c", configFile.path]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    do {
      // The child inherits this thread's signal mask, and the test runner's threads block
      // SIGTERM among others; Dovecot never unblocks them, so neither `stop()` nor a kick would
      // reach it. Spawn it with nothing blocked.
      var everything = sigset_t()
      var previous = sigset_t()
      sigemptyset(&everything)
      pthread_sigmask(SIG_SETMASK, &everything, &previous)
      defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
      try process.run()
    } catch {
      try? fileManager.removeItem(at: directory)
      throw TestSupportError("Could not start \(dovecot): \(error).")
    }

    let deadline = ContinuousClock.now + startTimeout
    while !(Self.accepts(host: host, port: port)
      && (imapsPort.map { Self.accepts(host: host, port: $0) } ?? true))
    {
      if !process.isRunning || ContinuousClock.now >= deadline {
        let status =
          process.isRunning ? "still not listening" : "exit status \(process.terminationStatus)"
        let startup = (try? String(contentsOf: startupLog, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        stop()
        try? fileManager.removeItem(at: directory)
        throw TestSupportError(
          "The test Dovecot did not start (\(status)). Its output:\n\(startup.suffix(2000))\n"
            + "Its log:\n\(log.suffix(2000))")
      }
      usleep(20_000)
    }
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Stops Dovecot (SIGTERM, then SIGKILL after 5 s). The Maildir stays readable until deinit.
  public func stop() {
    let first = stopped.withLock { stopped in
      defer { stopped = true }
      return !stopped
    }
    guard first else { return }
    if process.isRunning { process.terminate() }
    if !SMTPTestServer.wait(for: process, timeout: .seconds(5)) {
      kill(process.processIdentifier, SIGKILL)
      SMTPTestServer.wait(for: process, timeout: .seconds(5))
    }
  }

  // MARK: The Maildir

  /// Puts `raw` into `folder` as a new message, as a delivery agent would: unseen into `new/`, or,
  /// with `seen`, into `cur/` with the flag `S`. A folder other than INBOX is made if missing.
  /// Returns the file written.
  @discardableResult
  public func deliver(_ raw: Data, folder: String = "INBOX", seen: Bool = false) throws -> URL {
    let box = try folderURL(folder, create: true)
    let number = counter.withLock { counter in
      counter += 1
      return counter
    }
    let name = "\(Int(Date().timeIntervalSince1970)).M\(number)P\(getpid()).pokja-test"
    let temporary = box.appendingPathComponent("tmp/\(name)")
    let final = box.appendingPathComponent(seen ? "cur/\(name):2,S" : "new/\(name)")
    try raw.write(to: temporary)
    if let mailOwner { chown(temporary.path, mailOwner.uid, mailOwner.gid) }
    guard rename(temporary.path, final.path) == 0 else {
      throw TestSupportError("Could not move \(temporary.path) to \(final.path): errno \(errno)")
    }
    return final
  }

  /// The messages of `folder` (`new/` and `cur/`), in the order of their file names, with their flags.
  public func messages(in folder: String = "INBOX") throws -> [StoredMessage] {
    let box = try folderURL(folder, create: false)
    var found: [StoredMessage] = []
    for sub in ["new", "cur"] {
      let subfolder = box.appendingPathComponent(sub)
      for name in try FileManager.default.contentsOfDirectory(atPath: subfolder.path) {
        let file = subfolder.appendingPathComponent(name)
        let flags = name.range(of: ":2,").map { String(name[$0.upperBound...].sorted()) } ?? ""
        found.append(StoredMessage(flags: flags, data: try Data(contentsOf: file), file: file))
      }
    }
    return found.sorted { $0.file.lastPathComponent < $1.file.lastPathComponent }
  }

  /// `INBOX` and every other folder (Maildir++: a `.NAME` directory; `.` separates levels), sorted.
  public func folders() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: maildir.path)
    let others = names.filter { name in
      var isDirectory: ObjCBool = false
      return name.hasPrefix(".") && name != "." && name != ".."
        && FileManager.default.fileExists(
          atPath: maildir.appendingPathComponent(name).path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    return ["INBOX"] + others.map { String($0.dropFirst()) }.sorted()
  }

  /// Closes every connection of the test user from the server's side (`doveadm kick`), as an
  /// idle timeout or a restart would, and waits until they are gone. A connection shows in
  /// `doveadm who` a moment after its login, so this first waits for it to show.
  public func kickConnections() throws {
    let config = directory.appendingPathComponent("dovecot.conf").path
    func doveadm(_ arguments: [String]) throws -> String {
      let result = try PythonTool.runProcess(
        executable: "/usr/bin/doveadm", arguments: ["-c", config] + arguments)
      let output = String(decoding: result.stdout + result.stderr, as: UTF8.self)
      guard result.status == 0 else {
        throw TestSupportError("doveadm \(arguments.joined(separator: " ")) failed: \(output)")
      }
      return output
    }
    func connected() throws -> Bool {
      try doveadm(["who", "-1", username]).contains(username)
    }
    let deadline = ContinuousClock.now + .seconds(5)
    while try !connected() {
      guard ContinuousClock.now < deadline else {
        throw TestSupportError("No connection of \(username) to kick. Log:\n\(log().suffix(2000))")
      }
      usleep(20_000)
    }
    let kicked = try doveadm(["kick", username])
    while try connected() {
      guard ContinuousClock.now < deadline else {
        throw TestSupportError(
          "doveadm kick left \(username) connected (\(kicked); who: "
            + "\(try doveadm(["who"]))). Log:\n\(log().suffix(3000))")
      }
      usleep(20_000)
    }
  }

  /// How many logins the server has logged (one per connection that logged in).
  public func loginCount() -> Int {
    let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    return log.components(separatedBy: "imap-login: Info: Login: ").count - 1
  }

  /// The server's log so far, for a failing test's message.
  public func log() -> String {
    (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
  }

  /// A self-signed certificate that did not sign the server's: a CA file that must be refused.
  public func unrelatedCAFile() throws -> String {
    let cert = directory.appendingPathComponent("other-ca.pem").path
    try Self.makeCertificate(
      cert: cert, key: directory.appendingPathComponent("other-key.pem").path)
    return cert
  }

  /// INBOX is the Maildir itself; another folder is its `.NAME` directory (names as Dovecot stores
  /// them: ASCII as is, "/" not allowed, "." a level).
  private func folderURL(_ folder: String, create: Bool) throws -> URL {
    if folder.uppercased() == "INBOX" { return maildir }
    guard !folder.isEmpty, !folder.contains("/"), !folder.hasPrefix(".") else {
      throw TestSupportError("'\(folder)' cannot be a Maildir++ folder name here.")
    }
    let box = maildir.appendingPathComponent(".\(folder)", isDirectory: true)
    if create && !FileManager.default.fileExists(atPath: box.path) {
      for sub in ["new", "cur", "tmp"] {
        try FileManager.default.createDirectory(
          at: box.appendingPathComponent(sub), withIntermediateDirectories: true)
      }
      // Dovecot's marker of a Maildir++ subfolder.
      FileManager.default.createFile(
        atPath: box.appendingPathComponent("maildirfolder").path, contents: Data())
      if let mailOwner { try Self.chownTree(box, to: mailOwner) }
    }
    return box
  }

  // MARK: Helpers

  private static func configuration(
    folder: String, host: String, security: Security, ports: (imap: Int, imaps: Int),
    certificate: String, key: String, passwordFile: String, mailbox: String,
    internalUser: String, internalGroup: String, loginUser: String,
    mailUser: (uid: uid_t, gid: gid_t)
  ) -> String {
    let ssl: String
    switch security {
    case .tlsOffered: ssl = "yes"
    case .tlsRequired: ssl = "required"
    case .noTLS: ssl = "no"
    }
    var text = """
      # A private Dovecot for one test (PokjaTestSupport's IMAPTestServer).
      base_dir = \(folder)/base
      state_dir = \(folder)/state
      instance_name = pokja-imap-test
      protocols = imap
      listen = \(host)
      log_path = \(folder)/dovecot.log
      info_log_path = \(folder)/dovecot.log
      default_internal_user = \(internalUser)
      default_internal_group = \(internalGroup)
      default_login_user = \(loginUser)
      first_valid_uid = \(mailUser.uid)
      first_valid_gid = \(mailUser.gid)
      # A wrong password is answered at once: tests of it need not wait.
      auth_failure_delay = 0
      disable_plaintext_auth = \(security == .tlsRequired ? "yes" : "no")
      ssl = \(ssl)
      passdb {
        driver = passwd-file
        args = scheme=PLAIN \(passwordFile)
      }
      userdb {
        driver = static
        args = uid=\(mailUser.uid) gid=\(mailUser.gid) home=\(folder)/mail
      }
      mail_location = maildir:\(mailbox)
      # No chroot: it needs root, and the login processes need nothing outside base_dir.
      service anvil {
        chroot =
      }
      service imap-login {
        chroot =
        inet_listener imap {
          port = \(ports.imap)
        }
        inet_listener imaps {
          port = \(security == .noTLS ? 0 : ports.imaps)
          ssl = yes
        }
      }

      """
    if security != .noTLS {
      text += "ssl_cert = <\(certificate)\nssl_key = <\(key)\n"
    }
    return text
  }

  private static func makeCertificate(cert: String, key: String) throws {
    let result = try PythonTool.runProcess(
      executable: try PythonTool.findExecutable("openssl"),
      arguments: [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2", "-keyout", key,
        "-out", cert,
      ])
    guard result.status == 0, FileManager.default.fileExists(atPath: cert) else {
      throw TestSupportError(
        "openssl could not make a test certificate (exit \(result.status)): "
          + String(decoding: result.stderr, as: UTF8.self))
    }
  }

  private static func chownTree(_ root: URL, to owner: (uid: uid_t, gid: gid_t)) throws {
    chown(root.path, owner.uid, owner.gid)
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return }
    for case let relative as String in walker {
      chown(root.appendingPathComponent(relative).path, owner.uid, owner.gid)
    }
  }

  /// A TCP port on `host` that nothing listens on (bound and released at once).
  private static func unusedPort(on host: String) throws -> Int {
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
    address.sin_addr.s_addr = inet_addr(host)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
        bind(fd, socketAddress, length) == 0 ? getsockname(fd, socketAddress, &length) : -1
      }
    }
    guard status == 0 else {
      throw TestSupportError("bind/getsockname on \(host) failed: errno \(errno)")
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Whether something accepts a TCP connection on `host:port` now.
  private static func accepts(host: String, port: Int) -> Bool {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr(host)
    return withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}
