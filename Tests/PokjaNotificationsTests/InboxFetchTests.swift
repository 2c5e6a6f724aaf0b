import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite("Reading the inbox: each reply applied once, filed, and nothing lost")
struct InboxFetchTests {
  let fixture: NotificationFixture
  let mailbox = MemoryMailbox()
  let folders = InboxFolders()

  init() throws { fixture = try NotificationFixture() }

  var fetch: InboxFetch {
    var fetch = InboxFetch(
      mailbox: mailbox, store: fixture.store,
      replies: InboxReplies(
        scheduler: fixture.scheduler,
        replies: Replies(
          scheduler: fixture.scheduler,
          outbox: {
            Outbox(
              store: fixture.store, transport: fixture.transport, clock: fixture.clock,
              webhooks: Outbox.Webhooks(
                publisher: WebhookPublisher(
                  channels: try fixture.store.channels(), organiser: fixture.organiser.email),
                transport: AcceptingWebhooks()), random: { 1 })
          }, clock: fixture.clock)),
      clock: fixture.clock)
    fetch.timeZone = Zones.jakarta
    return fetch
  }

  var uid: String { fixture.details.meeting.uid }

  func answer(_ email: String) throws -> ParticipationStatus {
    let details = try fixture.scheduler.details(of: fixture.details.meeting.id.description)
    return details.attendees.first { $0.contact.email.value == email }!.attendee.participation
  }

  /// The reply.received events queued, as a channel would receive them.
  func events() throws -> Int {
    try fixture.store.messages(state: nil, meeting: nil, limit: 1000).filter {
      $0.route == .webhook
    }.count
  }

  func addChannel() throws {
    _ = try fixture.store.addChannel(
      Channel(
        name: "grup", url: "https://hooks.example/pokja", preset: .json, secretEnv: nil,
        events: [.replyReceived], createdAt: fixture.clock.now()))
  }

  @Test("A reply is recorded, marked read and filed; the next run finds nothing to do")
  func recordsAndFiles() throws {
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example"))
    let report = try fetch.run()
    #expect(report.unread == 1)
    #expect(report.count(.answered) == 1)
    #expect(report.changedAnswers == 1)
    let entry = try #require(report.entries.first)
    #expect(entry.filedIn == folders.done)
    #expect(entry.items.first?.outcome == .recorded)
    #expect(entry.items.first?.contactID != nil)
    #expect(try answer("wulan@kemensos.example") == .accepted)
    #expect(mailbox.inbox.isEmpty)
    #expect(mailbox.messages(in: folders.done).map(\.isRead) == [true])
    let again = try fetch.run()
    #expect(again.unread == 0 && again.entries.isEmpty)
  }

  @Test("Ordinary mail stays unread where it is, and is downloaded once, not every run")
  func leavesOtherMail() throws {
    mailbox.deliver(ReplyMail.plain())
    let first = try fetch.run()
    #expect(first.count(.ignored) == 1)
    #expect(mailbox.inbox.values.map(\.isRead) == [false])
    let second = try fetch.run()
    #expect(second.leftAlone == 1 && second.entries.isEmpty)
    #expect(mailbox.downloads == 1)
    #expect(
      try fixture.store.inboxEntries(statuses: [], includeDismissed: false, limit: 10).count == 1)
  }

  @Test("A calendar that cannot be read is recorded with its UID and reason, and left in place")
  func malformed() throws {
    let broken = ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example", partstat: "MAYBE")
    let messageUID = mailbox.deliver(broken)
    let report = try fetch.run()
    let entry = try #require(report.entries.first)
    #expect(entry.status == .malformed)
    #expect(entry.uid == Int64(messageUID))
    #expect(entry.problem?.contains("PARTSTAT 'MAYBE'") == true)
    #expect(entry.filedIn == nil)
    #expect(mailbox.inbox[messageUID]?.isRead == false)
    #expect(try answer("wulan@kemensos.example") == .needsAction)
    let listed = try fixture.store.inboxEntries(
      statuses: Set(InboxStatus.allCases.filter(\.needsAttention)), includeDismissed: false,
      limit: 10)
    #expect(listed.map(\.id) == [entry.id])
  }

  @Test("A message too large to take is left unread for a person, and the run goes on")
  func unreadableMessage() throws {
    let big = mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example"))
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "hannah@kpi.example"))
    mailbox.refuse(big)
    let report = try fetch.run()
    // Too large to take: most likely a letter with scans; left unread for a person, not listed.
    #expect(report.entries.map(\.status) == [.ignored, .answered])
    #expect(report.entries.first?.problem?.isEmpty == false)
    #expect(mailbox.inbox[big]?.isRead == false)
    #expect(try answer("hannah@kpi.example") == .accepted)
  }

  @Test(
    "A reply nobody matches goes to the unmatched folder; moved back after a fix, it is applied")
  func unmatchedThenRetried() throws {
    let mail = ReplyMail.reply(
      uid: uid, attendee: "wulan.sari@gmail.example", messageID: "retry-1@gmail.example")
    mailbox.deliver(mail)
    let first = try fetch.run()
    let entry = try #require(first.entries.first)
    #expect(entry.status == .unmatched)
    #expect(entry.problem?.contains("wulan.sari@gmail.example is not an attendee") == true)
    #expect(mailbox.messages(in: folders.unmatched).count == 1)
    // The secretary adds the address to Wulan's contact and moves the mail back, unread.
    var wulan = try #require(
      fixture.details.attendees.first { $0.contact.name == "Wulan Sari" }?.contact)
    wulan.otherEmails.append(EmailAddress("wulan.sari@gmail.example")!)
    try fixture.store.update(wulan)
    mailbox.deliver(mail)
    let second = try fetch.run()
    #expect(second.entries.map(\.status) == [.answered])
    #expect(try answer("wulan@kemensos.example") == .accepted)
    // The earlier entry no longer needs the secretary.
    let open = try fixture.store.inboxEntries(
      statuses: [.unmatched], includeDismissed: false, limit: 10)
    #expect(open.isEmpty)
  }

  @Test("The same message delivered twice is applied once")
  func duplicates() throws {
    try addChannel()
    let mail = ReplyMail.reply(
      uid: uid, attendee: "wulan@kemensos.example", messageID: "same@kemensos.example")
    mailbox.deliver(mail)
    _ = try fetch.run()
    // The attendee changes their mind by RSVP link; the old mail comes in again.
    _ = try fixture.scheduler.reply(
      meeting: fixture.details.meeting.id,
      contact: try #require(
        fixture.details.attendees.first { $0.contact.name == "Wulan Sari" }?.contact.id),
      participation: .declined, occurrence: nil)
    mailbox.deliver(mail)
    let second = try fetch.run()
    #expect(second.entries.map(\.status) == [.duplicate])
    #expect(mailbox.messages(in: folders.done).count == 2)
    #expect(try answer("wulan@kemensos.example") == .declined)
    #expect(try events() == 1)
  }

  @Test("A run that stops between recording and filing is finished by the next, counted once")
  func crashBetweenRecordingAndMoving() throws {
    try addChannel()
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example"))
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "hannah@kpi.example", partstat: "DECLINED"))
    // Filing one message at a time: the first one's filing is where the run stops.
    var oneByOne = fetch
    oneByOne.filingBatch = 1
    mailbox.failFiling(after: 0)
    #expect(throws: MemoryMailbox.Failure.connectionLost) { try oneByOne.run() }
    // The first reply was recorded; its mail is still unread in the inbox.
    #expect(try answer("wulan@kemensos.example") == .accepted)
    #expect(mailbox.inbox.count == 2)
    mailbox.failFiling(after: nil)
    let second = try oneByOne.run()
    #expect(second.refiled == 1)
    #expect(second.entries.map(\.status) == [.answered])
    #expect(mailbox.inbox.isEmpty)
    #expect(mailbox.messages(in: folders.done).count == 2)
    let all = try fixture.store.inboxEntries(statuses: [], includeDismissed: true, limit: 10)
    #expect(all.count == 2)
    // One event per changed answer, not one per run.
    #expect(try events() == 2)
    #expect(try answer("hannah@kpi.example") == .declined)
  }

  @Test("In batches, a run that stops while filing leaves every recorded message to the next")
  func crashWhileFilingABatch() throws {
    for address in ["wulan@kemensos.example", "hannah@kpi.example"] {
      mailbox.deliver(ReplyMail.reply(uid: uid, attendee: address))
    }
    mailbox.deliver(ReplyMail.plain())
    mailbox.failFiling(after: 0)
    #expect(throws: MemoryMailbox.Failure.connectionLost) { try fetch.run() }
    #expect(try answer("wulan@kemensos.example") == .accepted)
    #expect(try answer("hannah@kpi.example") == .accepted)
    mailbox.failFiling(after: nil)
    let second = try fetch.run()
    #expect(second.refiled == 2 && second.leftAlone == 1 && second.entries.isEmpty)
    #expect(mailbox.messages(in: folders.done).count == 2)
    #expect(mailbox.inbox.count == 1)
  }

  @Test("Details kept through a run say what the store holds after each answer")
  func keptDetailsFollowTheAnswers() throws {
    let wulan = try #require(
      fixture.details.attendees.first { $0.contact.name == "Wulan Sari" }?.contact.id)
    let day = fixture.details.meeting.start
    let whole = fixture.details.answered(by: wulan, .accepted, occurrence: nil)
    #expect(whole.attendees.first { $0.contact.id == wulan }?.attendee.participation == .accepted)
    let once = whole.answered(by: wulan, .declined, occurrence: day)
      .answered(by: wulan, .tentative, occurrence: day)
    #expect(once.replies.map(\.participation) == [.tentative])
    #expect(once.attendees.first { $0.contact.id == wulan }?.attendee.participation == .accepted)
    // As the store would give them.
    _ = try fixture.scheduler.reply(
      meeting: fixture.details.meeting.id, contact: wulan, participation: .accepted,
      occurrence: nil)
    let stored = try fixture.scheduler.details(of: fixture.details.meeting.id.description)
    #expect(stored.attendees == whole.attendees)
  }

  @Test("Someone who declined by mail gets no reminder")
  func declinedByMailIsNotReminded() throws {
    mailbox.deliver(
      ReplyMail.reply(
        uid: uid, attendee: "hannah@kpi.example", partstat: "DECLINED", comment: "Sedang cuti."))
    let report = try fetch.run()
    #expect(report.entries.first?.items.first?.comment == "Sedang cuti.")
    // The day before the plenary, its 1-day reminder is due.
    let dayBefore = fixture.details.meeting.start.addingTimeInterval(-86_400 + 60)
    let reminders = Reminders(
      scheduler: fixture.scheduler, composer: fixture.composer,
      outbox: Outbox(
        store: fixture.store, transport: fixture.transport, clock: FixedClock(dayBefore),
        random: { 1 }))
    _ = try reminders.sendDue(at: dayBefore)
    let reminded = fixture.transport.delivered.map(\.destination.description)
    #expect(reminded.contains { $0.contains("wulan@kemensos.example") })
    #expect(!reminded.contains { $0.contains("hannah@kpi.example") })
  }

  @Test("A COUNTER is kept for the secretary and never changes the meeting")
  func counterProposal() throws {
    mailbox.deliver(
      ReplyMail.reply(
        uid: uid, attendee: "hannah@kpi.example", partstat: "TENTATIVE",
        comment: "Bisa hari Selasa?", method: "COUNTER"))
    let report = try fetch.run()
    let entry = try #require(report.entries.first)
    #expect(entry.status == .counter)
    #expect(entry.filedIn == folders.done)
    let item = try #require(entry.items.first)
    #expect(item.outcome == .proposal)
    #expect(item.comment == "Bisa hari Selasa?")
    #expect(item.proposedLocation == "Ruang 2")
    #expect(item.proposedStart == (try DateTimeText.parse("2026-12-08T03:00Z", in: .gmt)))
    let meeting = try fixture.scheduler.details(of: fixture.details.meeting.id.description)
    #expect(meeting.meeting.start == fixture.details.meeting.start)
    #expect(try answer("hannah@kpi.example") == .needsAction)
  }

  @Test("A reply to an older version is kept and listed, not applied; one without SEQUENCE counts")
  func staleSequence() throws {
    _ = try fixture.scheduler.edit(
      fixture.details.meeting.id.description, MeetingEdit(title: "Rapat Pleno (diubah)"))
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example", sequence: 0))
    // A client that leaves SEQUENCE out cannot be told to be late: its answer counts.
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "hannah@kpi.example", sequence: nil))
    let report = try fetch.run()
    #expect(report.entries.map(\.status) == [.stale, .answered])
    #expect(report.entries.first?.items.first?.outcome == .stale)
    #expect(report.entries.first?.items.first?.currentSequence == 1)
    #expect(report.entries.first?.problem?.contains("now at version 1") == true)
    #expect(report.entries.first?.status.needsAttention == true)
    #expect(try answer("wulan@kemensos.example") == .needsAction)
    #expect(try answer("hannah@kpi.example") == .accepted)
  }

  @Test("One mail answers for its sender only, not for others it names")
  func answersOnlyForTheSender() throws {
    mailbox.deliver(
      ReplyMail.reply(
        uid: uid, attendee: "wulan@kemensos.example", partstat: "DECLINED",
        extraAttendees: ["hannah@kpi.example"]))
    // From an address pokja does not know, an event naming two attendees is nobody's.
    mailbox.deliver(
      ReplyMail.reply(
        uid: uid, attendee: "wulan@kemensos.example", from: "someone@elsewhere.example",
        extraAttendees: ["hannah@kpi.example"]))
    let report = try fetch.run()
    #expect(report.entries.map(\.status) == [.unmatched, .unmatched])
    #expect(report.entries[0].items.map(\.outcome) == [.recorded, .notAnAttendee])
    #expect(report.entries[1].items.map(\.outcome) == [.notAnAttendee, .notAnAttendee])
    #expect(try answer("wulan@kemensos.example") == .declined)
    #expect(try answer("hannah@kpi.example") == .needsAction)
  }

  @Test("A reply about a meeting pokja did not send is left unread for a person")
  func someoneElsesMeeting() throws {
    var reading = fetch
    reading.uidDomain = "pokja.local"
    let outlook = mailbox.deliver(
      ReplyMail.reply(
        uid: "040000008200E00074C5B7101A82E008@outlook.example", attendee: "a@b.example"))
    let ours = mailbox.deliver(
      ReplyMail.reply(uid: "dihapus@pokja.local", attendee: "wulan@kemensos.example"))
    let report = try reading.run()
    #expect(report.entries.map(\.status) == [.ignored, .unmatched])
    #expect(mailbox.inbox[outlook]?.isRead == false)
    #expect(mailbox.inbox[ours] == nil)
  }

  @Test("A message marked read but not moved by a stopped run is filed by the next")
  func readButNotMoved() throws {
    let message = mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example"))
    mailbox.failFiling(after: 0)
    #expect(throws: MemoryMailbox.Failure.connectionLost) { try fetch.run() }
    // The server took the \Seen flag, then the connection broke before the MOVE.
    mailbox.markRead(message)
    mailbox.failFiling(after: nil)
    let second = try fetch.run()
    #expect(second.unread == 0 && second.refiled == 1)
    #expect(mailbox.inbox.isEmpty)
    #expect(mailbox.messages(in: folders.done).count == 1)
    let entry = try #require(
      try fixture.store.inboxEntries(statuses: [], includeDismissed: true, limit: 5).first)
    #expect(entry.filedIn == folders.done)
  }

  @Test("After a UIDVALIDITY change the same messages are recognised by Message-ID")
  func uidValidityChange() throws {
    mailbox.deliver(ReplyMail.plain())
    mailbox.deliver(ReplyMail.reply(uid: uid, attendee: "wulan@kemensos.example", partstat: "X"))
    _ = try fetch.run()
    mailbox.renumber()
    let report = try fetch.run()
    // Ordinary and malformed mail is read again under the new UIDs, and still left alone.
    #expect(report.entries.map(\.status) == [.ignored, .malformed])
    #expect(mailbox.inbox.values.allSatisfy { !$0.isRead })
  }

  @Test("Nothing in a mail reaches another meeting or a contact's details")
  func hostileMail() throws {
    let other = try fixture.scheduler.schedule(
      MeetingRequest(
        title: "Rapat lain", start: "2026-12-09T10:00", duration: "1h",
        attendees: ["wulan@kemensos.example"])
    ).details
    // Wulan's reply to the first meeting names the other meeting's ID and a second event with
    // the other's UID but another person's address.
    let sneaky = ReplyMail.reply(
      uid: uid, attendee: "wulan@kemensos.example", partstat: "DECLINED",
      from: "wulan@kemensos.example",
      extraEvent: [
        "BEGIN:VEVENT", "UID:\(other.meeting.id)", "DTSTAMP:20261201T010000Z",
        "ATTENDEE;PARTSTAT=DECLINED:mailto:hannah@kpi.example", "END:VEVENT",
      ].joined(separator: "\r\n"))
    mailbox.deliver(sneaky)
    let report = try fetch.run()
    #expect(report.entries.first?.status == .unmatched)
    let after = try fixture.scheduler.details(of: other.meeting.id.description)
    #expect(after.attendees.allSatisfy { $0.attendee.participation == .needsAction })
    let contact = try #require(
      try fixture.store.contact(havingEmail: EmailAddress("wulan@kemensos.example")!))
    #expect(contact.name == "Wulan Sari")
  }
}
