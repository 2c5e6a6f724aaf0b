import Foundation
import PokjaCore
import PokjaDirectory

/// Who may sign in to `pokja serve`, and how: grants, single-use sign-in links, session cookies,
/// calendar feeds and the access log. Every token is signed with the web key and checked against
/// the store, which keeps only hashes of the secrets.
public struct Access: Sendable {
  public let store: any AccessStore
  private let key: SigningKey
  private let clock: any WallClock
  /// How long a sign-in link works (default 30 minutes).
  public var linkLifetime: TimeInterval = 30 * 60
  /// How long a browser stays signed in (default 30 days).
  public var sessionLifetime: TimeInterval = 30 * 24 * 3600

  public init(store: any AccessStore, key: SigningKey, clock: any WallClock) {
    self.store = store
    self.key = key
    self.clock = clock
  }

  public var now: Date { clock.now() }

  // MARK: Grants

  /// Gives `contact` access with `role` (again, after a revocation), and logs it.
  @discardableResult
  public func grant(_ contact: ContactID, role: AccessRole, by actor: String) throws -> AccessGrant
  {
    let now = clock.now()
    var grant =
      try store.accessGrant(of: contact)
      ?? AccessGrant(
        contactID: contact, role: role, grantedAt: now, grantedBy: actor)
    if !grant.isActive || grant.role != role {
      grant = AccessGrant(contactID: contact, role: role, grantedAt: now, grantedBy: actor)
    }
    try store.saveAccessGrant(grant)
    try store.recordAccessEvent(
      AccessEvent(
        at: now, kind: .granted, contactID: contact, detail: "\(role.rawValue) by \(actor)"))
    return grant
  }

  /// Takes access away: ends the contact's sessions and unused links at once. False when they had none.
  public func revoke(_ contact: ContactID, by actor: String) throws -> Bool {
    let now = clock.now()
    guard try store.revokeAccess(of: contact, at: now, by: actor) else { return false }
    // Their calendar feed goes with their access.
    for feed in try store.calendarFeeds(of: .contact(contact)) where feed.revokedAt == nil {
      _ = try store.revokeCalendarFeed(feed.id, at: now)
    }
    try store.recordAccessEvent(
      AccessEvent(at: now, kind: .revoked, contactID: contact, detail: "by \(actor)"))
    return true
  }

  /// The active grant of `contact`, if any.
  public func activeGrant(of contact: ContactID) throws -> AccessGrant? {
    try store.accessGrant(of: contact).flatMap { $0.isActive ? $0 : nil }
  }

  // MARK: Sign-in links

  /// A new single-use sign-in link token for `contact`, who must have access; the caller mails it.
  public func newSignInLink(
    for contact: ContactID, lifetime: TimeInterval? = nil, address: String? = nil
  ) throws -> (link: SignInLink, token: String) {
    guard try activeGrant(of: contact) != nil else {
      throw AccessError.notGranted("Contact \(contact)")
    }
    let now = clock.now()
    let secret = RandomBytes.make(16)
    let link = try store.insertSignInLink(
      SignInLink(
        contactID: contact, secretHash: sha256Hex(secret), createdAt: now,
        expiresAt: now.addingTimeInterval(lifetime ?? linkLifetime)))
    var payload = TokenPayload()
    payload.append(link.id.rawValue)
    payload.append(secret)
    try store.recordAccessEvent(
      AccessEvent(at: now, kind: .linkSent, contactID: contact, address: address))
    return (link, key.seal(payload.data, purpose: Self.signInPurpose))
  }

  /// Why a sign-in link does not sign anyone in.
  public enum Refusal: String, Error, Sendable, Hashable {
    /// Not made with this server's key (mistyped, cut short or made up).
    case forged
    case expired
    /// Used before: links work once.
    case used
    /// The person's access was revoked.
    case revoked
  }

  /// What a sign-in link is: whose, and whether it still works. Reading it changes nothing (mail
  /// scanners open links; only `signIn` uses one).
  public func inspectSignInLink(_ token: String) throws -> Result<SignInLink, Refusal> {
    guard let payload = key.open(token, purpose: Self.signInPurpose, length: 24) else {
      return .failure(.forged)
    }
    let id = SignInLinkID(TokenPayload.int64(payload, at: 0))
    let secret = payload.suffix(16)
    guard let link = try store.signInLink(id),
      constantTimeEqual(Array(link.secretHash.utf8), Array(sha256Hex(Data(secret)).utf8))
    else { return .failure(.forged) }
    if link.usedAt != nil { return .failure(.used) }
    // Before the expiry: revoking access expires the person's unused links at that moment, so a
    // link from before the revocation would otherwise only ever say "expired".
    guard try activeGrant(of: link.contactID) != nil else { return .failure(.revoked) }
    if clock.now() >= link.expiresAt { return .failure(.expired) }
    return .success(link)
  }

  /// A signed-in browser: its session and the cookie value that names it.
  public struct SignedIn: Sendable {
    public var session: WebSession
    public var grant: AccessGrant
    public var cookie: String
  }

  /// Uses a sign-in link: starts a session, or says why not. Both are logged with `address`.
  public func signIn(_ token: String, address: String?) throws -> Result<SignedIn, Refusal> {
    let now = clock.now()
    let refuse = { (reason: Refusal, contact: ContactID?) throws -> Result<SignedIn, Refusal> in
      try store.recordAccessEvent(
        AccessEvent(
          at: now, kind: .signInRefused, contactID: contact, address: address,
          detail: reason.rawValue))
      return .failure(reason)
    }
    let link: SignInLink
    switch try inspectSignInLink(token) {
    case .failure(let reason):
      let contact = Self.linkID(in: token, key: key).flatMap {
        try? store.signInLink($0)?.contactID
      }
      return try refuse(reason, reason == .forged ? nil : contact)
    case .success(let found): link = found
    }
    guard let grant = try activeGrant(of: link.contactID) else {
      return try refuse(.revoked, link.contactID)
    }
    let secret = RandomBytes.make(32)
    let proposed = WebSession(
      contactID: link.contactID, secretHash: sha256Hex(secret), createdAt: now,
      expiresAt: now.addingTimeInterval(sessionLifetime), lastSeenAt: now)
    guard let session = try store.redeemSignInLink(link.id, at: now, session: proposed) else {
      // Taken by another browser, or revoked, a moment ago: say which.
      var reason = Refusal.used
      if case .failure(let now) = try inspectSignInLink(token) { reason = now }
      return try refuse(reason, link.contactID)
    }
    try store.recordAccessEvent(
      AccessEvent(at: now, kind: .signedIn, contactID: link.contactID, address: address))
    return .success(SignedIn(session: session, grant: grant, cookie: cookie(session.id, secret)))
  }

  /// The session a cookie names, while it is valid and its person still has access.
  public func session(cookie: String) throws -> (session: WebSession, grant: AccessGrant)? {
    guard let payload = key.open(cookie, purpose: Self.sessionPurpose, length: 40) else {
      return nil
    }
    let id = WebSessionID(TokenPayload.int64(payload, at: 0))
    guard let session = try store.webSession(id),
      constantTimeEqual(
        Array(session.secretHash.utf8), Array(sha256Hex(Data(payload.suffix(32))).utf8))
    else { return nil }
    let now = clock.now()
    guard session.isValid(at: now), let grant = try activeGrant(of: session.contactID) else {
      return nil
    }
    // Seen-at is written at most once a minute: every page view need not be a write.
    if now.timeIntervalSince(session.lastSeenAt) > 60 {
      try store.touchWebSession(id, at: now)
    }
    return (session, grant)
  }

  /// Ends the session (signing out) and logs it.
  public func signOut(_ session: WebSession, address: String?) throws {
    let now = clock.now()
    try store.endWebSession(session.id, at: now)
    try store.recordAccessEvent(
      AccessEvent(at: now, kind: .signedOut, contactID: session.contactID, address: address))
  }

  /// The token every form of `session` carries (CSRF): only pages served to that browser know it.
  public func formToken(for session: WebSession) -> String {
    var payload = TokenPayload()
    payload.append(session.id.rawValue)
    payload.append(Data(session.secretHash.utf8))
    return key.mac(payload.data, purpose: "form")
  }

  /// Whether `token` is `session`'s form token.
  public func checkFormToken(_ token: String?, for session: WebSession) -> Bool {
    guard let token else { return false }
    return constantTimeEqual(Array(token.utf8), Array(formToken(for: session).utf8))
  }

  /// A form token for pages without a session (an RSVP link's page): bound to what the page is for.
  public func formToken(for subject: String) -> String {
    key.mac(Data(subject.utf8), purpose: "form-anonymous")
  }

  public func checkFormToken(_ token: String?, for subject: String) -> Bool {
    guard let token else { return false }
    return constantTimeEqual(Array(token.utf8), Array(formToken(for: subject).utf8))
  }

  // MARK: Calendar feeds

  /// The feed of `owner` that is in force, made now when there is none.
  public func feed(of owner: FeedOwner, by actor: String) throws -> (
    feed: CalendarFeed, token: String
  ) {
    if let feed = try store.calendarFeeds(of: owner).last(where: { $0.revokedAt == nil }) {
      return (feed, token(of: feed))
    }
    return try newFeed(of: owner, by: actor)
  }

  /// A new feed for `owner` (a second URL beside any others).
  public func newFeed(of owner: FeedOwner, by actor: String) throws -> (
    feed: CalendarFeed, token: String
  ) {
    let now = clock.now()
    let feed = try store.insertCalendarFeed(
      CalendarFeed(
        owner: owner, nonce: RandomBytes.make(16).map { String(format: "%02x", $0) }.joined(),
        createdAt: now, createdBy: actor))
    try store.recordAccessEvent(
      AccessEvent(
        at: now, kind: .feedCreated, contactID: owner.contact, detail: "feed \(feed.id) by \(actor)"
      ))
    return (feed, token(of: feed))
  }

  /// The URL token of `feed`.
  public func token(of feed: CalendarFeed) -> String {
    // The nonce is part of what is signed, not of the token: only the ID travels.
    var carried = TokenPayload()
    carried.append(feed.id.rawValue)
    return key.seal(carried.data, purpose: Self.feedPurpose + ":" + feed.nonce)
  }

  /// The feed a token names, while it is not revoked.
  public func openFeed(_ token: String) throws -> CalendarFeed? {
    guard let data = Base64URL.decode(token), data.count == 8 + SigningKey.tagLength else {
      return nil
    }
    let id = CalendarFeedID(TokenPayload.int64(data, at: 0))
    guard let feed = try store.calendarFeed(id), feed.revokedAt == nil,
      key.open(token, purpose: Self.feedPurpose + ":" + feed.nonce, length: 8) != nil
    else { return nil }
    return feed
  }

  /// Revokes a feed: its URL stops working at once.
  public func revokeFeed(_ id: CalendarFeedID, by actor: String) throws -> Bool {
    let now = clock.now()
    guard let feed = try store.calendarFeed(id),
      try store.revokeCalendarFeed(id, at: now)
    else { return false }
    try store.recordAccessEvent(
      AccessEvent(
        at: now, kind: .feedRevoked, contactID: feed.owner.contact,
        detail: "feed \(id) by \(actor)"))
    return true
  }

  // MARK: Tokens

  static let signInPurpose = "sign-in"
  static let sessionPurpose = "session"
  static let feedPurpose = "feed"

  private func cookie(_ id: WebSessionID, _ secret: Data) -> String {
    var payload = TokenPayload()
    payload.append(id.rawValue)
    payload.append(secret)
    return key.seal(payload.data, purpose: Self.sessionPurpose)
  }

  /// The link ID a well-signed token names (for the log of a refused link).
  private static func linkID(in token: String, key: SigningKey) -> SignInLinkID? {
    key.open(token, purpose: signInPurpose, length: 24).map {
      SignInLinkID(TokenPayload.int64($0, at: 0))
    }
  }
}

extension FeedOwner {
  /// The contact a feed belongs to (nil for a group's).
  public var contact: ContactID? {
    if case .contact(let id) = self { return id }
    return nil
  }
}
