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

  // MARK: - Changes and what attendees get

  @Test func changingOneOccurrenceSendsARequestWithItsRecurrenceID() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let invitations = try CalendarPython.messages(cli.outboxFiles)
    #expect(invitations.count == 3)
    let uid = try #require(invitations.first?.event?.uid)
    for message in invitations {
      #expect(message.method == "REQUEST")
      #expect(message.defects.isEmpty)
      let event = try #require(message.event)
      #expect(event.sequence == 0 && event.recurrenceID == nil && event.uid == uid)
      #expect(event.rrule == "FREQ=MONTHLY;COUNT=4;BYDAY=1MO")
      #expect(event.start == "2027-01-04T10:00:00" && event.tzid == "Asia/Jakarta")
      #expect(event.attendees == [Self.dewi, Self.hannah, Self.budi])
    }
    #expect(
      invitations.map(\.subject) == [
        "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027",
        "Invitation: Rapat Koordinasi Bulanan — Monday, 4 January 2027",
        "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027",
      ])

    let edit = try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
    ])
    #expect(edit.output.contains("Meeting 1 'Rapat Koordinasi Bulanan': changed (sequence 1)."))
    #expect(
      edit.output.contains(
        "occurrence 2027-02-01: time 2027-02-01 10:00–12:00 WIB → 2027-02-02 13:00–15:00 WIB"))
    #expect(edit.output.contains("Messages: 3 sent"))
    let updates = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(updates.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      updates.map(\.subject) == [
        "Perubahan: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027",
        "Updated: Rapat Koordinasi Bulanan — Tuesday, 2 February 2027",
        "Perubahan: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027",
      ])
    for message in updates {
      #expect(message.method == "REQUEST")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.uid == uid)
      #expect(event.sequence == 1)
      #expect(event.recurrenceID == "2027-02-01T10:00:00")
      #expect(event.start == "2027-02-02T13:00:00")
      #expect(event.rrule == nil)
      #expect(event.status == "CONFIRMED")
    }

    let show = try cli.object(["meeting", "show", "1"])
    #expect(show["sequence"] as? Int == 1)
    let moved = try #require(
      try show.value("occurrences", as: [[String: Any]].self).first {
        $0["recurrenceId"] as? String == "2027-02-01T10:00:00+07:00"
      })
    #expect(moved["start"] as? String == "2027-02-02T13:00:00+07:00")
    #expect(moved["end"] as? String == "2027-02-02T15:00:00+07:00")
    #expect(moved["changed"] as? Bool == true)

    // An occurrence that does not exist is named, with the nearest ones.
    let missing = cli.run("meeting", "edit", "1", "--occurrence", "2027-02-08", "--title", "X")
    #expect(missing.status == 65)
    #expect(
      missing.errors.contains("Meeting 1 has no occurrence on 2027-02-08. Nearest: "),
      "\(missing.errors)")
  }

  @Test func changingTheWholeSeriesSendsEveryoneTheSeriesWithTheNextSequence() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must(["meeting", "invite", "1"])
    try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
    ])
    let before = cli.outboxFiles.count
    let edit = try cli.must(["meeting", "edit", "1", "--title", "Rapat Koordinasi Pokja"])
    #expect(edit.output.contains("changed (sequence 2)"))
    #expect(edit.output.contains("title 'Rapat Koordinasi Bulanan' → 'Rapat Koordinasi Pokja'"))
    let updates = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(updates.count == 3)
    #expect(updates[0].subject == "Perubahan: Rapat Koordinasi Pokja — Senin, 4 Januari 2027")
    #expect(updates[1].subject == "Updated: Rapat Koordinasi Pokja — Monday, 4 January 2027")
    for message in updates {
      #expect(message.method == "REQUEST")
      let master = try #require(message.events.first { $0.recurrenceID == nil })
      #expect(master.sequence == 2)
      #expect(master.summary == "Rapat Koordinasi Pokja")
      #expect(master.rrule == "FREQ=MONTHLY;COUNT=4;BYDAY=1MO")
      // The moved occurrence travels with the series.
      let moved = try #require(message.events.first { $0.recurrenceID != nil })
      #expect(moved.recurrenceID == "2027-02-01T10:00:00" && moved.start == "2027-02-02T13:00:00")
      #expect(moved.summary == "Rapat Koordinasi Pokja")
    }

    // --no-notify changes it and sends nothing.
    let quiet = try cli.must([
      "meeting", "edit", "1", "--location", "Pintu masuk timur", "--no-notify",
    ])
    #expect(quiet.output.contains("Not notified (--no-notify): 3 messages not sent."))
    #expect(cli.outboxFiles.count == before + 3)
    #expect(try cli.object(["meeting", "show", "1"])["sequence"] as? Int == 3)
  }

  @Test func cancellingOneOccurrenceSendsACancelWithItsRecurrenceID() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let cancel = try cli.must(["meeting", "cancel", "1", "--occurrence", "2027-03-01"])
    #expect(cancel.output.contains("changed (sequence 1)"))
    #expect(cancel.output.contains("occurrence 2027-03-01T10:00 cancelled"))
    let cancellations = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(cancellations.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      cancellations.map(\.subject) == [
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
        "Cancelled: Rapat Koordinasi Bulanan — Monday, 1 March 2027",
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
      ])
    for message in cancellations {
      #expect(message.method == "CANCEL")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.recurrenceID == "2027-03-01T10:00:00")
      #expect(event.status == "CANCELLED")
      #expect(event.sequence == 1)
      #expect(event.rrule == nil)
    }
    let show = try cli.object(["meeting", "show", "1"])
    #expect(show["status"] as? String == "confirmed")
    #expect(
      try Self.starts(show) == [
        "2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00", "2027-04-05T10:00:00+07:00",
      ])
    #expect(
      try show.value("recurrence", as: [String: Any].self)["exdates"] as? [String] == [
        "2027-03-01T10:00:00+07:00"
      ])
    #expect(try cli.must(["meeting", "show", "1"]).output.contains("Left out:  2027-03-01"))
    // It is gone: cancelling it again names the date.
    let again = cli.run("meeting", "cancel", "1", "--occurrence", "2027-03-01")
    #expect(again.status == 65)
    #expect(again.errors.contains("Meeting 1 has no occurrence on 2027-03-01."))

    // The whole series: one CANCEL per attendee without RECURRENCE-ID, then nothing can change it.
    let all = cli.outboxFiles.count
    let whole = try cli.must(["meeting", "cancel", "1"])
    #expect(whole.output.contains("cancelled (sequence 2)"))
    let series = try CalendarPython.messages(cli.outboxFiles(after: all))
    #expect(series.count == 3)
    #expect(series.allSatisfy { $0.method == "CANCEL" && $0.event?.recurrenceID == nil })
    #expect(series.allSatisfy { $0.event?.status == "CANCELLED" && $0.event?.sequence == 2 })
    #expect(try cli.object(["meeting", "show", "1"])["status"] as? String == "cancelled")
    let edit = cli.run("meeting", "edit", "1", "--title", "X")
    #expect(edit.status == 65)
    #expect(edit.errors.contains("Meeting 1 is cancelled; it cannot be changed."))
  }

  @Test func aRemovedAttendeeAloneGetsACancelAndIsInvitedAgainWhenAddedBack() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let removed = try cli.must(["meeting", "edit", "1", "--remove-attendee", Self.budi])
    #expect(removed.output.contains("removed Budi Santoso"))
    let cancel = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(cancel.count == 1)
    let message = try #require(cancel.first)
    #expect(message.to == [Self.budi])
    #expect(message.method == "CANCEL")
    #expect(message.subject == "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027")
    let event = try #require(message.event)
    #expect(event.recurrenceID == nil)
    // The CANCEL names only the removed attendee, and is a newer version than the invitation.
    #expect(event.attendees == [Self.budi])
    #expect(event.sequence == 1)
    let show = try cli.object(["meeting", "show", "1"])
    #expect(
      try show.value("attendees", as: [[String: Any]].self).map { $0["email"] as? String } == [
        Self.dewi, Self.hannah,
      ])

    // Added back, Budi is invited again (once), and a second removal is a second CANCEL.
    let count = cli.outboxFiles.count
    let added = try cli.must(["meeting", "edit", "1", "--add-attendee", Self.budi])
    #expect(added.output.contains("added Budi Santoso"))
    let invitation = try CalendarPython.messages(cli.outboxFiles(after: count))
    #expect(invitation.map { $0.to } == [[Self.budi]])
    #expect(invitation.first?.method == "REQUEST")
    #expect(
      invitation.first?.subject == "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027")
    #expect(invitation.first?.event?.attendees == [Self.dewi, Self.hannah, Self.budi])
    try cli.must(["meeting", "invite", "1"])
    let afterInvite = cli.outboxFiles.count
    try cli.must(["meeting", "edit", "1", "--remove-attendee", Self.budi])
    let second = try CalendarPython.messages(cli.outboxFiles(after: afterInvite))
    #expect(second.map { $0.to } == [[Self.budi]])
    #expect(second.first?.method == "CANCEL")

    let stranger = cli.run("meeting", "edit", "1", "--remove-attendee", Self.budi)
    #expect(stranger.status == 65)
    #expect(stranger.errors.contains("budi@example.org is not invited to meeting 1."))
  }

  @Test func aSplitSeriesEndsBeforeTheDateAndTheRestIsANewSeries() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let split = try cli.must([
      "meeting", "edit", "1", "--this-and-following", "2027-03-01", "--start", "14:00",
    ])
    #expect(
      split.output.contains(
        "Meeting 1 now ends before the split (sequence 1); meeting 2 continues: 2027-03-01 14:00–16:00 WIB."
      ), "\(split.output)")
    let earlier = try cli.object(["meeting", "show", "1"])
    #expect(
      try Self.starts(earlier) == ["2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00"])
    let later = try cli.object(["meeting", "show", "2"])
    #expect(
      try Self.starts(later) == ["2027-03-01T14:00:00+07:00", "2027-04-05T14:00:00+07:00"])
    #expect(
      try later.value("recurrence", as: [String: Any].self)["rule"] as? String
        == "FREQ=MONTHLY;COUNT=2;BYDAY=1MO")
    #expect(later["uid"] as? String != earlier["uid"] as? String)
    let messages = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(messages.count == 6)
    let toEarlier = messages.filter { $0.event?.uid == earlier["uid"] as? String }
    #expect(toEarlier.count == 3)
    #expect(toEarlier.allSatisfy { $0.method == "REQUEST" && $0.event?.sequence == 1 })
    #expect(toEarlier.allSatisfy { $0.event?.rrule?.contains("UNTIL=20270301T025959Z") == true })
    let toLater = messages.filter { $0.event?.uid == later["uid"] as? String }
    #expect(toLater.count == 3)
    #expect(toLater.allSatisfy { $0.event?.start == "2027-03-01T14:00:00" })
  }

  // MARK: - Replies

  @Test func repliesAreRecordedForTheSeriesAndForOneOccurrence() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    let whole = try cli.must(["rsvp", "1", Self.dewi, "diterima"])
    #expect(whole.output.contains("Recorded. Meeting 1: 2 needs-action, 1 accepted."))
    let one = try cli.object(["rsvp", "1", Self.hannah, "declined", "--occurrence", "2027-02-01"])
    #expect(one["recurrenceId"] as? String == "2027-02-01T10:00:00+07:00")
    let replies = try one.value("attendees", as: [[String: Any]].self).map {
      ($0["email"] as? String ?? "", $0["participation"] as? String ?? "")
    }
    #expect(replies.map(\.0) == [Self.dewi, Self.hannah, Self.budi])
    #expect(replies.map(\.1) == ["ACCEPTED", "DECLINED", "NEEDS-ACTION"])

    // The series keeps the answers given for the whole of it.
    let show = try cli.object(["meeting", "show", "1"])
    #expect(
      try show.value("attendees", as: [[String: Any]].self).map {
        $0["participation"] as? String
      } == ["ACCEPTED", "NEEDS-ACTION", "NEEDS-ACTION"])
    #expect(try show.value("occurrences", as: [[String: Any]].self).count == 4)
    let text = try cli.must(["meeting", "show", "1"]).output
    #expect(text.contains("Replies for single occurrences:"))
    #expect(text.contains("2027-02-01  Hannah de Vries: declined"))
    // Another occurrence still has Hannah's series answer.
    let other = try cli.object(["rsvp", "1", Self.budi, "mungkin", "--occurrence", "2027-03-01"])
    #expect(
      try other.value("attendees", as: [[String: Any]].self).map {
        $0["participation"] as? String
      } == ["ACCEPTED", "NEEDS-ACTION", "TENTATIVE"])

    let wrong = cli.run("rsvp", "1", Self.dewi, "perhaps-later")
    #expect(wrong.status == 65)
    #expect(wrong.errors.contains("'perhaps-later' is not an answer"))
    let stranger = cli.run("rsvp", "1", "nobody@example.org", "accepted")
    #expect(stranger.status == 65)
    #expect(
      stranger.errors.hasPrefix("pokja: No contact 'nobody@example.org'."), "\(stranger.errors)")
    let noDay = cli.run("rsvp", "1", Self.dewi, "accepted", "--occurrence", "2027-02-02")
    #expect(noDay.status == 65)
    #expect(noDay.errors.contains("Meeting 1 has no occurrence on 2027-02-02."))
  }

  // MARK: - Reminders

  @Test func remindersGoOutPerOccurrenceButNotWhenCancelledOrDeclined() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must(["meeting", "cancel", "1", "--occurrence", "2027-02-01", "--no-notify"])
    try cli.must(["rsvp", "1", Self.budi, "declined"])
    try cli.must(["rsvp", "1", Self.hannah, "declined", "--occurrence", "2027-04-05"])
    func remind(_ now: String) throws -> [CalendarMessage] {
      let before = cli.outboxFiles.count
      try cli.must(["remind", "--due", "--now", now])
      return try CalendarPython.messages(cli.outboxFiles(after: before))
    }

    // The day before the first occurrence: Dewi and Hannah, not Budi, who declined the series.
    let first = try remind("2027-01-03T12:00")
    #expect(first.map { $0.to } == [[Self.dewi], [Self.hannah]])
    #expect(
      first.map(\.subject) == [
        "Pengingat: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027, 10.00 WIB",
        "Reminder: Rapat Koordinasi Bulanan — Monday, 4 January 2027, 10:00 WIB",
      ])
    #expect(first.allSatisfy { $0.method == nil })
    // Run again a few minutes later: nothing new.
    let again = try cli.must(["remind", "--due", "--now", "2027-01-03T12:05"])
    #expect(again.output.contains("Nothing new to send: 2 reminders already sent before."))
    #expect(try remind("2027-01-03T12:10").isEmpty)
    // Too early for the next one.
    #expect(try remind("2027-01-04T12:00").isEmpty)
    // The cancelled occurrence gets none.
    let cancelled = try cli.must(["remind", "--due", "--now", "2027-01-31T12:00"])
    #expect(cancelled.output.contains("No reminders due."))
    // The third: both again.
    #expect(try remind("2027-02-28T12:00").map { $0.to } == [[Self.dewi], [Self.hannah]])
    // The fourth: Hannah declined that one.
    let fourth = try remind("2027-04-04T12:00")
    #expect(fourth.map { $0.to } == [[Self.dewi]])
    #expect(
      fourth.first?.subject
        == "Pengingat: Rapat Koordinasi Bulanan — Senin, 5 April 2027, 10.00 WIB")
    // Once it has started, it is too late.
    #expect(try remind("2027-04-05T10:30").isEmpty)
  }

  @Test func aMovedOccurrenceIsRemindedAtItsNewTime() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
      "--no-notify",
    ])
    let before = cli.outboxFiles.count
    let early = try cli.must(["remind", "--due", "--now", "2027-02-01T12:00"])
    #expect(early.output.contains("No reminders due."))
    try cli.must(["remind", "--due", "--now", "2027-02-01T13:00"])
    let reminders = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(reminders.count == 3)
    #expect(
      reminders.first?.subject
        == "Pengingat: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027, 13.00 WIB")
  }

  // MARK: - Upcoming

  @Test func upcomingInviteSendsOnceAndOnlyForMeetingsInTheWindow() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must([
      "meeting", "add", "--title", "Rapat Pleno", "--start", "2027-02-15T09:00", "--duration",
      "3h", "--attendee", Self.dewi,
    ])
    let list = try cli.must(["meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00"])
    #expect(list.output.contains("Rapat Koordinasi Bulanan"))
    #expect(!list.output.contains("Rapat Pleno"))

    let first = try cli.object([
      "meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00", "--invite",
    ])
    #expect(first["delivered"] as? Int == 3)
    #expect(first["sentBefore"] as? Int == 0)
    #expect(first["fileOutbox"] as? Bool == true)
    let messages = try CalendarPython.messages(cli.outboxFiles)
    #expect(messages.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      messages.allSatisfy {
        $0.method == "REQUEST" && $0.event?.summary == "Rapat Koordinasi Bulanan"
      })

    let second = try cli.must([
      "meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00", "--invite",
    ])
    #expect(second.output.contains("Nothing new to send: 3 invitations already sent before."))
    #expect(cli.outboxFiles.count == 3)
    // Nor does `meeting invite` send them twice.
    let invite = try cli.must(["meeting", "invite", "1"])
    #expect(invite.output.contains("Nothing new to send"))
    #expect(cli.outboxFiles.count == 3)

    // Later, the plenary comes into the window: only its one invitation goes out.
    let later = try cli.object([
      "meeting", "upcoming", "--within", "14d", "--now", "2027-02-05T08:00", "--invite",
    ])
    #expect(later["delivered"] as? Int == 1)
    #expect(
      try CalendarPython.messages(cli.outboxFiles(after: 3)).map(\.subject) == [
        "Undangan: Rapat Pleno — Senin, 15 Februari 2027"
      ])
    let empty = try cli.must([
      "meeting", "upcoming", "--within", "14d", "--now", "2027-06-01T08:00",
    ])
    #expect(empty.output.contains("Nothing in the next 14d."))
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

/// The built `pokja` binary cancelling one occurrence through a real SMTP server (aiosmtpd with
/// STARTTLS and AUTH), read back with Python's `email` and `icalendar`.
@Suite struct SeriesEndToEndSMTPTests {
  @Test func aCancelledOccurrenceReachesTheServerAsACancelForThatOccurrence() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = [
      "HOME": home.path, "POKJA_HOME": home.path, "POKJA_SMTP_URL": server.smtpURL,
      "POKJA_SMTP_PASSWORD": server.password, "POKJA_SMTP_CA_FILE": server.caFile ?? "",
      "POKJA_MAIL_FROM": "Sekretariat Pokja <sekretariat@pokja.example>",
    ]
    let steps: [[String]] = [
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", "dewi@example.org"],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
      ],
      [
        "meeting", "add", "--title", "Rapat Koordinasi Bulanan", "--start", "2027-01-04T10:00",
        "--duration", "2h", "--every", "first monday of the month", "--count", "4", "--attendee",
        "dewi@example.org", "--attendee", "hannah@kpi.example",
      ],
    ]
    for step in steps {
      let run = try PokjaBinary.run(step, environment)
      guard run.status == 0 else {
        throw TestSupportError("pokja \(step.joined(separator: " ")) failed: \(run.errors)")
      }
    }
    let cancel = try PokjaBinary.run(
      ["meeting", "cancel", "1", "--occurrence", "2027-03-01"], environment)
    #expect(cancel.status == 0, "\(cancel.errors)")
    #expect(cancel.output.contains("Messages: 2 sent"))
    #expect(cancel.output.contains("via smtp://127.0.0.1:\(server.port)"))
    let received = try server.receivedMessages()
    #expect(received.count == 2)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })
    #expect(received.map(\.rcptTos) == [["dewi@example.org"], ["hannah@kpi.example"]])
    #expect(received.allSatisfy { $0.mailFrom == "sekretariat@pokja.example" })

    let messages = try CalendarPython.messages(received.map(\.file))
    #expect(
      messages.map(\.subject) == [
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
        "Cancelled: Rapat Koordinasi Bulanan — Monday, 1 March 2027",
      ])
    for message in messages {
      #expect(message.defects.isEmpty)
      #expect(message.method == "CANCEL")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.recurrenceID == "2027-03-01T10:00:00")
      #expect(event.tzid == "Asia/Jakarta")
      #expect(event.status == "CANCELLED")
      #expect(event.sequence == 1)
      #expect(event.attendees == ["dewi@example.org", "hannah@kpi.example"])
    }
    let parsed = try PythonTool.parseMail(received[0].data)
    #expect(parsed.calendar?.organizer?.address.lowercased() == "mailto:sekretariat@pokja.example")
    #expect(
      parsed.parts.contains { $0.contentType == "text/calendar" && $0.params["method"] == "CANCEL" }
    )

    // Nothing goes out twice, and the occurrence is gone.
    let show = try PokjaBinary.run(["meeting", "show", "1", "--json"], environment)
    #expect(show.status == 0)
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
    #expect(
      try record.value("occurrences", as: [[String: Any]].self).map { $0["start"] as? String } == [
        "2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00", "2027-04-05T10:00:00+07:00",
      ])
    #expect(
      try record.value("recurrence", as: [String: Any].self)["exdates"] as? [String] == [
        "2027-03-01T10:00:00+07:00"
      ])
    let again = try PokjaBinary.run(
      ["meeting", "cancel", "1", "--occurrence", "2027-03-01"], environment)
    #expect(again.status == 65)
    #expect(try server.receivedMessages().count == 2)
  }
}
