import Foundation
import PostgresNIO
import Synchronization

/// One connection to a shared PostgreSQL database, used synchronously: pokja's commands are
/// synchronous, so each call waits for its answer on the calling thread, never on the connection's
/// own event-loop thread (postgres-nio's futures are run on a one-thread group this type owns).
///
/// ```swift
/// let location = try PostgresLocation(parsing: "postgres://pokja@/pokja?host=/run/postgresql")!
/// let database = try SharedDatabase.open(location, password: nil)
/// defer { database.close() }
/// let rows = try database.query("SELECT name FROM organisation WHERE id = \(id)")
/// ```
public final class SharedDatabase: Sendable {
  public let location: PostgresLocation
  private let group: MultiThreadedEventLoopGroup
  private let connection: PostgresConnection
  private let logger: Logger
  private let closed = Mutex(false)
  /// Statements sent and not yet waited for (`send`).
  private let inFlight = Mutex<[Sent]>([])

  private init(
    location: PostgresLocation, group: MultiThreadedEventLoopGroup, connection: PostgresConnection,
    logger: Logger
  ) {
    self.location = location
    self.group = group
    self.connection = connection
    self.logger = logger
  }

  /// Connects to `location`, with TLS and certificate checks unless it is this machine.
  public static func open(_ location: PostgresLocation, password: String?)
    throws(SharedDatabaseError)
    -> SharedDatabase
  {
    var logger = Logger(label: "pokja.postgres")
    logger.logLevel = .critical
    var configuration: PostgresConnection.Configuration
    do {
      configuration = try Self.configuration(location, password: password)
      // pokja's queries are short: compiling one with JIT costs more (20 ms) than running it.
      configuration.options.additionalStartupParameters.append(("jit", "off"))
    } catch {
      throw .tls(location.description, String(describing: error))
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
      let connection = try PostgresConnection.connect(
        on: group.next(), configuration: configuration, id: 1, logger: logger
      ).wait()
      return SharedDatabase(
        location: location, group: group, connection: connection, logger: logger)
    } catch {
      try? group.syncShutdownGracefully()
      // A certificate that does not check out is a setting to fix, not a server that is down.
      if Self.isTLSFailure(error) { throw .tls(location.description, Self.describe(error)) }
      throw .connection(location.description, Self.describe(error))
    }
  }

  /// Runs `query` (its interpolated values are bound parameters, never spliced into the text) and
  /// returns every row.
  @discardableResult
  public func query(_ query: PostgresQuery) throws(SharedDatabaseError) -> [PostgresRow] {
    do {
      return try Array(connection.query(query, logger: logger).wait().rows)
    } catch {
      // A statement sent earlier without waiting may be what failed (this one then only finds
      // the transaction aborted): its error is the one to report.
      do {
        try settle()
      } catch let earlier as SharedDatabaseError {
        throw earlier
      } catch {
        throw .query(error.localizedDescription)
      }
      throw .query(Self.describe(error))
    }
  }

  /// Sends a statement and goes on without waiting for it: the server works while pokja prepares
  /// the next one. Statements run in the order sent, so later queries see its effect; `settle`
  /// waits for all of them, hands each one's rows to its `check`, and reports the first failure.
  public func send(
    _ sql: String, _ values: [SQLValue?] = [],
    check: (@Sendable ([PostgresRandomAccessRow]) throws -> Void)? = nil
  ) throws(SharedDatabaseError) {
    let future = connection.query(
      PostgresQuery(unsafeSQL: sql, binds: try bindings(values)), logger: logger)
    inFlight.withLock { $0.append(Sent(result: future, check: check)) }
  }

  /// Waits for every statement `send` sent; throws the first failure (the server's, or a check's).
  public func settle() throws {
    let sent = inFlight.withLock { sent in
      defer { sent.removeAll() }
      return sent
    }
    var failure: (any Error)?
    for statement in sent {
      do {
        let rows = try statement.result.wait().rows.map { $0.makeRandomAccess() }
        try statement.check?(rows)
      } catch let error as PSQLError {
        if failure == nil { failure = SharedDatabaseError.query(Self.describe(error)) }
      } catch {
        if failure == nil { failure = error }
      }
    }
    if let failure { throw failure }
  }

  /// A statement sent, and what to check of its rows.
  private struct Sent: Sendable {
    let result: EventLoopFuture<PostgresQueryResult>
    let check: (@Sendable ([PostgresRandomAccessRow]) throws -> Void)?
  }

  private func bindings(_ values: [SQLValue?]) throws(SharedDatabaseError) -> PostgresBindings {
    var bindings = PostgresBindings(capacity: values.count)
    do {
      for value in values {
        if let value { try bindings.append(value) } else { bindings.appendNull() }
      }
    } catch {
      throw .query("a value could not be sent (\(error))")
    }
    return bindings
  }

  /// Runs `sql` with `values` bound to its `$1`, `$2`, … in order (nil binds NULL) and returns
  /// every row; `sql` is always pokja's own text, values never part of it.
  @discardableResult
  public func rows(_ sql: String, _ values: [SQLValue?] = []) throws(SharedDatabaseError)
    -> [PostgresRandomAccessRow]
  {
    return try query(PostgresQuery(unsafeSQL: sql, binds: try bindings(values))).map {
      $0.makeRandomAccess()
    }
  }

  /// Runs several statements without parameters, one after another (the schema's migrations):
  /// statements end with `;` at the end of a line; lines starting with `--` are comments.
  public func script(_ sql: String) throws(SharedDatabaseError) {
    let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
    var statement = ""
    for line in lines {
      statement += line + "\n"
      if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
        try rows(String(statement.trimmingCharacters(in: .whitespacesAndNewlines).dropLast()))
        statement = ""
      }
    }
    let rest = statement.trimmingCharacters(in: .whitespacesAndNewlines)
    if !rest.isEmpty { try rows(rest) }
  }

  /// Closes the connection and stops its thread (once; also when the value goes away).
  public func close() {
    guard
      !closed.withLock({ closed in
        defer { closed = true }; return closed
      })
    else { return }
    try? connection.close().wait()
    try? group.syncShutdownGracefully()
  }

  deinit { close() }

  static func configuration(_ location: PostgresLocation, password: String?) throws
    -> PostgresConnection.Configuration
  {
    switch location.endpoint {
    case .unixSocket(let path):
      return .init(
        unixSocketPath: path, username: location.user, password: password,
        database: location.database)
    case .tcp(let host, let port):
      let tls: PostgresConnection.Configuration.TLS
      switch location.security {
      case .local:
        tls = .disable
      case .verifiedTLS(let rootCertificates):
        var settings = TLSConfiguration.makeClientConfiguration()
        settings.certificateVerification = .fullVerification
        if let rootCertificates { settings.trustRoots = .file(rootCertificates) }
        tls = .require(try NIOSSLContext(configuration: settings))
      }
      return .init(
        host: host, port: port, username: location.user, password: password,
        database: location.database, tls: tls)
    }
  }

  /// Whether the connection failed in the TLS handshake (an unknown or mismatched certificate).
  static func isTLSFailure(_ error: any Error) -> Bool {
    let cause = (error as? PSQLError)?.underlying ?? error
    return cause is NIOSSLError || cause is BoringSSLError || cause is NIOSSLExtraError
  }

  /// The server's own words (`PSQLError` hides them from `description` by default).
  static func describe(_ error: any Error) -> String {
    guard let error = error as? PSQLError else { return String(describing: error) }
    if let message = error.serverInfo?[.message] {
      let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
      return message + code
    }
    switch error.code {
    case .authMechanismRequiresPassword:
      return "the server asks for a password: set POKJA_DB_PASSWORD, or [database] password_file"
    case .sslUnsupported:
      return "the server does not offer TLS, which pokja requires off this machine"
    default:
      break
    }
    if let underlying = error.underlying { return String(describing: underlying) }
    return String(describing: error.code)
  }
}

/// A value bound to a query's `$N` parameter.
public typealias SQLValue = any PostgresThrowingDynamicTypeEncodable

/// Why the shared database could not be used.
public enum SharedDatabaseError: Error, Equatable, Sendable, LocalizedError {
  case connection(String, String)
  case tls(String, String)
  case query(String)
  /// The database has no Pokja schema yet.
  case noSchema(String)
  /// The schema was written by a newer pokja.
  case newerSchema(String)
  /// A stored row holds a value this version cannot read.
  case corruptRow(table: String, id: Int64, column: String)

  public var errorDescription: String? {
    switch self {
    case .connection(let location, let why):
      "Could not connect to the PostgreSQL database \(location): \(why)."
    case .tls(let location, let why):
      "Could not set up TLS for the PostgreSQL database \(location): \(why)."
    case .query(let why):
      "The PostgreSQL database refused a query: \(why)."
    case .noSchema(let location):
      "The PostgreSQL database \(location) holds no Pokja data yet. Run 'pokja init' with the same "
        + "--db first."
    case .newerSchema(let migration):
      "The PostgreSQL database was upgraded by a newer version of Pokja (migration '\(migration)'). "
        + "Upgrade pokja on this host before using it."
    case .corruptRow(let table, let id, let column):
      "The database row \(table) \(id) has an unreadable \(column). Fix or remove it (psql), or "
        + "restore a backup (pg_restore)."
    }
  }
}
