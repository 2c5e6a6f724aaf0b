import Foundation
import GRDB
import PokjaCore
import PokjaNotifications

extension SQLiteStore: ChannelStore {
  public func addChannel(_ channel: Channel) throws -> Channel {
    try transaction { db in
      let taken = try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM channel WHERE name = ?)", arguments: [channel.name])
      if taken == true { throw ChannelError.duplicate(channel.name) }
      try db.execute(
        sql: """
          INSERT INTO channel (name, url, preset, secret_env, events, language, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          channel.name, channel.url, channel.preset.rawValue, channel.secretEnv,
          Self.jsonArray(channel.events.map(\.rawValue)), channel.language.rawValue,
          channel.createdAt,
        ])
      var added = channel
      added.id = ChannelID(db.lastInsertedRowID)
      return added
    }
  }

  public func channels() throws -> [Channel] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM channel ORDER BY name").map(Channel.init(row:))
    }
  }

  public func channel(named name: String) throws -> Channel? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM channel WHERE name = ?", arguments: [name])
        .map(Channel.init(row:))
    }
  }

  public func removeChannel(named name: String) throws -> Int? {
    try transaction { db in
      guard
        let id = try Int64.fetchOne(
          db, sql: "SELECT id FROM channel WHERE name = ?", arguments: [name])
      else { return nil }
      // What waits for a channel that is gone could never be delivered: withdrawn, not given up.
      try db.execute(
        sql: """
          UPDATE outbox_message
          SET state = 'cancelled', last_error = 'withdrawn: the channel was removed',
              claim_token = NULL, dedupe_key = dedupe_key || ':withdrawn:' || id
          WHERE channel_id = ? AND state IN ('queued', 'sending', 'dead')
          """, arguments: [id])
      let withdrawn = db.changesCount
      try db.execute(sql: "DELETE FROM channel WHERE id = ?", arguments: [id])
      return withdrawn
    }
  }
}

extension Channel {
  init(row: Row) throws {
    let table = "channel"
    let eventsText: String = row["events"]
    let names =
      (try? JSONSerialization.jsonObject(with: Data(eventsText.utf8)) as? [String]) ?? []
    self.init(
      id: ChannelID(row["id"] as Int64), name: row["name"], url: row["url"],
      preset: try row.parsed("preset", table: table) { WebhookPreset(rawValue: $0) },
      secretEnv: row["secret_env"],
      events: names.compactMap(WebhookEventType.init(rawValue:)),
      language: try row.parsed("language", table: table) { Language(rawValue: $0) },
      createdAt: row["created_at"])
  }
}
