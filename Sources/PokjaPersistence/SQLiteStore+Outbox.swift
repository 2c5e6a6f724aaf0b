import Foundation
import GRDB
import PokjaCore
import PokjaNotifications

extension SQLiteStore: OutboxStore {
  public func enqueue(_ drafts: [OutboundDraft], route: MessageRoute, at now: Date) throws
    -> [OutboundMessage]
  {
    try transaction { db in
      var queued: [OutboundMessage] = []
      for draft in drafts {
        // The unique dedupe key makes a second queueing of the same message a no-op.
        try db.execute(
          cached: """
            INSERT INTO outbox_message (dedupe_key, kind, meeting_id, contact_id, occurrence_at,
                                        sender, recipient, message_id, subject, route,
                                        channel_id, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
          arguments: [
            draft.dedupeKey, draft.kind.rawValue, draft.meetingID?.rawValue,
            draft.contactID?.rawValue, draft.occurrence, draft.sender.value,
            draft.destination.storedRecipient, draft.messageID, draft.subject,
            (draft.route ?? route).rawValue, draft.destination.channelID, now, now,
          ])
        guard db.changesCount > 0 else { continue }
        try db.execute(
          cached: "INSERT INTO outbox_body (message_id, content) VALUES (?, ?)",
          arguments: [db.lastInsertedRowID, draft.content])
        queued.append(
          OutboundMessage(
            draft, id: OutboundMessageID(db.lastInsertedRowID), route: route, at: now))
      }
      return queued
    }
  }

  public func recordWithdrawn(
    _ drafts: [OutboundDraft], route: MessageRoute, reason: String, at now: Date
  ) throws {
    try transaction { db in
      for draft in drafts {
        try db.execute(
          cached: """
            INSERT INTO outbox_message (dedupe_key, kind, meeting_id, contact_id, occurrence_at,
                                        sender, recipient, message_id, subject, route,
                                        state, last_error, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'cancelled', ?, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
          arguments: [
            draft.dedupeKey, draft.kind.rawValue, draft.meetingID?.rawValue,
            draft.contactID?.rawValue, draft.occurrence, draft.sender.value,
            draft.destination.storedRecipient, draft.messageID, draft.subject, route.rawValue,
            reason, now, now,
          ])
        guard db.changesCount > 0 else { continue }
        try db.execute(
          cached: "INSERT INTO outbox_body (message_id, content) VALUES (?, ?)",
          arguments: [db.lastInsertedRowID, draft.content])
      }
    }
  }

  public func claim(
    dueAt now: Date, leaseUntil: Date, limit: Int, after: OutboundMessageID?, meeting: MeetingID?,
    route: MessageRoute, token: String
  ) throws -> [OutboundMessage] {
    try transaction { db in
      // One UPDATE … RETURNING inside an IMMEDIATE transaction: no other run can claim the same rows,
      // and the token marks them as this run's until the lease lapses.
      let rows = try Row.fetchAll(
        db,
        sql: """
          UPDATE outbox_message
          SET state = 'sending', next_attempt_at = :lease, claim_token = :token
          WHERE id IN (
            SELECT id FROM outbox_message
            WHERE route = :route AND state IN ('queued', 'sending') AND next_attempt_at <= :now
              AND id > :after AND (:meeting IS NULL OR meeting_id = :meeting)
            ORDER BY id LIMIT :limit
          )
          RETURNING *
          """,
        arguments: [
          "lease": leaseUntil, "token": token, "route": route.rawValue, "now": now,
          "after": after?.rawValue ?? 0, "meeting": meeting?.rawValue, "limit": limit,
        ])
      return try Self.withBodies(db, try rows.map { try OutboundMessage(row: $0) })
        .sorted { $0.id < $1.id }
    }
  }

  public func renew(token: String, until: Date) throws -> Int {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE outbox_message SET next_attempt_at = ?
          WHERE claim_token = ? AND state = 'sending'
          """,
        arguments: [until, token])
      return db.changesCount
    }
  }

  public func release(token: String, at: Date, except: OutboundMessageID?) throws {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE outbox_message
          SET state = 'queued', next_attempt_at = ?, claim_token = NULL
          WHERE claim_token = ? AND state = 'sending' AND id IS NOT ?
          """,
        arguments: [at, token, except?.rawValue])
    }
  }

  public func markSent(_ id: OutboundMessageID, token: String, at: Date, receipt: String) throws
    -> Bool
  {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE outbox_message
          SET state = 'sent', sent_at = ?, receipt = ?, last_error = NULL, claim_token = NULL,
              attempts = attempts + 1
          WHERE id = ? AND claim_token = ? AND state = 'sending'
          """,
        arguments: [at, receipt, id.rawValue, token])
      return db.changesCount == 1
    }
  }

  public func markFailed(
    _ id: OutboundMessageID, token: String, error: String, at: Date, retryAt: Date?,
    isAttempt: Bool
  ) throws -> Bool {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE outbox_message
          SET state = ?, last_error = ?, next_attempt_at = ?, claim_token = NULL,
              attempts = attempts + ?
          WHERE id = ? AND claim_token = ? AND state = 'sending'
          """,
        arguments: [
          retryAt == nil ? "dead" : "queued", error, retryAt ?? at, isAttempt ? 1 : 0, id.rawValue,
          token,
        ])
      return db.changesCount == 1
    }
  }

  public func reserveSendSlot(endpoint: String, spacing: TimeInterval, now: Date) throws -> Date {
    try transaction { db in
      // One statement in an IMMEDIATE transaction: two processes never get the same moment. Unix
      // seconds, so SQLite can add to them.
      let next = try Double.fetchOne(
        db,
        sql: """
          INSERT INTO send_window (destination, next_at) VALUES (:destination, :now + :spacing)
          ON CONFLICT (destination) DO UPDATE SET next_at = max(next_at, :now) + :spacing
          RETURNING next_at
          """,
        arguments: [
          "destination": endpoint, "now": now.timeIntervalSince1970, "spacing": spacing,
        ])
      return Date(timeIntervalSince1970: (next ?? now.timeIntervalSince1970 + spacing) - spacing)
    }
  }

  public func states(ofKeys keys: [String]) throws -> [String: (OutboxState, MessageRoute)] {
    guard !keys.isEmpty else { return [:] }
    return try read { db in
      var states: [String: (OutboxState, MessageRoute)] = [:]
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT id, dedupe_key, state, route FROM outbox_message
          WHERE dedupe_key IN (SELECT value FROM json_each(?))
          """,
        arguments: [Self.jsonArray(keys)])
      for row in rows {
        let table = "outbox_message"
        states[row["dedupe_key"]] = (
          try row.parsed("state", table: table) { OutboxState(rawValue: $0) },
          try row.parsed("route", table: table) { MessageRoute(rawValue: $0) }
        )
      }
      return states
    }
  }

  public func messages(state: OutboxState?, meeting: MeetingID?, limit: Int) throws
    -> [OutboundMessage]
  {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM outbox_message
          WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR meeting_id = ?2)
          ORDER BY id DESC LIMIT ?3
          """,
        arguments: [state?.rawValue, meeting?.rawValue, limit]
      ).map { try OutboundMessage(row: $0) }
    }
  }

  public func message(_ id: OutboundMessageID) throws -> OutboundMessage? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT m.*, b.content FROM outbox_message m
          LEFT JOIN outbox_body b ON b.message_id = m.id WHERE m.id = ?
          """,
        arguments: [id.rawValue]
      ).map { try OutboundMessage(row: $0) }
    }
  }

  /// `messages` with their contents from `outbox_body`.
  static func withBodies(_ db: Database, _ messages: [OutboundMessage]) throws
    -> [OutboundMessage]
  {
    guard !messages.isEmpty else { return messages }
    var bodies: [Int64: String] = [:]
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT message_id, content FROM outbox_body
        WHERE message_id IN (SELECT value FROM json_each(?))
        """,
      arguments: [jsonArray(messages.map { String($0.id.rawValue) })])
    {
      bodies[row["message_id"]] = row["content"]
    }
    return messages.map {
      var message = $0
      message.content = bodies[message.id.rawValue] ?? ""
      return message
    }
  }

  public func retry(_ ids: [OutboundMessageID]?, at now: Date) throws -> Int {
    try transaction { db in
      try db.execute(
        sql: """
          UPDATE outbox_message SET state = 'queued', next_attempt_at = ?, attempts = 0
          WHERE state IN ('queued', 'dead')
            AND (? IS NULL OR id IN (SELECT value FROM json_each(?)))
          """,
        arguments: [
          now, ids == nil ? nil : "ids",
          Self.jsonArray((ids ?? []).map { String($0.rawValue) }),
        ])
      return db.changesCount
    }
  }

  public func cancel(_ id: OutboundMessageID) throws -> Bool {
    try transaction { db in
      try db.execute(
        sql: """
          UPDATE outbox_message
          SET state = 'cancelled', last_error = 'withdrawn by hand', claim_token = NULL,
              dedupe_key = dedupe_key || ':withdrawn:' || id
          WHERE id = ? AND state IN ('queued', 'dead')
          """,
        arguments: [id.rawValue])
      return db.changesCount == 1
    }
  }

  public func purge(before date: Date, at now: Date) throws -> PurgeResult {
    try transaction { db in
      // Only the contents go: the row is the record that the message was sent (or withdrawn), which
      // the dedupe keys, `meeting upcoming --invite` and `remind --due` rely on not to send it again.
      let purged = """
        SELECT id FROM outbox_message
        WHERE state IN ('sent', 'cancelled') AND purged_at IS NULL
          AND coalesce(sent_at, created_at) < :before
        """
      let dropped = try Row.fetchOne(
        db,
        sql: """
          SELECT count(*) AS messages, coalesce(sum(length(CAST(content AS BLOB))), 0) AS bytes
          FROM outbox_body WHERE message_id IN (\(purged))
          """,
        arguments: ["before": date])
      try db.execute(
        sql: "DELETE FROM outbox_body WHERE message_id IN (\(purged))", arguments: ["before": date])
      try db.execute(
        sql: "UPDATE outbox_message SET purged_at = :now WHERE id IN (\(purged))",
        arguments: ["before": date, "now": now])
      let messages = db.changesCount
      let kept =
        try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_message WHERE state = 'sent'") ?? 0
      return PurgeResult(
        messages: messages, bytes: dropped?["bytes"] ?? 0, sentRecords: kept)
    }
  }

  public func counts(meeting: MeetingID?) throws -> [OutboxState: Int] {
    try read { db in
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

  static func jsonArray(_ values: [String]) -> String {
    let data = try? JSONSerialization.data(withJSONObject: values)
    return data.map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }
}
