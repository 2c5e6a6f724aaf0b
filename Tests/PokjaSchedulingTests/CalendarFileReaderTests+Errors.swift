import Foundation
import Testing

@testable import PokjaScheduling

/// What the reader refuses, and the line it names.
extension CalendarFileReaderTests {
  @Test func aMissingStartIsAnErrorOnTheEventsLine() {
    let failure = error("BEGIN:VEVENT\nUID:a\nSUMMARY:Rapat\nEND:VEVENT")
    #expect(failure == .missingProperty(file: "rapat.ics", line: 3, property: "DTSTART"))
    #expect(failure?.errorDescription?.hasPrefix("rapat.ics:3: VEVENT has no DTSTART.") == true)
  }

  @Test(arguments: [
    "2026-13-01T09:00", "20261301T090000", "20260230", "20260601T250000", "20260601T0900",
  ])
  func anUnreadableDateTimeIsAnError(value: String) {
    let failure = error(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Asia/Jakarta:\(value)\nEND:VEVENT", file: "meetings.ics")
    #expect(
      failure == .invalidDateTime(file: "meetings.ics", line: 5, property: "DTSTART", value: value))
    #expect(
      failure?.errorDescription?.hasPrefix(
        "meetings.ics:5: DTSTART: '\(value)' is not a date-time. Write 20260105T090000 with a TZID")
        == true)
  }

  @Test func anEndBeforeTheStartIsAnError() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:a
      DTSTART;TZID=Asia/Jakarta:20260601T100000
      DTEND;TZID=Asia/Jakarta:20260601T090000
      END:VEVENT
      """)
    #expect(
      failure
        == .endBeforeStart(
          file: "rapat.ics", line: 6, property: "DTEND", start: "20260601T100000",
          end: "20260601T090000"))
    #expect(
      failure?.errorDescription
        == "rapat.ics:6: DTEND: the event ends (20260601T090000) before it starts (20260601T100000). Fix DTEND or DTSTART."
    )
    let negative = error(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Asia/Jakarta:20260601T100000\nDURATION:-PT1H\nEND:VEVENT")
    #expect(negative?.line == 6)
    guard case .endBeforeStart(_, _, "DURATION", _, _) = negative else {
      Issue.record("expected endBeforeStart for DURATION, got \(String(describing: negative))")
      return
    }
  }

  @Test func anUnreadableDurationIsAnError() {
    let failure = error(
      "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Asia/Jakarta:20260601T100000\nDURATION:1 jam\nEND:VEVENT")
    #expect(failure == .invalidDuration(file: "rapat.ics", line: 6, value: "1 jam"))
    #expect(error("BEGIN:VEVENT\nUID:a\nDTSTART:20260601T100000Z\nDURATION:PT\nEND:VEVENT") != nil)
  }

  @Test(arguments: [
    "nama,email\nDewi Lestari,dewi.lestari@example.org\n", "",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Dewi Lestari\nEND:VCARD\n", "<html><body>Not found</body></html>",
  ])
  func somethingThatIsNotICalendarIsSaidToBeSo(text: String) {
    let failure = #expect(throws: CalendarImportError.self) {
      try CalendarFileReader.read(text, file: "unduhan.ics", defaultTimeZone: jakarta)
    }
    #expect(failure == .notICalendar(file: "unduhan.ics"))
    #expect(failure?.line == nil)
    #expect(failure?.errorDescription?.hasPrefix("unduhan.ics: not an iCalendar file") == true)
  }

  @Test func aBrokenLineIsASyntaxErrorWithItsLine() {
    let failure = error("BEGIN:VEVENT\nUID:a\nDTSTART 20260601T100000\nEND:VEVENT")
    #expect(
      failure
        == .syntax(file: "rapat.ics", line: 5, reason: "content line has no ':' before its value"))
    #expect(
      failure?.errorDescription?.hasPrefix("rapat.ics:5: content line has no ':' before its value.")
        == true)
  }
}
