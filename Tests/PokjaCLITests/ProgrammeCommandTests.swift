import Foundation
import PokjaTestSupport
import Testing

/// `pokja programme` as a secretary uses it, with the built binary: a national meeting with a panel,
/// briefings through a real SMTP server (aiosmtpd with STARTTLS and AUTH), invitations whose
/// calendars Python's `icalendar` reads back with the roles, and the programme as documents.
@Suite(.serialized) struct ProgrammeCommandTests {
  /// Wulan (Indonesian) and Hannah (English) invited to a two-day national meeting; an opening
  /// chaired by Wulan and a panel moderated by Hannah with a guest speaker from the Foreign
  /// Ministry and a task force's panellist without an address.
  static func seed(_ environment: [String: String]) throws {
    let steps: [[String]] = [
      ["init"],
      ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"],
      [
        "contact", "add", "--name", "Wulan Sari", "--honorific", "Ibu", "--org", "Kemensos",
        "--email", "wulan@kemensos.example",
      ],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
      ],
      ["room", "add", "--name", "Aula Lt 7", "--location", "Gedung Kemensos"],
      [
        "meeting", "add", "--title", "Rapat Koordinasi Nasional", "--start", "2027-02-09T08:00",
        "--end", "2027-02-10T16:00", "--room", "Aula Lt 7", "--attendee", "1", "--attendee", "2",
      ],
      ["programme", "add", "1", "--title", "Pembukaan", "--start", "08:00", "--end", "09:00"],
      [
        "programme", "add", "1", "--title", "Panel: rujukan lintas provinsi", "--start",
        "2027-02-09T09:30", "--duration", "2h", "--place", "Ruang Garuda",
      ],
      ["programme", "assign", "1", "ketua", "wulan@kemensos.example"],
      ["programme", "assign", "2", "moderator", "2"],
      [
        "programme", "assign", "2", "narasumber", "--guest", "Dewi Lestari", "--guest-org",
        "Kemlu", "--guest-email", "dewi@kemlu.example",
      ],
      [
        "programme", "assign", "2", "panellist", "--guest", "Agus Salim", "--guest-org",
        "Satgas PPA Jawa Timur",
      ],
    ]
    try PokjaBinary.runSteps(steps, environment)
  }

  /// What Python's `icalendar` finds in a message's calendar part: each VEVENT's attendees with
  /// their ROLE, its PARTICIPANTs, its alarms' triggers and its DESCRIPTION.
  static func calendarFacts(_ message: Data) throws -> [String: Any] {
    let path = try PythonTool.temporaryFile(
      String(decoding: message, as: UTF8.self), suffix: ".eml")
    return try PythonTool.json(
      inline: """
        import email, json, sys
        from email import policy
        import icalendar
        message = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
        facts = {"events": []}
        for part in message.walk():
            if part.get_content_type() != 'text/calendar':
                continue
            calendar = icalendar.Calendar.from_ical(part.get_content())
            facts["method"] = str(calendar.get('METHOD'))
            for event in calendar.walk('VEVENT'):
                attendees = event.get('ATTENDEE') or []
                if not isinstance(attendees, list):
                    attendees = [attendees]
                facts["events"].append({
                    "summary": str(event.get('SUMMARY')),
                    "description": str(event.get('DESCRIPTION') or ''),
                    "attendees": {str(a): str(a.params.get('ROLE')) for a in attendees},
                    "participants": [
                        {"type": str(p.get('PARTICIPANT-TYPE')), "role": str(p.get('X-POKJA-ROLE')),
                         "summary": str(p.get('SUMMARY')),
                         "address": str(p.get('CALENDAR-ADDRESS') or '')}
                        for p in event.subcomponents if p.name == 'PARTICIPANT'],
                    "alarms": [str(a.get('TRIGGER').to_ical().decode())
                               for a in event.subcomponents if a.name == 'VALARM'],
                })
        print(json.dumps(facts))
        """, arguments: [path])
  }

  @Test func speakersAreBriefedAndInvitationsCarryTheRoles() throws {
    let server = try SMTPTestServer()
    defer { server.stop() }
    let home = try PokjaBinary.home()
    let environment = server.pokjaEnvironment(home: home)
    try Self.seed(environment)

    let brief = try PokjaBinary.run(["programme", "brief", "1"], environment)
    #expect(brief.status == 0, "\(brief.errors)")
    #expect(brief.output.contains("3 sent"), "\(brief.output)")
    // The panellist has no address: said, not silently skipped.
    #expect(brief.errors.contains("Agus Salim (panellist) has no address to brief"))
    let briefings = try server.receivedMessages()
    #expect(
      briefings.map(\.rcptTos) == [
        ["wulan@kemensos.example"], ["hannah@kpi.example"], ["dewi@kemlu.example"],
      ])
    #expect(briefings.allSatisfy { $0.tls && $0.authenticatedAs == server.username })

    let wulan = try PythonTool.parseMail(briefings[0].data)
    #expect(wulan.defects.isEmpty)
    #expect(wulan.subject == "Peran Bapak/Ibu pada Rapat Koordinasi Nasional: Pimpinan sidang")
    #expect(wulan.textPlain?.hasPrefix("Yth. Ibu Wulan Sari,") == true)
    let hannah = try PythonTool.parseMail(briefings[1].data)
    #expect(hannah.subject == "Your role at Rapat Koordinasi Nasional: Moderator")
    let text = try #require(hannah.textPlain)
    #expect(text.contains("Moderator — Panel: rujukan lintas provinsi"))
    #expect(text.contains("Place     : Ruang Garuda"))
    #expect(
      text.contains(
        "With      : Speaker: Dewi Lestari (Kemlu); Panellist: Agus Salim (Satgas PPA Jawa Timur)"))
    let session = try Self.calendarFacts(briefings[1].data)
    #expect(session["method"] as? String == "PUBLISH")
    let events = try #require(session["events"] as? [[String: Any]])
    #expect(events.count == 1)
    #expect(
      events.first?["summary"] as? String
        == "Moderator: Panel: rujukan lintas provinsi — Rapat Koordinasi Nasional")
    #expect(events.first?["alarms"] as? [String] == ["-PT30M"])

    // Again: nothing new. After the panel moves, only its people are briefed again.
    let again = try PokjaBinary.run(["programme", "brief", "1"], environment)
    #expect(again.status == 0, "\(again.errors)")
    #expect(try server.receivedMessages().count == 3)
    let moved = try PokjaBinary.run(["programme", "edit", "2", "--start", "10:00"], environment)
    #expect(moved.status == 0, "\(moved.errors)")
    _ = try PokjaBinary.run(["programme", "brief", "1"], environment)
    let afterMove = try server.receivedMessages()
    #expect(afterMove.count == 5)
    #expect(afterMove.suffix(2).map(\.rcptTos) == [["hannah@kpi.example"], ["dewi@kemlu.example"]])

    // The invitation: Wulan chairs (ROLE=CHAIR), the programme is in DESCRIPTION in the
    // attendee's language, and each person of a session is an RFC 9073 PARTICIPANT.
    let invite = try PokjaBinary.run(["meeting", "invite", "1"], environment)
    #expect(invite.status == 0, "\(invite.errors)")
    let invitations = Array(try server.receivedMessages().dropFirst(5))
    #expect(invitations.count == 2)
    let indonesian = try Self.calendarFacts(invitations[0].data)
    let event = try #require((indonesian["events"] as? [[String: Any]])?.first)
    #expect(
      event["attendees"] as? [String: String]
        == [
          "mailto:wulan@kemensos.example": "CHAIR", "mailto:hannah@kpi.example": "REQ-PARTICIPANT",
        ])
    let description = try #require(event["description"] as? String)
    #expect(
      description.contains(
        "Susunan acara:\n2027-02-09 08:00–09:00  Pembukaan\n    Pimpinan sidang: Wulan Sari (Kemensos)"
      ))
    #expect(description.contains("    Narasumber: Dewi Lestari (Kemlu)"))
    let participants = try #require(event["participants"] as? [[String: String]])
    #expect(participants.map { $0["type"] } == ["ACTIVE", "ACTIVE", "SPEAKER", "SPEAKER"])
    #expect(participants.map { $0["role"] } == ["chair", "moderator", "speaker", "panellist"])
    #expect(participants[2]["address"] == "mailto:dewi@kemlu.example")
    #expect(participants[3]["address"] == "")
    let english = try PythonTool.parseMail(invitations[1].data)
    #expect(
      english.textPlain?.replacingOccurrences(of: "\r\n", with: "\n").contains(
        "Programme:\n2027-02-09 08:00–09:00  Pembukaan\n    Chair: Wulan Sari (Kemensos)") == true,
      "\(english.textPlain ?? "")")

    // Publishing sends both attendees an update with the next SEQUENCE.
    let publish = try PokjaBinary.run(["programme", "publish", "1"], environment)
    #expect(publish.status == 0, "\(publish.errors)")
    let updates = Array(try server.receivedMessages().dropFirst(7))
    #expect(updates.count == 2)
    let update = try PythonTool.parseMail(updates[0].data)
    #expect(update.calendar?.sequence == 1)
    #expect(update.calendar?.method == "REQUEST")
  }

  @Test func theProgrammeIsATableJSONMarkdownAndAPageToPrint() throws {
    let home = try PokjaBinary.home()
    let environment = ["HOME": home.path, "POKJA_HOME": home.path]
    try Self.seed(environment)

    let table = try PokjaBinary.run(["programme", "show", "1", "--csv"], environment)
    #expect(table.status == 0, "\(table.errors)")
    #expect(
      table.output
        == """
        ID,Time,Session,Place,Role,People\r
        1,2027-02-09 08:00–09:00,Pembukaan,,Chair,Wulan Sari (Kemensos)\r
        2,2027-02-09 09:30–11:30,Panel: rujukan lintas provinsi,Ruang Garuda,Moderator,Hannah de Vries\r
        ,,,,Speaker,Dewi Lestari (Kemlu)\r
        ,,,,Panellist,Agus Salim (Satgas PPA Jawa Timur)\r

        """)
    let json = try PokjaBinary.run(["programme", "show", "1", "--json"], environment)
    let sessions = try #require(
      try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
    #expect(
      sessions.map { $0["title"] as? String } == ["Pembukaan", "Panel: rujukan lintas provinsi"])
    #expect(sessions[1]["start"] as? String == "2027-02-09T09:30:00+07:00")
    let people = try #require(sessions[1]["people"] as? [[String: Any]])
    #expect(people.map { $0["role"] as? String } == ["moderator", "speaker", "panellist"])
    #expect(people[1]["guest"] as? Bool == true)

    var indonesian = environment
    indonesian["POKJA_LANG"] = "id"
    let markdown = try PokjaBinary.run(
      ["programme", "show", "1", "--format", "markdown"], indonesian)
    #expect(markdown.output.contains("## Susunan acara"))
    #expect(markdown.output.contains("### 09.30–11.30 · Panel: rujukan lintas provinsi"))
    #expect(markdown.output.contains("- **Narasumber:** Dewi Lestari (Kemlu)"))
    let html = try PokjaBinary.run(["programme", "show", "1", "--format", "html"], environment)
    #expect(html.output.hasPrefix("<!DOCTYPE html>"))
    #expect(html.output.contains("<b>Speaker:</b> Dewi Lestari (Kemlu)"))
    #expect(html.output.contains("@page { size: A4"))

    // Bad input: what was wrong and how to fix it, exit 65 or 64, nothing written.
    let outside = try PokjaBinary.run(
      [
        "programme", "add", "1", "--title", "Malam", "--start", "2027-02-10T19:00", "--end",
        "20:00",
      ],
      environment)
    #expect(outside.status == 65)
    #expect(outside.errors.contains("must lie within meeting 1"))
    let role = try PokjaBinary.run(["programme", "assign", "1", "juggler", "1"], environment)
    #expect(role.status == 64 || role.status == 65)
    #expect(
      role.errors.contains(
        "'juggler' is not one of chair, moderator, speaker, panellist, rapporteur"))
    let after = try PokjaBinary.run(["programme", "show", "1", "--json"], environment)
    #expect(after.output == json.output)
  }
}
