import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Codes for tests: the contact's ID behind the meeting's UID, so a test knows each one.
struct PlainCheckInCodes: CheckInCodes {
  func code(meetingUID uid: String, contact: ContactID) -> String {
    "\(uid.prefix(4))-\(contact.rawValue)".uppercased()
  }
}

/// Check-in at the door, no-shows, walk-ins and statistics across meetings. Runs on the store of
/// `StoreKind.underTest` (scripts/test runs it on PostgreSQL too).
@Suite struct AttendanceTests {
  struct World {
    let fixture: SchedulingFixture
    let clock: ManualClock
    let book: AttendanceBook
    let plenary: Meeting
    let outsider: Contact

    init() throws {
      clock = ManualClock(try DateTimeText.parse("2026-12-07T09:50", in: Zones.jakarta))
      fixture = try SchedulingFixture(clock: clock)
      outsider = try Directory(store: fixture.store).addContact(
        name: "Rudi Hartono", email: "rudi@polri.example")
      plenary = try fixture.scheduler.schedule(fixture.plenary()).meeting
      book = AttendanceBook(
        store: fixture.store, scheduler: fixture.scheduler, contacts: fixture.store, clock: clock,
        actor: "meja", codes: PlainCheckInCodes())
    }
  }

  @Test func theDeskChecksInByContactOrCodeOnceEach() throws {
    let world = try World()
    let id = "\(world.plenary.id)"
    let first = try world.book.checkIn(
      meeting: id, .contact("wulan@kemensos.example"), day: nil, status: .present, proxy: nil)
    #expect(first.isNew)
    #expect(first.record.checkedInBy == "meja")
    #expect(first.record.occurrence == world.plenary.start)
    // Typed in lower case, with look-alikes: still Hannah's code.
    let code = PlainCheckInCodes().code(
      meetingUID: world.plenary.uid, contact: world.fixture.hannah.id)
    world.clock.advance(by: 15 * 60)
    let late = try world.book.checkIn(
      meeting: id, .code(code.lowercased()), day: nil, status: .late, proxy: nil)
    #expect(late.contact.id == world.fixture.hannah.id)
    #expect(late.record.status == .late)
    let again = try world.book.checkIn(
      meeting: id, .contact("\(world.fixture.wulan.id)"), day: nil, status: .late, proxy: nil)
    #expect(!again.isNew)
    #expect(again.record.status == .present)
    #expect(throws: SchedulingError.unknownCheckInCode("UID-99", meeting: world.plenary.id)) {
      try world.book.checkIn(meeting: id, .code("UID-99"), day: nil, status: .present, proxy: nil)
    }
    #expect(
      throws: SchedulingError.notAnAttendee(
        contact: "rudi@polri.example", meeting: world.plenary.id)
    ) {
      try world.book.checkIn(
        meeting: id, .contact("rudi@polri.example"), day: nil, status: .present, proxy: nil)
    }
    let walkIn = try world.book.checkIn(
      meeting: id, .walkIn(world.outsider.id), day: nil, status: .present, proxy: nil)
    #expect(walkIn.record.walkIn)

    // Before the end: nobody is a no-show yet; after it, the one who did not come is.
    var attendance = try world.book.attendance(meeting: id, day: nil)
    #expect(attendance.came.map(\.contact.name) == ["Wulan Sari", "Hannah de Vries"])
    #expect(attendance.walkIns.map(\.contact.name) == ["Rudi Hartono"])
    #expect(attendance.noShows.isEmpty)
    _ = try world.book.undo(meeting: id, contact: "hannah@kpi.example", day: nil)
    #expect(throws: SchedulingError.notCheckedIn("Hannah de Vries", meeting: world.plenary.id)) {
      try world.book.undo(meeting: id, contact: "hannah@kpi.example", day: nil)
    }
    world.clock.advance(by: 3 * 3_600)
    attendance = try world.book.attendance(meeting: id, day: nil)
    #expect(attendance.isOver)
    #expect(attendance.noShows.map(\.contact.name) == ["Hannah de Vries"])
    #expect(attendance.lines.first { $0.contact.name == "Hannah de Vries" }?.code == code)
  }

  @Test func aProxyIsRecordedWithTheNameOfWhoCame() throws {
    let world = try World()
    let checkIn = try world.book.checkIn(
      meeting: "\(world.plenary.id)", .contact("hannah@kpi.example"), day: nil, status: .present,
      proxy: "Sri Wahyuni")
    #expect(checkIn.record.status == .proxy)
    #expect(checkIn.record.proxyName == "Sri Wahyuni")
    #expect(throws: InputError.self) {
      try world.book.checkIn(
        meeting: "\(world.plenary.id)", .contact("wulan@kemensos.example"), day: nil,
        status: .present, proxy: "Dua\nbaris")
    }
  }

  @Test func aSeriesChecksInAtTodaysOccurrenceOrTheOneNamed() throws {
    let world = try World()
    var request = world.fixture.plenary(start: "2026-12-14T10:00", title: "Rapat Mingguan")
    request.every = "every monday"
    request.count = 4
    request.room = nil
    let series = try world.fixture.scheduler.schedule(request).meeting
    #expect(throws: SchedulingError.noOccurrenceToday(series.id, day: "2026-12-07")) {
      try world.book.checkIn(
        meeting: "\(series.id)", .contact("wulan@kemensos.example"), day: nil, status: .present,
        proxy: nil)
    }
    let named = try world.book.checkIn(
      meeting: "\(series.id)", .contact("wulan@kemensos.example"), day: "2026-12-21",
      status: .present, proxy: nil)
    #expect(LocalTime.iso(named.record.occurrence, in: Zones.jakarta) == "2026-12-21T10:00")
    world.clock.set(try DateTimeText.parse("2026-12-28T09:55", in: Zones.jakarta))
    let today = try world.book.checkIn(
      meeting: "\(series.id)", .contact("wulan@kemensos.example"), day: nil, status: .present,
      proxy: nil)
    #expect(today.isNew)
    #expect(LocalTime.iso(today.record.occurrence, in: Zones.jakarta) == "2026-12-28T10:00")
  }

  @Test func statisticsCountWhoComesPerOrganisationLeavingOutThoseWhoDeclined() throws {
    let world = try World()
    let id = "\(world.plenary.id)"
    _ = try world.book.checkIn(
      meeting: id, .contact("wulan@kemensos.example"), day: nil, status: .present, proxy: nil)
    _ = try world.book.checkIn(
      meeting: id, .walkIn(world.outsider.id), day: nil, status: .present, proxy: nil)
    let second = try world.fixture.scheduler.schedule(
      world.fixture.plenary(start: "2026-12-08T10:00", room: nil, title: "Rapat Teknis")
    ).meeting
    _ = try world.fixture.scheduler.reply(
      meeting: "\(second.id)", contact: "hannah@kpi.example", answer: "declined")
    world.clock.set(try DateTimeText.parse("2026-12-09T09:00", in: Zones.jakarta))
    let start = try DateTimeText.parse("2026-12-01T00:00", in: Zones.jakarta)
    let rows = try world.book.statistics(from: start, to: world.clock.now(), byProvince: false)
    let kemensos = try #require(rows.first { $0.name == "Kemensos" })
    #expect(kemensos.invited == 2)
    #expect(kemensos.attended == 1)
    #expect(kemensos.meetings == 2)
    let none = try #require(rows.first { $0.name == "—" })
    // Hannah: invited twice, declined once, never came; Rudi walked in once.
    #expect(none.invited == 1)
    #expect(none.attended == 0)
    #expect(none.walkIns == 1)
    #expect(rows.first?.name == "—")
  }
}
