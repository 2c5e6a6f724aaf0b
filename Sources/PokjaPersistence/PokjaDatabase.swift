import Foundation
import GRDB
import PokjaCore

/// Opens Pokja's SQLite database and keeps its schema current with versioned migrations.
public enum PokjaDatabase {
  /// Opens (creating when asked) the database file at `path` in WAL mode with a busy timeout, and
  /// migrates it. Without `create`, a missing file is an error that says to run `pokja init`.
  ///
  /// `readOnly` opens a connection that cannot write (for lookups: no journal files to create,
  /// sync or delete, so `pokja find` starts faster); a database that still needs a migration is
  /// opened for writing once to migrate it.
  public static func open(path: String, create: Bool, readOnly: Bool = false) throws
    -> any DatabaseWriter
  {
    if readOnly, !create, FileManager.default.fileExists(atPath: path) {
      var configuration = Configuration()
      configuration.readonly = true
      configuration.busyMode = .timeout(10)
      if let reader = try? DatabaseQueue(path: path, configuration: configuration),
        (try? reader.read({ try migrator.hasCompletedMigrations($0) })) == true
      {
        return reader
      }
    }
    let fileManager = FileManager.default
    if !fileManager.fileExists(atPath: path) {
      guard create else { throw StorageError.databaseMissing(path) }
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        do {
          try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw StorageError.cannotOpen(path, error.localizedDescription)
        }
      }
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.foreignKeysEnabled = true
    configuration.prepareDatabase { db in
      // 32 MB of page cache: a bulk import's transaction stays in memory instead of spilling.
      try db.execute(sql: "PRAGMA cache_size = -32000")
      // WAL mode is kept in the file; asking again costs nothing. Set here rather than with GRDB's
      // `.wal` journal mode, which writes a table to the file (and syncs it) on every open whose
      // WAL file is gone, which is every run after the last one closed: a write on each idle cron run.
      let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      guard mode == "wal" else {
        throw DatabaseError(
          message: "could not use write-ahead logging (journal mode \(mode ?? "?"))")
      }
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }
    // One connection in WAL mode: a command is one short process, so a pool's extra reader
    // connections only cost start-up time; other processes (cron, a second user) still read while
    // this one writes, through SQLite's own locking.
    let writer: DatabaseQueue
    do {
      writer = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw StorageError.cannotOpen(path, (error as? DatabaseError)?.message ?? "\(error)")
    }
    try migrate(writer)
    return writer
  }

  /// An in-memory copy of the database file at `path`, for dry runs: whatever a command writes
  /// to it is lost with the process, and the file is only read.
  public static func snapshot(path: String) throws -> any DatabaseWriter {
    let source = try open(path: path, create: false, readOnly: true)
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    do {
      let copy = try DatabaseQueue(configuration: configuration)
      try source.backup(to: copy)
      return copy
    } catch {
      throw StorageError.cannotOpen(path, (error as? DatabaseError)?.message ?? "\(error)")
    }
  }

  /// An in-memory database with the current schema, for tests.
  public static func inMemory() throws -> any DatabaseWriter {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    let queue = try DatabaseQueue(configuration: configuration)
    try migrate(queue)
    return queue
  }

  /// The names of the migrations this build knows, oldest first.
  public static var migrationNames: [String] { migrator.migrations }

  static func migrate(_ writer: any DatabaseWriter, upTo target: String? = nil) throws {
    do {
      if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
        throw StorageError.newerSchema
      }
      // Up to date: nothing to write (GRDB's migrate would still open a write transaction).
      if target == nil, try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
      if let target {
        try migrator.migrate(writer, upTo: target)
      } else {
        try migrator.migrate(writer)
      }
    } catch let error as StorageError {
      throw error
    } catch let error as DatabaseError {
      throw StorageError.cannotOpen(writer.path, error.message ?? error.description)
    }
  }
}

/// Why the database could not be used.
public enum StorageError: Error, Equatable, Sendable {
  case databaseMissing(String)
  case cannotOpen(String, String)
  case newerSchema
  /// SQLite failed while reading or writing (disk full, locked for too long, I/O error).
  case database(String)
  /// A stored row holds a value this version cannot read (edited by hand, or damaged).
  case corruptRow(table: String, id: Int64, column: String)
}

extension StorageError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .databaseMissing(let path):
      "No Pokja database at \(path). Run 'pokja init' first (or pass --db with the right path)."
    case .cannotOpen(let path, let reason):
      "Cannot open the database \(path): \(reason). Check the path and its permissions."
    case .newerSchema:
      "The database was written by a newer version of Pokja. Upgrade pokja before using it."
    case .database(let reason):
      "The database failed: \(reason). Check the disk and the file's permissions, then try again."
    case .corruptRow(let table, let id, let column):
      "The database row \(table) \(id) has an unreadable \(column). Fix or remove it (sqlite3), or restore a backup."
    }
  }
}
