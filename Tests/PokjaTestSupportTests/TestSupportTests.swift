import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// The shared test helpers other suites rely on.
@Suite("Test support")
struct TestSupportTests {
  @Test("parse_mail.py decodes headers, MIME parts and a text/calendar part")
  func parseMail() throws {
    let calendar = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pokja//Test//EN", "METHOD:REQUEST",
      "BEGIN:VTIMEZONE", "TZID:Asia/Jakarta", "BEGIN:STANDARD", "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:WIB", "END:STANDARD", "END:VTIMEZONE",
      "BEGIN:VEVENT", "UID:meeting-12@pokja.example.org", "SEQUENCE:2", "DTSTAMP:20250101T000000Z",
      "DTSTART;TZID=Asia/Jakarta:20250304T090000", "DTEND;TZID=Asia/Jakarta:20250304T103000",
      "SUMMARY:Rapat Pokja", "LOCATION:Ruang Garuda",
      "ORGANIZER;CN=Sekretariat:mailto:sekretariat@pokja.example.org",
      "ATTENDEE;CN=Budi Santoso;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:budi@example.org",
      "END:VEVENT", "END:VCALENDAR",
    ].joined(separator: "\r\n")
    let message = [
      "From: =?utf-8?q?Sekretariat_Pokja?= <sekretariat@pokja.example.org>",
      "To: Budi Santoso <budi@example.org>",
      "Subject: =?utf-8?q?Undangan=3A_Rapat_Pokja_=E2=80=93_Maret?=",
      "Date: Tue, 04 Mar 2025 09:00:00 +0700",
      "Message-ID: <inv-12@pokja.example.org>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/alternative; boundary=\"b1\"",
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Yth. Bapak Budi =E2=80=93 undangan rapat.",
      "--b1",
      "Content-Type: text/calendar; charset=utf-8; method=REQUEST",
      "",
      calendar,
      "--b1--",
      "",
    ].joined(separator: "\r\n")

    let parsed = try PythonTool.parseMail(Data(message.utf8))

    #expect(parsed.subject == "Undangan: Rapat Pokja – Maret")
    #expect(parsed.from == "Sekretariat Pokja <sekretariat@pokja.example.org>")
    #expect(parsed.toAddresses == ["budi@example.org"])
    #expect(parsed.dateUTC == "2025-03-04T02:00:00Z")
    #expect(parsed.messageID == "<inv-12@pokja.example.org>")
    #expect(parsed.contentTypes == ["multipart/alternative", "text/plain", "text/calendar"])
    #expect(parsed.parts[2].params["method"] == "REQUEST")
    #expect(parsed.parts[1].transferEncoding == "quoted-printable")
    #expect(parsed.textPlain == "Yth. Bapak Budi – undangan rapat.")
    #expect(parsed.defects.isEmpty)
    #expect(parsed.header("mime-version") == "1.0")
    let event = try #require(parsed.calendar)
    #expect(event.method == "REQUEST")
    #expect(event.uid == "meeting-12@pokja.example.org")
    #expect(event.sequence == 2)
    #expect(event.dtstartUTC == "2025-03-04T02:00:00Z")
    #expect(event.dtstartTZID == "Asia/Jakarta")
    #expect(event.dtendUTC == "2025-03-04T03:30:00Z")
    #expect(event.tzids == ["Asia/Jakarta"])
    #expect(event.location == "Ruang Garuda")
    #expect(event.summary == "Rapat Pokja")
    #expect(
      event.organizer == .init(address: "mailto:sekretariat@pokja.example.org", cn: "Sekretariat"))
    #expect(
      event.attendees == [
        .init(
          address: "mailto:budi@example.org", cn: "Budi Santoso", role: "REQ-PARTICIPANT",
          partstat: "NEEDS-ACTION", rsvp: "TRUE")
      ])
  }

  @Test("RecordingTransport records batches and fails on demand")
  func recordingTransport() throws {
    let now = Date(timeIntervalSince1970: 0)
    func message(_ number: Int64, _ to: String) -> OutboundMessage {
      OutboundMessage(
        id: OutboundMessageID(number), dedupeKey: "k\(number)", kind: .reminder, meetingID: nil,
        contactID: nil, sender: EmailAddress("a@example.org")!,
        destination: .email(EmailAddress(to)!),
        messageID: "m\(number)@example.org", subject: "s", content: "Subject: s\r\n\r\nx\r\n",
        createdAt: now, nextAttemptAt: now)
    }
    let transport = RecordingTransport()
    let bounce = DeliveryFailure(.permanent, .recipientRefused, "550 no such user")
    transport.fail(with: bounce, for: EmailAddress("gone@example.org")!)
    var outcomes: [DeliveryOutcome] = []
    var events: [DeliveryEvent] = []
    transport.deliver([message(1, "b@example.org"), message(2, "gone@example.org")]) {
      events.append($0)
      if case .finished(_, let outcome) = $0 { outcomes.append(outcome) }
      return .proceed
    }
    // Each message is announced before it goes out, then reported.
    #expect(events.count == 4)
    #expect(events[0] == .sending(OutboundMessageID(1)))
    #expect(outcomes.count == 2)
    #expect(outcomes[1] == .failed(bounce))
    #expect(transport.delivered.map(\.id) == [OutboundMessageID(1)])
    #expect(transport.attempted.count == 2)
    #expect(transport.batches == [[OutboundMessageID(1), OutboundMessageID(2)]])

    transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "down"))
    transport.deliver([message(3, "c@example.org")]) {
      if case .finished(_, let outcome) = $0 { outcomes.append(outcome) }
      return .proceed
    }
    #expect(outcomes.last == .failed(DeliveryFailure(.temporary, .serverBusy, "down")))
  }
}

@Suite("Manual clock")
struct ManualClockTests {
  @Test func itSaysWhatItWasSetToAndMovesOnlyWhenTold() {
    let start = Date(timeIntervalSince1970: 1_796_000_000)
    let clock = ManualClock(start)
    #expect(clock.now() == start && clock.now() == start)
    clock.advance(by: 90)
    #expect(clock.now() == start.addingTimeInterval(90))
    clock.set(start)
    #expect(clock.now() == start)
    #expect(Zones.jakarta.secondsFromGMT(for: start) == 7 * 3_600)
    #expect(Zones.jayapura.secondsFromGMT(for: start) == 9 * 3_600)
  }
}
