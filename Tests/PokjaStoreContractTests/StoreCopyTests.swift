import Foundation
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import PokjaTransfer
import PokjaWorkPlan
import Testing

/// `pokja db copy`: everything from one store to the other and back, with its IDs, checked.
@Suite struct StoreCopyTests {
  let clock = ManualClock(contractNow)

  /// A store holding some of everything: the generated network, a sub-organisation, a group, a
  /// channel, a meeting in a room with a reminder, an answer, a queued and a sent message, a
  /// rate-limit window, a setting, web access (grants, a used and an unused link, a session,
  /// feeds of a contact and of the group, the access log) and the inbox.
  func filledStore(_ kind: StoreKind) throws -> StoreUnderTest {
    let opened = try kind.open(clock: clock)
    let store = opened.store
    let directory = try SearchAgreementTests.network(on: store)
    // A parent with a higher ID than its child: the copy must write self-references last.
    let child = try store.organisations().first { $0.name.hasPrefix("Unit Pelaksana") }!
    var parent = try directory.addOrganisation(name: "Dinas Sosial Provinsi")
    parent = try store.organisation(.id(parent.id))!
    var withParent = child
    withParent.parentID = parent.id
    try store.update(withParent)
    let group = try store.insert(
      ContactGroup(
        id: .unassigned, name: "Tim Pleno", description: "Anggota pleno",
        members: [.contact(ContactID(3)), .organisation(parent.id)]))
    _ = try store.addChannel(
      Channel(
        id: ChannelID(0), name: "tim-pokja", url: "https://chat.example.org/hooks/1",
        preset: .slack, secretEnv: "POKJA_TIM_SECRET", events: [.meetingCreated, .reminder],
        language: .english, createdAt: contractNow))
    let room = try store.insert(Room(id: .unassigned, name: "Ruang Rapat Lt 7", capacity: 20))
    let meeting = try store.write { transaction in
      let meeting = try transaction.insert(
        Meeting(
          id: .unassigned, uid: "pleno-1@pokja.example", title: "Rapat Pleno",
          start: contractNow.addingTimeInterval(86_400),
          end: contractNow.addingTimeInterval(86_400 + 7_200), timeZone: Zones.jakarta,
          roomID: room.id, createdAt: contractNow.addingTimeInterval(0.1234)),
        attendees: [ContactID(1), ContactID(2)], reminders: [TimeSpan(seconds: 3_600)])
      try transaction.replaceOccurrences(
        of: meeting.id,
        with: [
          MeetingOccurrence(
            meetingID: meeting.id, recurrenceID: meeting.start, start: meeting.start,
            end: meeting.end, roomID: room.id)
        ], plannedThrough: meeting.end)
      try transaction.setReply(
        meeting: meeting.id, occurrence: nil, contact: ContactID(2), participation: .accepted)
      try transaction.setSetting("holidays", "id-2026")
      _ = try transaction.insert(
        ProgrammeSession(
          meetingID: meeting.id, title: "Panel", start: meeting.start,
          end: meeting.start.addingTimeInterval(3_600), roomID: room.id, place: "Ruang Garuda",
          people: [
            SessionPerson(role: .moderator, contactID: ContactID(1)),
            SessionPerson(
              role: .speaker, guestName: "Dewi Lestari", guestOrganisation: "Kemlu",
              guestEmail: EmailAddress("dewi@kemlu.example")),
          ]))
      return meeting
    }
    let queued = try store.enqueue(
      [draft("a", meeting: meeting.id, contact: ContactID(1)), draft("b")], route: .smtp,
      at: contractNow)
    let claimed = try claim(store, token: "t")
    _ = try store.markSent(claimed[0].id, token: "t", at: contractNow, receipt: "250 ok")
    _ = try store.reserveSendSlot(endpoint: "smtp://mail.example:587", spacing: 2, now: contractNow)
    #expect(queued.count == 2)
    _ = try store.insertListVersion(
      InvitationListVersion(
        meetingID: meeting.id, number: 1,
        entries: [.contact(ContactID(1)), .group("pleno", onePerOrganisation: false)],
        createdAt: contractNow, createdBy: "sekretariat", approvedAt: contractNow,
        approvedBy: "Wulan"))
    _ = try store.insertListComment(
      ListComment(
        meetingID: meeting.id, version: 1, at: contractNow, author: "Rudi", isObjection: true,
        entry: .contact(ContactID(1)), text: "Bukan dia"))
    _ = try store.recordAttendance(
      AttendanceRecord(
        meetingID: meeting.id, occurrence: meeting.start, contactID: ContactID(2), status: .proxy,
        proxyName: "Sri", checkedInAt: meeting.start.addingTimeInterval(0.25), checkedInBy: "meja"))
    _ = try store.insert(
      PlanItem(
        title: "Modul pelatihan", groupID: group.id, ownerID: OrganisationID(1), due: "2027-06-30",
        status: .inProgress, meetingID: meeting.id, createdAt: contractNow, updatedAt: contractNow,
        updatedBy: "sekretariat"))
    // One file on the meeting and the plan item: kept once, linked twice (the added instant has
    // milliseconds).
    let bytes = Data((0..<2_000).map { UInt8(truncatingIfNeeded: $0 * 31) })
    let document = AttachedDocument(
      digest: DocumentDigest(of: bytes), target: .meeting(meeting.id), filename: "agenda rapat.pdf",
      contentType: "application/pdf", size: bytes.count, addedBy: "rina",
      addedAt: contractNow.addingTimeInterval(0.375))
    var onItem = document
    onItem.target = .planItem(1)
    _ = try store.attach([(document, bytes), (onItem, bytes)], replacing: false)
    try fillAccess(store, group: group.id)
    try fillInbox(store, meeting: meeting.id)
    return opened
  }

  /// Web access for contacts 1 and 2 and `group`, at instants with milliseconds.
  func fillAccess(_ store: any PokjaStore, group: GroupID) throws {
    try store.saveAccessGrant(
      AccessGrant(
        contactID: ContactID(1), role: .secretary, grantedAt: contractNow, grantedBy: "rina"))
    try store.saveAccessGrant(
      AccessGrant(
        contactID: ContactID(2), role: .member, grantedAt: contractNow, grantedBy: "rina",
        revokedAt: contractNow.addingTimeInterval(3_600.125), revokedBy: "budi"))
    let link = try store.insertSignInLink(
      SignInLink(
        contactID: ContactID(1), secretHash: String(repeating: "a", count: 64),
        createdAt: contractNow, expiresAt: contractNow.addingTimeInterval(1_800)))
    _ = try store.insertSignInLink(
      SignInLink(
        contactID: ContactID(1), secretHash: String(repeating: "c", count: 64),
        createdAt: contractNow, expiresAt: contractNow.addingTimeInterval(1_800)))
    let at = contractNow.addingTimeInterval(60.25)
    _ = try store.redeemSignInLink(
      link.id, at: at,
      session: WebSession(
        contactID: ContactID(1), secretHash: String(repeating: "b", count: 64), createdAt: at,
        expiresAt: at.addingTimeInterval(30 * 86_400), lastSeenAt: at))
    _ = try store.insertCalendarFeed(
      CalendarFeed(
        owner: .contact(ContactID(1)), nonce: "00ff", createdAt: contractNow, createdBy: "rina"))
    let revoked = try store.insertCalendarFeed(
      CalendarFeed(owner: .group(group), nonce: "ff00", createdAt: contractNow, createdBy: "rina"))
    _ = try store.revokeCalendarFeed(revoked.id, at: contractNow.addingTimeInterval(0.5))
    try store.recordAccessEvent(
      AccessEvent(at: at, kind: .signedIn, contactID: ContactID(1), address: "203.0.113.7"))
    try store.recordAccessEvent(
      AccessEvent(
        at: at, kind: .signInRefused, contactID: nil, address: "198.51.100.2", detail: "forged"))
  }

  /// An answered message filed away, with its item, and a dismissed malformed one without headers.
  func fillInbox(_ store: any PokjaStore, meeting: MeetingID) throws {
    let answered = try store.insertInboxEntry(
      InboxEntry(
        mailbox: "sekretariat@mail.example/INBOX", uidValidity: 1_700_000_000, uid: 41,
        messageID: "CAF=1@mail.example", sender: "wulan@kemensos.example",
        subject: "Diterima: Rapat Pleno", sentAt: contractNow.addingTimeInterval(-600.25),
        processedAt: contractNow, status: .answered,
        items: [
          InboxItem(
            method: "REPLY", outcome: .recorded, uid: "pleno-1@pokja.example",
            meetingID: meeting, contactID: ContactID(2), attendee: "wulan@kemensos.example",
            answer: .accepted, changed: true, sequence: 0)
        ]))
    try store.markInboxEntryFiled(
      try #require(answered).id, in: "Pokja/Diproses", at: contractNow.addingTimeInterval(1.5))
    let malformed = try store.insertInboxEntry(
      InboxEntry(
        mailbox: "sekretariat@mail.example/INBOX", uidValidity: 1_700_000_000, uid: 42,
        messageID: nil, sender: nil, subject: nil, sentAt: nil, processedAt: contractNow,
        status: .malformed, problem: "baris 3: VCALENDAR tidak ditutup"))
    _ = try store.dismissInboxEntries(
      [try #require(malformed).id], at: contractNow.addingTimeInterval(60.125), by: "rina")
  }

  @Test func aCopyToTheOtherStoreAndBackIsTheSameDatabase() throws {
    let source = try filledStore(.sqliteFile)
    let server = try StoreKind.postgres.open(clock: clock)
    let there = try StoreCopy(source: source.store, target: server.store).run(replace: false)
    let back = try StoreKind.sqliteInMemory.open(clock: clock)
    let again = try StoreCopy(source: server.store, target: back.store).run(replace: false)
    #expect(there == again)
    #expect(there.tables.map(\.name) == StoredTables.all.map(\.name))
    #expect(there.tables.first { $0.name == "contact" }?.rows == 420)
    #expect(there.rows > 1_500)
    for store in [server.store, back.store] {
      #expect(try store.organisations() == source.store.organisations())
      #expect(try store.contacts() == source.store.contacts())
      #expect(try store.meetings() == source.store.meetings())
      #expect(try store.groups() == source.store.groups())
      #expect(try store.channels() == source.store.channels())
      #expect(try store.accessGrants() == source.store.accessGrants())
      #expect(try store.accessGrants().count == 2)
      #expect(try store.calendarFeeds(of: nil) == source.store.calendarFeeds(of: nil))
      #expect(
        try store.accessEvents(of: nil, limit: 10) == source.store.accessEvents(of: nil, limit: 10))
      for id in [SignInLinkID(1), SignInLinkID(2)] {
        #expect(try store.signInLink(id) == source.store.signInLink(id))
      }
      #expect(try store.webSession(WebSessionID(1)) == source.store.webSession(WebSessionID(1)))
      #expect(try store.webSession(WebSessionID(1)) != nil)
      let inbox = try store.inboxEntries(statuses: [], includeDismissed: true, limit: 10)
      #expect(
        try inbox == source.store.inboxEntries(statuses: [], includeDismissed: true, limit: 10))
      #expect(inbox.count == 2)
      let sessions = try store.sessions(of: MeetingID(1))
      #expect(try sessions == source.store.sessions(of: MeetingID(1)))
      #expect(sessions.first?.people.count == 2)
      #expect(
        try store.listVersions(of: MeetingID(1)) == source.store.listVersions(of: MeetingID(1)))
      #expect(
        try store.listComments(of: MeetingID(1)) == source.store.listComments(of: MeetingID(1)))
      #expect(try store.listComments(of: MeetingID(1)).count == 1)
      #expect(try store.attendance(of: MeetingID(1)) == source.store.attendance(of: MeetingID(1)))
      #expect(try store.attendance(of: MeetingID(1)).first?.proxyName == "Sri")
      #expect(try store.planItems() == source.store.planItems())
      #expect(try store.planItems().first?.status == .inProgress)
      #expect(try store.documents(of: nil) == source.store.documents(of: nil))
      #expect(try store.documents(of: nil).count == 2)
      let digest = try #require(try store.documents(of: nil).first?.digest)
      #expect(try store.documentContent(digest) == source.store.documentContent(digest))
      #expect(try store.documentContent(digest)?.count == 2_000)
      #expect(
        try store.messages(state: nil, meeting: nil, limit: 10)
          == source.store.messages(state: nil, meeting: nil, limit: 10))
      // The search index is built anew from the copied records.
      let query = DirectoryQuery(words: [.init(prefixes: ["kusuma"])], limit: 10)
      #expect(names(try store.search(query)) == names(try source.store.search(query)))
      // New records take the IDs after the copied ones.
      let added = try store.insert(Organisation(id: .unassigned, name: "Lembaga Baru"))
      #expect(added.id.rawValue == Int64(try source.store.organisations().count + 1))
      let feed = try store.insertCalendarFeed(
        CalendarFeed(
          owner: .contact(ContactID(2)), nonce: "0f0f", createdAt: contractNow, createdBy: "x"))
      #expect(feed.id == CalendarFeedID(3))
      let entry = try store.insertInboxEntry(
        InboxEntry(
          mailbox: "sekretariat@mail.example/INBOX", uidValidity: 1_700_000_000, uid: 43,
          messageID: nil, sender: nil, subject: nil, sentAt: nil, processedAt: contractNow,
          status: .ignored))
      #expect(entry?.id == InboxEntryID(3))
    }
  }

  @Test func aTargetThatHoldsRecordsIsRefusedUnlessReplaced() throws {
    let source = try filledStore(.sqliteInMemory)
    let target = try StoreKind.postgres.open(clock: clock)
    _ = try target.store.insert(Organisation(id: .unassigned, name: "Sudah Ada"))
    #expect(throws: StoreCopyError.targetNotEmpty(records: 1)) {
      try StoreCopy(source: source.store, target: target.store).run(replace: false)
    }
    #expect(try target.store.organisations().map(\.name) == ["Sudah Ada"])
    let report = try StoreCopy(source: source.store, target: target.store).run(replace: true)
    #expect(try target.store.organisations().count == report.tables[0].rows)
    #expect(try target.store.organisation(.key("Sudah Ada")) == nil)
  }

  /// A table that does not read back as it was written fails the copy, and the target keeps what
  /// it had.
  @Test(arguments: [StoreKind.sqliteInMemory, .postgres])
  func aCopyThatDoesNotReadBackTheSameKeepsNothing(_ kind: StoreKind) throws {
    let source = try filledStore(.sqliteInMemory)
    let target = try kind.open(clock: clock)
    let altering = AlteringReads(store: target.store, table: "meeting")
    #expect(
      throws: StoreCopyError.mismatch(table: "meeting", sourceRows: 1, copiedRows: 1)
    ) {
      try StoreCopy(source: source.store, target: altering).run(replace: false)
    }
    #expect(try target.store.organisations().isEmpty)
    #expect(try target.store.meetings().isEmpty)
  }
}

/// A store whose reads of one table come back changed, as a faulty copy would.
private struct AlteringReads: StoreTransfer {
  let store: any PokjaStore
  let table: String

  func readingSnapshot<T>(_ body: () throws -> T) throws -> T { try store.readingSnapshot(body) }
  func rowCount(of table: StoredTables.Table) throws -> Int { try store.rowCount(of: table) }
  func readRows(
    of table: StoredTables.Table, batch: Int, _ body: ([[StoredValue]]) throws -> Void
  ) throws {
    try store.readRows(of: table, batch: batch) { rows in
      guard table.name == self.table else { return try body(rows) }
      try body(rows.map { row in row.map { $0 == .text("Rapat Pleno") ? .text("Rapat") : $0 } })
    }
  }
  func copyingInto<T>(emptying: Bool, _ body: () throws -> T) throws -> T {
    try store.copyingInto(emptying: emptying, body)
  }
  func insert(_ rows: [[StoredValue]], into table: StoredTables.Table) throws {
    try store.insert(rows, into: table)
  }
  func fillSelfReferences(_ rows: [[StoredValue]], of table: StoredTables.Table) throws {
    try store.fillSelfReferences(rows, of: table)
  }
}
