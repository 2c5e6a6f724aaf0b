import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite struct MessageComposerTests {
  @Test func anInvitationIsAnIMIPRequestInTheAttendeesLanguage() throws {
    let fixture = try NotificationFixture()
    let wulan = fixture.details.attendees[0]
    let draft = try fixture.composer.invitation(fixture.details, to: wulan)
    #expect(draft.kind == .invitation)
    #expect(draft.destination.description == "wulan@kemensos.example")
    #expect(draft.dedupeKey == "invitation:\(fixture.details.meeting.id):\(wulan.contact.id):0")
    #expect(draft.content.utf8.allSatisfy { $0 < 128 })
    #expect(!draft.content.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

    // An independent parser (Python's email and icalendar) reads what we wrote.
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(mail.defects.isEmpty)
    #expect(
      mail.subject
        == "Undangan: Rapat Pleno Tim Pokja — Pertemuan Nasional — Senin, 7 Desember 2026")
    #expect(mail.from == "Sekretariat Pokja <sekretariat@pokja.example>")
    #expect(mail.toAddresses == ["wulan@kemensos.example"])
    #expect(mail.messageID == "<\(draft.messageID)>")
    #expect(mail.mimeVersion == "1.0")
    #expect(mail.dateUTC == "2026-11-30T01:00:00Z")
    #expect(
      mail.contentTypes == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
      ])
    #expect(mail.parts.last?.params["method"] == "REQUEST")
    let text = try #require(mail.textPlain)
    #expect(text.hasPrefix("Yth. Bapak/Ibu Wulan Sari,"))
    #expect(text.contains("Senin, 7 Desember 2026"))
    #expect(text.contains("10.00–13.00 WIB"))
    #expect(text.contains("Ruang Rapat Lt 7, Gedung Kemensos, lantai 7"))
    let html = try #require(mail.textHTML)
    #expect(html.contains("rencana kerja &lt;2016–2019&gt;"))
    let calendar = try #require(mail.calendar)
    #expect(calendar.method == "REQUEST")
    #expect(calendar.uid == fixture.details.meeting.uid)
    #expect(calendar.sequence == 0)
    #expect(calendar.dtstartUTC == "2026-12-07T03:00:00Z")
    #expect(calendar.dtstartTZID == "Asia/Jakarta")
    #expect(calendar.tzids == ["Asia/Jakarta"])
    #expect(calendar.organizer?.address.lowercased() == "mailto:sekretariat@pokja.example")
    #expect(calendar.attendees.map(\.cn) == ["Wulan Sari", "Hannah de Vries"])
    #expect(calendar.attendees.allSatisfy { $0.rsvp == "TRUE" && $0.partstat == "NEEDS-ACTION" })
  }

  @Test func theHonorificOnRecordGreets() throws {
    let fixture = try NotificationFixture()
    var attendee = fixture.details.attendees[0]
    attendee.contact.honorific = "Ibu"
    let draft = try fixture.composer.invitation(fixture.details, to: attendee)
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(mail.textPlain?.hasPrefix("Yth. Ibu Wulan Sari,") == true, "\(mail.textPlain ?? "")")
  }

  @Test func anEnglishContactGetsEnglish() throws {
    let fixture = try NotificationFixture()
    let draft = try fixture.composer.invitation(fixture.details, to: fixture.details.attendees[1])
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(
      mail.subject
        == "Invitation: Rapat Pleno Tim Pokja — Pertemuan Nasional — Monday, 7 December 2026")
    #expect(mail.textPlain?.hasPrefix("Dear Hannah de Vries,") == true)
    #expect(mail.textPlain?.contains("10:00–13:00 WIB (UTC+7)") == true)
  }

  @Test func aReminderIsKeyedByItsOffset() throws {
    let fixture = try NotificationFixture()
    let reminder = try #require(fixture.details.reminders.first)
    let draft = try fixture.composer.reminder(
      fixture.details, reminder, to: fixture.details.attendees[0])
    // Keyed by occurrence and start time, not SEQUENCE: a change elsewhere in the series does not
    // send it again; moving the occurrence does.
    let start = Int(fixture.details.meeting.start.timeIntervalSince1970)
    #expect(draft.dedupeKey == "reminder:1d:\(fixture.details.meeting.id):1:\(start):\(start)")
    #expect(draft.occurrence == fixture.details.meeting.start)
    let mail = try PythonTool.parseMail(Data(draft.content.utf8))
    #expect(
      mail.subject
        == "Pengingat: Rapat Pleno Tim Pokja — Pertemuan Nasional — Senin, 7 Desember 2026, 10.00 WIB"
    )
    #expect(mail.contentTypes == ["multipart/alternative", "text/plain", "text/html"])
  }

  @Test func aHostileOrganiserNameCannotInjectHeaders() throws {
    let fixture = try NotificationFixture(organiserName: "Sekretariat\r\nBcc: evil@example.com")
    #expect(throws: NotificationError.self) {
      try fixture.composer.invitation(fixture.details, to: fixture.details.attendees[0])
    }
  }

  @Test func templatesCanBeOverriddenAndHTMLIsEscaped() throws {
    let templates = MessageTemplates(overrides: [
      .init(.invitation, .subject, .indonesian): "Undangan rapat: {{title}}\n(baris kedua)"
    ])
    let subject = try templates.render(
      .init(.invitation, .subject, .indonesian), ["title": "A & B"])
    #expect(subject == "Undangan rapat: A & B (baris kedua)")
    let html = try templates.render(.init(.invitation, .html, .english), ["title": "<script>"])
    #expect(html.contains("&lt;script&gt;") && !html.contains("<script>"))
    // swift-mustache's own escaping compares characters and let `"` + U+0301 through.
    let attribute = try templates.render(
      .init(.invitation, .html, .english), ["title": "x\"\u{301} onmouseover=alert(1) '\u{301}"])
    #expect(attribute.contains("x&quot;\u{301} onmouseover=alert(1) &#39;\u{301}"))
    for kind in [MessageKind.invitation, .reminder] {
      for part in MessageTemplates.Part.allCases {
        for language in Language.allCases {
          #expect(throws: Never.self) { try templates.source(for: .init(kind, part, language)) }
        }
      }
    }
  }

  @Test func datesAreWrittenAsEachLanguageWritesThem() throws {
    let jayapura = TimeZone(identifier: "Asia/Jayapura")!
    let start = try DateTimeText.parse("2027-01-04T09:00", in: jayapura)
    #expect(
      LocalizedDate.day(start, in: jayapura, language: .indonesian) == "Senin, 4 Januari 2027")
    #expect(LocalizedDate.day(start, in: jayapura, language: .english) == "Monday, 4 January 2027")
    let end = start.addingTimeInterval(5_400)
    #expect(
      LocalizedDate.timeRange(start, end, in: jayapura, language: .indonesian) == "09.00–10.30 WIT")
    #expect(
      LocalizedDate.timeRange(start, end, in: jayapura, language: .english)
        == "09:00–10:30 WIT (UTC+9)")
  }
}
