import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// `pokja agenda` (week, month, range, one person; table, JSON, WhatsApp text) and
/// `pokja meeting suggest`.
@Suite struct AgendaCommandTests {
  static let dewi = "dewi@example.org"
  static let hannah = "hannah@kpi.example"
  static let budi = "budi@example.org"

  /// December 2026 (the clock stands at 30 November):
  /// 1 Rapat Pleno Tim Pokja, Mon 7 Dec 10:00–12:00, Ruang Rapat Lt 7 (Gedung Kemensos, floor 7),
  ///   Dewi and Hannah, a link in the description;
  /// 2 Koordinasi mingguan, Wednesdays 14:00–15:00 from 2 Dec, six times, online, Budi;
  /// 3 Rapat Desember, Mon 21 Dec 09:00–10:00, Budi;
  /// 4 Rapat Januari, Tue 5 Jan 2027 09:00–10:00, Dewi.
  static func seeded() throws -> CLIHarness {
    let cli = try CLIHarness.fixed(at: "2026-11-30T08:00:00+07:00")
    try cli.setUp([
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", dewi],
      ["contact", "add", "--name", "Hannah de Vries", "--email", hannah, "--lang", "en"],
      ["contact", "add", "--name", "Budi Santoso", "--email", budi],
      [
        "room", "add", "--name", "Ruang Rapat Lt 7", "--capacity", "40", "--building",
        "Gedung Kemensos", "--floor", "7",
      ],
      ["room", "add", "--name", "Ruang Melati", "--capacity", "4"],
      [
        "meeting", "add", "--title", "Rapat Pleno Tim Pokja", "--start", "2026-12-07T10:00",
        "--end", "12:00", "--room", "Ruang Rapat Lt 7", "--attendee", dewi, "--attendee", hannah,
        "--description", "Bahan rapat: https://meet.example.org/pleno",
      ],
      [
        "meeting", "add", "--title", "Koordinasi mingguan", "--start", "2026-12-02T14:00",
        "--duration", "1h", "--every", "every wednesday", "--count", "6", "--location",
        "Daring https://zoom.example/j/42", "--attendee", budi,
      ],
      [
        "meeting", "add", "--title", "Rapat Desember", "--start", "2026-12-21T09:00",
        "--duration", "1h", "--attendee", budi,
      ],
      [
        "meeting", "add", "--title", "Rapat Januari", "--start", "2027-01-05T09:00", "--duration",
        "1h", "--attendee", dewi,
      ],
    ])
    return cli
  }

  static func agenda(_ cli: CLIHarness, _ arguments: String...) throws -> [(String, String)] {
    try cli.objects(["agenda"] + arguments).map {
      (try $0.value("start", as: String.self), try $0.value("title", as: String.self))
    }
  }

  /// The lines of a table, without the rule under its header.
  static func rows(_ table: String) -> [String] {
    table.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("─") }
  }

  // MARK: - Periods

  @Test func aWeekAMonthAndARangeHoldTheirOccurrences() throws {
    let cli = try Self.seeded()
    let week = try Self.agenda(cli, "--week", "--today", "2026-12-09")
    #expect(week.map(\.0) == ["2026-12-07T10:00:00+07:00", "2026-12-09T14:00:00+07:00"])
    #expect(week.map(\.1) == ["Rapat Pleno Tim Pokja", "Koordinasi mingguan"])
    // The week is the default, Monday to Sunday: a Sunday still belongs to it.
    #expect(try Self.agenda(cli, "--today", "2026-12-13").map(\.0) == week.map(\.0))
    #expect(
      try Self.agenda(cli, "--today", "2026-12-14").map(\.0) == ["2026-12-16T14:00:00+07:00"])

    let month = try Self.agenda(cli, "--month", "--today", "2026-12-20")
    #expect(
      month.map(\.0) == [
        "2026-12-02T14:00:00+07:00", "2026-12-07T10:00:00+07:00", "2026-12-09T14:00:00+07:00",
        "2026-12-16T14:00:00+07:00", "2026-12-21T09:00:00+07:00", "2026-12-23T14:00:00+07:00",
        "2026-12-30T14:00:00+07:00",
      ])
    let january = try Self.agenda(cli, "--month", "--today", "2027-01-31")
    #expect(january.map(\.1) == ["Rapat Januari", "Koordinasi mingguan"])

    let range = try Self.agenda(cli, "--from", "2026-12-21", "--to", "2027-01-05")
    #expect(
      range.map(\.0) == [
        "2026-12-21T09:00:00+07:00", "2026-12-23T14:00:00+07:00", "2026-12-30T14:00:00+07:00",
        "2027-01-05T09:00:00+07:00",
      ])
    // --from alone: a week from that day.
    #expect(
      try Self.agenda(cli, "--from", "2026-12-03").map(\.0) == [
        "2026-12-07T10:00:00+07:00", "2026-12-09T14:00:00+07:00",
      ])

    // Each entry is one occurrence: a series' entry says which (its RECURRENCE-ID).
    let records = try cli.objects(["agenda", "--week", "--today", "2026-12-09"])
    let weekly = try #require(records.last)
    #expect(weekly["id"] as? Int == 2)
    #expect(weekly["recurrenceId"] as? String == "2026-12-09T14:00:00+07:00")
    #expect(weekly["end"] as? String == "2026-12-09T15:00:00+07:00")
    #expect(weekly["occurrences"] == nil)
    #expect((records.first?["room"] as? [String: Any])?["floor"] as? String == "7")
    #expect(
      try cli.objects(["agenda", "--week", "--today", "2026-12-09", "--format", "json"]).count == 2)
  }

  @Test func aCancelledOrMovedOccurrenceIsShownWhereItNowIs() throws {
    let cli = try Self.seeded()
    try cli.must(["meeting", "cancel", "2", "--occurrence", "2026-12-09", "--no-notify"])
    try cli.must([
      "meeting", "edit", "2", "--occurrence", "2026-12-16", "--start", "2026-12-17T10:00",
      "--no-notify",
    ])
    try cli.must(["meeting", "cancel", "3", "--no-notify"])
    let month = try Self.agenda(cli, "--month", "--today", "2026-12-01")
    #expect(
      month.map(\.0) == [
        "2026-12-02T14:00:00+07:00", "2026-12-07T10:00:00+07:00", "2026-12-17T10:00:00+07:00",
        "2026-12-23T14:00:00+07:00", "2026-12-30T14:00:00+07:00",
      ])
  }

  @Test func onePersonsAgendaShowsOnlyTheirMeetingsAndReplies() throws {
    let cli = try Self.seeded()
    try cli.must(["rsvp", "2", Self.budi, "declined", "--occurrence", "2026-12-23"])
    try cli.must(["rsvp", "3", Self.budi, "accepted"])
    let budi = try cli.objects([
      "agenda", "--from", "2026-12-01", "--to", "2026-12-31", "--contact", Self.budi,
    ])
    #expect(budi.map { $0["id"] as? Int } == [2, 2, 2, 3, 2, 2])
    let replies = budi.map {
      ($0["attendees"] as? [[String: Any]])?.first?["participation"] as? String
    }
    #expect(
      replies == [
        "NEEDS-ACTION", "NEEDS-ACTION", "NEEDS-ACTION", "ACCEPTED", "DECLINED", "NEEDS-ACTION",
      ])

    let table = try cli.must([
      "agenda", "--from", "2026-12-21", "--to", "2026-12-27", "--contact", Self.budi,
    ]).output
    let lines = Self.rows(table)
    #expect(lines.count == 3, "\(table)")
    #expect(lines.first?.contains("Reply") == true)
    #expect(lines.first?.contains("People") == false)
    let december = try #require(lines.first { $0.contains("Rapat Desember") })
    #expect(december.contains("Monday, 21 December 2026"))
    #expect(december.contains("09:00–10:00 WIB"))
    #expect(december.hasSuffix("accepted"))
    let declined = try #require(lines.first { $0.contains("Wednesday, 23 December 2026") })
    #expect(declined.hasSuffix("declined"))

    // Hannah has one meeting that month; the others none in January.
    #expect(
      try cli.objects(["agenda", "--month", "--today", "2026-12-01", "--contact", Self.hannah])
        .map { $0["title"] as? String } == ["Rapat Pleno Tim Pokja"])
    #expect(
      try cli.objects(["agenda", "--month", "--today", "2027-01-01", "--contact", Self.hannah])
        .isEmpty)
    let nobody = cli.run("agenda", "--contact", "nobody@example.org")
    #expect(nobody.status == 65)
  }

  @Test func theTableHasADayTimeTitlePlaceAndHeadcountForEachOccurrence() throws {
    let cli = try Self.seeded()
    let table = try cli.must(["agenda", "--week", "--today", "2026-12-07"]).output
    let lines = Self.rows(table)
    #expect(lines.count == 3, "\(table)")
    let header = try #require(lines.first)
    for column in ["Day", "Time", "ID", "Title", "Where", "People"] {
      #expect(header.contains(column), "\(header)")
    }
    let plenary = lines[1]
    #expect(plenary.hasPrefix("Monday, 7 December 2026"), "\(plenary)")
    #expect(plenary.contains("10:00–12:00 WIB"))
    #expect(plenary.contains("Rapat Pleno Tim Pokja"))
    #expect(plenary.contains("Ruang Rapat Lt 7"))
    #expect(plenary.hasSuffix("2"))
    #expect(lines[2].hasPrefix("Wednesday, 9 December 2026"))
    #expect(lines[2].contains("Daring https://zoom"))
    #expect(lines[2].hasSuffix("1"))

    let csv = try cli.must(["agenda", "--week", "--today", "2026-12-07", "--csv"]).output
    #expect(csv.contains("Ruang Rapat Lt 7, Gedung Kemensos, floor 7"), "\(csv)")
    #expect(csv.contains("Daring https://zoom.example/j/42"))

    let empty = try cli.must(["agenda", "--week", "--today", "2027-02-01"])
    #expect(empty.output == "No meetings in this period.\n")
    let upcoming = try cli.must([
      "meeting", "upcoming", "--within", "7d", "--now", "2026-12-06T12:00",
    ])
    #expect(upcoming.output.contains("Rapat Pleno Tim Pokja"))
    #expect(!upcoming.output.contains("Rapat Desember"))
  }

  // MARK: - WhatsApp

  @Test func theWhatsAppTextIsIndonesianByDefault() throws {
    let cli = try Self.seeded()
    let text = try cli.must([
      "agenda", "--week", "--today", "2026-12-08", "--format", "whatsapp",
    ]).output
    #expect(
      text == """
        *Agenda Sekretariat Pokja*
        _Senin, 7 Desember 2026 – Minggu, 13 Desember 2026_

        📅 *Senin, 7 Desember 2026*
        • Pukul 10.00–12.00 WIB — *Rapat Pleno Tim Pokja*
          📍 Ruang Rapat Lt 7, Gedung Kemensos, lantai 7
          🔗 https://meet.example.org/pleno

        📅 *Rabu, 9 Desember 2026*
        • Pukul 14.00–15.00 WIB — *Koordinasi mingguan*
          📍 Daring https://zoom.example/j/42
          🔗 https://zoom.example/j/42

        _Mohon konfirmasi kehadiran kepada sekretariat._

        """, "\(text)")
    let empty = try cli.must([
      "agenda", "--week", "--today", "2027-02-01", "--format", "whatsapp",
    ]).output
    #expect(empty.contains("_Senin, 1 Februari 2027 – Minggu, 7 Februari 2027_"))
    #expect(empty.contains("Tidak ada rapat terjadwal."))
  }

  @Test func theWhatsAppTextIsInEnglishWhenAskedOrForAnEnglishReader() throws {
    let cli = try Self.seeded()
    let english = try cli.must([
      "agenda", "--week", "--today", "2026-12-08", "--format", "whatsapp", "--lang", "en",
    ]).output
    #expect(
      english.hasPrefix(
        "*Sekretariat Pokja agenda*\n_Monday, 7 December 2026 – Sunday, 13 December 2026_\n"))
    #expect(english.contains("📅 *Monday, 7 December 2026*"))
    #expect(english.contains("• 10:00–12:00 WIB (UTC+7) — *Rapat Pleno Tim Pokja*"))
    #expect(english.contains("📍 Ruang Rapat Lt 7, Gedung Kemensos, floor 7"))
    #expect(english.contains("_Please confirm your attendance with the secretariat._"))
    #expect(!english.contains("Pukul") && !english.contains("lantai"))

    // Hannah reads English: her agenda is in English without --lang, with only her meeting.
    let hannah = try cli.must([
      "agenda", "--week", "--today", "2026-12-08", "--format", "whatsapp", "--contact", Self.hannah,
    ]).output
    #expect(hannah.contains("• 10:00–12:00 WIB (UTC+7) — *Rapat Pleno Tim Pokja*"))
    #expect(!hannah.contains("Koordinasi mingguan"))
    // --lang wins over the reader's language.
    let translated = try cli.must([
      "agenda", "--week", "--today", "2026-12-08", "--format", "whatsapp", "--contact", Self.hannah,
      "--lang", "id",
    ]).output
    #expect(translated.contains("• Pukul 10.00–12.00 WIB — *Rapat Pleno Tim Pokja*"))
    let wrong = cli.run("agenda", "--format", "whatsapp", "--lang", "jv")
    #expect(wrong.status == 64)
  }

  @Test func optionsThatContradictEachOtherAreRefused() throws {
    let cli = try Self.seeded()
    let both = cli.run("agenda", "--week", "--month")
    #expect(both.status == 64)
    #expect(both.errors.contains("Give --week or --month, not both."))
    let mixed = cli.run("agenda", "--week", "--from", "2026-12-01")
    #expect(mixed.status == 64)
    let backwards = cli.run("agenda", "--from", "2026-12-10", "--to", "2026-12-01")
    #expect(backwards.status == 64)
    #expect(backwards.errors.contains("--to 2026-12-01 comes before --from 2026-12-10"))
    let format = cli.run("agenda", "--format", "pdf")
    #expect(format.status == 64)
  }

  // MARK: - Suggest

  @Test func suggestFindsFreeTimesAroundWhatPeopleHaveAlready() throws {
    let cli = try Self.seeded()
    let text = try cli.must([
      "meeting", "suggest", "--attendee", Self.dewi, "--attendee", Self.hannah, "--duration", "2h",
      "--within", "2026-12-07..2026-12-07", "--hours", "09:00-14:00",
    ]).output
    let lines = Self.rows(text)
    #expect(lines.count == 2, "\(text)")
    #expect(lines.first?.contains("When") == true && lines.first?.contains("Free") == true)
    #expect(lines[1].contains("2026-12-07 12:00–14:00 WIB"))
    #expect(lines[1].contains("2/2"))

    let slots = try cli.objects([
      "meeting", "suggest", "--attendee", Self.dewi, "--attendee", Self.hannah, "--attendee",
      Self.budi, "--duration", "2h", "--within", "2026-12-09..2026-12-09", "--limit", "3",
    ])
    // 13:00 would overlap Budi's 14:00–15:00 call, 15:00 would end after 16:00.
    #expect(
      slots.map { $0["start"] as? String } == [
        "2026-12-09T09:00:00+07:00", "2026-12-09T11:00:00+07:00",
      ])
    #expect(slots.allSatisfy { $0["free"] as? Int == 3 && $0["required"] as? Int == 3 })
    #expect(slots.allSatisfy { ($0["busy"] as? [String])?.isEmpty == true })
    #expect(slots.allSatisfy { $0["room"] == nil })
  }

  @Test func aQuorumAcceptsATimeWhenEnoughPeopleAreFree() throws {
    let cli = try Self.seeded()
    let everyone = [
      "meeting", "suggest", "--attendee", Self.dewi, "--attendee", Self.hannah, "--attendee",
      Self.budi, "--duration", "2h", "--within", "2026-12-07..2026-12-07", "--hours",
      "10:00-12:00",
    ]
    let none = cli.run(everyone)
    #expect(none.status == 1)
    #expect(
      none.errors.contains(
        "At most 1 of 3 required attendees are free at any time (the quorum needs 3); lower --quorum or widen --within."
      ), "\(none.errors)")
    #expect(none.output.isEmpty)
    let quorum = try cli.objects(everyone + ["--quorum", "30%"])
    #expect(quorum.count == 1)
    #expect(quorum.first?["start"] as? String == "2026-12-07T10:00:00+07:00")
    #expect(quorum.first?["free"] as? Int == 1)
    #expect(quorum.first?["busy"] as? [String] == ["Dewi Lestari", "Hannah de Vries"])
    let table = try cli.must(everyone + ["--quorum", "30%"]).output
    #expect(table.contains("1/3"))
    #expect(table.contains("Dewi Lestari, Hannah de Vries"))
    // An optional attendee who is busy does not rule a time out, but is named.
    let optional = try cli.objects([
      "meeting", "suggest", "--attendee", Self.budi, "--optional", Self.dewi, "--duration", "2h",
      "--within", "2026-12-07..2026-12-07", "--hours", "10:00-12:00",
    ])
    #expect(optional.first?["optionalBusy"] as? [String] == ["Dewi Lestari"])
  }

  @Test func roomAnyTakesTheSmallestFreeRoomThatSeatsEveryone() throws {
    let cli = try Self.seeded()
    let three = [
      "meeting", "suggest", "--attendee", Self.dewi, "--attendee", Self.hannah, "--attendee",
      Self.budi, "--duration", "1h", "--within", "2026-12-08..2026-12-08", "--limit", "2",
    ]
    let slots = try cli.objects(three + ["--room", "any"])
    #expect(slots.count == 2)
    #expect(
      slots.allSatisfy { ($0["room"] as? [String: Any])?["name"] as? String == "Ruang Melati" })
    // Ruang Melati taken all day: the larger room is offered.
    try cli.must([
      "meeting", "add", "--title", "Pelatihan", "--start", "2026-12-08T08:00", "--end", "18:00",
      "--room", "Ruang Melati",
    ])
    let larger = try cli.objects(three + ["--room", "any"])
    #expect(
      larger.allSatisfy { ($0["room"] as? [String: Any])?["name"] as? String == "Ruang Rapat Lt 7" }
    )
    let named = cli.run(three + ["--room", "Ruang Melati"])
    #expect(named.status == 1)
    #expect(
      named.errors.contains(
        "Room 'Ruang Melati' is never free for a whole 1h slot in the working hours of --within"),
      "\(named.errors)")
  }

  @Test(arguments: [
    (
      ["--within", "2026-12-12..2026-12-13"],
      "--within 2026-12-12..2026-12-13 has no working days (weekends are skipped); widen --within."
    ),
    (
      ["--within", "2026-12-24..2026-12-27"],
      "--within 2026-12-24..2026-12-27 has no working days: weekends are skipped, and it has the holidays 2026-12-24 Cuti bersama Kelahiran Yesus Kristus, 2026-12-25 Kelahiran Yesus Kristus (Natal); widen --within."
    ),
    (
      ["--within", "2026-12-08..2026-12-08", "--hours", "09:00-10:00"],
      "--hours 09:00-10:00 is shorter than the meeting (2h); widen --hours or shorten --duration."
    ),
    (
      ["--within", "2026-12-08..2026-12-08", "--room", "Ruang Melati", "--attendee", "@semua"],
      "Room 'Ruang Melati' seats 4, but there are 5 attendees; choose a larger room or --room any."
    ),
    (
      ["--within", "2026-11-23..2026-11-24"],
      "slots that fit start before now"
    ),
  ])
  func noSlotExits1NamingTheConstraint(arguments: [String], reason: String) throws {
    let cli = try Self.seeded()
    try cli.setUp([
      ["contact", "add", "--name", "Siti Rahayu", "--email", "siti@example.org", "--tag", "semua"],
      [
        "contact", "add", "--name", "Rahmat Hidayat", "--email", "rahmat@example.net", "--tag",
        "semua",
      ],
      ["contact", "edit", Self.dewi, "--add-tag", "semua"],
      ["contact", "edit", Self.hannah, "--add-tag", "semua"],
      ["contact", "edit", Self.budi, "--add-tag", "semua"],
      ["group", "add", "semua", "--tag", "semua"],
    ])
    let command =
      ["meeting", "suggest", "--duration", "2h"]
      + (arguments.contains("--attendee") ? [] : ["--attendee", Self.dewi]) + arguments
    let result = cli.run(command)
    #expect(result.status == 1, "\(result.errors)")
    #expect(result.errors.contains(reason), "\(result.errors)")
    #expect(result.output.isEmpty)
    let json = cli.run(command + ["--json"])
    #expect(json.status == 1)
    #expect(json.output == "[]\n")
    #expect(json.errors.contains(reason))
  }

  @Test func suggestRefusesBadOptions() throws {
    let cli = try Self.seeded()
    let nobody = cli.run(
      "meeting", "suggest", "--duration", "1h", "--within", "2026-12-07..2026-12-08")
    #expect(nobody.status == 64)
    #expect(nobody.errors.contains("Name who should attend"))
    let window = cli.run(
      "meeting", "suggest", "--attendee", Self.dewi, "--duration", "1h", "--within", "next week")
    #expect(window.status == 64, "\(window.errors)")
    #expect(window.errors.contains("--within"))
  }
}
