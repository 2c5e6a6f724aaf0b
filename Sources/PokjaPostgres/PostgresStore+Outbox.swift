import Foundation
import PokjaCore
import PokjaNotifications

/// The outbox on PostgreSQL. Queueing and withdrawing run under the write lock like every other
/// change; claiming, renewing and recording outcomes are single statements that lock only their
/// own rows, so senders on several hosts work at once without taking a message twice.
extension PostgresStore: OutboxStore {
  public func enqueue(_ drafts: [OutboundDraft], route: MessageRoute, at now: Date) throws
    -> [OutboundMessage]
  {
    try transaction {
      var queued: [OutboundMessage] = []
      for draft in drafts {
        // The unique dedupe key makes a second queueing of the same message a no-op.
        guard
          let id = try insert(
            draft, route: draft.route ?? route, state: .queued, lastError: nil, at: now)
        else { continue }
        queued.append(OutboundMessage(draft, id: id, route: route, at: now))
      }
      return queued
    }
  }

  public func recordWithdrawn(
    _ drafts: [OutboundDraft], route: MessageRoute, reason: String, at now: Date
  ) throws {
    try transaction {
      for draft in drafts {
        _ = try insert(draft, route: route, state: .cancelled, lastError: reason, at: now)
      }
    }
  }

  /// Inserts one message and its contents in one statement; nil when its key is queued already.
  private func insert(
    _ draft: OutboundDraft, route: MessageRoute, state: OutboxState, lastError: String?,
    at now: Date
  ) throws -> OutboundMessageID? {
    let added = try rows(
      """
      WITH message AS (
        INSERT INTO outbox_message (dedupe_key, kind, meeting_id, contact_id, occurrence_at,
                                    sender, recipient, message_id, subject, route, channel_id,
                                    state, last_error, created_at, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
      )
      INSERT INTO outbox_body (message_id, content) SELECT id, $15 FROM message
      RETURNING message_id
      """,
      [
        draft.dedupeKey, draft.kind.rawValue, draft.meetingID?.rawValue, draft.contactID?.rawValue,
        draft.occurrence, draft.sender.value, draft.destination.storedRecipient, draft.messageID,
        draft.subject, route.rawValue, draft.destination.channelID, state.rawValue, lastError, now,
        draft.content,
      ]
    ).of("outbox_body")
    return try added.first.map { OutboundMessageID(try $0("message_id")) }
  }

  public func claim(
    dueAt now: Date, leaseUntil: Date, limit: Int, after: OutboundMessageID?, meeting: MeetingID?,
    route: MessageRoute, token: String
  ) throws -> [OutboundMessage] {
    // Rows another run is claiming this instant are skipped, not waited for; the token marks
    // those taken as this run's until the lease lapses.
    let claimed = try rows(
      """
      UPDATE outbox_message
      SET state = 'sending', next_attempt_at = $1, claim_token = $2
      WHERE id IN (
        SELECT id FROM outbox_message
        WHERE route = $3 AND state IN ('queued', 'sending') AND next_attempt_at <= $4
          AND id > $5 AND ($6::bigint IS NULL OR meeting_id = $6)
        ORDER BY id LIMIT $7
        FOR UPDATE SKIP LOCKED
      )
      RETURNING *
      """,
      [
        leaseUntil, token, route.rawValue, now, after?.rawValue ?? 0, meeting?.rawValue,
        Int64(limit),
      ]
    ).of("outbox_message").map { try OutboundMessage(stored: $0) }
    return try withBodies(claimed).sorted { $0.id < $1.id }
  }

  public func renew(token: String, until: Date) throws -> Int {
    try rows(
      """
      UPDATE outbox_message SET next_attempt_at = $1
      WHERE claim_token = $2 AND state = 'sending' RETURNING id
      """, [until, token]
    ).count
  }

  public func release(token: String, at: Date, except: OutboundMessageID?) throws {
    try rows(
      """
      UPDATE outbox_message
      SET state = 'queued', next_attempt_at = $1, claim_token = NULL
      WHERE claim_token = $2 AND state = 'sending' AND id IS DISTINCT FROM $3::bigint
      """, [at, token, except?.rawValue])
  }

  public func markSent(_ id: OutboundMessageID, token: String, at: Date, receipt: String) throws
    -> Bool
  {
    try rows(
      """
      UPDATE outbox_message
      SET state = 'sent', sent_at = $1, receipt = $2, last_error = NULL, claim_token = NULL,
          attempts = attempts + 1
      WHERE id = $3 AND claim_token = $4 AND state = 'sending' RETURNING id
      """, [at, receipt, id.rawValue, token]
    ).count == 1
  }

  public func markFailed(
    _ id: OutboundMessageID, token: String, error: String, at: Date, retryAt: Date?,
    isAttempt: Bool
  ) throws -> Bool {
    try rows(
      """
      UPDATE outbox_message
      SET state = $1, last_error = $2, next_attempt_at = $3, claim_token = NULL,
          attempts = attempts + $4
      WHERE id = $5 AND claim_token = $6 AND state = 'sending' RETURNING id
      """,
      [
        retryAt == nil ? "dead" : "queued", error, retryAt ?? at, Int64(isAttempt ? 1 : 0),
        id.rawValue, token,
      ]
    ).count == 1
  }

  public func reserveSendSlot(endpoint: String, spacing: TimeInterval, now: Date) throws -> Date {
    // One statement on one row: two processes never get the same moment.
    let next = try rows(
      """
      INSERT INTO send_window (destination, next_at) VALUES ($1, $2 + $3)
      ON CONFLICT (destination) DO UPDATE
      SET next_at = greatest(send_window.next_at, $2) + $3
      RETURNING next_at
      """, [endpoint, now.timeIntervalSince1970, spacing]
    ).of("send_window").first?("next_at", as: Double.self)
    return Date(timeIntervalSince1970: (next ?? now.timeIntervalSince1970 + spacing) - spacing)
  }

  public func states(ofKeys keys: [String]) throws -> [String: (OutboxState, MessageRoute)] {
    guard !keys.isEmpty else { return [:] }
    var states: [String: (OutboxState, MessageRoute)] = [:]
    for row in try rows(
      "SELECT id, dedupe_key, state, route FROM outbox_message WHERE dedupe_key = ANY($1)", [keys]
    ).of("outbox_message") {
      states[try row("dedupe_key")] = (
        try row.parsed("state") { OutboxState(rawValue: $0) },
        try row.parsed("route") { MessageRoute(rawValue: $0) }
      )
    }
    return states
  }

  public func messages(state: OutboxState?, meeting: MeetingID?, limit: Int) throws
    -> [OutboundMessage]
  {
    try rows(
      """
      SELECT * FROM outbox_message
      WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR meeting_id = $2)
      ORDER BY id DESC LIMIT $3
      """, [state?.rawValue, meeting?.rawValue, Int64(limit)]
    ).of("outbox_message").map { try OutboundMessage(stored: $0) }
  }

  public func message(_ id: OutboundMessageID) throws -> OutboundMessage? {
    try rows(
      """
      SELECT m.*, b.content FROM outbox_message m
      LEFT JOIN outbox_body b ON b.message_id = m.id WHERE m.id = $1
      """, [id.rawValue]
    ).of("outbox_message").first.map { try OutboundMessage(stored: $0) }
  }

  /// `messages` with their contents from `outbox_body`.
  private func withBodies(_ messages: [OutboundMessage]) throws -> [OutboundMessage] {
    guard !messages.isEmpty else { return messages }
    var bodies: [Int64: String] = [:]
    for row in try rows(
      "SELECT message_id, content FROM outbox_body WHERE message_id = ANY($1)",
      [messages.map(\.id.rawValue)]
    ).of("outbox_body") {
      bodies[try row("message_id")] = try row("content")
    }
    return messages.map {
      var message = $0
      message.content = bodies[message.id.rawValue] ?? ""
      return message
    }
  }

  public func retry(_ ids: [OutboundMessageID]?, at now: Date) throws -> Int {
    try transaction {
      try rows(
        """
        UPDATE outbox_message SET state = 'queued', next_attempt_at = $1, attempts = 0
        WHERE state IN ('queued', 'dead') AND ($2::bigint[] IS NULL OR id = ANY($2))
        RETURNING id
        """, [now, ids.map { $0.map(\.rawValue) }]
      ).count
    }
  }

  public func cancel(_ id: OutboundMessageID) throws -> Bool {
    try transaction {
      try rows(
        """
        UPDATE outbox_message
        SET state = 'cancelled', last_error = 'withdrawn by hand', claim_token = NULL,
            dedupe_key = dedupe_key || ':withdrawn:' || id
        WHERE id = $1 AND state IN ('queued', 'dead') RETURNING id
        """, [id.rawValue]
      ).count == 1
    }
  }

  public func purge(before date: Date, at now: Date) throws -> PurgeResult {
    try transaction {
      // Only the contents go: the row is the record that the message was sent (or withdrawn), which
      // the dedupe keys, `meeting upcoming --invite` and `remind --due` rely on not to send it again.
      let result = try rows(
        """
        WITH purged AS (
          UPDATE outbox_message SET purged_at = $2
          WHERE state IN ('sent', 'cancelled') AND purged_at IS NULL
            AND coalesce(sent_at, created_at) < $1
          RETURNING id
        ),
        dropped AS (
          DELETE FROM outbox_body WHERE message_id IN (SELECT id FROM purged)
          RETURNING octet_length(content) AS bytes
        )
        SELECT (SELECT count(*) FROM purged) AS messages,
               (SELECT coalesce(sum(bytes), 0) FROM dropped)::bigint AS bytes,
               (SELECT count(*) FROM outbox_message WHERE state = 'sent') AS kept
        """, [date, now]
      ).of("outbox_message")
      guard let row = result.first else {
        return PurgeResult(messages: 0, bytes: 0, sentRecords: 0)
      }
      return PurgeResult(
        messages: Int(try row("messages", as: Int64.self)),
        bytes: Int(try row("bytes", as: Int64.self)),
        sentRecords: Int(try row("kept", as: Int64.self)))
    }
  }

  public func counts(meeting: MeetingID?) throws -> [OutboxState: Int] {
    var counts: [OutboxState: Int] = [:]
    for row in try rows(
      """
      SELECT state, count(*) AS n FROM outbox_message
      WHERE $1::bigint IS NULL OR meeting_id = $1 GROUP BY state
      """, [meeting?.rawValue]
    ).of("outbox_message") {
      if let state = OutboxState(rawValue: try row("state")) {
        counts[state] = Int(try row("n", as: Int64.self))
      }
    }
    return counts
  }
}

extension OutboundMessage {
  init(stored row: StoredRow) throws {
    let route = try row("route", as: String?.self).flatMap(MessageRoute.init(rawValue:))
    let destination: MessageDestination =
      route == .webhook
      ? .channel(id: try row("channel_id"), name: try row("recipient"))
      : .email(try row.parsed("recipient", EmailAddress.init))
    self.init(
      id: OutboundMessageID(try row("id")), dedupeKey: try row("dedupe_key"),
      kind: try row.parsed("kind") { MessageKind(rawValue: $0) },
      meetingID: try row("meeting_id", as: Int64?.self).map { MeetingID($0) },
      contactID: try row("contact_id", as: Int64?.self).map { ContactID($0) },
      sender: try row.parsed("sender", EmailAddress.init), destination: destination,
      messageID: try row("message_id"), subject: try row("subject"),
      // Listings leave the message itself out (it lives in outbox_body).
      content: row.has("content") ? (try row("content", as: String?.self) ?? "") : "",
      state: try row.parsed("state") { OutboxState(rawValue: $0) },
      attempts: try row("attempts"), lastError: try row("last_error"),
      createdAt: try row("created_at"), nextAttemptAt: try row("next_attempt_at"),
      sentAt: try row("sent_at"))
    receipt = try row("receipt")
    self.route = route
    occurrence = try row("occurrence_at")
    contentPurgedAt = try row("purged_at")
  }
}

// MARK: - Channels

extension PostgresStore: ChannelStore {
  public func addChannel(_ channel: Channel) throws -> Channel {
    try transaction {
      let added = try rows(
        """
        INSERT INTO channel (name, url, preset, secret_env, events, language, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING RETURNING id
        """,
        [
          channel.name, channel.url, channel.preset.rawValue, channel.secretEnv,
          StoredList.text(channel.events.map(\.rawValue)), channel.language.rawValue,
          channel.createdAt,
        ]
      ).of("channel")
      guard let row = added.first else { throw ChannelError.duplicate(channel.name) }
      var stored = channel
      stored.id = ChannelID(try row("id"))
      return stored
    }
  }

  public func channels() throws -> [Channel] {
    try rows("SELECT * FROM channel ORDER BY lower(name) COLLATE \"C\", name COLLATE \"C\"")
      .of("channel").map(Channel.init(stored:))
  }

  public func channel(named name: String) throws -> Channel? {
    try rows("SELECT * FROM channel WHERE lower(name) = lower($1)", [name]).of("channel").first
      .map(Channel.init(stored:))
  }

  public func removeChannel(named name: String) throws -> Int? {
    try transaction {
      guard
        let id = try rows("SELECT id FROM channel WHERE lower(name) = lower($1)", [name])
          .of("channel").first?("id", as: Int64.self)
      else { return nil }
      // What waits for a channel that is gone could never be delivered: withdrawn, not given up.
      let withdrawn = try rows(
        """
        UPDATE outbox_message
        SET state = 'cancelled', last_error = 'withdrawn: the channel was removed',
            claim_token = NULL, dedupe_key = dedupe_key || ':withdrawn:' || id
        WHERE channel_id = $1 AND state IN ('queued', 'sending', 'dead') RETURNING id
        """, [id]
      ).count
      try rows("DELETE FROM channel WHERE id = $1", [id])
      return withdrawn
    }
  }
}

extension Channel {
  init(stored row: StoredRow) throws {
    let names = StoredList.strings(try row("events")) ?? []
    self.init(
      id: ChannelID(try row("id")), name: try row("name"), url: try row("url"),
      preset: try row.parsed("preset") { WebhookPreset(rawValue: $0) },
      secretEnv: try row("secret_env"),
      events: names.compactMap(WebhookEventType.init(rawValue:)),
      language: try row.parsed("language") { Language(rawValue: $0) },
      createdAt: try row("created_at"))
  }
}
