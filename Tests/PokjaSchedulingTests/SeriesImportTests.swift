import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Series read from calendar files.
@Suite struct SeriesImportTests {
  let jakarta = SchedulingFixture.jakarta

  private func iso(_ date: Date?) -> String? {
    date.map { LocalTime.iso($0, in: jakarta) }
  }

  // MARK: - Importing calendar files

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/ics")

  private func read(_ name: String, replacing: [(String, String)] = []) throws
    -> CalendarFileContents
  {
    var text = try String(
      contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    for (from, to) in replacing {
      #expect(text.contains(from), "fixture \(name) has no \(from)")
      text = text.replacingOccurrences(of: from, with: to)
    }
    return try CalendarFileReader.read(text, file: name, defaultTimeZone: jakarta)
  }

  private func importFixture() throws -> SchedulingFixture {
    let fixture = try SchedulingFixture()
    _ = try fixture.addContact("Dewi Lestari", "dewi.lestari@example.org")
    _ = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    _ = try fixture.addContact("Rahmat Hidayat", "rahmat.hidayat@example.net")
    return fixture
  }

  @Test func importsAGoogleExport() throws {
    let fixture = try importFixture()
    let contents = try read("google-pokja.ics")
    let report = try fixture.scheduler.importCalendar(contents, file: "google-pokja.ics")
    #expect(report.count(.created) == 3)
    #expect(report.entries.map(\.outcome) == [.created, .created, .created])
    #expect(!report.dryRun)

    let weekly = try #require(
      try fixture.store.meeting(uid: "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com"))
    #expect(weekly.title == "Rapat mingguan Pokja")
    #expect(weekly.sequence == 2)
    #expect(weekly.timeZone.identifier == "Asia/Jakarta")
    // The RRULE is kept as the file wrote it.
    #expect(weekly.recurrence?.rule == "FREQ=WEEKLY;WKST=MO;UNTIL=20260330T015959Z;BYDAY=MO")
    // Three EXDATEs and the occurrence cancelled in the file (9 March).
    #expect(
      weekly.recurrence?.exdates.sorted().map { iso($0) } == [
        "2026-01-19T09:00", "2026-02-16T09:00", "2026-02-23T09:00", "2026-03-09T09:00",
      ])
    // Twelve Mondays 5 January – 23 March, four left out; 2 February moved to Tuesday 13:00.
    #expect(
      try fixture.starts(weekly.id) == [
        "2026-01-05T09:00", "2026-01-12T09:00", "2026-01-26T09:00", "2026-02-03T13:00",
        "2026-02-09T09:00", "2026-03-02T09:00", "2026-03-16T09:00", "2026-03-23T09:00",
      ])
    let entry = try #require(report.entries.first)
    #expect(entry.occurrences == 8)
    #expect(entry.meetingID == weekly.id)
    let changes = try fixture.store.overrides(of: weekly.id)
    #expect(changes.count == 1)
    #expect(iso(changes.first?.recurrenceID) == "2026-02-02T09:00")
    #expect(changes.first?.title == "Rapat mingguan Pokja (dipindah ke Selasa)")
    #expect(changes.first?.sequence == 3)
    // Known people are attendees with their answers; the rest are reported.
    let attendees = try fixture.store.attendees(of: weekly.id)
    #expect(attendees.count == 2)
    #expect(attendees.first?.participation == .accepted)
    #expect(report.unknownAttendees.contains("c_1883f0a9b2@resource.calendar.google.com"))
    // Dewi accepted the series but is only tentative for the moved occurrence of 2 February.
    let dewi = try #require(
      try fixture.store.contact(.key("dewi.lestari@example.org")))
    let replies = try fixture.store.occurrenceReplies(of: weekly.id)
    #expect(
      replies.map { "\(iso($0.recurrenceID) ?? "") \($0.contactID) \($0.participation.rawValue)" }
        == ["2026-02-02T09:00 \(dewi.id) TENTATIVE"])

    // The change whose series is not in the file is a one-off.
    let orphan = try #require(
      try fixture.store.meeting(uid: "0aa9c7e2b4d64f1e8e1b3c5d7f9a2b4c@google.com"))
    #expect(!orphan.isSeries)
    #expect(try fixture.occurrences(orphan.id).count == 1)

    // Imported again: unchanged, nothing new.
    let before = try fixture.state()
    let again = try fixture.scheduler.importCalendar(contents, file: "google-pokja.ics")
    #expect(again.entries.map(\.outcome) == [.unchanged, .unchanged, .unchanged])
    #expect(try fixture.state() == before)
  }

  @Test func aHigherSequenceUpdatesAnImportedSeries() throws {
    let fixture = try importFixture()
    _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
    let weekly = try #require(
      try fixture.store.meeting(uid: "5kq3v1o2r8h6m4t7c9e0a1b2d3@google.com"))
    // The organiser moved the series to 10:00 (SEQUENCE 5).
    let newer = try read(
      "google-pokja.ics",
      replacing: [
        ("DTSTART;TZID=Asia/Jakarta:20260105T090000", "DTSTART;TZID=Asia/Jakarta:20260105T100000"),
        ("DTEND;TZID=Asia/Jakarta:20260105T103000", "DTEND;TZID=Asia/Jakarta:20260105T113000"),
        (
          "SEQUENCE:2\r\nSTATUS:CONFIRMED\r\nSUMMARY:Rapat mingguan Pokja\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM",
          "SEQUENCE:5\r\nSTATUS:CONFIRMED\r\nSUMMARY:Rapat mingguan Pokja\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM"
        ),
      ])
    let report = try fixture.scheduler.importCalendar(newer, file: "g.ics")
    #expect(report.entries.map(\.outcome) == [.updated, .unchanged, .unchanged])
    let updated = try fixture.scheduler.meeting(weekly.uid)
    #expect(updated.id == weekly.id)
    #expect(updated.sequence == 5)
    #expect(iso(updated.start) == "2026-01-05T10:00")
    #expect(try fixture.starts(weekly.id).first == "2026-01-05T10:00")
    #expect(try fixture.scheduler.meetings().count == 3)
  }

  @Test func importsAnOutlookExport() throws {
    let fixture = try importFixture()
    let report = try fixture.scheduler.importCalendar(
      try read("outlook-pokja.ics"), file: "outlook-pokja.ics")
    // The cancelled event was never imported, so nothing is stored for it.
    #expect(report.entries.map(\.outcome) == [.created, .created, .skipped, .created])
    #expect(report.count(.created) == 3)
    let berlin = try #require(
      report.entries.first { $0.title == "Panggilan dengan mitra di Berlin" })
    #expect(berlin.occurrences == 6)
    let meeting = try #require(berlin.meetingID.flatMap { try fixture.store.meeting($0) })
    #expect(meeting.timeZone.identifier == "Europe/Berlin")
    #expect(meeting.recurrence?.rule == "FREQ=MONTHLY;COUNT=6;BYDAY=1TH")
    // First Thursdays at 10:00 Berlin time, across the change to summer time.
    let berlinZone = TimeZone(identifier: "Europe/Berlin")!
    #expect(
      try fixture.occurrences(meeting.id).map { LocalTime.isoWithOffset($0.start, in: berlinZone) }
        == [
          "2026-04-02T10:00:00+02:00", "2026-05-07T10:00:00+02:00", "2026-06-04T10:00:00+02:00",
          "2026-07-02T10:00:00+02:00", "2026-08-06T10:00:00+02:00", "2026-09-03T10:00:00+02:00",
        ])
    #expect(try fixture.scheduler.meetings().count == 3)
    // Jakarta written the Outlook way ("SE Asia Standard Time" is Asia/Bangkok) keeps the
    // configured zone, so its times show as WIB.
    let zones = Dictionary(
      uniqueKeysWithValues: try fixture.scheduler.meetings().map {
        ($0.title, $0.timeZone.identifier)
      })
    #expect(zones["Rapat koordinasi lintas K/L"] == "Asia/Jakarta")
    // A Makassar time (+08, another offset than the configured zone) stays Makassar.
    #expect(zones["Kunjungan lapangan Makassar"] == "Asia/Makassar")
  }

  /// A mistyped --exdate would leave the meeting it meant to cancel in place: refused, naming the
  /// nearest occurrences.
  @Test func anExdateThatIsNoOccurrenceIsRefused() throws {
    let fixture = try SchedulingFixture()
    let before = try fixture.state()
    #expect(
      throws: SchedulingError.exdateNotAnOccurrence(
        "2026-12-15", near: ["2026-12-14T10:00", "2026-12-21T10:00"])
    ) {
      try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-15"]))
    }
    #expect(try fixture.state() == before)
    let series = try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-14"])).meeting
    #expect(
      try fixture.starts(series.id) == ["2026-12-07T10:00", "2026-12-21T10:00", "2026-12-28T10:00"])
  }

  @Test func aDryRunStoresNothing() throws {
    let fixture = try importFixture()
    let before = try fixture.state()
    let report = try fixture.scheduler.importCalendar(
      try read("google-pokja.ics"), file: "google-pokja.ics", dryRun: true)
    #expect(report.dryRun)
    #expect(report.count(.created) == 3)
    #expect(report.entries.first?.occurrences == 8)
    #expect(try fixture.state() == before)
  }

  @Test func aRoomClashStopsTheWholeImport() throws {
    let fixture = try importFixture()
    _ = try fixture.scheduler.addRoom(name: "Ruang Garuda, Lt 3")
    // Two events of the Outlook file come after the clash; the Google file is imported first.
    _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "google-pokja.ics")
    let busy = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-02-10T11:00", duration: "1h", room: "Ruang Garuda, Lt 3",
        title: "Sudah dipesan"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(
        try read("outlook-pokja.ics"), file: "outlook-pokja.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(let file, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file == "outlook-pokja.ics")
      #expect(line == 52)
      #expect(reason.contains("meeting \(busy.meeting.id) 'Sudah dipesan'"))
      #expect(error.localizedDescription.contains("Nothing was imported"))
    }
    #expect(try fixture.state() == before)

    // With allowConflict it is imported, with a warning naming the event.
    let report = try fixture.scheduler.importCalendar(
      try read("outlook-pokja.ics"), file: "outlook-pokja.ics", allowConflict: true)
    #expect(report.count(.created) == 3)
    #expect(
      report.warnings.contains {
        $0.hasPrefix("outlook-pokja.ics:52: Rapat koordinasi lintas K/L:")
      })
  }

  @Test func aChangedOccurrenceInABookedRoomStopsTheImport() throws {
    // Planned in January 2026: the Google file moves 2 February to Tuesday 13:00 in Ruang Garuda.
    let clock = FixedClock(try DateTimeText.parse("2026-01-01T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    _ = try fixture.scheduler.addRoom(name: "Ruang Garuda")
    let busy = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-02-03T13:30", duration: "1h", room: "Ruang Garuda",
        title: "Garuda"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(_, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(line == 19)
      #expect(reason.contains("Room 'Ruang Garuda'"))
      #expect(reason.contains("meeting \(busy.meeting.id) 'Garuda'"))
    }
    #expect(try fixture.state() == before)
  }

  @Test func aClashWithAnImportedSeriesStopsTheImport() throws {
    // Planned in January 2026, before the weekly meetings of the Google file begin.
    let clock = FixedClock(try DateTimeText.parse("2026-01-01T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    _ = try fixture.scheduler.addRoom(name: "Ruang Rapat Lt 7, Gedung Kemensos")
    _ = try fixture.scheduler.schedule(
      fixture.plenary(
        start: "2026-03-16T10:00", duration: "1h",
        room: "Ruang Rapat Lt 7, Gedung Kemensos", title: "Pleno Maret"))
    let before = try fixture.state()
    do {
      _ = try fixture.scheduler.importCalendar(try read("google-pokja.ics"), file: "g.ics")
      Issue.record("the clashing import was accepted")
    } catch let error as SchedulingError {
      guard case .importRefused(_, let line, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(line == 19)
      #expect(reason.contains("Pleno Maret"))
      #expect(reason.contains("2026-03-16"))
    }
    #expect(try fixture.state() == before)
  }
}
