import Foundation
import GRDB
import PokjaAccess
import PokjaCore

/// Grants, sign-in links, sessions, calendar feeds and the access log on SQLite. Writes that must
/// not interleave (revoking, redeeming a link) are one IMMEDIATE transaction each.
extension SQLiteStore: AccessStore {
  // MARK: Grants

  public func accessGrant(of contact: ContactID) throws -> AccessGrant? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM access_grant WHERE contact_id = ?", arguments: [contact.rawValue]
      ).map(AccessGrant.init(row:))
    }
  }

  public func accessGrants() throws -> [AccessGrant] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM access_grant ORDER BY contact_id")
        .map(AccessGrant.init(row:))
    }
  }

  public func saveAccessGrant(_ grant: AccessGrant) throws {
    try transaction { db in try AccessGrant.tableMapping.save(grant, db) }
  }

  public func revokeAccess(of contact: ContactID, at date: Date, by actor: String) throws -> Bool {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE access_grant SET revoked_at = ?, revoked_by = ?
          WHERE contact_id = ? AND revoked_at IS NULL
          """, arguments: [date, actor, contact.rawValue])
      guard db.changesCount == 1 else { return false }
      try db.execute(
        cached: "UPDATE web_session SET ended_at = ? WHERE contact_id = ? AND ended_at IS NULL",
        arguments: [date, contact.rawValue])
      // Unused links expire now (those that expired earlier keep their time).
      try db.execute(
        cached: """
          UPDATE sign_in_link SET expires_at = ?1
          WHERE contact_id = ?2 AND used_at IS NULL AND expires_at > ?1
          """, arguments: [date, contact.rawValue])
      return true
    }
  }

  // MARK: Sign-in links and sessions

  public func insertSignInLink(_ link: SignInLink) throws -> SignInLink {
    try transaction { db in
      var stored = link
      stored.id = SignInLinkID(try SignInLink.tableMapping.insert(link, db))
      return stored
    }
  }

  public func signInLink(_ id: SignInLinkID) throws -> SignInLink? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM sign_in_link WHERE id = ?", arguments: [id.rawValue])
        .map(SignInLink.init(row:))
    }
  }

  public func redeemSignInLink(_ id: SignInLinkID, at date: Date, session: WebSession) throws
    -> WebSession?
  {
    try transaction { db in
      // The link is taken by this one statement: of two browsers racing, one changes the row;
      // a link that lapsed (or was expired by a revocation) since it was checked changes none.
      try db.execute(
        cached: """
          UPDATE sign_in_link SET used_at = ?1
          WHERE id = ?2 AND used_at IS NULL AND expires_at > ?1
          """,
        arguments: [date, id.rawValue])
      guard db.changesCount == 1 else { return nil }
      var stored = session
      stored.id = WebSessionID(try WebSession.tableMapping.insert(session, db))
      return stored
    }
  }

  public func webSession(_ id: WebSessionID) throws -> WebSession? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM web_session WHERE id = ?", arguments: [id.rawValue])
        .map(WebSession.init(row:))
    }
  }

  public func touchWebSession(_ id: WebSessionID, at date: Date) throws {
    try transaction { db in
      try db.execute(
        cached: "UPDATE web_session SET last_seen_at = ? WHERE id = ?",
        arguments: [date, id.rawValue])
    }
  }

  public func endWebSession(_ id: WebSessionID, at date: Date) throws {
    try transaction { db in
      try db.execute(
        cached: "UPDATE web_session SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        arguments: [date, id.rawValue])
    }
  }

  // MARK: Calendar feeds

  public func insertCalendarFeed(_ feed: CalendarFeed) throws -> CalendarFeed {
    try transaction { db in
      var stored = feed
      stored.id = CalendarFeedID(try CalendarFeed.tableMapping.insert(feed, db))
      return stored
    }
  }

  public func calendarFeed(_ id: CalendarFeedID) throws -> CalendarFeed? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM calendar_feed WHERE id = ?", arguments: [id.rawValue]
      ).map(CalendarFeed.init(row:))
    }
  }

  public func calendarFeeds(of owner: FeedOwner?) throws -> [CalendarFeed] {
    try read { db in
      let rows: [Row]
      switch owner {
      case nil:
        rows = try Row.fetchAll(db, sql: "SELECT * FROM calendar_feed ORDER BY id")
      case .contact(let contact):
        rows = try Row.fetchAll(
          db, sql: "SELECT * FROM calendar_feed WHERE contact_id = ? ORDER BY id",
          arguments: [contact.rawValue])
      case .group(let group):
        rows = try Row.fetchAll(
          db, sql: "SELECT * FROM calendar_feed WHERE group_id = ? ORDER BY id",
          arguments: [group.rawValue])
      }
      return try rows.map(CalendarFeed.init(row:))
    }
  }

  public func revokeCalendarFeed(_ id: CalendarFeedID, at date: Date) throws -> Bool {
    try transaction { db in
      try db.execute(
        cached: "UPDATE calendar_feed SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        arguments: [date, id.rawValue])
      return db.changesCount == 1
    }
  }

  // MARK: The access log

  public func recordAccessEvent(_ event: AccessEvent) throws {
    try transaction { db in _ = try AccessEvent.tableMapping.insert(event, db) }
  }

  public func accessEvents(of contact: ContactID?, limit: Int) throws -> [AccessEvent] {
    guard limit > 0 else { return [] }
    return try read { db in
      // Two statements rather than `?1 IS NULL OR …`: one contact's entries come from the
      // (contact_id, id) index, not from a walk down the whole log.
      let rows =
        if let contact {
          try Row.fetchAll(
            db,
            sql: "SELECT * FROM access_event WHERE contact_id = ? ORDER BY id DESC LIMIT ?",
            arguments: [contact.rawValue, limit])
        } else {
          try Row.fetchAll(
            db, sql: "SELECT * FROM access_event ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
      return try rows.map(AccessEvent.init(row:))
    }
  }
}
