import Foundation
import PokjaCore

/// Why a notification could not be composed or sent.
public enum NotificationError: Error, Equatable, Sendable {
  case missingTemplate(String)
  case invalidTemplate(String, String)
  /// The message could not be put together (an unsafe header value, say).
  case composition(String)
  case meetingCancelled(MeetingID)
  case noAttendees(MeetingID)
}

extension NotificationError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .missingTemplate(let name):
      "No template '\(name)'. Add \(name).mustache to the templates folder."
    case .invalidTemplate(let name, let reason):
      "Template '\(name)' cannot be read: \(reason). Fix the template file."
    case .composition(let reason):
      "The message could not be composed: \(reason)"
    case .meetingCancelled(let id):
      "Meeting \(id) is cancelled; no invitations are sent for it."
    case .noAttendees(let id):
      "Meeting \(id) has no attendees. Add some with --attendee when scheduling."
    }
  }
}
