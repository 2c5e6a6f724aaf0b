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

  public init(
    id: MeetingID, uid: String, title: String, description: String? = nil, start: Date, end: Date,
    timeZone: TimeZone, roomID: RoomID? = nil, location: String? = nil, sequence: Int = 0,
    status: MeetingStatus = .confirmed, createdAt: Date
  ) {
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

  /// The half-open interval the meeting occupies.
  public var interval: DateInterval { DateInterval(start: start, end: end) }

  /// Whether two meetings' times overlap (touching end to start does not count).
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
