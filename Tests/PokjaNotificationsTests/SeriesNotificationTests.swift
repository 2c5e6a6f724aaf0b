import Foundation
import PokjaCore
import PokjaDirectory
import PokjaICalendar
import PokjaNotifications
import PokjaPersistence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// A store with a weekly series (Mondays 7–28 December 2026, 10:00–12:00 WIB, reminders a day
/// before) for an Indonesian and an English attendee; a composer, an outbox delivering to a
/// `RecordingTransport`, and a clock the test moves.
struct SeriesNotificationFixture {
  static let jakarta = Zones.jakarta
  let store: any PokjaStore
  let clock: ManualClock
  let scheduler: MeetingScheduler
  let composer: MessageComposer
  let transport: RecordingTransport
  let outbox: Outbox
  let wulan: Contact
  let hannah: Contact
  let meeting: Meeting
  let organiser = Organiser(
    name: "Sekretariat Pokja", email: EmailAddress("sekretariat@pokja.example")!)

  init(reminders: [String] = ["1d"], exdates: [String] = []) throws {
    store = try StoreKind.underTest.freshStore()
    clock = ManualClock(try DateTimeText.parse("2026-11-30T08:00", in: Self.jakarta))
    let directory = Directory(store: store)
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    wulan = try directory.addContact(
      name: "Wulan Sari", organisation: "Kemensos", email: "wulan@kemensos.example")
    hannah = try directory.addContact(
      name: "Hannah de Vries", email: "hannah@kpi.example", language: "en")
    scheduler = MeetingScheduler(
      store: store, contacts: store, clock: clock, defaultTimeZone: Self.jakarta)
    _ = try scheduler.addRoom(name: "Ruang Rapat Lt 7", location: "Gedung Kemensos, lantai 7")
    meeting = try scheduler.schedule(
      MeetingRequest(
        title: "Rapat mingguan Pokja", start: "2026-12-07T10:00", duration: "2h",
        room: "Ruang Rapat Lt 7", attendees: ["wulan@kemensos.example", "hannah@kpi.example"],
        reminders: reminders, every: "setiap senin", count: 4, exdates: exdates)
    ).meeting
    composer = MessageComposer(organiser: organiser, clock: clock)
    transport = RecordingTransport()
    outbox = Outbox(store: store, transport: transport, clock: clock)
  }

  var id: String { "\(meeting.id)" }

  var reminders: Reminders {
    Reminders(scheduler: scheduler, composer: composer, outbox: outbox)
  }

  var notices: ChangeNotices { ChangeNotices(composer: composer, outbox: outbox) }

  func at(_ text: String) throws -> Date { try DateTimeText.parse(text, in: Self.jakarta) }

  /// Moves the clock to local `2026-12-06T10:30`.
  func set(_ text: String) throws { clock.set(try at(text)) }

  /// Sends the reminders due now; returns who got one for which occurrence, as
  /// `wulan@kemensos.example 2026-12-07T10:00`, sorted.
  func remind() throws -> [String] {
    transport.reset()
    _ = try reminders.sendDue(at: clock.now())
    return try transport.delivered.map { message in
      let mail = message.destination.description
      let draft = try #require(message.dedupeKey.split(separator: ":").last)
      let start = Date(timeIntervalSince1970: try #require(Double(draft)))
      return "\(mail) \(LocalTime.iso(start, in: Self.jakarta))"
    }.sorted()
  }
}

/// The text/calendar part of a rendered message, parsed by Pokja's own parser.
func calendarPart(_ content: String) throws -> (ICalendarComponent, String) {
  let mail = try PythonTool.parseMail(Data(content.utf8))
  let text = try #require(mail.texts.first { $0.contentType == "text/calendar" }?.text)
  let calendar = try #require(try ICalendarParser.parse(text).first)
  return (calendar, text)
}

/// The VEVENTs of `calendar`.
func events(_ calendar: ICalendarComponent) -> [ICalendarComponent] {
  calendar.components.filter { $0.name == "VEVENT" }
}

@Suite struct SeriesNotificationTests {
  let jakarta = SeriesNotificationFixture.jakarta

  // MARK: - Invitations and changes

  @Test func aSeriesInvitationCarriesItsRuleExdatesAndChangedOccurrences() throws {
    let fixture = try SeriesNotificationFixture(exdates: ["2026-12-21"])
    _ = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(start: "14:00", occurrence: "2026-12-14"))
    let details = try fixture.scheduler.details(of: fixture.id)
    let wulan = try #require(details.attendees.first)
    let draft = try fixture.composer.invitation(details, to: wulan)
    #expect(draft.kind == .invitation)
    #expect(draft.occurrence == nil)
    #expect(draft.dedupeKey == "invitation:\(fixture.meeting.id):\(fixture.wulan.id):1")

    // Python's email and icalendar read the message.
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(mail.subject == "Undangan: Rapat mingguan Pokja — Senin, 7 Desember 2026")
    #expect(mail.parts.last?.params["method"] == "REQUEST")
    #expect(mail.textPlain?.contains("Berulang  : setiap Senin, 4 kali") == true)
    let python = try #require(mail.calendar)
    #expect(python.method == "REQUEST")
    #expect(python.eventCount == 2)
    #expect(python.uid == fixture.meeting.uid)
    #expect(python.sequence == 1)
    #expect(python.dtstartUTC == "2026-12-07T03:00:00Z")
    #expect(python.tzids == ["Asia/Jakarta"])

    // Pokja's parser: the master with RRULE and EXDATE, then the moved occurrence.
    let (calendar, text) = try calendarPart(draft.content)
    let vevents = events(calendar)
    #expect(vevents.count == 2)
    let master = vevents[0]
    #expect(master.property("RECURRENCE-ID") == nil)
    #expect(master.property("RRULE")?.value == "FREQ=WEEKLY;COUNT=4;BYDAY=MO")
    let exdates = master.properties(named: "EXDATE")
    #expect(exdates.map(\.value) == ["20261221T100000"])
    #expect(exdates.first?.parameter("TZID") == "Asia/Jakarta")
    #expect(master.property("SEQUENCE")?.value == "1")
    let moved = vevents[1]
    #expect(moved.property("UID")?.value == fixture.meeting.uid)
    #expect(moved.property("RECURRENCE-ID")?.value == "20261214T100000")
    #expect(moved.property("RECURRENCE-ID")?.parameter("TZID") == "Asia/Jakarta")
    #expect(moved.property("DTSTART")?.value == "20261214T140000")
    #expect(moved.property("DTEND")?.value == "20261214T160000")
    #expect(moved.property("SEQUENCE")?.value == "1")
    #expect(moved.property("RRULE") == nil)
    #expect(moved.properties(named: "ATTENDEE").count == 2)

    // A calendar expanding the series (python icalendar + recurring-ical-events) sees three
    // meetings: the cancelled one gone, the moved one at its new time.
    let path = try PythonTool.temporaryFile(text, suffix: ".ics")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let expanded = try PythonTool.json(
      inline: """
        import datetime, json, sys
        import icalendar, recurring_ical_events
        calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
        found = recurring_ical_events.of(calendar).between(
            datetime.date(2026, 1, 1), datetime.date(2028, 1, 1))
        utc = datetime.timezone.utc
        print(json.dumps({"starts": sorted(
            e["DTSTART"].dt.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ") for e in found)}))
        """, arguments: [path])
    #expect(
      expanded["starts"] as? [String] == [
        "2026-12-07T03:00:00Z", "2026-12-14T07:00:00Z", "2026-12-28T03:00:00Z",
      ])
  }

  @Test func anOccurrenceChangeIsARequestForThatOccurrence() throws {
    let fixture = try SeriesNotificationFixture()
    let original = try fixture.at("2026-12-14T10:00")
    let change = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(start: "14:00", occurrence: "2026-12-14"))
    let drafts = try fixture.notices.drafts(for: change)
    #expect(
      drafts.map(\.destination.description) == ["wulan@kemensos.example", "hannah@kpi.example"])
    #expect(drafts.allSatisfy { $0.kind == .update && $0.occurrence == original })
    let wulanDraft = drafts[0]
    #expect(
      wulanDraft.dedupeKey
        == "invitation:\(Int(original.timeIntervalSince1970)):\(fixture.meeting.id):\(fixture.wulan.id):1"
    )

    let (calendar, _) = try calendarPart(wulanDraft.content)
    #expect(calendar.property("METHOD")?.value == "REQUEST")
    let vevents = events(calendar)
    #expect(vevents.count == 1)
    let event = try #require(vevents.first)
    #expect(event.property("UID")?.value == fixture.meeting.uid)
    #expect(event.property("RECURRENCE-ID")?.value == "20261214T100000")
    #expect(event.property("DTSTART")?.value == "20261214T140000")
    // SEQUENCE is one more than the invitation's.
    #expect(event.property("SEQUENCE")?.value == "1")
    #expect(event.property("RRULE") == nil)
    #expect(event.property("STATUS")?.value == "CONFIRMED")

    let mail = try PythonTool.parseMail(Data(wulanDraft.content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(mail.subject == "Perubahan: Rapat mingguan Pokja — Senin, 14 Desember 2026")
    #expect(mail.calendar?.method == "REQUEST")
    #expect(mail.calendar?.sequence == 1)
    #expect(mail.calendar?.dtstartUTC == "2026-12-14T07:00:00Z")
    let text = try #require(mail.textPlain)
    #expect(text.contains("perubahan untuk pertemuan tanggal Senin, 14 Desember 2026"))
    #expect(text.contains("14.00–16.00 WIB"))
    // About one occurrence: not how the series repeats.
    #expect(!text.contains("Berulang"))
    let english = try PythonTool.parseMail(Data(drafts[1].content.utf8))
    #expect(english.subject == "Updated: Rapat mingguan Pokja — Monday, 14 December 2026")
    #expect(
      english.textPlain?.contains("a change to the meeting on Monday, 14 December 2026") == true)

    // Sent through the outbox: each attendee gets it once, even when sent again.
    let report = try fixture.notices.send(change)
    #expect(report.queued == 2)
    #expect(fixture.transport.delivered.count == 2)
    #expect(try fixture.notices.send(change).queued == 0)
    #expect(fixture.transport.delivered.count == 2)
  }

  @Test func cancellingOneOccurrenceIsACancelForThatOccurrence() throws {
    let fixture = try SeriesNotificationFixture()
    let change = try fixture.scheduler.cancel(fixture.id, occurrence: "2026-12-21")
    let drafts = try fixture.notices.drafts(for: change)
    #expect(drafts.count == 2)
    #expect(drafts.allSatisfy { $0.kind == .cancellation })
    let (calendar, _) = try calendarPart(drafts[0].content)
    #expect(calendar.property("METHOD")?.value == "CANCEL")
    let vevents = events(calendar)
    #expect(vevents.count == 1)
    let event = try #require(vevents.first)
    #expect(event.property("RECURRENCE-ID")?.value == "20261221T100000")
    #expect(event.property("DTSTART")?.value == "20261221T100000")
    #expect(event.property("STATUS")?.value == "CANCELLED")
    #expect(event.property("SEQUENCE")?.value == "1")
    #expect(event.property("RRULE") == nil)
    #expect(event.properties(named: "ATTENDEE").allSatisfy { $0.parameter("RSVP") == "FALSE" })

    let mail = try PythonTool.parseMail(Data(drafts[0].content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(mail.subject == "Dibatalkan: Rapat mingguan Pokja — Senin, 21 Desember 2026")
    #expect(mail.parts.last?.params["method"] == "CANCEL")
    #expect(mail.calendar?.status == "CANCELLED")
    #expect(mail.textPlain?.contains("pertemuan tanggal Senin, 21 Desember 2026 dari") == true)

    // The series' next invitation leaves that occurrence out (EXDATE) at the new SEQUENCE.
    let details = try fixture.scheduler.details(of: fixture.id)
    let invitation = try fixture.composer.invitation(details, to: details.attendees[0])
    let master = try #require(events(try calendarPart(invitation.content).0).first)
    #expect(master.properties(named: "EXDATE").map(\.value) == ["20261221T100000"])
    #expect(master.property("SEQUENCE")?.value == "1")
  }

  @Test func cancellingTheSeriesIsOneCancelForTheWholeSeries() throws {
    let fixture = try SeriesNotificationFixture()
    let change = try fixture.scheduler.cancel(fixture.id)
    let drafts = try fixture.notices.drafts(for: change)
    #expect(drafts.count == 2)
    let (calendar, _) = try calendarPart(drafts[0].content)
    #expect(calendar.property("METHOD")?.value == "CANCEL")
    let vevents = events(calendar)
    #expect(vevents.count == 1)
    #expect(vevents.first?.property("RECURRENCE-ID") == nil)
    #expect(vevents.first?.property("RRULE")?.value == "FREQ=WEEKLY;COUNT=4;BYDAY=MO")
    #expect(vevents.first?.property("STATUS")?.value == "CANCELLED")
    #expect(drafts.allSatisfy { $0.occurrence == nil })
  }

  @Test func aRemovedAttendeesCancelListsOnlyThem() throws {
    let fixture = try SeriesNotificationFixture()
    let change = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(removeAttendees: ["hannah@kpi.example"]))
    let drafts = try fixture.notices.drafts(for: change)
    #expect(drafts.map(\.destination.description) == ["hannah@kpi.example"])
    let draft = try #require(drafts.first)
    #expect(draft.kind == .cancellation)
    let (calendar, _) = try calendarPart(draft.content)
    #expect(calendar.property("METHOD")?.value == "CANCEL")
    let event = try #require(events(calendar).first)
    #expect(event.properties(named: "ATTENDEE").map(\.value) == ["mailto:hannah@kpi.example"])
    #expect(event.property("STATUS")?.value == "CANCELLED")
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(mail.calendar?.attendees.map(\.address) == ["mailto:hannah@kpi.example"])
    #expect(mail.textPlain?.contains("is cancelled for you") == true)
    // Wulan, still invited, gets nothing.
    #expect(!drafts.contains { $0.destination.description == "wulan@kemensos.example" })
  }

  // MARK: - Reminders

  @Test func remindersAreSentPerOccurrenceAndOnlyOnce() throws {
    let fixture = try SeriesNotificationFixture()
    // A day before the first Monday.
    try fixture.set("2026-12-06T10:30")
    #expect(
      try fixture.remind() == [
        "hannah@kpi.example 2026-12-07T10:00", "wulan@kemensos.example 2026-12-07T10:00",
      ])
    #expect(try fixture.remind().isEmpty)
    // A week on: the next occurrence, not the first again.
    try fixture.set("2026-12-13T10:30")
    #expect(
      try fixture.remind() == [
        "hannah@kpi.example 2026-12-14T10:00", "wulan@kemensos.example 2026-12-14T10:00",
      ])
    let reminder = try #require(fixture.transport.delivered.first)
    let mail = try PythonTool.parseMail(Data(reminder.content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(mail.contentTypes == ["multipart/alternative", "text/plain", "text/html"])
    let subjects = Set(
      try fixture.transport.delivered.map {
        try PythonTool.parseMail(Data($0.content.utf8)).subject
      })
    #expect(
      subjects == [
        "Pengingat: Rapat mingguan Pokja — Senin, 14 Desember 2026, 10.00 WIB",
        "Reminder: Rapat mingguan Pokja — Monday, 14 December 2026, 10:00 WIB",
      ])
    // A reminder is about that occurrence, keyed by it and its start.
    let start = Int(try fixture.at("2026-12-14T10:00").timeIntervalSince1970)
    #expect(
      fixture.transport.delivered.map(\.dedupeKey).sorted()
        == [
          "reminder:1d:\(fixture.meeting.id):\(fixture.wulan.id):\(start):\(start)",
          "reminder:1d:\(fixture.meeting.id):\(fixture.hannah.id):\(start):\(start)",
        ].sorted())
  }

  @Test func anUnrelatedChangeDoesNotSendRemindersAgainButMovingTheOccurrenceDoes() throws {
    let fixture = try SeriesNotificationFixture()
    try fixture.set("2026-12-13T10:30")
    #expect(try fixture.remind().count == 2)
    // A new title bumps SEQUENCE; another occurrence moves. The 14th's reminders stand.
    _ = try fixture.scheduler.edit(fixture.id, MeetingEdit(title: "Rapat mingguan Pokja (baru)"))
    _ = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(start: "15:00", occurrence: "2026-12-21"))
    #expect(try fixture.remind().isEmpty)
    // Moving the 14th itself (its reminder due at once): everyone is reminded of the new time.
    _ = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(start: "09:00", occurrence: "2026-12-14"))
    let again = try fixture.remind()
    #expect(
      again == ["hannah@kpi.example 2026-12-14T09:00", "wulan@kemensos.example 2026-12-14T09:00"])
    let moved = try #require(
      fixture.transport.delivered.first { $0.destination.description == "wulan@kemensos.example" })
    let mail = try PythonTool.parseMail(Data(moved.content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(mail.textPlain?.contains("09.00–11.00 WIB") == true)
    #expect(
      mail.subject
        == "Pengingat: Rapat mingguan Pokja (baru) — Senin, 14 Desember 2026, 09.00 WIB")
    #expect(try fixture.remind().isEmpty)
  }

  @Test func noReminderForACancelledOccurrenceOrSomeoneWhoDeclined() throws {
    let fixture = try SeriesNotificationFixture()
    _ = try fixture.scheduler.cancel(fixture.id, occurrence: "2026-12-21")
    _ = try fixture.scheduler.reply(
      meeting: fixture.id, contact: "wulan@kemensos.example", answer: "ditolak",
      occurrence: "2026-12-28")
    try fixture.set("2026-12-20T10:30")
    #expect(try fixture.remind().isEmpty)
    try fixture.set("2026-12-27T10:30")
    #expect(try fixture.remind() == ["hannah@kpi.example 2026-12-28T10:00"])
    // Declining the whole series stops every reminder for her.
    let second = try SeriesNotificationFixture()
    _ = try second.scheduler.reply(
      meeting: second.id, contact: "hannah@kpi.example", answer: "declined")
    try second.set("2026-12-06T10:30")
    #expect(try second.remind() == ["wulan@kemensos.example 2026-12-07T10:00"])
  }

  @Test func theReminderNearestTheStartIsSent() throws {
    let fixture = try SeriesNotificationFixture(reminders: ["1d", "2h"])
    // The day before: the 1d reminder.
    try fixture.set("2026-12-06T10:30")
    _ = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(fixture.transport.delivered.allSatisfy { $0.dedupeKey.hasPrefix("reminder:1d:") })
    #expect(fixture.transport.delivered.count == 2)
    fixture.transport.reset()
    // Two hours before: the 2h one, not the 1d again.
    try fixture.set("2026-12-07T08:30")
    _ = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(fixture.transport.delivered.count == 2)
    #expect(fixture.transport.delivered.allSatisfy { $0.dedupeKey.hasPrefix("reminder:2h:") })
  }

  @Test func queuedRemindersAreWithdrawnWhenTheirOccurrenceIsCancelledOrMoved() throws {
    let fixture = try SeriesNotificationFixture()
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "421 try later"))
    try fixture.set("2026-12-13T10:30")
    _ = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(try fixture.outbox.messages(state: .queued).count == 2)

    // Moving another occurrence leaves them queued.
    let other = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(start: "15:00", occurrence: "2026-12-21"))
    #expect(other.withdrawn == 0)
    #expect(try fixture.outbox.messages(state: .queued).count == 2)

    // Cancelling their occurrence withdraws them.
    let change = try fixture.scheduler.cancel(fixture.id, occurrence: "2026-12-14")
    #expect(change.withdrawn == 2)
    #expect(try fixture.outbox.messages(state: .queued).isEmpty)
    let withdrawn = try fixture.outbox.messages(state: .cancelled)
    #expect(withdrawn.count == 2)
    #expect(withdrawn.allSatisfy { $0.kind == .reminder })
    // Delivery no longer tries them.
    fixture.transport.fail(with: nil)
    fixture.transport.reset()
    _ = try fixture.outbox.deliverDue()
    #expect(fixture.transport.attempted.isEmpty)
  }

  @Test func aWithdrawnReminderIsSentWhenItIsDueAgain() throws {
    let fixture = try SeriesNotificationFixture()
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "421 try later"))
    try fixture.set("2026-12-13T10:30")
    _ = try fixture.reminders.sendDue(at: fixture.clock.now())
    // The series now lasts three hours: the queued reminders (saying 10.00–12.00) are withdrawn.
    let change = try fixture.scheduler.edit(fixture.id, MeetingEdit(duration: "3h"))
    #expect(change.withdrawn == 2)
    fixture.transport.fail(with: nil)
    // The reminder for the 14th is still due, with the new times, and must reach everyone.
    let sent = try fixture.remind()
    #expect(
      sent == ["hannah@kpi.example 2026-12-14T10:00", "wulan@kemensos.example 2026-12-14T10:00"])
    let wulan = try #require(
      fixture.transport.delivered.first { $0.destination.description == "wulan@kemensos.example" })
    let mail = try PythonTool.parseMail(Data(wulan.content.utf8))
    #expect(mail.textPlain?.contains("10.00–13.00 WIB") == true)

    // Moved away and back before delivery: the same.
    let second = try SeriesNotificationFixture()
    second.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "421 try later"))
    try second.set("2026-12-13T10:30")
    _ = try second.reminders.sendDue(at: second.clock.now())
    _ = try second.scheduler.edit(second.id, MeetingEdit(start: "15:00", occurrence: "2026-12-14"))
    _ = try second.scheduler.edit(second.id, MeetingEdit(start: "10:00", occurrence: "2026-12-14"))
    second.transport.fail(with: nil)
    #expect(try second.remind().count == 2)
  }

  @Test func cancellingTheSeriesWithdrawsEverythingQueued() throws {
    let fixture = try SeriesNotificationFixture()
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "421 try later"))
    _ = try Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: fixture.outbox
    )
    .send(meeting: fixture.id)
    try fixture.set("2026-12-06T10:30")
    _ = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(try fixture.outbox.messages(state: .queued).count == 4)
    let change = try fixture.scheduler.cancel(fixture.id)
    #expect(change.withdrawn == 4)
    #expect(try fixture.outbox.messages(state: .cancelled).count == 4)
    // The CANCEL itself is queued and sent.
    fixture.transport.fail(with: nil)
    let report = try fixture.notices.send(change)
    #expect(report.queued == 2)
    #expect(fixture.transport.delivered.map(\.kind) == [.cancellation, .cancellation])
  }

  // MARK: - Repetition in words

  private func describe(
    _ rule: String?, start: String = "2026-12-07T10:00", rdates: [Date] = [],
    language: Language
  ) throws -> String? {
    let begin = try DateTimeText.parse(start, in: jakarta)
    let meeting = Meeting(
      id: MeetingID(1), uid: "x@test", title: "Rapat", start: begin,
      end: begin.addingTimeInterval(3_600), timeZone: jakarta, createdAt: begin,
      recurrence: rule == nil && rdates.isEmpty
        ? nil : MeetingRecurrence(rule: rule, rdates: rdates))
    return RepetitionText.describe(meeting, language: language)
  }

  @Test(
    arguments: [
      (
        "FREQ=MONTHLY;BYDAY=1MO", "Senin pertama setiap bulan", "on the first Monday of every month"
      ),
      (
        "FREQ=MONTHLY;COUNT=12;BYDAY=1MO", "Senin pertama setiap bulan, 12 kali",
        "on the first Monday of every month, 12 times"
      ),
      (
        "FREQ=MONTHLY;BYDAY=-1FR", "Jumat terakhir setiap bulan",
        "on the last Friday of every month"
      ),
      (
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE", "Rabu kedua setiap 2 bulan",
        "on the second Wednesday of every 2 months"
      ),
      ("FREQ=WEEKLY;BYDAY=MO", "setiap Senin", "every Monday"),
      ("FREQ=WEEKLY;BYDAY=MO,TH", "setiap Senin dan Kamis", "every Monday and Thursday"),
      (
        "FREQ=WEEKLY;BYDAY=MO,WE,FR", "setiap Senin, Rabu dan Jumat",
        "every Monday, Wednesday and Friday"
      ),
      ("FREQ=WEEKLY;BYDAY=SU", "setiap Minggu", "every Sunday"),
      ("FREQ=WEEKLY", "setiap minggu", "every week"),
      ("FREQ=WEEKLY;INTERVAL=2", "setiap 2 minggu", "every 2 weeks"),
      ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "setiap 2 minggu, Selasa", "every 2 weeks on Tuesday"),
      ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "setiap hari kerja", "every weekday"),
      ("FREQ=DAILY", "setiap hari", "every day"),
      ("FREQ=DAILY;INTERVAL=3", "setiap 3 hari", "every 3 days"),
      ("FREQ=MONTHLY", "setiap bulan", "every month"),
      ("FREQ=MONTHLY;INTERVAL=3", "setiap 3 bulan", "every 3 months"),
      ("FREQ=MONTHLY;BYMONTHDAY=15", "setiap tanggal 15, setiap bulan", "on day 15 of every month"),
      (
        "FREQ=MONTHLY;BYMONTHDAY=-1", "hari terakhir setiap bulan", "on the last day of every month"
      ),
      ("FREQ=YEARLY", "setiap tahun", "every year"),
      ("FREQ=YEARLY;INTERVAL=2", "setiap 2 tahun", "every 2 years"),
      ("FREQ=WEEKLY;COUNT=4;BYDAY=MO", "setiap Senin, 4 kali", "every Monday, 4 times"),
    ])
  func repetitionInWords(rule: String, indonesian: String, english: String) throws {
    #expect(try describe(rule, language: .indonesian) == indonesian)
    #expect(try describe(rule, language: .english) == english)
  }

  @Test func theEndOfASeriesIsADay() throws {
    // --until 2026-12-28: through the end of that day.
    #expect(
      try describe("FREQ=WEEKLY;UNTIL=20261228T165959Z;BYDAY=MO", language: .indonesian)
        == "setiap Senin, sampai Senin, 28 Desember 2026")
    // A split writes UNTIL a second before the next occurrence: the day before it.
    #expect(
      try describe("FREQ=WEEKLY;UNTIL=20261221T025959Z;BYDAY=MO", language: .english)
        == "every Monday, until Sunday, 20 December 2026")
  }

  @Test func rulesWithoutWordsAndSeriesWithoutRules() throws {
    #expect(
      try describe("FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17", language: .english)
        == "RRULE FREQ=YEARLY;BYMONTHDAY=17;BYMONTH=8")
    let extra = try DateTimeText.parse("2026-12-20T10:00", in: jakarta)
    #expect(try describe(nil, rdates: [extra], language: .indonesian) == "pada tanggal tertentu")
    #expect(try describe(nil, rdates: [extra], language: .english) == "on set dates")
    #expect(try describe(nil, language: .english) == nil)
  }
}

@Suite struct AttendeeChangeTests {
  /// Removed (CANCEL), then invited again: the second invitation must go out although nothing else
  /// changed and SEQUENCE is the same, or their calendar keeps showing the meeting cancelled.
  @Test func anAttendeeRemovedAndAddedAgainIsInvitedAgain() throws {
    let fixture = try SeriesNotificationFixture()
    let invitations = Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: fixture.outbox)
    _ = try invitations.send(meeting: fixture.id)
    #expect(fixture.transport.delivered.count == 2)

    // Only Hannah hears of her removal; Wulan's copy stays as it is.
    fixture.transport.reset()
    _ = try fixture.notices.send(
      fixture.scheduler.edit(fixture.id, MeetingEdit(removeAttendees: ["hannah@kpi.example"])))
    #expect(
      fixture.transport.delivered.map { "\($0.kind.rawValue) \($0.destination.description)" }
        == ["cancellation hannah@kpi.example"])

    fixture.transport.reset()
    let again = try fixture.scheduler.edit(
      fixture.id, MeetingEdit(addAttendees: ["hannah@kpi.example"]))
    _ = try fixture.notices.send(again)
    #expect(fixture.transport.delivered.map(\.destination.description) == ["hannah@kpi.example"])
    #expect(fixture.transport.delivered.first?.kind == .invitation)
    // Everyone has the current version: sending the invitations again sends nothing.
    fixture.transport.reset()
    _ = try invitations.send(meeting: fixture.id)
    #expect(fixture.transport.delivered.isEmpty)
  }
}

@Suite struct OccurrenceNoticeVersionTests {
  /// Those who got the REQUEST or CANCEL for one occurrence have the new version of the series: a
  /// later `invite` (or `meeting upcoming --invite`) does not send them the whole series again.
  @Test func anOccurrenceNoticeCountsAsTheNewVersion() throws {
    let fixture = try SeriesNotificationFixture()
    let invitations = Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: fixture.outbox)
    _ = try invitations.send(meeting: fixture.id)
    _ = try fixture.notices.send(
      fixture.scheduler.edit(fixture.id, MeetingEdit(start: "13:00", occurrence: "2026-12-14")))
    _ = try fixture.notices.send(fixture.scheduler.cancel(fixture.id, occurrence: "2026-12-21"))
    fixture.transport.reset()
    _ = try invitations.send(meeting: fixture.id)
    #expect(fixture.transport.delivered.isEmpty)
  }
}

@Suite struct MissedReminderTests {
  /// Pokja was down from before the reminder of 7 December until after the meeting began: the
  /// reminder is not sent late, it is said once (and kept as withdrawn), and later occurrences are
  /// reminded as usual.
  @Test func aReminderMissedWhileDownIsSkippedAndSaidOnce() throws {
    let fixture = try SeriesNotificationFixture()
    try fixture.set("2026-12-07T10:30")
    let report = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(fixture.transport.delivered.isEmpty)
    #expect(report.skippedReminders.count == 1)
    #expect(report.skippedReminders.first?.recipients == 2)
    #expect(report.skippedReminders.first.map { iso($0.meeting.start) } == "2026-12-07T10:00")
    let withdrawn = try fixture.outbox.messages(state: .cancelled)
    #expect(withdrawn.count == 2)
    #expect(withdrawn.allSatisfy { $0.lastError?.contains("had started") == true })
    // Said once: the next run has nothing to say about it.
    #expect(try fixture.reminders.sendDue(at: fixture.clock.now()).skippedReminders.isEmpty)
    // The next occurrence's reminder goes out when due, and is not taken for a missed one.
    try fixture.set("2026-12-13T10:30")
    let next = try fixture.reminders.sendDue(at: fixture.clock.now())
    #expect(next.skippedReminders.isEmpty)
    #expect(fixture.transport.delivered.count == 2)
    try fixture.set("2026-12-14T10:30")
    #expect(try fixture.reminders.sendDue(at: fixture.clock.now()).skippedReminders.isEmpty)
  }

  private func iso(_ date: Date) -> String {
    LocalTime.iso(date, in: Zones.jakarta)
  }
}
