import Foundation
import PokjaCore

/// What `pokja serve` and `pokja access` keep: grants, sign-in links, sessions, calendar feeds and
/// the access log. Implemented by the SQLite and PostgreSQL stores; the store contract tests say
/// how each call behaves.
public protocol AccessStore: Sendable {
  /// The grant of `contact`, active or revoked; nil when never granted.
  func accessGrant(of contact: ContactID) throws -> AccessGrant?
  /// Every grant, active and revoked, by contact ID.
  func accessGrants() throws -> [AccessGrant]
  /// Adds or replaces the grant of `grant.contactID`.
  func saveAccessGrant(_ grant: AccessGrant) throws
  /// Marks the grant revoked, ends its sessions and expires its unused links, in one transaction.
  /// False when there was no active grant.
  func revokeAccess(of contact: ContactID, at date: Date, by actor: String) throws -> Bool

  /// Stores a new link and returns it with its ID.
  func insertSignInLink(_ link: SignInLink) throws -> SignInLink
  func signInLink(_ id: SignInLinkID) throws -> SignInLink?
  /// Marks an unused link used and stores `session` with it, in one transaction; nil (and nothing
  /// written) when the link was used already: of two browsers racing with one link, one wins.
  func redeemSignInLink(_ id: SignInLinkID, at date: Date, session: WebSession) throws
    -> WebSession?

  func webSession(_ id: WebSessionID) throws -> WebSession?
  /// Records that the session was seen at `date`.
  func touchWebSession(_ id: WebSessionID, at date: Date) throws
  /// Ends one session (signing out).
  func endWebSession(_ id: WebSessionID, at date: Date) throws

  /// Stores a new feed and returns it with its ID.
  func insertCalendarFeed(_ feed: CalendarFeed) throws -> CalendarFeed
  func calendarFeed(_ id: CalendarFeedID) throws -> CalendarFeed?
  /// The feeds of `owner` (every feed when nil), revoked ones included, by ID.
  func calendarFeeds(of owner: FeedOwner?) throws -> [CalendarFeed]
  /// False when the feed did not exist or was revoked already.
  func revokeCalendarFeed(_ id: CalendarFeedID, at date: Date) throws -> Bool

  /// Appends to the access log.
  func recordAccessEvent(_ event: AccessEvent) throws
  /// The newest `limit` entries (of `contact` when given), newest first.
  func accessEvents(of contact: ContactID?, limit: Int) throws -> [AccessEvent]
}
