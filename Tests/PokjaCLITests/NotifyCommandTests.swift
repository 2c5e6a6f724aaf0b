import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// `pokja notify templates|preview`, template overrides from `$POKJA_HOME/templates`, `--dry-run` on
/// every sending command, and opt-out.
@Suite struct NotifyCommandTests {
  private func harness() throws -> (CLIHarness, RecordingTransport, Int) {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    let meeting = try cli.seedPlenary()
    return (cli, transport, meeting)
  }

  private func write(_ text: String, to name: String, in cli: CLIHarness) throws {
    let folder = cli.home.appendingPathComponent("templates", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  private func outbox(_ cli: CLIHarness) throws -> [[String: Any]] {
    try cli.json("outbox", "list") as! [[String: Any]]
  }

  @Test func templatesAreListedDumpedAndOverridden() throws {
    let (cli, transport, meeting) = try harness()
    let listed = try cli.json("notify", "templates") as! [String: Any]
    #expect(listed["folder"] as? String == cli.home.appendingPathComponent("templates").path)
    let entries = try #require(listed["templates"] as? [[String: Any]])
    #expect(entries.count == 56)
    #expect(entries.allSatisfy { $0["overridden"] as? Bool == false })

    let dump = cli.home.appendingPathComponent("start").path
    #expect(cli.run("notify", "templates", "--dump", dump).status == 0)
    let dumped = try FileManager.default.contentsOfDirectory(atPath: dump)
    #expect(dumped.contains("invitation.subject.id.mustache") && dumped.count == 56)
    #expect(cli.run("notify", "templates", "--dump", dump).status != 0)

    try write(
      "Undangan resmi: {{title}} ({{organisation}})", to: "invitation.subject.id.mustache", in: cli)
    try write("typo", to: "invitaton.subject.en.mustache", in: cli)
    let text = cli.run("notify", "templates")
    #expect(text.output.contains("invitation.subject.id  overridden:"))
    #expect(text.errors.contains("invitaton.subject.en.mustache"))
    #expect(text.errors.contains("did you mean invitation.subject.en.mustache"))

    #expect(cli.run("meeting", "invite", String(meeting)).status == 0)
    let subjects = Set(transport.delivered.map(\.subject))
    #expect(subjects.contains("Undangan resmi: Rapat Pleno Tim Pokja (Kementerian Sosial)"))
    #expect(subjects.contains { $0.hasPrefix("Invitation: Rapat Pleno Tim Pokja") })
  }

  @Test func aBrokenTemplateIsAConfigurationErrorAndNothingIsQueuedOrChanged() throws {
    let (cli, transport, meeting) = try harness()
    try write(
      "Yth. {{name}}\n{{#title}}Rapat{{/titel}}\n", to: "invitation.text.id.mustache", in: cli)
    let invite = cli.run("meeting", "invite", String(meeting))
    #expect(invite.status == 78)
    #expect(invite.errors.contains("invitation.text.id.mustache, line 2"))
    #expect(invite.errors.contains("{{/titel}}"))
    #expect(try outbox(cli).isEmpty)
    #expect(transport.delivered.isEmpty)

    try FileManager.default.removeItem(
      at: cli.home.appendingPathComponent("templates/invitation.text.id.mustache"))
    try write("Perubahan {{title", to: "update.subject.en.mustache", in: cli)
    let edit = cli.run("meeting", "edit", String(meeting), "--start", "11:00")
    #expect(edit.status == 78)
    #expect(edit.errors.contains("update.subject.en.mustache, line 1"))
    let shown = try cli.json("meeting", "show", String(meeting)) as! [String: Any]
    #expect(shown["sequence"] as? Int == 0)
    #expect(try outbox(cli).isEmpty)
    #expect(cli.run("notify", "templates").status == 78)
  }

  @Test func previewRendersWhatWouldBeSentWithoutQueuing() throws {
    let (cli, transport, meeting) = try harness()
    let id = String(meeting)
    let subject = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "hannah@kpi.example", "--kind", "reminder",
      "--part", "subject")
    #expect(subject.status == 0)
    #expect(subject.output.hasPrefix("Reminder: Rapat Pleno Tim Pokja — Monday, 7 December 2026"))
    let indonesian = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "hannah@kpi.example", "--kind", "cancel",
      "--lang", "id", "--part", "text")
    #expect(indonesian.output.contains("Yth. Bapak/Ibu Hannah de Vries"))
    #expect(indonesian.output.contains("dibatalkan"))
    let raw = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "Wulan", "--kind", "invite", "--part",
      "raw")
    #expect(raw.output.contains("METHOD:REQUEST") && raw.output.contains("Subject: "))
    let update =
      try cli.json(
        "notify", "preview", "--meeting", id, "--contact", "wulan@kemensos.example", "--kind",
        "update") as! [String: Any]
    #expect((update["subject"] as? String)?.hasPrefix("Perubahan: Rapat Pleno Tim Pokja") == true)
    #expect((update["raw"] as? String)?.contains("SEQUENCE:1") == true)
    let stranger = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "nobody@x.example", "--kind", "invite")
    #expect(stranger.status == 64)

    try write("Sebentar lagi: {{title}}", to: "reminder.subject.id.mustache", in: cli)
    let overridden = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "wulan@kemensos.example", "--kind",
      "reminder", "--part", "subject")
    #expect(overridden.output.hasPrefix("Sebentar lagi: Rapat Pleno Tim Pokja"))
    #expect(try outbox(cli).isEmpty)
    #expect(transport.delivered.isEmpty)
  }

  @Test func previewOfOneOccurrenceSaysSo() throws {
    let (cli, _, _) = try harness()
    let series =
      try cli.json(
        "meeting", "add", "--title", "Rapat Mingguan", "--start", "2027-01-04T09:00", "--duration",
        "1h", "--rrule", "FREQ=WEEKLY;COUNT=4", "--attendee", "hannah@kpi.example")
      as! [String: Any]
    let id = String(try #require(series["id"] as? Int))
    let cancel = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "hannah@kpi.example", "--kind", "cancel",
      "--occurrence", "2027-01-11", "--part", "text")
    #expect(cancel.status == 0)
    #expect(cancel.output.contains("the meeting on Monday, 11 January 2027 of the following"))
    let raw = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "hannah@kpi.example", "--kind", "cancel",
      "--occurrence", "2027-01-11", "--part", "raw")
    #expect(raw.output.contains("RECURRENCE-ID"))
    let invite = cli.run(
      "notify", "preview", "--meeting", id, "--contact", "hannah@kpi.example", "--kind", "invite",
      "--occurrence", "2027-01-11")
    #expect(invite.status == 64)
  }

  @Test func dryRunsSayWhoWouldGetWhatAndChangeNothing() throws {
    let (cli, transport, meeting) = try harness()
    let id = String(meeting)
    let invite = try cli.json("meeting", "invite", id, "--dry-run") as! [[String: Any]]
    #expect(
      Set(invite.compactMap { $0["recipient"] as? String }) == [
        "wulan@kemensos.example", "hannah@kpi.example",
      ])
    #expect(invite.allSatisfy { $0["kind"] as? String == "invitation" && $0["dueAt"] != nil })
    #expect(invite.allSatisfy { ($0["subject"] as? String)?.isEmpty == false })
    let text = cli.run("meeting", "invite", id, "--dry-run")
    #expect(text.status == 0)
    #expect(text.output.contains("Dry run: 2 messages would be sent now"))
    #expect(text.output.contains("now  invitation  hannah@kpi.example  Invitation: Rapat Pleno"))

    let upcoming =
      try cli.json(
        "meeting", "upcoming", "--invite", "--now", "2026-12-01T08:00", "--within", "14d",
        "--dry-run") as! [[String: Any]]
    #expect(upcoming.count == 2)

    let edit =
      try cli.json("meeting", "edit", id, "--start", "11:00", "--dry-run") as! [[String: Any]]
    #expect(edit.count == 2 && edit.allSatisfy { $0["kind"] as? String == "update" })
    let cancel = try cli.json("meeting", "cancel", id, "--dry-run") as! [[String: Any]]
    #expect(cancel.count == 2 && cancel.allSatisfy { $0["kind"] as? String == "cancellation" })
    let shown = try cli.json("meeting", "show", id) as! [String: Any]
    #expect(shown["sequence"] as? Int == 0)
    #expect(shown["status"] as? String == "confirmed")
    #expect((shown["start"] as? String)?.hasPrefix("2026-12-07T10:00") == true)

    let remind =
      try cli.json("remind", "--due", "--now", "2026-12-06T10:30", "--dry-run")
      as! [[String: Any]]
    #expect(remind.count == 2 && remind.allSatisfy { $0["kind"] as? String == "reminder" })
    #expect(try outbox(cli).isEmpty)
    #expect(transport.delivered.isEmpty)

    // A failed invitation waits for its retry: `outbox send --dry-run` says when.
    transport.fail(
      with: DeliveryFailure(.temporary, .serverBusy, "Cannot connect to mail.example.org:587"))
    #expect(cli.run("meeting", "invite", id).status == 75)
    transport.fail(with: nil)
    let pending = try cli.json("outbox", "send", "--dry-run") as! [[String: Any]]
    #expect(pending.count == 2)
    let queued = try outbox(cli)
    #expect(queued.allSatisfy { $0["state"] as? String == "queued" && $0["attempts"] as? Int == 1 })
    let nextAttempts = Set(queued.compactMap { $0["nextAttemptAt"] as? String })
    #expect(Set(pending.compactMap { $0["dueAt"] as? String }).count == nextAttempts.count)
    #expect(transport.delivered.isEmpty)
  }

  @Test func optingOutIsRespectedAndCounted() throws {
    let (cli, transport, meeting) = try harness()
    #expect(cli.run("contact", "edit", "hannah@kpi.example", "--opt-out").status == 0)
    let shown = try cli.json("contact", "show", "hannah@kpi.example") as! [String: Any]
    #expect(shown["doNotContact"] as? Bool == true)
    let invite = cli.run("meeting", "invite", String(meeting))
    #expect(invite.status == 0)
    #expect(invite.output.contains("1 skipped: opted out (do not contact)."))
    #expect(transport.delivered.map(\.destination.description) == ["wulan@kemensos.example"])
    let remind = try cli.json("remind", "--due", "--now", "2026-12-06T10:30") as! [String: Any]
    #expect(remind["skippedOptedOut"] as? Int == 1)
    #expect(cli.run("contact", "edit", "hannah@kpi.example", "--opt-in").status == 0)
    #expect(cli.run("contact", "edit", "hannah@kpi.example", "--opt-in", "--opt-out").status == 64)
    let again = cli.run("meeting", "invite", String(meeting))
    #expect(transport.delivered.map(\.destination.description).contains("hannah@kpi.example"))
    #expect(!again.output.contains("skipped"))
  }
}
