import Foundation
import PokjaRecurrence
import PokjaTestSupport
import Testing

/// Expands the same rules with python-dateutil (an independent implementation) and compares the
/// wall-clock times, occurrence by occurrence. Where DTSTART is not one of the rule's instances,
/// dateutil's answer is read as RFC 5545 reads the event: DTSTART first, and counted in COUNT.
///
/// dateutil yields a wall-clock time in a daylight-saving gap as it was computed (02:30 on the day
/// the clocks skip 02:00–03:00). The script reads each time as RFC 5545 §3.3.5 says (the offset
/// before the gap: Python's `fold=0`), which moves it forward by the gap. Where that makes two
/// occurrences the same instant, or puts them out of order, the recurrence set holds the instant
/// once, in order; those cases are compared as sets and counted below.
@Suite struct DateutilComparisonTests {
  struct Case: Encodable {
    let rule: String
    let start: String
    let tz: String
    var limit = 60
    var rdates: [String] = []
    var exdates: [String] = []
  }

  static let cases: [Case] = [
    Case(rule: "FREQ=DAILY;COUNT=10", start: "2026-01-05T09:00", tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=30", start: "2026-01-05T09:00", tz: "Asia/Jakarta"),
    Case(rule: "FREQ=MONTHLY;BYDAY=1MO;COUNT=24", start: "2026-01-05T09:00", tz: "Asia/Jakarta"),
    Case(rule: "FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: "2026-01-07T10:00", tz: "Asia/Jakarta"),
    Case(rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=24", start: "2026-01-30T13:30", tz: "Asia/Makassar"),
    Case(
      rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12", start: "2026-01-31T08:00", tz: "Asia/Jayapura"),
    Case(
      rule: "FREQ=MONTHLY;BYMONTHDAY=-1,15;COUNT=20", start: "2026-01-15T09:00",
      tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=5", start: "2024-02-29T10:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=YEARLY;BYWEEKNO=1,52,53;BYDAY=MO,SU;COUNT=40", start: "2019-01-01T09:00",
      tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=YEARLY;BYWEEKNO=-1;COUNT=28", start: "2019-01-01T09:00", tz: "America/New_York"),
    Case(
      rule: "FREQ=YEARLY;BYWEEKNO=1,20;WKST=SU;BYDAY=SU,WE;COUNT=20", start: "2000-01-01T12:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=YEARLY;BYYEARDAY=1,-1,100,-100;COUNT=20", start: "2026-01-01T09:00",
      tz: "Asia/Kolkata"),
    Case(rule: "FREQ=YEARLY;BYDAY=20MO;COUNT=5", start: "1997-05-19T09:00", tz: "America/New_York"),
    Case(
      rule: "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8;COUNT=6",
      start: "1996-11-05T09:00", tz: "America/New_York"),
    Case(
      rule: "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30;COUNT=12",
      start: "2026-01-01T00:00", tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=30;UNTIL=20261102T120000Z",
      start: "2026-10-30T00:00", tz: "America/New_York"),
    Case(
      rule: "FREQ=HOURLY;INTERVAL=5;COUNT=40", start: "2026-03-27T00:00", tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=MINUTELY;INTERVAL=45;BYHOUR=1,2,3;COUNT=30", start: "2026-03-07T00:00",
      tz: "America/New_York"),
    Case(
      rule: "FREQ=SECONDLY;INTERVAL=17;BYMINUTE=0,1;COUNT=50", start: "2026-01-05T09:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=MO;COUNT=8", start: "1997-08-05T09:00",
      tz: "America/New_York"),
    Case(
      rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU;COUNT=8", start: "1997-08-05T09:00",
      tz: "America/New_York"),
    Case(
      rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2;COUNT=12", start: "2026-01-01T09:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=MONTHLY;BYDAY=TU,WE,TH;BYSETPOS=1,3;COUNT=12", start: "2026-01-01T09:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=DAILY;BYHOUR=9,14;BYMINUTE=0,30;BYSETPOS=2,-1;COUNT=20",
      start: "2026-01-05T00:00", tz: "Asia/Makassar"),
    Case(
      rule: "FREQ=MONTHLY;INTERVAL=18;BYMONTHDAY=10,11,12,13,14,15;COUNT=10",
      start: "1997-09-10T09:00", tz: "America/New_York"),
    Case(
      rule: "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=6", start: "2026-01-01T19:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=WEEKLY;BYDAY=SA,SU;BYMONTH=1,7;COUNT=20", start: "2026-07-01T10:00",
      tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=DAILY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=-1,-2;COUNT=10", start: "2026-01-01T09:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=HOURLY;BYHOUR=9,17;BYDAY=MO,FR;COUNT=20", start: "2026-03-30T08:00",
      tz: "Australia/Sydney"),
    Case(
      rule: "FREQ=WEEKLY;UNTIL=20270101T000000Z;BYDAY=TH", start: "2026-03-01T09:00",
      tz: "Pacific/Chatham"),
    Case(
      rule: "FREQ=DAILY;UNTIL=20261231T235959;BYMONTH=12", start: "2026-11-01T00:00",
      tz: "America/Sao_Paulo"),
    Case(rule: "FREQ=DAILY;COUNT=5", start: "2011-12-28T10:00", tz: "Pacific/Apia"),
    Case(
      rule: "FREQ=YEARLY;BYDAY=1MO,-1MO;COUNT=10", start: "2026-01-01T09:00", tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=YEARLY;BYMONTH=1,6;BYDAY=2WE,-2TH;COUNT=12", start: "2026-01-01T09:00",
      tz: "Asia/Jakarta"),
    Case(rule: "FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=MO;COUNT=5", start: "2026-01-01T09:00", tz: "UTC"),
    Case(
      rule: "FREQ=YEARLY;BYYEARDAY=60;BYMONTH=3;COUNT=5", start: "2026-01-01T09:00",
      tz: "Asia/Jakarta"),
    Case(
      rule: "FREQ=DAILY;COUNT=10", start: "2026-01-05T09:00", tz: "Asia/Jakarta",
      rdates: ["2026-01-07T15:00", "2026-01-20T09:00", "2026-01-06T09:00"],
      exdates: ["2026-01-08T09:00", "2026-01-09T09:00"]),
    Case(
      rule: "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9;BYMINUTE=0;COUNT=5", start: "2026-01-05T09:00",
      tz: "Asia/Jakarta"),
    Case(rule: "FREQ=HOURLY;INTERVAL=25;COUNT=30", start: "2026-10-20T00:30", tz: "Europe/London"),
    Case(rule: "FREQ=YEARLY;COUNT=5", start: "2026-03-31T12:00", tz: "Asia/Tehran"),
    Case(rule: "FREQ=MONTHLY;COUNT=13", start: "2026-01-31T08:00", tz: "America/St_Johns"),
    Case(rule: "FREQ=WEEKLY;COUNT=12", start: "2026-03-01T02:30", tz: "America/New_York"),
    Case(
      rule: "FREQ=YEARLY;BYSETPOS=1;BYMONTH=3;BYDAY=SU;BYHOUR=1,3;COUNT=6",
      start: "2026-01-01T00:00", tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=SECONDLY;INTERVAL=30;COUNT=10", start: "2026-03-29T01:58:00",
      tz: "Europe/Amsterdam"),
    Case(
      rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU;BYHOUR=8,20;UNTIL=20280101T000000Z",
      start: "2026-01-04T08:00", tz: "America/New_York"),
  ]

  static let script = """
    import itertools, json, sys
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo
    from dateutil.rrule import rrulestr, rruleset

    results = []
    for case in json.loads(sys.argv[1]):
        zone = ZoneInfo(case["tz"])
        until = [p[6:] for p in case["rule"].upper().split(";") if p.startswith("UNTIL=")]
        # dateutil wants naive DTSTART for a floating UNTIL and an aware one for a UTC UNTIL.
        floating = bool(until) and not until[0].endswith("Z")
        def read(text):
            value = datetime.fromisoformat(text)
            return value if floating else value.replace(tzinfo=zone)
        series = rruleset()
        start = read(case["start"])
        rule = rrulestr(case["rule"], dtstart=start)
        if next(iter(rule), None) != start:
            # dateutil leaves out a DTSTART the rule does not give; RFC 5545 makes it the first
            # instance and the first of COUNT (3.8.5.1, 3.3.10).
            series.rdate(start)
            if rule._count is not None:
                rule = rule.replace(count=rule._count - 1) if rule._count > 1 else None
        if rule is not None:
            series.rrule(rule)
        for text in case["rdates"]:
            series.rdate(read(text))
        for text in case["exdates"]:
            series.exdate(read(text))
        times = []
        for value in itertools.islice(series, case["limit"]):
            if value.tzinfo is None:
                value = value.replace(tzinfo=zone)
            # fold=0: a time in a gap takes the offset from before it (RFC 5545 3.3.5).
            value = value.astimezone(timezone.utc).astimezone(zone)
            times.append(value.strftime("%Y-%m-%dT%H:%M:%S"))
        results.append(times)
    print(json.dumps({"results": results}))
    """

  @Test func fortyFiveRulesExpandAsPythonDateutilExpandsThem() throws {
    let cases = Self.cases
    #expect(cases.count >= 40)
    let input = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
    let output = try PythonTool.json(inline: Self.script, arguments: [input])
    let results = try #require(output["results"] as? [[String]])
    try #require(results.count == cases.count)
    var comparedAsSets: [String] = []
    for (index, test) in cases.enumerated() {
      let theirs = results[index]
      let ours = try expand(
        test.rule, start: test.start, in: test.tz, limit: test.limit, rdates: test.rdates,
        exdates: test.exdates)
      // The set dateutil's list stands for: each instant once, in order.
      let set = Array(Set(theirs)).sorted()
      if set == theirs {
        #expect(ours == theirs, "\(test.rule) from \(test.start) in \(test.tz)")
      } else {
        comparedAsSets.append("\(test.rule) in \(test.tz)")
        #expect(ours == set, "\(test.rule) from \(test.start) in \(test.tz)")
      }
      #expect(!ours.isEmpty, "\(test.rule) gave nothing")
    }
    // Only the gap cases differ from dateutil's list: 45-minute steps through New York's
    // spring-forward hour (02:15 becomes 03:15, the same instant as a later step, and 02:45 comes
    // after 03:00), and the day Samoa skipped (10:00 on 30 December 2011 is 10:00 on the 31st).
    // Everything else matched item for item.
    #expect(
      comparedAsSets == [
        "FREQ=MINUTELY;INTERVAL=45;BYHOUR=1,2,3;COUNT=30 in America/New_York",
        "FREQ=DAILY;COUNT=5 in Pacific/Apia",
      ])
  }
}
