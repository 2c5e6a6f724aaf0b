import Foundation
import PokjaCore
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Cases a review found: a start off the rule, occurrences named by time, holiday data that
/// changes, holidays next to each other, one-occurrence edits that undo or change nothing, series
/// too long to plan, times the clocks skip in `HH:MM`.
@Suite struct SeriesEdgeCaseTests {
  let jakarta = Zones.jakarta

  func iso(_ date: Date?) -> String { date.map { LocalTime.iso($0, in: jakarta) } ?? "-" }

  @Test func aStartOffTheRuleMovesToTheFirstOccurrence() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary(start: "2027-01-05T09:00", duration: "1h")
    request.every = "first monday of the month"
    request.count = 3
    let scheduled = try fixture.scheduler.schedule(request)
    // DTSTART is the first occurrence, as calendars read it: no 5 January in anyone's calendar.
    #expect(iso(scheduled.meeting.start) == "2027-02-01T09:00")
    #expect(iso(scheduled.meeting.end) == "2027-02-01T10:00")
    #expect(
      try fixture.starts(scheduled.meeting.id) == [
        "2027-02-01T09:00", "2027-03-01T09:00", "2027-04-05T09:00",
      ])
    #expect(
      scheduled.warnings.contains {
        $0.description.contains("starts on its first occurrence, 2027-02-01T09:00")
      })
  }

  @Test func aDateAndTimeNamesOneOfTwoOccurrencesThatDay() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary(start: "2027-01-05T09:00", duration: "1h")
    request.rrule = "FREQ=DAILY;BYHOUR=9,14;COUNT=4"
    let meeting = try fixture.scheduler.schedule(request).meeting
    let change = try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2027-01-05T14:00")
    #expect(change.notices.first.map { iso($0.occurrence) } == "2027-01-05T14:00")
    #expect(
      try fixture.starts(meeting.id) == [
        "2027-01-05T09:00", "2027-01-06T09:00", "2027-01-06T14:00",
      ])
    // A time that is no occurrence is refused, naming the nearest.
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2027-01-06T11:00")
    }
  }

  @Test func newHolidayDataPlansTheSeriesAgain() throws {
    let fixture = try SchedulingFixture(holidays: HolidayCalendar([]))
    var request = fixture.weekly(start: "2027-01-05T10:00", count: 3)
    request.onHoliday = "next-workday"
    let meeting = try fixture.scheduler.schedule(request).meeting
    #expect(try fixture.starts(meeting.id).contains("2027-01-12T10:00"))
    // A decree makes 12 January a holiday: the next command that books plans the series again.
    let updated = MeetingScheduler(
      store: fixture.store, contacts: fixture.store,
      clock: FixedClock(Date(timeIntervalSince1970: 1_796_000_000)),
      defaultTimeZone: jakarta,
      holidays: HolidayCalendar([Holiday(date: "2027-01-12", name: "Hari libur baru")]))
    #expect(try updated.replanForHolidays() == 1)
    #expect(
      try fixture.starts(meeting.id) == [
        "2027-01-05T10:00", "2027-01-13T10:00", "2027-01-19T10:00",
      ])
    // The room is free on the 12th now, and taken on the 13th.
    #expect(try updated.replanForHolidays() == 0)
    #expect(
      doubleBooking { _ = try updated.schedule(fixture.plenary(start: "2027-01-13T10:30")) } != nil)
    _ = try updated.schedule(fixture.plenary(start: "2027-01-12T10:30"))
  }

  @Test func occurrencesMovedForHolidaysDoNotPileUpOnOneDay() throws {
    let holidays = HolidayCalendar([
      Holiday(date: "2026-12-24", name: "Cuti Bersama Natal", kind: .collectiveLeave),
      Holiday(date: "2026-12-25", name: "Hari Raya Natal"),
    ])
    let planner = SeriesPlanner(holidays: holidays)
    let start = try DateTimeText.parse("2026-12-21T09:00", in: jakarta)
    let meeting = Meeting(
      id: MeetingID(1), uid: "u@test", title: "Piket", start: start,
      end: start.addingTimeInterval(3600), timeZone: jakarta, createdAt: start,
      recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=10"),
      onHoliday: .nextWorkday)
    let plan = try planner.plan(meeting, overrides: [], now: start)
    let days = plan.occurrences.map { String(iso($0.occurrence.start).prefix(10)) }
    #expect(Set(days).count == days.count)
    // Every weekday of the fortnight is taken by its own occurrence, so the two holidays have no
    // free working day within a week to go to: they are left out.
    #expect(
      plan.skipped.map { String(iso($0.recurrenceID).prefix(10)) } == ["2026-12-24", "2026-12-25"])
    // With a free day near, a holiday's occurrence goes there.
    var weekly = meeting
    weekly.start = try DateTimeText.parse("2026-12-24T09:00", in: jakarta)
    weekly.end = weekly.start.addingTimeInterval(3600)
    weekly.recurrence = MeetingRecurrence(rule: "FREQ=WEEKLY;BYDAY=TH,FR;COUNT=4")
    let moved = try planner.plan(weekly, overrides: [], now: start)
    #expect(
      moved.occurrences.map { String(iso($0.occurrence.start).prefix(10)) } == [
        "2026-12-28", "2026-12-29", "2026-12-31", "2027-01-01",
      ])
    let movedDays = moved.occurrences.map { String(iso($0.occurrence.start).prefix(10)) }
    #expect(Set(movedDays).count == 4)
  }

  @Test func anOccurrenceEditThatUndoesOrChangesNothing() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: 3, title: "Rapat")).meeting
    let id = "\(meeting.id)"
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Rapat khusus", occurrence: "2026-12-14"))
    #expect(try fixture.store.overrides(of: meeting.id).first?.title == "Rapat khusus")
    // Given the series' own title, the occurrence goes back to it.
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Rapat", occurrence: "2026-12-14"))
    #expect(try fixture.store.overrides(of: meeting.id).first?.title == nil)
    // The same again changes nothing: refused, no new SEQUENCE.
    let sequence = try fixture.scheduler.meeting(id).sequence
    #expect(throws: SchedulingError.nothingToChange) {
      try fixture.scheduler.edit(id, MeetingEdit(title: "Rapat", occurrence: "2026-12-14"))
    }
    #expect(try fixture.scheduler.meeting(id).sequence == sequence)
    // One occurrence cannot drop the series' room.
    #expect(throws: SchedulingError.occurrenceWithoutRoom) {
      try fixture.scheduler.edit(id, MeetingEdit(room: "none", occurrence: "2026-12-21"))
    }
  }

  @Test func aSeriesTooLongToPlanIsRefused() throws {
    let fixture = try SchedulingFixture()
    let before = try fixture.state()
    var daily = fixture.plenary(start: "2027-01-04T07:00", duration: "30m")
    daily.rrule = "FREQ=DAILY;UNTIL=20450101T000000Z"
    #expect(throws: SchedulingError.seriesTooLong(SeriesPlanner.maximumOccurrences)) {
      try fixture.scheduler.schedule(daily)
    }
    var hourly = fixture.plenary(start: "2027-01-04T07:00", duration: "30m")
    hourly.rrule = "FREQ=HOURLY"
    #expect(throws: SchedulingError.seriesTooLong(SeriesPlanner.maximumOccurrences)) {
      try fixture.scheduler.schedule(hourly)
    }
    #expect(try fixture.state() == before)
  }

  @Test func aClockTimeTheClocksSkipIsRefusedToo() throws {
    let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
    let start = try DateTimeText.parse("2027-03-28T01:00", in: amsterdam)
    #expect(throws: InputError.nonexistentLocalTime("02:30", zone: "Europe/Amsterdam")) {
      try DateTimeText.parseEnd("02:30", startingAt: start, in: amsterdam)
    }
    #expect(try DateTimeText.parseEnd("03:30", startingAt: start, in: amsterdam) > start)
  }

  @Test func repliesToACancelledMeetingAreRefused() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.plenary()).meeting
    _ = try fixture.scheduler.cancel("\(meeting.id)")
    #expect(throws: SchedulingError.meetingIsCancelled(meeting.id)) {
      try fixture.scheduler.reply(
        meeting: "\(meeting.id)", contact: "wulan@kemensos.example", answer: "accepted")
    }
  }
}
