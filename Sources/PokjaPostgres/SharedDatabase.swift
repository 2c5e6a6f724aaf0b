import Foundation
import PostgresNIO

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
    let configuration: PostgresConnection.Configuration
    do {
      configuration = try Self.configuration(location, password: password)
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
      throw .query(Self.describe(error))
    }
  }

  /// Closes the connection and stops its thread.
  public func close() {
    try? connection.close().wait()
    try? group.syncShutdownGracefully()
  }

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

  /// The server's own words (`PSQLError` hides them from `description` by default).
  static func describe(_ error: any Error) -> String {
    guard let error = error as? PSQLError else { return String(describing: error) }
    if let message = error.serverInfo?[.message] {
      let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
      return message + code
    }
    if let underlying = error.underlying { return String(describing: underlying) }
    return String(describing: error.code)
  }
}

/// Why the shared database could not be used.
public enum SharedDatabaseError: Error, Equatable, Sendable, LocalizedError {
  case connection(String, String)
  case tls(String, String)
  case query(String)

  public var errorDescription: String? {
    switch self {
    case .connection(let location, let why):
      "Could not connect to the PostgreSQL database \(location): \(why)."
    case .tls(let location, let why):
      "Could not set up TLS for the PostgreSQL database \(location): \(why)."
    case .query(let why):
      "The PostgreSQL database refused a query: \(why)."
    }
  }
}
