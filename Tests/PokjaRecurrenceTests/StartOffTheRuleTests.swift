import Foundation
import PokjaRecurrence
import PokjaTestSupport
import Testing

/// RFC 5545 §3.8.5.1 and §3.3.10: DTSTART is the first instance of the recurrence set even when
/// the rule would not give it, and it counts as the first occurrence for COUNT.
@Suite struct StartOffTheRuleTests {
  @Test func theStartIsTheFirstOccurrenceWhenTheRuleDoesNotGiveIt() throws {
    // Tuesday 5 January 2027; the rule gives first Mondays.
    #expect(
      try expand(
        "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270401T000000Z", start: "2027-01-05T09:00",
        in: "Asia/Jakarta")
        == at("09:00:00", ["2027-01-05", "2027-02-01", "2027-03-01"]))
    // Open-ended, and times of day: 08:00 is not one of BYHOUR's.
    #expect(
      try expand("FREQ=DAILY;BYHOUR=9,14", start: "2027-01-05T08:00", in: "UTC", limit: 4)
        == [
          "2027-01-05T08:00:00", "2027-01-05T09:00:00", "2027-01-05T14:00:00",
          "2027-01-06T09:00:00",
        ])
  }

  @Test func theStartCountsAsTheFirstOfCount() throws {
    #expect(
      try expand("FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: "2027-01-05T09:00", in: "Asia/Jakarta")
        == at("09:00:00", ["2027-01-05", "2027-02-01", "2027-03-01"]))
    #expect(
      try expand("FREQ=WEEKLY;BYDAY=TH;COUNT=1", start: "2027-03-03T10:00", in: "UTC")
        == ["2027-03-03T10:00:00"])
  }

  @Test func aRuleThatGivesNothingStillHasItsStart() throws {
    // 30 February never comes; DTSTART is still the event.
    #expect(
      try expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", start: "2027-02-01T10:00", in: "UTC")
        == ["2027-02-01T10:00:00"])
    // An EXDATE on DTSTART removes it, as in RFC 5545's "every Friday the 13th" example.
    #expect(
      try expand(
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "1997-09-02T09:00", limit: 2,
        exdates: ["1997-09-02T09:00"]) == at("09:00:00", ["1998-02-13", "1998-03-13"]))
  }

  @Test func theFirstInstanceOfTheRuleItselfIsKnown() throws {
    let jakarta = zone("Asia/Jakarta")
    let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1MO;COUNT=3")
    let off = try RecurrenceSet(
      start: try local("2027-01-05T09:00").date(in: jakarta), timeZone: jakarta, rule: rule)
    #expect(off.firstRuleInstance()?.local.description == "2027-02-01T09:00:00")
    let on = try RecurrenceSet(
      start: try local("2027-02-01T09:00").date(in: jakarta), timeZone: jakarta, rule: rule)
    #expect(on.firstRuleInstance()?.date == on.start)
    let never = try RecurrenceSet(
      start: try local("2027-02-01T09:00").date(in: jakarta), timeZone: jakarta,
      rule: try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
    #expect(never.firstRuleInstance() == nil)
  }

  struct Case: Encodable {
    let rule: String
    let start: String
    let tz: String
    let from: String
    let to: String
    var exdates: [String] = []
  }

  static let cases: [Case] = [
    // Off the rule: a Tuesday start of "first Monday", with UNTIL.
    Case(
      rule: "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270601T000000Z", start: "2027-01-05T09:00",
      tz: "Asia/Jakarta", from: "2027-01-01", to: "2028-01-01"),
    // Off the rule, no end, across Amsterdam's spring change.
    Case(
      rule: "FREQ=WEEKLY;BYDAY=MO,WE", start: "2027-03-07T10:00", tz: "Europe/Amsterdam",
      from: "2027-03-01", to: "2027-04-15"),
    // Off the rule by the time of day.
    Case(
      rule: "FREQ=DAILY;BYHOUR=9,14;UNTIL=20270110T000000Z", start: "2027-01-05T08:00",
      tz: "Asia/Makassar", from: "2027-01-01", to: "2027-02-01"),
    // A rule that never gives anything.
    Case(
      rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", start: "2027-02-01T10:00", tz: "UTC",
      from: "2027-01-01", to: "2031-01-01"),
    // RFC 5545's Friday the 13th, with DTSTART left out by an EXDATE.
    Case(
      rule: "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "1997-09-02T09:00",
      tz: "America/New_York", from: "1997-01-01", to: "2000-01-01",
      exdates: ["1997-09-02T09:00"]),
    // On the rule, with COUNT: everyone agrees.
    Case(
      rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6", start: "2027-01-29T13:30", tz: "Asia/Jakarta",
      from: "2027-01-01", to: "2028-01-01"),
  ]

  static let script = """
    import datetime, json, sys
    import icalendar, recurring_ical_events

    results = []
    for case in json.loads(sys.argv[1]):
        start = datetime.datetime.fromisoformat(case["start"])
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pokja//Tests//EN", "BEGIN:VEVENT",
                 "UID:case", "DTSTAMP:20260101T000000Z",
                 "DTSTART;TZID=%s:%s" % (case["tz"], start.strftime("%Y%m%dT%H%M%S")),
                 "DURATION:PT30M", "RRULE:" + case["rule"]]
        for text in case["exdates"]:
            value = datetime.datetime.fromisoformat(text)
            lines.append("EXDATE;TZID=%s:%s" % (case["tz"], value.strftime("%Y%m%dT%H%M%S")))
        lines += ["END:VEVENT", "END:VCALENDAR", ""]
        calendar = icalendar.Calendar.from_ical("\\r\\n".join(lines))
        found = recurring_ical_events.of(calendar).between(
            datetime.date.fromisoformat(case["from"]), datetime.date.fromisoformat(case["to"]))
        starts = sorted(event.decoded("DTSTART") for event in found)
        results.append([value.strftime("%Y-%m-%dT%H:%M:%S") for value in starts])
    print(json.dumps({"results": results}))
    """

  /// The same events through `recurring-ical-events` (icalendar + dateutil), which adds DTSTART to
  /// the rule's instances as Google Calendar does.
  @Test func occurrencesMatchRecurringICalEvents() throws {
    let input = String(decoding: try JSONEncoder().encode(Self.cases), as: UTF8.self)
    let output = try PythonTool.json(inline: Self.script, arguments: [input])
    let results = try #require(output["results"] as? [[String]])
    try #require(results.count == Self.cases.count)
    for (test, theirs) in zip(Self.cases, results) {
      let zone = zone(test.tz)
      let set = try RecurrenceSet(
        start: try local(test.start).date(in: zone), timeZone: zone,
        rule: try RecurrenceRule(parsing: test.rule),
        exdates: try test.exdates.map { try local($0).date(in: zone) })
      let from = try local(test.from + "T00:00").date(in: zone)
      let to = try local(test.to + "T00:00").date(in: zone).addingTimeInterval(-1)
      let ours = set.occurrences(from: from, to: to).map(\.local.description)
      #expect(ours == theirs, "\(test.rule) from \(test.start)")
      #expect(!ours.isEmpty)
    }
  }

  /// Where the two readings part: with COUNT and DTSTART off the rule, RFC 5545 §3.3.10 counts
  /// DTSTART as the first of COUNT (so does Pokja); recurring-ical-events (and Google Calendar) add
  /// it beside COUNT instances of the rule, one more at the end.
  @Test func withCountRecurringICalEventsHasOneMoreAtTheEnd() throws {
    let test = Case(
      rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=4", start: "2027-03-03T10:00", tz: "Asia/Jakarta",
      from: "2027-01-01", to: "2028-01-01")
    let input = String(decoding: try JSONEncoder().encode([test]), as: UTF8.self)
    let output = try PythonTool.json(inline: Self.script, arguments: [input])
    let theirs = try #require((output["results"] as? [[String]])?.first)
    let ours = try expand(test.rule, start: test.start, in: test.tz)
    #expect(ours == at("10:00:00", ["2027-03-03", "2027-03-04", "2027-03-11", "2027-03-18"]))
    #expect(theirs == ours + ["2027-03-25T10:00:00"])
  }
}
