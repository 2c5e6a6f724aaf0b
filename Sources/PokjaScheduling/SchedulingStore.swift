import Foundation
import PokjaCore

/// What scheduling needs from storage. Live: `SQLiteStore` in PokjaPersistence.
public protocol SchedulingStore: Sendable {
  /// Stores a new room (its `id` is ignored) and returns it with the ID it was given.
  func insert(_ room: Room) throws -> Room
  /// Every room, by name.
  func rooms() throws -> [Room]
  /// The room with this ID or exact name, or nil.
  func room(_ reference: Reference<Room>) throws -> Room?
  /// Every meeting, by start.
  func meetings() throws -> [Meeting]
  /// One meeting, or nil.
  func meeting(_ id: MeetingID) throws -> Meeting?
  /// The meeting with this iCalendar UID, or nil.
  func meeting(uid: String) throws -> Meeting?
  /// The meeting's attendees, in the order they were added.
  func attendees(of meeting: MeetingID) throws -> [Attendee]
  /// The meeting's reminder rules, longest offset first.
  func reminders(of meeting: MeetingID) throws -> [Reminder]
  /// The occurrences of a series changed on their own, by original start.
  func overrides(of meeting: MeetingID) throws -> [MeetingOverride]
  /// Answers given for single occurrences, by occurrence.
  func occurrenceReplies(of meeting: MeetingID) throws -> [OccurrenceReply]
  /// Planned occurrences of confirmed meetings starting in `from..<to`, by start; only `meeting`'s
  /// when given, only those `attendee` is invited to when given.
  func occurrences(from: Date, to: Date, meeting: MeetingID?, attendee: ContactID?) throws
    -> [MeetingOccurrence]
  /// Occurrences with reminders due at `now` (due time passed, occurrence not yet started), each
  /// with its meeting and the reminders whose time has come.
  func dueReminders(at now: Date) throws -> [(Meeting, MeetingOccurrence, [Reminder])]
  /// When each of `contacts` is due at a meeting (occurrences overlapping `from..<to` of meetings
  /// they attend and have not declined), and when each room is booked.
  func busyTimes(from: Date, to: Date, contacts: [ContactID]) throws -> BusyTimes
  /// Occurrences that started after `since` and by `now` (one starting at `now` is missed, not
  /// due), with reminders, for which no reminder is in the outbox at all: missed while Pokja was
  /// not running.
  func missedReminders(at now: Date, since: Date) throws -> [(
    Meeting, MeetingOccurrence, [Reminder]
  )]
  /// Confirmed series planned only up to before `date`: they need planning further ahead.
  func seriesPlanned(before date: Date) throws -> [Meeting]
  /// The sessions of the meeting's programme, by start, then ID, each with its people in order.
  func sessions(of meeting: MeetingID) throws -> [ProgrammeSession]
  /// One session, or nil.
  func session(_ id: SessionID) throws -> ProgrammeSession?
  /// A stored fact about the data (`holidays`: the holiday data the plans were made with).
  func setting(_ key: String) throws -> String?
  /// Runs `body` in one write transaction: everything it does is kept, or nothing is.
  func write<T>(_ body: (any SchedulingTransaction) throws -> T) throws -> T
}

/// What a scheduling write transaction can do. Checks and writes in one transaction, so two
/// secretaries booking one room at once cannot both succeed.
public protocol SchedulingTransaction {
  /// For each interval, the first occurrence of another confirmed meeting in `room` that overlaps
  /// it; at most `limit` clashes. Meetings in `excluding` are ignored (the one being changed).
  func roomClashes(
    room: RoomID, intervals: [DateInterval], excluding: MeetingID?, limit: Int
  ) throws -> [Clash]
  /// Occurrences of other confirmed meetings that one of `contacts` attends and that overlap one of
  /// `intervals`; at most `limit`.
  func attendeeClashes(
    contacts: [ContactID], intervals: [DateInterval], excluding: MeetingID?, limit: Int
  ) throws -> [AttendeeClash]
  /// Stores a new meeting (its `id` is ignored) with its attendees and reminders, and returns it
  /// with the ID it was given (its occurrences are stored with `replaceOccurrences`).
  func insert(_ meeting: Meeting, attendees: [ContactID], reminders: [TimeSpan]) throws -> Meeting
  /// Stores a fact about the data.
  func setSetting(_ key: String, _ value: String) throws
  /// Stores a changed meeting: title, times, zone, room, location, sequence, status, recurrence.
  func update(_ meeting: Meeting) throws
  /// Stores a new session of a programme (its `id` is ignored) with its people, and returns it
  /// with the ID it was given.
  func insert(_ session: ProgrammeSession) throws -> ProgrammeSession
  /// Stores a changed session: its times, title, place, description and people.
  func update(_ session: ProgrammeSession) throws
  /// Deletes a session with its people.
  func deleteSession(_ id: SessionID) throws
  /// Replaces the meeting's planned occurrences.
  func replaceOccurrences(
    of meeting: MeetingID, with occurrences: [MeetingOccurrence], plannedThrough: Date) throws
  /// Replaces the meeting's changed occurrences.
  func replaceOverrides(of meeting: MeetingID, with overrides: [MeetingOverride]) throws
  /// Replaces the meeting's attendees (keeping the order given and each one's answer).
  func replaceAttendees(of meeting: MeetingID, with attendees: [Attendee]) throws
  /// Replaces the meeting's reminder rules.
  func replaceReminders(of meeting: MeetingID, with offsets: [TimeSpan]) throws
  /// Records an answer for one occurrence (nil: for the series, on the attendee row).
  func setReply(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, participation: ParticipationStatus)
    throws
  /// For an attendee removed from the meeting: withdraws their queued messages about it and frees
  /// the keys of what they were sent, so that inviting them again sends the invitation again.
  func forgetMessages(meeting: MeetingID, contact: ContactID) throws
  /// Marks the invitations of version `from` that these contacts have as being of version `to`
  /// (when the new version differs only in the list of attendees).
  func carryForwardInvitations(
    meeting: MeetingID, from: Int, to: Int, contacts: [ContactID]) throws
  /// Withdraws queued, not yet claimed messages of these kinds about the meeting: about the
  /// occurrences that start originally in `occurrences` when given, else all; returns how many.
  func withdrawQueuedMessages(
    meeting: MeetingID, occurrences: ClosedRange<Date>?, kinds: [MessageKind]
  ) throws -> Int
}

/// An answer given for one occurrence of a series.
public struct OccurrenceReply: Hashable, Sendable {
  public var recurrenceID: Date
  public var contactID: ContactID
  public var participation: ParticipationStatus

  public init(recurrenceID: Date, contactID: ContactID, participation: ParticipationStatus) {
    self.recurrenceID = recurrenceID
    self.contactID = contactID
    self.participation = participation
  }
}

/// Another meeting's occurrence in the way of a booking.
public struct Clash: Hashable, Sendable {
  /// The other meeting.
  public var meeting: Meeting
  /// Its occurrence that overlaps.
  public var occurrence: MeetingOccurrence
  /// The requested time it overlaps.
  public var requested: DateInterval

  public init(meeting: Meeting, occurrence: MeetingOccurrence, requested: DateInterval) {
    self.meeting = meeting
    self.occurrence = occurrence
    self.requested = requested
  }
}

/// An attendee who is due at another meeting at the same time.
public struct AttendeeClash: Hashable, Sendable {
  public var contactID: ContactID
  public var clash: Clash

  public init(contactID: ContactID, clash: Clash) {
    self.contactID = contactID
    self.clash = clash
  }
}

/// Who and what is taken when: the input of `meeting suggest`.
public struct BusyTimes: Sendable, Hashable {
  public var people: [ContactID: [BusyInterval]]
  public var rooms: [RoomID: [BusyInterval]]

  public init(people: [ContactID: [BusyInterval]], rooms: [RoomID: [BusyInterval]]) {
    self.people = people
    self.rooms = rooms
  }
}

extension SchedulingTransaction {
  /// Stores `plan` as the meeting's planned occurrences.
  func store(_ plan: SeriesPlan, of meeting: MeetingID) throws {
    try replaceOccurrences(
      of: meeting, with: plan.occurrences.map(\.occurrence), plannedThrough: plan.plannedThrough)
  }
}
