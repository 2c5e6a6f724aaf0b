import Foundation
import Testing

@testable import PokjaScheduling

/// Time zones: Windows names, Outlook labels, custom VTIMEZONEs, UTC, floating and gap times.
extension CalendarFileReaderTests {
  @Test(arguments: [
    ("SE Asia Standard Time", "Asia/Bangkok"), ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"), ("W. Europe Standard Time", "Europe/Berlin"),
    ("GMT Standard Time", "Europe/London"), ("Eastern Standard Time", "America/New_York"),
    ("Pacific Standard Time", "America/Los_Angeles"), ("UTC", "Etc/UTC"),
    ("UTC-11", "Etc/GMT+11"), ("UTC+12", "Etc/GMT-12"),
    ("AUS Eastern Standard Time", "Australia/Sydney"), ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"), ("Romance Standard Time", "Europe/Paris"),
    ("Arabian Standard Time", "Asia/Dubai"), ("Korea Standard Time", "Asia/Seoul"),
    ("se asia standard time", "Asia/Bangkok"),
  ])
  func windowsZoneNamesMapToCLDRPrimaryZones(windows: String, iana: String) throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:w\nDTSTART;TZID=\"\(windows)\":20260601T090000\nEND:VEVENT")
    #expect(event.timeZone.identifier == iana)
  }

  @Test func everyWindowsZoneInTheTableIsKnownToTheSystem() {
    #expect(WindowsTimeZones.entries.count >= 80)
    for entry in WindowsTimeZones.entries {
      #expect(TimeZone(identifier: entry.iana)?.identifier == entry.iana, "\(entry.iana)")
      #expect(WindowsTimeZones.iana(windowsName: entry.windowsName) == entry.iana)
      // The label Windows shows leads back to the same zone.
      #expect(WindowsTimeZones.iana(label: "(UTC+00:00) \(entry.label)") == entry.iana)
    }
    #expect(
      Set(WindowsTimeZones.entries.map(\.windowsName)).count == WindowsTimeZones.entries.count)
  }

  @Test(arguments: [
    ("(UTC+07:00) Bangkok, Hanoi, Jakarta", "Asia/Bangkok"),
    ("(UTC+08:00) Kuala Lumpur, Singapore", "Asia/Singapore"),
    ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"),
    ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
    ("(UTC) Coordinated Universal Time", "Etc/UTC"),
    // Not a Windows label: the first city that names a zone at that offset.
    ("(UTC+07:00) Jakarta", "Asia/Jakarta"), ("(UTC+05:30) Mumbai, Pune", "Asia/Kolkata"),
    ("(UTC+08:00) Makassar, Denpasar", "Asia/Makassar"),
  ])
  func outlookLabelsMapByTheirCities(label: String, iana: String) {
    #expect(WindowsTimeZones.iana(label: label) == iana)
  }

  @Test func aLabelWhoseCitiesAreAtAnotherOffsetMapsToNothing() {
    #expect(WindowsTimeZones.iana(label: "(UTC+01:00) Jakarta") == nil)
    #expect(WindowsTimeZones.iana(label: "(UTC+07:00) Atlantis") == nil)
    #expect(WindowsTimeZones.iana(label: "Bangkok, Hanoi, Jakarta") == nil)
  }

  @Test func aLabelWithUnknownCitiesFallsBackToTheVTimeZoneOffset() throws {
    let contents = try read(
      """
      BEGIN:VTIMEZONE
      TZID:(UTC+09:00) Ternate
      BEGIN:STANDARD
      DTSTART:16010101T000000
      TZOFFSETFROM:+0900
      TZOFFSETTO:+0900
      END:STANDARD
      END:VTIMEZONE
      BEGIN:VEVENT
      UID:t
      DTSTART;TZID="(UTC+09:00) Ternate":20260601T090000
      END:VEVENT
      """)
    #expect(contents.series.first?.master.timeZone.identifier == "Asia/Jayapura")
    #expect(contents.series.first?.master.start == utc("2026-06-01T00:00:00Z"))
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:3: time zone '(UTC+09:00) Ternate'") == true)
  }

  @Test func prefixedZoneNamesAreReadByTheirIANATail() throws {
    let citadel = try event(
      "BEGIN:VEVENT\nUID:c\nDTSTART;TZID=/citadel.org/20190914_1/Europe/Berlin:20260115T100000\nEND:VEVENT"
    )
    #expect(citadel.timeZone.identifier == "Europe/Berlin")
    #expect(citadel.start == utc("2026-01-15T09:00:00Z"))
    let deep = try event(
      "BEGIN:VEVENT\nUID:d\nDTSTART;TZID=/mozilla.org/20070129_1/America/Argentina/Buenos_Aires:20260115T100000\nEND:VEVENT"
    )
    #expect(deep.timeZone.identifier == "America/Argentina/Buenos_Aires")
  }

  @Test func xLicLocationNamesTheZoneOfACustomTZID() throws {
    let contents = try read(
      """
      BEGIN:VTIMEZONE
      TZID:Kantor Belanda
      X-LIC-LOCATION:Europe/Amsterdam
      BEGIN:STANDARD
      DTSTART:19701025T030000
      RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
      TZOFFSETFROM:+0200
      TZOFFSETTO:+0100
      END:STANDARD
      BEGIN:DAYLIGHT
      DTSTART:19700329T020000
      RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
      TZOFFSETFROM:+0100
      TZOFFSETTO:+0200
      END:DAYLIGHT
      END:VTIMEZONE
      BEGIN:VEVENT
      UID:x
      DTSTART;TZID=Kantor Belanda:20260701T100000
      END:VEVENT
      """)
    #expect(contents.series.first?.master.timeZone.identifier == "Europe/Amsterdam")
    #expect(contents.series.first?.master.start == utc("2026-07-01T08:00:00Z"))
    #expect(contents.warnings.isEmpty)
  }

  @Test(arguments: [
    ("+0700", "Asia/Jakarta", "2026-06-01T02:00:00Z"),
    ("+0800", "Asia/Makassar", "2026-06-01T01:00:00Z"),
    ("+0900", "Asia/Jayapura", "2026-06-01T00:00:00Z"),
    ("+0000", "Etc/UTC", "2026-06-01T09:00:00Z"),
    ("+0530", "GMT+0530", "2026-06-01T03:30:00Z"),
  ])
  func aCustomZoneWithOneFixedOffsetIsReadAtThatOffset(
    offset: String, zone: String, start: String
  ) throws {
    let contents = try read(
      """
      BEGIN:VTIMEZONE
      TZID:Zona Kantor
      BEGIN:STANDARD
      DTSTART:16010101T000000
      TZOFFSETFROM:\(offset)
      TZOFFSETTO:\(offset)
      END:STANDARD
      END:VTIMEZONE
      BEGIN:VEVENT
      UID:f
      DTSTART;TZID=Zona Kantor:20260601T090000
      DTEND;TZID=Zona Kantor:20260601T100000
      END:VEVENT
      """)
    let event = try #require(contents.series.first?.master)
    #expect(event.start == utc(start))
    #expect(event.timeZone.secondsFromGMT(for: event.start) == event.timeZone.secondsFromGMT())
    if zone.hasPrefix("GMT") {
      #expect(event.timeZone.secondsFromGMT() == 5 * 3600 + 1800)
    } else {
      #expect(event.timeZone.identifier == zone)
    }
    // One warning although the TZID is used twice.
    #expect(contents.warnings.count == 1)
    #expect(contents.warnings.first?.contains("'Zona Kantor'") == true)
  }

  @Test func aCustomZoneWithDaylightSavingAndNoHintIsAnError() {
    let failure = error(
      """
      BEGIN:VTIMEZONE
      TZID:Zona Musim Panas
      BEGIN:STANDARD
      DTSTART:19701025T030000
      TZOFFSETFROM:+0200
      TZOFFSETTO:+0100
      END:STANDARD
      BEGIN:DAYLIGHT
      DTSTART:19700329T020000
      TZOFFSETFROM:+0100
      TZOFFSETTO:+0200
      END:DAYLIGHT
      END:VTIMEZONE
      BEGIN:VEVENT
      UID:s
      DTSTART;TZID=Zona Musim Panas:20260601T090000
      END:VEVENT
      """)
    #expect(
      failure
        == .unknownTimeZone(
          file: "rapat.ics", line: 18, property: "DTSTART", tzid: "Zona Musim Panas"))
    #expect(
      failure?.errorDescription?.hasPrefix(
        "rapat.ics:18: DTSTART: time zone 'Zona Musim Panas' is unknown") == true)
    #expect(failure?.errorDescription?.contains("Asia/Jakarta") == true)
  }

  @Test func anUnknownTZIDWithoutVTimeZoneIsAnErrorOnTheLineThatUsesIt() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:u
      DTSTART;TZID=Asia/Jakarta:20260601T090000
      EXDATE;TZID=Mars/Olympus_Mons:20260602T090000
      END:VEVENT
      """)
    #expect(
      failure
        == .unknownTimeZone(
          file: "rapat.ics", line: 6, property: "EXDATE", tzid: "Mars/Olympus_Mons"))
  }

  @Test func aUTCStartTakesItsZoneFromAnotherTZIDOrTheDefault() throws {
    let withEnd = try event(
      """
      BEGIN:VEVENT
      UID:z
      DTSTART:20260601T020000Z
      DTEND;TZID=Asia/Makassar:20260601T110000
      END:VEVENT
      """)
    #expect(withEnd.timeZone == makassar)
    #expect(withEnd.start == utc("2026-06-01T02:00:00Z"))
    #expect(withEnd.end == utc("2026-06-01T03:00:00Z"))
    let alone = try event(
      "BEGIN:VEVENT\nUID:z\nDTSTART:20260601T020000Z\nDTEND:20260601T030000Z\nEND:VEVENT",
      zone: makassar)
    #expect(alone.timeZone == makassar)
    #expect(alone.start == utc("2026-06-01T02:00:00Z"))
  }

  @Test func aFloatingTimeIsReadInTheDefaultZone() throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:f\nDTSTART:20260601T090000\nEND:VEVENT", zone: makassar)
    #expect(event.start == utc("2026-06-01T01:00:00Z"))
    #expect(event.timeZone == makassar)
    #expect(!event.isAllDay)
  }

  @Test func aTimeInADaylightSavingGapMovesForwardWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:g
      DTSTART;TZID=Europe/Berlin:20260329T023000
      END:VEVENT
      """)
    let event = try #require(contents.series.first?.master)
    #expect(event.start == utc("2026-03-29T01:30:00Z"))  // 03:30 CEST
    #expect(
      contents.warnings == [
        "rapat.ics:5: DTSTART: 2026-03-29T02:30:00 does not exist in Europe/Berlin (the clocks skip it); read as 2026-03-29T03:30:00, as RFC 5545 says."
      ])
  }
}
