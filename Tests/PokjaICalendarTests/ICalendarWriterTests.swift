import Foundation
import Testing

@testable import PokjaICalendar

/// A UTC instant from an ISO 8601 string such as `2026-12-07T03:00:00Z`.
func instant(_ text: String) -> Date {
  guard let date = ISO8601DateFormatter().date(from: text) else {
    preconditionFailure("bad test date \(text)")
  }
  return date
}

/// A zone the tests rely on; every zone used here exists in the tz database.
func zone(_ identifier: String) -> TimeZone {
  guard let zone = TimeZone(identifier: identifier) else {
    preconditionFailure("unknown zone \(identifier)")
  }
  return zone
}

/// A long SUMMARY mixing Indonesian, accented Latin, CJK-free emoji and ZWJ sequences.
let longSummary =
  "Rapat Pleno — Pertemuan Nasional 2026 · Désirée Müller, Çağrı Öztürk; "
  + "jalan-jalan ke Pulau Seribu 🌴🏝️ lalu diskusi 👩🏽‍💻 tentang kebijakan \\ anggaran "
  + "ñandú façade naïve coöperate — selesai ✅"

@Suite struct ICalendarTextTests {
  @Test func escapesSpecialCharacters() {
    #expect(ICalendarText.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
    #expect(ICalendarText.escape("line one\r\nline two") == "line one\\nline two")
    #expect(ICalendarText.escape("tab\tkept, bell\u{07} dropped") == "tab\tkept\\, bell dropped")
  }

  @Test func unescapesBothNewlineForms() {
    #expect(ICalendarText.unescape("a\\nb\\Nc\\;d\\,e\\\\f") == "a\nb\nc;d,e\\f")
    #expect(ICalendarText.unescape("C:\\temp\\") == "C:\\temp\\")
  }

  @Test(arguments: [
    "", "plain", "Rapat; Pleno, 2026", "back\\slash\\n literal", "multi\nline\n\ntext",
    longSummary, "\\;\\,\\\\", "trailing\\",
  ])
  func roundTrips(_ text: String) {
    #expect(ICalendarText.unescape(ICalendarText.escape(text)) == text)
  }
}

@Suite struct ICalendarPropertyTests {
  @Test func dateTimeUsesTZIDForCivilZones() {
    let property = ICalendarProperty.dateTime(
      "dtstart", instant("2026-12-07T03:00:00Z"), in: zone("Asia/Jakarta"))
    #expect(property.contentLine == "DTSTART;TZID=Asia/Jakarta:20261207T100000")
    #expect(property.dateValue() == instant("2026-12-07T03:00:00Z"))
  }

  @Test func dateTimeInUTCUsesZForm() {
    let date = instant("2026-12-07T03:00:00Z").addingTimeInterval(0.75)
    #expect(
      ICalendarProperty.dateTime("DTSTART", date, in: zone("UTC")).contentLine
        == "DTSTART:20261207T030000Z")
    #expect(
      ICalendarProperty.dateTime("DTSTART", date, in: .gmt).contentLine
        == "DTSTART:20261207T030000Z")
    #expect(ICalendarProperty.utc("DTSTAMP", date).contentLine == "DTSTAMP:20261207T030000Z")
    #expect(ICalendarProperty.utc("DTSTAMP", date).dateValue() == instant("2026-12-07T03:00:00Z"))
  }

  @Test func dateValueHandlesFloatingDateAndUnknownZones() {
    let jakarta = zone("Asia/Jakarta")
    let day = ICalendarProperty.date("DTSTART", instant("2026-12-06T20:00:00Z"), in: jakarta)
    #expect(day.contentLine == "DTSTART;VALUE=DATE:20261207")
    #expect(day.dateValue(defaultTimeZone: jakarta) == instant("2026-12-06T17:00:00Z"))
    #expect(
      ICalendarProperty("DTSTART", rawValue: "20261207T100000").dateValue(defaultTimeZone: jakarta)
        == instant("2026-12-07T03:00:00Z"))
    let unknown = ICalendarProperty(
      "DTSTART", parameters: [ICalendarParameter(name: "TZID", value: "Nowhere/Atlantis")],
      rawValue: "20261207T100000")
    #expect(unknown.dateValue() == nil)
    #expect(ICalendarProperty("DTSTART", rawValue: "2026-12-07").dateValue() == nil)
  }

  @Test func parametersAreQuotedAndSanitised() {
    let property = ICalendarProperty.calAddress(
      "attendee", email: "budi@example.com",
      parameters: [
        ICalendarParameter(name: "cn", value: "Budi \"Bud\" Santoso, S.H."),
        ICalendarParameter(name: "x-note", value: "a:b;c\r\nd"),
        ICalendarParameter(name: "ROLE", value: "REQ-PARTICIPANT"),
      ])
    #expect(
      property.contentLine
        == "ATTENDEE;CN=\"Budi 'Bud' Santoso, S.H.\";X-NOTE=\"a:b;cd\";ROLE=REQ-PARTICIPANT"
        + ":mailto:budi@example.com")
    #expect(property.parameter("cn") == "Budi 'Bud' Santoso, S.H.")
  }

  @Test func valuesAndNamesCannotBreakTheLine() {
    let property = ICalendarProperty("x-evil\r\nBEGIN", rawValue: "a\r\nEND:VCALENDAR")
    #expect(property.contentLine == "X-EVILBEGIN:aEND:VCALENDAR")
    #expect(ICalendarProperty.text("SUMMARY", "one\r\ntwo").contentLine == "SUMMARY:one\\ntwo")
  }
}

@Suite struct ICalendarSerializationTests {
  func event(summary: String) -> ICalendarComponent {
    ICalendarComponent(
      "VCALENDAR",
      properties: [ICalendarProperty("VERSION", rawValue: "2.0")],
      components: [
        ICalendarComponent(
          "VEVENT",
          properties: [
            .text("UID", "fold@pokja.example"),
            .text("SUMMARY", summary),
          ])
      ])
  }

  @Test func usesCRLFEverywhere() {
    let text = event(summary: longSummary).serialized()
    let bytes = Array(text.utf8)
    #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
    #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    for (index, byte) in bytes.enumerated() {
      if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
      if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
    }
  }

  @Test(arguments: [0, 1, 2, 3, 17, 40])
  func foldsAtSeventyFiveOctetsWithoutSplittingScalars(padding: Int) throws {
    let summary = String(repeating: "é", count: padding) + longSummary + longSummary
    let text = event(summary: summary).serialized()
    let lines = Array(text.utf8).split(
      separator: 0x0A, omittingEmptySubsequences: true
    ).map { Array($0.dropLast()) }
    let summaryStart = try #require(lines.firstIndex { $0.starts(with: Array("SUMMARY:".utf8)) })
    var continuations = 0
    for (index, line) in lines.enumerated() {
      #expect(line.count <= 75, "line \(index) has \(line.count) octets")
      #expect(String(validating: line, as: UTF8.self) != nil, "line \(index) splits a scalar")
      if line.first == 0x20 { continuations += 1 }
    }
    #expect(continuations >= 5)
    // A folded line stops short of 75 only when the next scalar would not fit.
    var index = summaryStart
    while index + 1 < lines.count, lines[index + 1].first == 0x20 {
      let next = lines[index + 1][1...]
      let firstScalarWidth = utf8Width(leadByte: next[next.startIndex])
      #expect(lines[index].count + firstScalarWidth > 75)
      index += 1
    }
    let unfolded = try ICalendarParser.parse(text)
    #expect(unfolded.first?.components.first?.property("SUMMARY")?.textValue == summary)
  }

  func utf8Width(leadByte: UInt8) -> Int {
    switch leadByte {
    case 0..<0x80: 1
    case 0xC0..<0xE0: 2
    case 0xE0..<0xF0: 3
    default: 4
    }
  }

  @Test func shortLinesAreNotFolded() {
    func serialized(_ summary: String) -> String {
      ICalendarComponent("VEVENT", properties: [.text("SUMMARY", summary)]).serialized()
    }
    let line = "SUMMARY:" + String(repeating: "x", count: 67)
    #expect(serialized(String(line.dropFirst(8))) == "BEGIN:VEVENT\r\n\(line)\r\nEND:VEVENT\r\n")
    #expect(
      serialized(line.dropFirst(8) + "y") == "BEGIN:VEVENT\r\n\(line)\r\n y\r\nEND:VEVENT\r\n")
  }

  @Test func findsPropertiesAndComponentsByName() {
    let calendar = ICalendarComponent(
      "vcalendar",
      properties: [
        ICalendarProperty("X-A", rawValue: "1"), ICalendarProperty("x-a", rawValue: "2"),
      ],
      components: [ICalendarComponent("VEVENT"), ICalendarComponent("VTODO")])
    #expect(calendar.name == "VCALENDAR")
    #expect(calendar.property("x-a")?.value == "1")
    #expect(calendar.properties(named: "X-A").map(\.value) == ["1", "2"])
    #expect(calendar.components(named: "vevent").count == 1)
    #expect(calendar.property("MISSING") == nil)
  }
}
