import Foundation
import GRDB
import PokjaCore
import PokjaTestSupport
import Testing

/// `pokja inbox` against a real Dovecot (`IMAPTestServer`): the clients' reply fixtures are
/// delivered to its Maildir, read through libcurl, recorded and filed.
@Suite("pokja inbox against Dovecot", .serialized)
struct InboxCommandTests {
  static let fixtures = [
    "outlook-reply.eml", "gmail-reply.eml", "thunderbird-reply.eml", "apple-reply.eml",
    "exchange-counter.eml",
  ]

  /// A harness on the SQLite file reading `server`'s INBOX, with the fixtures' people as contacts
  /// and their meetings: the plenary `rapat-pleno-2026@pokja.example` (SEQUENCE 2) and the weekly
  /// series `rapat-mingguan-2026@pokja.example`, as the fixtures answer them.
  static func harness(_ server: IMAPTestServer, extra: [String: String] = [:]) throws -> CLIHarness
  {
    let cli = try CLIHarness(
      extra: [
        "POKJA_IMAP_URL": server.imapURL, "POKJA_IMAP_PASSWORD": server.password,
        "POKJA_IMAP_CA_FILE": server.caFile,
      ].merging(extra) { $1 }, onFile: true)
    try cli.must(["init"])
    for (name, email) in [
      ("Rizky Pratama", "rizky@icloud.example"), ("Wulan Sari", "wulan.sari@gmail.com"),
      ("Budi Santoso", "budi.santoso@contoso.example"),
      ("Andi Wijaya", "andi.wijaya@kementerian.example"),
      ("Désirée Wulandari", "desiree@example.org"),
    ] {
      try cli.must(["contact", "add", "--name", name, "--email", email])
    }
    try cli.must([
      "meeting", "add", "--title", "Rapat Pleno", "--start", "2026-12-07T10:00", "--duration",
      "3h", "--attendee", "rizky@icloud.example", "--attendee", "wulan.sari@gmail.com",
      "--attendee", "budi.santoso@contoso.example", "--attendee",
      "andi.wijaya@kementerian.example",
    ])
    try cli.must([
      "meeting", "add", "--title", "Rapat Mingguan", "--start", "2026-12-01T09:00", "--duration",
      "1h", "--rrule", "FREQ=WEEKLY;COUNT=10", "--attendee", "desiree@example.org",
    ])
    // The fixtures were written against these UIDs and versions.
    try DatabaseQueue(path: cli.home.appendingPathComponent("pokja.sqlite").path).write { db in
      try db.execute(
        sql: "UPDATE meeting SET uid = 'rapat-pleno-2026@pokja.example', sequence = 2 WHERE id = 1")
      try db.execute(
        sql:
          "UPDATE meeting SET uid = 'rapat-mingguan-2026@pokja.example', sequence = 1 WHERE id = 2")
    }
    return cli
  }

  static func fixture(_ name: String) throws -> Data {
    try Data(
      contentsOf: try RepositoryRoot.url().appendingPathComponent("Tests/Fixtures/mail/\(name)"))
  }

  static func participation(_ cli: CLIHarness, meeting: String) throws -> [String: String] {
    let object = try cli.object(["meeting", "show", meeting])
    let attendees = try object.value("attendees", as: [[String: Any]].self)
    return Dictionary(
      uniqueKeysWithValues: attendees.map {
        ($0["email"] as! String, $0["participation"] as! String)
      })
  }

  @Test func eachClientsReplyIsRecordedAndFiledAndTheRestIsLeftAlone() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    let cli = try Self.harness(server)
    for name in Self.fixtures { try server.deliver(try Self.fixture(name)) }
    try server.deliver(Data(ReplyMail.plain().utf8))
    try server.deliver(
      Data(
        ReplyMail.reply(
          uid: "rapat-pleno-2026@pokja.example", attendee: "rizky@icloud.example",
          partstat: "PERHAPS", sequence: 2
        ).utf8))

    let fetch = cli.run("inbox", "fetch")
    // One calendar could not be read: reported with its UID, exit 65, the rest done.
    #expect(fetch.status == 65, "\(fetch.errors)")
    #expect(fetch.output.contains("Read 7 unread messages in imap://pokja-test@127.0.0.1:"))
    #expect(fetch.output.contains("  Answers recorded: 4 (4 changed)\n"))
    #expect(fetch.output.contains("  Proposals of another time: 1\n"))
    #expect(fetch.output.contains("  Other mail, left unread: 1\n"))
    #expect(fetch.output.contains("  Unreadable calendars, left in place: 1\n"))
    #expect(fetch.errors.contains("PARTSTAT 'PERHAPS'"))

    let plenary = try Self.participation(cli, meeting: "1")
    #expect(plenary["rizky@icloud.example"] == "ACCEPTED")
    #expect(plenary["wulan.sari@gmail.com"] == "ACCEPTED")
    #expect(plenary["budi.santoso@contoso.example"] == "ACCEPTED")
    // Andi proposed another time: nothing applied.
    #expect(plenary["andi.wijaya@kementerian.example"] == "NEEDS-ACTION")
    // Désirée accepted the occurrence of 8 December only.
    let weekly = try cli.object(["meeting", "show", "2"])
    let replies = try weekly.value("replies", as: [[String: Any]].self)
    #expect(replies.count == 1)
    #expect(replies.first?["recurrenceId"] as? String == "2026-12-08T09:00:00+07:00")
    #expect(replies.first?["participation"] as? String == "ACCEPTED")
    #expect(try Self.participation(cli, meeting: "2")["desiree@example.org"] == "NEEDS-ACTION")

    // Filed: read and moved; the plain mail and the broken one stay unread in the inbox.
    #expect(try server.folders().contains("Pokja-Diproses"))
    let done = try server.messages(in: "Pokja-Diproses")
    #expect(done.count == 5)
    #expect(done.allSatisfy { $0.isSeen })
    let inbox = try server.messages()
    #expect(inbox.count == 2)
    #expect(inbox.allSatisfy { !$0.isSeen })

    // What needs the secretary: the proposal and the broken calendar.
    let listed = try cli.objects(["inbox", "list"])
    #expect(Set(listed.map { $0["status"] as! String }) == ["counter", "malformed"])
    let counter = try #require(listed.first { $0["status"] as? String == "counter" })
    let item = try #require((counter["items"] as? [[String: Any]])?.first)
    #expect(item["meetingId"] as? Int == 1)
    #expect(item["proposedStart"] as? String == "2026-12-07T04:00:00Z")
    let malformed = try #require(listed.first { $0["status"] as? String == "malformed" })
    let brokenUID = try #require(malformed["uid"] as? Int)
    #expect(fetch.errors.contains("warning: message UID \(brokenUID) in imap://"))
    let table = cli.run("inbox", "list")
    #expect(table.output.contains("proposes"))
    #expect(table.output.contains("UID \(brokenUID)"))

    // Every entry, with its items, holds to the documented schema.
    let everything = try cli.must(["inbox", "list", "--all", "--json"]).output
    let invalid = try JSONSchemaTests.validate(everything, as: "inboxEntryList")
    #expect(invalid == nil, "\(invalid ?? "")")

    // The next run has nothing new and leaves the two unread messages alone.
    let quiet = try cli.must(["inbox", "fetch", "--json"]).output
    #expect(try JSONSchemaTests.validate(quiet, as: "inboxFetch") == nil)
    let again = cli.run("inbox", "fetch")
    #expect(again.status == 0, "\(again.errors)")
    #expect(again.output.contains("Read 2 unread messages"))
    #expect(again.output.contains("  Read before, left alone: 2\n"))
    #expect(!again.output.contains("Answers recorded"))
    #expect(try server.messages().count == 2)

    // Dismissed, the entries leave the list.
    let ids = listed.map { String($0["id"] as! Int) }
    #expect(cli.run(["inbox", "dismiss"] + ids).status == 0)
    #expect(cli.run("inbox", "list").output.contains("Nothing in the inbox needs you."))
  }

  @Test func aRunThatStopsBeforeFilingIsFinishedByTheNextWithoutCountingTwice() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    let cli = try Self.harness(server)
    try cli.must(["channel", "add", "grup", "--webhook", "https://hooks.example/pokja"])
    try server.deliver(try Self.fixture("gmail-reply.eml"))
    // A done folder the server refuses to create (a name beginning with ~) stops the run after the reply was recorded.
    try Data("[imap]\ndone_folder = \"~Pokja-Diproses\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    let stopped = cli.run("inbox", "fetch")
    #expect(stopped.status != 0)
    #expect(stopped.errors.contains("~Pokja-Diproses"), "\(stopped.errors)")
    #expect(try Self.participation(cli, meeting: "1")["wulan.sari@gmail.com"] == "ACCEPTED")
    #expect(try server.messages().first?.isSeen == false)

    try Data("[imap]\ndone_folder = \"Pokja-Diproses\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    let finished = cli.run("inbox", "fetch")
    #expect(finished.status == 0, "\(finished.errors)")
    #expect(finished.output.contains("  Recorded before, filed now: 1\n"))
    #expect(try server.messages().isEmpty)
    #expect(try server.messages(in: "Pokja-Diproses").count == 1)
    let entries = try cli.objects(["inbox", "list", "--all"])
    #expect(entries.count == 1)
    // One reply.received event for the channel, not one per run.
    let hooks = try cli.objects(["outbox", "list"]).filter { $0["route"] as? String == "webhook" }
    #expect(hooks.count == 1)
  }

  @Test func aReplyNobodyMatchesGoesToTheUnmatchedFolderAndIsListed() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    let cli = try Self.harness(server)
    try server.deliver(
      Data(
        ReplyMail.reply(uid: "rapat-pleno-2026@pokja.example", attendee: "orang@asing.example")
          .utf8))
    // In Bahasa Indonesia, as a secretary with POKJA_LANG=id reads it.
    let fetch = cli.run("--lang", "id", "inbox", "fetch")
    #expect(fetch.status == 0, "\(fetch.errors)")
    #expect(fetch.output.contains("Dibaca 1 pesan belum dibaca di imap://"), "\(fetch.output)")
    #expect(fetch.output.contains("  Balasan tanpa padanan: 1\n"))
    #expect(try server.messages(in: "Pokja-Tidak-cocok").count == 1)
    let listed = try cli.objects(["inbox", "list"])
    #expect(listed.first?["status"] as? String == "unmatched")
    #expect((listed.first?["problem"] as? String)?.contains("orang@asing.example") == true)
  }

  @Test func withoutAMailboxTheCommandSaysHowToConfigureOne() throws {
    let cli = try CLIHarness()
    try cli.must(["init"])
    let result = cli.run("inbox", "fetch")
    #expect(result.status == 78)
    #expect(result.errors.contains("[imap] url"))
    #expect(result.errors.contains("POKJA_IMAP_PASSWORD"))
  }

  @Test func aWrongPasswordIsRefusedWithoutShowingIt() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    let cli = try Self.harness(server, extra: ["POKJA_IMAP_PASSWORD": "salah-sekali-123"])
    let result = cli.run("inbox", "fetch")
    #expect(result.status == 69, "\(result.errors)")
    #expect(!result.errors.contains("salah-sekali-123"))
    #expect(result.errors.contains("POKJA_IMAP_PASSWORD"))
  }

  @Test func doctorLogsInToTheMailboxAndNamesAWrongPassword() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    var cli = try Self.harness(server)
    try server.deliver(Data(ReplyMail.plain().utf8))
    func imapCheck() throws -> [String: Any] {
      let report =
        try JSONSerialization.jsonObject(
          with: Data(cli.run("doctor", "--json").output.utf8)) as? [String: Any]
      let checks = try #require(report?["checks"] as? [[String: Any]])
      return try #require(checks.first { $0["name"] as? String == "imap" })
    }
    let healthy = try imapCheck()
    #expect(healthy["status"] as? String == "ok", "\(healthy)")
    #expect((healthy["detail"] as? String)?.contains("1 message (1 unread)") == true, "\(healthy)")
    // The doctor only looks: the message is still unread and where it was.
    #expect(try server.messages().map(\.isSeen) == [false])

    cli.variables["POKJA_IMAP_PASSWORD"] = "bukan-sandinya"
    let wrong = try imapCheck()
    #expect(wrong["status"] as? String == "error")
    #expect((wrong["fix"] as? String)?.contains("POKJA_IMAP_PASSWORD") == true, "\(wrong)")
    #expect(cli.run("doctor").status == 69)
  }

  @Test func cronsInboxLineRunsAsCronWouldWithThePasswordFromAFile() throws {
    let server = try IMAPTestServer()
    defer { server.stop() }
    let setup = try PluginTests.setup()
    #expect(try setup.pokja(["init"]).status == 0)
    let passwordFile = setup.home.appendingPathComponent("imap-password")
    try Data((server.password + "\n").utf8).write(to: passwordFile)
    chmod(passwordFile.path, 0o600)
    try Data(
      """
      [imap]
      url = "\(server.imapURL)"
      password_file = "\(passwordFile.path)"
      ca_file = "\(server.caFile)"

      """.utf8
    ).write(to: setup.home.appendingPathComponent("config.toml"))
    let block = try setup.pokja(["cron", "--every", "5"])
    #expect(block.status == 0, "\(block.errors)")
    #expect(block.errors.isEmpty, "\(block.errors)")
    let line = try #require(
      block.output.split(separator: "\n").first { $0.contains("inbox fetch") }.map(String.init))
    #expect(line.hasPrefix("*/5 * * * * "))
    #expect(!block.output.contains(server.password))
    try server.deliver(Data(ReplyMail.plain().utf8))
    let command = String(line.split(separator: " ", maxSplits: 5)[5])
    let run = try PythonTool.runProcess(
      executable: "/bin/sh", arguments: ["-c", command],
      environment: [
        "HOME": setup.home.path, "LOGNAME": "pokja", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin",
      ])
    #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
    let log = try String(
      contentsOf: setup.home.appendingPathComponent("pokja.log"), encoding: .utf8)
    #expect(log.contains("Read 1 unread message in imap://"), "\(log)")
  }
}
