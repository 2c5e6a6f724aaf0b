import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// The built `pokja` binary cancelling one occurrence through a real SMTP server (aiosmtpd with
/// STARTTLS and AUTH), read back with Python's `email` and `icalendar`.
@Suite struct SeriesEndToEndSMTPTests {
  @Test func aCancelledOccurrenceReachesTheServerAsACancelForThatOccurrence() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    let steps: [[String]] = [
      ["init"],
      ["contact", "add", "--name", "Dewi Lestari", "--email", "dewi@example.org"],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
      ],
      [
        "meeting", "add", "--title", "Rapat Koordinasi Bulanan", "--start", "2027-01-04T10:00",
        "--duration", "2h", "--every", "first monday of the month", "--count", "4", "--attendee",
        "dewi@example.org", "--attendee", "hannah@kpi.example",
      ],
    ]
    try PokjaBinary.runSteps(steps, environment)
    let cancel = try PokjaBinary.run(
      ["meeting", "cancel", "1", "--occurrence", "2027-03-01"], environment)
    #expect(cancel.status == 0, "\(cancel.errors)")
    #expect(cancel.output.contains("Messages: 2 sent"))
    #expect(cancel.output.contains("via smtp://127.0.0.1:\(server.port)"))
    let received = try server.receivedMessages()
    #expect(received.count == 2)
    #expect(received.allSatisfy { $0.tls && $0.authenticatedAs == server.username })
    #expect(received.map(\.rcptTos) == [["dewi@example.org"], ["hannah@kpi.example"]])
    #expect(received.allSatisfy { $0.mailFrom == "sekretariat@pokja.example" })

    let messages = try CalendarPython.messages(received.map(\.file))
    #expect(
      messages.map(\.subject) == [
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
        "Cancelled: Rapat Koordinasi Bulanan — Monday, 1 March 2027",
      ])
    for message in messages {
      #expect(message.defects.isEmpty)
      #expect(message.method == "CANCEL")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.recurrenceID == "2027-03-01T10:00:00")
      #expect(event.tzid == "Asia/Jakarta")
      #expect(event.status == "CANCELLED")
      #expect(event.sequence == 1)
      #expect(event.attendees == ["dewi@example.org", "hannah@kpi.example"])
    }
    let parsed = try PythonTool.parseMail(received[0].data)
    #expect(parsed.calendar?.organizer?.address.lowercased() == "mailto:sekretariat@pokja.example")
    #expect(
      parsed.parts.contains { $0.contentType == "text/calendar" && $0.params["method"] == "CANCEL" }
    )

    // Nothing goes out twice, and the occurrence is gone.
    let show = try PokjaBinary.run(["meeting", "show", "1", "--json"], environment)
    #expect(show.status == 0)
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
    #expect(
      try record.value("occurrences", as: [[String: Any]].self).map { $0["start"] as? String } == [
        "2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00", "2027-04-05T10:00:00+07:00",
      ])
    #expect(
      try record.value("recurrence", as: [String: Any].self)["exdates"] as? [String] == [
        "2027-03-01T10:00:00+07:00"
      ])
    let again = try PokjaBinary.run(
      ["meeting", "cancel", "1", "--occurrence", "2027-03-01"], environment)
    #expect(again.status == 65)
    #expect(try server.receivedMessages().count == 2)
  }
}
