import Foundation
import PokjaCore
import PokjaDirectory
import PostgresNIO

/// `pokja db copy` on PostgreSQL: the tables read and written column by column (`StoredTables`).
extension PostgresStore: StoreTransfer {
  public func readingSnapshot<T>(_ body: () throws -> T) throws -> T {
    guard !inTransaction else { return try body() }
    try rows("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    do {
      let result = try body()
      try rows("COMMIT")
      return result
    } catch {
      try? rows("ROLLBACK")
      throw error
    }
  }

  public func rowCount(of table: StoredTables.Table) throws -> Int {
    let found = try rows("SELECT count(*) AS n FROM \(table.name)").of(table.name)
    return Int(try found.first?("n", as: Int64.self) ?? 0)
  }

  public func readRows(
    of table: StoredTables.Table, batch: Int, _ body: ([[StoredValue]]) throws -> Void
  ) throws {
    // Text keys in byte order, as SQLite orders them.
    let order = table.key.map { key in
      table.columns.first { $0.name == key }?.kind == .text ? "\(key) COLLATE \"C\"" : key
    }
    let sql = """
      SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)
      ORDER BY \(order.joined(separator: ", ")) LIMIT $1 OFFSET $2
      """
    // Tables keyed by `id` are read after the last ID seen; the others by offset.
    let keyset = """
      SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)
      WHERE id > $2 ORDER BY id LIMIT $1
      """
    let idIndex = table.columns.firstIndex { $0.name == "id" }
    var offset: Int64 = 0
    var lastID = Int64.min
    while true {
      let found =
        table.hasIdentity
        ? try rows(keyset, [Int64(batch), lastID]) : try rows(sql, [Int64(batch), offset])
      if let idIndex, let last = found.last {
        lastID = try last[idIndex].decode(Int64.self)
      }
      guard !found.isEmpty else { return }
      try body(
        try found.map { cells in
          try table.columns.enumerated().map { index, column in
            try Self.value(cells, index, column, table: table.name)
          }
        })
      if found.count < batch { return }
      offset += Int64(found.count)
    }
  }

  public func copyingInto<T>(emptying: Bool, _ body: () throws -> T) throws -> T {
    try atomically {
      if emptying {
        let tables =
          StoredTables.all.map(\.name) + ["search_document", "search_word", "search_word_deletion"]
        try rows("TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY CASCADE")
        try rows("UPDATE search_statistics SET documents = 0, tokens = 0")
        knownWords.forget()
      }
      let result = try body()
      try rebuildSearchIndex()
      // IDs given from now on follow the copied ones.
      for table in StoredTables.all where table.hasIdentity {
        try rows(
          """
          SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'),
                        coalesce((SELECT max(id) FROM \(table.name)), 0) + 1, false)
          """)
      }
      return result
    }
  }

  public func insert(_ rows: [[StoredValue]], into table: StoredTables.Table) throws {
    guard !rows.isEmpty else { return }
    let deferred = Set(table.selfReferences)
    var names = table.columns.map(\.name)
    // Entries copied from SQLite do not know the database role that made them.
    let unknownRole = table.name == "change_log"
    if unknownRole { names.append("database_user") }
    // PostgreSQL binds at most 65,535 values to one statement.
    let perStatement = max(1, 60_000 / names.count)
    var start = rows.startIndex
    while start < rows.endIndex {
      let end = min(start + perStatement, rows.endIndex)
      var values: [SQLValue?] = []
      var tuples: [String] = []
      for row in rows[start..<end] {
        var placeholders: [String] = []
        for (column, value) in zip(table.columns, row) {
          values.append(deferred.contains(column.name) ? nil : Self.bindable(value))
          placeholders.append("$\(values.count)::\(Self.type(of: column.kind))")
        }
        if unknownRole { placeholders.append("NULL") }
        tuples.append("(" + placeholders.joined(separator: ", ") + ")")
      }
      try self.rows(
        "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES "
          + tuples.joined(separator: ", "), values)
      start = end
    }
  }

  public func fillSelfReferences(_ rows: [[StoredValue]], of table: StoredTables.Table) throws {
    guard let idIndex = table.columns.firstIndex(where: { $0.name == "id" }) else { return }
    for column in table.selfReferences {
      guard let index = table.columns.firstIndex(where: { $0.name == column }) else { continue }
      for row in rows where row[index] != .null {
        try self.rows(
          "UPDATE \(table.name) SET \(column) = $1 WHERE id = $2",
          [Self.bindable(row[index]), Self.bindable(row[idIndex])])
      }
    }
  }

  /// Indexes every organisation and contact again, as on today's day.
  func rebuildSearchIndex() throws {
    try rows("TRUNCATE search_document, search_word, search_word_deletion CASCADE")
    try rows("UPDATE search_statistics SET documents = 0, tokens = 0")
    knownWords.forget()
    let organisations = try self.organisations()
    let byID = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
    for organisation in organisations { try index(SearchDocument(organisation: organisation)) }
    for contact in try contacts() {
      try index(
        SearchDocument(
          contact: contact,
          organisations: contact.memberships.compactMap { byID[$0.organisationID] },
          today: today))
    }
    try flushIndex()
  }

  private static func type(of kind: StoredTables.Kind) -> String {
    switch kind {
    case .integer: "bigint"
    case .real: "double precision"
    case .text: "text"
    case .instant: "timestamptz"
    case .flag: "boolean"
    }
  }

  private static func bindable(_ value: StoredValue) -> SQLValue? {
    switch value {
    case .null: nil
    case .integer(let number): number
    case .real(let number): number
    case .text(let text): text
    case .instant(let date): date
    case .flag(let flag): flag
    }
  }

  private static func value(
    _ cells: PostgresRandomAccessRow, _ index: Int, _ column: StoredTables.Column, table: String
  ) throws -> StoredValue {
    do {
      switch column.kind {
      case .integer: return try cells[index].decode(Int64?.self).map(StoredValue.integer) ?? .null
      case .real: return try cells[index].decode(Double?.self).map(StoredValue.real) ?? .null
      case .text: return try cells[index].decode(String?.self).map(StoredValue.text) ?? .null
      case .instant: return try cells[index].decode(Date?.self).map(StoredValue.instant) ?? .null
      case .flag: return try cells[index].decode(Bool?.self).map(StoredValue.flag) ?? .null
      }
    } catch {
      throw SharedDatabaseError.corruptRow(table: table, id: 0, column: column.name)
    }
  }
}
