import Foundation
import PokjaCore

/// What scheduling needs from storage. Live: `SQLiteStore` in PokjaPersistence.
public protocol SchedulingStore: Sendable {
  /// Stores a new room.
  func insert(_ room: NewRoom) throws -> Room
  /// Every room, by name.
  func rooms() throws -> [Room]
  /// The room with this ID or exact name, or nil.
  func room(_ reference: Reference<Room>) throws -> Room?
  /// Every meeting, by start.
  func meetings() throws -> [Meeting]
  /// One meeting, or nil.
  func meeting(_ id: MeetingID) throws -> Meeting?
  /// The meeting's attendees, in the order they were added.
  func attendees(of meeting: MeetingID) throws -> [Attendee]
  /// The meeting's reminder rules, longest offset first.
  func reminders(of meeting: MeetingID) throws -> [Reminder]
  /// Confirmed meetings that have reminders due at `now` (due date passed, meeting not yet started).
  func meetingsWithDueReminders(at now: Date) throws -> [(Meeting, [Reminder])]
  /// Runs `body` in one write transaction: everything it does is kept, or nothing is.
  func write<T>(_ body: (any SchedulingTransaction) throws -> T) throws -> T
}

/// What a scheduling write transaction can do. Checks and inserts in one transaction, so two
/// secretaries booking one room at once cannot both succeed.
public protocol SchedulingTransaction {
  /// Confirmed meetings in `room` whose time overlaps `interval`.
  func meetings(inRoom room: RoomID, overlapping interval: DateInterval) throws -> [Meeting]
  /// Stores a meeting with its attendees and reminders.
  func insert(_ draft: MeetingDraft) throws -> Meeting
}

/// A validated meeting ready to be stored.
public struct MeetingDraft: Sendable, Hashable {
  public var uid: String
  public var title: String
  public var description: String?
  public var start: Date
  public var end: Date
  public var timeZone: TimeZone
  public var roomID: RoomID?
  public var location: String?
  public var attendees: [ContactID]
  public var reminders: [TimeSpan]
  public var createdAt: Date

  public init(
    uid: String, title: String, description: String?, start: Date, end: Date,
    timeZone: TimeZone, roomID: RoomID?, location: String?, attendees: [ContactID],
    reminders: [TimeSpan], createdAt: Date
  ) {
    self.uid = uid
    self.title = title
    self.description = description
    self.start = start
    self.end = end
    self.timeZone = timeZone
    self.roomID = roomID
    self.location = location
    self.attendees = attendees
    self.reminders = reminders
    self.createdAt = createdAt
  }
}
