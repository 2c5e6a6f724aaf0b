import Foundation
import PokjaTestSupport
import Testing

/// Runs the built `pokja` binary, as a user would, against a real SMTP server (aiosmtpd on 127.0.0.1
/// with STARTTLS and AUTH), and reads what the server received with Python's `email` and `icalendar`.
@Suite(.serialized) struct EndToEndSMTPTests {
  /// A database with two contacts (Indonesian and English) and a plenary with a non-ASCII title.
  static func seed(_ environment: [String: String]) throws {
    let steps: [[String]] = [
      ["init"],
      ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"],
      [
        "contact", "add", "--name", "Désirée Kusuma", "--org", "Kemensos", "--email",
        "desiree@kemensos.example",
      ],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
      ],
      ["room", "add", "--name", "Ruang Rapat Lt 7", "--location", "Gedung Kemensos, lantai 7"],
      [
        "--db", environment["POKJA_HOME"]! + "/pokja.sqlite", "meeting", "add",
        "--title", "Rapat Pleno — Pertemuan Nasional Gugus Tugas", "--start", "2026-12-07T10:00",
        "--duration", "3h", "--room", "Ruang Rapat Lt 7", "--attendee", "desiree@kemensos.example",
        "--attendee", "2", "--remind", "1d",
      ],
    ]
    try PokjaBinary.runSteps(steps, environment)
  }

  @Test func invitationsReachARealSMTPServerAsMeetingRequests() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    try Self.seed(environment)

    let invite = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(invite.status == 0, "\(invite.errors)")
    #expect(invite.output.contains("2 sent"))
    #expect(invite.output.contains("via smtp://127.0.0.1:\(server.port)"))
    let received = try server.receivedMessages()
    #expect(received.count == 2)
    #expect(server.connectionCount == 1)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })
    #expect(received.map(\.rcptTos) == [["desiree@kemensos.example"], ["hannah@kpi.example"]])

    let indonesian = try PythonTool.parseMail(received[0].data)
    #expect(indonesian.defects.isEmpty)
    #expect(
      indonesian.subject
        == "Undangan: Rapat Pleno — Pertemuan Nasional Gugus Tugas — Senin, 7 Desember 2026")
    #expect(indonesian.to == "Désirée Kusuma <desiree@kemensos.example>")
    #expect(indonesian.textPlain?.hasPrefix("Yth. Bapak/Ibu Désirée Kusuma,") == true)
    let calendar = try #require(indonesian.calendar)
    #expect(calendar.method == "REQUEST")
    #expect(calendar.organizer?.address.lowercased() == "mailto:sekretariat@pokja.example")
    #expect(calendar.attendees.count == 2)
    #expect(calendar.attendees.allSatisfy { $0.rsvp == "TRUE" && $0.partstat == "NEEDS-ACTION" })
    #expect(calendar.tzids == ["Asia/Jakarta"])
    #expect(calendar.dtstartUTC == "2026-12-07T03:00:00Z")
    #expect(calendar.location == "Ruang Rapat Lt 7, Gedung Kemensos, lantai 7")
    let english = try PythonTool.parseMail(received[1].data)
    #expect(
      english.subject
        == "Invitation: Rapat Pleno — Pertemuan Nasional Gugus Tugas — Monday, 7 December 2026")

    // Again: nothing new goes out.
    let again = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(again.status == 0)
    #expect(try server.receivedMessages().count == 2)

    // The reminder goes through the same server once.
    let remind = try PokjaBinary.run(["remind", "--due", "--now", "2026-12-06T12:00"], environment)
    #expect(remind.status == 0, "\(remind.errors)")
    _ = try PokjaBinary.run(["remind", "--due", "--now", "2026-12-06T12:05"], environment)
    #expect(try server.receivedMessages().count == 4)
  }

  @Test func aWrongPasswordFailsClearlyKeepsTheMessagesAndNeverShowsThePassword() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let wrong = "not-the-Passw0rd-\(UUID().uuidString.prefix(6))"
    var environment = [
      "HOME": home.path, "POKJA_HOME": home.path, "POKJA_SMTP_URL": server.smtpURL,
      "POKJA_SMTP_PASSWORD": wrong, "POKJA_SMTP_CA_FILE": server.caFile ?? "",
      "POKJA_MAIL_FROM": "sekretariat@pokja.example",
    ]
    try Self.seed(environment)
    let refused = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(refused.status == 69)
    #expect(refused.errors.contains("POKJA_SMTP_PASSWORD"), "\(refused.errors)")
    #expect(!refused.errors.contains(wrong) && !refused.output.contains(wrong))
    #expect(try server.receivedMessages().isEmpty)
    let database = try String(
      decoding: Data(contentsOf: home.appendingPathComponent("pokja.sqlite")), as: UTF8.self)
    #expect(!database.contains(wrong))

    // Fixed: the queued invitations go out, once.
    environment["POKJA_SMTP_PASSWORD"] = server.password
    let fixed = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(fixed.status == 0, "\(fixed.errors)")
    #expect(try server.receivedMessages().count == 2)
  }

  @Test func anUnreachableServerExitsUnavailableAndKeepsTheMessages() throws {
    let home = try PokjaBinary.home()
    let port = try SMTPTestServer.unusedPort()
    let environment = [
      "HOME": home.path, "POKJA_HOME": home.path,
      "POKJA_SMTP_URL": "smtp://pokja@127.0.0.1:\(port)",
      "POKJA_MAIL_FROM": "sekretariat@pokja.example",
    ]
    try Self.seed(environment)
    let run = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(run.status == 69)
    #expect(run.errors.contains("127.0.0.1:\(port)"), "\(run.errors)")
    #expect(run.errors.contains("kept in the outbox, tried again from"))
    let show = try PokjaBinary.run(["meeting", "show", "1", "--json"], environment)
    #expect(show.status == 0)
  }
}
