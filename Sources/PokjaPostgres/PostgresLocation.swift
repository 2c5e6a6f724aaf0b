import Foundation

/// Where a shared PostgreSQL database is, read from `--db` or `[database] url`:
///
/// - `postgres://USER@HOST[:PORT]/DATABASE` (also `postgresql://`): over TCP. A host that is not this
///   machine (anything but `localhost`, `127.0.0.1`, `::1`) is reached only over TLS with the
///   server's certificate checked against the system's roots, or `?sslrootcert=FILE` (PEM).
/// - `postgres://USER@/DATABASE?host=/run/postgresql`: through the unix socket in that folder
///   (`.s.PGSQL.PORT`), as `psql` reads it.
///
/// The password is never part of the URL (it would sit in shell history, `ps` and the config): it
/// comes from `POKJA_DB_PASSWORD` or a file readable by its owner alone.
public struct PostgresLocation: Sendable, Equatable {
  /// How the server is reached.
  public enum Endpoint: Sendable, Equatable {
    case tcp(host: String, port: Int)
    /// The socket file itself: `FOLDER/.s.PGSQL.PORT`.
    case unixSocket(path: String)
  }

  /// How the connection is protected.
  public enum Security: Sendable, Equatable {
    /// This machine (a socket or loopback): no TLS.
    case local
    /// TLS with the certificate checked against the system's roots, or `rootCertificates` (a PEM
    /// file), and the host name.
    case verifiedTLS(rootCertificates: String?)
  }

  public var endpoint: Endpoint
  public var security: Security
  public var user: String
  public var database: String
  /// The URL as it was given (it holds no password), for naming the database again (`--db`).
  public var url: String

  /// Reads `text`; nil when it is not a PostgreSQL URL at all (an SQLite path), an error when it is
  /// one that cannot be used.
  public init?(parsing text: String) throws(PostgresLocationError) {
    guard let scheme = text.split(separator: ":", maxSplits: 1).first?.lowercased(),
      scheme == "postgres" || scheme == "postgresql"
    else { return nil }
    guard let components = URLComponents(string: text) else {
      throw .malformed(text, "it is not a URL")
    }
    if components.password != nil { throw .passwordInURL }
    guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
      throw .malformed(text, "it names no user (postgres://USER@HOST/DATABASE)")
    }
    let database = String(components.path.drop { $0 == "/" }).removingPercentEncoding ?? ""
    guard !database.isEmpty, !database.contains("/") else {
      throw .malformed(text, "it names no database (postgres://USER@HOST/DATABASE)")
    }
    let options = Dictionary(
      (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
    for name in options.keys where !["host", "port", "sslrootcert"].contains(name) {
      throw .malformed(text, "'\(name)' is not an option pokja takes (host, port, sslrootcert)")
    }
    let port: Int
    if let given = components.port ?? options["port"].flatMap(Int.init) {
      guard (1...65_535).contains(given) else { throw .malformed(text, "the port is out of range") }
      port = given
    } else if options["port"] != nil {
      throw .malformed(text, "the port is not a number")
    } else {
      port = 5432
    }
    let host = components.host ?? ""
    if let folder = options["host"], folder.hasPrefix("/") {
      guard host.isEmpty else {
        throw .malformed(text, "it names both a host and a socket folder (?host=/…)")
      }
      endpoint = .unixSocket(path: folder + "/.s.PGSQL.\(port)")
      security = .local
    } else {
      let name = host.isEmpty ? (options["host"] ?? "") : host
      guard !name.isEmpty else {
        throw .malformed(
          text, "it names no host (postgres://USER@HOST/DATABASE, or ?host=/socket/folder)")
      }
      let bare = name.hasPrefix("[") ? String(name.dropFirst().dropLast()) : name
      endpoint = .tcp(host: bare, port: port)
      security =
        ["localhost", "127.0.0.1", "::1"].contains(bare.lowercased())
        ? .local : .verifiedTLS(rootCertificates: options["sslrootcert"])
    }
    self.user = user
    self.database = database
    url = text
  }

  /// The URL as people see it: no password (there is none), the socket or the host.
  public var description: String {
    switch endpoint {
    case .tcp(let host, let port): "postgres://\(user)@\(host):\(port)/\(database)"
    case .unixSocket(let path): "postgres://\(user)@/\(database) (socket \(path))"
    }
  }
}

/// Why a PostgreSQL URL cannot be used.
public enum PostgresLocationError: Error, Equatable, Sendable, LocalizedError {
  case malformed(String, String)
  case passwordInURL

  public var errorDescription: String? {
    switch self {
    case .malformed(let url, let why):
      "'\(url)' is not a PostgreSQL URL pokja can use: \(why)."
    case .passwordInURL:
      "The PostgreSQL URL holds a password; take it out and give it in POKJA_DB_PASSWORD or in a "
        + "file only you can read ([database] password_file), so it stays out of shell history and "
        + "the config."
    }
  }
}
