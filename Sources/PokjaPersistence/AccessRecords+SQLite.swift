import Foundation
import GRDB
import PokjaAccess
import PokjaCore
import PokjaDirectory

/// How the access tables keep grants, sign-in links, sessions, calendar feeds and the access log:
/// the one mapping per table their reads and writes use.
extension AccessGrant {
  static let tableMapping = TableMapping<AccessGrant>(
    "access_grant", key: "contact_id",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("role") { $0.role.rawValue },
      .init("granted_at") { $0.grantedAt },
      .init("granted_by") { $0.grantedBy },
      .init("revoked_at") { $0.revokedAt },
      .init("revoked_by") { $0.revokedBy },
    ])

  init(row: Row) throws {
    let table = Self.tableMapping.table
    self.init(
      contactID: ContactID(row["contact_id"] as Int64),
      role: try row.parsed("role", table: table) { AccessRole(rawValue: $0) },
      grantedAt: row["granted_at"], grantedBy: row["granted_by"], revokedAt: row["revoked_at"],
      revokedBy: row["revoked_by"])
  }
}

extension SignInLink {
  static let tableMapping = TableMapping<SignInLink>(
    "sign_in_link",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("secret_hash") { $0.secretHash },
      .init("created_at") { $0.createdAt },
      .init("expires_at") { $0.expiresAt },
      .init("used_at") { $0.usedAt },
    ])

  init(row: Row) {
    self.init(
      id: SignInLinkID(row["id"] as Int64), contactID: ContactID(row["contact_id"] as Int64),
      secretHash: row["secret_hash"], createdAt: row["created_at"],
      expiresAt: row["expires_at"], usedAt: row["used_at"])
  }
}

extension WebSession {
  static let tableMapping = TableMapping<WebSession>(
    "web_session",
    [
      .init("contact_id") { $0.contactID.rawValue },
      .init("secret_hash") { $0.secretHash },
      .init("created_at") { $0.createdAt },
      .init("expires_at") { $0.expiresAt },
      .init("last_seen_at") { $0.lastSeenAt },
      .init("ended_at") { $0.endedAt },
    ])

  init(row: Row) {
    self.init(
      id: WebSessionID(row["id"] as Int64), contactID: ContactID(row["contact_id"] as Int64),
      secretHash: row["secret_hash"], createdAt: row["created_at"],
      expiresAt: row["expires_at"], lastSeenAt: row["last_seen_at"], endedAt: row["ended_at"])
  }
}

extension CalendarFeed {
  static let tableMapping = TableMapping<CalendarFeed>(
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

  init(row: Row) throws {
    let id: Int64 = row["id"]
    let owner: FeedOwner
    switch (row["contact_id"] as Int64?, row["group_id"] as Int64?) {
    case (let contact?, nil): owner = .contact(ContactID(contact))
    case (nil, let group?): owner = .group(GroupID(group))
    default:
      throw StorageError.corruptRow(table: Self.tableMapping.table, id: id, column: "contact_id")
    }
    self.init(
      id: CalendarFeedID(id), owner: owner, nonce: row["nonce"], createdAt: row["created_at"],
      createdBy: row["created_by"], revokedAt: row["revoked_at"])
  }
}

extension AccessEvent {
  static let tableMapping = TableMapping<AccessEvent>(
    "access_event",
    [
      .init("at") { $0.at },
      .init("kind") { $0.kind.rawValue },
      .init("contact_id") { $0.contactID?.rawValue },
      .init("address") { $0.address },
      .init("detail") { $0.detail },
    ])

  init(row: Row) throws {
    self.init(
      id: AccessEventID(row["id"] as Int64), at: row["at"],
      kind: try row.parsed("kind", table: Self.tableMapping.table) {
        AccessEventKind(rawValue: $0)
      },
      contactID: (row["contact_id"] as Int64?).map { ContactID($0) }, address: row["address"],
      detail: row["detail"])
  }
}
