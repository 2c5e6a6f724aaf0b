import Foundation

/// One VEVENT read from an iCalendar file by ``CalendarFileReader``, ready to be stored.
///
/// Times are instants; `timeZone` is the zone the event was written in (or the default zone for
/// UTC, floating and all-day times), which is where a recurrence rule runs and times are shown.
public struct ImportedEvent: Sendable, Hashable {
  /// The UID; events with the same UID are one series.
  public var uid: String
  /// The physical line of the event's `BEGIN:VEVENT`, for messages.
  public var line: Int
  /// SUMMARY, unescaped and trimmed; empty when the event has none (no title is invented).
  public var title: String
  /// DESCRIPTION, unescaped and trimmed; nil when missing or empty.
  public var description: String?
  /// LOCATION, unescaped and trimmed; nil when missing or empty.
  public var location: String?
  public var start: Date
  /// DTEND; else DTSTART + DURATION; else RFC 5545 §3.6.1's default: the next day for an all-day
  /// event, and `start` itself (a zero-length event) for one with a time.
  public var end: Date
  /// The resolved zone (an IANA zone, or a fixed offset for a custom VTIMEZONE without rules).
  public var timeZone: TimeZone
  /// True when DTSTART is a DATE: `start` is then midnight in the reader's default zone.
  public var isAllDay: Bool
  /// The RRULE value as written, already checked with `RecurrenceRule(parsing:)`.
  public var rrule: String?
  /// RDATE instants (a PERIOD counts by its start), sorted and without repeats.
  public var rdates: [Date]
  /// EXDATE instants, sorted and without repeats.
  public var exdates: [Date]
  /// RECURRENCE-ID: the original start of the occurrence this event replaces; nil on masters.
  public var recurrenceID: Date?
  /// SEQUENCE, 0 when missing.
  public var sequence: Int
  /// True for STATUS:CANCELLED.
  public var cancelled: Bool
  public var organizer: ImportedPerson?
  /// The ATTENDEEs in file order; ones without an email address are left out (with a warning).
  public var attendees: [ImportedPerson]

  /// An event; lists and optional details default to empty.
  public init(
    uid: String, line: Int, title: String, description: String? = nil, location: String? = nil,
    start: Date, end: Date, timeZone: TimeZone, isAllDay: Bool = false, rrule: String? = nil,
    rdates: [Date] = [], exdates: [Date] = [], recurrenceID: Date? = nil, sequence: Int = 0,
    cancelled: Bool = false, organizer: ImportedPerson? = nil, attendees: [ImportedPerson] = []
  ) {
    self.uid = uid
    self.line = line
    self.title = title
    self.description = description
    self.location = location
    self.start = start
    self.end = end
    self.timeZone = timeZone
    self.isAllDay = isAllDay
    self.rrule = rrule
    self.rdates = rdates
    self.exdates = exdates
    self.recurrenceID = recurrenceID
    self.sequence = sequence
    self.cancelled = cancelled
    self.organizer = organizer
    self.attendees = attendees
  }
}

/// An ORGANIZER or ATTENDEE of an imported event.
public struct ImportedPerson: Sendable, Hashable {
  /// The address, lowercased, without `mailto:`.
  public var email: String
  /// CN, if given.
  public var name: String?
  /// PARTSTAT as written (`ACCEPTED`, `NEEDS-ACTION`, ...), if given.
  public var participationStatus: String?
  /// ROLE as written (`REQ-PARTICIPANT`, `CHAIR`, ...), if given.
  public var role: String?

  /// A person; the email is stored as given.
  public init(
    email: String, name: String? = nil, participationStatus: String? = nil, role: String? = nil
  ) {
    self.email = email
    self.name = name
    self.participationStatus = participationStatus
    self.role = role
  }
}

/// A master event with the events that replace some of its occurrences.
public struct ImportedSeries: Sendable, Hashable {
  /// The event without RECURRENCE-ID (`recurrenceID` is always nil here).
  public var master: ImportedEvent
  /// Events with the master's UID and a RECURRENCE-ID, sorted by `recurrenceID`.
  public var overrides: [ImportedEvent]

  /// A series.
  public init(master: ImportedEvent, overrides: [ImportedEvent] = []) {
    self.master = master
    self.overrides = overrides
  }
}

/// What ``CalendarFileReader`` found in a file.
public struct CalendarFileContents: Sendable, Hashable {
  /// One entry per UID, in the order each UID first appears in the file.
  public var series: [ImportedSeries]
  /// Things the reader decided on the user's behalf, each starting `file:line:` (or `file:`).
  public var warnings: [String]

  /// Contents.
  public init(series: [ImportedSeries], warnings: [String] = []) {
    self.series = series
    self.warnings = warnings
  }
}
