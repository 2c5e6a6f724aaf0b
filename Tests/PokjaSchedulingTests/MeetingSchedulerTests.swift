import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// A store, a directory with two people, a room, and a scheduler at a fixed time.
struct SchedulingFixture {
  let store: any PokjaStore
  let scheduler: MeetingScheduler
  let wulan: Contact
  let hannah: Contact
  let room: Room

  /// `clock` defaults to 2026-11-30 08:00 WIB, fixed.
  init(holidays: HolidayCalendar? = nil, clock: (any WallClock)? = nil) throws {
    store = try StoreKind.underTest.freshStore()
    let directory = Directory(store: store)
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    wulan = try directory.addContact(
      name: "Wulan Sari", organisation: "Kemensos", email: "wulan@kemensos.example")
    hannah = try directory.addContact(
      name: "Hannah de Vries", email: "hannah@kpi.example", language: "en")
    let clock = try clock ?? FixedClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let uids = UIDs()
    scheduler = MeetingScheduler(
      store: store, contacts: store, clock: clock,
      defaultTimeZone: Zones.jakarta, holidays: holidays,
      makeUID: { uids.next() })
    room = try scheduler.addRoom(
      name: "Ruang Rapat Lt 7", capacity: 40, location: "Gedung Kemensos, lantai 7")
  }

  func plenary(
    start: String = "2026-12-07T10:00", duration: String? = "2h",
    room: String? = "Ruang Rapat Lt 7",
    title: String = "Rapat Pleno"
  ) -> MeetingRequest {
    MeetingRequest(
      title: title, start: start, duration: duration, room: room,
      attendees: ["wulan@kemensos.example", hannah.id.description], reminders: ["1d", "2h", "1d"])
  }
}

/// Deterministic UIDs for tests.
final class UIDs: Sendable {
  private let counter = Counter()
  func next() -> String { "uid-\(counter.increment())@test" }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func increment() -> Int {
    lock.withLock {
      value += 1; return value
    }
  }
}

@Suite struct MeetingSchedulerTests {
  @Test func schedulesAMeetingWithAttendeesRoomAndReminders() throws {
    let fixture = try SchedulingFixture()
    let details = try fixture.scheduler.schedule(fixture.plenary())
    let meeting = details.meeting
    #expect(meeting.title == "Rapat Pleno")
    #expect(
      LocalTime.isoWithOffset(meeting.start, in: meeting.timeZone) == "2026-12-07T10:00:00+07:00")
    #expect(meeting.end.timeIntervalSince(meeting.start) == 7_200)
    #expect(meeting.timeZone.identifier == "Asia/Jakarta")
    #expect(meeting.sequence == 0)
    #expect(meeting.uid == "uid-1@test")
    #expect(details.room == fixture.room)
    #expect(details.attendees.map(\.contact.name) == ["Wulan Sari", "Hannah de Vries"])
    #expect(details.attendees.first?.organisation?.acronym == "Kemensos")
    #expect(details.reminders.map(\.offset.description) == ["1d", "2h"])
    #expect(details.locationText == "Ruang Rapat Lt 7, Gedung Kemensos, lantai 7")
  }

  @Test func refusesAnOverlappingBookingOfTheSameRoomNamingTheOtherMeeting() throws {
    let fixture = try SchedulingFixture()
    let first = try fixture.scheduler.schedule(fixture.plenary())
    let clash = fixture.plenary(start: "2026-12-07T11:30", duration: "1h", title: "Kelompok 1")
    do {
      _ = try fixture.scheduler.schedule(clash)
      Issue.record("the double booking was accepted")
    } catch let error as SchedulingError {
      guard case .roomDoubleBooked(_, let other, let title, _, _, _, _, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(other == first.meeting.id)
      #expect(title == "Rapat Pleno")
      #expect(error.localizedDescription.contains("2026-12-07 10:00–12:00 WIB"))
    }
    #expect(try fixture.scheduler.meetings().count == 1)
    // Touching end to start is not an overlap; another room or none is fine.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-07T12:00", title: "Sesudah"))
    _ = try fixture.scheduler.schedule(fixture.plenary(room: nil, title: "Tanpa ruang"))
    #expect(try fixture.scheduler.meetings().count == 3)
  }

  @Test func anOverlapAcrossTimeZonesIsStillAnOverlap() throws {
    let fixture = try SchedulingFixture()
    _ = try fixture.scheduler.schedule(fixture.plenary())
    var request = fixture.plenary(start: "2026-12-07T12:30", duration: "1h")  // 11:30 WIB
    request.timeZone = "Asia/Makassar"
    #expect(throws: SchedulingError.self) { try fixture.scheduler.schedule(request) }
  }

  @Test func badInputLeavesNothingBehind() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary()
    request.attendees.append("nobody@example.org")
    #expect(throws: SchedulingError.attendeeNotFound("nobody@example.org")) {
      try fixture.scheduler.schedule(request)
    }
    #expect(throws: InputError.inField("--start", .invalidDateTime("2026-12-32T10:00"))) {
      try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-32T10:00"))
    }
    #expect(throws: InputError.inField("--duration", .invalidDuration("2 hours"))) {
      try fixture.scheduler.schedule(fixture.plenary(duration: "2 hours"))
    }
    #expect(throws: SchedulingError.missingEnd) {
      try fixture.scheduler.schedule(fixture.plenary(duration: nil))
    }
    #expect(throws: SchedulingError.roomNotFound("Ruang 9")) {
      try fixture.scheduler.schedule(fixture.plenary(room: "Ruang 9"))
    }
    var backwards = fixture.plenary(duration: nil)
    backwards.end = "09:00"
    #expect(throws: InputError.self) { try fixture.scheduler.schedule(backwards) }
    var badZone = fixture.plenary()
    badZone.timeZone = "Mars/Olympus"
    #expect(throws: InputError.inField("--tz", .unknownTimeZone("Mars/Olympus"))) {
      try fixture.scheduler.schedule(badZone)
    }
    #expect(try fixture.scheduler.meetings().isEmpty)
  }

  @Test func roomsAreUniqueByName() throws {
    let fixture = try SchedulingFixture()
    #expect(
      throws: SchedulingError.duplicateRoom(name: "ruang rapat lt 7", existing: fixture.room.id)
    ) {
      try fixture.scheduler.addRoom(name: "ruang rapat lt 7")
    }
    #expect(throws: InputError.notPositive(field: "--capacity", value: "0")) {
      try fixture.scheduler.addRoom(name: "Ruang 3", capacity: 0)
    }
  }
}
