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
  static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

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

  // MARK: - Rooms

  @Test func aOneOffIsRefusedWhenItHitsAnyOccurrenceOfASeries() throws {
    let fixture = try SchedulingFixture()
    let series = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    // The third Monday, 11:00–12:00.
    let refusal = doubleBooking {
      _ = try fixture.scheduler.schedule(
        fixture.plenary(start: "2026-12-21T11:00", duration: "1h", title: "Kelompok 1"))
    }
    #expect(refusal?.by == series.id)
    #expect(refusal?.title == "Rapat mingguan")
    #expect(iso(refusal?.start) == "2026-12-21T10:00")
    #expect(iso(refusal?.end) == "2026-12-21T12:00")
    #expect(refusal?.requested == nil)
    #expect(refusal?.message.contains("meeting \(series.id) 'Rapat mingguan'") == true)
    #expect(refusal?.message.contains("2026-12-21 10:00–12:00 WIB") == true)
    #expect(try fixture.state() == before)
    // After the last occurrence, and on a Tuesday, the room is free.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2027-01-04T10:00", title: "Sesudah"))
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-22T10:00", title: "Selasa"))
  }

  @Test func aSeriesIsRefusedWhenAnyOccurrenceHitsAOneOff() throws {
    let fixture = try SchedulingFixture()
    let oneOff = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-28T11:00", duration: "1h", title: "Rapat khusus")
    ).meeting
    let before = try fixture.state()
    let refusal = doubleBooking { _ = try fixture.scheduler.schedule(fixture.weekly()) }
    #expect(refusal?.by == oneOff.id)
    #expect(refusal?.title == "Rapat khusus")
    #expect(iso(refusal?.start) == "2026-12-28T11:00")
    // The series' own occurrence that clashes is named.
    #expect(iso(refusal?.requested) == "2026-12-28T10:00")
    #expect(refusal?.message.contains("when this series meets on 2026-12-28") == true)
    #expect(try fixture.state() == before)
    // Leaving that date out makes it fit.
    let fits = try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-28"]))
    #expect(try fixture.starts(fits.meeting.id).count == 3)
  }

  @Test func aSeriesIsRefusedWhenItHitsAnotherSeries() throws {
    let fixture = try SchedulingFixture()
    let weekly = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    // The last Monday of the month, 11:00: first on 28 December, the weekly's fourth.
    var monthly = fixture.plenary(start: "2026-12-07T11:00", duration: "1h", title: "Bulanan")
    monthly.every = "senin terakhir setiap bulan"
    let refusal = doubleBooking { _ = try fixture.scheduler.schedule(monthly) }
    #expect(refusal?.by == weekly.id)
    #expect(iso(refusal?.start) == "2026-12-28T10:00")
    #expect(iso(refusal?.requested) == "2026-12-28T11:00")
    #expect(try fixture.state() == before)

    // With --allow-conflict it is booked, and each clash comes back as a warning.
    monthly.allowConflict = true
    let booked = try fixture.scheduler.schedule(monthly)
    let clashes = booked.warnings.compactMap { warning -> Clash? in
      if case .roomConflictAllowed(_, let clash, _) = warning { return clash }
      return nil
    }
    #expect(clashes.map(\.meeting.id) == [weekly.id])
    #expect(clashes.map { iso($0.occurrence.start) } == ["2026-12-28T10:00"])
    #expect(booked.warnings.contains { $0.description.contains("--allow-conflict") })
    // 7 December is no last Monday: the series starts on its first occurrence, and says so.
    #expect(iso(booked.meeting.start) == "2026-12-28T11:00")
    #expect(booked.warnings.first?.description.contains("starts on its first occurrence") == true)
    #expect(try fixture.scheduler.meetings().count == 2)
  }

  @Test func pastOccurrencesDoNotBlockABooking() throws {
    // A series that began before now is checked only from now on.
    let fixture = try SchedulingFixture()
    _ = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-11-23T10:00", title: "Sudah lewat"))
    let series = try fixture.scheduler.schedule(fixture.weekly(start: "2026-11-16T10:00"))
    #expect(try fixture.starts(series.meeting.id).first == "2026-11-16T10:00")
  }

  @Test func attendeeClashesAndCapacityAreWarnings() throws {
    let fixture = try SchedulingFixture()
    let weekly = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let small = try fixture.scheduler.addRoom(name: "Ruang Kecil", capacity: 1)
    // Wulan is due at the weekly meeting on the 14th.
    var request = fixture.plenary(
      start: "2026-12-14T11:00", duration: "1h", room: "Ruang Kecil", title: "Kecil")
    request.attendees = ["wulan@kemensos.example", "hannah@kpi.example"]
    let scheduled = try fixture.scheduler.schedule(request)
    #expect(scheduled.warnings.contains(.overCapacity(room: small.name, capacity: 1, attendees: 2)))
    let busy = scheduled.warnings.compactMap { warning -> (String, Clash)? in
      if case .attendeeBusy(let name, let clash) = warning { return (name, clash) }
      return nil
    }
    #expect(Set(busy.map(\.0)) == ["Wulan Sari", "Hannah de Vries"])
    #expect(busy.allSatisfy { $0.1.meeting.id == weekly.id })
    #expect(busy.allSatisfy { iso($0.1.occurrence.start) == "2026-12-14T10:00" })

    // Someone who declined the series is not busy then.
    _ = try fixture.scheduler.reply(
      meeting: "\(weekly.id)", contact: "hannah@kpi.example", answer: "ditolak")
    var again = request
    again.title = "Kecil lagi"
    again.start = "2026-12-21T11:00"
    again.room = nil
    let second = try fixture.scheduler.schedule(again)
    let names = second.warnings.compactMap { warning -> String? in
      if case .attendeeBusy(let name, _) = warning { return name }
      return nil
    }
    #expect(names == ["Wulan Sari"])
  }

  // MARK: - Editing

  @Test func movingTheWholeSeriesTakesItsChangesAlong() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(
      fixture.weekly(count: 5, exdates: ["2026-12-21"])
    ).meeting
    let id = "\(meeting.id)"
    // One occurrence retitled, one moved to Tuesday afternoon.
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    _ = try fixture.scheduler.edit(
      id, MeetingEdit(start: "2026-12-29T15:00", occurrence: "2026-12-28"))
    #expect(try fixture.scheduler.meeting(id).sequence == 2)

    let change = try fixture.scheduler.edit(id, MeetingEdit(start: "13:00"))
    let after = try fixture.scheduler.meeting(id)
    #expect(after.sequence == 3)
    #expect(iso(after.start) == "2026-12-07T13:00")
    #expect(after.duration == 7_200)
    // The cancelled occurrence stays cancelled at its new time.
    #expect(after.recurrence?.exdates == [try fixture.at("2026-12-21T13:00")])
    let overrides = try fixture.store.overrides(of: meeting.id)
    #expect(overrides.map { iso($0.recurrenceID) } == ["2026-12-14T13:00", "2026-12-28T13:00"])
    #expect(overrides.map(\.title) == ["Khusus", nil])
    #expect(overrides.map(\.sequence) == [1, 2])
    // The retitled one moves with the series; the one moved on purpose stays where it was put.
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T13:00", "2026-12-14T13:00", "2026-12-29T15:00", "2027-01-04T13:00",
      ])
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.allSatisfy { $0.end.timeIntervalSince($0.start) == 7_200 })
    // Everyone gets one update of the whole series.
    #expect(change.notices.count == 1)
    let notice = try #require(change.notices.first)
    #expect(notice.kind == .update)
    #expect(notice.occurrence == nil)
    #expect(notice.details.meeting.sequence == 3)
    #expect(notice.recipients.map(\.contact.id) == [fixture.wulan.id, fixture.hannah.id])
    #expect(change.summary.contains { $0.hasPrefix("time 2026-12-07 10:00–12:00 WIB → ") })
  }

  @Test func changingTheLengthOfTheSeriesChangesUnmovedOccurrences() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: 3)).meeting
    let id = "\(meeting.id)"
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    _ = try fixture.scheduler.edit(id, MeetingEdit(duration: "3h"))
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.map { $0.end.timeIntervalSince($0.start) } == [10_800, 10_800, 10_800])
  }

  @Test func oneOccurrenceIsChangedWithAnOverride() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let original = try fixture.at("2026-12-14T10:00")
    let change = try fixture.scheduler.edit(
      id, MeetingEdit(start: "14:00", occurrence: "2026-12-14"))
    #expect(change.details.meeting.sequence == 1)
    #expect(
      try fixture.store.overrides(of: meeting.id) == [
        MeetingOverride(
          meetingID: meeting.id, recurrenceID: original, start: try fixture.at("2026-12-14T14:00"),
          end: try fixture.at("2026-12-14T16:00"), sequence: 1)
      ])
    // The series itself is unchanged but for its SEQUENCE.
    let after = try fixture.scheduler.meeting(id)
    #expect(after.start == meeting.start && after.recurrence == meeting.recurrence)
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-14T14:00", "2026-12-21T10:00", "2026-12-28T10:00",
      ])
    let moved = try #require(
      try fixture.occurrences(meeting.id).first { $0.recurrenceID == original })
    #expect(iso(moved.start) == "2026-12-14T14:00")
    // One update, about that occurrence.
    #expect(change.notices.count == 1)
    let notice = try #require(change.notices.first)
    #expect(notice.kind == .update)
    #expect(notice.occurrence == original)
    #expect(notice.details.occurrence?.recurrenceID == original)
    #expect(iso(notice.details.meeting.start) == "2026-12-14T14:00")
    #expect(notice.details.meeting.sequence == 1)
    #expect(notice.recipients.count == 2)
    #expect(change.summary.allSatisfy { $0.hasPrefix("occurrence 2026-12-14: ") })

    // Named by its new day, the same occurrence is changed again: the title this time.
    let retitled = try fixture.scheduler.edit(
      id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    let overrides = try fixture.store.overrides(of: meeting.id)
    #expect(overrides.count == 1)
    #expect(overrides.first?.title == "Khusus")
    #expect(iso(overrides.first?.start) == "2026-12-14T14:00")
    #expect(overrides.first?.sequence == 2)
    #expect(retitled.notices.first?.details.meeting.title == "Khusus")
    // Another title for one occurrence is not the series' title.
    #expect(try fixture.scheduler.meeting(id).title == "Rapat mingguan")

    // Attendees are for the whole series.
    #expect(throws: SchedulingError.attendeesForWholeSeries) {
      try fixture.scheduler.edit(
        id, MeetingEdit(addAttendees: ["wulan@kemensos.example"], occurrence: "2026-12-21"))
    }
  }

  @Test func movingOneOccurrenceIntoABookedRoomIsRefused() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let other = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-15T10:00", title: "Selasa")
    ).meeting
    let before = try fixture.state()
    let refusal = doubleBooking {
      _ = try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(start: "2026-12-15T11:00", occurrence: "2026-12-14"))
    }
    #expect(refusal?.by == other.id)
    #expect(try fixture.state() == before)
  }

  @Test func anOccurrenceInAnotherRoomIsCheckedInThatRoom() throws {
    let fixture = try SchedulingFixture()
    let garuda = try fixture.scheduler.addRoom(name: "Ruang Garuda")
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    // The 14th is held in Ruang Garuda; Garuda is booked at 13:00 that day.
    _ = try fixture.scheduler.edit(id, MeetingEdit(room: "Ruang Garuda", occurrence: "2026-12-14"))
    #expect(try fixture.occurrences(meeting.id)[1].roomID == garuda.id)
    let other = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-14T13:00", room: "Ruang Garuda", title: "Garuda siang"))
    let before = try fixture.state()
    // Moving the series to 12:00 would move the 14th into that booking.
    let refusal = doubleBooking {
      _ = try fixture.scheduler.edit(id, MeetingEdit(start: "12:00"))
    }
    #expect(refusal?.by == other.meeting.id)
    #expect(refusal?.message.contains("Room 'Ruang Garuda'") == true)
    #expect(try fixture.state() == before)
  }

  @Test func aTitleChangeIsAnUpdateWithoutMovingAnything() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let occurrences = try fixture.occurrences(meeting.id)
    let change = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(title: "Rapat mingguan Pokja"))
    #expect(change.details.meeting.title == "Rapat mingguan Pokja")
    #expect(change.details.meeting.sequence == 1)
    #expect(change.summary == ["title 'Rapat mingguan' → 'Rapat mingguan Pokja'"])
    #expect(change.notices.map(\.kind) == [.update])
    #expect(change.withdrawn == 0)
    #expect(try fixture.occurrences(meeting.id) == occurrences)
    #expect(throws: SchedulingError.nothingToChange) {
      try fixture.scheduler.edit("\(meeting.id)", MeetingEdit())
    }
  }

  @Test func addingAndRemovingAttendeesTellsOnlyThem() throws {
    let fixture = try SchedulingFixture()
    let budi = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let change = try fixture.scheduler.edit(
      "\(meeting.id)",
      MeetingEdit(
        addAttendees: ["budi.santoso@example.org"], removeAttendees: ["hannah@kpi.example"]))
    #expect(change.notices.map(\.kind) == [.invitation, .cancellation])
    #expect(change.notices[0].recipients.map(\.contact.id) == [budi.id])
    #expect(change.notices[1].recipients.map(\.contact.id) == [fixture.hannah.id])
    #expect(change.notices.allSatisfy { $0.occurrence == nil })
    #expect(change.notices.allSatisfy { $0.kind != .update })
    #expect(
      try fixture.store.attendees(of: meeting.id).map(\.contactID) == [fixture.wulan.id, budi.id])
    #expect(change.summary == ["added Budi Santoso", "removed Hannah de Vries"])
    // The occurrences are untouched.
    #expect(try fixture.starts(meeting.id).count == 4)
    #expect(
      throws: SchedulingError.notAnAttendee(contact: "hannah@kpi.example", meeting: meeting.id)
    ) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(removeAttendees: ["hannah@kpi.example"]))
    }
  }

  @Test func splittingASeriesWithACount() throws {
    let fixture = try SchedulingFixture()
    // Six Mondays from 7 December; the 14th and 4 January cancelled; the 28th retitled.
    let meeting = try fixture.scheduler.schedule(
      fixture.weekly(count: 6, exdates: ["2026-12-14", "2027-01-04"])
    ).meeting
    let id = "\(meeting.id)"
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-28"))

    let change = try fixture.scheduler.edit(
      id, MeetingEdit(start: "11:00", thisAndFollowing: "2026-12-21"))
    let earlier = try #require(change.earlierPart).meeting
    let later = change.details.meeting

    // The earlier part ends just before the cut (10:00 WIB is 03:00 UTC).
    #expect(earlier.id == meeting.id)
    #expect(earlier.uid == meeting.uid)
    #expect(earlier.sequence == 2)
    #expect(earlier.recurrence?.rule == "FREQ=WEEKLY;UNTIL=20261221T025959Z")
    #expect(earlier.recurrence?.exdates == [try fixture.at("2026-12-14T10:00")])
    #expect(try fixture.store.overrides(of: meeting.id).isEmpty)
    #expect(try fixture.starts(meeting.id) == ["2026-12-07T10:00"])

    // The later part is a new series with what was left: 6 − 2 occurrences (the cancelled 14th
    // counted, as COUNT does), at the new time, with its changes and cancellations.
    #expect(later.id != meeting.id)
    #expect(later.uid != meeting.uid)
    #expect(later.sequence == 0)
    #expect(iso(later.start) == "2026-12-21T11:00")
    #expect(later.recurrence?.rule == "FREQ=WEEKLY;COUNT=4")
    #expect(later.recurrence?.exdates == [try fixture.at("2027-01-04T11:00")])
    let overrides = try fixture.store.overrides(of: later.id)
    #expect(overrides.map { iso($0.recurrenceID) } == ["2026-12-28T11:00"])
    #expect(overrides.map(\.title) == ["Khusus"])
    #expect(overrides.map(\.meetingID) == [later.id])
    #expect(
      try fixture.starts(later.id) == ["2026-12-21T11:00", "2026-12-28T11:00", "2027-01-11T11:00"])
    #expect(
      try fixture.store.attendees(of: later.id).map(\.contactID) == [
        fixture.wulan.id, fixture.hannah.id,
      ])
    #expect(try fixture.store.reminders(of: later.id).map(\.offset.description) == ["1d", "2h"])
    #expect(later.roomID == fixture.room.id)

    // The earlier part's attendees get an update, the later part's an invitation.
    #expect(change.notices.map(\.kind) == [.update, .invitation])
    #expect(change.notices.map(\.details.meeting.id) == [meeting.id, later.id])
    #expect(change.notices.allSatisfy { $0.recipients.count == 2 })
    #expect(try fixture.scheduler.meetings().count == 2)
  }

  @Test func splittingAtTheFirstOccurrenceChangesTheWholeSeries() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let change = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(title: "Baru", thisAndFollowing: "2026-12-07"))
    #expect(change.earlierPart == nil)
    #expect(change.details.meeting.id == meeting.id)
    #expect(change.details.meeting.title == "Baru")
    #expect(try fixture.scheduler.meetings().count == 1)
  }

  @Test func cancellingTheWholeSeries() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let change = try fixture.scheduler.cancel(id)
    #expect(change.details.meeting.status == .cancelled)
    #expect(change.details.meeting.sequence == 1)
    #expect(try fixture.scheduler.meeting(id).status == .cancelled)
    #expect(try fixture.occurrences(meeting.id).isEmpty)
    #expect(change.notices.map(\.kind) == [.cancellation])
    #expect(change.notices.first?.occurrence == nil)
    #expect(change.notices.first?.recipients.count == 2)
    #expect(change.summary == ["series cancelled"])
    // Its room is free again.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-14T10:00", title: "Ganti"))
    // A cancelled meeting cannot be changed or cancelled again.
    #expect(throws: SchedulingError.meetingIsCancelled(meeting.id)) {
      try fixture.scheduler.edit(id, MeetingEdit(title: "Lagi"))
    }
    #expect(throws: SchedulingError.meetingIsCancelled(meeting.id)) {
      try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    }
    #expect(try fixture.store.seriesPlanned(before: .distantFuture).isEmpty)
  }

  @Test func cancellingOneOccurrenceAddsAnExdateAndDropsItsChange() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let original = try fixture.at("2026-12-14T10:00")
    _ = try fixture.scheduler.edit(id, MeetingEdit(start: "15:00", occurrence: "2026-12-14"))
    let change = try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    let after = try fixture.scheduler.meeting(id)
    #expect(after.status == .confirmed)
    #expect(after.sequence == 2)
    #expect(after.recurrence?.exdates == [original])
    #expect(try fixture.store.overrides(of: meeting.id).isEmpty)
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-21T10:00", "2026-12-28T10:00",
      ])
    #expect(change.notices.map(\.kind) == [.cancellation])
    let notice = try #require(change.notices.first)
    #expect(notice.occurrence == original)
    #expect(notice.details.meeting.sequence == 2)
    #expect(notice.recipients.count == 2)
    // The afternoon slot it had moved to is free.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-14T15:00", title: "Ganti"))
    // It is gone: cancelling or changing it again finds no occurrence.
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    }
  }

  @Test func anOccurrenceThatDoesNotExistIsNamedWithTheNearestOnes() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    #expect(
      throws: SchedulingError.noOccurrence(
        meeting: meeting.id, day: "2026-12-15", near: ["2026-12-07", "2026-12-14", "2026-12-21"])
    ) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", occurrence: "2026-12-15"))
    }
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2027-03-01")
    }
    #expect(throws: InputError.inField("--occurrence", .invalidDateTime("15 Desember"))) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", occurrence: "15 Desember"))
    }
    do {
      _ = try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", thisAndFollowing: "2026-12-15"))
    } catch let error as SchedulingError {
      #expect(error.localizedDescription.contains("no occurrence on 2026-12-15"))
      #expect(error.localizedDescription.contains("Nearest: 2026-12-07, 2026-12-14, 2026-12-21"))
    }
    #expect(try fixture.state() == before)
  }

  // MARK: - Answers

  @Test func answersForTheSeriesAndForOneOccurrence() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let focused = try fixture.scheduler.reply(
      meeting: id, contact: "wulan@kemensos.example", answer: "tidak hadir",
      occurrence: "2026-12-14")
    #expect(focused.occurrence?.recurrenceID == (try fixture.at("2026-12-14T10:00")))
    #expect(focused.attendees.map(\.attendee.participation) == [.declined, .needsAction])
    // The series' own answer is unchanged.
    let whole = try fixture.scheduler.details(of: id)
    #expect(whole.occurrence == nil)
    #expect(whole.attendees.map(\.attendee.participation) == [.needsAction, .needsAction])
    #expect(
      whole.replies == [
        OccurrenceReply(
          recurrenceID: try fixture.at("2026-12-14T10:00"), contactID: fixture.wulan.id,
          participation: .declined)
      ])

    // Accepting the series leaves the answer for that occurrence.
    let accepted = try fixture.scheduler.reply(
      meeting: id, contact: "wulan@kemensos.example", answer: "hadir")
    #expect(accepted.attendees.first?.attendee.participation == .accepted)
    let agenda = try fixture.scheduler.agenda(
      from: try fixture.at("2026-12-01T00:00"), to: try fixture.at("2027-01-01T00:00"))
    #expect(
      agenda.map { $0.attendees.first?.attendee.participation } == [
        .accepted, .declined, .accepted, .accepted,
      ])
    #expect(agenda.map { iso($0.meeting.start) }.first == "2026-12-07T10:00")

    #expect(throws: SchedulingError.invalidReply("perhaps")) {
      try fixture.scheduler.reply(meeting: id, contact: "wulan@kemensos.example", answer: "perhaps")
    }
    _ = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    #expect(
      throws: SchedulingError.notAnAttendee(
        contact: "budi.santoso@example.org", meeting: meeting.id)
    ) {
      try fixture.scheduler.reply(
        meeting: id, contact: "budi.santoso@example.org", answer: "yes")
    }
  }

  // MARK: - Planning ahead

  @Test func extendPlansPlansAnUnendingSeriesFurtherAhead() throws {
    let clock = ManualClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    let unending = try fixture.scheduler.schedule(fixture.weekly(count: nil)).meeting
    let bounded = try fixture.scheduler.schedule(
      fixture.weekly(start: "2026-12-08T10:00", count: 3, title: "Selasa")
    ).meeting
    let plannedFirst = try fixture.occurrences(unending.id)
    let firstThrough = try #require(
      try fixture.scheduler.details(of: unending).plan?.plannedThrough)
    // Planned three years ahead: nothing to do yet. The bounded series, planned whole, is not
    // planned again on later runs either.
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(unending.id) == plannedFirst)
    #expect(try fixture.occurrences(bounded.id).count == 3)
    #expect(
      try fixture.store.seriesPlanned(
        before: clock.now().addingTimeInterval(SeriesPlanner.horizon / 2)
      ).isEmpty)

    // Two years on, less than half the horizon is left: it is planned further.
    clock.advance(by: 2 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 1)
    let extended = try fixture.occurrences(unending.id)
    #expect(extended.count > plannedFirst.count)
    #expect(Array(extended.prefix(plannedFirst.count)) == plannedFirst)
    let last = try #require(extended.last)
    #expect(last.start > firstThrough)
    #expect(last.start <= clock.now().addingTimeInterval(SeriesPlanner.horizon))
    #expect(
      last.start.addingTimeInterval(7 * 86_400)
        > clock.now().addingTimeInterval(SeriesPlanner.horizon))
    // Done once, it is not due again; the bounded series never is.
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(bounded.id).count == 3)

    // An unending series of a cancelled meeting is not planned.
    _ = try fixture.scheduler.cancel("\(unending.id)")
    clock.advance(by: 3 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(unending.id).isEmpty)
  }

  @Test func extendedOccurrencesKeepTheirChanges() throws {
    let clock = ManualClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: nil)).meeting
    _ = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(start: "2026-12-15T09:00", occurrence: "2026-12-14"))
    clock.advance(by: 2 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 1)
    let moved = try fixture.occurrences(meeting.id).first {
      $0.recurrenceID == (try? fixture.at("2026-12-14T10:00"))
    }
    #expect(iso(moved?.start) == "2026-12-15T09:00")
  }

  // MARK: - Suggest

  @Test func suggestionsAvoidTheOccurrencesOfSeries() throws {
    let fixture = try SchedulingFixture()
    // Wulan meets every Monday 09:00–11:00 (no room); the room is booked every Monday 13:00–15:00.
    var wulanWeekly = fixture.weekly(start: "2026-12-07T09:00", room: nil, title: "Wulan")
    wulanWeekly.attendees = ["wulan@kemensos.example"]
    let hers = try fixture.scheduler.schedule(wulanWeekly).meeting
    var roomWeekly = fixture.weekly(start: "2026-12-07T13:00", title: "Ruang")
    roomWeekly.attendees = []
    _ = try fixture.scheduler.schedule(roomWeekly)

    let request = SuggestRequest(
      attendees: ["wulan@kemensos.example"], duration: "1h", within: "2026-12-14",
      hours: "09:00-16:00", room: "Ruang Rapat Lt 7", limit: 10)
    let slots = try fixture.scheduler.suggest(request).result.slots
    #expect(
      slots.compactMap { iso($0.start) }.sorted() == [
        "2026-12-14T11:00", "2026-12-14T12:00", "2026-12-14T15:00",
      ])
    #expect(slots.allSatisfy { $0.free == [fixture.wulan.id] && $0.room?.id == fixture.room.id })

    // Declining the series frees her mornings.
    _ = try fixture.scheduler.reply(
      meeting: "\(hers.id)", contact: "wulan@kemensos.example", answer: "declined")
    let freed = try fixture.scheduler.suggest(request).result.slots
    #expect(freed.contains { iso($0.start) == "2026-12-14T09:00" })
    #expect(!freed.contains { iso($0.start) == "2026-12-14T13:00" })
  }

  @Test func aCancelledOccurrenceIsFreeForSuggestions() throws {
    let fixture = try SchedulingFixture()
    var weekly = fixture.weekly(start: "2026-12-07T09:00", title: "Pagi")
    weekly.duration = "7h"
    let meeting = try fixture.scheduler.schedule(weekly).meeting
    let request = SuggestRequest(
      attendees: ["hannah@kpi.example"], duration: "2h", within: "2026-12-21",
      hours: "09:00-16:00", room: "Ruang Rapat Lt 7")
    #expect(try fixture.scheduler.suggest(request).result.slots.isEmpty)
    _ = try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2026-12-21")
    #expect(
      try fixture.scheduler.suggest(request).result.slots.first.map { iso($0.start) }
        == "2026-12-21T09:00")
  }

  // MARK: - Importing calendar files

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/ics")

  private func read(_ name: String, replacing: [(String, String)] = []) throws
    -> CalendarFileContents
  {
    var text = try String(
      contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    for (from, to) in replacing {
      #expect(text.contains(from), "fixture \(name) has no \(from)")
      text = text.replacingOccurrences(of: from, with: to)
    }
    return try CalendarFileReader.read(text, file: name, defaultTimeZone: jakarta)
  }

  private func importFixture() throws -> SchedulingFixture {
    let fixture = try SchedulingFixture()
    _ = try fixture.addContact("Dewi Lestari", "dewi.lestari@example.org")
    _ = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    _ = try fixture.addContact("Rahmat Hidayat", "rahmat.hidayat@example.net")
    return fixture
  }

  @Test func importsAGoogleExport() throws {
    let fixture = try importFixture()
    let contents = try read("google-pokja.ics")
    let report = try fixture.scheduler.importCalendar(contents, file: "google-pokja.ics")
    #expect(report.count(.created) == 3)
    #expect(report.entries.map(\.outcome) == [.created, .created, .created])
    #expect(!report.dryRun)

    let weekly = try #require(
      try fixture.store.meeting(uid: "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com"))
    #expect(weekly.title == "Rapat mingguan Pokja")
    #expect(weekly.sequence == 2)
    #expect(weekly.timeZone.identifier == "Asia/Jakarta")
    // The RRULE is kept as the file wrote it.
    #expect(weekly.recurrence?.rule == "FREQ=WEEKLY;WKST=MO;UNTIL=20260330T015959Z;BYDAY=MO")
    // Three EXDATEs and the occurrence cancelled in the file (9 March).
    #expect(
      weekly.recurrence?.exdates.sorted().map { iso($0) } == [
        "2026-01-19T09:00", "2026-02-16T09:00", "2026-02-23T09:00", "2026-03-09T09:00",
      ])
    // Twelve Mondays 5 January – 23 March, four left out; 2 February moved to Tuesday 13:00.
    #expect(
      try fixture.starts(weekly.id) == [
        "2026-01-05T09:00", "2026-01-12T09:00", "2026-01-26T09:00", "2026-02-03T13:00",
        "2026-02-09T09:00", "2026-03-02T09:00", "2026-03-16T09:00", "2026-03-23T09:00",
      ])
    let entry = try #require(report.entries.first)
    #expect(entry.occurrences == 8)
    #expect(entry.meetingID == weekly.id)
    let changes = try fixture.store.overrides(of: weekly.id)
    #expect(changes.count == 1)
    #expect(iso(changes.first?.recurrenceID) == "2026-02-02T09:00")
    #expect(changes.first?.title == "Rapat mingguan Pokja (dipindah ke Selasa)")
    #expect(changes.first?.sequence == 3)
    // Known people are attendees with their answers; the rest are reported.
    let attendees = try fixture.store.attendees(of: weekly.id)
    #expect(attendees.count == 2)
    #expect(attendees.first?.participation == .accepted)
    #expect(report.unknownAttendees.contains("c_1883f0a9b2@resource.calendar.google.com"))
    // Dewi accepted the series but is only tentative for the moved occurrence of 2 February.
    let dewi = try #require(
      try fixture.store.contact(.key("dewi.lestari@example.org")))
    let replies = try fixture.store.occurrenceReplies(of: weekly.id)
    #expect(
      replies.map { "\(iso($0.recurrenceID) ?? "") \($0.contactID) \($0.participation.rawValue)" }
        == ["2026-02-02T09:00 \(dewi.id) TENTATIVE"])

    // The change whose series is not in the file is a one-off.
    let orphan = try #require(
      try fixture.store.meeting(uid: "0aa9c7e2b4d64f1e8e1b3c5d7f9a2b4c@google.com"))
    #expect(!orphan.isSeries)
    #expect(try fixture.occurrences(orphan.id).count == 1)

    // Imported again: unchanged, nothing new.
    let before = try fixture.state()
    let again = try fixture.scheduler.importCalendar(contents, file: "google-pokja.ics")
    #expect(again.entries.map(\.outcome) == [.unchanged, .unchanged, .unchanged])
    #expect(try fixture.state() == before)
  }

  @Test func aHigherSequenceUpdatesAnImportedSeries() throws {
    let fixture = try importFixture()
    _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
    let weekly = try #require(
      try fixture.store.meeting(uid: "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com"))
    // The organiser moved the series to 10:00 (SEQUENCE 5).
    let newer = try read(
      "google-pokja.ics",
      replacing: [
        ("DTSTART;TZID=Asia/Jakarta:20260105T090000", "DTSTART;TZID=Asia/Jakarta:20260105T100000"),
        ("DTEND;TZID=Asia/Jakarta:20260105T103000", "DTEND;TZID=Asia/Jakarta:20260105T113000"),
        (
          "SEQUENCE:2\r\nSTATUS:CONFIRMED\r\nSUMMARY:Rapat mingguan Pokja\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM",
          "SEQUENCE:5\r\nSTATUS:CONFIRMED\r\nSUMMARY:Rapat mingguan Pokja\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM"
        ),
      ])
    let report = try fixture.scheduler.importCalendar(newer, file: "g.ics")
    #expect(report.entries.map(\.outcome) == [.updated, .unchanged, .unchanged])
    let updated = try fixture.scheduler.meeting(weekly.uid)
    #expect(updated.id == weekly.id)
    #expect(updated.sequence == 5)
    #expect(iso(updated.start) == "2026-01-05T10:00")
    #expect(try fixture.starts(weekly.id).first == "2026-01-05T10:00")
    #expect(try fixture.scheduler.meetings().count == 3)
  }

  @Test func importsAnOutlookExport() throws {
    let fixture = try importFixture()
    let report = try fixture.scheduler.importCalendar(
      try read("outlook-pokja.ics"), file: "outlook-pokja.ics")
    // The cancelled event was never imported, so nothing is stored for it.
    #expect(report.entries.map(\.outcome) == [.created, .created, .skipped, .created])
    #expect(report.count(.created) == 3)
    let berlin = try #require(
      report.entries.first { $0.title == "Panggilan dengan mitra di Berlin" })
    #expect(berlin.occurrences == 6)
    let meeting = try #require(berlin.meetingID.flatMap { try fixture.store.meeting($0) })
    #expect(meeting.timeZone.identifier == "Europe/Berlin")
    #expect(meeting.recurrence?.rule == "FREQ=MONTHLY;COUNT=6;BYDAY=1TH")
    // First Thursdays at 10:00 Berlin time, across the change to summer time.
    let berlinZone = TimeZone(identifier: "Europe/Berlin")!
    #expect(
      try fixture.occurrences(meeting.id).map { LocalTime.isoWithOffset($0.start, in: berlinZone) }
        == [
          "2026-04-02T10:00:00+02:00", "2026-05-07T10:00:00+02:00", "2026-06-04T10:00:00+02:00",
          "2026-07-02T10:00:00+02:00", "2026-08-06T10:00:00+02:00", "2026-09-03T10:00:00+02:00",
        ])
    #expect(try fixture.scheduler.meetings().count == 3)
    // Jakarta written the Outlook way ("SE Asia Standard Time" is Asia/Bangkok) keeps the
    // configured zone, so its times show as WIB.
    let zones = Dictionary(
      uniqueKeysWithValues: try fixture.scheduler.meetings().map {
        ($0.title, $0.timeZone.identifier)
      })
    #expect(zones["Rapat koordinasi lintas K/L"] == "Asia/Jakarta")
    // A Makassar time (+08, another offset than the configured zone) stays Makassar.
    #expect(zones["Kunjungan lapangan Makassar"] == "Asia/Makassar")
  }

  /// A mistyped --exdate would leave the meeting it meant to cancel in place: refused, naming the
  /// nearest occurrences.
  @Test func anExdateThatIsNoOccurrenceIsRefused() throws {
    let fixture = try SchedulingFixture()
    let before = try fixture.state()
    #expect(
      throws: SchedulingError.exdateNotAnOccurrence(
        "2026-12-15", near: ["2026-12-14T10:00", "2026-12-21T10:00"])
    ) {
      try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-15"]))
    }
    #expect(try fixture.state() == before)
    let series = try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-14"])).meeting
    #expect(
      try fixture.starts(series.id) == ["2026-12-07T10:00", "2026-12-21T10:00", "2026-12-28T10:00"])
  }

  @Test func aDryRunStoresNothing() throws {
    let fixture = try importFixture()
    let before = try fixture.state()
    let report = try fixture.scheduler.importCalendar(
      try read("google-pokja.ics"), file: "google-pokja.ics", dryRun: true)
    #expect(report.dryRun)
    #expect(report.count(.created) == 3)
    #expect(report.entries.first?.occurrences == 8)
    #expect(try fixture.state() == before)
  }

  @Test func aRoomClashStopsTheWholeImport() throws {
    let fixture = try importFixture()
    _ = try fixture.scheduler.addRoom(name: "Ruang Garuda, Lt 3")
    // Two events of the Outlook file come after the clash; the Google file is imported first.
    _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "google-pokja.ics")
    let busy = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-02-10T11:00", duration: "1h", room: "Ruang Garuda, Lt 3",
        title: "Sudah dipesan"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(
        try read("outlook-pokja.ics"), file: "outlook-pokja.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(let file, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file == "outlook-pokja.ics")
      #expect(line == 52)
      #expect(reason.contains("meeting \(busy.meeting.id) 'Sudah dipesan'"))
      #expect(error.localizedDescription.contains("Nothing was imported"))
    }
    #expect(try fixture.state() == before)

    // With allowConflict it is imported, with a warning naming the event.
    let report = try fixture.scheduler.importCalendar(
      try read("outlook-pokja.ics"), file: "outlook-pokja.ics", allowConflict: true)
    #expect(report.count(.created) == 3)
    #expect(
      report.warnings.contains {
        $0.hasPrefix("outlook-pokja.ics:52: Rapat koordinasi lintas K/L:")
      })
  }

  @Test func aChangedOccurrenceInABookedRoomStopsTheImport() throws {
    // Planned in January 2026: the Google file moves 2 February to Tuesday 13:00 in Ruang Garuda.
    let clock = FixedClock(try DateTimeText.parse("2026-01-01T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    _ = try fixture.scheduler.addRoom(name: "Ruang Garuda")
    let busy = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-02-03T13:30", duration: "1h", room: "Ruang Garuda",
        title: "Garuda"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(_, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(line == 19)
      #expect(reason.contains("Room 'Ruang Garuda'"))
      #expect(reason.contains("meeting \(busy.meeting.id) 'Garuda'"))
    }
    #expect(try fixture.state() == before)
  }

  @Test func aClashWithAnImportedSeriesStopsTheImport() throws {
    // Planned in January 2026, before the weekly meetings of the Google file begin.
    let clock = FixedClock(try DateTimeText.parse("2026-01-01T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    _ = try fixture.scheduler.addRoom(name: "Ruang Rapat Lt 7, Gedung Kemensos")
    _ = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-03-16T10:00", duration: "1h",
        room: "Ruang Rapat Lt 7, Gedung Kemensos", title: "Pleno Maret"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(_, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(line == 19)
      #expect(reason.contains("Pleno Maret"))
      #expect(reason.contains("2026-03-16"))
    }
    #expect(try fixture.state() == before)
  }
}
