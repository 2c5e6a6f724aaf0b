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

/// How a meeting's reminders go out.
public enum ReminderChannel: String, Hashable, Sendable, Codable, CaseIterable {
  /// Mail to each recipient (the default).
  case email
  /// Only the `reminder` event to the webhook channels (a group chat, say).
  case webhook
  case both

  public var sendsMail: Bool { self != .webhook }
  public var sendsWebhooks: Bool { self != .email }
}

/// Who gets a meeting's reminders.
public enum ReminderRecipients: String, Hashable, Sendable, Codable, CaseIterable {
  /// Every attendee (who may be written to).
  case all
  /// Every attendee who has not declined (the series, or that occurrence): the default.
  case notDeclined = "not-declined"
  /// Only the secretariat (the organiser), to prepare the room and the papers.
  case organiser
}
