import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// Zone names wherever pokja reads one: `--tz`, the config file and its variable, and the TZIDs of
/// imported calendars. Every name of the system's zone database is accepted; what is stored reads
/// back as itself; a typo is refused with the name meant.
@Suite struct TimeZoneCommandTests {
  /// `--tz NAME` → the zone the meeting is stored and shown in.
  @Test(arguments: [
    ("UTC", "Etc/UTC"), ("GMT", "GMT"), ("Etc/UTC", "Etc/UTC"), ("Etc/GMT-7", "Etc/GMT-7"),
    ("US/Eastern", "US/Eastern"), ("Asia/Calcutta", "Asia/Calcutta"),
    ("Asia/Ujung_Pandang", "Asia/Ujung_Pandang"), ("WITA", "Asia/Makassar"),
  ])
  func meetingsTakeEveryZoneOfTheDatabase(name: String, stored: String) throws {
    let cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([["init"]])
    let added = try cli.object([
      "meeting", "add", "--title", "Rapat", "--start", "2026-12-07T10:00", "--duration", "1h",
      "--tz", name,
    ])
    #expect(added["timeZone"] as? String == stored)
    let id = try #require(added["id"] as? Int)
    // Read back from the database: the same zone, and the same instant.
    let shown = try cli.object(["meeting", "show", String(id)])
    #expect(shown["timeZone"] as? String == stored)
    #expect(shown["start"] as? String == added["start"] as? String)
    let text = try cli.must(["meeting", "show", String(id)]).output
    #expect(text.contains("(\(stored))"), "\(text)")
  }

  @Test func aUTCMeetingIsWrittenInUTC() throws {
    let cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([
      ["init"],
      [
        "meeting", "add", "--title", "Rapat", "--start", "2026-12-07T10:00", "--duration", "1h",
        "--tz", "UTC",
      ],
    ])
    let calendar = try cli.must(["meeting", "export", "1"]).output
    #expect(calendar.contains("DTSTART:20261207T100000Z"), "\(calendar)")
  }

  @Test func theConfiguredZoneMayBeAnyNameOfTheDatabase() throws {
    var cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([["init"]])
    try Data("[calendar]\ntime_zone = \"UTC\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    let fromFile = try cli.object([
      "meeting", "add", "--title", "A", "--start", "2026-12-07T10:00", "--duration", "1h",
    ])
    #expect(fromFile["timeZone"] as? String == "Etc/UTC")
    #expect(fromFile["start"] as? String == "2026-12-07T10:00:00+00:00")
    cli.variables["POKJA_TIME_ZONE"] = "US/Eastern"
    let fromVariable = try cli.object([
      "meeting", "add", "--title", "B", "--start", "2026-12-07T10:00", "--duration", "1h",
    ])
    #expect(fromVariable["timeZone"] as? String == "US/Eastern")
    #expect(fromVariable["start"] as? String == "2026-12-07T10:00:00-05:00")
    cli.variables["POKJA_TIME_ZONE"] = "utc"
    let typo = cli.run("meeting", "list")
    #expect(typo.status == 78)
    #expect(typo.errors.contains("'utc' is not a known time zone. Did you mean 'UTC'?"))
  }

  @Test func typosAreRefusedWithTheNameMeant() throws {
    let cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([["init"]])
    let cases: [([String], String)] = [
      (
        [
          "meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "1h",
          "--tz", "Asia/Jakrta",
        ], "--tz: 'Asia/Jakrta' is not a known time zone. Did you mean 'Asia/Jakarta'?"
      ),
      (
        [
          "meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "1h",
          "--tz", "GMT+7",
        ], "--tz: 'GMT+7' is not a known time zone. Did you mean 'WIB'?"
      ),
      (
        [
          "recur", "expand", "--rule", "FREQ=DAILY;COUNT=2", "--start", "2026-12-07T10:00", "--tz",
          "US/Estern",
        ],
        "'US/Estern' is not a known time zone; did you mean 'US/Eastern'?"
      ),
    ]
    for (arguments, message) in cases {
      let result = cli.run(arguments)
      #expect(result.status == 65, "\(arguments)")
      #expect(result.errors.contains(message), "\(result.errors)")
    }
    let utc = try cli.must([
      "recur", "expand", "--rule", "FREQ=DAILY;COUNT=2", "--start", "2026-12-07T10:00", "--tz",
      "UTC",
    ])
    #expect(utc.output.contains("2026-12-08 10:00 UTC+0"), "\(utc.output)")
  }

  /// TZIDs in an imported calendar: UTC as the database's Etc/UTC, links by their own name.
  @Test func importedCalendarsKeepTheirZones() throws {
    let cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([["init"]])
    let events = [("utc", "UTC"), ("calcutta", "Asia/Calcutta"), ("eastern", "US/Eastern")]
      .map { uid, zone in
        "BEGIN:VEVENT\r\nUID:\(uid)@example.org\r\nDTSTART;TZID=\(zone):20270105T090000\r\n"
          + "DTEND;TZID=\(zone):20270105T100000\r\nSUMMARY:\(uid)\r\nEND:VEVENT\r\n"
      }
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events.joined() + "END:VCALENDAR\r\n"
    let path = try PythonTool.temporaryFile(text, suffix: ".ics")
    _ = try cli.must(["import-ics", path, "--tz", "UTC"])
    let meetings = try cli.objects(["meeting", "list"])
    let zones = Dictionary(
      uniqueKeysWithValues: meetings.map {
        ($0["title"] as? String ?? "", $0["timeZone"] as? String ?? "")
      })
    #expect(zones == ["utc": "Etc/UTC", "calcutta": "Asia/Calcutta", "eastern": "US/Eastern"])
    let starts = Dictionary(
      uniqueKeysWithValues: meetings.map {
        ($0["title"] as? String ?? "", $0["start"] as? String ?? "")
      })
    #expect(starts["utc"] == "2027-01-05T09:00:00+00:00")
    #expect(starts["calcutta"] == "2027-01-05T09:00:00+05:30")
    #expect(starts["eastern"] == "2027-01-05T09:00:00-05:00")
  }
}
