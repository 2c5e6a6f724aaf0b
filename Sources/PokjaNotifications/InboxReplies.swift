import Foundation
import PokjaCore
import PokjaScheduling
import Synchronization

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
/// for the attendee who sent it, and only when the reply is to the meeting's current version
/// (SEQUENCE). The attendee who sent it: when the sender's address is an attendee's, the ATTENDEE
/// must be that same contact (one mail cannot answer for others); from an address pokja does not
/// know, an event naming one ATTENDEE is that attendee's (someone answering from another account),
/// an event naming several is nobody's. Nothing in a mail changes anything else: no other meeting,
/// no contact, no template.
///
/// One value serves one run over the inbox: what a meeting's answers are matched against (its
/// attendees' addresses, its version, its occurrences) is read once per meeting and kept, so a
/// thousand answers to one plenary read its attendees once, not a thousand times.
public struct InboxReplies: Sendable {
  private let scheduler: MeetingScheduler
  private let replies: Replies
  private let known = Known()

  public init(scheduler: MeetingScheduler, replies: Replies) {
    self.scheduler = scheduler
    self.replies = replies
  }

  /// The meetings read so far, by UID.
  private final class Known: Sendable {
    let targets = Mutex<[String: Target]>([:])
  }

  /// A meeting as answers are matched against it.
  private struct Target: Sendable {
    var meeting: Meeting
    /// The meeting as the store holds it, answers included.
    var details: MeetingDetails
    /// Each attendee's addresses, lowercased.
    var attendees: [String: ContactID]
    /// The original starts of the series' occurrences.
    var occurrences: Set<Date>
  }

  /// Applies one answer; `sender` is the mail's From address (lowercased), `alone` whether the
  /// answer's event names no other ATTENDEE. A changed answer queues `reply.received` for the
  /// channels that want it (the caller delivers the outbox).
  public func apply(_ reply: ITIPReply, sender: String?, alone: Bool = true) throws
    -> InboxOutcome
  {
    let target: Target
    let contact: ContactID
    switch try match(uid: reply.uid, attendee: reply.attendee, sender: sender, alone: alone) {
    case .success(let found, let who):
      target = found
      contact = who
    case .failure(let outcome): return outcome
    }
    let meeting = target.meeting
    guard meeting.status == .confirmed else { return .cancelled(meeting: meeting.id) }
    // A client that leaves SEQUENCE out cannot be told to answer an old version.
    if let sequence = reply.sequence, sequence < meeting.sequence {
      return .stale(
        meeting: meeting.id, contact: contact, sequence: sequence, current: meeting.sequence)
    }
    var occurrence: Date?
    if let recurrenceID = reply.recurrenceID, meeting.isSeries {
      guard target.occurrences.contains(recurrenceID) else {
        return .unknownOccurrence(meeting: meeting.id, occurrence: recurrenceID)
      }
      occurrence = recurrenceID
    }
    let answer = reply.answer.participation
    guard answer != .needsAction else { return .noAnswer(meeting: meeting.id, contact: contact) }
    let changed = try replies.recordMatched(
      meeting: meeting.id, contact: contact, answer: answer, occurrence: occurrence, via: "mail",
      details: { target.details })
    if changed {
      // What the store now holds, for the next answer's event.
      known.targets.withLock {
        $0[reply.uid]?.details = target.details.answered(
          by: contact, answer, occurrence: occurrence)
      }
    }
    return .recorded(meeting: meeting.id, contact: contact, answer: answer, changed: changed)
  }

  /// Reads a COUNTER proposal without applying it: which meeting and attendee it is from, for the
  /// secretary to decide (`pokja inbox list`).
  public func proposal(_ counter: ITIPCounter, sender: String?) throws -> InboxItem {
    var item = InboxItem(
      method: "COUNTER", outcome: .proposal, uid: counter.uid, attendee: counter.attendee,
      occurrence: counter.recurrenceID, comment: counter.comment,
      proposedStart: counter.start, proposedEnd: counter.end,
      proposedLocation: counter.location, sequence: counter.sequence)
    switch try match(
      uid: counter.uid, attendee: counter.attendee ?? "", sender: sender, alone: true)
    {
    case .success(let found, let contact):
      item.meetingID = found.meeting.id
      item.contactID = contact
    case .failure(.notAnAttendee(let meeting, _)):
      item.outcome = .notAnAttendee
      item.meetingID = meeting
    case .failure:
      item.outcome = .unknownMeeting
    }
    return item
  }

  private enum Matching {
    case success(Target, ContactID)
    /// Why nothing matched.
    case failure(InboxOutcome)
  }

  /// The meeting with `uid` and the attendee who answered (see the type's rule).
  private func match(uid: String, attendee: String, sender: String?, alone: Bool) throws
    -> Matching
  {
    guard let target = try target(uid: uid) else { return .failure(.unknownMeeting(uid: uid)) }
    let named = target.attendees[attendee.lowercased()]
    let sending = sender.flatMap { target.attendees[$0.lowercased()] }
    let contact: ContactID? =
      switch (named, sending) {
      case (let named?, let sending?): named == sending ? named : nil
      case (let named?, nil): alone ? named : nil
      case (nil, let sending?): alone ? sending : nil
      case (nil, nil): nil
      }
    guard let contact else {
      return .failure(.notAnAttendee(meeting: target.meeting.id, address: attendee))
    }
    return .success(target, contact)
  }

  /// The meeting whose UID is exactly `uid`. Its row is read each time (one row); its attendees
  /// and occurrences only when the meeting is new to this value or was changed since (another
  /// SEQUENCE or status: an edit, an attendee added, a cancellation).
  private func target(uid: String) throws -> Target? {
    guard let meeting = try scheduler.meeting(uid: uid) else { return nil }
    if let cached = known.targets.withLock({ $0[uid] }),
      cached.meeting.sequence == meeting.sequence, cached.meeting.status == meeting.status
    {
      return cached
    }
    let details = try scheduler.details(of: meeting)
    var attendees: [String: ContactID] = [:]
    for attendee in details.attendees {
      for address in attendee.contact.emails {
        attendees[address.value.lowercased()] = attendee.contact.id
      }
    }
    let target = Target(
      meeting: meeting, details: details, attendees: attendees,
      occurrences: Set(details.plan?.occurrences.map(\.occurrence.recurrenceID) ?? []))
    known.targets.withLock { $0[uid] = target }
    return target
  }
}
