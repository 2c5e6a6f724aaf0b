import Foundation

/// A reminder rule of a meeting: "send a reminder this long before the start".
public struct Reminder: Identifiable, Hashable, Sendable, Codable {
  public var id: ReminderID
  public var meetingID: MeetingID
  /// How long before the meeting's start the reminder is due.
  public var offset: TimeSpan

  public init(id: ReminderID, meetingID: MeetingID, offset: TimeSpan) {
    self.id = id
    self.meetingID = meetingID
    self.offset = offset
  }

  /// When this reminder falls due for a meeting starting at `start`.
  public func dueDate(forMeetingStartingAt start: Date) -> Date {
    start.addingTimeInterval(-offset.timeInterval)
  }
}
