import Foundation
import PokjaRecurrence
import PokjaTestSupport
import Testing

@Suite struct RecurrenceSetTests {
  let jakarta = zone("Asia/Jakarta")

  func date(_ text: String) throws -> Date { try local(text).date(in: jakarta) }

  /// Found by fuzzing: a period years past the last known transition fetched every transition in
  /// between (seconds for `INTERVAL=7274`); it jumps now, and the far occurrences still get the
  /// summer or winter offset of their own day.
  @Test func farPeriodsJumpAheadWithTheRightOffsets() throws {
    let newYork = zone("America/New_York")
    let set = try RecurrenceSet(
      start: try local("2026-07-01T09:00").date(in: newYork), timeZone: newYork,
      rule: try RecurrenceRule(parsing: "FREQ=YEARLY;INTERVAL=100;BYMONTH=1,7;COUNT=7"))
    let occurrences = Array(set.occurrences())
    #expect(
      occurrences.map(\.local.description) == [
        "2026-07-01T09:00:00", "2126-01-01T09:00:00", "2126-07-01T09:00:00", "2226-01-01T09:00:00",
        "2226-07-01T09:00:00", "2326-01-01T09:00:00", "2326-07-01T09:00:00",
      ])
    #expect(
      occurrences.map(\.secondsFromGMT) == [-14400] + [-18000, -14400] + [-18000, -14400] + [
        -18000, -14400,
      ])
    // A rule that can never give another occurrence is known to be empty after one 400-year cycle.
    let never = try expand(
      "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=32", start: "2026-01-05T09:00", in: "Asia/Jakarta"
    )
    #expect(never == ["2026-01-05T09:00:00"])
  }

  @Test func rdatesJoinInOrderAndExdatesLeaveEachInstantOnce() throws {
    let days = try expand(
      "FREQ=WEEKLY;BYDAY=MO;COUNT=4", start: "2026-01-05T09:00", in: "Asia/Jakarta",
      rdates: ["2026-01-14T15:00", "2026-01-12T09:00", "2026-01-03T10:00"],
      exdates: ["2026-01-19T09:00", "2026-01-14T15:00"])
    #expect(
      days == [
        "2026-01-03T10:00:00", "2026-01-05T09:00:00", "2026-01-12T09:00:00", "2026-01-26T09:00:00",
      ])
  }

  @Test func withoutARuleTheSetIsTheStartAndTheRdates() throws {
    let set = try RecurrenceSet(
      start: try date("2026-01-05T09:00"), timeZone: jakarta, rule: nil,
      rdates: [try date("2026-02-02T09:00"), try date("2026-01-05T09:00")],
      exdates: [try date("2026-03-02T09:00")])
    #expect(set.map(\.description) == ["2026-01-05T09:00:00", "2026-02-02T09:00:00"])
  }

  @Test func aStartOffTheRuleIsTheFirstOccurrenceAndCounts() throws {
    // 7 January 2026 is a Wednesday, not a first Monday: still the first of the three (RFC 5545
    // §3.3.10; python-dateutil would leave it out and give three first Mondays).
    #expect(
      try expand("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: "2026-01-07T10:00", in: "Asia/Jakarta")
        == at("10:00:00", ["2026-01-07", "2026-02-02", "2026-03-02"]))
    #expect(
      try ruleInstances("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: "2026-01-07T10:00")
        == at("10:00:00", ["2026-02-02", "2026-03-02", "2026-04-06"]))
    // A matching start is the first occurrence and counts.
    #expect(
      try expand("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: "2026-01-05T10:00", in: "Asia/Jakarta")
        == at("10:00:00", ["2026-01-05", "2026-02-02", "2026-03-02"]))
  }

  @Test func aWindowTakesTheOccurrencesBetweenItsBoundsInclusive() throws {
    let set = try RecurrenceSet(
      start: try date("2026-01-05T09:00"), timeZone: jakarta,
      rule: try RecurrenceRule(parsing: "FREQ=DAILY"))
    let window = set.occurrences(
      from: try date("2026-02-01T09:00"), to: try date("2026-02-04T09:00"))
    #expect(
      window.map(\.description)
        == at("09:00:00", ["2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04"]))
    #expect(
      set.occurrences(from: try date("2026-02-01T09:00"), limit: 2).map(\.description).count == 2)
    // Unbounded rules are lazy.
    #expect(Array(set.prefix(3)).count == 3)
  }

  @Test func theDateOfAnOccurrenceIsItsInstant() throws {
    let set = try RecurrenceSet(
      start: try date("2026-01-05T09:00"), timeZone: jakarta,
      rule: try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=1"))
    #expect(set.map(\.date) == [try date("2026-01-05T09:00")])
    #expect(set.map(\.local) == [local("2026-01-05T09:00")])
  }

  @Test(arguments: [
    "FREQ=DAILY;UNTIL=20260104T235959Z", "FREQ=DAILY;UNTIL=20260105T085959",
    "FREQ=DAILY;UNTIL=20260104",
  ])
  func untilBeforeTheStartIsRefused(rule: String) throws {
    let parsed = try RecurrenceRule(parsing: rule)
    let start = try date("2026-01-05T09:00")
    let until = try #require(parsed.until).description
    #expect(
      throws: RecurrenceError.untilBeforeStart(until: until, start: local("2026-01-05T09:00"))
    ) {
      try RecurrenceSet(start: start, timeZone: jakarta, rule: parsed)
    }
  }

  @Test func untilAtTheStartGivesTheStart() throws {
    #expect(
      try expand("FREQ=DAILY;UNTIL=20260105T090000", start: "2026-01-05T09:00", in: "Asia/Jakarta")
        == ["2026-01-05T09:00:00"])
  }

  @Test(arguments: [
    "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1,2;BYSETPOS=3",
    "FREQ=HOURLY;INTERVAL=2;BYHOUR=10", "FREQ=SECONDLY;INTERVAL=2;BYSECOND=1",
    "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6", "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=-30",
  ])
  func aRuleThatNeverGivesAnythingEndsInsteadOfHanging(rule: String) throws {
    // Started at 09:00:00, an odd hour and an even second. DTSTART is the event's one occurrence.
    #expect(
      try expand(rule + ";COUNT=3", start: "2026-01-05T09:00", in: "Asia/Jakarta")
        == ["2026-01-05T09:00:00"])
    #expect(try ruleInstances(rule, start: "2026-01-05T09:00", in: "Asia/Jakarta").isEmpty)
  }

  @Test func rareButRealOccurrencesAreStillFound() throws {
    // 29 February on a Monday: 2044, 2072, 2112 (2100 is no leap year).
    #expect(
      try ruleInstances(
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;COUNT=3", start: "2026-01-05T09:00",
        in: "Asia/Jakarta") == at("09:00:00", ["2044-02-29", "2072-02-29", "2112-02-29"]))
  }

  @Test func theSeriesEndsAtTheYear9999() throws {
    let years = try expand("FREQ=YEARLY;INTERVAL=1000", start: "2026-01-05T09:00", in: "UTC")
    #expect(years.last == "9026-01-05T09:00:00")
    #expect(years.count == 8)
  }

  @Test func theZoneIsLookedUpByIANANameOrIndonesianAbbreviation() throws {
    #expect(try RecurrenceSet.timeZone(named: "WITA").identifier == "Asia/Makassar")
    #expect(try RecurrenceSet.timeZone(named: "Europe/Amsterdam").identifier == "Europe/Amsterdam")
    #expect(throws: RecurrenceError.unknownTimeZone("Mars/Olympus")) {
      try RecurrenceSet.timeZone(named: "Mars/Olympus")
    }
  }
}

/// Where python-dateutil departs from RFC 5545, this package follows the RFC. Each case says why;
/// dateutil's own answer is asserted too, so a dateutil that changes is noticed.
@Suite struct DateutilDeviationTests {
  /// dateutil's answer for one rule from a naive (floating) DTSTART.
  func dateutil(_ rule: String, start: String, limit: Int = 10) throws -> [String] {
    let script = """
      import itertools, json, sys
      from datetime import datetime
      from dateutil.rrule import rrulestr
      rule = rrulestr(sys.argv[1], dtstart=datetime.fromisoformat(sys.argv[2]))
      print(json.dumps({"times": [d.strftime("%Y-%m-%dT%H:%M:%S")
                                  for d in itertools.islice(rule, int(sys.argv[3]))]}))
      """
    let output = try PythonTool.json(inline: script, arguments: [rule, start, String(limit)])
    return try #require(output["times"] as? [String])
  }

  @Test func plainAndNumberedWeekdaysTogetherAreAUnion() throws {
    // BYDAY=MO,1FR: every Monday and the first Friday. dateutil requires a day to be both (a
    // Monday that is the first Friday), so it finds nothing.
    let rule = "FREQ=MONTHLY;BYDAY=MO,1FR;COUNT=6"
    #expect(
      try ruleInstances(rule, start: "2026-01-01T09:00", in: "UTC")
        == at(
          "09:00:00",
          ["2026-01-02", "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]))
    #expect(try dateutil(rule, start: "2026-01-01T09:00").isEmpty)
  }

  @Test func setPositionsCountTheWholeFirstWeek() throws {
    // BYSETPOS picks from the week's set (RFC 5545 §3.3.10), the week holding DTSTART included:
    // from Wednesday 7 January, the first of Monday, Wednesday and Friday that week is Monday 5
    // January, before DTSTART, so that week gives nothing. dateutil starts the first week's set at
    // DTSTART and takes Wednesday. (The recurrence set has Wednesday anyway, as DTSTART.)
    let rule = "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=1;COUNT=3"
    #expect(
      try ruleInstances(rule, start: "2026-01-07T09:00", in: "UTC")
        == at("09:00:00", ["2026-01-12", "2026-01-19", "2026-01-26"]))
    #expect(
      try dateutil(rule, start: "2026-01-07T09:00")
        == at("09:00:00", ["2026-01-07", "2026-01-12", "2026-01-19"]))
  }

  @Test func aDateUntilTakesInTheWholeDay() throws {
    // UNTIL bounds the rule inclusively; as a DATE it includes that day's occurrences. dateutil
    // reads it as midnight and drops 3 January at 09:00.
    let rule = "FREQ=DAILY;UNTIL=20260103"
    #expect(
      try expand(rule, start: "2026-01-01T09:00", in: "UTC")
        == at("09:00:00", ["2026-01-01", "2026-01-02", "2026-01-03"]))
    #expect(
      try dateutil(rule, start: "2026-01-01T09:00") == at("09:00:00", ["2026-01-01", "2026-01-02"]))
  }

  @Test func weekNumbersAgreeWithPythonsISOCalendar() throws {
    // Python's `date.isocalendar()` numbers weeks as RFC 5545 does with WKST=MO. Every day from 1990
    // to 2039 in week 1, week 53, or the last week of its ISO year:
    let script = """
      import json
      from datetime import date, timedelta
      def weeks(year):
          return date(year, 12, 28).isocalendar()[1]
      day, days = date(1990, 1, 1), []
      while day.year < 2040:
          year, week, _ = day.isocalendar()
          if week in (1, 53) or week == weeks(year):
              days.append(day.isoformat() + "T12:00:00")
          day += timedelta(days=1)
      print(json.dumps({"days": days}))
      """
    let expected = try #require(PythonTool.json(inline: script)["days"] as? [String])
    let ours = try expand(
      "FREQ=YEARLY;BYWEEKNO=1,53,-1;UNTIL=20391231T235959Z", start: "1990-01-01T12:00", in: "UTC",
      limit: 10_000)
    #expect(ours == expected)
    // dateutil gets the previous year's week count wrong for some years (rrule.py computes
    // `lnumweeks` from this year's length): it puts 2 January 2050, in week 52 of 2049, in week 53.
    #expect(
      try dateutil("FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU", start: "2049-06-01T12:00", limit: 1)
        == ["2050-01-02T12:00:00"])
    // The first Sunday of a 53rd week after it is in 2054's (Sunday 3 January 2055).
    #expect(
      try ruleInstances("FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU;COUNT=1", start: "2049-06-01T12:00")
        == ["2055-01-03T12:00:00"])
  }
}
