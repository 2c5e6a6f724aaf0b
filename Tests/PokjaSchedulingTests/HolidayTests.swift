import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite struct HolidayTests {
  let jakarta = Zones.jakarta

  @Test func theShippedDataKnowsThisYearsDecreeAndMarksEstimates() throws {
    let calendar = try HolidayCalendar.builtIn()
    let christmas = try #require(calendar.holiday(onDay: "2026-12-25"))
    #expect(christmas.kind == .national)
    #expect(christmas.name(.english) == "Christmas Day")
    #expect(calendar.holiday(onDay: "2026-12-24")?.kind == .collectiveLeave)
    #expect(calendar.holiday(onDay: "2026-03-21")?.name == "Idulfitri 1447 H")
    #expect(calendar.holiday(onDay: "2027-03-10")?.estimated == true)
    #expect(calendar.holiday(onDay: "2026-12-07") == nil)
    // The local day counts: 24 Dec 23:30 UTC is already Christmas in Jakarta.
    let evening = try DateTimeText.parse("2026-12-24T23:30Z", in: jakarta)
    #expect(calendar.holiday(on: evening, in: jakarta)?.name.contains("Natal") == true)
  }

  /// The EmbedData build-tool plugin put the current file into the binary.
  @Test func theEmbeddedDataIsTheHolidayFile() throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/PokjaScheduling/Embedded/holidays-id.json")
    #expect(try HolidayCalendar.load(file).all == HolidayCalendar.builtIn().all)
    #expect(try HolidayCalendar.builtIn().all.count == 38)
  }

  @Test func aReplacementFileIsReadAndABrokenOneIsReported() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let good = folder.appendingPathComponent("holidays.json")
    try #"{"holidays": [{"date": "2027-03-09", "name": "Idulfitri 1448 H"}]}"#
      .write(to: good, atomically: true, encoding: .utf8)
    #expect(try HolidayCalendar.load(good).holiday(onDay: "2027-03-09")?.kind == .national)
    let bad = folder.appendingPathComponent("bad.json")
    try #"{"holidays": [{"date": "9 Maret", "name": "x"}]}"#.write(
      to: bad, atomically: true, encoding: .utf8)
    #expect(throws: SchedulingError.self) { try HolidayCalendar.load(bad) }
  }

  @Test func aMeetingOnAHolidayIsFlagged() throws {
    let fixture = try SchedulingFixture(holidays: try HolidayCalendar.builtIn())
    let details = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-25T10:00"))
    #expect(details.holiday?.name == "Kelahiran Yesus Kristus (Natal)")
    #expect(
      try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-07T14:00")).holiday == nil)
  }
}
