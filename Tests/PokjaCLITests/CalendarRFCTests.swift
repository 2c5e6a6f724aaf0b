import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// RFC 5545 where calendars disagree with a naive reading: a DTSTART off its rule, an UNTIL written
/// as a date, time zones for long series; and expansions bounded whatever the rule asks for.
@Suite struct CalendarRFCTests {
  static let dewi = "dewi.lestari@example.org"

  static func seeded() throws -> CLIHarness {
    let cli = try CLIHarness.fixed(at: "2026-11-02T09:00:00+07:00")
    try cli.setUp([
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", dewi],
      ["room", "add", "--name", "Ruang Garuda", "--capacity", "20"],
    ])
    return cli
  }

  static func calendarFile(_ events: [String]) -> String {
    (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Apple Inc.//iPad Calendar//EN"]
      + events.flatMap { $0.split(separator: "\n").map(String.init) } + ["END:VCALENDAR", ""])
      .joined(separator: "\r\n")
  }

  // MARK: - DTSTART off the rule (RFC 5545 §3.8.5.1, §3.3.10)

  @Test func anImportedSeriesKeepsTheFirstMeetingItsRuleDoesNotGive() throws {
    let cli = try Self.seeded()
    // Tuesday 5 January 2027, repeating on first Mondays: calendars show the Tuesday too.
    let text = Self.calendarFile([
      """
      BEGIN:VEVENT
      UID:off-rule-until@example.org
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=Asia/Jakarta:20270105T090000
      DTEND;TZID=Asia/Jakarta:20270105T110000
      RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270405T020000Z
      SUMMARY:Rapat koordinasi bulanan
      LOCATION:Ruang Garuda
      ATTENDEE;CN=Dewi Lestari;PARTSTAT=ACCEPTED:mailto:\(Self.dewi)
      END:VEVENT
      """,
      """
      BEGIN:VEVENT
      UID:off-rule-count@example.org
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=Asia/Jakarta:20270303T100000
      DTEND;TZID=Asia/Jakarta:20270303T110000
      RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4
      SUMMARY:Piket mingguan
      END:VEVENT
      """,
    ])
    let file = try PythonTool.temporaryFile(text, suffix: ".ics")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let imported = try cli.must(["import-ics", file])
    #expect(
      imported.output.contains("created: Rapat koordinasi bulanan (meeting 1, 4 occurrences)"))
    let planned = try CalendarInteropTests.plannedStarts(cli, "1")
    #expect(
      planned == [
        "2027-01-05T09:00:00", "2027-02-01T09:00:00", "2027-03-01T09:00:00", "2027-04-05T09:00:00",
      ])
    // What recurring_ical_events (and so the attendees' calendars) make of the same file.
    let python = try CalendarPython.calendar(file: file, from: "2027-01-01", to: "2028-01-01")
    #expect(
      python.occurrences.filter { $0.uid == "off-rule-until@example.org" }.map(\.start) == planned)

    // The first meeting has its room: nobody else can book it then.
    let clash = cli.run(
      "meeting", "add", "--title", "Rapat lain", "--start", "2027-01-05T10:00", "--duration",
      "1h", "--room", "Ruang Garuda")
    #expect(clash.status == 65, "\(clash.errors)")
    #expect(clash.errors.contains("Ruang Garuda"), "\(clash.errors)")
    // And its reminder.
    try cli.must(["meeting", "edit", "1", "--remind", "1d", "--no-notify"])
    let due = try cli.must(["remind", "--due", "--now", "2027-01-04T09:30"])
    #expect(due.output.contains("Reminders: 1 sent"), "\(due.output)")

    // With COUNT, RFC 5545 counts DTSTART as the first; Google does not, and the report says so.
    #expect(
      try CalendarInteropTests.plannedStarts(cli, "2") == [
        "2027-03-03T10:00:00", "2027-03-04T10:00:00", "2027-03-11T10:00:00",
        "2027-03-18T10:00:00",
      ])
    #expect(
      imported.errors.contains(
        "Piket mingguan: the rule does not give the start, 2027-03-03T10:00; as RFC 5545 says it is the first meeting and the first of COUNT=4, but Google Calendar counts COUNT after it and also shows 2027-03-25T10:00."
      ), "\(imported.errors)")
  }

  @Test func recurExpandListsAStartOffTheRuleFirstAndSaysSoInItsHelp() throws {
    let cli = try CLIHarness()
    let times =
      try cli.json(
        "recur", "expand", "--start", "2027-01-05T09:00", "--tz", "Asia/Jakarta", "--rule",
        "FREQ=MONTHLY;BYDAY=1MO;COUNT=3") as! [String]
    #expect(times == ["2027-01-05T09:00:00", "2027-02-01T09:00:00", "2027-03-01T09:00:00"])
    let help = cli.run("recur", "expand", "--help").output.replacingOccurrences(of: "\n", with: " ")
      .split(separator: " ").joined(separator: " ")
    #expect(help.contains("The start is always the first occurrence"), "\(help)")
  }

  // MARK: - UNTIL as a DATE beside a zoned DTSTART (RFC 5545 §3.3.10)

  @Test func anUntilDateBesideAZonedStartIsStoredInUTCAndSaidSo() throws {
    let cli = try Self.seeded()
    let added = try cli.must([
      "meeting", "add", "--title", "Rapat Senin", "--start", "2027-01-04T09:00", "--tz",
      "Asia/Jakarta", "--duration", "1h", "--rrule", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270125",
    ])
    #expect(
      added.errors.contains(
        "UNTIL=20270125 is stored as UNTIL=20270125T165959Z, the end of that day in Asia/Jakarta in UTC"
      ), "\(added.errors)")
    let show = try cli.object(["meeting", "show", "1"])
    let recurrence = try show.value("recurrence", as: [String: Any].self)
    #expect(recurrence["rule"] as? String == "FREQ=WEEKLY;UNTIL=20270125T165959Z;BYDAY=MO")
    #expect(
      try CalendarInteropTests.plannedStarts(cli, "1") == [
        "2027-01-04T09:00:00", "2027-01-11T09:00:00", "2027-01-18T09:00:00", "2027-01-25T09:00:00",
      ])
    // The end of a day that is an hour short (Amsterdam moves to summer time on 28 March 2027).
    var indonesian = cli
    indonesian.variables["POKJA_LANG"] = "id"
    let spring = try indonesian.must([
      "meeting", "add", "--title", "Panggilan", "--start", "2027-03-26T09:00", "--tz",
      "Europe/Amsterdam", "--duration", "1h", "--rrule", "FREQ=DAILY;UNTIL=20270328",
    ])
    #expect(
      spring.errors.contains(
        "UNTIL=20270328 disimpan sebagai UNTIL=20270328T215959Z, akhir hari itu di Europe/Amsterdam dalam UTC"
      ), "\(spring.errors)")
    let amsterdam = try cli.object(["meeting", "show", "2"]).value(
      "recurrence", as: [String: Any].self)
    #expect(amsterdam["rule"] as? String == "FREQ=DAILY;UNTIL=20270328T215959Z")
    // Calendars read the export as Pokja plans it.
    let export = try cli.must(["meeting", "export", "2"]).output
    #expect(export.contains("RRULE:FREQ=DAILY;UNTIL=20270328T215959Z\r\n"))
    let python = try CalendarPython.calendar(export, from: "2027-03-01", to: "2027-04-01")
    #expect(python.occurrences.map(\.start) == (try CalendarInteropTests.plannedStarts(cli, "2")))
    #expect(python.occurrences.count == 3)
  }

  @Test func anImportedUntilDateIsStoredInUTCAndSaidSo() throws {
    let cli = try Self.seeded()
    let text = Self.calendarFile([
      """
      BEGIN:VEVENT
      UID:until-date@example.org
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=Asia/Makassar:20270104T090000
      DTEND;TZID=Asia/Makassar:20270104T100000
      RRULE:FREQ=WEEKLY;UNTIL=20270118
      SUMMARY:Rapat wilayah timur
      END:VEVENT
      """
    ])
    let file = try PythonTool.temporaryFile(text, suffix: ".ics")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let imported = try cli.must(["import-ics", file])
    #expect(
      imported.errors.contains(
        "UNTIL=20270118 is stored as UNTIL=20270118T155959Z, the end of that day in Asia/Makassar in UTC"
      ), "\(imported.errors)")
    let recurrence = try cli.object(["meeting", "show", "1"]).value(
      "recurrence", as: [String: Any].self)
    #expect(recurrence["rule"] as? String == "FREQ=WEEKLY;UNTIL=20270118T155959Z")
    #expect(try CalendarInteropTests.plannedStarts(cli, "1").count == 3)
  }

  // MARK: - VTIMEZONE for long series

  /// A weekly and a monthly series over twenty years in Amsterdam, read by a calendar that has only
  /// Pokja's VTIMEZONE to go by (the zone is renamed, so Python cannot use its own zone database):
  /// every occurrence is at 16:00 Amsterdam time, as Pokja plans it.
  @Test func aTwentyYearSeriesKeepsItsWallClockWhenTheZoneComesFromOurVTimezone() throws {
    let cli = try Self.seeded()
    try cli.setUp([
      [
        "meeting", "add", "--title", "Panggilan Den Haag", "--start", "2027-01-04T16:00", "--tz",
        "Europe/Amsterdam", "--duration", "1h", "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--until",
        "2046-12-31",
      ],
      [
        "meeting", "add", "--title", "Rapat bulanan Den Haag", "--start", "2027-01-05T16:00",
        "--tz", "Europe/Amsterdam", "--duration", "1h", "--rrule",
        "FREQ=MONTHLY;BYDAY=1TU;COUNT=240",
      ],
    ])
    for id in ["1", "2"] {
      let export = try cli.must(["meeting", "export", id]).output
      // The observances follow the zone's rule rather than listing a few years of changes.
      #expect(export.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"), "\(export)")
      #expect(export.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"), "\(export)")
      let renamed = export.replacingOccurrences(of: "Europe/Amsterdam", with: "Zona Den Haag")
      let parsed = try CalendarPython.calendar(renamed, from: "2027-01-01", to: "2047-01-01")
      #expect(parsed.tzids == ["Zona Den Haag"])
      let planned = try cli.object(["meeting", "show", id]).value(
        "occurrences", as: [[String: Any]].self
      ).map { try CalendarInteropTests.utc(try $0.value("start")) }
      #expect(planned.count == (id == "1" ? 1044 : 240))
      #expect(parsed.occurrences.count == planned.count)
      #expect(parsed.occurrences.map(\.startUTC) == planned)
      #expect(parsed.occurrences.allSatisfy { $0.start.hasSuffix("T16:00:00") })
    }
  }

  // MARK: - Bounded work on user input

  @Test(arguments: [
    "FREQ=SECONDLY;COUNT=2000000000", "FREQ=SECONDLY;UNTIL=99991231",
    "FREQ=MINUTELY;UNTIL=99991231T235959Z",
  ])
  func recurExpandRefusesAListLongerThanItsMaximum(rule: String) throws {
    let cli = try CLIHarness()
    let started = ContinuousClock.now
    let result = cli.run("recur", "expand", "--start", "2026-01-05T09:00", "--rule", rule)
    #expect(result.status == 65)
    #expect(
      result.errors.contains(
        "The rule gives more than 100000 occurrences here, the most 'recur expand' lists; end the list sooner with --until DATE or --limit N, or raise the limit with --max N."
      ), "\(result.errors)")
    #expect(result.output.isEmpty)
    #expect(ContinuousClock.now - started < .seconds(20))
  }

  @Test func recurExpandTakesAnotherMaximumAndALimitWithinIt() throws {
    let cli = try CLIHarness()
    let rule = "FREQ=DAILY;COUNT=10"
    let over = cli.run(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", rule, "--max", "5", "--json")
    #expect(over.status == 65)
    #expect(over.errors.contains("more than 5 occurrences"), "\(over.errors)")
    #expect(over.output.isEmpty)
    // A limit within the maximum is a shorter list, not an error; so is a window.
    let limited =
      try cli.json(
        "recur", "expand", "--start", "2026-01-05T09:00", "--rule",
        "FREQ=SECONDLY;COUNT=2000000000",
        "--limit", "3") as! [String]
    #expect(limited == ["2026-01-05T09:00:00", "2026-01-05T09:00:01", "2026-01-05T09:00:02"])
    let window = cli.run(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", "FREQ=SECONDLY;UNTIL=99991231",
      "--until", "2026-01-05T09:00:04", "--csv")
    #expect(window.status == 0, "\(window.errors)")
    #expect(window.output.components(separatedBy: "\r\n").count == 7)
    #expect(cli.run("recur", "expand", "--start", "2026-01-05T09:00", "--max", "0").status == 64)
    // `recur batch` (benchmarks) holds each line's occurrences: a line's limit is bounded too.
    let lines = try PythonTool.temporaryFile(
      #"{"start": "2026-01-05T09:00", "tz": "UTC", "rule": "FREQ=SECONDLY", "limit": 2000000000}"#,
      suffix: ".jsonl")
    defer { try? FileManager.default.removeItem(atPath: lines) }
    let batch = cli.run("recur", "batch", lines)
    #expect(batch.status == 65)
    #expect(
      batch.errors.contains(
        ":1: limit 2000000000 is not from 1 to 100000; lower it, or raise the most with --max N."),
      "\(batch.errors)")
  }

  /// A million occurrences stream out in the memory of a short list: the built binary runs under a
  /// 200 MB address-space limit that holding them all (as `recur expand` once did) exceeds.
  @Test func aLongListStreamsInLittleMemory() throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-expand-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: output) }
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-home-\(UUID().uuidString)")
    // timeout(1) kills with SIGKILL: the test runner's children may ignore SIGTERM.
    let script = """
      ulimit -v 200000
      exec timeout -s KILL 100 "$0" recur expand --start 2026-01-05T09:00 --tz Etc/UTC \
        --rule "FREQ=SECONDLY;COUNT=1000000" --max 1000000 --json > "$1"
      """
    let run = try PythonTool.runProcess(
      executable: "/bin/sh",
      arguments: ["-c", script, try PokjaBinary.url().path, output.path],
      environment: ["POKJA_HOME": home.path, "PATH": "/usr/bin:/bin"], timeout: .seconds(120))
    #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
    let handle = try FileHandle(forReadingFrom: output)
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    try #require(size > 26)
    try handle.seek(toOffset: size - 26)
    let tail = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    #expect(tail == "  \"2026-01-16T22:46:39\"\n]\n")
    // "[", a line break, two spaces and the quoted time for each (24 bytes), commas between them,
    // then "\n]\n".
    #expect(size == 1 + 1_000_000 * 24 + 999_999 + 3)
  }

  /// An unending secondly series that started in 1970, imported and planned: the plan looks at the
  /// year around now without expanding the fifty years before it.
  @Test func anOldUnendingSecondlySeriesImportsQuickly() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let file = home.appendingPathComponent("detik.ics")
    try Self.calendarFile([
      """
      BEGIN:VEVENT
      UID:secondly@example.org
      DTSTAMP:20260101T000000Z
      DTSTART:19700101T000000Z
      DTEND:19700101T000001Z
      RRULE:FREQ=SECONDLY
      SUMMARY:Detik
      END:VEVENT
      """
    ]).write(to: file, atomically: true, encoding: .utf8)
    let environment = ["POKJA_HOME": home.path]
    #expect(try PokjaBinary.run(["init"], environment).status == 0)
    let started = ContinuousClock.now
    // timeout(1) kills with SIGKILL: the test runner's children may ignore SIGTERM.
    let run = try PythonTool.runProcess(
      executable: "/usr/bin/env",
      arguments: [
        "timeout", "-s", "KILL", "60", try PokjaBinary.url().path, "import-ics",
        file.path,
      ],
      environment: environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first },
      timeout: .seconds(90))
    #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
    #expect(
      String(decoding: run.stdout, as: UTF8.self).contains(
        "created: Detik (meeting 1, 5000 occurrences)"))
    #expect(ContinuousClock.now - started < .seconds(30))
  }
}
