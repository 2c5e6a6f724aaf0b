import Foundation

/// A scheduled meeting: a plenary, a sub-group meeting, the national meeting.
public struct Meeting: Identifiable, Hashable, Sendable, Codable {
  public var id: MeetingID
  /// The iCalendar UID: stable for the meeting's whole life, so calendars update rather than duplicate.
  public var uid: String
  public var title: String
  public var description: String?
  public var start: Date
  public var end: Date
  /// The IANA zone the meeting is held in, e.g. `Asia/Jakarta`.
  public var timeZone: TimeZone
  public var roomID: RoomID?
  /// Free-text location, shown after the room's own.
  public var location: String?
  /// iCalendar SEQUENCE: bumped by every change that attendees must be told about.
  public var sequence: Int
  public var status: MeetingStatus
  public var createdAt: Date
  /// How the meeting repeats; nil for a one-off. `start` and `end` are then the first occurrence's.
  public var recurrence: MeetingRecurrence?
  /// What happens to an occurrence that falls on a public holiday; nil keeps it (and flags it).
  public var onHoliday: HolidayPolicy?
  /// Who gets the reminders.
  public var reminderRecipients: ReminderRecipients = .notDeclined
  /// How the reminders go out.
  public var reminderChannel: ReminderChannel = .both
  /// Whether invitations list every attendee or only their recipient; nil: decided by the
  /// configuration at each sending (`GuestListDefault`).
  public var guestList: GuestList?

  public init(
    id: MeetingID, uid: String, title: String, description: String? = nil, start: Date, end: Date,
    timeZone: TimeZone, roomID: RoomID? = nil, location: String? = nil, sequence: Int = 0,
    status: MeetingStatus = .confirmed, createdAt: Date, recurrence: MeetingRecurrence? = nil,
    onHoliday: HolidayPolicy? = nil
  ) {
    self.recurrence = recurrence
    self.onHoliday = onHoliday
    self.id = id
    self.uid = uid
    self.title = title
    self.description = description
    self.start = start
    self.end = end
    self.timeZone = timeZone
    self.roomID = roomID
    self.location = location
    self.sequence = sequence
    self.status = status
    self.createdAt = createdAt
  }

  /// How long each occurrence lasts.
  public var duration: TimeInterval { end.timeIntervalSince(start) }

  /// Whether the meeting repeats.
  public var isSeries: Bool { recurrence != nil }

  /// The half-open interval the meeting (its first occurrence) occupies.
  public var interval: DateInterval { DateInterval(start: start, end: end) }

  /// Whether two meetings' times overlap (touching end to start does not count).
  public func overlaps(start otherStart: Date, end otherEnd: Date) -> Bool {
    start < otherEnd && otherStart < end
  }
}

/// The repetition of a series: an RFC 5545 RRULE with its RDATEs and EXDATEs, evaluated in the
/// meeting's zone from its start. PokjaRecurrence validates and expands it.
public struct MeetingRecurrence: Hashable, Sendable, Codable {
  /// The RRULE value, e.g. `FREQ=MONTHLY;BYDAY=1MO`; nil when the series is only RDATEs.
  public var rule: String?
  /// Extra occurrences (their starts).
  public var rdates: [Date]
  /// Occurrences taken out, by their original start: cancelled ones among them.
  public var exdates: [Date]

  public init(rule: String?, rdates: [Date] = [], exdates: [Date] = []) {
    self.rule = rule
    self.rdates = rdates
    self.exdates = exdates
  }
}

/// What a series does with an occurrence that falls on a public holiday or collective leave day.
public enum HolidayPolicy: String, Hashable, Sendable, Codable, CaseIterable {
  /// Leave it out.
  case skip
  /// Move it to the next working day, same time.
  case nextWorkday = "next-workday"
  /// Move it to the previous working day, same time.
  case previousWorkday = "previous-workday"
}

/// One occurrence of a series changed on its own (moved, retitled, another room): an iCalendar
/// VEVENT with RECURRENCE-ID.
public struct MeetingOverride: Hashable, Sendable, Codable {
  public var meetingID: MeetingID
  /// The occurrence's original start: its identity within the series.
  public var recurrenceID: Date
  public var start: Date
  public var end: Date
  public var title: String?
  public var location: String?
  public var roomID: RoomID?
  /// The SEQUENCE the change was sent with.
  public var sequence: Int

  public init(
    meetingID: MeetingID, recurrenceID: Date, start: Date, end: Date, title: String? = nil,
    location: String? = nil, roomID: RoomID? = nil, sequence: Int
  ) {
    self.meetingID = meetingID
    self.recurrenceID = recurrenceID
    self.start = start
    self.end = end
    self.title = title
    self.location = location
    self.roomID = roomID
    self.sequence = sequence
  }
}

/// One occurrence of a meeting as planned: a one-off meeting has exactly one.
public struct MeetingOccurrence: Hashable, Sendable, Codable {
  public var meetingID: MeetingID
  /// The original start (equal to `start` unless the occurrence was moved).
  public var recurrenceID: Date
  public var start: Date
  public var end: Date
  public var roomID: RoomID?

  public init(meetingID: MeetingID, recurrenceID: Date, start: Date, end: Date, roomID: RoomID?) {
    self.meetingID = meetingID
    self.recurrenceID = recurrenceID
    self.start = start
    self.end = end
    self.roomID = roomID
  }

  /// Whether this occurrence overlaps `start..<end` (touching does not count).
  public func overlaps(start otherStart: Date, end otherEnd: Date) -> Bool {
    start < otherEnd && otherStart < end
  }
}

/// Whether a meeting takes place.
public enum MeetingStatus: String, Sendable, Codable {
  case confirmed
  case cancelled
}

/// One person invited to a meeting.
public struct Attendee: Hashable, Sendable, Codable {
  public var meetingID: MeetingID
  public var contactID: ContactID
  public var role: AttendeeRole
  public var participation: ParticipationStatus

  public init(
    meetingID: MeetingID, contactID: ContactID, role: AttendeeRole = .required,
    participation: ParticipationStatus = .needsAction
  ) {
    self.meetingID = meetingID
    self.contactID = contactID
    self.role = role
    self.participation = participation
  }
}

/// An attendee's part in the meeting (iCalendar ROLE).
public enum AttendeeRole: String, Sendable, Codable, CaseIterable {
  case chair = "CHAIR"
  case required = "REQ-PARTICIPANT"
  case optional = "OPT-PARTICIPANT"
  case informational = "NON-PARTICIPANT"
}

/// An attendee's answer (iCalendar PARTSTAT).
public enum ParticipationStatus: String, Sendable, Codable, CaseIterable {
  case needsAction = "NEEDS-ACTION"
  case accepted = "ACCEPTED"
  case declined = "DECLINED"
  case tentative = "TENTATIVE"
}
