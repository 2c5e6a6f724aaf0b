import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// Repeating meetings from the command line: `meeting add` with `--every`/`--rrule`, room clashes,
/// refused input, `meeting edit`/`cancel`, `rsvp`, `remind --due` and `meeting upcoming --invite`.
/// What goes to attendees is read back from the file outbox with Python's `email` and `icalendar`.
@Suite struct SeriesCommandTests {
  static let dewi = "dewi@example.org"
  static let hannah = "hannah@kpi.example"
  static let budi = "budi@example.org"

  /// Three contacts (Hannah reads English) and a room with building, floor and facilities; the clock
  /// stands at 2 November 2026.
  static func seeded() throws -> CLIHarness {
    let cli = try CLIHarness.fixed()
    try cli.setUp([
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", dewi],
      ["contact", "add", "--name", "Hannah de Vries", "--email", hannah, "--lang", "en"],
      ["contact", "add", "--name", "Budi Santoso", "--email", budi],
      [
        "room", "add", "--name", "Ruang Garuda", "--capacity", "12", "--building",
        "Gedung Kemensos", "--floor", "7", "--facility", "projector", "--facility",
        "video conference",
      ],
    ])
    return cli
  }

  /// The first Monday of January to April 2027, 10:00–12:00 in Ruang Garuda, three attendees, a
  /// reminder the day before. Becomes meeting 1 in `seeded()`.
  static let monthly = [
    "meeting", "add", "--title", "Rapat Koordinasi Bulanan", "--start", "2027-01-04T10:00",
    "--duration", "2h", "--room", "Ruang Garuda", "--every", "first monday of the month",
    "--count", "4", "--attendee", dewi, "--attendee", hannah, "--attendee", budi, "--remind", "1d",
  ]

  static func starts(_ show: [String: Any]) throws -> [String] {
    try show.value("occurrences", as: [[String: Any]].self).map { try $0.value("start") }
  }

  /// The series with its invitations sent; returns the number of outbox files so far.
  static func invited(_ cli: CLIHarness) throws -> Int {
    try cli.must(monthly)
    try cli.must(["meeting", "invite", "1"])
    return cli.outboxFiles.count
  }

  // MARK: - Adding a series

  @Test func aSeriesInWordsIsStoredWithItsRuleAndEveryOccurrence() throws {
    let cli = try Self.seeded()
    let added = try cli.must(Self.monthly)
    #expect(
      added.output.contains(
        "Scheduled series 1: Rapat Koordinasi Bulanan, 2027-01-04 10:00–12:00 WIB, Ruang Garuda, Gedung Kemensos, lantai 7"
      ), "\(added.output)")
    #expect(
      added.output.contains(
        "Repeats on the first Monday of every month, 4 times: 4 occurrences through 2027-04-05."))
    #expect(added.output.contains("3 attendees, reminders 1d before."))
    #expect(added.errors.isEmpty)

    let show = try cli.object(["meeting", "show", "1"])
    let recurrence = try show.value("recurrence", as: [String: Any].self)
    #expect(recurrence["rule"] as? String == "FREQ=MONTHLY;COUNT=4;BYDAY=1MO")
    #expect(recurrence["exdates"] as? [String] == [])
    #expect(
      try Self.starts(show) == [
        "2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00", "2027-03-01T10:00:00+07:00",
        "2027-04-05T10:00:00+07:00",
      ])
    let occurrences = try show.value("occurrences", as: [[String: Any]].self)
    #expect(occurrences.allSatisfy { $0["room"] as? String == "Ruang Garuda" })
    #expect(occurrences.allSatisfy { $0["changed"] as? Bool == false })
    #expect(
      occurrences.map { $0["recurrenceId"] as? String }
        == occurrences.map { $0["start"] as? String })
    #expect(show["sequence"] as? Int == 0)
    let text = try cli.must(["meeting", "show", "1"]).output
    #expect(text.contains("Repeats:   on the first Monday of every month, 4 times"))
    #expect(text.contains("Planned:   4 occurrences, 4 still ahead"))
  }

  @Test func aSeriesByRuleWithUntilExdateAndRdatePrintsItsPlanAsJSON() throws {
    let cli = try Self.seeded()
    let added = try cli.object([
      "meeting", "add", "--title", "Rapat Teknis", "--start", "2027-01-05T09:00", "--duration",
      "90m", "--rrule", "FREQ=WEEKLY;BYDAY=TU", "--until", "2027-02-02", "--exdate", "2027-01-19",
      "--rdate", "2027-01-21T15:00", "--attendee", Self.dewi,
    ])
    let recurrence = try added.value("recurrence", as: [String: Any].self)
    // --until is the end of that day in the meeting's zone, written in UTC as RFC 5545 wants.
    #expect(recurrence["rule"] as? String == "FREQ=WEEKLY;UNTIL=20270202T165959Z;BYDAY=TU")
    #expect(recurrence["exdates"] as? [String] == ["2027-01-19T09:00:00+07:00"])
    #expect(recurrence["rdates"] as? [String] == ["2027-01-21T15:00:00+07:00"])
    let expected = [
      "2027-01-05T09:00:00", "2027-01-12T09:00:00", "2027-01-21T15:00:00", "2027-01-26T09:00:00",
      "2027-02-02T09:00:00",
    ]
    #expect(try Self.starts(added) == expected.map { $0 + "+07:00" })
    let ends = try added.value("occurrences", as: [[String: Any]].self).map {
      $0["end"] as? String
    }
    #expect(ends.first == "2027-01-05T10:30:00+07:00")
    #expect(ends[2] == "2027-01-21T16:30:00+07:00")
    // The same rule, previewed with `recur expand`, gives the same dates.
    let preview = try cli.must([
      "recur", "expand", "--start", "2027-01-05T09:00", "--tz", "Asia/Jakarta", "--rule",
      "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270202T165959Z", "--exdate", "2027-01-19", "--rdate",
      "2027-01-21T15:00", "--json",
    ])
    #expect(
      try JSONSerialization.jsonObject(with: Data(preview.output.utf8)) as? [String] == expected)
    let text = try cli.must([
      "meeting", "add", "--title", "Rapat Teknis 2", "--start", "2027-01-06T09:00", "--duration",
      "1h", "--rrule", "FREQ=WEEKLY;BYDAY=WE", "--until", "2027-01-20",
    ]).output
    #expect(
      text.contains("Repeats every Wednesday, until Wednesday, 20 January 2027: 3 occurrences"),
      "\(text)")
  }

  // MARK: - Room clashes

  @Test func aRoomClashWithAnotherSeriesIsRefusedNamingTheMeetingAndTheDate() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    let weekly = [
      "meeting", "add", "--title", "Kelompok Kerja", "--start", "2027-02-22T11:00", "--duration",
      "1h", "--room", "Ruang Garuda", "--rrule", "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
    ]
    let refused = cli.run(weekly)
    #expect(refused.status == 65)
    #expect(
      refused.errors.contains(
        "Room 'Ruang Garuda' is already booked by meeting 1 'Rapat Koordinasi Bulanan' (2027-03-01 10:00–12:00 WIB) when this series meets on 2027-03-01."
      ), "\(refused.errors)")
    #expect(refused.errors.contains("--allow-conflict"))
    #expect(refused.output.isEmpty)
    #expect(try cli.objects(["meeting", "list"]).count == 1)

    // Leaving the clashing date out is enough.
    let around = try cli.must(weekly + ["--exdate", "2027-03-01"])
    #expect(around.errors.isEmpty)
    #expect(around.output.contains("Scheduled series 2"))
    #expect(
      try Self.starts(try cli.object(["meeting", "show", "2"])) == [
        "2027-02-22T11:00:00+07:00", "2027-03-08T11:00:00+07:00",
      ])

    // Or booking anyway: a warning on standard error, exit 0.
    let anyway = cli.run(weekly + ["--allow-conflict"])
    #expect(anyway.status == 0, "\(anyway.errors)")
    #expect(
      anyway.errors.contains(
        "warning: 'Ruang Garuda' is also booked by meeting 1 'Rapat Koordinasi Bulanan' (2027-03-01 10:00–12:00 WIB)"
      ), "\(anyway.errors)")
    #expect(anyway.output.contains("Scheduled series 3"))
    #expect(try cli.objects(["meeting", "list"]).count == 3)
  }

  @Test func movingAnOccurrenceOntoABookedRoomIsRefused() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must([
      "meeting", "add", "--title", "Rapat Anggaran", "--start", "2027-02-02T13:00", "--duration",
      "1h", "--room", "Ruang Garuda",
    ])
    let refused = cli.run([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T12:30",
    ])
    #expect(refused.status == 65)
    #expect(
      refused.errors.contains("already booked by meeting 2 'Rapat Anggaran'"), "\(refused.errors)")
    #expect(cli.outboxFiles.isEmpty)
    let show = try cli.object(["meeting", "show", "1"])
    #expect(show["sequence"] as? Int == 0)
    #expect(try Self.starts(show)[1] == "2027-02-01T10:00:00+07:00")
  }

  // MARK: - Refused input

  @Test(arguments: [
    (
      ["--rrule", "FREQ=MONTHLY;BYDAY=1XX"],
      "--rrule: BYDAY=1XX: 'XX' is not a weekday; use MO, TU, WE, TH, FR, SA or SU."
    ),
    (
      ["--rrule", "FREQ=WEEKLY;INTERVAL=x"],
      "--rrule: INTERVAL=x: 'x' is not a whole number"
    ),
    (["--rrule", "FREQ=FORTNIGHTLY"], "FREQ=FORTNIGHTLY: 'FORTNIGHTLY' is not a frequency"),
    (
      ["--rrule", "FREQ=DAILY;UNTIL=20261231"],
      "UNTIL=20261231 is before the start (2027-01-04T10:00:00)"
    ),
    (
      ["--every", "every monday", "--until", "2026-12-01"],
      "is before the start (2027-01-04T10:00:00)"
    ),
    (
      ["--rrule", "FREQ=DAILY;COUNT=3", "--until", "2027-02-01"],
      "The series can end by a number of occurrences or by a date, not both"
    ),
    (
      ["--every", "every monday", "--tz", "Asia/Atlantis"],
      "--tz: 'Asia/Atlantis' is not a known time zone"
    ),
    (
      ["--every", "every monday", "--end", "2027-01-03T12:00"],
      "The end (2027-01-03 12:00 WIB) must come after the start (2027-01-04 10:00 WIB)"
    ),
    (
      [
        "--every", "daily", "--count", "3", "--tz", "America/New_York", "--start",
        "2027-03-14T02:30",
      ],
      "--start: 2027-03-14T02:30 does not exist in America/New_York"
    ),
    (["--every", "sometimes"], "--every: 'sometimes' is not a repetition Pokja understands"),
    (["--count", "3"], "--count, --until and --exdate apply to a repeating meeting"),
  ])
  func badSeriesInputExits65WithAClearMessageAndStoresNothing(
    arguments: [String], message: String
  ) throws {
    let cli = try Self.seeded()
    var command = ["meeting", "add", "--title", "Rapat Uji", "--room", "Ruang Garuda"]
    if !arguments.contains("--start") { command += ["--start", "2027-01-04T10:00"] }
    if !arguments.contains("--end") { command += ["--duration", "1h"] }
    let result = cli.run(command + arguments)
    #expect(result.status == 65, "\(result.errors)")
    #expect(result.errors.contains(message), "\(result.errors)")
    #expect(result.output.isEmpty)
    #expect(try cli.objects(["meeting", "list"]).isEmpty)
    // Nothing half-stored either: the room is still free at that time.
    let free = cli.run(
      "meeting", "add", "--title", "Rapat Lain", "--start", "2027-01-04T10:00", "--duration", "1h",
      "--room", "Ruang Garuda")
    #expect(free.status == 0 && free.errors.isEmpty, "\(free.errors)")
  }

  // MARK: - Rooms

  @Test func roomsKeepTheirBuildingFloorAndFacilities() throws {
    let cli = try Self.seeded()
    let added = try cli.object([
      "room", "add", "--name", "Ruang Melati", "--capacity", "6", "--building", "Gedung B",
      "--floor", "Lantai 2", "--facility", "wheelchair access, whiteboard",
    ])
    #expect(added["id"] as? Int == 2)
    #expect(added["building"] as? String == "Gedung B")
    #expect(added["floor"] as? String == "Lantai 2")
    #expect(added["facilities"] as? [String] == ["wheelchair access", "whiteboard"])
    let rooms = try cli.objects(["room", "list"])
    #expect(rooms.map { $0["name"] as? String } == ["Ruang Garuda", "Ruang Melati"])
    let garuda = rooms[0]
    #expect(garuda["capacity"] as? Int == 12)
    #expect(garuda["building"] as? String == "Gedung Kemensos")
    #expect(garuda["floor"] as? String == "7")
    #expect(garuda["facilities"] as? [String] == ["projector", "video conference"])
    let table = try cli.must(["room", "list"]).output
    #expect(table.contains("Gedung Kemensos"))
    #expect(table.contains("projector, video conference"))
    let text = try cli.must([
      "room", "add", "--name", "Ruang Anggrek", "--building", "Gedung B", "--floor", "3",
    ])
    // A bare floor number reads "lantai 3"; one already written out is kept.
    #expect(text.output.contains("Added room 3: Ruang Anggrek, Gedung B, lantai 3"))
    let duplicate = cli.run("room", "add", "--name", "Ruang Melati")
    #expect(duplicate.status == 65)
    #expect(duplicate.errors.contains("A room named 'Ruang Melati' already exists (ID 2)."))
  }
}
