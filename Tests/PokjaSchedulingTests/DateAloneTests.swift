import Foundation
import PokjaCore
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// `DateAlone`: what a date typed without a time means, for `meeting add` and `recur expand` alike.
@Suite struct DateAloneTests {
  let jakarta = Zones.jakarta
  let newYork = TimeZone(identifier: "America/New_York")!
  let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

  func utc(_ text: String) throws -> Date { try DateTimeText.parse(text, in: .gmt) }

  @Test func onlyADayWrittenAloneIsADateAlone() {
    #expect(DateAlone.day("2026-12-07") == LocalDateTime(year: 2026, month: 12, day: 7))
    #expect(DateAlone.day("  2026-12-07 ") == LocalDateTime(year: 2026, month: 12, day: 7))
    for text in ["2026-12-07T10:00", "2026-12-07 10:00", "2026-12-07Z", "2026-02-30", "07-12-2026"]
    {
      #expect(DateAlone.day(text) == nil, "\(text)")
    }
  }

  @Test func aDateAloneIsTheDayAtTheSeriesTime() throws {
    let start = try utc("2026-12-07T03:00:00Z")  // 10:00 WIB
    let day = DateAlone.seriesTime(of: start, in: jakarta)
    #expect(try day.instant("2026-12-14", in: jakarta) == utc("2026-12-14T03:00:00Z"))
    // Anything else is the caller's to read as a date-time.
    #expect(try day.instant("2026-12-14T09:00", in: jakarta) == nil)
    #expect(try day.instant("2026-12-14T09:00+07:00", in: jakarta) == nil)
    #expect(try day.instant("2026-13-01", in: jakarta) == nil)
  }

  @Test func anUntilDateAloneTakesTheWholeDayIn() throws {
    #expect(
      try DateAlone.endOfDay.instant("2026-12-31", in: jakarta) == utc("2026-12-31T16:59:59Z"))
    #expect(
      DateAlone.until("2026-12-31", in: jakarta)
        == .utc(LocalDateTime(year: 2026, month: 12, day: 31, hour: 16, minute: 59, second: 59)!))
    #expect(DateAlone.until("2026-12-31T10:00", in: jakarta) == nil)
    // The day the clocks go back has 25 hours: its end is still 23:59:59 on the wall clock.
    #expect(
      try DateAlone.endOfDay.instant("2026-10-25", in: amsterdam) == utc("2026-10-25T22:59:59Z"))
  }

  @Test func aStartDateAloneIsMidnight() throws {
    #expect(try DateAlone.startOfDay.instant("2026-01-05", in: jakarta) == utc("2026-01-04T17:00Z"))
  }

  @Test func aTimeTheClocksSkipIsRefusedNotMoved() throws {
    let start = try DateTimeText.parse("2026-03-07T02:30", in: newYork)
    let day = DateAlone.seriesTime(of: start, in: newYork)
    #expect(throws: RecurrenceError.self) { try day.instant("2026-03-08", in: newYork) }
    #expect(try day.instant("2026-03-09", in: newYork) == utc("2026-03-09T06:30Z"))
  }

  /// The rule `recur expand` previews with is the one `meeting add` stores: the same dates.
  @Test func theSchedulerReadsDatesAloneByTheSameRule() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.weekly(count: nil, room: nil)
    request.until = "2026-12-28"
    request.exdates = ["2026-12-14"]
    let meeting = try fixture.scheduler.schedule(request).details.meeting
    let recurrence = try #require(meeting.recurrence)

    let start = try fixture.at("2026-12-07T10:00")
    let day = DateAlone.seriesTime(of: start, in: jakarta)
    #expect(recurrence.exdates == [try #require(try day.instant("2026-12-14", in: jakarta))])
    let until = try #require(try DateAlone.endOfDay.instant("2026-12-28", in: jakarta))
    let set = try RecurrenceSet(
      start: start, timeZone: jakarta,
      rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO"),
      exdates: [try #require(try day.instant("2026-12-14", in: jakarta))])
    let previewed = set.occurrences(to: until).map { LocalTime.iso($0.date, in: jakarta) }
    #expect(try fixture.starts(meeting.id) == previewed)
    #expect(previewed == ["2026-12-07T10:00", "2026-12-21T10:00", "2026-12-28T10:00"])
  }
}
