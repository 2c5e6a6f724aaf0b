import Foundation
import GRDB

/// Copies of the database made with SQLite's online backup API: consistent while cron jobs keep
/// writing, and checked before they are trusted.
public enum DatabaseBackup {
  /// What a backup file holds.
  public struct Summary: Sendable, Equatable {
    /// The last migration it has (its schema version).
    public var schema: String
    public var organisations: Int
    public var contacts: Int
    public var meetings: Int
    public var outboxMessages: Int
    public var bytes: Int64
  }

  /// Copies the live database at `livePath` to `file` (which must not exist unless `replace`),
  /// through a temporary file renamed into place only once the copy checks out.
  public static func backup(
    livePath: String, to file: String, replace: Bool = false,
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> Summary {
    let manager = FileManager.default
    if manager.fileExists(atPath: file), !replace { throw BackupError.exists(file) }
    let folder = (file as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw BackupError.noFolder(file, folder)
    }
    let source = try PokjaDatabase.open(path: livePath, create: false, readOnly: true)
    let partial = file + ".partial-\(getpid())"
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] {
        try? manager.removeItem(atPath: partial + suffix)
      }
    }
    // Names, phones and addresses of people: the copy is the owner's alone from its first byte.
    guard manager.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
    else {
      throw BackupError.cannotWrite(file, "the file cannot be created in \(folder)")
    }
    do {
      let destination = try DatabaseQueue(path: partial)
      try source.backup(to: destination, pagesPerStep: 1024) { step in
        progress?(step.completedPageCount, step.totalPageCount)
      }
      // One self-contained file: the copy leaves write-ahead logging (the live file's mode) behind.
      try destination.writeWithoutTransaction { db in
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
      }
      try destination.close()
    } catch let error as DatabaseError {
      throw BackupError.cannotWrite(file, error.message ?? error.description)
    }
    let summary = try inspect(partial, shownAs: file)
    do {
      if manager.fileExists(atPath: file) { try manager.removeItem(atPath: file) }
      try manager.moveItem(atPath: partial, toPath: file)
    } catch {
      throw BackupError.cannotWrite(file, error.localizedDescription)
    }
    return summary
  }

  /// What a restore did.
  public struct Restored: Sendable, Equatable {
    /// What the restored backup holds.
    public var summary: Summary
    /// Where the database as it was before is kept (`safetyCopyPath`).
    public var safetyCopy: String
  }

  /// Replaces the live database's contents with `file`'s, after checking that `file` is a sound
  /// Pokja database no newer than this build, and after saving the live one next to itself
  /// (`safetyCopyPath(for:at:)`, named after `now`). The copy into the live file is one SQLite
  /// backup step: readers see the old or the new data.
  public static func restore(from file: String, livePath: String, at now: Date) throws
    -> Restored
  {
    let safetyCopy = safetyCopyPath(for: livePath, at: now)
    let summary = try inspect(file)
    _ = try backup(livePath: livePath, to: safetyCopy)
    do {
      var configuration = Configuration()
      configuration.readonly = true
      let source = try DatabaseQueue(path: file, configuration: configuration)
      let live = try PokjaDatabase.open(path: livePath, create: false)
      try source.backup(to: live)
      try PokjaDatabase.migrate(live)
    } catch let error as DatabaseError {
      throw BackupError.cannotWrite(livePath, error.message ?? error.description)
    }
    return Restored(summary: summary, safetyCopy: safetyCopy)
  }

  /// Where `restore` keeps the live database at `livePath` as it was:
  /// `LIVE.before-restore-2026-11-29T083000Z` (the time in UTC, without colons), with `-2`, `-3`…
  /// after it when that name is taken, so an earlier copy is never overwritten.
  public static func safetyCopyPath(for livePath: String, at now: Date) -> String {
    let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
    let base = livePath + ".before-restore-" + stamp
    var path = base
    var number = 1
    while FileManager.default.fileExists(atPath: path) {
      number += 1
      path = base + "-\(number)"
    }
    return path
  }

  /// Checks that `file` is a Pokja database this build can use: an SQLite file, with Pokja's
  /// migrations and no unknown ones, passing SQLite's integrity check. Never writes to it.
  public static func inspect(_ file: String, shownAs name: String? = nil) throws -> Summary {
    let name = name ?? file
    let manager = FileManager.default
    guard manager.fileExists(atPath: file) else { throw BackupError.missing(name) }
    guard let handle = FileHandle(forReadingAtPath: file) else {
      throw BackupError.notADatabase(name, "it cannot be read")
    }
    let header = handle.readData(ofLength: 16)
    try? handle.close()
    guard header == Data("SQLite format 3\u{0}".utf8) else {
      throw BackupError.notADatabase(name, "it is not an SQLite database")
    }
    var configuration = Configuration()
    configuration.readonly = true
    do {
      let queue = try DatabaseQueue(path: file, configuration: configuration)
      return try queue.read { db in
        guard try db.tableExists("grdb_migrations") else {
          throw BackupError.notADatabase(name, "it is an SQLite database, but not Pokja's")
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let known = PokjaDatabase.migrationNames
        guard let first = known.first, applied.contains(first) else {
          throw BackupError.notADatabase(name, "it is an SQLite database, but not Pokja's")
        }
        if applied.contains(where: { !known.contains($0) }) { throw BackupError.newer(name) }
        let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        guard check == ["ok"] else {
          throw BackupError.damaged(name, check.prefix(3).joined(separator: "; "))
        }
        let count = { (table: String) in
          try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
        let size = (try? manager.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        return Summary(
          schema: known.last { applied.contains($0) } ?? first,
          organisations: try count("organisation"), contacts: try count("contact"),
          meetings: try count("meeting"), outboxMessages: try count("outbox_message"),
          bytes: size)
      }
    } catch let error as BackupError {
      throw error
    } catch let error as DatabaseError {
      throw BackupError.notADatabase(name, error.message ?? error.description)
    }
  }
}

/// Why a backup or restore did not happen. The live database is never touched when one is thrown
/// before the copy.
public enum BackupError: Error, Equatable, Sendable {
  case missing(String)
  case exists(String)
  case notADatabase(String, String)
  case newer(String)
  case damaged(String, String)
  case cannotWrite(String, String)
  /// The folder the backup should go into does not exist.
  case noFolder(String, String)
}

extension BackupError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .missing(let path): "\(path) does not exist."
    case .exists(let path):
      "\(path) already exists. Choose another name, or add --force to replace it."
    case .notADatabase(let path, let why):
      "\(path) is not a Pokja database: \(why). Nothing was changed."
    case .newer(let path):
      "\(path) was written by a newer Pokja (it has migrations this one does not know). Upgrade pokja first; nothing was changed."
    case .damaged(let path, let details):
      "\(path) is damaged (SQLite integrity check: \(details)). Nothing was changed; use another backup."
    case .cannotWrite(let path, let why):
      "Cannot write \(path): \(why). Check the disk and the folder's permissions."
    case .noFolder(let path, let folder):
      "Cannot write \(path): the folder \(folder) does not exist. Create it first: mkdir -p \(folder)"
    }
  }
}

/// What `pokja doctor` finds in the database file.
public struct DatabaseHealth: Sendable, Equatable {
  /// SQLite's quick check: `["ok"]` when sound.
  public var quickCheck: [String]
  public var journalMode: String
  /// Migrations this build knows that the file has not had yet (they run on the next write).
  public var pendingMigrations: [String]
  /// Migrations in the file this build does not know (a newer pokja wrote it).
  public var unknownMigrations: [String]
  /// Outbox messages given up on, and those still waiting, with the oldest wait's start.
  public var deadMessages: Int
  public var waitingMessages: Int
  public var oldestWaiting: Date?

  /// Reads the file at `path` without writing to it.
  public static func inspect(path: String) throws -> DatabaseHealth {
    guard FileManager.default.fileExists(atPath: path) else {
      throw StorageError.databaseMissing(path)
    }
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(10)
    do {
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      return try queue.read { db in
        let applied =
          try db.tableExists("grdb_migrations")
          ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        let known = PokjaDatabase.migrationNames
        let outbox = try db.tableExists("outbox_message")
        let count = { (state: String) in
          outbox
            ? try Int.fetchOne(
              db, sql: "SELECT count(*) FROM outbox_message WHERE state IN (\(state))") ?? 0 : 0
        }
        return DatabaseHealth(
          quickCheck: try String.fetchAll(db, sql: "PRAGMA quick_check"),
          journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
          pendingMigrations: known.filter { !applied.contains($0) },
          unknownMigrations: applied.filter { !known.contains($0) },
          deadMessages: try count("'dead'"), waitingMessages: try count("'queued', 'sending'"),
          oldestWaiting: outbox
            ? try Date.fetchOne(
              db,
              sql: "SELECT min(created_at) FROM outbox_message WHERE state IN ('queued', 'sending')"
            )
            : nil)
      }
    } catch let error as DatabaseError {
      throw StorageError.cannotOpen(path, error.message ?? error.description)
    }
  }
}
