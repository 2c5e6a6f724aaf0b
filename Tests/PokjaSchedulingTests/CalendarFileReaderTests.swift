import Foundation
import Testing

@testable import PokjaScheduling

@Suite struct CalendarFileReaderTests {
  /// The fixtures folder (`Tests/Fixtures/ics`).
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/ics")

  let jakarta = TimeZone(identifier: "Asia/Jakarta")!
  let makassar = TimeZone(identifier: "Asia/Makassar")!

  private func fixture(_ name: String, zone: TimeZone? = nil) throws -> CalendarFileContents {
    let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    return try CalendarFileReader.read(text, file: name, defaultTimeZone: zone ?? jakarta)
  }

  /// Reads `body` inside a VCALENDAR; body line 1 is file line 3.
  private func read(
    _ body: String, file: String = "rapat.ics", zone: TimeZone? = nil
  ) throws(CalendarImportError) -> CalendarFileContents {
    try CalendarFileReader.read(
      "BEGIN:VCALENDAR\nVERSION:2.0\n\(body)\nEND:VCALENDAR\n", file: file,
      defaultTimeZone: zone ?? jakarta)
  }

  /// The single event of `body`.
  private func event(_ body: String, zone: TimeZone? = nil) throws -> ImportedEvent {
    let contents = try read(body, zone: zone)
    try #require(contents.series.count == 1)
    return contents.series[0].master
  }

  private func error(_ body: String, file: String = "rapat.ics") -> CalendarImportError? {
    #expect(throws: CalendarImportError.self) { try read(body, file: file) }
  }

  private func utc(_ text: String) -> Date {
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

  // MARK: - Time zones

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

  // MARK: - End

  @Test func aTimedEventWithoutEndLastsNoTime() throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:e\nDTSTART;TZID=Asia/Jakarta:20260601T090000\nEND:VEVENT")
    #expect(event.end == event.start)
    #expect(event.start == utc("2026-06-01T02:00:00Z"))
  }

  @Test(arguments: [
    ("PT1H30M", "2026-03-28T12:30:00Z"),
    ("P1D", "2026-03-29T10:00:00Z"),  // a day on the wall clock: 12:00 CEST, 23 hours later
    ("PT24H", "2026-03-29T11:00:00Z"),  // exactly 24 hours: 13:00 CEST
    ("P1W", "2026-04-04T10:00:00Z"),
    ("P1DT2H", "2026-03-29T12:00:00Z"),
    ("PT0S", "2026-03-28T11:00:00Z"),
  ])
  func durationAddsDaysOnTheWallClockAndTimeExactly(duration: String, end: String) throws {
    let event = try event(
      """
      BEGIN:VEVENT
      UID:d
      DTSTART;TZID=Europe/Berlin:20260328T120000
      DURATION:\(duration)
      END:VEVENT
      """)
    #expect(event.start == utc("2026-03-28T11:00:00Z"))
    #expect(event.end == utc(end))
  }

  @Test func anAllDayEventWithDurationLastsThoseDays() throws {
    let event = try event(
      "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20260320\nDURATION:P2D\nEND:VEVENT")
    #expect(event.isAllDay)
    #expect(event.start == utc("2026-03-19T17:00:00Z"))
    #expect(event.end == utc("2026-03-21T17:00:00Z"))
  }

  @Test func dtendWinsOverDurationWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:b
      DTSTART;TZID=Asia/Jakarta:20260601T090000
      DTEND;TZID=Asia/Jakarta:20260601T100000
      DURATION:PT3H
      END:VEVENT
      """)
    #expect(contents.series.first?.master.end == utc("2026-06-01T03:00:00Z"))
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:7: the event has both DTEND and DURATION")
        == true)
  }

  // MARK: - Recurrence

  @Test func exdatesAndRdatesComeFromEveryPropertyEachWithItsOwnZone() throws {
    let event = try event(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=DAILY;COUNT=10
      EXDATE;TZID=Asia/Jakarta:20260107T090000,20260106T090000
      EXDATE:20260108T020000Z
      EXDATE;TZID=Europe/Berlin:20260109T030000
      EXDATE;TZID=Asia/Jakarta:20260106T090000
      RDATE;VALUE=PERIOD:20260120T020000Z/20260120T040000Z,20260121T020000Z/PT2H
      RDATE;VALUE=DATE:20260125
      RDATE;TZID=Asia/Makassar:20260126T100000
      END:VEVENT
      """)
    #expect(
      event.exdates == [
        utc("2026-01-06T02:00:00Z"), utc("2026-01-07T02:00:00Z"), utc("2026-01-08T02:00:00Z"),
        utc("2026-01-09T02:00:00Z"),
      ])
    #expect(
      event.rdates == [
        utc("2026-01-20T02:00:00Z"), utc("2026-01-21T02:00:00Z"), utc("2026-01-24T17:00:00Z"),
        utc("2026-01-26T02:00:00Z"),
      ])
    #expect(event.rrule == "FREQ=DAILY;COUNT=10")
  }

  @Test func aBadExdateItemIsAnErrorNamingIt() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      EXDATE;TZID=Asia/Jakarta:20260106T090000,2026010T090000
      END:VEVENT
      """)
    #expect(
      failure
        == .invalidDateTime(file: "rapat.ics", line: 6, property: "EXDATE", value: "2026010T090000")
    )
  }

  @Test func anInvalidRRuleIsAnErrorWithRecurrencesReason() {
    let failure = error(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=FORTNIGHTLY;BYDAY=MO
      END:VEVENT
      """, file: "meetings.ics")
    guard case .invalidRule(let file, let line, let rule, _) = failure else {
      Issue.record("expected invalidRule, got \(String(describing: failure))")
      return
    }
    #expect(file == "meetings.ics" && line == 6 && rule == "FREQ=FORTNIGHTLY;BYDAY=MO")
    #expect(
      failure?.errorDescription
        == "meetings.ics:6: RRULE 'FREQ=FORTNIGHTLY;BYDAY=MO': FREQ=FORTNIGHTLY: 'FORTNIGHTLY' is not a frequency; use SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY."
    )
  }

  @Test func aRuleThatEndsBeforeItStartsIsDroppedWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:u
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=WEEKLY;UNTIL=20260101T000000Z
      END:VEVENT
      """)
    #expect(contents.series.first?.master.rrule == nil)
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:6: RRULE 'FREQ=WEEKLY;UNTIL=20260101T000000Z'")
        == true)
  }

  @Test func thisAndFutureIsAcceptedAsOneOccurrenceWithAWarning() throws {
    let contents = try read(
      """
      BEGIN:VEVENT
      UID:s
      DTSTART;TZID=Asia/Jakarta:20260105T090000
      RRULE:FREQ=WEEKLY;COUNT=8
      SUMMARY:Rapat
      END:VEVENT
      BEGIN:VEVENT
      UID:s
      RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Asia/Jakarta:20260119T090000
      DTSTART;TZID=Asia/Jakarta:20260119T100000
      SUMMARY:Rapat (jam baru)
      END:VEVENT
      """)
    try #require(contents.series.count == 1)
    #expect(contents.series[0].overrides.map(\.recurrenceID) == [utc("2026-01-19T02:00:00Z")])
    #expect(contents.series[0].overrides.first?.start == utc("2026-01-19T03:00:00Z"))
    #expect(contents.warnings.count == 1)
    #expect(
      contents.warnings.first?.hasPrefix("rapat.ics:11: RECURRENCE-ID;RANGE=THISANDFUTURE") == true)
  }

  // MARK: - Series and files

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

  // MARK: - Errors

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
