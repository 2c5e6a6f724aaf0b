import Foundation
import PokjaTestSupport
import Testing

/// The secretary's and the member's guides are run as written: every `pokja …` line of their code
/// blocks, in order, on one fresh database, must succeed. A guide that names a record it never
/// created, or an option that no longer exists, fails here.
@Suite struct GuideExamplesTests {
  /// The command lines of a guide's `sh` blocks: continuations joined, comments and redirections
  /// dropped, split into words as the shell would (quotes kept together).
  static func commands(in guide: String) throws -> [[String]] {
    let text = try String(
      contentsOf: try RepositoryRoot.url().appendingPathComponent("docs/\(guide)"), encoding: .utf8)
    var commands: [[String]] = []
    for block in text.components(separatedBy: "```sh\n").dropFirst() {
      let body = block.components(separatedBy: "```").first ?? ""
      for line in body.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n") {
        var words = Self.words(String(line))
        if let comment = words.firstIndex(where: { $0.hasPrefix("#") }) {
          words.removeSubrange(comment...)
        }
        if let redirect = words.firstIndex(of: ">") { words.removeSubrange(redirect...) }
        if !words.isEmpty { commands.append(words) }
      }
    }
    return commands
  }

  static func words(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character?
    var inWord = false
    for character in line {
      if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "\"" || character == "'" {
        quote = character
        inWord = true
      } else if character == " " {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words
  }

  @Test func theGuidesRunAsWritten() throws {
    // The secretariat's mailbox, where attendees' calendars send their answers.
    let mailServer = try IMAPTestServer()
    defer { mailServer.stop() }
    var cli = try CLIHarness(
      extra: [
        "LANG": "C.UTF-8", "POKJA_IMAP_URL": mailServer.imapURL,
        "POKJA_IMAP_PASSWORD": mailServer.password, "POKJA_IMAP_CA_FILE": mailServer.caFile,
      ])
    #expect(cli.run("init").status == 0)
    // The files the guide's commands read, as a secretary would have them.
    let home = cli.home
    try "Nama;Email;Instansi\nAni Wijaya;ani@example.org;Kemensos\n".write(
      to: home.appendingPathComponent("daftar-kontak.csv"), atomically: true, encoding: .utf8)
    try "BEGIN:VCARD\nVERSION:3.0\nFN:Dedi Kurnia\nEMAIL:dedi@example.org\nEND:VCARD\n".write(
      to: home.appendingPathComponent("dari-hp.vcf"), atomically: true, encoding: .utf8)
    try Data("%PDF-1.4 rancangan".utf8).write(
      to: home.appendingPathComponent("rancangan-rencana-kerja.pdf"))
    try Data("%PDF-1.4 kerangka acuan".utf8).write(
      to: home.appendingPathComponent("kerangka-acuan.pdf"))
    // The guide's `install` line for the example plugin.
    let plugin = home.appendingPathComponent("plugins/pokja-whatsapp-digest")
    try FileManager.default.copyItem(
      at: try RepositoryRoot.url().appendingPathComponent("scripts/plugins/pokja-whatsapp-digest"),
      to: plugin)
    // The built binary, from the folder the files are in, as a secretary at a shell would run it
    // (plugins call it back through POKJA_EXECUTABLE).
    let pokja = try PokjaBinary.url().path
    let shell = #"cd "$GUIDE_FOLDER" && exec "$GUIDE_POKJA" "$@""#

    var ran = 0
    var acceptedFromInbox: String?
    for guide in ["guide-secretary.md", "guide-member.md"] {
      for command in try Self.commands(in: guide) {
        if command.first == "export", let assignment = command.dropFirst().first {
          // The placeholder secret stands for a real one.
          let name = String(assignment.split(separator: "=").first ?? "")
          cli.variables[name] = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="
          continue
        }
        guard command.first == "pokja" else { continue }
        if command.dropFirst().prefix(2) == ["inbox", "fetch"] {
          // Before the guide reads the inbox, its first attendee presses Accept in their calendar.
          let meeting = try cli.object(["meeting", "show", "1"])
          let attendee = try #require(
            try meeting.value("attendees", as: [[String: Any]].self).first?["email"] as? String)
          try mailServer.deliver(
            Data(
              ReplyMail.reply(
                uid: try meeting.value("uid"), attendee: attendee,
                sequence: try meeting.value("sequence")
              ).utf8))
          acceptedFromInbox = attendee
        }
        var variables = cli.variables
        variables["GUIDE_FOLDER"] = home.path
        variables["GUIDE_POKJA"] = pokja
        let result = try PythonTool.runProcess(
          executable: "/bin/sh", arguments: ["-c", shell, "sh"] + command.dropFirst(),
          environment: variables)
        #expect(
          result.status == 0,
          "\(guide): \(command.joined(separator: " ")) → \(result.status): \(String(decoding: result.stderr, as: UTF8.self))"
        )
        ran += 1
      }
    }
    #expect(ran > 40)
    // The inbox loop of the secretary's guide: the answer read from the mailbox is on the meeting.
    let reader = try #require(acceptedFromInbox, "the guide never runs 'pokja inbox fetch'")
    let answers = try cli.object(["meeting", "show", "1"]).value(
      "attendees", as: [[String: Any]].self)
    #expect(
      answers.first { $0["email"] as? String == reader }?["participation"] as? String == "ACCEPTED")
  }
}
