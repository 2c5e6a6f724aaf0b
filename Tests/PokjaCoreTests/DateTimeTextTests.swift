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
    // Found by fuzzing: other scripts' digits matched `\d` and then read as nothing (hour 0); year 0
    // is 1 BC and showed as 0001.
    "２０２６-12-07T10:00", "2026-12-07T１０:00", "2026-12-07T10:0٣", "0000-01-01T10:00",
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
    #expect(throws: InputError.unknownTimeZone("Asia/Jakrta", suggestion: "Asia/Jakarta")) {
      try DateTimeText.timeZone(named: "Asia/Jakrta")
    }
    let date = Date(timeIntervalSince1970: 1_796_612_400)
    #expect(TimeZone(identifier: "Asia/Jayapura")!.displayAbbreviation(at: date) == "WIT")
    #expect(TimeZone(identifier: "Asia/Kolkata")!.displayAbbreviation(at: date) == "UTC+5:30")
  }
}

@Suite struct TimeZoneNameTests {
  /// Every name of the system's zone database, links included, with the identifier pokja stores:
  /// the name itself, except UTC, which Foundation on Linux would call GMT (it is the database's
  /// link to Etc/UTC).
  @Test(arguments: [
    ("UTC", "Etc/UTC"), ("GMT", "GMT"), ("Etc/UTC", "Etc/UTC"), ("Etc/GMT-7", "Etc/GMT-7"),
    ("Etc/GMT+12", "Etc/GMT+12"), ("Asia/Calcutta", "Asia/Calcutta"),
    ("US/Eastern", "US/Eastern"), ("Asia/Ujung_Pandang", "Asia/Ujung_Pandang"),
    ("Japan", "Japan"), ("EST5EDT", "EST5EDT"), ("Zulu", "Zulu"),
    ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
  ])
  func acceptsEveryNameOfTheZoneDatabase(name: String, stored: String) throws {
    let zone = try DateTimeText.timeZone(named: name)
    #expect(zone.identifier == stored)
    // What is stored reads back as itself, with the same rules.
    let readBack = try #require(TimeZone(identifier: zone.identifier))
    #expect(readBack.identifier == stored)
    let date = Date(timeIntervalSince1970: 1_796_612_400)
    #expect(readBack.secondsFromGMT(for: date) == zone.secondsFromGMT(for: date))
  }

  @Test func utcAndItsAliasesAreUTCInCalendars() throws {
    #expect(try DateTimeText.timeZone(named: "UTC").secondsFromGMT() == 0)
    #expect(try DateTimeText.timeZone(named: "Etc/GMT-7").secondsFromGMT() == 7 * 3600)
    #expect(try DateTimeText.timeZone(named: "Etc/GMT+5").secondsFromGMT() == -5 * 3600)
  }

  /// Typos and Foundation's own spellings (offsets, lowercase) are refused, with the database name
  /// meant; what is nothing like a zone gets no suggestion.
  @Test(arguments: [
    ("Asia/Jakrta", "Asia/Jakarta"), ("utc", "UTC"), ("Jakarta", "Asia/Jakarta"),
    ("US/Estern", "US/Eastern"), ("GMT+7", "WIB"), ("UTC+8", "WITA"), ("UTC+5", "Etc/GMT-5"),
    ("GMT-3", "Etc/GMT+3"),
  ])
  func refusesTyposWithTheNameMeant(name: String, suggestion: String) {
    #expect(throws: InputError.unknownTimeZone(name, suggestion: suggestion)) {
      try DateTimeText.timeZone(named: name)
    }
  }

  /// Found by fuzzing: a long wrong name (a pasted paragraph) cost an edit distance against every
  /// zone, seconds for a few kilobytes. Names far longer than any zone's get no suggestion at once.
  @Test func aLongWrongNameGetsNoSuggestion() {
    let pasted = String(repeating: "Rapat pleno di Jakarta, lantai 7. ", count: 300)
    #expect(throws: InputError.unknownTimeZone(pasted, suggestion: nil)) {
      try DateTimeText.timeZone(named: pasted)
    }
    #expect(throws: InputError.unknownTimeZone("Asia/Jakartaa", suggestion: "Asia/Jakarta")) {
      try DateTimeText.timeZone(named: "Asia/Jakartaa")
    }
  }

  @Test(arguments: [
    "Mars/Olympus", "", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "posix/UTC", "localtime",
    "Asia",
  ])
  func refusesWhatIsNoZoneName(name: String) {
    #expect(throws: InputError.self) { try DateTimeText.timeZone(named: name) }
  }

  @Test func aSuggestionIsPartOfTheMessage() {
    let error = InputError.unknownTimeZone("Asia/Jakrta", suggestion: "Asia/Jakarta")
    #expect(error.localizedDescription.contains("Did you mean 'Asia/Jakarta'?"))
  }
}
