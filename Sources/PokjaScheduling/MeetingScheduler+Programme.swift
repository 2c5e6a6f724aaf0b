import Foundation
import PokjaCore

/// A session as a user asks for it, in the words of the command line; nil leaves a field as it is
/// (an edit) or unset (a new session).
public struct SessionRequest: Sendable, Hashable {
  public var title: String?
  /// `09:00` on the meeting's first day, or a date-time (`2027-03-10T09:00`).
  public var start: String?
  /// `10:30` on the session's day, or a date-time.
  public var end: String?
  /// `90m`, `1h30m`.
  public var duration: String?
  /// A room's ID or exact name; `none` (in an edit) takes it away.
  public var room: String?
  /// Where, in words; empty (in an edit) takes it away.
  public var place: String?
  /// What the session is about; empty (in an edit) takes it away.
  public var description: String?

  public init(
    title: String? = nil, start: String? = nil, end: String? = nil, duration: String? = nil,
    room: String? = nil, place: String? = nil, description: String? = nil
  ) {
    self.title = title
    self.start = start
    self.end = end
    self.duration = duration
    self.room = room
    self.place = place
    self.description = description
  }
}

/// Who to put in a role: a contact of the directory (ID or email) or a guest named on the spot.
public enum SessionPersonRequest: Sendable, Hashable {
  case contact(String)
  case guest(name: String, organisation: String?, email: String?)
}

/// What a change to a programme did: the session as it is now, its meeting, and what the
/// secretary should know (someone not invited, someone in two sessions at once).
public struct SessionChange: Sendable {
  public var session: SessionDetails
  public var meeting: Meeting
  public var warnings: [SchedulingWarning]

  public init(session: SessionDetails, meeting: Meeting, warnings: [SchedulingWarning]) {
    self.session = session
    self.meeting = meeting
    self.warnings = warnings
  }
}

/// The programme of a meeting: its sessions and who is in which role. Sessions lie within the
/// meeting's time; a series has no programme (each occurrence would need its own).
extension MeetingScheduler {
  /// The meeting's sessions, by start, with rooms, contacts and organisations resolved.
  public func programme(of meeting: Meeting) throws -> [SessionDetails] {
    try resolve(store.sessions(of: meeting.id))
  }

  /// The session with this ID.
  public func session(_ reference: String) throws -> ProgrammeSession {
    guard let id = SessionID(parsing: reference), let session = try store.session(id) else {
      throw SchedulingError.sessionNotFound(reference)
    }
    return session
  }

  /// Adds a session to the meeting named by `reference`.
  public func addSession(to reference: String, _ request: SessionRequest) throws -> SessionChange {
    let meeting = try programmeMeeting(reference)
    guard let titleText = request.title else { throw InputError.empty(field: "--title") }
    guard let startText = request.start else { throw InputError.empty(field: "--start") }
    let title = try Validate.singleLine(titleText, field: "--title")
    let zone = meeting.timeZone
    let start = try Validate.field("--start") { () throws(InputError) in
      try DateTimeText.parseEnd(startText, startingAt: meeting.start, in: zone)
    }
    let end = try sessionEnd(request, start: start, zone: zone)
    var session = ProgrammeSession(
      meetingID: meeting.id, title: title, start: start, end: end,
      roomID: try request.room.map { try room(named: $0).id },
      place: try Validate.optionalSingleLine(request.place, field: "--place"),
      description: try Self.optionalText(request.description))
    try checkWithin(session, meeting)
    session = try store.write { transaction in try transaction.insert(session) }
    return try change(session, meeting)
  }

  /// Changes a session's title, times, room, place or description. Moving its start keeps its
  /// length unless an end or duration is given too.
  public func editSession(_ reference: String, _ request: SessionRequest) throws -> SessionChange {
    var session = try session(reference)
    let meeting = try programmeMeeting(String(session.meetingID.rawValue))
    guard request != SessionRequest() else { throw SchedulingError.nothingToChange }
    let zone = meeting.timeZone
    if let title = request.title {
      session.title = try Validate.singleLine(title, field: "--title")
    }
    if let startText = request.start {
      let length = session.end.timeIntervalSince(session.start)
      session.start = try Validate.field("--start") { () throws(InputError) in
        try DateTimeText.parseEnd(startText, startingAt: session.start, in: zone)
      }
      session.end = session.start.addingTimeInterval(length)
    }
    if request.end != nil || request.duration != nil {
      session.end = try sessionEnd(request, start: session.start, zone: zone)
    }
    if let room = request.room {
      session.roomID = room.lowercased() == "none" ? nil : try self.room(named: room).id
    }
    if let place = request.place {
      session.place = try Validate.optionalSingleLine(place, field: "--place")
    }
    if let description = request.description {
      session.description = try Self.optionalText(description)
    }
    try checkWithin(session, meeting)
    try store.write { transaction in try transaction.update(session) }
    return try change(session, meeting)
  }

  /// Deletes a session with its people.
  public func removeSession(_ reference: String) throws -> (ProgrammeSession, Meeting) {
    let session = try session(reference)
    let meeting = try meeting(String(session.meetingID.rawValue))
    try store.write { transaction in try transaction.deleteSession(session.id) }
    return (session, meeting)
  }

  /// Puts someone in `role` in a session; someone already in it changes role.
  public func assign(
    _ person: SessionPersonRequest, as role: SessionRole, to reference: String
  ) throws -> SessionChange {
    var session = try session(reference)
    let meeting = try programmeMeeting(String(session.meetingID.rawValue))
    let entry: SessionPerson
    switch person {
    case .contact(let text):
      guard let contact = try contacts.contact(Reference(text)) else {
        throw SchedulingError.personNotFound(text)
      }
      entry = SessionPerson(role: role, contactID: contact.id)
    case .guest(let name, let organisation, let email):
      entry = SessionPerson(
        role: role, guestName: try Validate.singleLine(name, field: "--guest"),
        guestOrganisation: try Validate.optionalSingleLine(organisation, field: "--guest-org"),
        guestEmail: try email.map { text throws(InputError) in
          try Validate.email(text, field: "--guest-email")
        })
    }
    if let index = session.people.firstIndex(where: { $0.isSamePerson(as: entry) }) {
      session.people[index] = entry
    } else {
      session.people.append(entry)
    }
    try store.write { transaction in try transaction.update(session) }
    return try change(session, meeting, about: entry)
  }

  /// Takes someone (a contact's ID or email, or a guest's name) out of a session.
  public func unassign(_ person: String, from reference: String) throws -> SessionChange {
    var session = try session(reference)
    let meeting = try meeting(String(session.meetingID.rawValue))
    let contact = try contacts.contact(Reference(person))
    let key = SearchKey.fold(person.trimmingCharacters(in: .whitespaces))
    guard
      let index = session.people.firstIndex(where: { entry in
        if let contact { return entry.contactID == contact.id }
        return entry.guestName.map { SearchKey.fold($0) == key } ?? false
      })
    else { throw SchedulingError.notInSession(person, session.id) }
    session.people.remove(at: index)
    try store.write { transaction in try transaction.update(session) }
    return try change(session, meeting)
  }

  /// Makes the current programme a new version of the meeting (SEQUENCE + 1) and says that every
  /// attendee gets it as an update: the invitations sent before carry the programme as it was.
  public func publishProgramme(_ reference: String) throws -> MeetingChange {
    var meeting = try programmeMeeting(reference)
    let before = try details(of: meeting)
    guard !before.programme.isEmpty else { throw SchedulingError.noProgramme(meeting.id) }
    meeting.sequence += 1
    try store.write { transaction in try transaction.update(meeting) }
    let details = try details(of: meeting)
    return MeetingChange(
      details: details, earlierPart: nil,
      notices: details.attendees.isEmpty
        ? [] : [ChangeNotice(kind: .update, details: details, recipients: details.attendees)],
      warnings: [], withdrawn: 0,
      summary: ["programme: \(details.programme.count) sessions, sequence \(meeting.sequence)"])
  }

  // MARK: - Helpers

  /// The meeting a programme change is about: confirmed and one-off.
  private func programmeMeeting(_ reference: String) throws -> Meeting {
    let meeting = try meeting(reference)
    guard meeting.status == .confirmed else { throw SchedulingError.meetingIsCancelled(meeting.id) }
    guard !meeting.isSeries else { throw SchedulingError.programmeOnSeries(meeting.id) }
    return meeting
  }

  private func sessionEnd(_ request: SessionRequest, start: Date, zone: TimeZone) throws -> Date {
    let end = try parseEnd(request.end, duration: request.duration, start: start, zone: zone)
    return end
  }

  private func checkWithin(_ session: ProgrammeSession, _ meeting: Meeting) throws {
    guard session.start >= meeting.start, session.end <= meeting.end else {
      throw SchedulingError.sessionOutsideMeeting(
        session: LocalTime.span(session.start, session.end, in: meeting.timeZone),
        meeting: meeting.id,
        span: LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone))
    }
  }

  private static func optionalText(_ text: String?) throws -> String? {
    guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      return nil
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The session resolved, with what the secretary should know about it.
  /// Only `person` is looked at when given (the one just assigned), else everyone of the session.
  private func change(
    _ session: ProgrammeSession, _ meeting: Meeting, about person: SessionPerson? = nil
  ) throws -> SessionChange {
    let details = try resolve([session])[0]
    var warnings: [SchedulingWarning] = []
    let invited = Set(try store.attendees(of: meeting.id).map(\.contactID))
    let concerned = details.people.filter { person == nil || $0.person == person }
    for person in concerned {
      if let contact = person.contact, !invited.contains(contact.id) {
        warnings.append(.notInvited(name: contact.name, contact: contact.id, meeting: meeting.id))
      }
    }
    let others = try store.sessions(of: meeting.id).filter {
      $0.id != session.id && $0.start < session.end && session.start < $0.end
    }
    for other in others {
      for person in concerned.map(\.person) where other.people.contains(where: person.isSamePerson)
      {
        let name = details.people.first { $0.person == person }?.name ?? ""
        warnings.append(.inTwoSessions(name: name, other: other.title, session: other.id))
      }
    }
    return SessionChange(session: details, meeting: meeting, warnings: warnings)
  }

  /// Sessions with their rooms, contacts and organisations looked up once each.
  func resolve(_ sessions: [ProgrammeSession]) throws -> [SessionDetails] {
    let ids = Array(Set(sessions.flatMap { $0.people.compactMap(\.contactID) }))
    let people = Dictionary(
      try contacts.contacts(withIDs: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var organisations: [OrganisationID: Organisation?] = [:]
    var rooms: [RoomID: Room?] = [:]
    return try sessions.map { session in
      let room = try session.roomID.flatMap { id in
        if let known = rooms[id] { return known }
        let found = try store.room(.id(id))
        rooms[id] = found
        return found
      }
      let listed = try session.people.map { person -> SessionPersonDetails in
        guard let id = person.contactID, let contact = people[id] else {
          return SessionPersonDetails(
            person: person, contact: nil, organisation: person.guestOrganisation)
        }
        var organisation: Organisation?
        if let orgID = contact.organisationID {
          if let known = organisations[orgID] {
            organisation = known
          } else {
            organisation = try contacts.organisation(.id(orgID))
            organisations[orgID] = organisation
          }
        }
        return SessionPersonDetails(
          person: person, contact: contact, organisation: organisation?.shortName)
      }
      return SessionDetails(session: session, room: room, people: listed)
    }
  }
}
