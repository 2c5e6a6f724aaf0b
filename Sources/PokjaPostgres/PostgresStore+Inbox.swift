import Foundation
import PokjaCore
import PokjaNotifications

/// The messages `pokja inbox` read, on PostgreSQL. An entry is taken by its one INSERT: of two
/// hosts reading the same message, one stores it and the other is told it was taken.
extension PostgresStore: InboxStore {
  public func inboxEntries(mailbox: String, uidValidity: Int64) throws -> [Int64: InboxEntry] {
    let entries = try rows(
      "SELECT * FROM inbox_entry WHERE mailbox = $1 AND uid_validity = $2", [mailbox, uidValidity]
    ).of("inbox_entry").map { try InboxEntry(stored: $0) }
    return Dictionary(entries.map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
  }

  public func inboxHasMatched(messageID: String) throws -> Bool {
    !(try rows(
      """
      SELECT 1 FROM inbox_entry
      WHERE message_id = $1 AND status IN ('answered', 'counter', 'duplicate', 'stale') LIMIT 1
      """, [messageID]
    ).isEmpty)
  }

  public func insertInboxEntry(_ entry: InboxEntry) throws -> InboxEntry? {
    try transaction {
      guard let id = try InboxEntry.storedColumns.insertUnlessTaken(entry, self) else {
        return nil
      }
      var stored = entry
      stored.id = InboxEntryID(id)
      return stored
    }
  }

  public func markInboxEntryFiled(_ id: InboxEntryID, in folder: String, at date: Date) throws {
    try transaction {
      _ = try rows(
        "UPDATE inbox_entry SET filed_in = $1, filed_at = $2 WHERE id = $3",
        [folder, date, id.rawValue])
    }
  }

  public func inboxEntry(_ id: InboxEntryID) throws -> InboxEntry? {
    try rows("SELECT * FROM inbox_entry WHERE id = $1", [id.rawValue]).of("inbox_entry").first
      .map { try InboxEntry(stored: $0) }
  }

  public func inboxEntries(statuses: Set<InboxStatus>, includeDismissed: Bool, limit: Int) throws
    -> [InboxEntry]
  {
    guard limit > 0 else { return [] }
    let statuses = statuses.isEmpty ? Set(InboxStatus.allCases) : statuses
    return try rows(
      """
      SELECT * FROM inbox_entry
      WHERE status = ANY($1) AND ($2 OR dismissed_at IS NULL)
      ORDER BY id DESC LIMIT $3
      """, [statuses.map(\.rawValue).sorted(), includeDismissed, Int64(limit)]
    ).of("inbox_entry").map { try InboxEntry(stored: $0) }
  }

  public func dismissInboxEntries(_ ids: [InboxEntryID], at date: Date, by actor: String) throws
    -> Int
  {
    guard !ids.isEmpty else { return 0 }
    return try transaction {
      try rows(
        """
        UPDATE inbox_entry SET dismissed_at = $1, dismissed_by = $2
        WHERE id = ANY($3) AND dismissed_at IS NULL RETURNING id
        """, [date, actor, ids.map(\.rawValue)]
      ).count
    }
  }

  public func dismissEarlierInboxEntries(
    messageID: String, before id: InboxEntryID, at date: Date
  ) throws {
    try transaction {
      // No one dismissed them: `dismissed_by` stays empty.
      _ = try rows(
        """
        UPDATE inbox_entry SET dismissed_at = $1
        WHERE message_id = $2 AND id < $3 AND status IN ('unmatched', 'malformed')
          AND dismissed_at IS NULL
        """, [date, messageID, id.rawValue])
    }
  }
}

// MARK: - The record

extension InboxEntry {
  static let storedColumns = StoredColumns<InboxEntry>(
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

  init(stored row: StoredRow) throws {
    self.init(
      id: InboxEntryID(try row("id")), mailbox: try row("mailbox"),
      uidValidity: try row("uid_validity"), uid: try row("uid"),
      messageID: try row("message_id"), sender: try row("sender"), subject: try row("subject"),
      sentAt: try row("sent_at"), processedAt: try row("processed_at"),
      status: try row.parsed("status") { InboxStatus(rawValue: $0) },
      problem: try row("problem"),
      items: try row.parsed("items") { try? InboxEntry.decodeItems($0) },
      filedIn: try row("filed_in"), filedAt: try row("filed_at"),
      dismissedAt: try row("dismissed_at"), dismissedBy: try row("dismissed_by"))
  }
}
