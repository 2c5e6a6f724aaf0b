import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What the store holds, to check that a refused request left nothing behind.
struct StoredState: Equatable {
  var meetings: [Meeting]
  var occurrences: [MeetingOccurrence]
  var overrides: [MeetingOverride]
  var attendees: [Attendee]
}

extension SchedulingFixture {
  static let jakarta = Zones.jakarta

  /// An instant from local `2026-12-07T10:00` in Jakarta (or `zone`).
  func at(_ text: String, _ zone: TimeZone? = nil) throws -> Date {
    try DateTimeText.parse(text, in: zone ?? Self.jakarta)
  }

  /// The plenary, every Monday from 7 December 2026 at 10:00 for 2 hours.
  func weekly(
    start: String = "2026-12-07T10:00", count: Int? = 4, room: String? = "Ruang Rapat Lt 7",
    title: String = "Rapat mingguan", exdates: [String] = []
  ) -> MeetingRequest {
    var request = plenary(start: start, room: room, title: title)
    request.every = "every week"
    request.count = count
    request.exdates = exdates
    return request
  }

  /// The stored occurrences of `meeting`, by start.
  func occurrences(_ meeting: MeetingID) throws -> [MeetingOccurrence] {
    try store.occurrences(from: .distantPast, to: .distantFuture, meeting: meeting, attendee: nil)
  }

  /// Local start times (Jakarta) of the stored occurrences of `meeting`.
  func starts(_ meeting: MeetingID) throws -> [String] {
    try occurrences(meeting).map { LocalTime.iso($0.start, in: Self.jakarta) }
  }

  func state() throws -> StoredState {
    let meetings = try store.meetings()
    return StoredState(
      meetings: meetings,
      occurrences: try store.occurrences(
        from: .distantPast, to: .distantFuture, meeting: nil, attendee: nil),
      overrides: try meetings.flatMap { try store.overrides(of: $0.id) },
      attendees: try meetings.flatMap { try store.attendees(of: $0.id) })
  }

  func addContact(_ name: String, _ email: String) throws -> Contact {
    try Directory(store: store).addContact(name: name, email: email)
  }
}

/// The parts of a `roomDoubleBooked` refusal.
struct DoubleBooking {
  var by: MeetingID
  var title: String
  var start: Date
  var end: Date
  var requested: Date?
  var message: String
}

/// Runs `body`, which must be refused for a double booking, and returns the refusal.
func doubleBooking(_ body: () throws -> Void) -> DoubleBooking? {
  do {
    try body()
    Issue.record("the double booking was accepted")
  } catch let error as SchedulingError {
    if case .roomDoubleBooked(_, let by, let title, let start, let end, _, let requested, _) =
      error
    {
      return DoubleBooking(
        by: by, title: title, start: start, end: end, requested: requested,
        message: error.localizedDescription)
    }
    Issue.record("unexpected \(error)")
  } catch {
    Issue.record("unexpected \(error)")
  }
  return nil
}

/// Scheduling a series: occurrences, holidays, validation.
@Suite struct SeriesSchedulingTests {
  let jakarta = SchedulingFixture.jakarta

  private func iso(_ date: Date?) -> String? {
    date.map { LocalTime.iso($0, in: jakarta) }
  }

  // MARK: - Scheduling a series

  @Test func schedulesASeriesFromAPhraseWithACount() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary()
    request.every = "senin pertama setiap bulan"
    request.count = 3
    let scheduled = try fixture.scheduler.schedule(request)
    let meeting = scheduled.meeting
    #expect(meeting.recurrence == MeetingRecurrence(rule: "FREQ=MONTHLY;COUNT=3;BYDAY=1MO"))
    #expect(meeting.isSeries)
    #expect(meeting.onHoliday == nil)
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2027-01-04T10:00", "2027-02-01T10:00",
      ])
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.allSatisfy { $0.recurrenceID == $0.start && $0.roomID == fixture.room.id })
    #expect(stored.allSatisfy { $0.end.timeIntervalSince($0.start) == 7_200 })
    #expect(scheduled.plan?.isComplete == true)
    #expect(scheduled.plan?.occurrences.map(\.occurrence) == stored)
    #expect(scheduled.warnings.isEmpty)
    // Read back, it is the same series.
    #expect(try fixture.scheduler.meeting("\(meeting.id)") == meeting)
    #expect(try fixture.scheduler.meeting(meeting.uid) == meeting)
  }

  @Test func schedulesASeriesFromAnRRuleWithUntilExdatesAndRdates() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary()
    request.rrule = "RRULE:FREQ=WEEKLY;BYDAY=MO"
    // A date means through the end of that day, written in UTC.
    request.until = "2026-12-28"
    request.exdates = ["2026-12-14", "2026-12-21T10:00"]
    request.rdates = ["2026-12-16T14:00"]
    let meeting = try fixture.scheduler.schedule(request).meeting
    #expect(meeting.recurrence?.rule == "FREQ=WEEKLY;UNTIL=20261228T165959Z;BYDAY=MO")
    #expect(
      meeting.recurrence?.exdates == [
        try fixture.at("2026-12-14T10:00"), try fixture.at("2026-12-21T10:00"),
      ])
    #expect(meeting.recurrence?.rdates == [try fixture.at("2026-12-16T14:00")])
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-16T14:00", "2026-12-28T10:00",
      ])
  }

  @Test func aLocalUntilIsWrittenInUTC() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary(room: nil)
    request.rrule = "FREQ=DAILY;UNTIL=20261209T100000"
    let meeting = try fixture.scheduler.schedule(request).meeting
    #expect(meeting.recurrence?.rule == "FREQ=DAILY;UNTIL=20261209T030000Z")
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-08T10:00", "2026-12-09T10:00",
      ])
    // --until with a time is that instant.
    var timed = fixture.plenary(room: nil, title: "Harian")
    timed.every = "setiap hari kerja"
    timed.until = "2026-12-09T10:00"
    let daily = try fixture.scheduler.schedule(timed).meeting
    #expect(daily.recurrence?.rule == "FREQ=WEEKLY;UNTIL=20261209T030000Z;BYDAY=MO,TU,WE,TH,FR")
    #expect(try fixture.starts(daily.id).count == 3)
  }

  @Test func anUnendingSeriesIsPlannedThroughTheHorizon() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: nil)).meeting
    #expect(meeting.recurrence?.rule == "FREQ=WEEKLY")
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.count == 157)
    let details = try fixture.scheduler.details(of: meeting)
    #expect(details.plan?.isComplete == false)
    #expect(details.plan?.plannedThrough == meeting.start.addingTimeInterval(SeriesPlanner.horizon))
    // Nothing ends within the horizon, so nothing needs planning further yet.
    #expect(try fixture.store.seriesPlanned(before: try fixture.at("2028-01-01T00:00")).isEmpty)
    #expect(
      try fixture.store.seriesPlanned(before: try fixture.at("2030-01-01T00:00")).map(\.id) == [
        meeting.id
      ])
  }

  @Test func badSeriesInputIsRefusedAndNothingIsStored() throws {
    let fixture = try SchedulingFixture()
    _ = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-01T10:00", title: "Sudah ada"))
    let before = try fixture.state()
    func request(_ change: (inout MeetingRequest) -> Void) -> MeetingRequest {
      var request = fixture.weekly(count: nil)
      change(&request)
      return request
    }
    let scheduler = fixture.scheduler

    // An invalid RRULE names the option and the part.
    #expect(throws: SchedulingError.recurrence(field: "--rrule", .unknownPart("BYDAI"))) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.rrule = "FREQ=WEEKLY;BYDAI=MO"
        })
    }
    do {
      _ = try scheduler.schedule(
        request {
          $0.every = nil
          $0.rrule = "FREQ=WEEKLY;BYDAY=1MO"
        })
      Issue.record("BYDAY=1MO with FREQ=WEEKLY was accepted")
    } catch let error as SchedulingError {
      #expect(
        error
          == .recurrence(
            field: "--rrule", .ordinalNeedsMonthlyOrYearly(value: "1MO", frequency: .weekly)))
      #expect(error.localizedDescription.hasPrefix("--rrule: BYDAY=1MO"))
    }
    #expect(throws: SchedulingError.recurrence(field: "--every", .unknownPhrase("kadang-kadang"))) {
      try scheduler.schedule(request { $0.every = "kadang-kadang" })
    }
    #expect(throws: SchedulingError.ruleAndPhrase) {
      try scheduler.schedule(request { $0.rrule = "FREQ=DAILY" })
    }
    #expect(throws: SchedulingError.endWithoutRule) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.count = 3
        })
    }
    #expect(throws: SchedulingError.endWithoutRule) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.exdates = ["2026-12-14"]
        })
    }
    #expect(throws: SchedulingError.twoEnds) {
      try scheduler.schedule(
        request {
          $0.count = 3
          $0.until = "2027-01-31"
        })
    }
    #expect(throws: SchedulingError.twoEnds) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.rrule = "FREQ=WEEKLY;COUNT=3"
          $0.count = 4
        })
    }
    #expect(throws: InputError.notPositive(field: "--count", value: "0")) {
      try scheduler.schedule(request { $0.count = 0 })
    }
    // UNTIL before the start gives nothing.
    do {
      _ = try scheduler.schedule(request { $0.until = "2026-12-01" })
      Issue.record("an UNTIL before the start was accepted")
    } catch let error as SchedulingError {
      guard case .recurrence(let field, .untilBeforeStart(let until, let start)) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(field == "--until")
      #expect(until == "20261201T165959Z")
      #expect(start.description == "2026-12-07T10:00:00")
    }
    #expect(throws: InputError.inField("--until", .invalidDateTime("next week"))) {
      try scheduler.schedule(request { $0.until = "next week" })
    }
    #expect(throws: InputError.inField("--exdate", .invalidDateTime("2026-13-01"))) {
      try scheduler.schedule(request { $0.exdates = ["2026-13-01"] })
    }
    #expect(throws: InputError.inField("--tz", .unknownTimeZone("Mars/Olympus"))) {
      try scheduler.schedule(request { $0.timeZone = "Mars/Olympus" })
    }
    do {
      _ = try scheduler.schedule(
        request {
          $0.duration = nil
          $0.end = "09:00"
        })
      Issue.record("an end before the start was accepted")
    } catch let error as InputError {
      guard case .endNotAfterStart(let start, let end, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(iso(start) == "2026-12-07T10:00")
      #expect(iso(end) == "2026-12-07T09:00")
    }
    // 02:30 does not exist in New York on 8 March 2026: refused, not moved.
    #expect(
      throws: InputError.inField(
        "--start", .nonexistentLocalTime("2026-03-08T02:30", zone: "America/New_York"))
    ) {
      try scheduler.schedule(
        request {
          $0.timeZone = "America/New_York"
          $0.start = "2026-03-08T02:30"
        })
    }
    #expect(
      throws: InputError.invalidChoice(
        field: "--on-holiday", value: "sometimes",
        allowed: ["skip", "next-workday", "previous-workday"])
    ) {
      try scheduler.schedule(request { $0.onHoliday = "sometimes" })
    }
    #expect(throws: SchedulingError.holidayPolicyNeedsSeries) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.onHoliday = "skip"
        })
    }
    // Every occurrence excluded, or an impossible date: no series at all.
    #expect(throws: SchedulingError.seriesEmpty) {
      try scheduler.schedule(
        request {
          $0.count = 1
          $0.exdates = ["2026-12-07"]
        })
    }
    #expect(throws: SchedulingError.seriesEmpty) {
      try scheduler.schedule(
        request {
          $0.every = nil
          $0.rrule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
        })
    }
    #expect(try fixture.state() == before)
  }

  @Test func aSeriesInAZoneWithDaylightSavingKeepsItsLocalTime() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.weekly(start: "2027-03-08T09:00", count: 3, room: nil)
    request.timeZone = "America/New_York"
    let meeting = try fixture.scheduler.schedule(request).meeting
    let newYork = TimeZone(identifier: "America/New_York")!
    // US clocks go forward on Sunday 14 March 2027.
    #expect(
      try fixture.occurrences(meeting.id).map { LocalTime.isoWithOffset($0.start, in: newYork) }
        == [
          "2027-03-08T09:00:00-05:00", "2027-03-15T09:00:00-04:00", "2027-03-22T09:00:00-04:00",
        ])
  }

  @Test func holidayPoliciesAreAppliedAndReported() throws {
    let holidays = HolidayCalendar([
      Holiday(date: "2026-12-25", name: "Hari Raya Natal"),
      Holiday(date: "2027-01-01", name: "Tahun Baru 2027 Masehi"),
    ])
    let fixture = try SchedulingFixture(holidays: holidays)
    // Fridays 18 December – 8 January, in three rooms' worth of variants.
    func fridays(_ policy: String?, room: String?, title: String) -> MeetingRequest {
      var request = fixture.weekly(start: "2026-12-18T09:00", room: room, title: title)
      request.onHoliday = policy
      return request
    }
    let kept = try fixture.scheduler.schedule(fridays(nil, room: nil, title: "Tetap"))
    #expect(
      kept.warnings.map(\.description).filter { $0.contains("public holiday") }.map {
        String($0.prefix(10))
      } == ["2026-12-25", "2027-01-01"])
    #expect(try fixture.starts(kept.meeting.id).count == 4)

    let skipped = try fixture.scheduler.schedule(fridays("skip", room: nil, title: "Lewati"))
    #expect(skipped.meeting.onHoliday == .skip)
    #expect(
      try fixture.starts(skipped.meeting.id) == ["2026-12-18T09:00", "2027-01-08T09:00"])
    #expect(
      skipped.warnings.contains(
        .skippedForHoliday(
          try fixture.at("2026-12-25T09:00"), Holiday(date: "2026-12-25", name: "Hari Raya Natal"),
          zone: jakarta)))

    let moved = try fixture.scheduler.schedule(
      fridays("NEXT-WORKDAY", room: nil, title: "Geser"))
    #expect(moved.meeting.onHoliday == .nextWorkday)
    #expect(
      try fixture.starts(moved.meeting.id) == [
        "2026-12-18T09:00", "2026-12-28T09:00", "2027-01-04T09:00", "2027-01-08T09:00",
      ])
    #expect(
      moved.warnings.map(\.description).contains {
        $0 == "2026-12-25 is a holiday (Hari Raya Natal): that occurrence moves to 2026-12-28."
      })
    // The moved occurrence keeps its identity: it is found by its original day.
    let change = try fixture.scheduler.edit(
      "\(moved.meeting.id)", MeetingEdit(title: "Geser khusus", occurrence: "2026-12-25"))
    #expect(iso(change.notices.first?.occurrence) == "2026-12-25T09:00")
  }
}
