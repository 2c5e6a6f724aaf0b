import Foundation
import PokjaTestSupport
import Testing

/// `pokja plan` with the built binary: a kelompok with a coordinator, items, the overdue ones,
/// reminders to owners through a real SMTP server (aiosmtpd with STARTTLS and AUTH) read back with
/// Python's `email`, and the plan as a document.
@Suite(.serialized) struct WorkPlanCommandTests {
  @Test func ownersAreRemindedThroughTheMailServerAndThePlanIsADocument() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    let day = 86_400.0
    // Days as pokja counts them: in its default zone (WIB), whatever the hour in UTC.
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = Zones.jakarta
    formatter.formatOptions = [.withFullDate]
    func date(_ offset: Double) -> String {
      formatter.string(from: Date().addingTimeInterval(offset * day))
    }
    try PokjaBinary.runSteps(
      [
        ["init"],
        [
          "org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--kind",
          "ministry",
        ],
        ["org", "add", "--name", "LBH APIK", "--kind", "ngo"],
        [
          "contact", "add", "--name", "Wulan Sari", "--org", "Kemensos", "--role", "focal-point",
          "--email", "wulan@kemensos.example",
        ],
        [
          "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
          "en",
        ],
        ["group", "add", "pencegahan", "--contact", "1", "--contact", "2"],
        ["group", "edit", "pencegahan", "--kelompok", "2", "--coordinator", "hannah@kpi.example"],
        [
          "plan", "add", "--title", "Modul pelatihan", "--kelompok", "2", "--owner", "Kemensos",
          "--due", date(10),
        ],
        [
          "plan", "add", "--title", "Pemetaan layanan", "--kelompok", "2", "--owner", "LBH APIK",
          "--due", date(-3),
        ],
        ["plan", "add", "--title", "Laporan tahunan", "--owner", "Kemensos", "--due", date(100)],
      ], environment)
    func pokja(_ arguments: String...) throws -> PokjaRun {
      try PokjaBinary.run(arguments, environment)
    }

    let overdue = try pokja("plan", "list", "--kelompok", "2", "--overdue", "--json")
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(overdue.output.utf8)) as? [[String: Any]])
    #expect(items.map { $0["title"] as? String } == ["Pemetaan layanan"])
    #expect(items.first?["overdue"] as? Bool == true)
    #expect(items.first?["kelompok"] as? Int == 2)

    let remind = try pokja("plan", "remind")
    #expect(remind.status == 0, "\(remind.errors)")
    let received = try server.receivedMessages()
    #expect(received.count == 2)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })
    let mails = try received.map { try PythonTool.parseMail($0.data) }
    let toHannah = try #require(mails.first { $0.toAddresses == ["hannah@kpi.example"] })
    #expect(toHannah.defects.isEmpty)
    #expect(toHannah.subject?.hasPrefix("Reminder: \"Pemetaan layanan\" is due ") == true)
    #expect(toHannah.textPlain?.contains("days ago)") == true)
    let toWulan = try #require(mails.first { $0.toAddresses == ["wulan@kemensos.example"] })
    #expect(toWulan.subject?.hasPrefix("Pengingat: \"Modul pelatihan\" jatuh tempo ") == true)
    #expect(toWulan.textPlain?.contains("10 hari lagi") == true)
    // Daily from cron: nothing twice.
    _ = try pokja("plan", "remind")
    #expect(try server.receivedMessages().count == 2)

    let done = try pokja("plan", "edit", "2", "--status", "selesai")
    #expect(done.status == 0, "\(done.errors)")
    let html = try pokja("--lang", "id", "plan", "document", "--format", "html")
    #expect(html.output.contains("<h2>Kelompok 2: pencegahan</h2>"))
    #expect(html.output.contains("<h2>Tanpa kelompok</h2>"))
    #expect(!html.output.contains("Pemetaan layanan"))
    let all = try pokja("plan", "document", "--all")
    #expect(all.output.contains("| 2 | Pemetaan layanan | LBH APIK |"))
    let bad = try pokja("plan", "add", "--title", "x", "--due", "besok")
    #expect(bad.status == 64)
    #expect(bad.errors.contains("--due"))
  }
}
