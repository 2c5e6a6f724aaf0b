import Foundation
import GRDB
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import Synchronization

/// Pokja's store on SQLite (through GRDB): the directory, scheduling and outbox stores in one database,
/// so an action and the messages it causes are written in one transaction. GRDB's errors never leave
/// this module: they become `StorageError` or the features' own errors.
public final class SQLiteStore: Sendable {
  let writer: any DatabaseWriter
  /// The day that decides which membership names a contact as contacts are read, and which
  /// organisations' filters still find them as they are indexed.
  let today: Today

  /// Wraps an open, migrated database (see `PokjaDatabase`); `today` is the configured clock and
  /// zone (by default the machine's clock in Asia/Jakarta).
  public init(_ writer: any DatabaseWriter, today: Today = Today()) {
    self.writer = writer
    self.today = today
  }

  /// How many `atomically`/`rollingBack` blocks are open: reads inside them must use the writing
  /// connection, to see what the block has written so far.
  private let batchDepth = Mutex(0)
  /// Words already in the typo tables, remembered for the life of the store.
  let knownWords = KnownWords()
  /// Organisations read during a batch (an import reads the same few thousand for every contact).
  let batchOrganisations = Mutex<[OrganisationID: Organisation]>([:])

  /// Whether a batch (`atomically`, `rollingBack`) is open.
  var inBatch: Bool { batchDepth.withLock { $0 } > 0 }

  /// Runs `body` in an IMMEDIATE write transaction (a savepoint when one is already open): concurrent
  /// writers wait (busy timeout) instead of failing half-way through a read-then-write.
  func transaction<T>(_ body: (Database) throws -> T) throws -> T {
    try translatingErrors {
      try writer.unsafeReentrantWrite { db in
        var result: T?
        if db.isInsideTransaction {
          // Inside a batch the batch's transaction already makes everything all-or-nothing, and a
          // savepoint per row would make FTS5 flush its pending index data every time.
          if inBatch { return try body(db) }
          try db.inSavepoint {
            result = try body(db)
            return .commit
          }
        } else {
          try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
          }
        }
        return result!
      }
    }
  }

  /// Runs `body` on a consistent snapshot (inside a batch: on the batch's own connection).
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    if batchDepth.withLock({ $0 }) > 0 {
      return try translatingErrors { try writer.unsafeReentrantWrite(body) }
    }
    return try translatingErrors { try writer.read(body) }
  }

  /// Runs `body`, whose store calls all join one transaction: everything is kept, or nothing.
  public func atomically<T>(_ body: () throws -> T) throws -> T {
    do {
      return try transaction { _ in
        batchDepth.withLock { $0 += 1 }
        defer {
          batchDepth.withLock { $0 -= 1 }
          if !inBatch { batchOrganisations.withLock { $0.removeAll() } }
        }
        return try body()
      }
    } catch {
      knownWords.forget()  // what the rolled-back transaction wrote is gone
      throw error
    }
  }

  /// Runs `body` like `atomically`, then undoes everything it wrote: a dry run that reports exactly
  /// what a real run would do.
  public func rollingBack<T>(_ body: () throws -> T) throws -> T {
    try translatingErrors {
      try writer.unsafeReentrantWrite { db in
        var result: T?
        // Undone whether `body` finishes or throws: so are the words it indexed.
        defer { knownWords.forget() }
        try db.inTransaction(.immediate) {
          batchDepth.withLock { $0 += 1 }
          defer {
            batchDepth.withLock { $0 -= 1 }
            if !inBatch { batchOrganisations.withLock { $0.removeAll() } }
          }
          result = try body()
          return .rollback
        }
        return result!
      }
    }
  }

  private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw StorageError.database(error.message ?? error.description)
    }
  }
}

extension Database {
  /// Runs `sql` through GRDB's statement cache: compiled once per connection, not on every row of a
  /// bulk import.
  func execute(cached sql: String, arguments: StatementArguments = []) throws {
    try cachedStatement(sql: sql).execute(arguments: arguments)
  }
}

// MARK: - Row mapping

extension Row {
  /// A required value that must parse; a row that does not is reported, never crashed on.
  func parsed<T>(_ column: String, table: String, _ parse: (String) -> T?) throws -> T {
    let text: String? = self[column]
    guard let text, let value = parse(text) else {
      throw StorageError.corruptRow(table: table, id: (self["id"] as Int64?) ?? 0, column: column)
    }
    return value
  }
}

extension Row {
  /// A JSON array of strings stored in a column (`'[]'` when empty).
  func stringList(_ column: String, table: String) throws -> [String] {
    guard let list = StoredList.strings(self[column] ?? "[]") else {
      throw StorageError.corruptRow(table: table, id: (self["id"] as Int64?) ?? 0, column: column)
    }
    return list
  }

  /// A JSON array of email addresses.
  func emailList(_ column: String, table: String) throws -> [EmailAddress] {
    try stringList(column, table: table).map { text in
      guard let email = EmailAddress(text) else {
        throw StorageError.corruptRow(table: table, id: (self["id"] as Int64?) ?? 0, column: column)
      }
      return email
    }
  }
}

/// A list as the store keeps it in a TEXT column.
func jsonList(_ values: [String]) -> String { StoredList.text(values) }

extension OutboundMessage {
  init(row: Row) throws {
    let table = "outbox_message"
    let meetingID: Int64? = row["meeting_id"]
    let contactID: Int64? = row["contact_id"]
    let route = (row["route"] as String?).flatMap(MessageRoute.init(rawValue:))
    self.init(
      id: OutboundMessageID(row["id"] as Int64), dedupeKey: row["dedupe_key"] as String,
      kind: try row.parsed("kind", table: table) { MessageKind(rawValue: $0) },
      meetingID: meetingID.map { MeetingID($0) }, contactID: contactID.map { ContactID($0) },
      sender: try row.parsed("sender", table: table, EmailAddress.init),
      destination: try MessageDestination(row: row, route: route),
      messageID: row["message_id"] as String, subject: row["subject"] as String,
      // Listings leave the message itself out (it lives in outbox_body).
      content: (row["content"] as String?) ?? "",
      state: try row.parsed("state", table: table) { OutboxState(rawValue: $0) },
      attempts: row["attempts"] as Int, lastError: row["last_error"] as String?,
      createdAt: row["created_at"] as Date, nextAttemptAt: row["next_attempt_at"] as Date,
      sentAt: row["sent_at"] as Date?)
    receipt = row["receipt"]
    self.route = route
    occurrence = row["occurrence_at"]
    contentPurgedAt = row["purged_at"]
  }
}

extension MessageDestination {
  /// Reads the `recipient` and `channel_id` columns of an outbox row of `route`.
  init(row: Row, route: MessageRoute?) throws {
    if route == .webhook {
      self = .channel(id: row["channel_id"], name: row["recipient"])
    } else {
      self = .email(try row.parsed("recipient", table: "outbox_message", EmailAddress.init))
    }
  }
}
