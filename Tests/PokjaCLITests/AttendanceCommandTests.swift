import Foundation
import PokjaTestSupport
import Testing

/// `pokja attend` and `pokja attendance` with the built binary: the check-in code travels in the
/// invitation through a real SMTP server (aiosmtpd with STARTTLS and AUTH), Python's `email`
/// reads it back, and the desk checks people in with it; then the list, the sheet and the
/// statistics.
@Suite(.serialized) struct AttendanceCommandTests {
  @Test func theCodeInTheInvitationChecksItsHolderIn() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    // Yesterday's meeting: over, so the statistics count it.
    let yesterday = String(
      ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400)).prefix(10))
    try PokjaBinary.runSteps(
      [
        ["init"],
        [
          "org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--region",
          "DKI Jakarta",
        ],
        [
          "contact", "add", "--name", "Wulan Sari", "--org", "Kemensos", "--email",
          "wulan@kemensos.example",
        ],
        [
          "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
          "en",
        ],
        [
          "contact", "add", "--name", "Budi Santoso", "--org", "Kemensos", "--email",
          "budi@kemensos.example",
        ],
        [
          "meeting", "add", "--title", "Rapat Pleno", "--start", "\(yesterday)T10:00", "--duration",
          "2h", "--attendee", "1", "--attendee", "2", "--attendee", "3",
        ],
        ["meeting", "invite", "1"],
      ], environment)
    let received = try server.receivedMessages()
    #expect(received.count == 3)
    let english = try PythonTool.parseMail(received[1].data)
    let line = try #require(
      english.textPlain?.split(whereSeparator: \.isNewline).first {
        $0.hasPrefix("Check-in code at the door: ")
      })
    let code = String(line.dropFirst("Check-in code at the door: ".count))
    #expect(code.count == 9)
    let indonesian = try PythonTool.parseMail(received[0].data)
    #expect(indonesian.textPlain?.contains("Kode hadir di meja registrasi: ") == true)
    #expect(!(indonesian.textPlain?.contains(code) ?? true))

    func pokja(_ arguments: String...) throws -> PokjaRun {
      try PokjaBinary.run(arguments, environment)
    }
    let byCode = try pokja("attend", "1", "--code", code.lowercased(), "--late")
    #expect(byCode.status == 0, "\(byCode.errors)")
    #expect(byCode.output.contains("Checked in Hannah de Vries at meeting 1 'Rapat Pleno': late"))
    let again = try pokja("attend", "1", "hannah@kpi.example")
    #expect(again.output.contains("was checked in already"))
    let proxy = try pokja(
      "attend", "1", "budi@kemensos.example", "--by-proxy", "Sri Wahyuni", "--json")
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(proxy.output.utf8)) as? [String: Any])
    #expect(record["status"] as? String == "proxy")
    #expect(record["new"] as? Bool == true)
    let walkIn = try pokja(
      "attend", "1", "--walk-in", "Dedi Kurnia", "--email", "dedi@example.org", "--org", "Kemensos")
    #expect(walkIn.status == 0, "\(walkIn.errors)")
    #expect(walkIn.output.contains("Added Dedi Kurnia to the directory as contact 4."))
    let wrong = try pokja("attend", "1", "--code", "ZZZZ-ZZZZ")
    #expect(wrong.status == 65)
    #expect(wrong.errors.contains("No invitee of meeting 1 has the code 'ZZZZ-ZZZZ'"))

    let list = try pokja("attendance", "list", "1")
    #expect(list.output.contains("3 invited, 2 came (1 late, 1 by proxy), 1 walk-in, 1 no-show."))
    let sheet = try pokja("--lang", "id", "attendance", "sheet", "1")
    #expect(sheet.output.contains("<h1>Daftar hadir</h1>"))
    #expect(sheet.output.contains("diwakili: Sri Wahyuni"))
    #expect(!sheet.output.contains(code))

    let stats = try pokja("attendance", "stats", "--csv")
    #expect(
      stats.output
        == "Organisation,Meetings,Invited,Came,Walk-ins,Share\r\nKemensos,1,2,1,1,50%\r\n—,1,1,1,0,100%\r\n"
    )
    let never = try pokja("attendance", "stats", "--never")
    #expect(never.output.contains("Everyone invited came at least once."))
  }
}
