import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import Testing

/// Who may sign in, and how: grants, single-use links, session cookies, form tokens and calendar
/// feeds, each step in the access log; on an SQLite store in memory.
@Suite struct AccessTests {
  let now = Date(timeIntervalSince1970: 1_796_000_000)
  let key = SigningKey.random()

  /// A store with two contacts.
  struct World {
    let store: any PokjaStore
    let wulan: ContactID
    let hannah: ContactID
  }

  func makeWorld() throws -> World {
    let store = try StoreKind.sqliteInMemory.open(clock: FixedClock(now)).store
    let wulan = try store.insert(
      Contact(id: .unassigned, name: "Wulan Sari", email: EmailAddress("wulan@kemensos.example")!))
    let hannah = try store.insert(
      Contact(id: .unassigned, name: "Hannah de Vries", email: EmailAddress("hannah@kpi.example")!))
    return World(store: store, wulan: wulan.id, hannah: hannah.id)
  }

  /// Access on `store` at `date` (now unless given), with this suite's key.
  func makeAccess(_ store: any AccessStore, at date: Date? = nil) -> Access {
    Access(store: store, key: key, clock: FixedClock(date ?? now))
  }

  /// The access log, oldest first.
  func log(_ store: any AccessStore, of contact: ContactID? = nil) throws -> [AccessEvent] {
    try store.accessEvents(of: contact, limit: 1_000).reversed()
  }

  // MARK: Sign-in links

  @Test func aLinkSignsInOnceAndTheSecondTimeIsRefusedAsUsed() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    let grant = try access.grant(world.wulan, role: .member, by: "rina")
    #expect(
      grant
        == AccessGrant(contactID: world.wulan, role: .member, grantedAt: now, grantedBy: "rina"))
    #expect(try access.activeGrant(of: world.wulan) == grant)
    #expect(try access.activeGrant(of: world.hannah) == nil)

    let (link, token) = try access.newSignInLink(for: world.wulan, address: "203.0.113.7")
    #expect(link.id != .unassigned && link.contactID == world.wulan)
    #expect(link.expiresAt == now.addingTimeInterval(30 * 60) && link.usedAt == nil)
    #expect(try world.store.signInLink(link.id) == link)
    // The store keeps a hash, never the token or its secret.
    #expect(link.secretHash.count == 64 && !token.contains(link.secretHash))

    // Looking at a link (a mail scanner opening it) changes nothing and logs nothing.
    let logged = try log(world.store).count
    #expect(try access.inspectSignInLink(token) == .success(link))
    #expect(try access.inspectSignInLink(token) == .success(link))
    #expect(try log(world.store).count == logged)

    let later = makeAccess(world.store, at: now.addingTimeInterval(60))
    guard case .success(let signedIn) = try later.signIn(token, address: "203.0.113.7") else {
      Issue.record("the link did not sign in")
      return
    }
    #expect(signedIn.grant == grant)
    #expect(signedIn.session.contactID == world.wulan)
    #expect(signedIn.session.createdAt == now.addingTimeInterval(60))
    #expect(signedIn.session.expiresAt == now.addingTimeInterval(60 + 30 * 86_400))
    #expect(try world.store.webSession(signedIn.session.id) == signedIn.session)
    #expect(try world.store.signInLink(link.id)?.usedAt == now.addingTimeInterval(60))
    #expect(!signedIn.cookie.isEmpty && signedIn.cookie != token)

    #expect(try later.signIn(token, address: "198.51.100.2").failure == .used)
    #expect(try later.inspectSignInLink(token) == .failure(.used))
    let events = try log(world.store)
    #expect(events.map(\.kind) == [.granted, .linkSent, .signedIn, .signInRefused])
    #expect(events.allSatisfy { $0.contactID == world.wulan })
    #expect(events[0].detail == "member by rina")
    #expect(events[1].address == "203.0.113.7" && events[1].at == now)
    #expect(events[2].address == "203.0.113.7" && events[2].at == now.addingTimeInterval(60))
    #expect(events[3].address == "198.51.100.2" && events[3].detail == "used")
  }

  @Test func aLinkPastItsLifetimeIsRefusedAsExpired() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    try access.grant(world.wulan, role: .secretary, by: "rina")
    let (link, token) = try access.newSignInLink(for: world.wulan)
    let (short, shortToken) = try access.newSignInLink(for: world.wulan, lifetime: 60)
    #expect(short.expiresAt == now.addingTimeInterval(60))

    let justBefore = makeAccess(world.store, at: link.expiresAt.addingTimeInterval(-1))
    #expect(try justBefore.inspectSignInLink(token) == .success(link))
    #expect(try justBefore.inspectSignInLink(shortToken) == .failure(.expired))
    let atExpiry = makeAccess(world.store, at: link.expiresAt)
    #expect(try atExpiry.inspectSignInLink(token) == .failure(.expired))
    #expect(try atExpiry.signIn(token, address: nil).failure == .expired)
    #expect(try world.store.signInLink(link.id)?.usedAt == nil)
    let refused = try #require(try log(world.store).last)
    #expect(refused.kind == .signInRefused && refused.detail == "expired")
    #expect(refused.contactID == world.wulan && refused.at == link.expiresAt)
  }

  @Test func aLinkOfSomeoneWhoseAccessWasRevokedIsRefusedAsRevoked() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    try access.grant(world.wulan, role: .member, by: "rina")
    let (_, token) = try access.newSignInLink(for: world.wulan)
    #expect(try access.revoke(world.wulan, by: "budi"))
    #expect(try !access.revoke(world.wulan, by: "budi"))
    #expect(try access.activeGrant(of: world.wulan) == nil)
    #expect(try world.store.accessGrant(of: world.wulan)?.revokedBy == "budi")
    // The link made before the revocation says why it no longer works.
    #expect(try access.inspectSignInLink(token) == .failure(.revoked))
    #expect(try access.signIn(token, address: "203.0.113.7").failure == .revoked)
    // No new link is made for someone without access (revoked, or never granted).
    #expect(throws: AccessError.self) { try access.newSignInLink(for: world.wulan) }
    #expect(throws: AccessError.self) { try access.newSignInLink(for: world.hannah) }
    #expect(try !access.revoke(world.hannah, by: "budi"))

    // Granted again: old links stay dead (they expired when access was revoked), new ones work.
    try access.grant(world.wulan, role: .member, by: "rina")
    #expect(try access.activeGrant(of: world.wulan)?.revokedAt == nil)
    #expect(try access.inspectSignInLink(token) == .failure(.expired))
    let (_, fresh) = try access.newSignInLink(for: world.wulan)
    #expect(try access.signIn(fresh, address: nil).success != nil)

    #expect(
      try log(world.store, of: world.wulan).map(\.kind) == [
        .granted, .linkSent, .revoked, .signInRefused, .granted, .linkSent, .signedIn,
      ])
    let revoked = try log(world.store, of: world.wulan).first { $0.kind == .revoked }
    #expect(revoked?.detail == "by budi")
  }

  @Test func forgedAndTamperedLinksAreRefusedAsForged() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    try access.grant(world.wulan, role: .member, by: "rina")
    let (link, token) = try access.newSignInLink(for: world.wulan)
    var tampered = try #require(Base64URL.decode(token))
    tampered[20] ^= 0x40
    // Well signed with this key, but a secret the store does not know.
    var payload = Data()
    withUnsafeBytes(of: link.id.rawValue.bigEndian) { payload.append(contentsOf: $0) }
    payload.append(RandomBytes.make(16))
    let guessed = key.seal(payload, purpose: "sign-in")
    let otherKey = Access(store: world.store, key: SigningKey.random(), clock: FixedClock(now))
    let (_, otherToken) = try otherKey.newSignInLink(for: world.wulan)
    for forged in [
      "", "nonsense", "%%%", Base64URL.encode(tampered), String(token.dropLast(3)), token + "A",
      guessed, otherToken, String(repeating: "A", count: 400),
    ] {
      #expect(try access.inspectSignInLink(forged) == .failure(.forged), "\(forged)")
    }
    let before = try log(world.store).count
    #expect(try access.signIn(guessed, address: "198.51.100.2").failure == .forged)
    let refused = try #require(try log(world.store).last)
    #expect(try log(world.store).count == before + 1)
    // A forged link names nobody.
    #expect(refused.kind == .signInRefused && refused.contactID == nil)
    #expect(refused.detail == "forged" && refused.address == "198.51.100.2")
    // The real link still works.
    #expect(try access.signIn(token, address: nil).success != nil)
  }

  // MARK: Sessions

  @Test func aCookieNamesItsSessionUntilSignOutRevocationOrExpiry() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    let grant = try access.grant(world.wulan, role: .secretary, by: "rina")
    let signedIn = try #require(
      try access.signIn(access.newSignInLink(for: world.wulan).token, address: nil).success)
    let found = try #require(try access.session(cookie: signedIn.cookie))
    #expect(found.session == signedIn.session && found.grant == grant)

    // Seen again two minutes later: recorded; thirty seconds after that: not written again.
    let later = makeAccess(world.store, at: now.addingTimeInterval(120))
    #expect(try later.session(cookie: signedIn.cookie) != nil)
    #expect(
      try world.store.webSession(signedIn.session.id)?.lastSeenAt == now.addingTimeInterval(120))
    let soonAfter = makeAccess(world.store, at: now.addingTimeInterval(150))
    #expect(try soonAfter.session(cookie: signedIn.cookie) != nil)
    #expect(
      try world.store.webSession(signedIn.session.id)?.lastSeenAt == now.addingTimeInterval(120))

    // Tampered, cut short, for another purpose or made with another key: nobody.
    var tampered = try #require(Base64URL.decode(signedIn.cookie))
    tampered[12] ^= 0x01
    let otherKey = Access(store: world.store, key: SigningKey.random(), clock: FixedClock(now))
    let forgedCookie = try #require(
      try otherKey.signIn(otherKey.newSignInLink(for: world.wulan).token, address: nil).success)
    for cookie in [
      Base64URL.encode(tampered), String(signedIn.cookie.dropLast(2)), "", "x",
      try access.newSignInLink(for: world.wulan).token, forgedCookie.cookie,
    ] {
      #expect(try access.session(cookie: cookie) == nil, "\(cookie)")
    }
    // The other key's session exists, but its cookie opens only with that key.
    #expect(try otherKey.session(cookie: forgedCookie.cookie) != nil)

    // Expired after thirty days.
    let monthLater = makeAccess(world.store, at: signedIn.session.expiresAt)
    #expect(try monthLater.session(cookie: signedIn.cookie) == nil)

    try access.signOut(signedIn.session, address: "203.0.113.7")
    #expect(try access.session(cookie: signedIn.cookie) == nil)
    #expect(try world.store.webSession(signedIn.session.id)?.endedAt == now)
    let signedOut = try #require(try log(world.store, of: world.wulan).last)
    #expect(signedOut.kind == .signedOut && signedOut.address == "203.0.113.7")

    // Revoking ends every other session at once.
    let second = try #require(
      try access.signIn(access.newSignInLink(for: world.wulan).token, address: nil).success)
    #expect(try access.session(cookie: second.cookie) != nil)
    #expect(try access.revoke(world.wulan, by: "budi"))
    #expect(try access.session(cookie: second.cookie) == nil)
    #expect(try world.store.webSession(second.session.id)?.endedAt == now)
    // Granting again does not bring the old session back.
    try access.grant(world.wulan, role: .secretary, by: "rina")
    #expect(try access.session(cookie: second.cookie) == nil)
  }

  @Test func aFormTokenBelongsToOneSessionOrOneSubject() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    try access.grant(world.wulan, role: .member, by: "rina")
    try access.grant(world.hannah, role: .member, by: "rina")
    let one = try #require(
      try access.signIn(access.newSignInLink(for: world.wulan).token, address: nil).success)
    let other = try #require(
      try access.signIn(access.newSignInLink(for: world.hannah).token, address: nil).success)
    let token = access.formToken(for: one.session)
    #expect(access.checkFormToken(token, for: one.session))
    #expect(!access.checkFormToken(token, for: other.session))
    #expect(!access.checkFormToken(nil, for: one.session))
    #expect(!access.checkFormToken("", for: one.session))
    #expect(
      !access.checkFormToken(
        String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A"), for: one.session))
    #expect(!access.checkFormToken(one.cookie, for: one.session))
    let otherKey = Access(store: world.store, key: SigningKey.random(), clock: FixedClock(now))
    #expect(!access.checkFormToken(otherKey.formToken(for: one.session), for: one.session))

    let rsvp = access.formToken(for: "rsvp:12:7")
    #expect(access.checkFormToken(rsvp, for: "rsvp:12:7"))
    #expect(!access.checkFormToken(rsvp, for: "rsvp:12:8"))
    #expect(!access.checkFormToken(nil, for: "rsvp:12:7"))
    #expect(!access.checkFormToken(token, for: "rsvp:12:7"))
  }

  // MARK: Calendar feeds

  @Test func feedTokensOpenTheirFeedUntilItIsRevoked() throws {
    let world = try makeWorld()
    let access = makeAccess(world.store)
    let group = try world.store.insert(
      ContactGroup(
        id: .unassigned, name: "Tim Pleno", description: nil, members: [.contact(world.wulan)]))
    let (feed, token) = try access.feed(of: .contact(world.wulan), by: "rina")
    #expect(feed.owner == .contact(world.wulan) && feed.createdBy == "rina")
    #expect(feed.nonce.count == 32 && feed.revokedAt == nil)
    #expect(try access.openFeed(token) == feed)
    // Asked again, the feed in force and its token.
    let again = try access.feed(of: .contact(world.wulan), by: "budi")
    #expect(again.feed == feed && again.token == token)
    #expect(access.token(of: feed) == token)

    let (teamFeed, teamToken) = try access.feed(of: .group(group.id), by: "rina")
    #expect(teamFeed.id != feed.id && teamToken != token)
    #expect(try access.openFeed(teamToken) == teamFeed)

    // The right ID with another nonce, a changed byte, another key, rubbish: nothing.
    var otherNonce = feed
    otherNonce.nonce = String(repeating: "0", count: 32)
    var tampered = try #require(Base64URL.decode(token))
    tampered[7] ^= 0x01
    let otherKey = Access(store: world.store, key: SigningKey.random(), clock: FixedClock(now))
    for forged in [
      access.token(of: otherNonce), Base64URL.encode(tampered), otherKey.token(of: feed), "",
      "feed", String(token.dropLast()), token + "AAAA",
    ] {
      #expect(try access.openFeed(forged) == nil, "\(forged)")
    }

    #expect(try access.revokeFeed(feed.id, by: "budi"))
    #expect(try !access.revokeFeed(feed.id, by: "budi"))
    #expect(try !access.revokeFeed(CalendarFeedID(9_999), by: "budi"))
    #expect(try access.openFeed(token) == nil)
    #expect(try world.store.calendarFeed(feed.id)?.revokedAt == now)
    #expect(try access.openFeed(teamToken) == teamFeed)
    // A new feed replaces the revoked one, with a URL of its own.
    let (replacement, newToken) = try access.feed(of: .contact(world.wulan), by: "rina")
    #expect(replacement.id != feed.id && newToken != token)
    #expect(try access.openFeed(newToken) == replacement)
    #expect(try access.openFeed(token) == nil)
    // A second URL beside the first.
    let (extra, extraToken) = try access.newFeed(of: .contact(world.wulan), by: "rina")
    #expect(try access.openFeed(extraToken) == extra)
    #expect(try access.openFeed(newToken) == replacement)

    let events = try log(world.store)
    #expect(
      events.map(\.kind) == [.feedCreated, .feedCreated, .feedRevoked, .feedCreated, .feedCreated])
    #expect(events.map(\.contactID) == [world.wulan, nil, world.wulan, world.wulan, world.wulan])
    #expect(events[0].detail == "feed \(feed.id) by rina")
    #expect(events[2].detail == "feed \(feed.id) by budi")
  }
}

extension Result {
  var success: Success? {
    if case .success(let value) = self { return value }
    return nil
  }

  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
