import Foundation
import PokjaCore

/// Identifies one session of a meeting's programme.
public typealias SessionID = EntityID<ProgrammeSession>

/// What someone does in a session.
public enum SessionRole: String, Sendable, Hashable, Codable, CaseIterable {
  case chair
  case moderator
  case speaker
  case panellist
  case rapporteur

  /// The role as a programme names it, in `language`.
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.chair, .indonesian): "Pimpinan sidang"
    case (.chair, .english): "Chair"
    case (.moderator, _): "Moderator"
    case (.speaker, .indonesian): "Narasumber"
    case (.speaker, .english): "Speaker"
    case (.panellist, .indonesian): "Panelis"
    case (.panellist, .english): "Panellist"
    case (.rapporteur, .indonesian): "Notulis"
    case (.rapporteur, .english): "Rapporteur"
    }
  }

  /// The RFC 9073 PARTICIPANT-TYPE: those who speak are SPEAKER, the others ACTIVE (taking an
  /// active part); the role itself is in `X-POKJA-ROLE`.
  public var participantType: String {
    switch self {
    case .speaker, .panellist: "SPEAKER"
    case .chair, .moderator, .rapporteur: "ACTIVE"
    }
  }

  /// Whether the role gets a briefing (`pokja programme brief`): everyone but the rapporteur, who
  /// is told with the others when asked (`--all-roles`).
  public var isBriefed: Bool { self != .rapporteur }
}

/// Someone in a role in a session: a contact from the directory, or a guest named on the spot.
public struct SessionPerson: Sendable, Hashable, Codable {
  public var role: SessionRole
  /// The person in the directory; nil for a guest.
  public var contactID: ContactID?
  /// A guest's name, organisation and address (only for guests).
  public var guestName: String?
  public var guestOrganisation: String?
  public var guestEmail: EmailAddress?

  public init(
    role: SessionRole, contactID: ContactID? = nil, guestName: String? = nil,
    guestOrganisation: String? = nil, guestEmail: EmailAddress? = nil
  ) {
    self.role = role
    self.contactID = contactID
    self.guestName = guestName
    self.guestOrganisation = guestOrganisation
    self.guestEmail = guestEmail
  }

  /// Whether this is the same person as `other` (the same contact, or a guest of the same name).
  public func isSamePerson(as other: SessionPerson) -> Bool {
    if let contactID { return contactID == other.contactID }
    guard other.contactID == nil, let guestName, let otherName = other.guestName else {
      return false
    }
    return SearchKey.fold(guestName) == SearchKey.fold(otherName)
  }
}

/// One session of a meeting: the opening, a panel, a working session.
public struct ProgrammeSession: Identifiable, Sendable, Hashable, Codable {
  public var id: SessionID
  public var meetingID: MeetingID
  public var title: String
  public var start: Date
  public var end: Date
  /// A room of `pokja room list` (a hall, a breakout room); nil: the meeting's.
  public var roomID: RoomID?
  /// Free text on where: "Ruang Garuda", "online".
  public var place: String?
  public var description: String?
  /// Who is in which role, in the order they were named.
  public var people: [SessionPerson]

  public init(
    id: SessionID = .unassigned, meetingID: MeetingID, title: String, start: Date, end: Date,
    roomID: RoomID? = nil, place: String? = nil, description: String? = nil,
    people: [SessionPerson] = []
  ) {
    self.id = id
    self.meetingID = meetingID
    self.title = title
    self.start = start
    self.end = end
    self.roomID = roomID
    self.place = place
    self.description = description
    self.people = people
  }
}

/// A person of a session with what the programme shows about them.
public struct SessionPersonDetails: Sendable, Hashable {
  public var person: SessionPerson
  /// The directory's contact (nil for a guest).
  public var contact: Contact?
  /// Their organisation as people write it: the acronym when it has one ("Polri"), else the name.
  public var organisation: String?

  public init(person: SessionPerson, contact: Contact?, organisation: String?) {
    self.person = person
    self.contact = contact
    self.organisation = organisation
  }

  public var role: SessionRole { person.role }
  /// The name to print: the contact's, with their honorific, or the guest's.
  public var name: String { contact?.name ?? person.guestName ?? "" }
  /// Where mail to them goes, if anywhere.
  public var email: EmailAddress? {
    if let contact { return contact.doNotContact ? nil : contact.email }
    return person.guestEmail
  }

  /// "Name (Organisation)".
  public var nameWithOrganisation: String {
    organisation.map { "\(name) (\($0))" } ?? name
  }
}

/// A session with its room and people, as shown and sent.
public struct SessionDetails: Sendable, Hashable {
  public var session: ProgrammeSession
  public var room: Room?
  public var people: [SessionPersonDetails]

  public init(session: ProgrammeSession, room: Room?, people: [SessionPersonDetails]) {
    self.session = session
    self.room = room
    self.people = people
  }

  /// The room's name and place, then the free text.
  public var placeText: String? {
    let parts = [room?.displayLocation, session.place].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " — ")
  }

  /// The people in `role`, in order.
  public func people(in role: SessionRole) -> [SessionPersonDetails] {
    people.filter { $0.role == role }
  }
}

/// The programme as plain text, for calendars' DESCRIPTION and the mails' text bodies: one line per
/// session (day when the meeting spans days, times, title, place), then one per role.
public enum ProgrammeText {
  public static func lines(
    _ sessions: [SessionDetails], zone: TimeZone, language: Language, multiDay: Bool
  ) -> [String] {
    var lines: [String] = []
    for item in sessions {
      let session = item.session
      var head = LocalTime.clockSpan(session.start, session.end, in: zone)
      if multiDay { head = String(LocalTime.iso(session.start, in: zone).prefix(10)) + " " + head }
      var line = "\(head)  \(session.title)"
      if let place = item.placeText { line += " — \(place)" }
      lines.append(line)
      for role in SessionRole.allCases {
        let names = item.people(in: role).map(\.nameWithOrganisation)
        guard !names.isEmpty else { continue }
        lines.append("    \(role.label(language)): \(names.joined(separator: "; "))")
      }
    }
    return lines
  }

  /// The heading above the programme.
  public static func heading(_ language: Language) -> String {
    language == .indonesian ? "Susunan acara" : "Programme"
  }
}
