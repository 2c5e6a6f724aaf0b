import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaICalendar

@Suite struct VTimeZoneTests {
  let december = DateInterval(start: instant("2026-12-07T03:00:00Z"), duration: 7200)

  /// `(kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME)` for each observance.
  func observances(_ component: ICalendarComponent) -> [[String]] {
    component.components.map { observance in
      [observance.name]
        + ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME"].map {
          observance.property($0)?.value ?? "?"
        }
    }
  }

  /// `(kind, DTSTART, RRULE)` for each observance ("-" without RRULE).
  func rules(_ component: ICalendarComponent) -> [[String]] {
    component.components.map { observance in
      [
        observance.name, observance.property("DTSTART")?.value ?? "?",
        observance.property("RRULE")?.value ?? "-",
      ]
    }
  }

  @Test(arguments: [
    ("Asia/Jakarta", "+0700", "WIB"), ("Asia/Pontianak", "+0700", "WIB"),
    ("Asia/Makassar", "+0800", "WITA"), ("Asia/Jayapura", "+0900", "WIT"),
  ])
  func indonesianZonesHaveOneStandardObservance(id: String, offset: String, name: String) {
    let component = VTimeZoneBuilder.component(for: zone(id), covering: december)
    #expect(component.name == "VTIMEZONE")
    #expect(component.property("TZID")?.value == id)
    #expect(observances(component) == [["STANDARD", "19700101T000000", offset, offset, name]])
  }

  @Test func zonesWithoutAbbreviationUseNumericNames() {
    let kolkata = VTimeZoneBuilder.component(for: zone("Asia/Kolkata"), covering: december)
    let names = observances(kolkata).map { $0[4] }
    #expect(names == ["IST"] || names == ["+0530"])
    #expect(observances(kolkata).first?[2] == "+0530")
  }

  @Test func amsterdamHasTransitionsInWallClockBeforeTheChange() throws {
    let amsterdam = VTimeZoneBuilder.component(for: zone("Europe/Amsterdam"), covering: december)
    let rows = observances(amsterdam)
    // 2026-03-29 01:00Z: 02:00 CET becomes 03:00 CEST; 2026-10-25 01:00Z: 03:00 CEST -> 02:00.
    let spring = try #require(rows.first { $0[1] == "20260329T020000" })
    #expect(spring[0] == "DAYLIGHT")
    #expect(Array(spring[2...3]) == ["+0100", "+0200"])
    let autumn = try #require(rows.first { $0[1] == "20261025T030000" })
    #expect(autumn[0] == "STANDARD")
    #expect(Array(autumn[2...3]) == ["+0200", "+0100"])
    // The EU rule since 1996, from the first change in the window on: last Sundays of March and
    // October, for ever.
    #expect(
      rules(amsterdam) == [
        ["DAYLIGHT", "20260329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"],
        ["STANDARD", "20261025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"],
      ])
    #expect(rows.allSatisfy { !$0[4].isEmpty && !$0[4].hasPrefix("GMT") })
  }

  @Test(arguments: [
    // Second and first Sundays (since 2007).
    (
      "America/New_York",
      [
        ["DAYLIGHT", "20260308T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"],
        ["STANDARD", "20261101T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"],
      ]
    ),
    // Southern hemisphere: out of summer time in April, into it in October.
    (
      "Australia/Sydney",
      [
        ["STANDARD", "20260405T030000", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"],
        ["DAYLIGHT", "20261004T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"],
      ]
    ),
    // "Sunday on or after the 2nd" at midnight, written as the Saturday's 24:00 in tzdata.
    (
      "America/Santiago",
      [
        ["STANDARD", "20260405T000000", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU"],
        ["DAYLIGHT", "20260906T000000", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU"],
      ]
    ),
  ])
  func zonesThatFollowARuleGetObservancesWithRRULEs(id: String, expected: [[String]]) {
    let component = VTimeZoneBuilder.component(for: zone(id), covering: december)
    #expect(rules(component) == expected)
  }

  @Test func aZoneWithoutDaylightSavingTimeStaysOneStandardObservanceForLongSeries() {
    let twentyYears = DateInterval(
      start: instant("2027-01-04T02:00:00Z"), end: instant("2046-12-31T02:00:00Z"))
    let jakarta = VTimeZoneBuilder.component(for: zone("Asia/Jakarta"), covering: twentyYears)
    #expect(rules(jakarta) == [["STANDARD", "19700101T000000", "-"]])
  }

  @Test func newYorkUsesNegativeOffsets() throws {
    let york = VTimeZoneBuilder.component(for: zone("America/New_York"), covering: december)
    let rows = observances(york)
    let spring = try #require(rows.first { $0[1] == "20260308T020000" })
    #expect(spring == ["DAYLIGHT", "20260308T020000", "-0500", "-0400", spring[4]])
    let autumn = try #require(rows.first { $0[1] == "20261101T020000" })
    #expect(autumn == ["STANDARD", "20261101T020000", "-0400", "-0500", autumn[4]])
  }

  @Test func offsetsFormatSignsAndSeconds() {
    #expect(ICalendarDateFormat.offset(25200) == "+0700")
    #expect(ICalendarDateFormat.offset(-18000) == "-0500")
    #expect(ICalendarDateFormat.offset(0) == "+0000")
    #expect(ICalendarDateFormat.offset(19800) == "+0530")
    #expect(ICalendarDateFormat.offset(-(3 * 3600 + 30 * 60 + 15)) == "-033015")
  }
}

/// Cross-checks with Python's `icalendar` and `dateutil`, which resolve DTSTART three ways:
/// the system tz database, our VTIMEZONE via `to_tz(lookup_tzid=False)`, and `dateutil.tz.tzical`.
@Suite struct ICalendarPythonTests {
  static let script = """
    import io, json, sys
    from datetime import timezone
    try:
        import icalendar
        import dateutil.tz
    except ImportError as error:
        sys.exit(f"missing Python module {error.name!r}: run scripts/test (pip install icalendar)")
    raw = open(sys.argv[1], "rb").read()
    cal = icalendar.Calendar.from_ical(raw)
    own = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}
    ical = dateutil.tz.tzical(io.StringIO(raw.decode("utf-8")))
    def utc(value):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    events = []
    for event in cal.walk("VEVENT"):
        tzid = event["DTSTART"].params.get("TZID")
        start = event.decoded("DTSTART")
        naive = start.replace(tzinfo=None)
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "decoded": utc(start),
            "vtimezone": utc(naive.replace(tzinfo=own[tzid])) if tzid else None,
            "dateutil": utc(naive.replace(tzinfo=ical.get(tzid))) if tzid else None,
        })
    print(json.dumps({"method": str(cal["METHOD"]), "events": events}))
    """

  func run(_ calendar: ICalendarComponent) throws -> (method: String, events: [[String: Any]]) {
    let path = try PythonTool.temporaryFile(calendar.serialized(), suffix: ".ics")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let json = try PythonTool.json(inline: Self.script, arguments: [path])
    return (json["method"] as? String ?? "", json["events"] as? [[String: Any]] ?? [])
  }

  @Test func pythonIcalendarReadsTheInvitation() throws {
    let result = try run(ICalendarParserTests.invitation())
    #expect(result.method == "REQUEST")
    let event = try #require(result.events.first)
    #expect(event["summary"] as? String == longSummary)
    #expect(event["decoded"] as? String == "2026-12-07T03:00:00Z")
    #expect(event["vtimezone"] as? String == "2026-12-07T03:00:00Z")
    #expect(event["dateutil"] as? String == "2026-12-07T03:00:00Z")
  }

  /// Renames the zone so that Python cannot fall back to its own tz database.
  func privateCopy(of id: String, at moments: [String]) -> ICalendarComponent {
    let civil = zone(id)
    let interval = DateInterval(
      start: instant(moments[0]), end: instant(moments[moments.count - 1]))
    var vtimezone = VTimeZoneBuilder.component(for: civil, covering: interval)
    let privateID = "Pokja-Test-" + id.replacingOccurrences(of: "/", with: "-")
    vtimezone.properties = [ICalendarProperty("TZID", rawValue: privateID)]
    let events = moments.enumerated().map { index, moment in
      var start = ICalendarProperty.dateTime("DTSTART", instant(moment), in: civil)
      start.parameters = [ICalendarParameter(name: "TZID", value: privateID)]
      return ICalendarComponent(
        "VEVENT",
        properties: [
          .text("UID", moment), .utc("DTSTAMP", instant(moment)), start,
          .text("SUMMARY", "event \(index)"),
        ])
    }
    return ICalendarComponent(
      "VCALENDAR",
      properties: [
        ICalendarProperty("PRODID", rawValue: "-//Pokja//Tests//ID"),
        ICalendarProperty("VERSION", rawValue: "2.0"),
        ICalendarProperty("METHOD", rawValue: "PUBLISH"),
      ],
      components: [vtimezone] + events)
  }

  @Test(arguments: [
    (
      "Europe/Amsterdam",
      [
        "2026-01-15T09:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z",
        "2026-07-01T10:00:00Z", "2026-10-25T02:30:00Z", "2026-12-07T09:00:00Z",
      ]
    ),
    (
      "America/New_York",
      [
        "2026-01-15T14:00:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z",
        "2026-11-01T07:30:00Z", "2026-12-07T15:00:00Z",
      ]
    ),
    ("Asia/Jakarta", ["2026-01-15T03:00:00Z", "2026-12-07T03:00:00Z"]),
  ])
  func pythonResolvesOurVTimeZoneAroundTransitions(id: String, moments: [String]) throws {
    let result = try run(privateCopy(of: id, at: moments))
    #expect(result.events.count == moments.count)
    for event in result.events {
      let expected = event["uid"] as? String
      #expect(event["decoded"] as? String == expected, "\(id) icalendar")
      #expect(event["vtimezone"] as? String == expected, "\(id) to_tz")
      #expect(event["dateutil"] as? String == expected, "\(id) dateutil")
    }
  }
}
