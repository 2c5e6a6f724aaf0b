import Foundation
import GRDB
import PokjaCore
import PokjaNotifications

/// The messages `pokja inbox` read, on SQLite. An entry is taken by its one INSERT: of two runs
/// reading the same message, one stores it and the other is told it was taken.
extension SQLiteStore: InboxStore {
  public func inboxEntries(mailbox: String, uidValidity: Int64) throws -> [Int64: InboxEntry] {
    try read { db in
      let entries = try Row.fetchAll(
        db, sql: "SELECT * FROM inbox_entry WHERE mailbox = ? AND uid_validity = ?",
        arguments: [mailbox, uidValidity]
      ).map(InboxEntry.init(row:))
      return Dictionary(entries.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
    }
  }

  public func inboxHasMatched(messageID: String) throws -> Bool {
    try read { db in
      try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS (SELECT 1 FROM inbox_entry
                         WHERE message_id = ? AND status IN ('answered', 'counter', 'duplicate', 'stale'))
          """, arguments: [messageID]) ?? false
    }
  }

  public func insertInboxEntry(_ entry: InboxEntry) throws -> InboxEntry? {
    try transaction { db in
      guard let id = try InboxEntry.tableMapping.insertUnlessTaken(entry, db) else { return nil }
      var stored = entry
      stored.id = InboxEntryID(id)
      return stored
    }
  }

  public func markInboxEntryFiled(_ id: InboxEntryID, in folder: String, at date: Date) throws {
    try transaction { db in
      try db.execute(
        cached: "UPDATE inbox_entry SET filed_in = ?, filed_at = ? WHERE id = ?",
        arguments: [folder, date, id.rawValue])
    }
  }

  public func inboxEntry(_ id: InboxEntryID) throws -> InboxEntry? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM inbox_entry WHERE id = ?", arguments: [id.rawValue])
        .map(InboxEntry.init(row:))
    }
  }

  public func inboxEntries(statuses: Set<InboxStatus>, includeDismissed: Bool, limit: Int) throws
    -> [InboxEntry]
  {
    guard limit > 0 else { return [] }
    let statuses = statuses.isEmpty ? Set(InboxStatus.allCases) : statuses
    return try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM inbox_entry
          WHERE status IN (SELECT value FROM json_each(?)) AND (? OR dismissed_at IS NULL)
          ORDER BY id DESC LIMIT ?
          """,
        arguments: [Self.jsonArray(statuses.map(\.rawValue).sorted()), includeDismissed, limit]
      ).map(InboxEntry.init(row:))
    }
  }

  public func dismissInboxEntries(_ ids: [InboxEntryID], at date: Date, by actor: String) throws
    -> Int
  {
    guard !ids.isEmpty else { return 0 }
    return try transaction { db in
      try db.execute(
        cached: """
          UPDATE inbox_entry SET dismissed_at = ?, dismissed_by = ?
          WHERE id IN (SELECT value FROM json_each(?)) AND dismissed_at IS NULL
          """, arguments: [date, actor, Self.jsonArray(ids.map(\.rawValue))])
      return db.changesCount
    }
  }

  public func dismissEarlierInboxEntries(
    messageID: String, before id: InboxEntryID, at date: Date
  ) throws {
    try transaction { db in
      // No one dismissed them: `dismissed_by` stays empty.
      try db.execute(
        cached: """
          UPDATE inbox_entry SET dismissed_at = ?
          WHERE message_id = ? AND id < ? AND status IN ('unmatched', 'malformed')
            AND dismissed_at IS NULL
          """, arguments: [date, messageID, id.rawValue])
    }
  }
}

// MARK: - The record

extension InboxEntry {
  static let tableMapping = TableMapping<InboxEntry>(
    "inbox_entry",
    [
      .init("mailbox") { $0.mailbox },
      .init("uid_validity") { $0.uidValidity },
      .init("uid") { $0.uid },
      .init("message_id") { $0.messageID },
      .init("sender") { $0.sender },
      .init("subject") { $0.subject },
      .init("sent_at") { $0.sentAt },
      .init("processed_at") { $0.processedAt },
      .init("status") { $0.status.rawValue },
      .init("problem") { $0.problem },
      .init("items") { InboxEntry.encodeItems($0.items) },
      .init("filed_in") { $0.filedIn },
      .init("filed_at") { $0.filedAt },
      .init("dismissed_at") { $0.dismissedAt },
      .init("dismissed_by") { $0.dismissedBy },
    ])

  init(row: Row) throws {
    let table = Self.tableMapping.table
    self.init(
      id: InboxEntryID(row["id"] as Int64), mailbox: row["mailbox"],
      uidValidity: row["uid_validity"], uid: row["uid"], messageID: row["message_id"],
      sender: row["sender"], subject: row["subject"], sentAt: row["sent_at"],
      processedAt: row["processed_at"],
      status: try row.parsed("status", table: table) { InboxStatus(rawValue: $0) },
      problem: row["problem"],
      items: try row.parsed("items", table: table) { try? InboxEntry.decodeItems($0) },
      filedIn: row["filed_in"], filedAt: row["filed_at"], dismissedAt: row["dismissed_at"],
      dismissedBy: row["dismissed_by"])
  }
}
