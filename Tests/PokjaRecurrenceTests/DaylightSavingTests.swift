import Foundation
import PokjaRecurrence
import Testing

/// Rules run on the zone's wall clock: a 09:00 meeting stays at 09:00 when the clocks change, a
/// time the clocks skip moves forward by the gap, and a time that happens twice is the first.
@Suite struct DaylightSavingTests {
  func series(_ rule: String, start: String, in identifier: String, limit: Int = 100) throws
    -> [Occurrence]
  {
    let zone = zone(identifier)
    let set = try RecurrenceSet(
      start: try local(start).date(in: zone), timeZone: zone,
      rule: try RecurrenceRule(parsing: rule))
    return Array(set.occurrences(limit: limit))
  }

  func utc(_ occurrence: Occurrence) -> String {
    LocalDateTime(occurrence.date, in: TimeZone(identifier: "UTC")!).description + "Z"
  }

  /// A set remembers the zone's transitions for its later expansions: expanding again, fully or a
  /// short way first, gives the same instants and offsets.
  @Test func expandingASetAgainGivesTheSameOccurrences() throws {
    let zone = zone("Europe/Amsterdam")
    let set = try RecurrenceSet(
      start: try local("2026-01-05T09:00").date(in: zone), timeZone: zone,
      rule: try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,SU;COUNT=600"))
    let short = Array(set.occurrences(limit: 30))
    let first = Array(set.occurrences())
    let second = Array(set.occurrences())
    #expect(first.count == 600)
    #expect(first == second)
    #expect(Array(first.prefix(30)) == short)
    #expect(Set(first.map(\.secondsFromGMT)) == [3_600, 7_200])
    #expect(first.allSatisfy { $0.description.hasSuffix("T09:00:00") })
  }

  @Test func aDailyMeetingKeepsItsWallClockTimeAcrossNewYorksSpringChange() throws {
    let days = try series("FREQ=DAILY;COUNT=3", start: "2026-03-07T09:00", in: "America/New_York")
    #expect(days.map(\.description) == at("09:00:00", ["2026-03-07", "2026-03-08", "2026-03-09"]))
    // EST (UTC-5) before the change, EDT (UTC-4) after.
    #expect(
      days.map(utc) == [
        "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z",
      ])
    #expect(days.map(\.secondsFromGMT) == [-18_000, -14_400, -14_400])
  }

  @Test func aTimeTheClocksSkipMovesForwardByTheGap() throws {
    // New York skips 02:00–03:00 on 8 March 2026: 02:30 that day is 03:30 EDT (07:30Z).
    let days = try series("FREQ=DAILY;COUNT=4", start: "2026-03-06T02:30", in: "America/New_York")
    #expect(
      days.map(\.description) == [
        "2026-03-06T02:30:00", "2026-03-07T02:30:00", "2026-03-08T03:30:00", "2026-03-09T02:30:00",
      ])
    #expect(utc(days[2]) == "2026-03-08T07:30:00Z")
  }

  @Test func aTimeThatHappensTwiceIsTheFirst() throws {
    // New York repeats 01:00–02:00 on 1 November 2026: 01:30 is taken in EDT (05:30Z), not EST.
    let days = try series("FREQ=DAILY;COUNT=3", start: "2026-10-31T01:30", in: "America/New_York")
    #expect(days.map(\.description) == at("01:30:00", ["2026-10-31", "2026-11-01", "2026-11-02"]))
    #expect(
      days.map(utc) == ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])
  }

  @Test func amsterdamSundaysAtHalfPastTwoAcrossBothChanges() throws {
    let march = try series(
      "FREQ=WEEKLY;BYDAY=SU;COUNT=3", start: "2026-03-22T02:30", in: "Europe/Amsterdam")
    #expect(
      march.map(\.description) == [
        "2026-03-22T02:30:00", "2026-03-29T03:30:00", "2026-04-05T02:30:00",
      ])
    let october = try series(
      "FREQ=WEEKLY;BYDAY=SU;COUNT=3", start: "2026-10-18T02:30", in: "Europe/Amsterdam")
    #expect(
      october.map(\.description) == at("02:30:00", ["2026-10-18", "2026-10-25", "2026-11-01"]))
    // 25 October: the first 02:30 (CEST, 00:30Z).
    #expect(utc(october[1]) == "2026-10-25T00:30:00Z")
  }

  @Test func theLastSundayOfMarchAndOctoberAtTheHourOfTheChange() throws {
    let days = try series(
      "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30;COUNT=4", start: "2026-01-01T00:00",
      in: "Europe/Amsterdam")
    // DTSTART (1 January, midnight) first, as RFC 5545 counts it.
    #expect(
      days.map(\.description) == [
        "2026-01-01T00:00:00", "2026-03-29T03:30:00", "2026-10-25T02:30:00", "2027-03-28T03:30:00",
      ])
  }

  @Test func hourlyStepsThroughTheSkippedHourOnce() throws {
    // Wall-clock 00:00, 01:00, 02:00, 03:00, 04:00: 02:00 does not exist and moves to 03:00, the
    // same instant as the next step, which the set holds once.
    let hours = try series("FREQ=HOURLY;COUNT=5", start: "2026-03-29T00:00", in: "Europe/Amsterdam")
    #expect(
      hours.map(\.description) == [
        "2026-03-29T00:00:00", "2026-03-29T01:00:00", "2026-03-29T03:00:00", "2026-03-29T04:00:00",
      ])
  }

  @Test func hourlyStepsThroughTheRepeatedHourTakeItOnce() throws {
    // The wall clock shows 02:00 twice on 25 October; the rule's 02:00 is the first (CEST), so the
    // instants jump from 00:00Z to 02:00Z.
    let hours = try series("FREQ=HOURLY;COUNT=4", start: "2026-10-25T00:00", in: "Europe/Amsterdam")
    #expect(
      hours.map(\.description) == [
        "2026-10-25T00:00:00", "2026-10-25T01:00:00", "2026-10-25T02:00:00", "2026-10-25T03:00:00",
      ])
    #expect(
      hours.map(utc) == [
        "2026-10-24T22:00:00Z", "2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z",
        "2026-10-25T02:00:00Z",
      ])
  }

  @Test func occurrencesComeInOrderWhenStepsCrossTheGap() throws {
    // 45-minute steps from 00:00 on New York's spring day: the step at 02:15 falls in the gap and
    // becomes 03:15 (07:15Z), which comes after the next step, 03:00 (07:00Z).
    let steps = try series(
      "FREQ=MINUTELY;INTERVAL=45;COUNT=8", start: "2026-03-08T00:00", in: "America/New_York")
    #expect(
      steps.map(\.description) == [
        "2026-03-08T00:00:00", "2026-03-08T00:45:00", "2026-03-08T01:30:00", "2026-03-08T03:00:00",
        "2026-03-08T03:15:00", "2026-03-08T03:45:00", "2026-03-08T04:30:00", "2026-03-08T05:15:00",
      ])
    let instants = steps.map(\.date)
    #expect(instants == instants.sorted())
  }

  @Test func zonesWithoutDaylightSavingTimeAreSteady() throws {
    let days = try series(
      "FREQ=WEEKLY;BYDAY=MO;COUNT=3", start: "2026-01-05T09:00", in: "Asia/Jakarta")
    #expect(
      days.map(utc) == ["2026-01-05T02:00:00Z", "2026-01-12T02:00:00Z", "2026-01-19T02:00:00Z"])
  }

  @Test func aStartInTheGapIsRefused() throws {
    #expect(
      throws: RecurrenceError.nonexistentLocalTime(
        local("2026-03-08T02:30"), zone: "America/New_York")
    ) {
      try local("2026-03-08T02:30").date(in: zone("America/New_York"))
    }
  }
}
