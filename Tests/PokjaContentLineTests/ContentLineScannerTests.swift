import PokjaContentLine
import Testing

/// Scans `line` into name, parameters and value the way both formats drive the scanner.
private func scan(
  _ line: String, skippingAfterQuote: Bool = false
) throws(ContentLineSyntaxError) -> (name: String, parameters: [String: [String]], value: String) {
  var scanner = ContentLineScanner(Array(line.unicodeScalars))
  let name = scanner.read(until: [";", ":"])
  var parameters: [String: [String]] = [:]
  while scanner.skip(";") {
    let parameter = scanner.read(until: ["=", ";", ":"])
    guard scanner.skip("=") else { throw .missingColon }
    parameters[parameter] = try scanner.readParameterValues(skippingAfterQuote: skippingAfterQuote)
  }
  guard let value = scanner.readValue() else { throw .missingColon }
  return (name, parameters, value)
}

@Suite struct ContentLineScannerTests {
  @Test func quotedParameterValuesMayHoldColonsSemicolonsAndCommas() throws {
    let line = #"ATTENDEE;CN="Budi, S.H.; M:Kn";DELEGATED-FROM="mailto:a@x.id":mailto:b@x.id"#
    let parsed = try scan(line)
    #expect(parsed.name == "ATTENDEE")
    #expect(parsed.parameters["CN"] == ["Budi, S.H.; M:Kn"])
    #expect(parsed.parameters["DELEGATED-FROM"] == ["mailto:a@x.id"])
    #expect(parsed.value == "mailto:b@x.id")
  }

  /// Found by fuzzing: `:` followed by a combining mark is one Character, so the writer saw no
  /// colon and left the value unquoted, and a reader cut it at the colon.
  @Test(arguments: ["a:\u{301}b", "Budi;\u{20DD}", "x,\u{308}"])
  func valuesWithACombiningMarkAfterADelimiterAreQuoted(value: String) throws {
    let written = ContentLineText.quotedIfNeeded(value)
    #expect(written == "\"" + value + "\"")
    #expect(try scan("X;P=" + written + ":v").parameters["P"] == [value])
  }

  @Test func listsMixQuotedAndUnquotedValues() throws {
    let parsed = try scan(#"TEL;TYPE=work,"cell,voice",,pref:+62 812"#)
    #expect(parsed.parameters["TYPE"] == ["work", "cell,voice", "", "pref"])
    #expect(parsed.value == "+62 812")
  }

  @Test func theValueKeepsEverythingAfterTheFirstColon() throws {
    let parsed = try scan("URL:https://x.id/a;b,c:d")
    #expect(parsed.parameters.isEmpty)
    #expect(parsed.value == "https://x.id/a;b,c:d")
    #expect(try scan("NOTE:").value == "")
  }

  @Test func anUnclosedQuoteIsReported() {
    #expect(throws: ContentLineSyntaxError.unterminatedQuote) {
      try scan(#"X-A;CN="open:1"#)
    }
  }

  @Test func aLineEndingInsideTheParametersHasNoColon() {
    #expect(throws: ContentLineSyntaxError.missingColon) { try scan("X-A;CN=a,b") }
    #expect(throws: ContentLineSyntaxError.missingColon) { try scan("X-A") }
  }

  @Test func textAfterAClosingQuoteStopsOrIsSkipped() throws {
    var scanner = ContentLineScanner(Array(#"CN="a"b,c:1"#.unicodeScalars))
    _ = scanner.read(until: ["="])
    let skippedEquals = scanner.skip("=")
    #expect(skippedEquals)
    let values = try scanner.readParameterValues()
    #expect(values == ["a"])
    #expect(scanner.current == "b")
    #expect(
      try scan(#"X;TYPE="a"b,c:1"#, skippingAfterQuote: true).parameters["TYPE"] == ["a", "c"])
  }
}
