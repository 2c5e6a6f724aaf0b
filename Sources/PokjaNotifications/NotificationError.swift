import Foundation
import PokjaCore
import PokjaScheduling

/// Why a notification could not be composed or sent.
public enum NotificationError: Error, Equatable, Sendable {
  case missingTemplate(String)
  case invalidTemplate(String, String)
  /// A template that does not compile: the file (or key), where, the tag and why.
  case templateSyntax(file: String, line: Int, column: Int, tag: String, reason: String)
  /// A template file or folder that cannot be read or written.
  case unreadableTemplate(String, String)
  /// `notify templates --dump` never overwrites a file.
  case templateExists(String)
  /// The message could not be put together (an unsafe header value, say).
  case composition(String)
  case meetingCancelled(MeetingID)
  case noAttendees(MeetingID)
  /// `pokja programme brief` for a meeting without sessions.
  case noProgramme(MeetingID)
  case messageNotFound(String)
  /// Only queued and given-up messages can be made due again.
  case notRetryable(OutboundMessageID, OutboxState)
  /// Only queued and given-up messages can be withdrawn.
  case notCancellable(OutboundMessageID, OutboxState)
  /// `outbox purge --sent-before` a moment that has not come yet (as the user wrote it).
  case purgeInTheFuture(String)
  /// `outbox show --raw` of a message whose contents `outbox purge` dropped.
  case contentPurged(OutboundMessageID)
  /// The documents to attach weigh more than a mail server takes (bytes, the limit).
  case documentsTooLarge(Int, limit: Int)
  /// `--documents link` without `[web] url`.
  case noDocumentLinks
}

extension NotificationError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .missingTemplate(let name):
      "No template '\(name)'. Add \(name).mustache to the templates folder."
    case .invalidTemplate(let name, let reason):
      "Template '\(name)' cannot be read: \(reason). Fix the template file."
    case .templateSyntax(let file, let line, let column, let tag, let reason):
      "Template \(file), line \(line), column \(column), at \(tag): \(reason). Fix the template: nothing is sent until it compiles."
    case .unreadableTemplate(let path, let reason):
      "Template \(path) cannot be read or written: \(reason)"
    case .templateExists(let path):
      "\(path) exists already; dump into an empty folder (nothing is overwritten)."
    case .composition(let reason):
      "The message could not be composed: \(reason)"
    case .meetingCancelled(let id):
      "Meeting \(id) is cancelled; no invitations are sent for it."
    case .noAttendees(let id):
      "Meeting \(id) has no attendees. Add some with --attendee when scheduling."
    case .noProgramme(let id):
      "Meeting \(id) has no programme yet. Add sessions with 'pokja programme add \(id)' and people with 'pokja programme assign'."
    case .messageNotFound(let reference):
      "No message '\(reference)' in the outbox. 'pokja outbox list' shows the IDs."
    case .notRetryable(let id, let state):
      "Message \(id) is \(state.rawValue): only queued and given-up (dead) messages can be retried."
    case .notCancellable(let id, let state):
      "Message \(id) is \(state.rawValue): only queued and given-up (dead) messages can be withdrawn."
    case .purgeInTheFuture(let given):
      "--sent-before \(given) has not come yet: only what was sent before a day or time that has passed can be purged. Give today's date or an earlier one."
    case .contentPurged(let id):
      "The contents of message \(id) were dropped by 'pokja outbox purge'; 'pokja outbox show \(id)' still tells who got what, and when."
    case .documentsTooLarge(let size, let limit):
      "The meeting's documents come to \(DocumentLibrary.sizeText(size)); at most \(DocumentLibrary.sizeText(limit)) can go by mail. Send links instead (--documents link, with [web] url set) or remove a document ('pokja doc remove'). Nothing was sent."
    case .noDocumentLinks:
      "--documents link needs [web] url in the configuration: the links point to 'pokja serve'. Nothing was sent."
    }
  }
}
