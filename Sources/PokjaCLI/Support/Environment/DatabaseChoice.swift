import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaPostgres
import PokjaScheduling
import PokjaWorkPlan

/// Everything a Pokja store implements: what the features need from storage, and `db copy`.
typealias PokjaStore = AccessStore & AttendanceStore & ChannelStore & DirectoryStore & DocumentStore
  & InboxStore & InvitationListStore & WorkPlanStore
  & OutboxStore & SchedulingStore & StoreTransfer

/// Which database a command works on: the embedded SQLite file, or a shared PostgreSQL database.
///
/// `--db` or `POKJA_DB` when given (a path or a `postgres://` URL), else `[database] url` in the
/// config, else the default file (`Paths`). A PostgreSQL password comes from `POKJA_DB_PASSWORD` or
/// `[database] password_file`, never from the URL.
enum DatabaseChoice {
  case file(path: String)
  case server(PostgresLocation, password: String?)

  /// The database `paths` and `config` name (`config` nil: it could not be read, so only `--db`,
  /// `POKJA_DB` and the default count).
  init(_ paths: Paths, _ config: PokjaConfig?) throws(PostgresLocationError) {
    let named =
      paths.databaseIsNamed ? paths.database : config?.databaseURL ?? paths.database
    if let location = try PostgresLocation(parsing: named) {
      self = .server(location, password: config?.databasePassword)
    } else {
      self = .file(path: paths.databaseIsNamed ? paths.database : Paths.expand(named, [:]))
    }
  }

  /// The database `text` names (a path or a `postgres://` URL), with the configured password.
  init(naming text: String, config: PokjaConfig, variables: [String: String])
    throws(PostgresLocationError)
  {
    if let location = try PostgresLocation(parsing: text) {
      self = .server(location, password: config.databasePassword)
    } else {
      self = .file(path: Paths.expand(text, variables))
    }
  }

  /// How people see it: the file's path, or the server's URL (no password: there is none).
  var description: String {
    switch self {
    case .file(let path): path
    case .server(let location, _): location.description
    }
  }

  /// What `--db` takes to name it again: the file's path, or the URL as given.
  var url: String {
    switch self {
    case .file(let path): path
    case .server(let location, _): location.url
    }
  }

  var isServer: Bool {
    if case .server = self { true } else { false }
  }

  /// Opens the store: an existing one (`pokja init` creates it, `create`), for looking up only
  /// (`readOnly`), or for a dry run whose changes are never kept.
  func open(create: Bool = false, readOnly: Bool = false, dryRun: Bool = false, today: Today)
    throws -> any PokjaStore
  {
    switch self {
    case .file(let path):
      return SQLiteStore(
        dryRun
          ? try PokjaDatabase.snapshot(path: path)
          : try PokjaDatabase.open(path: path, create: create, readOnly: readOnly),
        today: today)
    case .server(let location, let password):
      return dryRun
        ? try PostgresStore.openForDryRun(location, password: password, today: today)
        : try PostgresStore.open(location, password: password, create: create, today: today)
    }
  }
}

/// A command that works on the SQLite file itself, asked of a shared PostgreSQL database.
enum SharedDatabaseUse: Error, UserFacingError, Equatable {
  /// `pokja backup`: PostgreSQL's own tools do it.
  case backup(String)
  /// `pokja restore`.
  case restore(String)

  var exitStatus: ExitStatus { .usage }

  var errorDescription: String? {
    switch self {
    case .backup(let location):
      "'pokja backup' copies the SQLite file; the shared database \(location) is backed up with "
        + "PostgreSQL's own tool: pg_dump --format=custom --file=pokja.dump DATABASE (see "
        + "docs/guide-ops.md, 'Backups of the shared database')."
    case .restore(let location):
      "'pokja restore' replaces the SQLite file; the shared database \(location) is restored with "
        + "pg_restore --clean --if-exists --dbname=DATABASE pokja.dump (see docs/guide-ops.md)."
    }
  }
}
