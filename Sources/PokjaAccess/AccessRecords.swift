import Foundation
import PokjaCore
import PokjaDirectory

/// Identifies a sign-in link sent to a member.
public typealias SignInLinkID = EntityID<SignInLink>
/// Identifies a signed-in browser.
public typealias WebSessionID = EntityID<WebSession>
/// Identifies a calendar feed.
public typealias CalendarFeedID = EntityID<CalendarFeed>
/// Identifies an entry of the access log.
public typealias AccessEventID = EntityID<AccessEvent>

/// What a signed-in person may see: members the directory and the agenda, secretaries also who
/// replied to each meeting.
public enum AccessRole: String, Sendable, Hashable, Codable, CaseIterable {
  case member
  case secretary
}

/// A contact's permission to sign in to `pokja serve` (`pokja access grant`). Revoking keeps the
/// record, so the log can still say who had access when.
public struct AccessGrant: Sendable, Hashable, Codable {
  public var contactID: ContactID
  public var role: AccessRole
  public var grantedAt: Date
  /// Who granted it (the account, as the change log names it).
  public var grantedBy: String
  public var revokedAt: Date?
  public var revokedBy: String?

  public init(
    contactID: ContactID, role: AccessRole, grantedAt: Date, grantedBy: String,
    revokedAt: Date? = nil, revokedBy: String? = nil
  ) {
    self.contactID = contactID
    self.role = role
    self.grantedAt = grantedAt
    self.grantedBy = grantedBy
    self.revokedAt = revokedAt
    self.revokedBy = revokedBy
  }

  /// Whether the grant is in force.
  public var isActive: Bool { revokedAt == nil }
}

/// A single-use sign-in link. The store keeps only the SHA-256 of its secret part: the link itself
/// exists only in the mail that carried it.
public struct SignInLink: Sendable, Hashable, Codable {
  public var id: SignInLinkID
  public var contactID: ContactID
  /// Hex SHA-256 of the link's secret.
  public var secretHash: String
  public var createdAt: Date
  public var expiresAt: Date
  /// When it was used to sign in (a link works once).
  public var usedAt: Date?

  public init(
    id: SignInLinkID = .unassigned, contactID: ContactID, secretHash: String, createdAt: Date,
    expiresAt: Date, usedAt: Date? = nil
  ) {
    self.id = id
    self.contactID = contactID
    self.secretHash = secretHash
    self.createdAt = createdAt
    self.expiresAt = expiresAt
    self.usedAt = usedAt
  }
}

/// A signed-in browser: its cookie holds the ID and a secret whose SHA-256 the store keeps.
public struct WebSession: Sendable, Hashable, Codable {
  public var id: WebSessionID
  public var contactID: ContactID
  public var secretHash: String
  public var createdAt: Date
  public var expiresAt: Date
  public var lastSeenAt: Date
  /// When it was signed out or revoked.
  public var endedAt: Date?

  public init(
    id: WebSessionID = .unassigned, contactID: ContactID, secretHash: String, createdAt: Date,
    expiresAt: Date, lastSeenAt: Date, endedAt: Date? = nil
  ) {
    self.id = id
    self.contactID = contactID
    self.secretHash = secretHash
    self.createdAt = createdAt
    self.expiresAt = expiresAt
    self.lastSeenAt = lastSeenAt
    self.endedAt = endedAt
  }

  /// Whether the session still signs its browser in at `date`.
  public func isValid(at date: Date) -> Bool { endedAt == nil && date < expiresAt }
}

/// Whose meetings a calendar feed carries.
public enum FeedOwner: Sendable, Hashable, Codable {
  case contact(ContactID)
  case group(GroupID)
}

/// A subscribable calendar (`webcal://…/feeds/TOKEN.ics`). Its token is derived from the ID and
/// `nonce` with the server's key, so neither the database nor the key alone gives it away;
/// revoking it makes every copy of the URL stop working.
public struct CalendarFeed: Sendable, Hashable, Codable {
  public var id: CalendarFeedID
  public var owner: FeedOwner
  /// Random, hex; part of what the token signs.
  public var nonce: String
  public var createdAt: Date
  public var createdBy: String
  public var revokedAt: Date?

  public init(
    id: CalendarFeedID = .unassigned, owner: FeedOwner, nonce: String, createdAt: Date,
    createdBy: String, revokedAt: Date? = nil
  ) {
    self.id = id
    self.owner = owner
    self.nonce = nonce
    self.createdAt = createdAt
    self.createdBy = createdBy
    self.revokedAt = revokedAt
  }
}

/// What the access log records.
public enum AccessEventKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Access given (`pokja access grant`).
  case granted
  /// A sign-in link was queued for mailing.
  case linkSent = "link-sent"
  /// A sign-in link was used.
  case signedIn = "signed-in"
  /// A sign-in link was refused: forged, expired, used before, or access revoked.
  case signInRefused = "sign-in-refused"
  case signedOut = "signed-out"
  /// Access taken away (`pokja access revoke`).
  case revoked
  case feedCreated = "feed-created"
  case feedRevoked = "feed-revoked"
  /// A reply recorded from an RSVP link.
  case replied
}

/// One entry of the access log (`pokja access log`).
public struct AccessEvent: Sendable, Hashable, Codable {
  public var id: AccessEventID
  public var at: Date
  public var kind: AccessEventKind
  /// Whom it is about, when known.
  public var contactID: ContactID?
  /// The client's address (behind a proxy: the one it forwarded), when it came over the web.
  public var address: String?
  /// Who did it from the command line (the account), or a short reason.
  public var detail: String?

  public init(
    id: AccessEventID = .unassigned, at: Date, kind: AccessEventKind, contactID: ContactID?,
    address: String? = nil, detail: String? = nil
  ) {
    self.id = id
    self.at = at
    self.kind = kind
    self.contactID = contactID
    self.address = address
    self.detail = detail
  }
}
