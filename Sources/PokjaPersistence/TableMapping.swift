import Foundation
import GRDB

/// How one kind of record is written to its table: each column once, with the record's value for
/// it. The INSERT and the UPDATE of the table are made from this list once, and every write of the
/// table goes through them; reading is the record's `init(row:)`, beside its mapping. A second
/// store writes its own mapping per record, against the same records.
///
/// ```swift
/// static let tableMapping = TableMapping<Room>("room", [
///   .init("name") { $0.name },
///   .init("capacity") { $0.capacity },
/// ])
/// let id = try Room.tableMapping.insert(room, db)
/// ```
///
/// Values are read by plain closures and bound to cached statements: no reflection and no coding
/// per row, which an import of 100,000 contacts would pay for.
struct TableMapping<Record>: Sendable {
  /// One column and how the record fills it.
  struct Column: Sendable {
    let name: String
    /// Written when the row is inserted and never by an update (an identity, a creation time,
    /// a value other code maintains).
    let insertOnly: Bool
    let value: @Sendable (Record) -> (any DatabaseValueConvertible)?

    init(
      _ name: String, insertOnly: Bool = false,
      _ value: @escaping @Sendable (Record) -> (any DatabaseValueConvertible)?
    ) {
      self.name = name
      self.insertOnly = insertOnly
      self.value = value
    }
  }

  let table: String
  let columns: [Column]
  private let insertSQL: String
  private let updateSQL: String
  private let saveSQL: String
  private let updatedColumns: [Column]

  /// The mapping of `table`, whose key is the integer `id` (assigned by SQLite on insert) unless
  /// `key` names another column (one of `columns`: a grant is keyed by its contact).
  init(_ table: String, key: String = "id", _ columns: [Column]) {
    self.table = table
    self.columns = columns
    updatedColumns = columns.filter { !$0.insertOnly && $0.name != key }
    insertSQL =
      "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES ("
      + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    updateSQL =
      "UPDATE \(table) SET "
      + updatedColumns.map { "\($0.name) = ?" }.joined(separator: ", ") + " WHERE \(key) = ?"
    saveSQL =
      insertSQL + " ON CONFLICT (\(key)) DO UPDATE SET "
      + updatedColumns.map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
  }

  /// Inserts `record` and returns the row ID it was given.
  func insert(_ record: Record, _ db: Database) throws -> Int64 {
    try db.execute(
      cached: insertSQL, arguments: StatementArguments(columns.map { $0.value(record) }))
    return db.lastInsertedRowID
  }

  /// Inserts `record` unless it would repeat a unique value; nil (and nothing written) when it
  /// would.
  func insertUnlessTaken(_ record: Record, _ db: Database) throws -> Int64? {
    try db.execute(
      cached: insertSQL + " ON CONFLICT DO NOTHING",
      arguments: StatementArguments(columns.map { $0.value(record) }))
    return db.changesCount == 1 ? db.lastInsertedRowID : nil
  }

  /// Inserts `record`, or writes it over the row with the same key (for a table whose key is one
  /// of the record's own columns).
  func save(_ record: Record, _ db: Database) throws {
    try db.execute(
      cached: saveSQL, arguments: StatementArguments(columns.map { $0.value(record) }))
  }

  /// Writes `record` over the row `id` (no row: nothing happens).
  func update(_ record: Record, id: Int64, _ db: Database) throws {
    var values = updatedColumns.map { $0.value(record) }
    values.append(id)
    try db.execute(cached: updateSQL, arguments: StatementArguments(values))
  }
}
