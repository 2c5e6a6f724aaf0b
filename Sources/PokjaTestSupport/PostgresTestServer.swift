import Foundation
import Synchronization

/// A private, throwaway PostgreSQL cluster for tests: `initdb` into a fresh short folder under /tmp
/// (run as the `postgres` user when the tests run as root, since `initdb` refuses root), started with
/// fsync off and no TCP listener, reached through the unix socket in that folder; `stop()` stops it
/// at once and removes the folder. Debian's `postgresql` package provides the programs
/// (`scripts/test` installs it).
///
/// ```swift
/// let server = try PostgresTestServer()
/// defer { server.stop() }
/// let url = try server.createDatabase("contract_1")  // postgresql://pokja@/contract_1?host=/tmp/pg…
/// ```
public final class PostgresTestServer: Sendable {
  /// The cluster's folder: data, log and the socket. Kept short: a socket path has ~107 bytes.
  public let folder: URL
  /// The superuser tests connect as (trust authentication, socket only).
  public let user = "pokja"
  private let binaries: URL
  private let runAs: String?

  /// With `tls`: the address and port the cluster also listens on over TCP, TLS only, with a
  /// self-signed certificate for `127.0.0.2` (an address pokja does not take for this machine, so it
  /// insists on TLS and checks the certificate) in `certificate`.
  public let tls: (host: String, port: Int, certificate: URL)?

  /// Creates and starts a cluster; throws, saying what failed, when PostgreSQL is not installed or
  /// does not start. `tls`: also listen on 127.0.0.2 over TLS (`tls`).
  public init(tls withTLS: Bool = false) throws {
    binaries = try Self.binaries()
    let fileManager = FileManager.default
    let path = "/tmp/pg" + UUID().uuidString.prefix(8).lowercased()
    folder = URL(fileURLWithPath: path, isDirectory: true)
    try fileManager.createDirectory(at: folder, withIntermediateDirectories: false)
    runAs = geteuid() == 0 ? "postgres" : nil
    let certificate = folder.appendingPathComponent("server.crt")
    tls = withTLS ? ("127.0.0.2", try SMTPTestServer.unusedPort(), certificate) : nil
    do {
      if runAs != nil {
        try Self.check(
          PythonTool.runProcess(executable: "/bin/chown", arguments: ["postgres:", path]),
          "chown postgres: \(path)")
      }
      try Self.check(
        run(
          "initdb",
          [
            "-D", "\(path)/data", "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8",
            "--locale=C.UTF-8",
          ]),
        "initdb")
      var settings = "-k \(path) -c listen_addresses='' -c fsync=off -c full_page_writes=off"
      if let tls {
        try Self.makeCertificate(folder: folder, host: tls.host)
        let rules = folder.appendingPathComponent("data/pg_hba.conf")
        let existing = try String(contentsOf: rules, encoding: .utf8)
        try
          ("hostssl all all \(tls.host)/32 trust\nhostnossl all all 0.0.0.0/0 reject\n" + existing)
          .write(to: rules, atomically: false, encoding: .utf8)
        settings =
          "-k \(path) -c listen_addresses='\(tls.host)' -c port=\(tls.port) -c ssl=on "
          + "-c ssl_cert_file=\(certificate.path) -c ssl_key_file=\(path)/server.key "
          + "-c fsync=off -c full_page_writes=off"
      }
      // pg_ctl's output to a file, not a pipe: the server it leaves running would hold the pipe open.
      try startServer(["-D", "\(path)/data", "-l", "\(path)/log", "-w", "-o", settings, "start"])
    } catch {
      stop()
      throw error
    }
  }

  /// The cluster this test process shares: started on first use, stopped and removed when the
  /// process exits. Tests that share it each work in a database of their own
  /// (`freshDatabaseName`).
  public static func shared() throws -> PostgresTestServer {
    try sharedServer.withLock { server in
      if let server { return try server.get() }
      let started = Result { try PostgresTestServer() }
      server = started
      if case .success = started { atexit { PostgresTestServer.stopShared() } }
      return try started.get()
    }
  }

  private static let sharedServer = Mutex<Result<PostgresTestServer, any Error>?>(nil)
  private static let databaseCount = Mutex(0)

  private static func stopShared() {
    if case .success(let server) = sharedServer.withLock({ $0 }) { server.stop() }
  }

  /// A database name not used before in this process: `PREFIX_N`.
  public static func freshDatabaseName(_ prefix: String) -> String {
    let number = databaseCount.withLock {
      $0 += 1
      return $0
    }
    return "\(prefix)_\(number)"
  }

  /// The URL of `database` over TCP and TLS (a cluster started with `tls`); `trusting` adds
  /// `?sslrootcert=` naming the server's own certificate.
  public func tlsURL(database: String, trusting: Bool) -> String? {
    guard let tls else { return nil }
    return "postgresql://\(user)@\(tls.host):\(tls.port)/\(database)"
      + (trusting ? "?sslrootcert=\(tls.certificate.path)" : "")
  }

  /// A self-signed certificate for `host` and its key, readable by the server's user alone.
  private static func makeCertificate(folder: URL, host: String) throws {
    let key = folder.appendingPathComponent("server.key").path
    let certificate = folder.appendingPathComponent("server.crt").path
    let result = try PythonTool.runProcess(
      executable: try PythonTool.findExecutable("openssl"),
      arguments: [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(host)",
        "-addext", "subjectAltName=IP:\(host)", "-keyout", key, "-out", certificate,
      ])
    try check(result, "openssl req")
    // PostgreSQL refuses a key others can read, and must own it.
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
    if geteuid() == 0 {
      try check(
        PythonTool.runProcess(
          executable: "/bin/chown", arguments: ["postgres:", key, certificate]), "chown")
    }
  }

  /// The URL of `database` on this cluster, as pokja takes it.
  public func url(database: String) -> String {
    "postgresql://\(user)@/\(database)?host=\(folder.path)" + (tls.map { "&port=\($0.port)" } ?? "")
  }

  /// Creates an empty database and returns its URL.
  @discardableResult
  public func createDatabase(_ name: String) throws -> String {
    _ = try psql("CREATE DATABASE \"\(name)\"", database: "postgres")
    return url(database: name)
  }

  /// Adds a role that must log in with `password` (SCRAM), as a shared server's roles do; the
  /// cluster's own user keeps logging in without one.
  public func addPasswordRole(_ role: String, password: String) throws {
    _ = try psql(
      "CREATE ROLE \"\(role)\" LOGIN PASSWORD '\(password.replacingOccurrences(of: "'", with: "''"))'",
      database: "postgres")
    let rules = folder.appendingPathComponent("data/pg_hba.conf")
    let existing = try String(contentsOf: rules, encoding: .utf8)
    // The first line that matches decides: this role's comes before the trust lines.
    try ("local all \(role) scram-sha-256\n" + existing).write(
      to: rules, atomically: false, encoding: .utf8)
    _ = try psql("SELECT pg_reload_conf()", database: "postgres")
  }

  /// Runs `sql` with `psql` in `database` and returns its unaligned, tuples-only output.
  public func psql(_ sql: String, database: String) throws -> String {
    let result = try PythonTool.runProcess(
      executable: binaries.appendingPathComponent("psql").path,
      arguments: [
        "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder.path, "-p",
        String(tls?.port ?? 5432), "-U", user, "-d", database, "-c", sql,
      ])
    try Self.check(result, "psql -c \(sql)")
    return String(decoding: result.stdout, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Stops the cluster at once (no checkpoint: it is thrown away) and removes its folder.
  public func stop() {
    if FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("data/postmaster.pid").path)
    {
      _ = try? run(
        "pg_ctl",
        ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
    }
    try? FileManager.default.removeItem(at: folder)
  }

  /// Runs `pg_ctl start` through Python, which closes every other descriptor in the child:
  /// Foundation's `Process` waits for descriptors of its own that the server, left running, would
  /// otherwise inherit and hold open.
  private func startServer(_ arguments: [String]) throws {
    let executable = binaries.appendingPathComponent("pg_ctl").path
    let command =
      (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [executable] + arguments
    let script =
      "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL).returncode)"
    let result = try PythonTool.runProcess(
      executable: try PythonTool.python3(), arguments: ["-c", script] + command)
    guard result.status == 0 else {
      let log =
        (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
      throw TestSupportError(
        "pg_ctl start exited \(result.status): "
          + String(decoding: result.stderr + result.stdout, as: UTF8.self) + log.suffix(2000))
    }
  }

  private func run(_ program: String, _ arguments: [String]) throws -> PythonTool.Result {
    let executable = binaries.appendingPathComponent(program).path
    if let runAs {
      return try PythonTool.runProcess(
        executable: "/usr/sbin/runuser", arguments: ["-u", runAs, "--", executable] + arguments)
    }
    return try PythonTool.runProcess(executable: executable, arguments: arguments)
  }

  /// The newest installed server's programs (`/usr/lib/postgresql/N/bin`).
  static func binaries() throws -> URL {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
      .compactMap(Int.init).sorted()
    guard let newest = versions.last,
      FileManager.default.isExecutableFile(atPath: "\(root)/\(newest)/bin/initdb")
    else {
      throw TestSupportError(
        "PostgreSQL is not installed (no \(root)/N/bin/initdb): run scripts/test, which installs "
          + "Debian's postgresql.")
    }
    return URL(fileURLWithPath: "\(root)/\(newest)/bin", isDirectory: true)
  }

  private static func check(_ result: PythonTool.Result, _ what: String) throws {
    guard result.status == 0 else {
      throw TestSupportError(
        "\(what) exited \(result.status): "
          + String(decoding: result.stderr + result.stdout, as: UTF8.self))
    }
  }
}
