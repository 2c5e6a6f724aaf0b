import Foundation
import PokjaCore
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Laying series out in time: RRULE, RDATE, EXDATE, changed occurrences, holidays, zones, limits.
@Suite struct SeriesPlannerTests {
  let jakarta = Zones.jakarta
  let newYork = TimeZone(identifier: "America/New_York")!

  /// An instant from `2026-12-07T10:00` local in `zone` (Jakarta by default).
  private func at(_ text: String, _ zone: TimeZone? = nil) throws -> Date {
    try DateTimeText.parse(text, in: zone ?? jakarta)
  }

  /// A series of `hours`-long occurrences from `start`.
  private func series(
    _ rule: String?, start: String = "2026-12-07T10:00", hours: Double = 2,
    zone: TimeZone? = nil, rdates: [String] = [], exdates: [String] = [],
    onHoliday: HolidayPolicy? = nil, room: RoomID? = RoomID(1)
  ) throws -> Meeting {
    let zone = zone ?? jakarta
    let begin = try at(start, zone)
    return Meeting(
      id: MeetingID(7), uid: "seri@test", title: "Rapat mingguan", start: begin,
      end: begin.addingTimeInterval(hours * 3_600), timeZone: zone, roomID: room,
      createdAt: begin,
      recurrence: MeetingRecurrence(
        rule: rule, rdates: try rdates.map { try at($0, zone) },
        exdates: try exdates.map { try at($0, zone) }),
      onHoliday: onHoliday)
  }

  /// Local start times of the planned occurrences.
  private func starts(_ plan: SeriesPlan, _ zone: TimeZone? = nil) -> [String] {
    plan.occurrences.map { LocalTime.iso($0.occurrence.start, in: zone ?? jakarta) }
  }

  private var now: Date { (try? at("2026-11-30T08:00")) ?? .distantPast }

  private let holidays = HolidayCalendar([
    Holiday(date: "2026-12-24", name: "Cuti Bersama Hari Raya Natal", kind: .collectiveLeave),
    Holiday(date: "2026-12-25", name: "Hari Raya Natal", english: "Christmas Day"),
    Holiday(date: "2027-01-01", name: "Tahun Baru 2027 Masehi", english: "New Year's Day"),
  ])

  // MARK: - Bounded and unbounded

  @Test func aSeriesWithCountIsPlannedWholeAndComplete() throws {
    let meeting = try series("FREQ=WEEKLY;COUNT=5")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(
      starts(plan) == [
        "2026-12-07T10:00", "2026-12-14T10:00", "2026-12-21T10:00", "2026-12-28T10:00",
        "2027-01-04T10:00",
      ])
    #expect(plan.isComplete)
    #expect(plan.skipped.isEmpty)
    let last = try #require(plan.occurrences.last?.occurrence)
    #expect(plan.plannedThrough == last.end)
    for planned in plan.occurrences {
      let occurrence = planned.occurrence
      #expect(occurrence.meetingID == meeting.id)
      #expect(occurrence.recurrenceID == occurrence.start)
      #expect(occurrence.end.timeIntervalSince(occurrence.start) == 7_200)
      #expect(occurrence.roomID == meeting.roomID)
      #expect(planned.override == nil && planned.onHoliday == nil)
      #expect(planned.movedFromHoliday == nil)
    }
  }

  @Test func aSeriesWithUntilStopsAtUntilInclusive() throws {
    // UNTIL is 2026-12-21 03:00 UTC = 10:00 WIB: that occurrence is the last.
    let meeting = try series("FREQ=WEEKLY;UNTIL=20261221T030000Z")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(starts(plan) == ["2026-12-07T10:00", "2026-12-14T10:00", "2026-12-21T10:00"])
    #expect(plan.isComplete)
    // One second earlier, and the 21st is out.
    let shorter = try series("FREQ=WEEKLY;UNTIL=20261221T025959Z")
    let shorterPlan = try SeriesPlanner(holidays: nil).plan(shorter, overrides: [], now: now)
    #expect(starts(shorterPlan) == ["2026-12-07T10:00", "2026-12-14T10:00"])
  }

  @Test func aMonthlyRuleGivesTheRightDays() throws {
    let first = try series("FREQ=MONTHLY;BYDAY=1MO;COUNT=4")
    #expect(
      starts(try SeriesPlanner(holidays: nil).plan(first, overrides: [], now: now)) == [
        "2026-12-07T10:00", "2027-01-04T10:00", "2027-02-01T10:00", "2027-03-01T10:00",
      ])
    let lastDay = try series("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", start: "2027-01-31T09:00")
    #expect(
      starts(try SeriesPlanner(holidays: nil).plan(lastDay, overrides: [], now: now)) == [
        "2027-01-31T09:00", "2027-02-28T09:00", "2027-03-31T09:00",
      ])
  }

  @Test func anUnendingSeriesIsPlannedThroughTheHorizonAndIncomplete() throws {
    let meeting = try series("FREQ=WEEKLY")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(!plan.isComplete)
    // The horizon runs from the later of start and now.
    let limit = meeting.start.addingTimeInterval(SeriesPlanner.horizon)
    #expect(plan.plannedThrough == limit)
    let last = try #require(plan.occurrences.last?.occurrence)
    #expect(last.start <= limit)
    #expect(last.start.addingTimeInterval(7 * 86_400) > limit)
    // Every week from the start, nothing skipped: 3 × 366 days are 156 weeks and 6 days.
    #expect(plan.occurrences.count == 157)
    #expect(starts(plan).prefix(2) == ["2026-12-07T10:00", "2026-12-14T10:00"])

    // Planned later, the horizon moves with now, and the first occurrences are still there.
    let later = try at("2028-06-01T00:00")
    let laterPlan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: later)
    #expect(laterPlan.plannedThrough == later.addingTimeInterval(SeriesPlanner.horizon))
    #expect(laterPlan.occurrences.first?.occurrence.start == meeting.start)
    #expect(laterPlan.occurrences.count > plan.occurrences.count)
  }

  /// A series that ends is planned to its end, even years past the horizon of unending ones.
  @Test func aCountThatRunsPastTheHorizonIsPlannedWhole() throws {
    let meeting = try series("FREQ=WEEKLY;COUNT=400")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(plan.isComplete)
    #expect(plan.occurrences.count == 400)
    #expect(plan.plannedThrough == plan.occurrences.last?.occurrence.end)
    #expect(plan.plannedThrough > meeting.start.addingTimeInterval(SeriesPlanner.horizon))
  }

  @Test func aOneOffHasOneOccurrence() throws {
    var meeting = try series(nil)
    meeting.recurrence = nil
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(
      plan.occurrences.map(\.occurrence) == [
        MeetingOccurrence(
          meetingID: meeting.id, recurrenceID: meeting.start, start: meeting.start,
          end: meeting.end, roomID: meeting.roomID)
      ])
    #expect(plan.isComplete)
    #expect(plan.plannedThrough == meeting.end)
  }

  @Test func theNumberOfOccurrencesIsCapped() throws {
    let hourly = try series("FREQ=HOURLY", hours: 0.5)
    let plan = try SeriesPlanner(holidays: nil).plan(hourly, overrides: [], now: now)
    #expect(plan.occurrences.count == SeriesPlanner.maximumOccurrences)
    #expect(!plan.isComplete)
    // A COUNT above the cap is not complete either.
    let counted = try series("FREQ=HOURLY;COUNT=6000", hours: 0.5)
    let countedPlan = try SeriesPlanner(holidays: nil).plan(counted, overrides: [], now: now)
    #expect(countedPlan.occurrences.count == SeriesPlanner.maximumOccurrences)
    #expect(!countedPlan.isComplete)
    // Exactly at the cap, it is.
    let exact = try series("FREQ=HOURLY;COUNT=\(SeriesPlanner.maximumOccurrences)", hours: 0.5)
    let exactPlan = try SeriesPlanner(holidays: nil).plan(exact, overrides: [], now: now)
    #expect(exactPlan.occurrences.count == SeriesPlanner.maximumOccurrences)
    #expect(exactPlan.isComplete)
  }

  // MARK: - RDATE, EXDATE, overrides

  @Test func exdatesRemoveAndRdatesAdd() throws {
    let meeting = try series(
      "FREQ=WEEKLY;COUNT=4", rdates: ["2026-12-16T13:00"],
      exdates: ["2026-12-14T10:00", "2026-12-28T10:00"])
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(starts(plan) == ["2026-12-07T10:00", "2026-12-16T13:00", "2026-12-21T10:00"])
    #expect(plan.isComplete)
    // An EXDATE that matches no occurrence (another time of day) removes nothing.
    let missed = try series("FREQ=WEEKLY;COUNT=2", exdates: ["2026-12-14T09:00"])
    #expect(
      starts(try SeriesPlanner(holidays: nil).plan(missed, overrides: [], now: now)) == [
        "2026-12-07T10:00", "2026-12-14T10:00",
      ])
  }

  @Test func aSeriesOfOnlyRdates() throws {
    let meeting = try series(nil, rdates: ["2027-01-11T10:00", "2026-12-20T10:00"])
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(starts(plan) == ["2026-12-07T10:00", "2026-12-20T10:00", "2027-01-11T10:00"])
    #expect(plan.isComplete)
  }

  @Test func overridesReplaceTheirOccurrence() throws {
    let meeting = try series("FREQ=WEEKLY;COUNT=4")
    let second = try at("2026-12-14T10:00")
    let moved = MeetingOverride(
      meetingID: meeting.id, recurrenceID: second, start: try at("2026-12-22T14:00"),
      end: try at("2026-12-22T15:30"), title: "Rapat mingguan (dipindah)", roomID: RoomID(2),
      sequence: 3)
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [moved], now: now)
    // Sorted by start: the moved occurrence now comes after the 21st.
    #expect(
      starts(plan) == [
        "2026-12-07T10:00", "2026-12-21T10:00", "2026-12-22T14:00", "2026-12-28T10:00",
      ])
    let planned = try #require(plan.occurrences.first { $0.occurrence.recurrenceID == second })
    #expect(planned.override == moved)
    #expect(planned.occurrence.end == moved.end)
    #expect(planned.occurrence.roomID == RoomID(2))
    // The others keep the series' room.
    #expect(
      plan.occurrences.filter { $0.override == nil }.allSatisfy {
        $0.occurrence.roomID == RoomID(1)
      })
  }

  @Test func anOverrideWithoutItsOwnRoomKeepsTheSeriesRoom() throws {
    let meeting = try series("FREQ=WEEKLY;COUNT=2")
    let first = meeting.start
    let retitled = MeetingOverride(
      meetingID: meeting.id, recurrenceID: first, start: first, end: meeting.end,
      title: "Khusus", sequence: 1)
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [retitled], now: now)
    #expect(plan.occurrences.first?.occurrence.roomID == RoomID(1))
    #expect(plan.occurrences.first?.override?.title == "Khusus")
  }

  @Test func anOverrideOfAnExcludedOccurrenceIsIgnored() throws {
    let meeting = try series("FREQ=WEEKLY;COUNT=3", exdates: ["2026-12-14T10:00"])
    let second = try at("2026-12-14T10:00")
    let change = MeetingOverride(
      meetingID: meeting.id, recurrenceID: second, start: try at("2026-12-15T10:00"),
      end: try at("2026-12-15T11:00"), sequence: 1)
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [change], now: now)
    #expect(starts(plan) == ["2026-12-07T10:00", "2026-12-21T10:00"])
  }

  // MARK: - Holidays

  /// Fridays 18 Dec 2026 to 8 Jan 2027: the 25th (Christmas) and 1 January fall on holidays.
  private func fridays(_ policy: HolidayPolicy?) throws -> Meeting {
    try series("FREQ=WEEKLY;COUNT=4", start: "2026-12-18T09:00", onHoliday: policy)
  }

  @Test func withoutAPolicyHolidayOccurrencesStayAndAreFlagged() throws {
    let plan = try SeriesPlanner(holidays: holidays).plan(
      try fridays(nil), overrides: [], now: now)
    #expect(
      starts(plan) == [
        "2026-12-18T09:00", "2026-12-25T09:00", "2027-01-01T09:00", "2027-01-08T09:00",
      ])
    #expect(
      plan.occurrences.map { $0.onHoliday?.name } == [
        nil, "Hari Raya Natal", "Tahun Baru 2027 Masehi", nil,
      ])
    #expect(plan.occurrences.allSatisfy { $0.movedFromHoliday == nil })
    #expect(plan.skipped.isEmpty)
  }

  @Test func skipLeavesHolidayOccurrencesOut() throws {
    let plan = try SeriesPlanner(holidays: holidays).plan(
      try fridays(.skip), overrides: [], now: now)
    #expect(starts(plan) == ["2026-12-18T09:00", "2027-01-08T09:00"])
    #expect(
      plan.skipped.map { LocalTime.iso($0.recurrenceID, in: jakarta) } == [
        "2026-12-25T09:00", "2027-01-01T09:00",
      ])
    #expect(plan.skipped.map(\.holiday.name) == ["Hari Raya Natal", "Tahun Baru 2027 Masehi"])
    #expect(plan.isComplete)
  }

  @Test func nextWorkdayMovesPastTheWeekend() throws {
    let plan = try SeriesPlanner(holidays: holidays).plan(
      try fridays(.nextWorkday), overrides: [], now: now)
    // Fri 25 Dec → Mon 28 Dec; Fri 1 Jan → Mon 4 Jan; same time of day.
    #expect(
      starts(plan) == [
        "2026-12-18T09:00", "2026-12-28T09:00", "2027-01-04T09:00", "2027-01-08T09:00",
      ])
    let christmas = plan.occurrences[1]
    #expect(LocalTime.iso(christmas.occurrence.recurrenceID, in: jakarta) == "2026-12-25T09:00")
    #expect(christmas.movedFromHoliday?.name == "Hari Raya Natal")
    #expect(christmas.onHoliday == nil)
    #expect(christmas.occurrence.end.timeIntervalSince(christmas.occurrence.start) == 7_200)
    #expect(plan.skipped.isEmpty)
  }

  @Test func previousWorkdaySkipsCollectiveLeaveToo() throws {
    let plan = try SeriesPlanner(holidays: holidays).plan(
      try fridays(.previousWorkday), overrides: [], now: now)
    // Fri 25 Dec → Thu 24 Dec is cuti bersama → Wed 23 Dec; Fri 1 Jan → Thu 31 Dec.
    #expect(
      starts(plan) == [
        "2026-12-18T09:00", "2026-12-23T09:00", "2026-12-31T09:00", "2027-01-08T09:00",
      ])
    #expect(plan.occurrences[2].movedFromHoliday?.name == "Tahun Baru 2027 Masehi")
  }

  @Test func anOverrideWinsOverTheHolidayPolicy() throws {
    let meeting = try fridays(.skip)
    let christmas = try at("2026-12-25T09:00")
    let change = MeetingOverride(
      meetingID: meeting.id, recurrenceID: christmas, start: try at("2026-12-22T09:00"),
      end: try at("2026-12-22T11:00"), sequence: 1)
    let plan = try SeriesPlanner(holidays: holidays).plan(meeting, overrides: [change], now: now)
    #expect(starts(plan) == ["2026-12-18T09:00", "2026-12-22T09:00", "2027-01-08T09:00"])
    #expect(plan.skipped.map(\.holiday.name) == ["Tahun Baru 2027 Masehi"])
  }

  @Test func workdaysAreWeekdaysThatAreNotHolidays() throws {
    let planner = SeriesPlanner(holidays: holidays)
    #expect(planner.isWorkday(try at("2026-12-23T09:00"), in: jakarta))
    #expect(!planner.isWorkday(try at("2026-12-24T09:00"), in: jakarta))  // cuti bersama
    #expect(!planner.isWorkday(try at("2026-12-25T09:00"), in: jakarta))  // Natal
    #expect(!planner.isWorkday(try at("2026-12-26T09:00"), in: jakarta))  // Saturday
    #expect(!planner.isWorkday(try at("2026-12-27T09:00"), in: jakarta))  // Sunday
    #expect(SeriesPlanner(holidays: nil).isWorkday(try at("2026-12-25T09:00"), in: jakarta))
    // The local day counts: 25 Dec 01:00 WIB is still 24 Dec in UTC.
    #expect(!planner.isWorkday(try at("2026-12-25T01:00"), in: jakarta))
  }

  @Test func aOneOffOnAHolidayIsFlagged() throws {
    var meeting = try series(nil, start: "2026-12-25T09:00")
    meeting.recurrence = nil
    let plan = try SeriesPlanner(holidays: holidays).plan(meeting, overrides: [], now: now)
    #expect(plan.occurrences.first?.onHoliday?.name == "Hari Raya Natal")
  }

  // MARK: - Zones

  @Test func aWeeklyMeetingKeepsItsWallClockTimeAcrossDaylightSaving() throws {
    // US clocks go forward on Sunday 8 March 2026.
    let meeting = try series(
      "FREQ=WEEKLY;COUNT=3", start: "2026-03-02T09:00", hours: 1, zone: newYork)
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(
      plan.occurrences.map { LocalTime.isoWithOffset($0.occurrence.start, in: newYork) } == [
        "2026-03-02T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-16T09:00:00-04:00",
      ])
    // In UTC the later ones are an hour earlier; each still lasts an hour.
    let utc = TimeZone(identifier: "UTC")!
    #expect(
      plan.occurrences.map { LocalTime.iso($0.occurrence.start, in: utc) } == [
        "2026-03-02T14:00", "2026-03-09T13:00", "2026-03-16T13:00",
      ])
    #expect(
      plan.occurrences.allSatisfy {
        $0.occurrence.end.timeIntervalSince($0.occurrence.start) == 3_600
      })
  }

  @Test func aMeetingInJakartaIsPlannedInJakartaDays() throws {
    // 06:00 WIB on Mondays is still Sunday in UTC: BYDAY is the zone's day.
    let meeting = try series("FREQ=WEEKLY;BYDAY=MO;COUNT=2", start: "2026-12-07T06:00")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    #expect(starts(plan) == ["2026-12-07T06:00", "2026-12-14T06:00"])
  }

  // MARK: - Bad rules

  @Test func anInvalidRuleOrAnUntilBeforeTheStartThrows() throws {
    let planner = SeriesPlanner(holidays: nil)
    #expect(throws: RecurrenceError.unknownFrequency("FORTNIGHTLY")) {
      try planner.plan(try series("FREQ=FORTNIGHTLY"), overrides: [], now: now)
    }
    #expect(throws: RecurrenceError.self) {
      try planner.plan(try series("FREQ=WEEKLY;UNTIL=20261201T000000Z"), overrides: [], now: now)
    }
    let early = try series("FREQ=WEEKLY;UNTIL=20261201T000000Z")
    do {
      _ = try planner.plan(early, overrides: [], now: now)
      Issue.record("an UNTIL before the start was accepted")
    } catch {
      guard case .untilBeforeStart(let until, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(until == "20261201T000000Z")
    }
    #expect(throws: RecurrenceError.self) {
      try SeriesPlanner.recurrenceSet(of: try series("FREQ=WEEKLY;BYDAY=1MO"))
    }
  }

  @Test func anImpossibleRuleGivesNoOccurrence() throws {
    // 30 February never comes.
    let meeting = try series("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", start: "2027-02-01T10:00")
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    // DTSTART is still the event's one occurrence (RFC 5545 §3.8.5.1); the scheduler refuses such
    // a series when someone types it, as the rule itself gives nothing.
    #expect(plan.occurrences.map(\.occurrence.start) == [meeting.start])
    #expect(try SeriesPlanner.startOnRule(of: meeting) == nil)
  }
}

@Suite struct LongRunningSeriesTests {
  /// A daily series without an end, started twenty years ago: still planned ahead of today, with
  /// only its last year of history, within the cap.
  @Test func anOldUnendingSeriesIsStillPlannedAhead() throws {
    let zone = Zones.jakarta
    let start = try DateTimeText.parse("2006-01-02T09:00", in: zone)
    let now = try DateTimeText.parse("2026-11-30T08:00", in: zone)
    let meeting = Meeting(
      id: MeetingID(1), uid: "daily@test", title: "Apel pagi", start: start,
      end: start.addingTimeInterval(1800), timeZone: zone, createdAt: start,
      recurrence: MeetingRecurrence(rule: "FREQ=DAILY"))
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: now)
    let first = try #require(plan.occurrences.first?.occurrence.start)
    #expect(first > now.addingTimeInterval(-367 * 86_400))
    #expect(first <= now.addingTimeInterval(-365 * 86_400))
    #expect(plan.plannedThrough >= now.addingTimeInterval(SeriesPlanner.horizon - 86_400))
    #expect(!plan.isComplete)
    #expect(plan.occurrences.count <= SeriesPlanner.maximumOccurrences)
  }

  /// When the cap stops a plan before the horizon, it says how far it really got.
  @Test func aCappedPlanSaysWhereItStopped() throws {
    let zone = Zones.jakarta
    let start = try DateTimeText.parse("2026-12-01T09:00", in: zone)
    let meeting = Meeting(
      id: MeetingID(1), uid: "hourly@test", title: "Piket", start: start,
      end: start.addingTimeInterval(1800), timeZone: zone, createdAt: start,
      recurrence: MeetingRecurrence(rule: "FREQ=HOURLY"))
    let plan = try SeriesPlanner(holidays: nil).plan(meeting, overrides: [], now: start)
    #expect(plan.occurrences.count == SeriesPlanner.maximumOccurrences)
    #expect(plan.plannedThrough == plan.occurrences.last?.occurrence.end)
  }
}
