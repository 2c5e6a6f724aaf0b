import Foundation
import PokjaCore
import PokjaICalendar
import PokjaScheduling
import Testing

@Suite struct MeetingCalendarTests {
  let organiser = Organiser(
    name: "Sekretariat Pokja", email: EmailAddress("sekretariat@pokja.example")!)
  let stamp = Date(timeIntervalSince1970: 1_796_000_000)

  @Test func anInvitationListsEveryAttendeeWithRSVP() throws {
    let fixture = try SchedulingFixture()
    let details = try fixture.scheduler.schedule(fixture.plenary()).details
    let text = MeetingCalendar.calendar(
      for: details, organiser: organiser, method: .request, stamp: stamp
    ).serialized()
    #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

    let calendar = try #require(ICalendarParser.parse(text).first)
    #expect(calendar.property("METHOD")?.value == "REQUEST")
    #expect(calendar.property("VERSION")?.value == "2.0")
    let zone = try #require(calendar.components.first { $0.name == "VTIMEZONE" })
    #expect(zone.property("TZID")?.value == "Asia/Jakarta")
    let event = try #require(calendar.components.first { $0.name == "VEVENT" })
    #expect(event.property("UID")?.value == details.meeting.uid)
    #expect(event.property("SEQUENCE")?.value == "0")
    #expect(event.property("DTSTAMP")?.value == "20261130T005320Z")
    let start = try #require(event.property("DTSTART"))
    #expect(start.parameter("TZID") == "Asia/Jakarta")
    #expect(start.value == "20261207T100000")
    #expect(event.property("DTEND")?.value == "20261207T120000")
    #expect(event.property("LOCATION")?.textValue == "Ruang Rapat Lt 7, Gedung Kemensos, lantai 7")
    let organiserLine = try #require(event.property("ORGANIZER"))
    #expect(organiserLine.value == "mailto:sekretariat@pokja.example")
    #expect(organiserLine.parameter("CN") == "Sekretariat Pokja")
    let attendees = event.properties(named: "ATTENDEE")
    #expect(
      attendees.map(\.value) == ["mailto:wulan@kemensos.example", "mailto:hannah@kpi.example"])
    for attendee in attendees {
      #expect(attendee.parameter("RSVP") == "TRUE")
      #expect(attendee.parameter("PARTSTAT") == "NEEDS-ACTION")
      #expect(attendee.parameter("ROLE") == "REQ-PARTICIPANT")
    }
    #expect(attendees.first?.parameter("CN") == "Wulan Sari")
    #expect(event.property("STATUS")?.value == "CONFIRMED")
  }

  @Test func aPublishedCopyListsNoAttendees() throws {
    let fixture = try SchedulingFixture()
    let details = try fixture.scheduler.schedule(fixture.plenary()).details
    let text = MeetingCalendar.calendar(
      for: details, organiser: organiser, method: .publish, stamp: stamp
    ).serialized()
    let event = try #require(
      ICalendarParser.parse(text).first?.components.first { $0.name == "VEVENT" })
    #expect(event.properties(named: "ATTENDEE").isEmpty)
    #expect(event.property("ORGANIZER") != nil)
  }

  @Test func textIsEscapedAndLongLinesFolded() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary()
    request.title =
      "Rapat; pleno, dengan \\ tanda — " + String(repeating: "Pertemuan Nasional ", count: 6)
    request.description = "Baris satu\nBaris dua"
    let details = try fixture.scheduler.schedule(request).details
    let text = MeetingCalendar.calendar(
      for: details, organiser: organiser, method: .publish, stamp: stamp
    ).serialized()
    for line in text.components(separatedBy: "\r\n") {
      #expect(line.utf8.count <= 75, "line longer than 75 octets: \(line)")
    }
    let event = try #require(
      ICalendarParser.parse(text).first?.components.first { $0.name == "VEVENT" })
    #expect(
      event.property("SUMMARY")?.textValue == request.title.trimmingCharacters(in: .whitespaces))
    #expect(event.property("DESCRIPTION")?.textValue == "Baris satu\nBaris dua")
    #expect(text.contains("DESCRIPTION:Baris satu\\nBaris dua"))
  }
}
