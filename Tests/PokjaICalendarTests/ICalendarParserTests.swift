import Foundation
import Testing

@testable import PokjaICalendar

@Suite struct ICalendarParserTests {
  /// A request with a time zone, an organizer, an attendee and awkward text.
  static func invitation() -> ICalendarComponent {
    let jakarta = zone("Asia/Jakarta")
    let start = instant("2026-12-07T03:00:00Z")
    return ICalendarComponent(
      "VCALENDAR",
      properties: [
        ICalendarProperty("PRODID", rawValue: "-//Pokja//Sekretariat//ID"),
        ICalendarProperty("VERSION", rawValue: "2.0"),
        ICalendarProperty("CALSCALE", rawValue: "GREGORIAN"),
        ICalendarProperty("METHOD", rawValue: "REQUEST"),
      ],
      components: [
        VTimeZoneBuilder.component(
          for: jakarta, covering: DateInterval(start: start, duration: 7200)),
        ICalendarComponent(
          "VEVENT",
          properties: [
            .text("UID", "rapat-pleno-2026@pokja.example"),
            .utc("DTSTAMP", instant("2026-11-01T00:00:00Z")),
            .dateTime("DTSTART", start, in: jakarta),
            .dateTime("DTEND", start.addingTimeInterval(7200), in: jakarta),
            .text("SUMMARY", longSummary),
            .text("DESCRIPTION", "Agenda:\n1. Pembukaan; 2. Laporan, dan\n3. Penutup \\ doa"),
            .text("LOCATION", "Gedung Sate, Jl. Diponegoro No. 22, Bandung"),
            .calAddress(
              "ORGANIZER", email: "sekretariat@pokja.example",
              parameters: [ICalendarParameter(name: "CN", value: "Sekretariat: Pokja Nasional")]),
            .calAddress(
              "ATTENDEE", email: "budi@example.com",
              parameters: [
                ICalendarParameter(name: "CN", value: "Budi Santoso, S.H."),
                ICalendarParameter(name: "ROLE", value: "REQ-PARTICIPANT"),
                ICalendarParameter(name: "PARTSTAT", value: "NEEDS-ACTION"),
                ICalendarParameter(name: "RSVP", value: "TRUE"),
              ]),
            ICalendarProperty("SEQUENCE", rawValue: "0"),
          ]),
      ])
  }

  @Test func roundTripsSerializedOutput() throws {
    let calendar = Self.invitation()
    let parsed = try ICalendarParser.parse(calendar.serialized())
    #expect(parsed == [calendar])
    let event = try #require(parsed.first?.components(named: "VEVENT").first)
    #expect(event.property("SUMMARY")?.textValue == longSummary)
    #expect(event.property("ATTENDEE")?.parameter("CN") == "Budi Santoso, S.H.")
    #expect(event.property("DTSTART")?.dateValue() == instant("2026-12-07T03:00:00Z"))
  }

  @Test func acceptsLFAndTabFolding() throws {
    let text = """
      BEGIN:VCALENDAR
      BEGIN:VEVENT
      summary;language=id:Rapat\\, pleno
      \t dan diskusi
      ATTENDEE;CN="Doe, Jane";DELEGATED-FROM="mailto:a@x.id":mailto:jane@x.id
      END:VEVENT

      END:VCALENDAR
      """
    let parsed = try ICalendarParser.parse(text)
    let event = try #require(parsed.first?.components.first)
    #expect(event.name == "VEVENT")
    let summary = try #require(event.property("SUMMARY"))
    #expect(summary.parameter("LANGUAGE") == "id")
    #expect(summary.textValue == "Rapat, pleno dan diskusi")
    let attendee = try #require(event.property("ATTENDEE"))
    #expect(attendee.parameters.map(\.name) == ["CN", "DELEGATED-FROM"])
    #expect(attendee.parameter("cn") == "Doe, Jane")
    #expect(attendee.parameter("delegated-from") == "mailto:a@x.id")
    #expect(attendee.value == "mailto:jane@x.id")
  }

  @Test func parsesSeveralTopLevelComponents() throws {
    let one = ICalendarComponent("VCALENDAR", properties: [.text("X-N", "1")])
    let two = ICalendarComponent("VCALENDAR", properties: [.text("X-N", "2")])
    let parsed = try ICalendarParser.parse(one.serialized() + two.serialized())
    #expect(parsed == [one, two])
    #expect(try ICalendarParser.parse("") == [])
  }

  @Test(arguments: [
    ("BEGIN:VCALENDAR\r\nVERSION 2.0\r\nEND:VCALENDAR", ICalendarParseError.missingColon(line: 2)),
    (
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nX-A:1\r\nEND:VTODO\r\n",
      .mismatchedEnd(line: 4, expected: "VEVENT", found: "VTODO")
    ),
    (
      "BEGIN:VCALENDAR\r\nX-A:1\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",
      .unclosedComponent(line: 1, name: "VCALENDAR")
    ),
    ("X-A:1\r\n", .propertyOutsideComponent(line: 1, name: "X-A")),
    // Found by fuzzing: thousands of BEGINs ran a recursive walk out of stack.
    (
      String(repeating: "BEGIN:X\r\n", count: 40), .nestedTooDeep(line: 33, limit: 32)
    ),
    (
      "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR",
      .unexpectedEnd(line: 3, name: "VCALENDAR")
    ),
    ("BEGIN:VCALENDAR\r\nX A:1\r\nEND:VCALENDAR", .invalidName(line: 2, name: "X A")),
    ("BEGIN:VCALENDAR\r\nX-A;CN:1\r\nEND:VCALENDAR", .malformedParameter(line: 2)),
    ("BEGIN:VCALENDAR\r\nX-A;CN=\"open:1\r\nEND:VCALENDAR", .unterminatedQuote(line: 2)),
    ("BEGIN:VCALENDAR\r\nX-A;CN=\"a\"b:1\r\nEND:VCALENDAR", .malformedParameter(line: 2)),
    ("BEGIN:\r\nEND:VCALENDAR", .invalidName(line: 1, name: "")),
  ])
  func reportsErrorsWithLineNumbers(text: String, expected: ICalendarParseError) {
    #expect(throws: expected) { try ICalendarParser.parse(text) }
  }

  @Test func lineNumbersCountPhysicalLinesOfFoldedInput() throws {
    let text = "BEGIN:VCALENDAR\r\nX-LONG:abc\r\n def\r\n ghi\r\nBROKEN\r\nEND:VCALENDAR\r\n"
    let error = #expect(throws: ICalendarParseError.self) { try ICalendarParser.parse(text) }
    #expect(error == .missingColon(line: 5))
    #expect(error?.line == 5)
    #expect(error?.errorDescription == "iCalendar line 5: content line has no ':' before its value")
  }

  @Test func componentsAndPropertiesKnowTheirLinesButCompareWithoutThem() throws {
    let text =
      "BEGIN:VCALENDAR\r\n\r\nBEGIN:VEVENT\r\nSUMMARY:Rapat\r\n  pleno\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    let calendar = try #require(ICalendarParser.parse(text).first)
    #expect(calendar.line == 1)
    let event = try #require(calendar.components.first)
    #expect(event.line == 3)
    #expect(event.properties.map(\.line) == [4, 6])
    #expect(event.property("SUMMARY")?.textValue == "Rapat pleno")
    let built = ICalendarComponent(
      "VEVENT",
      properties: [ICalendarProperty("SUMMARY", rawValue: "Rapat pleno"), .text("UID", "a")])
    #expect(built.line == nil && built.properties.allSatisfy { $0.line == nil })
    #expect(event == built)
    #expect(Set([event, built]).count == 1)
  }

  @Test func theReasonLeavesOutTheLineNumber() {
    #expect(
      ICalendarParseError.unclosedComponent(line: 3, name: "VEVENT").reason
        == "BEGIN:VEVENT is never closed")
  }
}
