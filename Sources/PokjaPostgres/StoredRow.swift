import Foundation
import PokjaCore
import PostgresNIO

/// A row read back from one table, its cells decoded by column name. A cell that does not decode is
/// reported as a corrupt row (table, id, column), never crashed on.
struct StoredRow {
  let cells: PostgresRandomAccessRow
  let table: String

  init(_ cells: PostgresRandomAccessRow, table: String) {
    self.cells = cells
    self.table = table
  }

  /// The row's `id`, or 0 when it has none (for error messages).
  var id: Int64 {
    guard cells.contains("id") else { return 0 }
    return (try? cells["id"].decode(Int64.self)) ?? 0
  }

  /// The value of `column` (`T?` for a column that may be NULL).
  func callAsFunction<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T
  {
    do {
      return try cells[column].decode(T.self)
    } catch {
      throw SharedDatabaseError.corruptRow(table: table, id: id, column: column)
    }
  }

  /// Whether the row has `column` (listings leave some out).
  func has(_ column: String) -> Bool { cells.contains(column) }

  /// A required text value that must parse.
  func parsed<T>(_ column: String, _ parse: (String) -> T?) throws -> T {
    guard let value = parse(try self(column, as: String.self)) else {
      throw SharedDatabaseError.corruptRow(table: table, id: id, column: column)
    }
    return value
  }

  /// A JSON array of strings (`StoredList`).
  func stringList(_ column: String) throws -> [String] {
    try parsed(column, StoredList.strings)
  }

  /// A JSON array of email addresses.
  func emailList(_ column: String) throws -> [EmailAddress] {
    try stringList(column).map { text in
      guard let email = EmailAddress(text) else {
        throw SharedDatabaseError.corruptRow(table: table, id: id, column: column)
      }
      return email
    }
  }

  /// A JSON array of Unix seconds.
  func instantList(_ column: String) throws -> [Date] {
    try parsed(column, StoredList.instants)
  }
}

extension Array where Element == PostgresRandomAccessRow {
  /// The rows of `table`, to be read by column name.
  func of(_ table: String) -> [StoredRow] { map { StoredRow($0, table: table) } }
}
