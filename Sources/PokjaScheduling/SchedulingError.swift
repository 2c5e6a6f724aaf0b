import Foundation
import PokjaCore

/// Why a scheduling request was refused.
public enum SchedulingError: Error, Equatable, Sendable {
  case roomNotFound(String)
  case meetingNotFound(String)
  case attendeeNotFound(String)
  /// `--attendee` named nobody: the resolver's reason (no such contact, no such group).
  case attendeeUnresolved(String, reason: String)
  case duplicateRoom(name: String, existing: RoomID)
  /// The room is taken at an overlapping time by another meeting.
  case roomDoubleBooked(
    room: String, by: MeetingID, title: String, start: Date, end: Date, zone: TimeZone)
  case missingEnd
  case endAndDuration
  case meetingTooLong(TimeSpan)
  /// The holiday data file cannot be read.
  case holidayData(String, String)
  case reminderTooLong(TimeSpan)
}

extension SchedulingError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .roomNotFound(let reference):
      "No room '\(reference)'. Name it by the ID or exact name that 'pokja room list' shows, or add it with 'pokja room add'."
    case .meetingNotFound(let reference):
      "No meeting '\(reference)'. 'pokja meeting list' shows the IDs."
    case .attendeeNotFound(let reference):
      "--attendee '\(reference)': no such contact. Name contacts by the ID or email that 'pokja contact list' shows."
    case .attendeeUnresolved(let reference, let reason):
      "--attendee '\(reference)': \(reason)"
    case .duplicateRoom(let name, let existing):
      "A room named '\(name)' already exists (ID \(existing))."
    case .roomDoubleBooked(let room, let other, let title, let start, let end, let zone):
      "Room '\(room)' is already booked by meeting \(other) '\(title)' (\(LocalTime.span(start, end, in: zone))). Choose another room or time."
    case .missingEnd:
      "Say when the meeting ends: --end 12:00 (or a full date-time) or --duration 2h."
    case .endAndDuration:
      "Give either --end or --duration, not both."
    case .holidayData(let file, let reason):
      "The holiday data \(file) cannot be read: \(reason). Fix the file (see docs/holidays.md) or remove it to use Pokja's own."
    case .meetingTooLong(let span):
      "A meeting of \(span) is longer than Pokja allows (14 days). Check --end or --duration."
    case .reminderTooLong(let span):
      "--remind \(span): reminders can be at most 60 days before the start."
    }
  }
}
