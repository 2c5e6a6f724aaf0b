import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// Pokja's calendars as other programs read them: `meeting export` and `agenda --format ics` checked
/// with Python's `icalendar` and `recurring_ical_events` against `recur expand` and `meeting show`,
/// and Google and Outlook exports brought in with `import-ics`.
@Suite struct CalendarInteropTests {
  static let dewi = "dewi@example.org"

  static func seeded(at now: String = "2026-11-02T09:00:00+07:00") throws -> CLIHarness {
    let cli = try CLIHarness.fixed(at: now)
    try cli.setUp([
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", dewi],
      ["contact", "add", "--name", "Budi Santoso", "--email", "budi@example.org"],
      [
        "room", "add", "--name", "Ruang Garuda", "--capacity", "12", "--building",
        "Gedung Kemensos", "--floor", "7",
      ],
    ])
    return cli
  }

  /// Local start times (no offset) of `meeting show --json`'s occurrences.
  static func plannedStarts(_ cli: CLIHarness, _ id: String) throws -> [String] {
    try cli.object(["meeting", "show", id]).value("occurrences", as: [[String: Any]].self).map {
      String(try $0.value("start", as: String.self).prefix(19))
    }
  }

  /// An ISO 8601 date-time with offset, in UTC: `2027-03-15T15:00:00Z`.
  static func utc(_ text: String) throws -> String {
    guard let date = ISO8601DateFormatter().date(from: text) else {
      throw TestSupportError("'\(text)' is not ISO 8601 with an offset")
    }
    return ISO8601DateFormatter().string(from: date)
  }

  // MARK: - Export

  @Test func anExportedSeriesExpandsInPythonExactlyAsPokjaPlansIt() throws {
    let cli = try Self.seeded()
    // The third Monday, January to August 2027: 15 March left out, 17 May (Iduladha) skipped as a
    // holiday, 21 June moved to Tuesday afternoon.
    let rule = "FREQ=MONTHLY;BYDAY=3MO;COUNT=8"
    let added = try cli.must([
      "meeting", "add", "--title", "Rapat Evaluasi", "--start", "2027-01-18T10:00", "--duration",
      "2h", "--room", "Ruang Garuda", "--rrule", rule, "--exdate", "2027-03-15", "--on-holiday",
      "skip", "--attendee", Self.dewi,
    ])
    #expect(
      added.errors.contains(
        "warning: 2027-05-17 is a holiday (Iduladha 1448 H): that occurrence is skipped."),
      "\(added.errors)")
    try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-06-21", "--start", "2027-06-22T13:30",
      "--no-notify",
    ])
    let show = try cli.must(["meeting", "show", "1"]).output
    #expect(show.contains("Skipped:   2027-05-17 (Iduladha 1448 H)"))
    #expect(show.contains("Left out:  2027-03-15"))

    let export = try cli.must(["meeting", "export", "1"]).output
    #expect(export.hasPrefix("BEGIN:VCALENDAR\r\n") && export.hasSuffix("END:VCALENDAR\r\n"))
    let parsed = try CalendarPython.calendar(export, from: "2027-01-01", to: "2028-01-01")
    #expect(parsed.method == "PUBLISH")
    #expect(parsed.tzids == ["Asia/Jakarta"])
    #expect(parsed.events.count == 2)
    let master = try #require(parsed.events.first { $0.recurrenceID == nil })
    #expect(master.rrule == "FREQ=MONTHLY;COUNT=8;BYDAY=3MO")
    #expect(master.tzid == "Asia/Jakarta")
    #expect(master.exdates == ["2027-03-15T10:00:00", "2027-05-17T10:00:00"])
    // A PUBLISH is a copy for someone's calendar: no ATTENDEE.
    #expect(master.attendees.isEmpty)
    let moved = try #require(parsed.events.first { $0.recurrenceID != nil })
    #expect(moved.recurrenceID == "2027-06-21T10:00:00" && moved.start == "2027-06-22T13:30:00")

    let python = parsed.occurrences.map(\.start)
    #expect(
      python == [
        "2027-01-18T10:00:00", "2027-02-15T10:00:00", "2027-04-19T10:00:00",
        "2027-06-22T13:30:00", "2027-07-19T10:00:00", "2027-08-16T10:00:00",
      ])
    #expect(parsed.occurrences.allSatisfy { $0.zone == "Asia/Jakarta" })
    #expect(parsed.occurrences.first?.startUTC == "2027-01-18T03:00:00Z")

    // `recur expand` with the same rule and left-out dates, plus the move, gives the same.
    let preview = try cli.must([
      "recur", "expand", "--start", "2027-01-18T10:00", "--tz", "Asia/Jakarta", "--rule", rule,
      "--exdate", "2027-03-15", "--exdate", "2027-05-17", "--json",
    ])
    let expanded = try #require(
      try JSONSerialization.jsonObject(with: Data(preview.output.utf8)) as? [String])
    let withMove = expanded.map { $0 == "2027-06-21T10:00:00" ? "2027-06-22T13:30:00" : $0 }
      .sorted()
    #expect(python == withMove)
    // And `meeting show --json` plans the same occurrences.
    #expect(try Self.plannedStarts(cli, "1") == python)
  }

  @Test func theVTimezoneAloneGivesTheRightTimesAcrossDaylightSavingTime() throws {
    let cli = try Self.seeded()
    // Weekly calls at 16:00 Amsterdam time across both clock changes of 2027.
    try cli.must([
      "meeting", "add", "--title", "Panggilan Den Haag", "--start", "2027-03-15T16:00", "--tz",
      "Europe/Amsterdam", "--duration", "1h", "--rrule", "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    ])
    try cli.must([
      "meeting", "add", "--title", "Panggilan Den Haag (musim gugur)", "--start",
      "2027-10-18T16:00", "--tz", "Europe/Amsterdam", "--duration", "1h", "--rrule",
      "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
    ])
    let export = try cli.must(["meeting", "export", "--from", "2027-01-01", "--to", "2027-12-31"])
      .output
    #expect(export.contains("TZID:Europe/Amsterdam\r\n"))
    // Renamed, the zone is unknown to Python: only Pokja's VTIMEZONE can give the offsets.
    let renamed = export.replacingOccurrences(of: "Europe/Amsterdam", with: "Zona Pokja")
    let parsed = try CalendarPython.calendar(renamed, from: "2027-01-01", to: "2028-01-01")
    #expect(parsed.tzids == ["Zona Pokja"])
    var expected: [String] = []
    for id in ["1", "2"] {
      let show = try cli.object(["meeting", "show", id])
      expected += try show.value("occurrences", as: [[String: Any]].self).map {
        try Self.utc(try $0.value("start"))
      }
    }
    #expect(
      expected == [
        "2027-03-15T15:00:00Z", "2027-03-22T15:00:00Z", "2027-03-29T14:00:00Z",
        "2027-04-05T14:00:00Z", "2027-10-18T14:00:00Z", "2027-10-25T14:00:00Z",
        "2027-11-01T15:00:00Z", "2027-11-08T15:00:00Z",
      ])
    #expect(parsed.occurrences.map(\.startUTC) == expected)
    #expect(parsed.occurrences.allSatisfy { $0.start.hasSuffix("T16:00:00") })
  }

  @Test func aRangeExportHoldsEveryMeetingWithAnOccurrenceInTheRange() throws {
    let cli = try Self.seeded()
    try cli.setUp([
      // 1: a series that starts before December and runs into it.
      [
        "meeting", "add", "--title", "Koordinasi mingguan", "--start", "2026-11-23T14:00",
        "--duration", "1h", "--every", "every monday", "--count", "3", "--attendee", Self.dewi,
      ],
      // 2: a one-off in December.
      [
        "meeting", "add", "--title", "Rapat Pleno", "--start", "2026-12-10T09:00", "--duration",
        "3h", "--room", "Ruang Garuda", "--attendee", "budi@example.org",
      ],
      // 3: in January only.
      [
        "meeting", "add", "--title", "Rapat Januari", "--start", "2027-01-05T09:00", "--duration",
        "1h", "--attendee", Self.dewi,
      ],
      // 4: a series that starts after December.
      [
        "meeting", "add", "--title", "Rapat Bulanan", "--start", "2027-01-15T10:00",
        "--duration", "1h", "--every", "setiap tanggal 15", "--count", "3",
      ],
      // 5: cancelled.
      [
        "meeting", "add", "--title", "Rapat Batal", "--start", "2026-12-14T10:00", "--duration",
        "1h",
      ],
      ["meeting", "cancel", "5"],
    ])
    let uids = try (1...5).map {
      try cli.object(["meeting", "show", String($0)])["uid"] as? String
    }
    let export = try cli.must(["meeting", "export", "--from", "2026-12-01", "--to", "2026-12-31"])
      .output
    let parsed = try CalendarPython.calendar(export, from: "2026-12-01", to: "2027-01-01")
    #expect(parsed.tzids == ["Asia/Jakarta"])
    #expect(Set(parsed.events.map(\.uid)) == Set([uids[0], uids[1]].compactMap { $0 }))
    #expect(
      parsed.occurrences.map(\.start) == [
        "2026-12-07T14:00:00", "2026-12-10T09:00:00",
      ])
    #expect(parsed.occurrences.map(\.summary) == ["Koordinasi mingguan", "Rapat Pleno"])
    // The whole series is exported, not only its December part.
    let all = try CalendarPython.calendar(export, from: "2026-11-01", to: "2027-01-01")
    #expect(all.occurrences.count == 4)

    // One person's agenda as .ics: only Dewi's meetings, and icalendar reads it.
    let agenda = try cli.must([
      "agenda", "--from", "2026-11-30", "--to", "2027-01-31", "--contact", Self.dewi, "--format",
      "ics",
    ]).output
    let dewis = try CalendarPython.calendar(agenda, from: "2026-11-01", to: "2027-02-01")
    #expect(dewis.method == "PUBLISH")
    #expect(dewis.tzids == ["Asia/Jakarta"])
    #expect(Set(dewis.events.map(\.uid)) == Set([uids[0], uids[2]].compactMap { $0 }))
    #expect(
      dewis.occurrences.map(\.summary) == [
        "Koordinasi mingguan", "Koordinasi mingguan", "Koordinasi mingguan", "Rapat Januari",
      ])

    // Without a range, a calendar for the phone holds the year ahead, not only this week.
    let ahead = try cli.must([
      "agenda", "--contact", Self.dewi, "--format", "ics", "--today", "2026-11-30",
    ]).output
    let year = try CalendarPython.calendar(ahead, from: "2026-11-01", to: "2027-12-01")
    #expect(Set(year.events.map(\.uid)) == Set([uids[0], uids[2]].compactMap { $0 }))

    let none = cli.run("meeting", "export", "--from", "2026-12-31", "--to", "2026-12-01")
    #expect(none.status == 65)
    let both = cli.run("meeting", "export", "1", "--from", "2026-12-01")
    #expect(both.status == 64)
    #expect(both.errors.contains("Give a meeting ID or --from/--to, not both."))
  }

  // MARK: - Import

  /// The people the Google and Outlook fixtures invite, and the room the Google one names.
  static func seededForImport(at now: String = "2026-11-02T09:00:00+07:00") throws -> CLIHarness {
    let cli = try CLIHarness.fixed(at: now)
    try cli.setUp([
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", "dewi.lestari@example.org"],
      ["contact", "add", "--name", "Budi Santoso", "--email", "budi.santoso@example.org"],
      ["contact", "add", "--name", "Rahmat Hidayat", "--email", "rahmat.hidayat@example.net"],
      ["contact", "add", "--name", "Siti Rahayu", "--email", "siti.rahayu@example.org"],
      ["room", "add", "--name", "Ruang Garuda", "--capacity", "20"],
    ])
    return cli
  }

  static func fixture(_ name: String) throws -> String {
    try RepositoryRoot.url().appendingPathComponent("Tests/Fixtures/ics/\(name)").path
  }

  @Test func aGoogleExportIsImportedOnceWithItsSeriesChangesAndReplies() throws {
    let cli = try Self.seededForImport()
    let file = try Self.fixture("google-pokja.ics")

    let dry = try cli.must(["import-ics", file, "--dry-run"])
    #expect(dry.output.hasPrefix("Dry run, nothing stored: 3 created."), "\(dry.output)")
    #expect(dry.output.contains("created: Rapat mingguan Pokja (meeting 1, 8 occurrences)"))
    #expect(try cli.objects(["meeting", "list"]).isEmpty)

    let report = try cli.object(["import-ics", file])
    #expect(report["dryRun"] as? Bool == false)
    let events = try report.value("events", as: [[String: Any]].self)
    #expect(events.map { $0["outcome"] as? String } == ["created", "created", "created"])
    #expect(
      events.map { $0["title"] as? String } == [
        "Rapat mingguan Pokja", "Tahun Baru Imlek", "Koordinasi dengan Bappenas",
      ])
    #expect(events.first?["occurrences"] as? Int == 8)
    #expect(
      report["unknownAttendees"] as? [String] == [
        "c_1883f0a9b2@resource.calendar.google.com", "sekretariat@pokja.example",
      ])

    let series = try cli.object(["meeting", "show", "1"])
    #expect(series["uid"] as? String == "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com")
    #expect(series["timeZone"] as? String == "Asia/Jakarta")
    #expect(series["sequence"] as? Int == 2)
    #expect(series["location"] as? String == "Ruang Rapat Lt 7, Gedung Kemensos")
    #expect(
      (series["description"] as? String)?.contains("https://meet.google.com/abc-defg-hij") == true)
    let recurrence = try series.value("recurrence", as: [String: Any].self)
    #expect(recurrence["rule"] as? String == "FREQ=WEEKLY;WKST=MO;UNTIL=20260330T015959Z;BYDAY=MO")
    // The EXDATEs and the occurrence cancelled by its own VEVENT are left out.
    #expect(
      recurrence["exdates"] as? [String] == [
        "2026-01-19T09:00:00+07:00", "2026-02-16T09:00:00+07:00", "2026-02-23T09:00:00+07:00",
        "2026-03-09T09:00:00+07:00",
      ])
    let occurrences = try series.value("occurrences", as: [[String: Any]].self)
    #expect(
      occurrences.map { $0["start"] as? String } == [
        "2026-01-05T09:00:00+07:00", "2026-01-12T09:00:00+07:00", "2026-01-26T09:00:00+07:00",
        "2026-02-03T13:00:00+07:00", "2026-02-09T09:00:00+07:00", "2026-03-02T09:00:00+07:00",
        "2026-03-16T09:00:00+07:00", "2026-03-23T09:00:00+07:00",
      ])
    let moved = occurrences[3]
    #expect(moved["recurrenceId"] as? String == "2026-02-02T09:00:00+07:00")
    #expect(moved["changed"] as? Bool == true)
    // Its LOCATION names a room: that occurrence is booked there.
    #expect(moved["room"] as? String == "Ruang Garuda")
    let attendees = try series.value("attendees", as: [[String: Any]].self)
    #expect(
      attendees.map { $0["email"] as? String } == [
        "dewi.lestari@example.org", "budi.santoso@example.org",
      ])
    #expect(attendees.map { $0["participation"] as? String } == ["ACCEPTED", "NEEDS-ACTION"])
    #expect(attendees.map { $0["role"] as? String } == ["REQ-PARTICIPANT", "OPT-PARTICIPANT"])

    // Pokja's plan is what recurring_ical_events makes of Google's own file…
    let google = try CalendarPython.calendar(file: file, from: "2026-01-01", to: "2026-04-01")
    // (recurring_ical_events keeps the occurrence Google cancelled, marked CANCELLED.)
    let cancelled = google.occurrences.filter { $0.status == "CANCELLED" }
    #expect(cancelled.map(\.start) == ["2026-03-09T09:00:00"])
    let googleSeries = google.occurrences.filter {
      $0.uid == series["uid"] as? String && $0.status != "CANCELLED"
    }
    #expect(googleSeries.map(\.start) == (try Self.plannedStarts(cli, "1")))
    // …and of Pokja's export of it.
    let export = try cli.must(["meeting", "export", "1"]).output
    let exported = try CalendarPython.calendar(export, from: "2026-01-01", to: "2026-04-01")
    #expect(exported.occurrences.map(\.start) == googleSeries.map(\.start))
    #expect(exported.events.count == 2)

    // Again: nothing changes.
    let again = try cli.must(["import-ics", file])
    #expect(again.output.contains("3 unchanged."), "\(again.output)")
    #expect(
      again.output.contains(
        "unchanged: Rapat mingguan Pokja (meeting 1) — already imported (SEQUENCE 2)"))
    #expect(try cli.objects(["meeting", "list"]).count == 3)
    #expect(try cli.object(["meeting", "show", "1"])["sequence"] as? Int == 2)
  }

  @Test func anOutlookExportIsImportedWithWindowsZonesAndCancelledEventsLeftOut() throws {
    let cli = try Self.seededForImport()
    let file = try Self.fixture("outlook-pokja.ics")
    let imported = try cli.must(["import-ics", file])
    #expect(imported.output.contains("3 created, 1 skipped."), "\(imported.output)")
    #expect(
      imported.output.contains("skipped: Canceled: Sosialisasi program (-) — cancelled in the file")
    )
    #expect(imported.errors.contains("'Customized Time Zone' is not one Pokja knows"))
    let meetings = try cli.objects(["meeting", "list"])
    #expect(
      meetings.map { $0["title"] as? String } == [
        "Rapat koordinasi lintas K/L", "Kunjungan lapangan Makassar",
        "Panggilan dengan mitra di Berlin",
      ])
    let coordination = try cli.object(["meeting", "show", "1"])
    #expect(coordination["start"] as? String == "2026-02-10T10:00:00+07:00")
    let people = try coordination.value("attendees", as: [[String: Any]].self)
    // MAILTO: in capitals and mixed-case addresses still match the directory.
    #expect(
      people.map { $0["email"] as? String } == [
        "rahmat.hidayat@example.net", "siti.rahayu@example.org",
      ])
    #expect(people.map { $0["role"] as? String } == ["REQ-PARTICIPANT", "OPT-PARTICIPANT"])
    let berlin = try cli.object(["meeting", "show", "2"])
    #expect(berlin["timeZone"] as? String == "Europe/Berlin")
    #expect(
      try Self.plannedStarts(cli, "2") == [
        "2026-04-02T10:00:00", "2026-05-07T10:00:00", "2026-06-04T10:00:00",
        "2026-07-02T10:00:00", "2026-08-06T10:00:00", "2026-09-03T10:00:00",
      ])
    let makassar = try cli.object(["meeting", "show", "3"])
    #expect(makassar["start"] as? String == "2026-02-13T09:00:00+08:00")

    let again = try cli.must(["import-ics", file])
    #expect(again.output.contains("3 unchanged, 1 skipped."), "\(again.output)")
    #expect(try cli.objects(["meeting", "list"]).count == 3)
  }

  @Test func anImportThatDoubleBooksARoomIsRefusedWhole() throws {
    // Before the imported series happens, so its room bookings count.
    let cli = try Self.seededForImport(at: "2025-12-01T09:00:00+07:00")
    try cli.must(["room", "add", "--name", "Ruang Rapat Lt 7, Gedung Kemensos"])
    try cli.must([
      "meeting", "add", "--title", "Rapat Anggaran", "--start", "2026-03-16T10:00", "--duration",
      "1h", "--room", "Ruang Rapat Lt 7, Gedung Kemensos",
    ])
    let file = try Self.fixture("google-pokja.ics")
    let refused = cli.run("import-ics", file)
    #expect(refused.status == 65)
    #expect(refused.errors.contains("\(file):19: "), "\(refused.errors)")
    #expect(refused.errors.contains("already booked by meeting 1 'Rapat Anggaran'"))
    #expect(refused.errors.contains("Nothing was imported"))
    #expect(try cli.objects(["meeting", "list"]).count == 1)
    let anyway = cli.run("import-ics", file, "--allow-conflict")
    #expect(anyway.status == 0, "\(anyway.errors)")
    #expect(anyway.errors.contains("also booked by meeting 1 'Rapat Anggaran'"))
    #expect(try cli.objects(["meeting", "list"]).count == 4)
  }

  @Test func aChangedOccurrenceThatDoubleBooksItsOwnRoomIsRefusedToo() throws {
    let cli = try Self.seededForImport(at: "2025-12-01T09:00:00+07:00")
    // Google moved the 2 February occurrence to Tuesday 13:00–14:30 in Ruang Garuda.
    try cli.must([
      "meeting", "add", "--title", "Rapat Anggaran", "--start", "2026-02-03T14:00", "--duration",
      "1h", "--room", "Ruang Garuda",
    ])
    let file = try Self.fixture("google-pokja.ics")
    let refused = cli.run("import-ics", file)
    #expect(refused.status == 65, "\(refused.output)")
    #expect(
      refused.errors.contains(
        "Room 'Ruang Garuda' is already booked by meeting 1 'Rapat Anggaran'"), "\(refused.errors)")
    #expect(try cli.objects(["meeting", "list"]).count == 1)
  }

  @Test(arguments: [
    (
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@example.org\r\nDTSTART;TZID=Asia/Jakarta:20270105T090000\r\nDTEND;TZID=Asia/Jakarta:2027-01-05 10:00\r\nSUMMARY:Rusak\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
      ":6: DTEND: '2027-01-05 10:00' is not a date-time."
    ),
    (
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b@example.org\r\nDTSTART;TZID=Asia/Jakarta:20270105T090000\r\nDTEND;TZID=Asia/Jakarta:20270105T100000\r\nSUMMARY:Baik\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c@example.org\r\nDTSTART;TZID=Asia/Jakarta:20270105T090000\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\nSUMMARY:Rusak\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
      ":12: RRULE 'FREQ=WEEKLY;BYDAY=XX': BYDAY=XX: 'XX' is not a weekday"
    ),
    (
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:d@example.org\r\nDTSTART;TZID=Asia/Jakarta:20270105T090000\r\nthis line has no colon\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
      ":6: content line has no ':' before its value."
    ),
    (
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e@example.org\r\nDTSTART;TZID=Asia/Atlantis:20270105T090000\r\nDTEND;TZID=Asia/Atlantis:20270105T100000\r\nSUMMARY:Zona\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
      ":5: DTSTART: time zone 'Asia/Atlantis' is unknown"
    ),
  ])
  func aBrokenCalendarFileExits65NamingFileAndLine(text: String, message: String) throws {
    let cli = try Self.seededForImport()
    let path = try PythonTool.temporaryFile(text, suffix: ".ics")
    let result = cli.run("import-ics", path)
    #expect(result.status == 65)
    #expect(result.errors.contains(path + message), "\(result.errors)")
    #expect(result.output.isEmpty)
    #expect(try cli.objects(["meeting", "list"]).isEmpty)
    let dry = cli.run("import-ics", path, "--dry-run")
    #expect(dry.status == 65)
  }

  @Test func aFileThatIsNotACalendarIsRefused() throws {
    let cli = try Self.seededForImport()
    let path = try PythonTool.temporaryFile("Nama,Email\nDewi,dewi@example.org\n", suffix: ".ics")
    let result = cli.run("import-ics", path)
    #expect(result.status == 65)
    #expect(result.errors.contains("\(path): not an iCalendar file"), "\(result.errors)")
    let missing = cli.run("import-ics", "/nonexistent/pokja.ics")
    #expect(missing.status != 0)
    #expect(missing.errors.contains("/nonexistent/pokja.ics"))
  }
}
