import Foundation
import GRDB
import PokjaCore

/// `pokja db copy` on SQLite: the tables read and written column by column (`StoredTables`).
extension SQLiteStore: StoreTransfer {
  public func readingSnapshot<T>(_ body: () throws -> T) throws -> T {
    try writer.unsafeReentrantRead { _ in try body() }
  }

  public func rowCount(of table: StoredTables.Table) throws -> Int {
    try writer.unsafeReentrantRead { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0
    }
  }

  public func readRows(
    of table: StoredTables.Table, batch: Int, _ body: ([[StoredValue]]) throws -> Void
  ) throws {
    try writer.unsafeReentrantRead { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)
          ORDER BY \(table.key.joined(separator: ", "))
          """)
      var chunk: [[StoredValue]] = []
      chunk.reserveCapacity(batch)
      while let row = try rows.next() {
        chunk.append(
          table.columns.enumerated().map { index, column in Self.value(row, index, column.kind) })
        if chunk.count == batch {
          try body(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      }
      if !chunk.isEmpty { try body(chunk) }
    }
  }

  public func copyingInto<T>(emptying: Bool, _ body: () throws -> T) throws -> T {
    try atomically {
      if emptying { try emptyEverything() }
      let result = try body()
      try transaction { db in try DirectoryIndex.rebuild(db, today: today) }
      return result
    }
  }

  /// Empties every table, the search index with them.
  private func emptyEverything() throws {
    try transaction { db in
      for table in StoredTables.all.reversed() {
        try db.execute(sql: "DELETE FROM \(table.name)")
      }
      try db.execute(sql: "DELETE FROM sqlite_sequence")
      // The search index and its typo words are rebuilt from the copied records.
      try db.execute(
        sql:
          "DELETE FROM directory_search; DELETE FROM search_word; DELETE FROM search_word_deletion")
    }
    knownWords.forget()
  }

  public func insert(_ rows: [[StoredValue]], into table: StoredTables.Table) throws {
    guard !rows.isEmpty else { return }
    let names = table.columns.map(\.name)
    let sql =
      "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES ("
      + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
    let deferred = Set(table.selfReferences)
    try transaction { db in
      let statement = try db.cachedStatement(sql: sql)
      for row in rows {
        let values = zip(table.columns, row).map { column, value in
          deferred.contains(column.name) ? nil : Self.databaseValue(value)
        }
        try statement.execute(arguments: StatementArguments(values))
      }
    }
  }

  public func fillSelfReferences(_ rows: [[StoredValue]], of table: StoredTables.Table) throws {
    guard let idIndex = table.columns.firstIndex(where: { $0.name == "id" }) else { return }
    try transaction { db in
      for column in table.selfReferences {
        guard let index = table.columns.firstIndex(where: { $0.name == column }) else { continue }
        let statement = try db.cachedStatement(
          sql: "UPDATE \(table.name) SET \(column) = ? WHERE id = ?")
        for row in rows where row[index] != .null {
          try statement.execute(
            arguments: [Self.databaseValue(row[index]), Self.databaseValue(row[idIndex])])
        }
      }
    }
  }

  /// `yyyy-MM-dd HH:mm:ss.SSS` in UTC, as GRDB stores a date.
  private static func millisecondText(_ milliseconds: Int64) -> String {
    let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    return String(
      format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", Int(parts.tm_year) + 1900,
      Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
      Int(parts.tm_sec), Int(milliseconds - seconds * 1000))
  }

  private static func value(_ row: Row, _ index: Int, _ kind: StoredTables.Kind) -> StoredValue {
    if row.hasNull(atIndex: index) { return .null }
    switch kind {
    case .integer: return .integer(row[index])
    case .real: return .real(row[index])
    case .text: return .text(row[index])
    case .instant:
      let date: Date? = row[index]
      return date.map(StoredValue.instant) ?? .null
    case .flag: return .flag(row[index])
    }
  }

  private static func databaseValue(_ value: StoredValue) -> (any DatabaseValueConvertible)? {
    switch value {
    case .null: nil
    case .integer(let number): number
    case .real(let number): number
    case .text(let text): text
    // SQLite keeps milliseconds: written as GRDB writes dates, from the whole milliseconds the
    // copy's digest counts (a Date's binary fraction could fall just below them).
    case .instant(let date): millisecondText(StoredValue.milliseconds(date))
    case .flag(let flag): flag
    }
  }
}
