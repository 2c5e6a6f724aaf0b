import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory

/// Grants, sign-in links, sessions, calendar feeds and the access log on PostgreSQL. Every write is
/// a transaction under the store's write lock, as on SQLite; redeeming a link is one guarded
/// UPDATE, so of two hosts racing with one link, one wins.
extension PostgresStore: AccessStore {
  // MARK: Grants

  public func accessGrant(of contact: ContactID) throws -> AccessGrant? {
    try rows("SELECT * FROM access_grant WHERE contact_id = $1", [contact.rawValue])
      .of("access_grant").first.map { try AccessGrant(stored: $0) }
  }

  public func accessGrants() throws -> [AccessGrant] {
    try rows("SELECT * FROM access_grant ORDER BY contact_id").of("access_grant").map {
      try AccessGrant(stored: $0)
    }
  }

  public func saveAccessGrant(_ grant: AccessGrant) throws {
    try transaction { try AccessGrant.storedColumns.save(grant, self) }
  }

  public func revokeAccess(of contact: ContactID, at date: Date, by actor: String) throws -> Bool {
    try transaction {
      let revoked = try rows(
        """
        UPDATE access_grant SET revoked_at = $1, revoked_by = $2
        WHERE contact_id = $3 AND revoked_at IS NULL RETURNING contact_id
        """, [date, actor, contact.rawValue])
      guard !revoked.isEmpty else { return false }
      try rows(
        "UPDATE web_session SET ended_at = $1 WHERE contact_id = $2 AND ended_at IS NULL",
        [date, contact.rawValue])
      // Unused links expire now (those that expired earlier keep their time).
      try rows(
        """
        UPDATE sign_in_link SET expires_at = $1
        WHERE contact_id = $2 AND used_at IS NULL AND expires_at > $1
        """, [date, contact.rawValue])
      return true
    }
  }

  // MARK: Sign-in links and sessions

  public func insertSignInLink(_ link: SignInLink) throws -> SignInLink {
    try transaction {
      var stored = link
      stored.id = SignInLinkID(try SignInLink.storedColumns.insert(link, self))
      return stored
    }
  }

  public func signInLink(_ id: SignInLinkID) throws -> SignInLink? {
    try rows("SELECT * FROM sign_in_link WHERE id = $1", [id.rawValue]).of("sign_in_link").first
      .map { try SignInLink(stored: $0) }
  }

  public func redeemSignInLink(_ id: SignInLinkID, at date: Date, session: WebSession) throws
    -> WebSession?
  {
    try transaction {
      // The link is taken by this one statement: of two browsers racing, one changes the row.
      let taken = try rows(
        "UPDATE sign_in_link SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND expires_at > $1 RETURNING id",
        [date, id.rawValue])
      guard taken.count == 1 else { return nil }
      var stored = session
      stored.id = WebSessionID(try WebSession.storedColumns.insert(session, self))
      return stored
    }
  }

  public func webSession(_ id: WebSessionID) throws -> WebSession? {
    try rows("SELECT * FROM web_session WHERE id = $1", [id.rawValue]).of("web_session").first
      .map { try WebSession(stored: $0) }
  }

  public func touchWebSession(_ id: WebSessionID, at date: Date) throws {
    try transaction {
      _ = try rows("UPDATE web_session SET last_seen_at = $1 WHERE id = $2", [date, id.rawValue])
    }
  }

  public func endWebSession(_ id: WebSessionID, at date: Date) throws {
    try transaction {
      _ = try rows(
        "UPDATE web_session SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL",
        [date, id.rawValue])
    }
  }

  // MARK: Calendar feeds

  public func insertCalendarFeed(_ feed: CalendarFeed) throws -> CalendarFeed {
    try transaction {
      var stored = feed
      stored.id = CalendarFeedID(try CalendarFeed.storedColumns.insert(feed, self))
      return stored
    }
  }

  public func calendarFeed(_ id: CalendarFeedID) throws -> CalendarFeed? {
    try rows("SELECT * FROM calendar_feed WHERE id = $1", [id.rawValue]).of("calendar_feed").first
      .map { try CalendarFeed(stored: $0) }
  }

  public func calendarFeeds(of owner: FeedOwner?) throws -> [CalendarFeed] {
    let found =
      switch owner {
      case nil: try rows("SELECT * FROM calendar_feed ORDER BY id")
      case .contact(let contact):
        try rows(
          "SELECT * FROM calendar_feed WHERE contact_id = $1 ORDER BY id", [contact.rawValue])
      case .group(let group):
        try rows("SELECT * FROM calendar_feed WHERE group_id = $1 ORDER BY id", [group.rawValue])
      }
    return try found.of("calendar_feed").map { try CalendarFeed(stored: $0) }
  }

  public func revokeCalendarFeed(_ id: CalendarFeedID, at date: Date) throws -> Bool {
    try transaction {
      !(try rows(
        "UPDATE calendar_feed SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id",
        [date, id.rawValue]
      ).isEmpty)
    }
  }

  // MARK: The access log

  public func recordAccessEvent(_ event: AccessEvent) throws {
    try transaction { _ = try AccessEvent.storedColumns.insert(event, self) }
  }

  public func accessEvents(of contact: ContactID?, limit: Int) throws -> [AccessEvent] {
    guard limit > 0 else { return [] }
    let found =
      if let contact {
        try rows(
          "SELECT * FROM access_event WHERE contact_id = $1 ORDER BY id DESC LIMIT $2",
          [contact.rawValue, Int64(limit)])
      } else {
        try rows("SELECT * FROM access_event ORDER BY id DESC LIMIT $1", [Int64(limit)])
      }
    return try found.of("access_event").map { try AccessEvent(stored: $0) }
  }
}

// MARK: - The records

extension AccessGrant {
  static let storedColumns = StoredColumns<AccessGrant>(
    "access_grant", key: "contact_id",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("role") { $0.role.rawValue },
      .init("granted_at") { $0.grantedAt },
      .init("granted_by") { $0.grantedBy },
      .init("revoked_at") { $0.revokedAt },
      .init("revoked_by") { $0.revokedBy },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      contactID: ContactID(try row("contact_id")),
      role: try row.parsed("role") { AccessRole(rawValue: $0) }, grantedAt: try row("granted_at"),
      grantedBy: try row("granted_by"), revokedAt: try row("revoked_at"),
      revokedBy: try row("revoked_by"))
  }
}

extension SignInLink {
  static let storedColumns = StoredColumns<SignInLink>(
    "sign_in_link",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("secret_hash") { $0.secretHash },
      .init("created_at") { $0.createdAt },
      .init("expires_at") { $0.expiresAt },
      .init("used_at") { $0.usedAt },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      id: SignInLinkID(try row("id")), contactID: ContactID(try row("contact_id")),
      secretHash: try row("secret_hash"), createdAt: try row("created_at"),
      expiresAt: try row("expires_at"), usedAt: try row("used_at"))
  }
}

extension WebSession {
  static let storedColumns = StoredColumns<WebSession>(
    "web_session",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("secret_hash") { $0.secretHash },
      .init("created_at") { $0.createdAt },
      .init("expires_at") { $0.expiresAt },
      .init("last_seen_at") { $0.lastSeenAt },
      .init("ended_at") { $0.endedAt },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      id: WebSessionID(try row("id")), contactID: ContactID(try row("contact_id")),
      secretHash: try row("secret_hash"), createdAt: try row("created_at"),
      expiresAt: try row("expires_at"), lastSeenAt: try row("last_seen_at"),
      endedAt: try row("ended_at"))
  }
}

extension CalendarFeed {
  static let storedColumns = StoredColumns<CalendarFeed>(
    "calendar_feed",
    [
      .init("contact_id") { $0.owner.contact?.rawValue },
      .init("group_id") { feed in
        if case .group(let group) = feed.owner { return group.rawValue }
        return nil
      },
      .init("nonce") { $0.nonce },
      .init("created_at") { $0.createdAt },
      .init("created_by") { $0.createdBy },
      .init("revoked_at") { $0.revokedAt },
    ])

  init(stored row: StoredRow) throws {
    let owner: FeedOwner
    switch (try row("contact_id", as: Int64?.self), try row("group_id", as: Int64?.self)) {
    case (let contact?, nil): owner = .contact(ContactID(contact))
    case (nil, let group?): owner = .group(GroupID(group))
    default:
      throw SharedDatabaseError.corruptRow(table: row.table, id: row.id, column: "contact_id")
    }
    self.init(
      id: CalendarFeedID(try row("id")), owner: owner, nonce: try row("nonce"),
      createdAt: try row("created_at"), createdBy: try row("created_by"),
      revokedAt: try row("revoked_at"))
  }
}

extension AccessEvent {
  static let storedColumns = StoredColumns<AccessEvent>(
    "access_event",
    [
      .init("at") { $0.at },
      .init("kind") { $0.kind.rawValue },
      .init("contact_id") { $0.contactID?.rawValue },
      .init("address") { $0.address },
      .init("detail") { $0.detail },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      id: AccessEventID(try row("id")), at: try row("at"),
      kind: try row.parsed("kind") { AccessEventKind(rawValue: $0) },
      contactID: try row("contact_id", as: Int64?.self).map { ContactID($0) },
      address: try row("address"), detail: try row("detail"))
  }
}
