import PokjaCore
import Testing

@Suite struct TimeSpanTests {
  @Test(arguments: [
    ("2h", 7_200), ("90m", 5_400), ("1d", 86_400), ("1h30m", 5_400), ("1w", 604_800),
    ("PT2H", 7_200), ("PT1H30M", 5_400), ("2 jam", 7_200), ("30 menit", 1_800), ("1 hari", 86_400),
    ("45s", 45),
  ])
  func parsesWhatPeopleType(text: String, seconds: Int) throws {
    #expect(try TimeSpan(parsing: text).seconds == seconds)
  }

  @Test(arguments: ["", "2", "h", "2x", "-1h", "0h", "1.5h", "2h3", "jam"])
  func rejectsWhatIsNotADuration(text: String) {
    #expect(throws: InputError.invalidDuration(text)) { try TimeSpan(parsing: text) }
  }

  @Test func printsTheShortestFormThatParsesBack() throws {
    for text in ["1d", "2h", "1h30m", "1d2h", "45s"] {
      let span = try TimeSpan(parsing: text)
      #expect(span.description == text)
      #expect(try TimeSpan(parsing: span.description) == span)
    }
  }

  /// Found by fuzzing: `1000000w` was read, but its text `7000000d` was refused. Lengths stop at a
  /// million days, so every length read writes a text that reads back.
  @Test func refusesLengthsItCouldNotWriteBack() throws {
    #expect(throws: InputError.invalidDuration("1000000w")) { try TimeSpan(parsing: "1000000w") }
    #expect(throws: InputError.invalidDuration("1000000d1s")) { try TimeSpan(parsing: "1000000d1s") }
    let longest = try TimeSpan(parsing: "1000000d")
    #expect(longest.seconds == TimeSpan.maximumSeconds)
    #expect(try TimeSpan(parsing: longest.description) == longest)
  }
}
