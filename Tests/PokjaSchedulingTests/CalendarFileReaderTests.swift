import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaScheduling

@Suite struct CalendarFileReaderTests {
  /// The fixtures folder (`Tests/Fixtures/ics`).
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/ics")

  let jakarta = Zones.jakarta
  let makassar = TimeZone(identifier: "Asia/Makassar")!

  private func fixture(_ name: String, zone: TimeZone? = nil) throws -> CalendarFileContents {
    let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    return try CalendarFileReader.read(text, file: name, defaultTimeZone: zone ?? jakarta)
  }

  /// Reads `body` inside a VCALENDAR; body line 1 is file line 3.
  func read(
    _ body: String, file: String = "rapat.ics", zone: TimeZone? = nil
  ) throws(CalendarImportError) -> CalendarFileContents {
    try CalendarFileReader.read(
      "BEGIN:VCALENDAR\nVERSION:2.0\n\(body)\nEND:VCALENDAR\n", file: file,
      defaultTimeZone: zone ?? jakarta)
  }

  /// The single event of `body`.
  func event(_ body: String, zone: TimeZone? = nil) throws -> ImportedEvent {
    let contents = try read(body, zone: zone)
    try #require(contents.series.count == 1)
    return contents.series[0].master
  }

  func error(_ body: String, file: String = "rapat.ics") -> CalendarImportError? {
    #expect(throws: CalendarImportError.self) { try read(body, file: file) }
  }

  func utc(_ text: String) -> Date {
    (try? Date(text, strategy: .iso8601)) ?? .distantPast
  }

  // MARK: - Exports

  @Test func aGoogleExportKeepsTheSeriesItsChangesAndItsPeople() throws {
    let contents = try fixture("google-pokja.ics", zone: makassar)
    #expect(
      contents.series.map(\.master.uid) == [
        "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com", "20260217_imlek@pokja.example",
        "0aa9c7e2b4d64f1e8e1b3c5d7f9a2b4c@google.com",
      ])
    let weekly = contents.series[0].master
    #expect(weekly.line == 19)
    #expect(weekly.title == "Rapat mingguan Pokja")
    let description = try #require(weekly.description)
    #expect(
      description.hasPrefix(
        "Agenda:\n1. Laporan kemajuan\n2. Rencana kerja, anggaran; tindak lanjut\n\n"))
    #expect(description.contains("Join with Google Meet: https://meet.google.com/abc-defg-hij"))
    #expect(weekly.location == "Ruang Rapat Lt 7, Gedung Kemensos")
    #expect(weekly.start == utc("2026-01-05T02:00:00Z"))
    #expect(weekly.end == utc("2026-01-05T03:30:00Z"))
    #expect(weekly.timeZone.identifier == "Asia/Jakarta")
    #expect(!weekly.isAllDay)
    #expect(weekly.rrule == "FREQ=WEEKLY;WKST=MO;UNTIL=20260330T015959Z;BYDAY=MO")
    #expect(
      weekly.exdates == [
        utc("2026-01-19T02:00:00Z"), utc("2026-02-16T02:00:00Z"), utc("2026-02-23T02:00:00Z"),
      ])
    #expect(weekly.rdates.isEmpty)
    #expect(weekly.recurrenceID == nil)
    #expect(weekly.sequence == 2)
    #expect(!weekly.cancelled)
    #expect(
      weekly.organizer
        == ImportedPerson(email: "sekretariat@pokja.example", name: "Sekretariat Pokja"))
    #expect(
      weekly.attendees == [
        ImportedPerson(
          email: "dewi.lestari@example.org", name: "Dewi Lestari", participationStatus: "ACCEPTED",
          role: "REQ-PARTICIPANT"),
        ImportedPerson(
          email: "budi.santoso@example.org", name: "budi.santoso@example.org",
          participationStatus: "NEEDS-ACTION", role: "OPT-PARTICIPANT"),
        ImportedPerson(
          email: "c_1883f0a9b2@resource.calendar.google.com", name: "Ruang Rapat Lt 7",
          participationStatus: "ACCEPTED", role: "REQ-PARTICIPANT"),
      ])

    // Overrides come sorted by RECURRENCE-ID, not in file order.
    let overrides = contents.series[0].overrides
    #expect(overrides.map(\.line) == [66, 52])
    #expect(
      overrides.map(\.recurrenceID) == [utc("2026-02-02T02:00:00Z"), utc("2026-03-09T02:00:00Z")])
    let moved = overrides[0]
    #expect(moved.title == "Rapat mingguan Pokja (dipindah ke Selasa)")
    #expect(moved.start == utc("2026-02-03T06:00:00Z"))
    #expect(moved.end == utc("2026-02-03T07:30:00Z"))
    #expect(moved.sequence == 3)
    #expect(moved.location == "Ruang Garuda")
    #expect(moved.attendees.map(\.participationStatus) == ["TENTATIVE"])
    #expect(!moved.cancelled)
    #expect(overrides[1].cancelled)
  }

  @Test func aGoogleAllDayEventStartsAtMidnightInTheDefaultZone() throws {
    let contents = try fixture("google-pokja.ics", zone: makassar)
    let holiday = contents.series[1].master
    #expect(holiday.isAllDay)
    #expect(holiday.title == "Tahun Baru Imlek")
    #expect(holiday.start == utc("2026-02-16T16:00:00Z"))
    #expect(holiday.end == utc("2026-02-17T16:00:00Z"))
    #expect(holiday.timeZone == makassar)
    #expect(contents.series[1].overrides.isEmpty)
  }

  @Test func aChangedOccurrenceWithoutItsMasterBecomesAnEventOfItsOwn() throws {
    let contents = try fixture("google-pokja.ics", zone: makassar)
    let orphan = contents.series[2]
    #expect(orphan.overrides.isEmpty)
    #expect(orphan.master.uid == "0aa9c7e2b4d64f1e8e1b3c5d7f9a2b4c@google.com")
    #expect(orphan.master.recurrenceID == nil)
    #expect(orphan.master.rrule == nil)
    #expect(orphan.master.start == utc("2026-01-14T06:00:00Z"))
    // UTC times with no TZID anywhere in the event: shown in the default zone.
    #expect(orphan.master.timeZone == makassar)
    #expect(contents.warnings.count == 1)
    let warning = try #require(contents.warnings.first)
    #expect(warning.hasPrefix("google-pokja.ics:96: "))
    #expect(
      warning.contains(
        "2026-01-13T06:00:00Z occurrence of series '0aa9c7e2b4d64f1e8e1b3c5d7f9a2b4c@google.com'"))
  }

  @Test func anOutlookExportResolvesWindowsNamesLabelsAndCustomZones() throws {
    let contents = try fixture("outlook-pokja.ics")
    let events = contents.series.map(\.master)
    try #require(events.count == 4)

    let coordination = events[0]
    #expect(coordination.timeZone.identifier == "Asia/Bangkok")
    #expect(coordination.start == utc("2026-02-10T03:00:00Z"))
    #expect(coordination.end == utc("2026-02-10T05:00:00Z"))
    #expect(coordination.title == "Rapat koordinasi lintas K/L")
    #expect(coordination.description == nil)  // Outlook writes DESCRIPTION:\n
    #expect(coordination.location == "Ruang Garuda, Lt 3")
    #expect(coordination.organizer?.email == "dewi.lestari@example.org")
    #expect(coordination.organizer?.name == "Dewi Lestari")
    #expect(
      coordination.attendees == [
        ImportedPerson(email: "rahmat.hidayat@example.net", name: "Rahmat Hidayat"),
        ImportedPerson(
          email: "siti.rahayu@example.org", name: "Siti Rahayu", role: "OPT-PARTICIPANT"),
      ])

    // W. Europe Standard Time is Europe/Berlin with its daylight-saving rules: +02:00 in April.
    let berlin = events[1]
    #expect(berlin.timeZone.identifier == "Europe/Berlin")
    #expect(berlin.start == utc("2026-04-02T08:00:00Z"))
    #expect(berlin.end == utc("2026-04-02T09:00:00Z"))
    #expect(berlin.rrule == "FREQ=MONTHLY;COUNT=6;BYDAY=1TH")
    #expect(berlin.sequence == 1)

    let label = events[2]
    #expect(label.timeZone.identifier == "Asia/Bangkok")
    #expect(label.start == utc("2026-02-12T07:00:00Z"))
    #expect(label.end == utc("2026-02-12T08:30:00Z"))
    #expect(label.cancelled)

    let custom = events[3]
    #expect(custom.timeZone.identifier == "Asia/Makassar")
    #expect(custom.start == utc("2026-02-13T01:00:00Z"))
    #expect(
      contents.warnings == [
        "outlook-pokja.ics:44: time zone 'Customized Time Zone' is not one Pokja knows; its VTIMEZONE has the single offset +08:00, so its times are read in Asia/Makassar."
      ])
  }

  @Test func aThunderbirdExportStripsTheMozillaPrefixAndSkipsTasks() throws {
    let contents = try fixture("thunderbird-pokja.ics")
    try #require(contents.series.count == 1)
    let report = contents.series[0].master
    #expect(report.timeZone.identifier == "Asia/Jakarta")
    #expect(report.start == utc("2026-01-15T02:00:00Z"))
    #expect(report.end == utc("2026-01-15T04:00:00Z"))
    #expect(report.rrule == "FREQ=MONTHLY;COUNT=3;BYMONTHDAY=15")
    #expect(report.rdates == [utc("2026-03-20T02:00:00Z")])
    #expect(report.description == "Bahan: laporan K/L\nTenggat draf: H-3")
    #expect(
      report.organizer
        == ImportedPerson(
          email: "dewi.lestari@example.org", name: "Dewi Lestari", participationStatus: "ACCEPTED",
          role: "CHAIR"))
    #expect(report.attendees.map(\.email) == ["agus.wibowo@example.org"])
    #expect(
      contents.warnings == [
        "thunderbird-pokja.ics: skipped 2 VTODO; Pokja imports events (VEVENT) only."
      ])
  }

  @Test func anAppleExportHasAllDayEventsDurationsAndEmailParameters() throws {
    let contents = try fixture("apple-libur.ics")
    let events = contents.series.map(\.master)
    try #require(events.count == 3)
    let leave = events[0]
    #expect(leave.isAllDay)
    #expect(leave.start == utc("2026-03-19T17:00:00Z"))
    #expect(leave.end == utc("2026-03-21T17:00:00Z"))
    #expect(leave.location == nil)
    #expect(leave.timeZone == jakarta)

    // An all-day event without DTEND or DURATION lasts one day.
    let independence = events[1]
    #expect(independence.isAllDay)
    #expect(independence.start == utc("2026-08-16T17:00:00Z"))
    #expect(independence.end == utc("2026-08-17T17:00:00Z"))
    #expect(independence.rrule == "FREQ=YEARLY")

    let preparation = events[2]
    #expect(preparation.start == utc("2026-08-10T06:30:00Z"))
    #expect(preparation.end == utc("2026-08-10T08:00:00Z"))
    #expect(preparation.organizer?.email == "dewi.lestari@example.org")
    #expect(
      preparation.attendees == [
        ImportedPerson(
          email: "agus.wibowo@example.org", name: "Agus Wibowo", participationStatus: "ACCEPTED",
          role: "REQ-PARTICIPANT")
      ])
    #expect(contents.warnings.count == 1)
    #expect(contents.warnings.first?.hasPrefix("apple-libur.ics:43: ATTENDEE") == true)
    #expect(contents.warnings.first?.contains("has no email address") == true)
  }
}
