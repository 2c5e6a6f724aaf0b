import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// Reminder rules: default offsets from the config, who gets them (`--remind-to`), `--no-remind`.
@Suite struct ReminderRuleTests {
  /// Sets a line of the `[reminders]` table `pokja init` wrote (commented out there).
  func configure(_ cli: CLIHarness, _ key: String, _ line: String) throws {
    let config = cli.home.appendingPathComponent("config.toml")
    let current = try String(contentsOf: config, encoding: .utf8)
    let lines = current.components(separatedBy: "\n").map {
      $0.hasPrefix("# \(key) = ") ? line : $0
    }
    #expect(lines.contains(line))
    try lines.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
  }

  @Test func defaultOffsetsComeFromTheConfigAndRecipientsFromTheMeeting() throws {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    _ = try cli.seedPlenary()
    try configure(cli, "offsets", "offsets = [\"2h\", \"1d\"]")
    let added =
      try cli.json(
        "meeting", "add", "--title", "Rapat Kelompok", "--start", "2026-12-08T10:00", "--duration",
        "1h", "--attendee", "wulan@kemensos.example", "--attendee", "hannah@kpi.example",
        "--remind-to", "organiser") as! [String: Any]
    #expect(added["reminders"] as? [String] == ["1d", "2h"])
    #expect(added["remindTo"] as? String == "organiser")
    let quiet =
      try cli.json(
        "meeting", "add", "--title", "Tanpa pengingat", "--start", "2026-12-09T10:00", "--duration",
        "1h", "--no-remind") as! [String: Any]
    #expect(quiet["reminders"] as? [String] == [])
    let bad = cli.run(
      "meeting", "add", "--title", "X", "--start", "2026-12-08T15:00", "--duration", "1h",
      "--remind-to", "boss")
    #expect(bad.status == 64)
    #expect(bad.errors.contains("--remind-to: 'boss' is not one of all, not-declined, organiser"))

    // A day before meeting 2: only the secretariat is reminded.
    let run = cli.run("remind", "--due", "--now", "2026-12-07T10:30")
    #expect(run.status == 0, "\(run.errors)")
    let meeting2 = transport.delivered.filter { $0.meetingID == MeetingID(2) }
    #expect(meeting2.map(\.destination.description) == ["sekretariat@pokja.invalid"])
    #expect(meeting2.allSatisfy { $0.contactID == nil })

    // Everyone, declined or not, with --remind-to all.
    let all =
      try cli.json(
        "meeting", "add", "--title", "Semua", "--start", "2026-12-10T10:00", "--duration", "1h",
        "--attendee", "wulan@kemensos.example", "--attendee", "hannah@kpi.example", "--remind-to",
        "all", "--remind", "1d") as! [String: Any]
    let id = String(all["id"] as! Int)
    #expect(cli.run("rsvp", id, "hannah@kpi.example", "declined").status == 0)
    transport.reset()
    #expect(cli.run("remind", "--due", "--now", "2026-12-09T10:30").status == 0)
    #expect(
      Set(
        transport.delivered.filter { $0.meetingID == MeetingID(all["id"] as! Int64) }.map(
          \.destination.description))
        == ["wulan@kemensos.example", "hannah@kpi.example"])
  }

  /// `--remind-via webhook`: the reminder goes to the channels only, no mail to anyone.
  @Test func remindersCanGoToTheChannelsOnly() throws {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    _ = try cli.seedPlenary()
    let hooksOnly =
      try cli.json(
        "meeting", "add", "--title", "Piket", "--start", "2026-12-08T10:00", "--duration", "1h",
        "--attendee", "wulan@kemensos.example", "--remind", "1d", "--remind-via", "webhook")
      as! [String: Any]
    #expect(hooksOnly["remindVia"] as? String == "webhook")
    #expect(cli.run("remind", "--due", "--now", "2026-12-06T10:30").status == 0)
    #expect(cli.run("remind", "--due", "--now", "2026-12-07T10:30").status == 0)
    let id = MeetingID(hooksOnly["id"] as! Int64)
    #expect(transport.delivered.filter { $0.meetingID == id }.isEmpty)
    // The plenary (default: both) is reminded by mail as before.
    let plenary = transport.delivered.filter {
      $0.meetingID == MeetingID(1) && $0.kind == .reminder
    }
    #expect(plenary.count == 2)
    let wrong = cli.run(
      "meeting", "add", "--title", "X", "--start", "2026-12-09T10:00", "--duration", "1h",
      "--remind-via", "sms")
    #expect(wrong.status == 64)
    #expect(wrong.errors.contains("--remind-via: 'sms' is not one of email, webhook, both"))
  }

  @Test func wrongReminderSettingsAreNamed() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    try configure(cli, "offsets", "offsets = [\"soon\"]")
    let wrong = cli.run("meeting", "list")
    #expect(wrong.status == 78)
    #expect(wrong.errors.contains("reminders.offsets"))
    let cli2 = try CLIHarness()
    _ = cli2.run("init")
    try configure(cli2, "recipients", "recipients = \"everyone\"")
    #expect(cli2.run("meeting", "list").errors.contains("reminders.recipients"))
  }

  @Test func meetingEditChangesTheReminderRulesWithoutTellingAnyone() throws {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    _ = try cli.seedPlenary()
    let added =
      try cli.json(
        "meeting", "add", "--title", "Rapat Kelompok", "--start", "2026-12-08T10:00", "--duration",
        "1h", "--attendee", "wulan@kemensos.example", "--remind", "1d") as! [String: Any]
    let id = String(added["id"] as! Int)
    let sequence = added["sequence"] as? Int
    transport.reset()

    let edit = cli.run(
      "meeting", "edit", id, "--remind", "2h", "--remind", "30m", "--remind-to", "all",
      "--remind-via", "email")
    #expect(edit.status == 0, "\(edit.errors)")
    #expect(edit.output.contains("reminders 1d → 2h, 30m"), "\(edit.output)")
    #expect(edit.output.contains("reminders to not-declined → all"))
    #expect(edit.output.contains("reminders by both → email"))
    #expect(transport.delivered.isEmpty)  // nobody is told about reminder rules
    let shown = try cli.json("meeting", "show", id) as! [String: Any]
    #expect(shown["reminders"] as? [String] == ["2h", "30m"])
    #expect(shown["remindTo"] as? String == "all")
    #expect(shown["remindVia"] as? String == "email")
    #expect(shown["sequence"] as? Int == sequence)  // calendars need no update

    // The old offset is no longer due; the new one is.
    #expect(cli.run("remind", "--due", "--now", "2026-12-07T10:30").status == 0)
    #expect(transport.delivered.isEmpty)
    #expect(cli.run("remind", "--due", "--now", "2026-12-08T08:10").status == 0)
    #expect(transport.delivered.map(\.destination.description) == ["wulan@kemensos.example"])

    // With another change: one command, one update to the attendees, the rules changed too.
    transport.reset()
    let both = cli.run("meeting", "edit", id, "--title", "Rapat Kelompok Kerja", "--no-remind")
    #expect(both.status == 0, "\(both.errors)")
    #expect(transport.delivered.count == 1)
    #expect((try cli.json("meeting", "show", id) as! [String: Any])["reminders"] as? [String] == [])

    // Refused: both --remind and --no-remind; one occurrence; a bad choice. Nothing changed.
    let twice = cli.run("meeting", "edit", id, "--remind", "1h", "--no-remind")
    #expect(twice.status == 65)
    #expect(twice.errors.contains("not both"))
    let series =
      try cli.json(
        "meeting", "add", "--title", "Pleno", "--start", "2027-01-04T10:00", "--duration", "1h",
        "--every", "every monday", "--count", "4") as! [String: Any]
    let one = cli.run(
      "meeting", "edit", String(series["id"] as! Int), "--occurrence", "2027-01-11", "--remind",
      "1h")
    #expect(one.status == 65)
    #expect(one.errors.contains("whole series"))
    let bad = cli.run("meeting", "edit", id, "--remind-via", "pigeon")
    #expect(bad.status == 64)
    #expect(bad.errors.contains("--remind-via: 'pigeon' is not one of email, webhook, both"))
    #expect(cli.run("meeting", "edit", id).errors.contains("--remind-via"))
  }
}
