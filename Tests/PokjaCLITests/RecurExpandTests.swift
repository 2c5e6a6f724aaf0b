import Foundation
import PokjaCLI
import Testing

/// `pokja recur expand`, the preview and the contract outside checks use.
@Suite struct RecurExpandTests {
  @Test func printsTheOccurrencesAsLocalTimesWithoutAnOffset() throws {
    let cli = try CLIHarness()
    let times =
      try cli.json(
        "recur", "expand", "--start", "2026-01-05T09:00", "--tz", "Asia/Jakarta", "--rule",
        "FREQ=MONTHLY;BYDAY=1MO;COUNT=3") as! [String]
    #expect(times == ["2026-01-05T09:00:00", "2026-02-02T09:00:00", "2026-03-02T09:00:00"])
  }

  @Test func worksWithoutADatabaseAndDefaultsToJakarta() throws {
    let cli = try CLIHarness()
    let result = cli.run(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", "FREQ=DAILY;COUNT=2")
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("2026-01-05 09:00 WIB"))
    #expect(result.output.contains("Senin, 5 Januari 2026"))
    #expect(result.output.contains("Tuesday, 6 January 2026"))
    #expect(
      !FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("pokja.sqlite").path))
  }

  @Test func takesTheConfiguredZone() throws {
    let cli = try CLIHarness(extra: ["POKJA_TIME_ZONE": "Asia/Jayapura"])
    let result = cli.run(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", "FREQ=DAILY;COUNT=1")
    #expect(result.output.contains("2026-01-05 09:00 WIT"))
  }

  @Test func exdatesRdatesAndAnUntilWindow() throws {
    let cli = try CLIHarness()
    let times =
      try cli.json(
        "recur", "expand", "--start", "2026-03-02T10:00", "--tz", "Europe/Amsterdam", "--rule",
        "FREQ=WEEKLY;BYDAY=MO", "--exdate", "2026-03-09", "--rdate", "2026-03-11T14:00",
        "--until", "2026-03-30") as! [String]
    #expect(
      times == [
        "2026-03-02T10:00:00", "2026-03-11T14:00:00", "2026-03-16T10:00:00", "2026-03-23T10:00:00",
        "2026-03-30T10:00:00",
      ])
  }

  @Test func crossesDaylightSavingOnTheWallClock() throws {
    let cli = try CLIHarness()
    let times =
      try cli.json(
        "recur", "expand", "--start", "2026-03-07T02:30", "--tz", "America/New_York", "--rule",
        "FREQ=DAILY;COUNT=3") as! [String]
    #expect(times == ["2026-03-07T02:30:00", "2026-03-08T03:30:00", "2026-03-09T02:30:00"])
  }

  @Test func anEndlessRuleStopsAtOneHundredAndSaysSo() throws {
    let cli = try CLIHarness()
    let result = cli.run(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", "FREQ=WEEKLY", "--json")
    #expect(result.status == 0)
    let times = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String]
    #expect(times.count == 100)
    #expect(result.errors.contains("Showing the first 100 occurrences"))
    let limited = try cli.json(
      "recur", "expand", "--start", "2026-01-05T09:00", "--rule", "FREQ=WEEKLY", "--limit", "3")
    #expect((limited as! [String]).count == 3)
  }

  @Test(arguments: [
    (
      ["--rule", "FREQ=MONTHLY;BYDAY=1XX"],
      "BYDAY=1XX: 'XX' is not a weekday; use MO, TU, WE, TH, FR, SA or SU"
    ),
    (["--rule", "FREQ=DAILY;COUNT=3;UNTIL=20261231"], "COUNT and UNTIL cannot both be given"),
    (
      ["--rule", "FREQ=DAILY;UNTIL=20251231T000000Z"], "UNTIL=20251231T000000Z is before the start"
    ),
    (
      ["--rule", "FREQ=DAILY", "--tz", "Asia/Atlantis"], "'Asia/Atlantis' is not a known time zone"
    ),
    (
      ["--rule", "FREQ=DAILY", "--tz", "America/New_York", "--start", "2026-03-08T02:30"],
      "2026-03-08T02:30:00 does not exist in America/New_York"
    ),
  ])
  func badInputExits65WithAClearMessage(arguments: [String], message: String) throws {
    let cli = try CLIHarness()
    var command = ["recur", "expand", "--json"] + arguments
    if !arguments.contains("--start") { command += ["--start", "2026-01-05T09:00"] }
    let result = cli.run(command)
    #expect(result.status == 65)
    #expect(result.errors.contains(message), "\(result.errors)")
    #expect(result.output.isEmpty)
  }

  @Test func aMalformedStartIsAUsageError() throws {
    let cli = try CLIHarness()
    let result = cli.run("recur", "expand", "--start", "tomorrow", "--rule", "FREQ=DAILY")
    #expect(result.status == 64)
    #expect(result.errors.contains("--start: 'tomorrow' is not a date-time"))
  }
}
