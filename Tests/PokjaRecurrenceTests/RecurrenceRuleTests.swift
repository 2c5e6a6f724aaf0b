import Foundation
import Testing

@testable import PokjaRecurrence

@Suite struct RecurrenceRuleTests {
  @Test func readsEveryPart() throws {
    let rule = try RecurrenceRule(
      parsing:
        "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYSECOND=0,30;BYMINUTE=15;BYHOUR=9,14;BYDAY=MO,-1FR,+2TU;BYMONTHDAY=1,-1;BYYEARDAY=100,-100;BYMONTH=3,6;BYSETPOS=1,-1;WKST=SU"
    )
    #expect(rule.frequency == .yearly)
    #expect(rule.interval == 2)
    #expect(rule.count == 10)
    #expect(rule.bySecond == [0, 30])
    #expect(rule.byMinute == [15])
    #expect(rule.byHour == [9, 14])
    #expect(
      rule.byDay == [
        .init(.monday), .init(.tuesday, ordinal: 2), .init(.friday, ordinal: -1),
      ])
    #expect(rule.byMonthDay == [1, -1])
    #expect(rule.byYearDay == [100, -100])
    #expect(
      try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=-1,20;BYDAY=MO").byWeekNumber == [20, -1])
    #expect(rule.byMonth == [3, 6])
    #expect(rule.bySetPosition == [1, -1])
    #expect(rule.weekStart == .sunday)
  }

  @Test func writesItselfBackCanonically() throws {
    let rule = try RecurrenceRule(
      parsing: " rrule:byday=-1su,1su;interval=2;count=10;freq=monthly;wkst=mo; ")
    #expect(rule.description == "FREQ=MONTHLY;COUNT=10;INTERVAL=2;BYDAY=1SU,-1SU")
    #expect(try RecurrenceRule(parsing: rule.description) == rule)
    #expect(
      try RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTHDAY=-1,15,1,15")
        == RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTHDAY=1,15,-1"))
    #expect(
      try RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=FR,MO").description
        == "FREQ=WEEKLY;BYDAY=MO,FR;WKST=SU")
  }

  @Test(arguments: [
    ("FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231"),
    ("FREQ=DAILY;UNTIL=20261231T090000", "FREQ=DAILY;UNTIL=20261231T090000"),
    ("FREQ=DAILY;UNTIL=20261231t020000z", "FREQ=DAILY;UNTIL=20261231T020000Z"),
  ])
  func keepsTheKindOfUntil(text: String, canonical: String) throws {
    let rule = try RecurrenceRule(parsing: text)
    #expect(rule.description == canonical)
    #expect(try RecurrenceRule(parsing: canonical) == rule)
  }

  @Test func untilKinds() throws {
    #expect(
      try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20261231").until
        == .date(year: 2026, month: 12, day: 31))
    #expect(
      try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20261231T090000").until
        == .floating(local("2026-12-31T09:00")))
    #expect(
      try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20261231T020000Z").until
        == .utc(local("2026-12-31T02:00")))
  }

  @Test func theMemberwiseInitialiserChecksAsTheParserDoes() throws {
    let rule = try RecurrenceRule(
      frequency: .monthly, count: 12, byDay: [.init(.monday, ordinal: 1)])
    #expect(rule.description == "FREQ=MONTHLY;COUNT=12;BYDAY=1MO")
    #expect(throws: RecurrenceError.ordinalNeedsMonthlyOrYearly(value: "1MO", frequency: .weekly)) {
      try RecurrenceRule(frequency: .weekly, byDay: [.init(.monday, ordinal: 1)])
    }
  }

  @Test func theWeekdayErrorNamesThePartAndTheFix() {
    #expect(throws: RecurrenceError.invalidWeekday(part: "BYDAY", value: "1XX", weekday: "XX")) {
      try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=MO,1XX")
    }
    #expect(
      RecurrenceError.invalidWeekday(part: "BYDAY", value: "1XX", weekday: "XX")
        .localizedDescription
        == "BYDAY=1XX: 'XX' is not a weekday; use MO, TU, WE, TH, FR, SA or SU")
  }

  static let badRules: [(String, RecurrenceError)] = [
    ("", .empty),
    ("  ;  ", .empty),
    ("FREQ", .malformedPart("FREQ")),
    ("FREQ=DAILY;=5", .malformedPart("=5")),
    ("FREQ=DAILY;FOO=1", .unknownPart("FOO")),
    ("FREQ=DAILY;FREQ=WEEKLY", .repeatedPart("FREQ")),
    ("FREQ=DAILY;COUNT=", .missingValue(part: "COUNT")),
    ("FREQ=MONTHLY;BYMONTHDAY=1,,2", .emptyListItem(part: "BYMONTHDAY", value: "1,,2")),
    ("COUNT=5", .missingFrequency),
    ("FREQ=FORTNIGHTLY", .unknownFrequency("FORTNIGHTLY")),
    (
      "FREQ=DAILY;INTERVAL=two",
      .notANumber(part: "INTERVAL", value: "two", allowed: "a whole number from 1 to 1000000")
    ),
    (
      "FREQ=DAILY;INTERVAL=0",
      .outOfRange(part: "INTERVAL", value: "0", allowed: "a whole number from 1 to 1000000")
    ),
    (
      "FREQ=DAILY;COUNT=0",
      .outOfRange(part: "COUNT", value: "0", allowed: "a whole number from 1 up")
    ),
    (
      "FREQ=DAILY;COUNT=99999999999999999999999",
      .outOfRange(
        part: "COUNT", value: "99999999999999999999999", allowed: "a whole number from 1 up")
    ),
    ("FREQ=DAILY;COUNT=5;UNTIL=20261231", .countAndUntil),
    ("FREQ=DAILY;UNTIL=2026-12-31", .invalidUntil("2026-12-31")),
    ("FREQ=DAILY;UNTIL=20260230", .invalidUntil("20260230")),
    ("FREQ=DAILY;UNTIL=20261231T250000Z", .invalidUntil("20261231T250000Z")),
    ("FREQ=MINUTELY;BYSECOND=61", .outOfRange(part: "BYSECOND", value: "61", allowed: "0 to 60")),
    ("FREQ=DAILY;BYMINUTE=60", .outOfRange(part: "BYMINUTE", value: "60", allowed: "0 to 59")),
    ("FREQ=DAILY;BYHOUR=24", .outOfRange(part: "BYHOUR", value: "24", allowed: "0 to 23")),
    ("FREQ=DAILY;BYHOUR=-1", .outOfRange(part: "BYHOUR", value: "-1", allowed: "0 to 23")),
    (
      "FREQ=MONTHLY;BYMONTHDAY=0",
      .outOfRange(part: "BYMONTHDAY", value: "0", allowed: "1 to 31 or -31 to -1")
    ),
    (
      "FREQ=MONTHLY;BYMONTHDAY=-32",
      .outOfRange(part: "BYMONTHDAY", value: "-32", allowed: "1 to 31 or -31 to -1")
    ),
    (
      "FREQ=YEARLY;BYYEARDAY=367",
      .outOfRange(part: "BYYEARDAY", value: "367", allowed: "1 to 366 or -366 to -1")
    ),
    (
      "FREQ=YEARLY;BYWEEKNO=54",
      .outOfRange(part: "BYWEEKNO", value: "54", allowed: "1 to 53 or -53 to -1")
    ),
    ("FREQ=YEARLY;BYMONTH=13", .outOfRange(part: "BYMONTH", value: "13", allowed: "1 to 12")),
    (
      "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0",
      .outOfRange(part: "BYSETPOS", value: "0", allowed: "1 to 366 or -366 to -1")
    ),
    ("FREQ=MONTHLY;BYDAY=1XX", .invalidWeekday(part: "BYDAY", value: "1XX", weekday: "XX")),
    (
      "FREQ=WEEKLY;BYDAY=Monday", .invalidWeekday(part: "BYDAY", value: "Monday", weekday: "Monday")
    ),
    ("FREQ=WEEKLY;WKST=XX", .invalidWeekday(part: "WKST", value: "XX", weekday: "XX")),
    ("FREQ=WEEKLY;BYDAY=1MO", .ordinalNeedsMonthlyOrYearly(value: "1MO", frequency: .weekly)),
    ("FREQ=DAILY;BYDAY=-1FR", .ordinalNeedsMonthlyOrYearly(value: "-1FR", frequency: .daily)),
    ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO", .ordinalWithWeekNumber(value: "1MO")),
    (
      "FREQ=MONTHLY;BYDAY=6MO",
      .ordinalOutOfRange(
        value: "6MO", allowed: "1 to 5 or -1 to -5 (a month has at most five of each weekday)")
    ),
    (
      "FREQ=YEARLY;BYMONTH=1;BYDAY=-6MO",
      .ordinalOutOfRange(
        value: "-6MO", allowed: "1 to 5 or -1 to -5 (a month has at most five of each weekday)")
    ),
    ("FREQ=YEARLY;BYDAY=54MO", .ordinalOutOfRange(value: "54MO", allowed: "1 to 53 or -1 to -53")),
    (
      "FREQ=MONTHLY;BYDAY=0MO",
      .ordinalOutOfRange(
        value: "0MO", allowed: "1 to 5 or -1 to -5 (a month has at most five of each weekday)")
    ),
    ("FREQ=MONTHLY;BYWEEKNO=1", .partNotAllowed(part: "BYWEEKNO", value: "1", frequency: .monthly)),
    (
      "FREQ=DAILY;BYYEARDAY=1,-1",
      .partNotAllowed(part: "BYYEARDAY", value: "1,-1", frequency: .daily)
    ),
    (
      "FREQ=WEEKLY;BYMONTHDAY=13",
      .partNotAllowed(part: "BYMONTHDAY", value: "13", frequency: .weekly)
    ),
    ("FREQ=MONTHLY;BYSETPOS=-1", .setPositionWithoutOtherPart(value: "-1")),
  ]

  @Test(arguments: badRules)
  func refusesABadRuleSayingWhichPart(text: String, error: RecurrenceError) {
    #expect(throws: error) { try RecurrenceRule(parsing: text) }
    let message = error.localizedDescription
    #expect(!message.isEmpty)
    // Every message says what to do, after a ';' or in a second sentence.
    #expect(
      message.contains(";") || message.contains("use") || message.contains("write"), "\(message)")
  }

  @Test func messagesNameThePartAndTheFix() {
    let cases: [(RecurrenceError, String)] = [
      (
        .outOfRange(part: "BYMONTHDAY", value: "32", allowed: "1 to 31 or -31 to -1"),
        "BYMONTHDAY=32: 32 is out of range; use 1 to 31 or -31 to -1"
      ),
      (.countAndUntil, "COUNT and UNTIL cannot both be given; keep one of them"),
      (
        .ordinalNeedsMonthlyOrYearly(value: "1MO", frequency: .weekly),
        "BYDAY=1MO: a numbered weekday (first, last, …) needs FREQ=MONTHLY or FREQ=YEARLY, not FREQ=WEEKLY; write BYDAY=MO for every one"
      ),
      (
        .unknownFrequency("FORTNIGHTLY"),
        "FREQ=FORTNIGHTLY: 'FORTNIGHTLY' is not a frequency; use SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY"
      ),
      (
        .untilBeforeStart(until: "20251231T000000Z", start: local("2026-01-05T09:00")),
        "UNTIL=20251231T000000Z is before the start (2026-01-05T09:00:00), so the rule gives nothing; use a later UNTIL or an earlier start"
      ),
    ]
    for (error, message) in cases { #expect(error.localizedDescription == message) }
  }

  @Test func aLeapSecondIsAcceptedAndGivesNothing() throws {
    let rule = try RecurrenceRule(parsing: "FREQ=MINUTELY;BYSECOND=60;COUNT=3")
    #expect(rule.bySecond == [60])
    #expect(try ruleInstances(rule.description, start: "2026-01-05T09:00", in: "UTC").isEmpty)
  }
}
