import Foundation
import PokjaCore
import PokjaScheduling

/// What became of one answer read from the secretariat's inbox.
public enum InboxOutcome: Sendable, Hashable {
  /// Recorded (`changed` false: the attendee had given that answer already).
  case recorded(meeting: MeetingID, contact: ContactID, answer: ParticipationStatus, changed: Bool)
  /// To an older version of the meeting than the current one: not applied.
  case stale(meeting: MeetingID, contact: ContactID, sequence: Int, current: Int)
  /// NEEDS-ACTION is no answer: nothing to record.
  case noAnswer(meeting: MeetingID, contact: ContactID)
  /// No meeting has that UID (not one of ours, or deleted).
  case unknownMeeting(uid: String)
  /// Neither the ATTENDEE nor the sender is an attendee of the meeting.
  case notAnAttendee(meeting: MeetingID, address: String)
  case cancelled(meeting: MeetingID)
  /// The RECURRENCE-ID is no occurrence of the series.
  case unknownOccurrence(meeting: MeetingID, occurrence: Date)

  /// Whether the mail can be filed as done (else it goes to the unmatched folder).
  public var isMatched: Bool {
    switch self {
    case .recorded, .stale, .noAnswer, .cancelled: true
    case .unknownMeeting, .notAnAttendee, .unknownOccurrence: false
    }
  }
}

/// Applies iTIP REPLY answers read from mail: only to the meeting whose UID the reply names, only
/// for one of its attendees (the ATTENDEE's address, or failing that the sender's, is one of the
/// contact's addresses), and only when the reply is to the meeting's current version (SEQUENCE).
/// Nothing in a mail changes anything else: no other meeting, no contact, no template.
public struct InboxReplies: Sendable {
  private let scheduler: MeetingScheduler
  private let replies: Replies

  public init(scheduler: MeetingScheduler, replies: Replies) {
    self.scheduler = scheduler
    self.replies = replies
  }

  /// Applies one answer; `sender` is the mail's From address (lowercased).
  public func apply(_ reply: ITIPReply, sender: String?, deliver: Bool = true) throws
    -> InboxOutcome
  {
    let match: Match
    switch try self.match(uid: reply.uid, attendee: reply.attendee, sender: sender) {
    case .success(let found): match = found
    case .failure(let outcome): return outcome
    }
    let (meeting, details, contact) = (match.meeting, match.details, match.contact)
    guard meeting.status == .confirmed else { return .cancelled(meeting: meeting.id) }
    guard reply.sequence >= meeting.sequence else {
      return .stale(
        meeting: meeting.id, contact: contact, sequence: reply.sequence, current: meeting.sequence)
    }
    var occurrence: Date?
    if let recurrenceID = reply.recurrenceID, meeting.isSeries {
      guard
        let planned = details.plan?.occurrences.first(where: {
          $0.occurrence.recurrenceID == recurrenceID
        })
      else { return .unknownOccurrence(meeting: meeting.id, occurrence: recurrenceID) }
      occurrence = planned.occurrence.recurrenceID
    }
    let answer = reply.answer.participation
    guard answer != .needsAction else { return .noAnswer(meeting: meeting.id, contact: contact) }
    let recorded = try replies.record(
      meeting: meeting.id, contact: contact, answer: answer, occurrence: occurrence, via: "mail",
      deliver: deliver)
    return .recorded(
      meeting: meeting.id, contact: contact, answer: answer, changed: recorded.changed)
  }

  /// Reads a COUNTER proposal without applying it: which meeting and attendee it is from, for the
  /// secretary to decide (`pokja inbox list`).
  public func proposal(_ counter: ITIPCounter, sender: String?) throws -> InboxItem {
    var item = InboxItem(
      method: "COUNTER", outcome: .proposal, uid: counter.uid, attendee: counter.attendee,
      occurrence: counter.recurrenceID, comment: counter.comment,
      proposedStart: counter.start, proposedEnd: counter.end,
      proposedLocation: counter.location, sequence: counter.sequence)
    switch try match(uid: counter.uid, attendee: counter.attendee ?? "", sender: sender) {
    case .success(let found):
      item.meetingID = found.meeting.id
      item.contactID = found.contact
    case .failure(.unknownMeeting):
      item.outcome = .unknownMeeting
    case .failure(.notAnAttendee(let meeting, _)):
      item.outcome = .notAnAttendee
      item.meetingID = meeting
    case .failure:
      item.outcome = .notAnAttendee
    }
    return item
  }

  private enum Matching {
    case success(Match)
    /// Why nothing matched.
    case failure(InboxOutcome)
  }

  private struct Match {
    var meeting: Meeting
    var details: MeetingDetails
    var contact: ContactID
  }

  /// The meeting with `uid` and its attendee with the address `attendee` (else `sender`).
  private func match(uid: String, attendee: String, sender: String?) throws -> Matching {
    guard let meeting = try scheduler.meeting(uid: uid) else {
      return .failure(.unknownMeeting(uid: uid))
    }
    let details = try scheduler.details(of: meeting)
    let matches = { (address: String) in
      details.attendees.first { candidate in
        candidate.contact.emails.contains { $0.value.lowercased() == address.lowercased() }
      }
    }
    guard let found = matches(attendee) ?? sender.flatMap(matches) else {
      return .failure(.notAnAttendee(meeting: meeting.id, address: attendee))
    }
    return .success(Match(meeting: meeting, details: details, contact: found.contact.id))
  }
}
