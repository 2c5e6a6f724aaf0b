import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// `--guest-list`: whether each message's calendar lists every attendee or only the organiser and
/// its recipient. Calendars are read with Python's `icalendar` (PythonTool.parseMail).
@Suite struct GuestListTests {
  let store: any PokjaStore
  let clock: FixedClock
  let directory: Directory
  let organiser = Organiser(
    name: "Sekretariat Pokja", email: EmailAddress("sekretariat@pokja.example")!)
  static let people = ["wulan@kemensos.example", "hannah@kpi.example", "budi@lbh.example"]

  init() throws {
    store = try StoreKind.underTest.freshStore()
    clock = FixedClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    directory = Directory(store: store)
    _ = try directory.addContact(name: "Wulan Sari", email: Self.people[0])
    _ = try directory.addContact(name: "Hannah de Vries", email: Self.people[1], language: "en")
    _ = try directory.addContact(name: "Budi Santoso", email: Self.people[2])
  }

  func scheduler(_ rule: GuestListDefault = GuestListDefault()) -> MeetingScheduler {
    var scheduler = MeetingScheduler(
      store: store, contacts: store, clock: clock,
      defaultTimeZone: Zones.jakarta)
    scheduler.defaultGuestList = rule
    return scheduler
  }

  func schedule(
    _ scheduler: MeetingScheduler, guestList: String?, attendees: [String] = Self.people,
    title: String = "Rapat Jejaring Layanan"
  ) throws -> MeetingDetails {
    try scheduler.schedule(
      MeetingRequest(
        title: title, start: "2026-12-07T10:00", duration: "2h", attendees: attendees,
        reminders: ["1d"], guestList: guestList)
    ).details
  }

  /// Every message's calendar, as Python reads it, with the raw message.
  func sent(_ transport: RecordingTransport, from index: Int = 0) throws -> [(
    to: String, mail: ParsedMail, raw: String
  )] {
    try transport.delivered.dropFirst(index).map {
      ($0.destination.description, try PythonTool.parseMail(Data($0.content.utf8)), $0.content)
    }
  }

  /// Each of `messages` lists the organiser and its own recipient alone, nobody else's address
  /// is anywhere in it, and the recipient can answer (RSVP=TRUE unless a CANCEL).
  func expectOnlyRecipient(
    _ messages: [(to: String, mail: ParsedMail, raw: String)], method: String
  ) throws {
    #expect(messages.count == Self.people.count)
    for (to, mail, raw) in messages {
      let calendar = try #require(mail.calendar)
      #expect(calendar.method == method)
      #expect(calendar.organizer?.address.lowercased() == "mailto:sekretariat@pokja.example")
      #expect(calendar.attendees.map { $0.address.lowercased() } == ["mailto:\(to)"], "\(to)")
      #expect(calendar.attendees.first?.rsvp == (method == "CANCEL" ? "FALSE" : "TRUE"))
      for other in Self.people where other != to {
        #expect(!raw.contains(other), "\(other) appears in the message to \(to)")
      }
    }
  }

  @Test func aHiddenListNamesOnlyTheOrganiserAndTheRecipientInEveryMessage() throws {
    let scheduler = scheduler()
    let details = try schedule(scheduler, guestList: "hidden")
    #expect(details.meeting.guestList == .hidden)
    #expect(details.guestList == .hidden)
    let transport = RecordingTransport()
    let composer = MessageComposer(organiser: organiser, clock: clock)
    let outbox = Outbox(store: store, transport: transport, clock: clock)
    let id = "\(details.meeting.id)"

    _ = try Invitations(scheduler: scheduler, composer: composer, outbox: outbox).send(meeting: id)
    try expectOnlyRecipient(try sent(transport), method: "REQUEST")

    // An update, a reminder and a cancellation follow the same choice.
    var count = transport.delivered.count
    let change = try scheduler.edit(id, MeetingEdit(title: "Rapat Jejaring Layanan (diubah)"))
    _ = try ChangeNotices(composer: composer, outbox: outbox).send(change)
    try expectOnlyRecipient(try sent(transport, from: count), method: "REQUEST")

    count = transport.delivered.count
    _ = try Reminders(scheduler: scheduler, composer: composer, outbox: outbox)
      .sendDue(at: try DateTimeText.parse("2026-12-06T10:30+07:00", in: .gmt))
    let reminders = try sent(transport, from: count)
    #expect(reminders.count == 3)
    for (to, _, raw) in reminders {
      for other in Self.people where other != to { #expect(!raw.contains(other)) }
    }

    count = transport.delivered.count
    _ = try ChangeNotices(composer: composer, outbox: outbox).send(try scheduler.cancel(id))
    try expectOnlyRecipient(try sent(transport, from: count), method: "CANCEL")
  }

  @Test func aVisibleListNamesEveryAttendee() throws {
    // Even where the configuration hides every list: the meeting's own choice wins.
    let scheduler = scheduler(GuestListDefault(mode: .hidden))
    let details = try schedule(scheduler, guestList: "visible")
    #expect(details.guestList == .visible)
    let transport = RecordingTransport()
    _ = try Invitations(
      scheduler: scheduler, composer: MessageComposer(organiser: organiser, clock: clock),
      outbox: Outbox(store: store, transport: transport, clock: clock)
    ).send(meeting: "\(details.meeting.id)")
    let messages = try sent(transport)
    #expect(messages.count == 3)
    for (_, mail, _) in messages {
      let listed = Set(try #require(mail.calendar).attendees.map { $0.address.lowercased() })
      #expect(listed == Set(Self.people.map { "mailto:\($0)" }))
    }
  }

  @Test func automaticHidesTheListAboveTheConfiguredSize() throws {
    let scheduler = scheduler(GuestListDefault(mode: .auto, hideAbove: 2))
    let three = try schedule(scheduler, guestList: nil)
    #expect(three.meeting.guestList == nil)
    #expect(three.guestList == .hidden)
    let two = try schedule(scheduler, guestList: "auto", attendees: Array(Self.people.prefix(2)))
    #expect(two.meeting.guestList == nil)
    #expect(two.guestList == .visible)
    // Decided at each sending: a third attendee hides it from then on.
    let grown = try scheduler.edit(
      "\(two.meeting.id)", MeetingEdit(addAttendees: [Self.people[2]]))
    #expect(grown.details.guestList == .hidden)
    // The default rule: more than 50.
    #expect(GuestListDefault().guestList(choice: nil, attendees: 50) == .visible)
    #expect(GuestListDefault().guestList(choice: nil, attendees: 51) == .hidden)
    #expect(throws: InputError.self) { try schedule(scheduler, guestList: "secret") }
  }

  @Test func changingTheGuestListWithdrawsQueuedInvitationsAndTellsNobody() throws {
    let scheduler = scheduler()
    let details = try schedule(scheduler, guestList: "visible")
    let id = "\(details.meeting.id)"
    // The server is down: the invitations wait in the queue, listing everyone.
    let down = RecordingTransport(
      failure: DeliveryFailure(.unreachable, .unreachable, "connection refused"))
    let composer = MessageComposer(organiser: organiser, clock: clock)
    _ = try Invitations(
      scheduler: scheduler, composer: composer,
      outbox: Outbox(store: store, transport: down, clock: clock)
    ).send(meeting: id)
    var edit = MeetingEdit()
    edit.guestList = "hidden"
    let change = try scheduler.edit(id, edit)
    #expect(change.notices.isEmpty)
    #expect(change.summary == ["guest list visible → hidden"])
    #expect(change.withdrawnInvitations == 3)
    #expect(change.details.guestList == .hidden)
    // The next run writes them again, with the new list.
    let transport = RecordingTransport()
    let later = FixedClock(clock.now().addingTimeInterval(3600))
    _ = try Invitations(
      scheduler: scheduler, composer: composer,
      outbox: Outbox(store: store, transport: transport, clock: later)
    ).send(meeting: id)
    try expectOnlyRecipient(try sent(transport), method: "REQUEST")
    var occurrence = MeetingEdit(occurrence: "2026-12-07")
    occurrence.guestList = "visible"
    #expect(throws: SchedulingError.guestListForWholeSeries) {
      try scheduler.edit(id, occurrence)
    }
  }

  /// The national meeting of the issue: 1,000 attendees. Hidden, each message carries one
  /// ATTENDEE instead of 1,000.
  @Test func aThousandAttendeeInvitationIsSmallWhenHidden() throws {
    var emails: [String] = []
    for number in 1...1_000 {
      let email = "peserta\(number)@jaringan-\(number % 37).example.org"
      _ = try directory.addContact(name: "Peserta Nomor \(number)", email: email)
      emails.append(email)
    }
    let scheduler = scheduler()
    let composer = MessageComposer(organiser: organiser, clock: clock)
    func firstMessage(_ guestList: String) throws -> String {
      let details = try schedule(
        scheduler, guestList: guestList, attendees: emails, title: "Pertemuan Nasional")
      return try composer.invitation(details, to: try #require(details.attendees.first)).content
    }
    let visible = try firstMessage("visible").utf8.count
    let hidden = try firstMessage("hidden").utf8.count
    #expect(visible > 100_000, "visible: \(visible) bytes")
    #expect(hidden < 8_000, "hidden: \(hidden) bytes")
  }
}
