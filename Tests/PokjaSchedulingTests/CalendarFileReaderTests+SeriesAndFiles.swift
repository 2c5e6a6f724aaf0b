import Foundation
import Testing

@testable import PokjaScheduling

/// Series and whole files: several calendars, duplicate masters and changes, UIDs, text.
extension CalendarFileReaderTests {
  @Test func concatenatedCalendarsEachUseTheirOwnTimeZones() throws {
    func zone(_ location: String) -> String {
      "BEGIN:VTIMEZONE\nTZID:Kantor\nX-LIC-LOCATION:\(location)\nEND:VTIMEZONE"
    }
    let text = """
      BEGIN:VCALENDAR
      \(zone("Asia/Jakarta"))
      BEGIN:VEVENT
      UID:seri
      DTSTART;TZID=Kantor:20260105T090000
      RRULE:FREQ=DAILY;COUNT=5
      END:VEVENT
      END:VCALENDAR
      BEGIN:VCALENDAR
      \(zone("Asia/Jayapura"))
      BEGIN:VEVENT
      UID:lain
      DTSTART;TZID=Kantor:20260105T090000
      END:VEVENT
      BEGIN:VEVENT
      UID:seri
      RECURRENCE-ID:20260106T020000Z
      DTSTART;TZID=Kantor:20260106T100000
      END:VEVENT
      END:VCALENDAR
      """
    let contents = try CalendarFileReader.read(text, file: "gabungan.ics", defaultTimeZone: jakarta)
    #expect(contents.series.map(\.master.uid) == ["seri", "lain"])
    #expect(contents.series[0].master.start == utc("2026-01-05T02:00:00Z"))
    #expect(contents.series[1].master.start == utc("2026-01-05T00:00:00Z"))
    #expect(contents.series[1].master.timeZone.identifier == "Asia/Jayapura")
    #expect(contents.series[0].overrides.map(\.start) == [utc("2026-01-06T01:00:00Z")])
    #expect(contents.warnings.isEmpty)
  }

  @Test func ofDuplicateMastersTheHighestSequenceWinsAndTheLaterOnATie() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:dup
      SEQUENCE:1
      SUMMARY:Versi satu
      DTSTART:20260601T020000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:dup
      SEQUENCE:3
      SUMMARY:Versi tiga
      DTSTART:20260601T030000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:dup
      SEQUENCE:2
      SUMMARY:Versi dua
      DTSTART:20260601T040000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:tie
      SUMMARY:Lama
      DTSTART:20260601T020000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:tie
      SUMMARY:Baru
      DTSTART:20260601T020000Z
      END:VEVENT
      """)
    #expect(contents.series.map(\.master.title) == ["Versi tiga", "Baru"])
    #expect(contents.series[0].master.sequence == 3)
    #expect(contents.warnings.count == 3)
    #expect(
      contents.warnings.first
        == "rapat.ics:3: UID 'dup' appears twice as the event; the one at line 9 (SEQUENCE 3) is kept and this one (SEQUENCE 1) skipped."
    )
  }

  @Test func ofDuplicateChangesToOneOccurrenceTheHighestSequenceWins() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:m
      DTSTART:20260601T020000Z
      RRULE:FREQ=DAILY;COUNT=3
      END:VEVENT
      BEGIN:VEVENT
      UID:m
      RECURRENCE-ID:20260602T020000Z
      SEQUENCE:2
      SUMMARY:Baru
      DTSTART:20260602T040000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:m
      RECURRENCE-ID:20260602T020000Z
      SEQUENCE:1
      SUMMARY:Lama
      DTSTART:20260602T030000Z
      END:VEVENT
      """)
    #expect(contents.series.first?.overrides.map(\.title) == ["Baru"])
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.contains("a change to the 2026-06-02T02:00:00Z occurrence") == true)
  }

  @Test func severalOrphanedChangesOfOneSeriesGetDistinctUIDs() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:luar
      RECURRENCE-ID:20260120T060000Z
      DTSTART:20260120T070000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:luar
      RECURRENCE-ID:20260113T060000Z
      DTSTART:20260113T070000Z
      END:VEVENT
      """)
    #expect(
      contents.series.map(\.master.uid) == ["luar-20260113T060000Z", "luar-20260120T060000Z"])
    #expect(contents.series.allSatisfy { $0.master.recurrenceID == nil && $0.overrides.isEmpty })
    #expect(contents.warnings.count == 2)
  }

  @Test func aMissingUIDIsMadeFromStartAndSummaryStably() throws {
    let body =
      "BEGIN:VEVENT\nSUMMARY:Rapat tanpa UID\nDTSTART;TZID=Asia/Jakarta:20260601T090000\nEND:VEVENT"
    let first = try read(body)
    let second = try read(body)
    let other = try read(body.replacingOccurrences(of: "tanpa", with: "lain tanpa"))
    let uid = try #require(first.series.first?.master.uid)
    #expect(uid.hasPrefix("pokja-import-") && uid.count == "pokja-import-".count + 16)
    #expect(second.series.first?.master.uid == uid)
    #expect(other.series.first?.master.uid != uid)
    #expect(
      first.warnings == [
        "rapat.ics:3: VEVENT has no UID; it is imported as '\(uid)' (made from DTSTART and SUMMARY, so importing the same event again updates it)."
      ])
  }

  @Test func textIsUnescapedAndAMissingTitleStaysEmpty() throws {
    let titled = try event(
      "BEGIN:VEVENT\nUID:t\nDTSTART:20260601T020000Z\nSUMMARY:Rapat\\, evaluasi\\; tindak lanjut\\nbagian 2\nLOCATION:  \nEND:VEVENT"
    )
    #expect(titled.title == "Rapat, evaluasi; tindak lanjut\nbagian 2")
    #expect(titled.location == nil)
    let untitled = try event("BEGIN:VEVENT\nUID:t\nDTSTART:20260601T020000Z\nEND:VEVENT")
    #expect(untitled.title == "")
    #expect(untitled.description == nil)
    #expect(untitled.sequence == 0)
  }

  @Test func anUnreadableSequenceCountsAsZeroWithAWarning() throws {
    let contents = try read(
      "BEGIN:VEVENT\nUID:q\nDTSTART:20260601T020000Z\nSEQUENCE:dua\nEND:VEVENT")
    #expect(contents.series.first?.master.sequence == 0)
    #expect(contents.warnings == ["rapat.ics:6: SEQUENCE 'dua' is not a whole number; 0 is used."])
  }

  @Test func aCalendarWithoutEventsSaysSo() throws {
    let contents = try read(
      "BEGIN:VJOURNAL\nUID:j\nEND:VJOURNAL\nBEGIN:VFREEBUSY\nUID:f\nEND:VFREEBUSY")
    #expect(contents.series.isEmpty)
    #expect(
      contents.warnings == [
        "rapat.ics: skipped 1 VJOURNAL, 1 VFREEBUSY; Pokja imports events (VEVENT) only.",
        "rapat.ics: the file has no events (VEVENT).",
      ])
  }
}
