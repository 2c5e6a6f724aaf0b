import Foundation
import PokjaCore

/// A meeting with everything needed to show it, export it or invite to it.
public struct MeetingDetails: Sendable, Hashable {
  /// The meeting; when `occurrence` is set, its times, title and location are that occurrence's.
  public var meeting: Meeting
  public var room: Room?
  public var attendees: [AttendeeDetails]
  public var reminders: [Reminder]
  /// The public holiday the meeting (or this occurrence) falls on, if any.
  public var holiday: Holiday?
  /// Occurrences of the series changed on their own.
  public var overrides: [MeetingOverride]
  /// The occurrences as planned (a one-off has one).
  public var plan: SeriesPlan?
  /// Answers given for single occurrences.
  public var replies: [OccurrenceReply]
  /// Rooms of the meeting and of its changed occurrences, by ID.
  public var rooms: [RoomID: Room]
  /// Set when these details are about one occurrence of the meeting.
  public var occurrence: MeetingOccurrence?
  /// Whether invitations list every attendee or only their recipient: the meeting's own choice,
  /// else the configuration's (`MeetingScheduler.defaultGuestList`) for its number of attendees.
  public var guestList: GuestList = .visible
  /// The sessions of a one-off meeting's programme, by start (`pokja programme`).
  public var programme: [SessionDetails] = []

  /// Whether `contact` chairs a session of the programme: ROLE=CHAIR in the calendar.
  public func chairs(_ contact: ContactID) -> Bool {
    programme.contains { session in
      session.people.contains { $0.role == .chair && $0.person.contactID == contact }
    }
  }

  public init(
    meeting: Meeting, room: Room?, attendees: [AttendeeDetails], reminders: [Reminder],
    holiday: Holiday? = nil, overrides: [MeetingOverride] = [], plan: SeriesPlan? = nil,
    replies: [OccurrenceReply] = [], rooms: [RoomID: Room] = [:],
    occurrence: MeetingOccurrence? = nil
  ) {
    self.meeting = meeting
    self.room = room
    self.attendees = attendees
    self.reminders = reminders
    self.holiday = holiday
    self.overrides = overrides
    self.plan = plan
    self.replies = replies
    self.rooms = rooms
    self.occurrence = occurrence
  }

  /// The room's name and place, then the free-text location: what calendars show as LOCATION.
  public var locationText: String? {
    let parts = [room?.displayLocation, meeting.location].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " — ")
  }

  /// The same details about one occurrence: its times, room, title and location, and each
  /// attendee's answer for it.
  public func focused(on occurrence: MeetingOccurrence) -> MeetingDetails {
    var copy = self
    copy.occurrence = occurrence
    copy.meeting.start = occurrence.start
    copy.meeting.end = occurrence.end
    if let change = overrides.first(where: { $0.recurrenceID == occurrence.recurrenceID }) {
      if let title = change.title { copy.meeting.title = title }
      if let location = change.location { copy.meeting.location = location }
    }
    if let id = occurrence.roomID, id != meeting.roomID {
      copy.room = rooms[id]
      copy.meeting.roomID = id
    }
    let answers = replies.filter { $0.recurrenceID == occurrence.recurrenceID }
    for index in copy.attendees.indices {
      if let answer = answers.first(where: { $0.contactID == copy.attendees[index].contact.id }) {
        copy.attendees[index].attendee.participation = answer.participation
      }
    }
    copy.holiday =
      plan?.occurrences.first { $0.occurrence.recurrenceID == occurrence.recurrenceID }?
      .onHoliday
    return copy
  }

  /// The same details after `contact` answered `participation`: for the occurrence originally
  /// starting at `occurrence` (its reply added or replaced), else for the whole meeting. What the
  /// store now holds, without reading it again.
  public func answered(
    by contact: ContactID, _ participation: ParticipationStatus, occurrence: Date?
  ) -> MeetingDetails {
    var copy = self
    if let occurrence {
      copy.replies.removeAll { $0.contactID == contact && $0.recurrenceID == occurrence }
      copy.replies.append(
        OccurrenceReply(recurrenceID: occurrence, contactID: contact, participation: participation))
    } else if let index = copy.attendees.firstIndex(where: { $0.contact.id == contact }) {
      copy.attendees[index].attendee.participation = participation
    }
    return copy
  }

  /// The planned occurrence whose original or current start is on `day` (`2026-12-07`, local).
  public func occurrence(onDay day: String) -> MeetingOccurrence? {
    let zone = meeting.timeZone
    let planned = plan?.occurrences.map(\.occurrence) ?? []
    return planned.first { LocalTime.iso($0.recurrenceID, in: zone).hasPrefix(day) }
      ?? planned.first { LocalTime.iso($0.start, in: zone).hasPrefix(day) }
  }
}

/// An attendee with the contact and organisation behind it.
public struct AttendeeDetails: Sendable, Hashable {
  public var attendee: Attendee
  public var contact: Contact
  public var organisation: Organisation?

  public init(attendee: Attendee, contact: Contact, organisation: Organisation?) {
    self.attendee = attendee
    self.contact = contact
    self.organisation = organisation
  }
}
