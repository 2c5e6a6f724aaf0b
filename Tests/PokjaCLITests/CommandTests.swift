import Foundation
import PokjaCLI
import PokjaCore
import PokjaTestSupport
import Testing

@Suite struct CommandTests {
  @Test func initCreatesTheDatabaseAndACommentedConfigAndIsSafeToRepeat() throws {
    let cli = try CLIHarness(onFile: true)
    let first = cli.run("init")
    #expect(first.status == 0, "\(first.errors)")
    #expect(first.output.contains("Created database \(cli.home.path)/pokja.sqlite"))
    let config = try String(
      contentsOf: cli.home.appendingPathComponent("config.toml"), encoding: .utf8)
    #expect(config.contains("time_zone = \"Asia/Jakarta\""))
    #expect(config.contains("# url = \"smtp://"))
    let second = cli.run("init")
    #expect(second.status == 0)
    #expect(second.output.contains("Config kept"))
  }

  @Test func theDatabaseOptionWorksBeforeOrAfterTheSubcommand() throws {
    let cli = try CLIHarness()
    let path = cli.home.appendingPathComponent("elsewhere/db.sqlite").path
    #expect(cli.run("--db", path, "init").status == 0)
    #expect(cli.run("room", "add", "--name", "Ruang 3", "--db", path).status == 0)
    let before = cli.run("--db", path, "room", "list", "--json")
    let after = cli.run("room", "list", "--db=\(path)", "--json")
    #expect(before.status == 0 && after.status == 0)
    #expect(before.output == after.output)
    #expect(before.output.contains("Ruang 3"))
    // The default database (POKJA_HOME) was never created.
    #expect(cli.run("room", "list").status == 66)
  }

  @Test func addPrintsTheNewRecordAsJSONWithItsID() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    let org =
      try cli.json(
        "org", "add", "--name", "LBH APIK", "--kind", "NGO", "--phone", "(021) 8779 7289")
      as! [String: Any]
    #expect(org["id"] as? Int == 1)
    #expect(org["type"] as? String == "organisation")
    #expect(org["kind"] as? String == "ngo")
    #expect(org["phone"] as? String == "+622187797289")
    let contact =
      try cli.json(
        "contact", "add", "--name", "Désirée Kusuma", "--org", "LBH APIK", "--email",
        "desiree@lbhapik.example"
      ) as! [String: Any]
    #expect(contact["language"] as? String == "id")
    #expect((contact["organisation"] as? [String: Any])?["name"] as? String == "LBH APIK")
    let found = try cli.json("find", "desiree") as! [[String: Any]]
    #expect(found.map { $0["name"] as? String } == ["Désirée Kusuma"])
    #expect(found.first?["type"] as? String == "contact")
    let list = try cli.json("contact", "list") as! [[String: Any]]
    #expect(list.count == 1)
  }

  @Test func aMeetingIsScheduledShownListedAndExported() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let shown = try cli.json("meeting", "show", String(id)) as! [String: Any]
    #expect(shown["start"] as? String == "2026-12-07T10:00:00+07:00")
    #expect(shown["end"] as? String == "2026-12-07T13:00:00+07:00")
    #expect(shown["reminders"] as? [String] == ["1d", "2h"])
    #expect((shown["attendees"] as? [[String: Any]])?.count == 2)
    let listed = try cli.json("meeting", "list") as! [[String: Any]]
    #expect(listed.first?["attendeeCount"] as? Int == 2)
    let table = cli.run("meeting", "list")
    #expect(table.output.contains("2026-12-07 10:00–13:00 WIB"))
    let export = cli.run("meeting", "export", String(id))
    #expect(export.status == 0)
    #expect(export.output.hasPrefix("BEGIN:VCALENDAR\r\n"))
    #expect(export.output.hasSuffix("END:VCALENDAR\r\n"))
    #expect(export.output.contains("METHOD:PUBLISH\r\n"))
  }

  @Test func aMeetingOnAPublicHolidayIsPointedOut() throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    let added = cli.run(
      "meeting", "add", "--title", "Rapat", "--start", "2026-12-25T10:00", "--duration", "1h")
    #expect(added.status == 0)
    #expect(
      added.errors.contains(
        "warning: 2026-12-25 is a public holiday in Indonesia: Kelahiran Yesus Kristus (Natal)."))
    let shown = try cli.json("meeting", "show", "1") as! [String: Any]
    #expect((shown["holiday"] as? [String: Any])?["kind"] as? String == "national")
    // A newer data file in POKJA_HOME replaces the shipped one.
    try
      #"{"holidays": [{"date": "2026-12-28", "name": "Hari libur daerah", "kind": "collective-leave"}]}"#
      .write(
        to: cli.home.appendingPathComponent("holidays.json"), atomically: true, encoding: .utf8)
    let local = cli.run(
      "meeting", "add", "--title", "Rapat 2", "--start", "2026-12-28T10:00", "--duration", "1h")
    #expect(local.errors.contains("Hari libur daerah (cuti bersama)"))
  }

  @Test func aDoubleBookedRoomIsRefusedNamingTheOtherMeetingAndNothingIsStored() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let clash = cli.run(
      "meeting", "add", "--title", "Kelompok 1", "--start", "2026-12-07T12:00", "--duration", "1h",
      "--room", "Ruang Rapat Lt 7")
    #expect(clash.status == 65)
    #expect(clash.errors.contains("already booked by meeting \(id) 'Rapat Pleno Tim Pokja'"))
    #expect((try cli.json("meeting", "list") as! [Any]).count == 1)
  }

  @Test(
    arguments: [
      (["meeting", "show", "99"], 65, "No meeting '99'"),
      (
        ["meeting", "add", "--title", "X", "--start", "2026-12-07 25:00", "--duration", "1h"], 64,
        "--start: '2026-12-07 25:00' is not a date-time"
      ),
      (
        ["meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "two"], 64,
        "--duration: 'two' is not a duration"
      ),
      (
        ["meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--end", "09:00"], 65,
        "The end (2026-12-07 09:00 WIB) must come after the start (2026-12-07 10:00 WIB)"
      ),
      (
        [
          "meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "1h",
          "--tz", "Asia/Jakrta",
        ], 65, "--tz: 'Asia/Jakrta' is not a known time zone"
      ),
      (["meeting", "add", "--title", "X", "--start", "2026-12-07T10:00"], 64, "--duration"),
      (["contact", "add", "--name", "X", "--email", "not-an-address"], 64, "not an email address"),
      (
        [
          "meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "1h",
          "--attendee", "nobody@example.org",
        ], 65, "--attendee 'nobody@example.org': No contact 'nobody@example.org'"
      ),
      (["meeting", "invite", "42"], 65, "No meeting '42'"),
      (["remind"], 64, "--due"),
      (["remind", "--due", "--now", "yesterday"], 64, "--now: 'yesterday' is not a date-time"),
      (
        [
          "meeting", "add", "--title", "X", "--start", "2026-12-07T10:00", "--duration", "1h",
          "--remind", "1x",
        ], 64, "--remind: '1x' is not a duration"
      ),
      (["meeting", "frobnicate"], 64, "Unexpected argument 'frobnicate'"),
    ] as [([String], Int32, String)])
  func badInputGetsAClearMessageAndAUsageOrDataStatus(
    arguments: [String], status: Int32, message: String
  ) throws {
    let cli = try CLIHarness()
    _ = cli.run("init")
    let result = cli.run(arguments)
    #expect(result.status == status, "\(result.errors)")
    #expect(result.errors.contains(message), "\(result.errors)")
    #expect((try cli.json("meeting", "list") as! [Any]).isEmpty)
  }

  @Test func invitationsGoToTheFileOutboxOnceEach() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let first = cli.run("meeting", "invite", String(id))
    #expect(first.status == 0, "\(first.errors)")
    #expect(first.output.contains("2 sent"))
    #expect(first.output.contains("file outbox \(cli.home.path)/outbox"))
    #expect(cli.outboxFiles.count == 2)
    let again = cli.run("meeting", "invite", String(id))
    #expect(again.status == 0)
    #expect(again.output.contains("Nothing new to send: 2 invitations already sent before."))
    #expect(cli.outboxFiles.count == 2)
    let indonesian = try String(contentsOf: cli.outboxFiles[0], encoding: .utf8)
    #expect(indonesian.contains("To: Wulan Sari <wulan@kemensos.example>"))
    #expect(indonesian.contains("Content-Type: text/calendar"))
    #expect(indonesian.contains("method=REQUEST") || indonesian.contains("method=\"REQUEST\""))
  }

  @Test func messagesQueuedForAnSMTPServerAreNotWrittenToTheFileOutbox() throws {
    var cli = try CLIHarness(extra: ["POKJA_MAIL_FROM": "sekretariat@pokja.example"])
    let id = try cli.seedPlenary()
    cli.variables["POKJA_SMTP_URL"] = "smtp://pokja@127.0.0.1:\(try SMTPTestServer.unusedPort())"
    let failed = cli.run("meeting", "invite", String(id))
    // Unreachable: 69 (EX_UNAVAILABLE), the messages stay queued.
    #expect(failed.status == 69, "\(failed.errors)")
    cli.variables["POKJA_SMTP_URL"] = nil
    let withoutSMTP = cli.run("meeting", "invite", String(id))
    #expect(withoutSMTP.status == 75)
    #expect(
      withoutSMTP.errors.contains("2 invitations wait for an SMTP server"), "\(withoutSMTP.errors)")
    #expect(cli.outboxFiles.isEmpty)
  }

  @Test func remindersAreSentOnceWhenDueAndNotAfterTheStart() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let early = cli.run("remind", "--due", "--now", "2026-12-05T10:00")
    #expect(early.status == 0)
    #expect(early.output.contains("No reminders due"))
    let dayBefore = cli.run("remind", "--due", "--now", "2026-12-06T10:30+07:00")
    #expect(dayBefore.status == 0, "\(dayBefore.errors)")
    #expect(dayBefore.output.contains("2 sent"))
    let again = cli.run("remind", "--due", "--now", "2026-12-06T10:35")
    #expect(again.output.contains("Nothing new to send: 2 reminders already sent before."))
    let twoHours = cli.run("remind", "--due", "--now", "2026-12-07T08:05")
    #expect(twoHours.output.contains("Reminders: 2 sent —"))
    let started = cli.run("remind", "--due", "--now", "2026-12-07T10:01")
    #expect(started.output.contains("No reminders due"))
    #expect(cli.outboxFiles.filter { $0.lastPathComponent.contains("reminder") }.count == 4)
    _ = id
  }
}
