import Foundation
import PokjaTestSupport
import Testing

/// `pokja doc` and documents in invitations, with the built binary: files kept once by SHA-256,
/// attached to every invitation through a real SMTP server (aiosmtpd with STARTTLS and AUTH) and
/// read back by Python's `email` (which also hashes them), linked instead with `--documents link`
/// and fetched from a running `pokja serve` by that link.
@Suite(.serialized) struct DocumentCommandTests {
  static let web = "https://pokja.example.go.id"

  struct Setup {
    let server: SMTPTestServer
    let home: URL
    let environment: [String: String]
    let agenda: Data
    let agendaPath: String
    let terms: Data
    let termsPath: String

    func pokja(_ arguments: String...) throws -> PokjaRun {
      try PokjaBinary.run(arguments, environment)
    }

    func json(_ arguments: String...) throws -> [[String: Any]] {
      let run = try PokjaBinary.run(arguments + ["--json"], environment)
      guard run.status == 0 else { throw TestSupportError("\(arguments): \(run.errors)") }
      return try #require(
        try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
    }
  }

  func setUp() throws -> Setup {
    let server = try SMTPTestServer()
    let home = try PokjaBinary.home()
    var environment = server.pokjaEnvironment(home: home)
    environment["POKJA_WEB_URL"] = Self.web
    // A 300 kB "PDF" of every byte value, and a short text with Indonesian in its name.
    let agenda = Data(
      (0..<300_000).map { (index: Int) -> UInt8 in
        UInt8(truncatingIfNeeded: index * 7 + index / 256)
      })
    let agendaPath = home.appendingPathComponent("agenda.pdf").path
    try agenda.write(to: URL(fileURLWithPath: agendaPath))
    let terms = Data("Kerangka acuan: Rapat Nasional Gugus Tugas.\n".utf8)
    let termsPath = home.appendingPathComponent("kerangka acuan.txt").path
    try terms.write(to: URL(fileURLWithPath: termsPath))
    try PokjaBinary.runSteps(
      [
        ["init"],
        ["contact", "add", "--name", "Wulan Sari", "--email", "wulan@kemensos.example"],
        [
          "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
          "en",
        ],
        [
          "meeting", "add", "--title", "Rapat Nasional", "--start", "2030-03-04T09:00",
          "--duration", "3h", "--attendee", "1", "--attendee", "2",
        ],
      ], environment)
    return Setup(
      server: server, home: home, environment: environment, agenda: agenda,
      agendaPath: agendaPath, terms: terms, termsPath: termsPath)
  }

  @Test func everyInvitationCarriesTheFilesWhichAreKeptOnce() throws {
    let setup = try setUp()
    defer { setup.server.stop() }
    let added = try setup.pokja("doc", "add", setup.agendaPath, setup.termsPath, "--meeting", "1")
    #expect(added.status == 0, "\(added.errors)")
    #expect(added.output.contains("Attached agenda.pdf (293 kB, sha256:"), "\(added.output)")
    // Again: nothing new.
    let again = try setup.pokja("doc", "add", setup.agendaPath, "--meeting", "1")
    #expect(again.output.contains("agenda.pdf is already attached to meeting 1."))
    let listed = try setup.json("doc", "list", "--meeting", "1")
    #expect(listed.map { $0["filename"] as? String } == ["agenda.pdf", "kerangka acuan.txt"])
    #expect(listed.first?["size"] as? Int == 300_000)
    #expect(listed.first?["contentType"] as? String == "application/pdf")
    let digest = try #require(listed.first?["digest"] as? String)

    let invite = try setup.pokja("meeting", "invite", "1")
    #expect(invite.status == 0, "\(invite.errors)")
    let received = try setup.server.receivedMessages()
    #expect(received.count == 2)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == setup.server.username })
    for message in received {
      let mail = try PythonTool.parseMail(message.data)
      #expect(mail.defects.isEmpty)
      let files = mail.parts.filter { $0.disposition == "attachment" }
      #expect(files.map(\.filename) == ["agenda.pdf", "kerangka acuan.txt"])
      // Python's hashlib over what arrived: the digest pokja keeps it by.
      #expect(files.first?.sha256 == digest)
      #expect(files.first?.size == 300_000)
      #expect(files.first?.contentType == "application/pdf")
      #expect(files.first?.transferEncoding == "base64")
      #expect(files.last?.size == setup.terms.count)
      #expect(mail.calendar?.method == "REQUEST")
    }
    let toWulan = try #require(
      try received.map { try PythonTool.parseMail($0.data) }.first {
        $0.toAddresses == ["wulan@kemensos.example"]
      })
    let wulanText = toWulan.textPlain?.replacingOccurrences(of: "\r\n", with: "\n") ?? ""
    #expect(wulanText.contains("Dokumen (terlampir):\n  - agenda.pdf (293 kB)"), "\(wulanText)")

    // The outbox keeps each message without the files: a few kB, not 400.
    let messages = try setup.json("outbox", "list")
    for message in messages {
      let id = try #require(message["id"] as? Int)
      let raw = try setup.pokja("outbox", "show", String(id), "--raw")
      #expect(raw.output.utf8.count > 400_000, "--raw shows the message as sent")
    }
    let stored = try PythonTool.runProcess(
      executable: try PythonTool.python3(),
      arguments: [
        "-c",
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select max(length(content)) from outbox_body').fetchone()[0], c.execute('select count(*) from document').fetchone()[0])",
        setup.home.appendingPathComponent("pokja.sqlite").path,
      ])
    let figures = String(decoding: stored.stdout, as: UTF8.self).split(separator: " ")
    #expect(Int(figures.first ?? "") ?? .max < 20_000, "\(figures)")
    #expect(figures.last?.trimmingCharacters(in: .whitespacesAndNewlines) == "2")

    // Sent again: nothing twice. A new file with --attach: everyone gets it once more.
    _ = try setup.pokja("meeting", "invite", "1")
    #expect(try setup.server.receivedMessages().count == 2)
    let minutes = setup.home.appendingPathComponent("notulen.txt")
    try Data("Notulen rapat persiapan.\n".utf8).write(to: minutes)
    let resend = try setup.pokja("meeting", "invite", "1", "--attach", minutes.path)
    #expect(resend.status == 0, "\(resend.errors)")
    #expect(try setup.server.receivedMessages().count == 4)
    _ = try setup.pokja("meeting", "invite", "1", "--attach", minutes.path)
    #expect(try setup.server.receivedMessages().count == 4, "the same file twice sends nothing")

    // Saved back, byte for byte; removed; a name that is not there.
    let copy = setup.home.appendingPathComponent("copy.pdf").path
    let saved = try setup.pokja("doc", "get", "agenda.pdf", "--meeting", "1", "--output", copy)
    #expect(saved.status == 0, "\(saved.errors)")
    #expect(FileManager.default.contents(atPath: copy) == setup.agenda)
    let overwrite = try setup.pokja("doc", "get", "agenda", "--meeting", "1", "--output", copy)
    #expect(overwrite.status == 65)
    #expect(overwrite.errors.contains("there are: agenda.pdf"), "\(overwrite.errors)")
    let removed = try setup.pokja("doc", "remove", "notulen.txt", "--meeting", "1")
    #expect(removed.status == 0, "\(removed.errors)")
    #expect(try setup.json("doc", "list").count == 2)
    let noTarget = try setup.pokja("doc", "list", "--meeting", "9")
    #expect(noTarget.status == 65)
    let neither = try setup.pokja("doc", "add", setup.agendaPath)
    #expect(neither.status == 64)
    #expect(neither.errors.contains("--meeting ID or --plan ID"), "\(neither.errors)")
  }

  @Test func linkedDocumentsOpenFromPokjaServe() throws {
    let setup = try setUp()
    defer { setup.server.stop() }
    #expect(try setup.pokja("doc", "add", setup.termsPath, "--meeting", "1").status == 0)
    let invite = try setup.pokja("meeting", "invite", "1", "--documents", "link")
    #expect(invite.status == 0, "\(invite.errors)")
    let mails = try setup.server.receivedMessages().map { try PythonTool.parseMail($0.data) }
    #expect(mails.count == 2)
    #expect(mails.allSatisfy { !$0.parts.contains { $0.disposition == "attachment" } })
    let text = try #require(
      mails.first { $0.toAddresses == ["hannah@kpi.example"] }?.textPlain?
        .replacingOccurrences(of: "\r\n", with: "\n"))
    #expect(text.contains("Documents:\n  - kerangka acuan.txt (44 B): \(Self.web)/documents/"))
    let link = try #require(
      text.components(separatedBy: "\n").first { $0.contains("/documents/") }?
        .split(separator: " ").last.map(String.init))
    let path = String(link.dropFirst(Self.web.count))
    #expect(path.contains("/kerangka%20acuan.txt?sig="), "\(path)")
    // Every invitee gets the same link: one per document, not per person.
    let other = try #require(
      mails.first { $0.toAddresses == ["wulan@kemensos.example"] }?.textPlain)
    #expect(other.contains(link))

    let serve = try ServeProcess(variables: setup.environment, home: setup.home)
    _ = try #require(serve.health, "pokja serve did not start: \(serve.log())")
    let file = try #require(serve.get(path))
    #expect(file.status == 200)
    #expect(file.body == String(decoding: setup.terms, as: UTF8.self))
    #expect(file.headers["content-type"] == "text/plain")
    #expect(
      file.headers["content-disposition"]
        == "attachment; filename=\"kerangka acuan.txt\"; filename*=UTF-8''kerangka%20acuan.txt")
    // A forged signature is no key: sign in first.
    let forged = try #require(serve.get(path.replacingOccurrences(of: "sig=", with: "sig=x")))
    #expect(forged.status == 303)
    // Removed from the meeting: the link is dead.
    #expect(try setup.pokja("doc", "remove", "kerangka acuan.txt", "--meeting", "1").status == 0)
    #expect(serve.get(path)?.status == 410)

    // Without [web] url there is nothing to link to.
    var local = setup.environment
    local["POKJA_WEB_URL"] = nil
    _ = try PokjaBinary.run(["doc", "add", setup.termsPath, "--meeting", "1"], local)
    let refused = try PokjaBinary.run(["meeting", "invite", "1", "--documents", "link"], local)
    #expect(refused.status == 65)
    #expect(refused.errors.contains("[web] url"), "\(refused.errors)")
  }
}
