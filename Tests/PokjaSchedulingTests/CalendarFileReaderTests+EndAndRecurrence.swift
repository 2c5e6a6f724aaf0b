import Foundation
import Testing

@testable import PokjaScheduling

/// An event's end (DTEND or DURATION), and its recurrence: RRULE, EXDATE, RDATE.
extension CalendarFileReaderTests {
  // MARK: - End

  @Test func aTimedEventWithoutEndLastsNoTime() throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:e\nDTSTART;TZID=Asia/Jakarta:20260601T090000\nEND:VEVENT")
    #expect(event.end == event.start)
    #expect(event.start == utc("2026-06-01T02:00:00Z"))
  }

  @Test(arguments: [
    ("PT1H30M", "2026-03-28T12:30:00Z"),
    ("P1D", "2026-03-29T10:00:00Z"),  // a day on the wall clock: 12:00 CEST, 23 hours later
    ("PT24H", "2026-03-29T11:00:00Z"),  // exactly 24 hours: 13:00 CEST
    ("P1W", "2026-04-04T10:00:00Z"),
    ("P1DT2H", "2026-03-29T12:00:00Z"),
    ("PT0S", "2026-03-28T11:00:00Z"),
  ])
  func durationAddsDaysOnTheWallClockAndTimeExactly(duration: String, end: String) throws {
    let event = try event(
      """
      BEGIN:VEVENT
      UID:d
      DTSTART;TZID=Europe/Berlin:20260328T120000
      DURATION:\(duration)
      END:VEVENT
      """)
    #expect(event.start == utc("2026-03-28T11:00:00Z"))
    #expect(event.end == utc(end))
  }

  @Test func anAllDayEventWithDurationLastsThoseDays() throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20260320\nDURATION:P2D\nEND:VEVENT")
    #expect(event.isAllDay)
    #expect(event.start == utc("2026-03-19T17:00:00Z"))
    #expect(event.end == utc("2026-03-21T17:00:00Z"))
  }

  @Test func dtendWinsOverDurationWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:b
      DTSTART;TZID=Asia/Jakarta:20260601T090000
      DTEND;TZID=Asia/Jakarta:20260601T100000
      DURATION:PT3H
      END:VEVENT
      """)
    #expect(contents.series.first?.master.end == utc("2026-06-01T03:00:00Z"))
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:7: the event has both DTEND and DURATION")
        == true)
  }

  // MARK: - Recurrence

  @Test func exdatesAndRdatesComeFromEveryPropertyEachWithItsOwnZone() throws {
    let event = try event(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=DAILY;COUNT=10
      EXDATE;TZID=Asia/Jakarta:20260107T090000,20260106T090000
      EXDATE:20260108T020000Z
      EXDATE;TZID=Europe/Berlin:20260109T030000
      EXDATE;TZID=Asia/Jakarta:20260106T090000
      RDATE;VALUE=PERIOD:20260120T020000Z/20260120T040000Z,20260121T020000Z/PT2H
      RDATE;VALUE=DATE:20260125
      RDATE;TZID=Asia/Makassar:20260126T100000
      END:VEVENT
      """)
    #expect(
      event.exdates == [
        utc("2026-01-06T02:00:00Z"), utc("2026-01-07T02:00:00Z"), utc("2026-01-08T02:00:00Z"),
        utc("2026-01-09T02:00:00Z"),
      ])
    #expect(
      event.rdates == [
        utc("2026-01-20T02:00:00Z"), utc("2026-01-21T02:00:00Z"), utc("2026-01-24T17:00:00Z"),
        utc("2026-01-26T02:00:00Z"),
      ])
    #expect(event.rrule == "FREQ=DAILY;COUNT=10")
  }

  @Test func aBadExdateItemIsAnErrorNamingIt() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      EXDATE;TZID=Asia/Jakarta:20260106T090000,2026010T090000
      END:VEVENT
      """)
    #expect(
      failure
        == .invalidDateTime(file: "rapat.ics", line: 6, property: "EXDATE", value: "2026010T090000")
    )
  }

  @Test func anInvalidRRuleIsAnErrorWithRecurrencesReason() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=FORTNIGHTLY;BYDAY=MO
      END:VEVENT
      """, file: "meetings.ics")
    guard case .invalidRule(let file, let line, let rule, _) = failure else {
      Issue.record("expected invalidRule, got \(String(describing: failure))")
      return
    }
    #expect(file == "meetings.ics" && line == 6 && rule == "FREQ=FORTNIGHTLY;BYDAY=MO")
    #expect(
      failure?.errorDescription
        == "meetings.ics:6: RRULE 'FREQ=FORTNIGHTLY;BYDAY=MO': FREQ=FORTNIGHTLY: 'FORTNIGHTLY' is not a frequency; use SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY."
    )
  }

  @Test func aRuleThatEndsBeforeItStartsIsDroppedWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:u
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=WEEKLY;UNTIL=20260101T000000Z
      END:VEVENT
      """)
    #expect(contents.series.first?.master.rrule == nil)
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:6: RRULE 'FREQ=WEEKLY;UNTIL=20260101T000000Z'")
        == true)
  }

  @Test func thisAndFutureIsAcceptedAsOneOccurrenceWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:s
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=WEEKLY;COUNT=8
      SUMMARY:Rapat
      END:VEVENT
      BEGIN:VEVENT
      UID:s
      RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Asia/Jakarta:20260119T090000
      DTSTART;TZID=Asia/Jakarta:20260119T100000
      SUMMARY:Rapat (jam baru)
      END:VEVENT
      """)
    try #require(contents.series.count == 1)
    #expect(contents.series[0].overrides.map(\.recurrenceID) == [utc("2026-01-19T02:00:00Z")])
    #expect(contents.series[0].overrides.first?.start == utc("2026-01-19T03:00:00Z"))
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:11: RECURRENCE-ID;RANGE=THISANDFUTURE") == true)
  }
}
