import Foundation
import PokjaTestSupport
import Testing

/// `meeting invite --attach`: files go with every invitation, read back by Python's `email`; a
/// missing or oversized file stops the command before anything is queued.
@Suite struct AttachmentTests {
  @Test func theAgendaGoesWithEveryInvitation() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let agenda = cli.home.appendingPathComponent("Rencana Kerja Pokja 2027.pdf")
    let bytes = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) })
    try bytes.write(to: agenda)
    let result = cli.run("meeting", "invite", String(id), "--attach", agenda.path)
    #expect(result.status == 0, "\(result.errors)")
    #expect(cli.outboxFiles.count == 2)
    for file in cli.outboxFiles {
      let parsed = try PythonTool.json(
        inline: """
          import email, email.policy, hashlib, json, sys
          message = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
          parts = [{"type": p.get_content_type(), "filename": p.get_filename(),
                    "sha256": hashlib.sha256(p.get_payload(decode=True) or b"").hexdigest()}
                   for p in message.iter_attachments()]
          print(json.dumps({"attachments": parts}))
          """, arguments: [file.path])
      let attachments = try #require(parsed["attachments"] as? [[String: Any]])
      let pdf = try #require(attachments.first { $0["type"] as? String == "application/pdf" })
      #expect(pdf["filename"] as? String == "Rencana Kerja Pokja 2027.pdf")
      #expect(pdf["sha256"] as? String == (try sha256(bytes)))
      // The calendar invitation is still there beside it.
      #expect(try String(contentsOf: file, encoding: .utf8).contains("METHOD:REQUEST"))
    }
  }

  /// Files attached after the invitation went out: everyone gets it again with them, once.
  @Test func attachingAfterTheInvitationSendsItAgainOnce() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    #expect(cli.run("meeting", "invite", String(id)).status == 0)
    #expect(cli.outboxFiles.count == 2)
    let agenda = cli.home.appendingPathComponent("agenda.pdf")
    try Data("%PDF-1.4 agenda".utf8).write(to: agenda)
    let attached = cli.run("meeting", "invite", String(id), "--attach", agenda.path)
    #expect(attached.status == 0, "\(attached.errors)")
    #expect(cli.outboxFiles.count == 4)
    let newest = try cli.outboxFiles.map { try String(contentsOf: $0, encoding: .utf8) }
      .filter { $0.contains("agenda.pdf") }
    #expect(newest.count == 2)
    let again = cli.run("meeting", "invite", String(id), "--attach", agenda.path)
    #expect(again.output.contains("Nothing new to send"), "\(again.output)")
    #expect(cli.outboxFiles.count == 4)
    // Another version of the file is news again.
    try Data("%PDF-1.4 agenda, revised".utf8).write(to: agenda)
    #expect(cli.run("meeting", "invite", String(id), "--attach", agenda.path).status == 0)
    #expect(cli.outboxFiles.count == 6)
    // The daily cron run knows everyone has this version: it sends nothing.
    let daily = cli.run("meeting", "upcoming", "--within", "3650d", "--invite")
    #expect(daily.status == 0, "\(daily.errors)")
    #expect(cli.outboxFiles.count == 6, "\(daily.output)")
  }

  /// The first invitation sent with files is the version's invitation: cron does not send another.
  @Test func aFirstInvitationWithFilesCountsAsTheInvitation() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let agenda = cli.home.appendingPathComponent("agenda.pdf")
    try Data("%PDF-1.4 agenda".utf8).write(to: agenda)
    #expect(cli.run("meeting", "invite", String(id), "--attach", agenda.path).status == 0)
    #expect(cli.outboxFiles.count == 2)
    #expect(cli.run("meeting", "upcoming", "--within", "3650d", "--invite").status == 0)
    #expect(cli.outboxFiles.count == 2)
  }

  @Test func aMissingOrOversizedFileQueuesNothing() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let missing = cli.run("meeting", "invite", String(id), "--attach", "/no/such/agenda.pdf")
    #expect(missing.status == 66)
    #expect(missing.errors.contains("--attach /no/such/agenda.pdf: no such file"))
    let big = cli.home.appendingPathComponent("video.mp4")
    _ = FileManager.default.createFile(atPath: big.path, contents: nil)
    let handle = try FileHandle(forWritingTo: big)
    try handle.truncate(atOffset: 16 * 1_048_576)
    try handle.close()
    let tooLarge = cli.run("meeting", "invite", String(id), "--attach", big.path)
    #expect(tooLarge.status == 65)
    #expect(tooLarge.errors.contains("at most 15 MB"))
    #expect(cli.outboxFiles.isEmpty)
    #expect(try (cli.json("outbox", "list") as! [Any]).isEmpty)
  }

  private func sha256(_ data: Data) throws -> String {
    let path = try PythonTool.temporaryFile(
      String(decoding: data.base64EncodedData(), as: UTF8.self), suffix: ".b64")
    let result = try PythonTool.json(
      inline:
        "import base64, hashlib, json, sys; print(json.dumps({'h': hashlib.sha256(base64.b64decode(open(sys.argv[1]).read())).hexdigest()}))",
      arguments: [path])
    return result["h"] as? String ?? ""
  }
}

/// Hostile values never become headers: a title, a name or a file name with a line break is refused
/// at input or encoded, never sent as a header of its own.
@Suite struct HeaderInjectionTests {
  @Test func lineBreaksInTitlesNamesAndFileNamesNeverMakeHeaders() throws {
    let cli = try CLIHarness()
    let id = try cli.seedPlenary()
    let title = cli.run(
      "meeting", "add", "--title", "Rapat\r\nBcc: evil@example.com", "--start", "2026-12-08T10:00",
      "--duration", "1h")
    #expect(title.status == 64)
    #expect(title.errors.contains("--title must be a single line"))
    let name = cli.run(
      "contact", "add", "--name", "Budi\nBcc: evil@example.com", "--email", "budi@example.org")
    #expect(name.status != 0)
    let odd = cli.home.appendingPathComponent("agenda\r\nBcc: evil@example.com.pdf")
    try Data("%PDF-1.4".utf8).write(to: odd)
    let result = cli.run("meeting", "invite", String(id), "--attach", odd.path)
    if result.status == 0 {
      for file in cli.outboxFiles {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("\r\nBcc:"))
        #expect(!text.contains("\nBcc:"))
      }
    } else {
      // Refused outright is as good: nothing queued.
      #expect(cli.outboxFiles.isEmpty)
    }
  }
}
