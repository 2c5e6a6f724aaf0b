import Foundation
import PokjaCore
import Testing

@Suite struct DateTimeTextTests {
  let jakarta = TimeZone(identifier: "Asia/Jakarta")!

  @Test func readsALocalTimeInTheGivenZone() throws {
    let date = try DateTimeText.parse("2026-12-07T10:00", in: jakarta)
    #expect(date == Date(timeIntervalSince1970: 1_796_612_400))  // 03:00Z
    #expect(try DateTimeText.parse("2026-12-07 10:00:00", in: jakarta) == date)
  }

  @Test func anOffsetOverridesTheZone() throws {
    let makassar = TimeZone(identifier: "Asia/Makassar")!
    #expect(
      try DateTimeText.parse("2026-12-07T09:30+07:00", in: makassar)
        == DateTimeText.parse("2026-12-07T02:30Z", in: makassar))
    #expect(
      try DateTimeText.parse("2026-12-07T11:00+0900", in: jakarta)
        == DateTimeText.parse("2026-12-07T09:00", in: jakarta))
  }

  @Test(arguments: [
    "2026-13-01T10:00", "2026-02-30T10:00", "2026-12-07T25:00", "07/12/2026 10:00", "tomorrow",
    "2026-12-07T10:00+15:00", "",
  ])
  func rejectsMalformedDates(text: String) {
    #expect(throws: InputError.invalidDateTime(text)) { try DateTimeText.parse(text, in: jakarta) }
  }

  @Test func anEndMayBeAClockTimeOnTheStartDay() throws {
    let start = try DateTimeText.parse("2026-12-07T10:00", in: jakarta)
    let end = try DateTimeText.parseEnd("12.30", startingAt: start, in: jakarta)
    #expect(end.timeIntervalSince(start) == 9_000)
    let later = try DateTimeText.parseEnd("2026-12-08T09:00", startingAt: start, in: jakarta)
    #expect(later.timeIntervalSince(start) == 82_800)
  }

  @Test func knowsIndonesianZonesByAbbreviation() throws {
    #expect(try DateTimeText.timeZone(named: "WIB").identifier == "Asia/Jakarta")
    #expect(try DateTimeText.timeZone(named: "wita").identifier == "Asia/Makassar")
    #expect(try DateTimeText.timeZone(named: "WIT").identifier == "Asia/Jayapura")
    #expect(throws: InputError.unknownTimeZone("Asia/Jakrta")) {
      try DateTimeText.timeZone(named: "Asia/Jakrta")
    }
    let date = Date(timeIntervalSince1970: 1_796_612_400)
    #expect(TimeZone(identifier: "Asia/Jayapura")!.displayAbbreviation(at: date) == "WIT")
    #expect(TimeZone(identifier: "Asia/Kolkata")!.displayAbbreviation(at: date) == "UTC+5:30")
  }
}
