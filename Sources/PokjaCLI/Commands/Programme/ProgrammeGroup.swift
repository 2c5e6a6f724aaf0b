import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja {
  /// `pokja programme …`: a meeting's sessions and who is in which role.
  struct ProgrammeGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "programme",
      abstract: "Build a meeting's programme: sessions, chairs, moderators, speakers.",
      discussion: """
        A national meeting or workshop has sessions (the opening, a panel, working groups), each \
        with people in roles: chair, moderator, speaker, panellist, rapporteur. Invitations carry \
        the programme (in the text, and in the calendar as ROLE=CHAIR and RFC 9073 participants); \
        'programme brief' sends each speaker and moderator their sessions; 'programme show' \
        prints it as a table, Markdown or a page to print. Changes are not sent by themselves: \
        after the invitations went out, 'programme publish' sends attendees the new programme.
        """,
      subcommands: [
        Add.self, Edit.self, Remove.self, Assign.self, Unassign.self, Show.self,
        Brief.self, Publish.self,
      ])

    /// The session as `--json` prints it.
    struct SessionRecord: Encodable {
      struct Person: Encodable {
        let role: String
        let contactId: Int64?
        let name: String
        let organisation: String?
        let email: String?
        let guest: Bool
      }
      let id: Int64
      let meetingId: Int64
      let title: String
      let start: String
      let end: String
      let room: Room?
      let place: String?
      let description: String?
      let people: [Person]

      init(_ item: SessionDetails, zone: TimeZone) {
        let session = item.session
        id = session.id.rawValue
        meetingId = session.meetingID.rawValue
        title = session.title
        start = LocalTime.isoWithOffset(session.start, in: zone)
        end = LocalTime.isoWithOffset(session.end, in: zone)
        room = item.room
        place = session.place
        description = session.description
        people = item.people.map {
          Person(
            role: $0.role.rawValue, contactId: $0.contact?.id.rawValue, name: $0.name,
            organisation: $0.organisation, email: $0.email?.value, guest: $0.contact == nil)
        }
      }
    }

    /// What a change prints: the session, then the warnings.
    static func report(
      _ change: SessionChange, verb: String, json: Bool, services: Services
    ) {
      let zone = change.meeting.timeZone
      if json {
        services.console.write(JSONOutput.encode(SessionRecord(change.session, zone: zone)))
      } else {
        let session = change.session.session
        services.console.write(
          "\(verb) session \(session.id) of meeting \(change.meeting.id): \(session.title), \(LocalTime.span(session.start, session.end, in: zone))"
        )
        for person in change.session.people {
          services.console.write("  \(person.role.rawValue): \(person.nameWithOrganisation)")
        }
      }
      for warning in change.warnings {
        services.console.error("warning: \(warning.description)")
      }
    }
  }
}

extension Pokja.ProgrammeGroup {
  /// The role as typed: English or Indonesian (`ketua`, `narasumber`, `panelis`, `notulis`).
  static func role(_ text: String) throws -> SessionRole {
    switch SearchKey.fold(text.trimmingCharacters(in: .whitespaces)) {
    case "chair", "chairperson", "ketua", "pimpinan", "pimpinan sidang": return .chair
    case "moderator": return .moderator
    case "speaker", "narasumber", "pembicara": return .speaker
    case "panellist", "panelist", "panelis": return .panellist
    case "rapporteur", "notulis", "notetaker": return .rapporteur
    default:
      throw InputError.invalidChoice(
        field: "ROLE", value: text, allowed: SessionRole.allCases.map(\.rawValue))
    }
  }
}
