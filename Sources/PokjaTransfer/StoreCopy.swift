import Crypto
import Foundation
import PokjaCore

/// Copies everything one store holds into another (`pokja db copy`): SQLite to PostgreSQL when a
/// network outgrows one laptop, and back. Every table is copied row by row with its IDs, in one
/// transaction of the target; before it commits, each table is read back and checked against the
/// source by its count and a SHA-256 digest of its rows, so a copy is whole or not made at all.
///
/// ```swift
/// let report = try StoreCopy(source: file, target: server).run(replace: false) { table, rows in
///   print("\(table.name): \(rows)")
/// }
/// ```
public struct StoreCopy {
  public let source: any StoreTransfer
  public let target: any StoreTransfer
  /// Rows read and written at a time.
  public var batch = 2_000

  public init(source: any StoreTransfer, target: any StoreTransfer) {
    self.source = source
    self.target = target
  }

  /// One table copied.
  public struct Table: Sendable, Hashable, Encodable {
    public let name: String
    public let rows: Int
    /// SHA-256 of the table's rows (hex), the same on both sides.
    public let digest: String
  }

  /// What a copy did.
  public struct Report: Sendable, Hashable, Encodable {
    public let tables: [Table]
    public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
  }

  /// The tables whose rows make a store "not empty": anything a person entered, was sent or sent
  /// in. The access log is among them: it can hold entries of no contact (a refused sign-in link).
  static let contentTables: Set<String> = [
    "organisation", "contact", "contact_group", "room", "meeting", "channel", "outbox_message",
    "change_log", "access_event", "inbox_entry",
  ]

  /// How many records the target holds (its tables a person fills).
  private func recordsInTarget() throws -> Int {
    try StoredTables.all.filter { Self.contentTables.contains($0.name) }
      .reduce(0) { $0 + (try target.rowCount(of: $1)) }
  }

  /// Copies every table. The target must be empty unless `replace` (then its contents are dropped
  /// first, in the same transaction). `progress` hears each table once it is copied.
  public func run(
    replace: Bool, progress: (StoredTables.Table, Int) -> Void = { _, _ in }
  ) throws -> Report {
    try source.readingSnapshot {
      try target.copyingInto(emptying: replace) {
        // Checked inside the target's transaction: two copies at once cannot both find it empty.
        if !replace {
          let existing = try recordsInTarget()
          if existing > 0 { throw StoreCopyError.targetNotEmpty(records: existing) }
        }
        var tables: [Table] = []
        for table in StoredTables.all {
          var digest = RowDigest()
          try source.readRows(of: table, batch: min(batch, table.maxBatch)) { rows in
            try target.insert(rows, into: table)
            digest.add(rows)
          }
          progress(table, digest.count)
          tables.append(Table(name: table.name, rows: digest.count, digest: digest.hex))
        }
        for table in StoredTables.all where !table.selfReferences.isEmpty {
          try source.readRows(of: table, batch: min(batch, table.maxBatch)) { rows in
            try target.fillSelfReferences(rows, of: table)
          }
        }
        // Read back before committing: the copy is kept only when every table matches.
        for (table, copied) in zip(StoredTables.all, tables) {
          var digest = RowDigest()
          try target.readRows(of: table, batch: min(batch, table.maxBatch)) { digest.add($0) }
          guard digest.count == copied.rows, digest.hex == copied.digest else {
            throw StoreCopyError.mismatch(
              table: table.name, sourceRows: copied.rows, copiedRows: digest.count)
          }
        }
        return Report(tables: tables)
      }
    }
  }
}

/// A digest of a table's rows that does not depend on their order: each row's SHA-256, sorted,
/// then hashed together.
struct RowDigest {
  private var rowHashes: [Data] = []
  var count: Int { rowHashes.count }

  mutating func add(_ rows: [[StoredValue]]) {
    for row in rows {
      let text = row.map(\.canonical).joined(separator: "\u{1F}")
      rowHashes.append(Data(SHA256.hash(data: Data(text.utf8))))
    }
  }

  var hex: String {
    var whole = SHA256()
    for hash in rowHashes.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
      whole.update(data: hash)
    }
    return whole.finalize().map { String(format: "%02x", $0) }.joined()
  }
}

/// Why a copy was not made.
public enum StoreCopyError: Error, Equatable, Sendable, LocalizedError {
  /// The target holds records and `--replace` was not given.
  case targetNotEmpty(records: Int)
  /// A table read back from the target differs from the source (nothing was kept).
  case mismatch(table: String, sourceRows: Int, copiedRows: Int)
  /// The source and the target are the same database.
  case sameDatabase(String)

  public var errorDescription: String? {
    switch self {
    case .targetNotEmpty(let records):
      "The target already holds \(records) records. Copy into an empty database, or pass "
        + "--replace to drop what it holds first (in the same transaction as the copy)."
    case .mismatch(let table, let sourceRows, let copiedRows):
      "The copy of \(table) differs from the source (\(sourceRows) rows there, \(copiedRows) "
        + "read back); nothing was kept. Report this as a bug in Pokja."
    case .sameDatabase(let name):
      "--from and --to both name \(name); name two different databases."
    }
  }
}
