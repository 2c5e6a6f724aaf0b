import Foundation
import GRDB
import PokjaCore
import PokjaNotifications

extension SQLiteStore: OutboxStore {
  public func enqueue(_ drafts: [OutboundDraft], at now: Date) throws -> [OutboundMessage] {
    try transaction { db in
      var queued: [OutboundMessage] = []
      for draft in drafts {
        // The unique dedupe key makes a second queueing of the same message a no-op.
        try db.execute(
          sql: """
            INSERT INTO outbox_message (dedupe_key, kind, meeting_id, contact_id, sender, recipient,
                                        message_id, subject, content, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
          arguments: [
            draft.dedupeKey, draft.kind.rawValue, draft.meetingID?.rawValue,
            draft.contactID?.rawValue, draft.sender.value, draft.recipient.value, draft.messageID,
            draft.subject, draft.content, now, now,
          ])
        guard db.changesCount > 0 else { continue }
        queued.append(
          OutboundMessage(
            id: OutboundMessageID(db.lastInsertedRowID), dedupeKey: draft.dedupeKey,
            kind: draft.kind, meetingID: draft.meetingID, contactID: draft.contactID,
            sender: draft.sender, recipient: draft.recipient, messageID: draft.messageID,
            subject: draft.subject, content: draft.content, createdAt: now, nextAttemptAt: now))
      }
      return queued
    }
  }

  public func claim(dueAt now: Date, leaseUntil: Date, limit: Int, meeting: MeetingID?) throws
    -> [OutboundMessage]
  {
    try transaction { db in
      // One UPDATE … RETURNING inside an IMMEDIATE transaction: no other run can claim the same rows.
      let rows = try Row.fetchAll(
        db,
        sql: """
          UPDATE outbox_message
          SET state = 'sending', next_attempt_at = ?, attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM outbox_message
            WHERE state IN ('queued', 'sending') AND next_attempt_at <= ?
              AND (?3 IS NULL OR meeting_id = ?3)
            ORDER BY id LIMIT ?
          )
          RETURNING *
          """,
        arguments: [leaseUntil, now, meeting?.rawValue, limit])
      return rows.map(OutboundMessage.init(row:)).sorted { $0.id < $1.id }
    }
  }

  public func markSent(_ id: OutboundMessageID, at: Date, receipt: String) throws {
    try transaction { db in
      try db.execute(
        sql: """
          UPDATE outbox_message SET state = 'sent', sent_at = ?, receipt = ?, last_error = NULL
          WHERE id = ?
          """,
        arguments: [at, receipt, id.rawValue])
    }
  }

  public func markFailed(_ id: OutboundMessageID, error: String, at: Date, retryAt: Date?) throws {
    try transaction { db in
      try db.execute(
        sql: """
          UPDATE outbox_message SET state = ?, last_error = ?, next_attempt_at = ?
          WHERE id = ?
          """,
        arguments: [retryAt == nil ? "dead" : "queued", error, retryAt ?? at, id.rawValue])
    }
  }

  public func messages(state: OutboxState?, limit: Int) throws -> [OutboundMessage] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT * FROM outbox_message WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2",
        arguments: [state?.rawValue, limit]
      ).map(OutboundMessage.init(row:))
    }
  }

  public func counts(meeting: MeetingID?) throws -> [OutboxState: Int] {
    try writer.read { db in
      var counts: [OutboxState: Int] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT state, COUNT(*) AS n FROM outbox_message
          WHERE ?1 IS NULL OR meeting_id = ?1 GROUP BY state
          """,
        arguments: [meeting?.rawValue])
      {
        if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
      }
      return counts
    }
  }
}
