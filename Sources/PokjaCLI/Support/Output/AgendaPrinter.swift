import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

/// Prints occurrences as a table (or CSV, or JSON): `agenda` and `meeting upcoming`.
struct AgendaPrinter {
  let services: Services
  let output: OutputOptions

  func table(_ occurrences: [MeetingDetails], empty: String, contact: ContactID? = nil) {
    let console = services.console
    if output.json {
      console.write(JSONOutput.encode(occurrences.map(JSONOutput.MeetingRecord.init(occurrence:))))
      return
    }
    if occurrences.isEmpty && !output.csv {
      console.write(empty)
      return
    }
    var columns: [Table.Column] = [
      .init("Day"), .init("Time"), .init("ID"), .init("Title", flexible: true),
      .init("Where", flexible: true),
    ]
    columns.append(contact == nil ? .init("People") : .init("Reply"))
    var table = Table(columns)
    // Dates and floors in the reader's language; CSV stays English for programs.
    let language: Language = output.csv ? .english : services.environment.interfaceLanguage
    for details in occurrences {
      let meeting = details.meeting
      let zone = meeting.timeZone
      let day = LocalizedDate.day(meeting.start, in: zone, language: language)
      let clock =
        LocalTime.span(meeting.start, meeting.end, in: zone).split(separator: " ").dropFirst()
        .joined(separator: " ")
      let last: String
      if let contact {
        last =
          details.attendees.first { $0.contact.id == contact }?.attendee.participation.rawValue
          .lowercased() ?? ""
      } else {
        last = String(details.attendees.count)
      }
      table.add([
        day, clock, meeting.id.description, meeting.title,
        details.room?.displayLocation(floorWord: language == .indonesian ? "lantai" : "floor")
          ?? meeting.location, last,
      ])
    }
    output.write(table, to: console)
  }
}
