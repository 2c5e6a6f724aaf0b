import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import Testing

/// What every `AccessStore` must do: grants kept, replaced and revoked (ending sessions and
/// unused links with them), sign-in links that sign in once however many browsers race with one,
/// sessions touched and ended, calendar feeds by owner, the access log newest first, and what a
/// contact's removal takes with it and what it leaves.
@Suite struct AccessStoreContractTests {
  let clock = ManualClock(contractNow)
  let now = contractNow

  /// A store with two contacts, as the access records need.
  struct Setup {
    let opened: StoreUnderTest
    let wulan: Contact
    let hannah: Contact
    var store: any PokjaStore { opened.store }

    init(_ kind: StoreKind, clock: any WallClock) throws {
      opened = try kind.open(clock: clock)
      wulan = try opened.store.insert(
        Contact(id: .unassigned, name: "Wulan Sari", email: email("wulan@kemensos.example")))
      hannah = try opened.store.insert(
        Contact(id: .unassigned, name: "Hannah de Vries", email: email("hannah@kpi.example")))
    }
  }

  func link(_ contact: Contact, secret: String = "a", created: Date? = nil, minutes: Double = 30)
    -> SignInLink
  {
    let created = created ?? now
    return SignInLink(
      contactID: contact.id, secretHash: String(repeating: secret, count: 64), createdAt: created,
      expiresAt: created.addingTimeInterval(minutes * 60))
  }

  func session(_ contact: Contact, secret: String = "b", at date: Date? = nil) -> WebSession {
    let date = date ?? now
    return WebSession(
      contactID: contact.id, secretHash: String(repeating: secret, count: 64), createdAt: date,
      expiresAt: date.addingTimeInterval(30 * 86_400), lastSeenAt: date)
  }

  // MARK: Grants

  @Test(arguments: StoreKind.available)
  func grantsAreSavedReplacedAndListedByContact(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    #expect(try store.accessGrant(of: setup.wulan.id) == nil)
    #expect(try store.accessGrants().isEmpty)
    let hannah = AccessGrant(
      contactID: setup.hannah.id, role: .secretary, grantedAt: now, grantedBy: "rina")
    let wulan = AccessGrant(
      contactID: setup.wulan.id, role: .member, grantedAt: now.addingTimeInterval(60),
      grantedBy: "rina", revokedAt: now.addingTimeInterval(120), revokedBy: "budi")
    try store.saveAccessGrant(hannah)
    try store.saveAccessGrant(wulan)
    #expect(try store.accessGrant(of: setup.hannah.id) == hannah)
    #expect(try store.accessGrant(of: setup.wulan.id) == wulan)
    #expect(try store.accessGrants() == [wulan, hannah])
    // Granted again after the revocation: the one row is replaced whole.
    let again = AccessGrant(
      contactID: setup.wulan.id, role: .secretary, grantedAt: now.addingTimeInterval(600),
      grantedBy: "sari")
    try store.saveAccessGrant(again)
    #expect(try store.accessGrant(of: setup.wulan.id) == again)
    #expect(try store.accessGrant(of: setup.wulan.id)?.isActive == true)
    #expect(try store.accessGrants() == [again, hannah])
    #expect(try store.accessGrant(of: ContactID(9_999)) == nil)
  }

  @Test(arguments: StoreKind.available)
  func revokingEndsSessionsAndMakesUnusedLinksUnusableOnce(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    #expect(try !store.revokeAccess(of: setup.wulan.id, at: now, by: "rina"))
    try store.saveAccessGrant(
      AccessGrant(contactID: setup.wulan.id, role: .member, grantedAt: now, grantedBy: "rina"))
    try store.saveAccessGrant(
      AccessGrant(contactID: setup.hannah.id, role: .member, grantedAt: now, grantedBy: "rina"))
    let used = try store.insertSignInLink(link(setup.wulan, secret: "1"))
    let first = try #require(
      try store.redeemSignInLink(
        used.id, at: now.addingTimeInterval(60), session: session(setup.wulan)))
    let second = try #require(
      try store.redeemSignInLink(
        try store.insertSignInLink(link(setup.wulan, secret: "2")).id,
        at: now.addingTimeInterval(120), session: session(setup.wulan, secret: "c")))
    let unused = try store.insertSignInLink(link(setup.wulan, secret: "3"))
    let lapsed = try store.insertSignInLink(
      link(setup.wulan, secret: "4", created: now.addingTimeInterval(-7_200)))
    let hers = try store.insertSignInLink(link(setup.hannah, secret: "5"))
    let hannahs = try #require(
      try store.redeemSignInLink(
        try store.insertSignInLink(link(setup.hannah, secret: "6")).id, at: now,
        session: session(setup.hannah)))
    try store.endWebSession(second.id, at: now.addingTimeInterval(180))

    let revokedAt = now.addingTimeInterval(600)
    #expect(try store.revokeAccess(of: setup.wulan.id, at: revokedAt, by: "budi"))
    let grant = try #require(try store.accessGrant(of: setup.wulan.id))
    #expect(grant.revokedAt == revokedAt && grant.revokedBy == "budi" && !grant.isActive)
    #expect(grant.grantedAt == now && grant.grantedBy == "rina")
    // Open sessions end now; one signed out earlier keeps its time.
    #expect(try store.webSession(first.id)?.endedAt == revokedAt)
    #expect(try store.webSession(first.id)?.isValid(at: revokedAt) == false)
    #expect(try store.webSession(second.id)?.endedAt == now.addingTimeInterval(180))
    // An unused link expires now; one that lapsed before keeps its time; a used one is unchanged.
    #expect(try store.signInLink(unused.id)?.expiresAt == revokedAt)
    #expect(try store.signInLink(unused.id)?.usedAt == nil)
    #expect(try store.signInLink(lapsed.id) == lapsed)
    #expect(try store.signInLink(used.id)?.expiresAt == used.expiresAt)
    #expect(try store.signInLink(used.id)?.usedAt == now.addingTimeInterval(60))
    // Someone else's access is untouched.
    #expect(try store.accessGrant(of: setup.hannah.id)?.isActive == true)
    #expect(try store.webSession(hannahs.id)?.endedAt == nil)
    #expect(try store.signInLink(hers.id) == hers)
    // Nothing left to revoke: false, and nothing changes.
    #expect(
      try !store.revokeAccess(of: setup.wulan.id, at: revokedAt.addingTimeInterval(60), by: "x"))
    #expect(try store.accessGrant(of: setup.wulan.id) == grant)
  }

  // MARK: Sign-in links

  @Test(arguments: StoreKind.available)
  func aLinkIsKeptWholeWithTheIDTheStoreGives(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let one = try store.insertSignInLink(link(setup.wulan))
    let two = try store.insertSignInLink(link(setup.hannah, secret: "f", minutes: 10))
    #expect(one.id != .unassigned && two.id != one.id)
    var expected = link(setup.wulan)
    expected.id = one.id
    #expect(one == expected)
    #expect(try store.signInLink(one.id) == expected)
    #expect(try store.signInLink(two.id)?.expiresAt == now.addingTimeInterval(600))
    #expect(try store.signInLink(SignInLinkID(9_999)) == nil)
  }

  @Test(arguments: StoreKind.available)
  func aLinkIsRedeemedOnceAndTheSecondTimeWritesNothing(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let stored = try store.insertSignInLink(link(setup.wulan))
    let at = now.addingTimeInterval(90)
    let proposed = session(setup.wulan, at: at)
    let started = try #require(try store.redeemSignInLink(stored.id, at: at, session: proposed))
    #expect(started.id != .unassigned)
    var expected = proposed
    expected.id = started.id
    #expect(started == expected)
    #expect(try store.webSession(started.id) == expected)
    #expect(try store.signInLink(stored.id)?.usedAt == at)
    // Used: no second session, and the link keeps the first use's time.
    #expect(
      try store.redeemSignInLink(
        stored.id, at: at.addingTimeInterval(5), session: session(setup.wulan, secret: "c"))
        == nil)
    #expect(try store.signInLink(stored.id)?.usedAt == at)
    #expect(try store.webSession(WebSessionID(started.id.rawValue + 1)) == nil)
    // A link that does not exist redeems nothing either.
    #expect(try store.redeemSignInLink(SignInLinkID(9_999), at: at, session: proposed) == nil)
    #expect(try store.webSession(WebSessionID(started.id.rawValue + 1)) == nil)
    // The next session takes the next ID: the refused ones took none.
    let next = try store.redeemSignInLink(
      try store.insertSignInLink(link(setup.wulan, secret: "d")).id, at: at,
      session: session(setup.wulan, secret: "e"))
    #expect(next?.id == WebSessionID(started.id.rawValue + 1))
  }

  /// Two browsers (separate handles: separate connections on a file and on PostgreSQL) open one
  /// link at the same moment: exactly one of them is signed in.
  @Test(arguments: [StoreKind.sqliteFile, .postgres])
  func browsersRacingWithOneLinkStartExactlyOneSession(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let handles = try (0..<4).map { _ in try setup.opened.anotherHandle() }
    let wulan = setup.wulan
    var winners: [WebSession] = []
    for round in 0..<6 {
      let stored = try setup.store.insertSignInLink(link(wulan, secret: "\(round)"))
      let proposed = session(wulan)
      let now = self.now
      let results = concurrently(handles.count) { index in
        try handles[index].redeemSignInLink(
          stored.id, at: now.addingTimeInterval(Double(index)), session: proposed)
      }
      let started = try results.compactMap { try $0.get() }
      #expect(started.count == 1, "round \(round): \(started.count) sessions")
      winners += started
      let usedAt = try #require(try setup.store.signInLink(stored.id)?.usedAt)
      #expect(started.first?.createdAt == proposed.createdAt)
      #expect((0..<handles.count).map { now.addingTimeInterval(Double($0)) }.contains(usedAt))
    }
    #expect(Set(winners.map(\.id)).count == winners.count)
    for winner in winners { #expect(try setup.store.webSession(winner.id) == winner) }
    let last = try #require(winners.map(\.id.rawValue).max())
    #expect(try setup.store.webSession(WebSessionID(last + 1)) == nil)
  }

  // MARK: Sessions

  @Test(arguments: StoreKind.available)
  func aSessionIsTouchedAndEndedOnce(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let started = try #require(
      try store.redeemSignInLink(
        try store.insertSignInLink(link(setup.wulan)).id, at: now, session: session(setup.wulan)))
    #expect(try store.webSession(WebSessionID(9_999)) == nil)
    #expect(started.isValid(at: now.addingTimeInterval(60)))
    try store.touchWebSession(started.id, at: now.addingTimeInterval(3_600))
    var expected = started
    expected.lastSeenAt = now.addingTimeInterval(3_600)
    #expect(try store.webSession(started.id) == expected)
    try store.endWebSession(started.id, at: now.addingTimeInterval(7_200))
    expected.endedAt = now.addingTimeInterval(7_200)
    #expect(try store.webSession(started.id) == expected)
    #expect(try store.webSession(started.id)?.isValid(at: now.addingTimeInterval(7_200)) == false)
    // Signing out again keeps the first end.
    try store.endWebSession(started.id, at: now.addingTimeInterval(9_000))
    #expect(try store.webSession(started.id) == expected)
  }

  // MARK: Calendar feeds

  @Test(arguments: StoreKind.available)
  func feedsAreKeptByOwnerAndRevokedOnce(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let group = try store.insert(
      ContactGroup(
        id: .unassigned, name: "Tim Pleno", description: nil, members: [.contact(setup.wulan.id)]))
    func feed(_ owner: FeedOwner, _ nonce: String) -> CalendarFeed {
      CalendarFeed(owner: owner, nonce: nonce, createdAt: now, createdBy: "rina")
    }
    let hers = try store.insertCalendarFeed(feed(.contact(setup.wulan.id), "0a"))
    let team = try store.insertCalendarFeed(feed(.group(group.id), "0b"))
    let other = try store.insertCalendarFeed(feed(.contact(setup.hannah.id), "0c"))
    let second = try store.insertCalendarFeed(feed(.contact(setup.wulan.id), "0d"))
    #expect(Set([hers.id, team.id, other.id, second.id]).count == 4)
    #expect(!([hers.id, team.id, other.id, second.id]).contains(.unassigned))
    var expected = feed(.group(group.id), "0b")
    expected.id = team.id
    #expect(team == expected)
    #expect(try store.calendarFeed(team.id) == expected)
    #expect(try store.calendarFeed(CalendarFeedID(9_999)) == nil)
    #expect(try store.calendarFeeds(of: .contact(setup.wulan.id)) == [hers, second])
    #expect(try store.calendarFeeds(of: .group(group.id)) == [team])
    #expect(try store.calendarFeeds(of: .contact(ContactID(9_999))).isEmpty)
    #expect(try store.calendarFeeds(of: nil) == [hers, team, other, second])

    let revokedAt = now.addingTimeInterval(300)
    #expect(try store.revokeCalendarFeed(hers.id, at: revokedAt))
    #expect(try !store.revokeCalendarFeed(hers.id, at: revokedAt.addingTimeInterval(60)))
    #expect(try !store.revokeCalendarFeed(CalendarFeedID(9_999), at: revokedAt))
    var revoked = hers
    revoked.revokedAt = revokedAt
    // Revoked feeds are still listed, with their time.
    #expect(try store.calendarFeed(hers.id) == revoked)
    #expect(try store.calendarFeeds(of: .contact(setup.wulan.id)) == [revoked, second])
  }

  // MARK: The access log

  @Test(arguments: StoreKind.available)
  func theAccessLogIsReadNewestFirstWithALimitAndByContact(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let events = [
      AccessEvent(
        at: now, kind: .granted, contactID: setup.wulan.id, detail: "member by rina"),
      AccessEvent(
        at: now.addingTimeInterval(10), kind: .linkSent, contactID: setup.wulan.id,
        address: "203.0.113.7"),
      AccessEvent(
        at: now.addingTimeInterval(20), kind: .signInRefused, contactID: nil,
        address: "198.51.100.2", detail: "forged"),
      AccessEvent(at: now.addingTimeInterval(30), kind: .granted, contactID: setup.hannah.id),
      // Entries of one instant keep the order they were made in.
      AccessEvent(
        at: now.addingTimeInterval(30), kind: .signedIn, contactID: setup.wulan.id,
        address: "2001:db8::1"),
    ]
    for event in events { try store.recordAccessEvent(event) }
    let all = try store.accessEvents(of: nil, limit: 100)
    #expect(all.count == 5)
    #expect(Set(all.map(\.id)).count == 5 && !all.map(\.id).contains(.unassigned))
    #expect(all.map(\.id.rawValue) == all.map(\.id.rawValue).sorted(by: >))
    let withoutIDs = all.map { event -> AccessEvent in
      var copy = event
      copy.id = .unassigned
      return copy
    }
    #expect(withoutIDs == Array(events.reversed()))
    #expect(try store.accessEvents(of: nil, limit: 2) == Array(all.prefix(2)))
    #expect(try store.accessEvents(of: nil, limit: 0).isEmpty)
    let hers = try store.accessEvents(of: setup.wulan.id, limit: 10)
    #expect(hers.map(\.kind) == [.signedIn, .linkSent, .granted])
    #expect(hers.allSatisfy { $0.contactID == setup.wulan.id })
    #expect(try store.accessEvents(of: setup.wulan.id, limit: 1).map(\.kind) == [.signedIn])
    #expect(try store.accessEvents(of: setup.hannah.id, limit: 10).map(\.kind) == [.granted])
    #expect(try store.accessEvents(of: ContactID(9_999), limit: 10).isEmpty)
  }

  // MARK: Removal

  /// A removed contact takes their grant, links, sessions and feeds along; the log keeps its
  /// entries about them, without the contact. A removed group takes its feeds.
  @Test(arguments: StoreKind.available)
  func removingAContactTakesItsAccessAlongAndKeepsItsLog(_ kind: StoreKind) throws {
    let setup = try Setup(kind, clock: clock)
    let store = setup.store
    let group = try store.insert(
      ContactGroup(
        id: .unassigned, name: "Tim Pleno", description: nil, members: [.contact(setup.wulan.id)]))
    for contact in [setup.wulan, setup.hannah] {
      try store.saveAccessGrant(
        AccessGrant(contactID: contact.id, role: .member, grantedAt: now, grantedBy: "rina"))
    }
    let used = try store.insertSignInLink(link(setup.wulan))
    let started = try #require(
      try store.redeemSignInLink(used.id, at: now, session: session(setup.wulan)))
    let unused = try store.insertSignInLink(link(setup.wulan, secret: "c"))
    let feed = try store.insertCalendarFeed(
      CalendarFeed(
        owner: .contact(setup.wulan.id), nonce: "aa", createdAt: now, createdBy: "rina"))
    let teamFeed = try store.insertCalendarFeed(
      CalendarFeed(owner: .group(group.id), nonce: "bb", createdAt: now, createdBy: "rina"))
    let hannahsFeed = try store.insertCalendarFeed(
      CalendarFeed(
        owner: .contact(setup.hannah.id), nonce: "cc", createdAt: now, createdBy: "rina"))
    let hannahsLink = try store.insertSignInLink(link(setup.hannah, secret: "d"))
    try store.recordAccessEvent(
      AccessEvent(at: now, kind: .signedIn, contactID: setup.wulan.id, address: "203.0.113.7"))
    try store.recordAccessEvent(AccessEvent(at: now, kind: .granted, contactID: setup.hannah.id))

    try store.delete(setup.wulan.id)
    #expect(try store.accessGrant(of: setup.wulan.id) == nil)
    #expect(try store.accessGrants().map(\.contactID) == [setup.hannah.id])
    #expect(try store.signInLink(used.id) == nil)
    #expect(try store.signInLink(unused.id) == nil)
    #expect(try store.webSession(started.id) == nil)
    #expect(try store.calendarFeed(feed.id) == nil)
    #expect(try store.calendarFeeds(of: nil) == [teamFeed, hannahsFeed])
    #expect(try store.signInLink(hannahsLink.id) == hannahsLink)
    let log = try store.accessEvents(of: nil, limit: 10)
    #expect(log.map(\.kind) == [.granted, .signedIn])
    #expect(log.map(\.contactID) == [setup.hannah.id, nil])
    #expect(log.last?.address == "203.0.113.7")
    #expect(try store.accessEvents(of: setup.wulan.id, limit: 10).isEmpty)

    try store.delete(group.id)
    #expect(try store.calendarFeeds(of: nil) == [hannahsFeed])
  }
}
