import Foundation
import PokjaCore
import PokjaScheduling

/// Records attendees' answers and tells the channels (`reply.received`): the one path for `pokja
/// rsvp` and the RSVP links of `pokja serve`.
public struct Replies: Sendable {
  private let scheduler: MeetingScheduler
  private let outbox: @Sendable () throws -> Outbox
  private let clock: any WallClock

  /// `outbox` is made only when an answer changed (a broken mail setup does not stop recording).
  public init(
    scheduler: MeetingScheduler, outbox: @escaping @Sendable () throws -> Outbox,
    clock: any WallClock
  ) {
    self.scheduler = scheduler
    self.outbox = outbox
    self.clock = clock
  }

  /// What recording an answer did.
  public struct Recorded: Sendable {
    /// The meeting as it now stands (focused on the occurrence answered for).
    public var details: MeetingDetails
    /// False when the attendee had given this answer already: nothing changed, nothing was sent.
    public var changed: Bool
    /// The channels' delivery, when an event was published.
    public var report: SendReport?
  }

  /// Records `contact`'s `answer` to `meeting` (to the occurrence originally starting at
  /// `occurrence`) and raises `reply.received` for the channels that want it: delivered now, or
  /// with `deliver` false only queued (the caller delivers later). Giving the same answer again
  /// changes nothing and raises nothing.
  public func record(
    meeting: MeetingID, contact: ContactID, answer: ParticipationStatus, occurrence: Date?,
    via: String, deliver: Bool = true
  ) throws -> Recorded {
    let before = try scheduler.details(of: meeting.description)
    let previous = Self.answer(of: contact, in: before, occurrence: occurrence)
    let details = try scheduler.reply(
      meeting: meeting, contact: contact, participation: answer, occurrence: occurrence)
    guard previous != answer,
      let person = details.attendees.first(where: { $0.contact.id == contact })?.contact
    else { return Recorded(details: details, changed: false, report: nil) }
    let event = WebhookEvent.replied(
      details, contact: person, answer: answer, occurrence: occurrence, via: via, at: clock.now())
    guard deliver else {
      try outbox().queue([], events: [(event, details)])
      return Recorded(details: details, changed: true, report: nil)
    }
    let report = try outbox().publish([(event, details)], meeting: meeting)
    return Recorded(details: details, changed: true, report: report)
  }

  /// Records an answer already matched to one of the meeting's attendees and, for a series, to
  /// one of its occurrences (`InboxReplies`), reading only the answers on record. When it changed
  /// and a channel wants `reply.received`, the event is queued (not delivered) with the meeting as
  /// `details(before)` makes it from the details before the answer (the caller may keep them
  /// rather than read a large meeting again). Returns whether the answer changed.
  public func recordMatched(
    meeting: MeetingID, contact: ContactID, answer: ParticipationStatus, occurrence: Date?,
    via: String, details: () throws -> MeetingDetails
  ) throws -> Bool {
    let previous = try scheduler.recordedAnswer(of: contact, to: meeting, occurrence: occurrence)
    guard previous != answer else { return false }
    try scheduler.writeReply(
      meeting: meeting, contact: contact, participation: answer, occurrence: occurrence)
    let outbox = try outbox()
    guard outbox.wants(.replyReceived) else { return true }
    var after = try details().answered(by: contact, answer, occurrence: occurrence)
    if let occurrence,
      let planned = after.plan?.occurrences.first(where: {
        $0.occurrence.recurrenceID == occurrence
      })
    {
      after = after.focused(on: planned.occurrence)
    }
    guard let person = after.attendees.first(where: { $0.contact.id == contact })?.contact
    else { return true }
    let event = WebhookEvent.replied(
      after, contact: person, answer: answer, occurrence: occurrence, via: via, at: clock.now())
    try outbox.queue([], events: [(event, after)])
    return true
  }

  /// The answer `contact` has on record: for `occurrence` when they answered for it alone, else
  /// for the whole meeting.
  public static func answer(of contact: ContactID, in details: MeetingDetails, occurrence: Date?)
    -> ParticipationStatus
  {
    if let occurrence,
      let reply = details.replies.first(where: {
        $0.contactID == contact && $0.recurrenceID == occurrence
      })
    {
      return reply.participation
    }
    return details.attendees.first { $0.contact.id == contact }?.attendee.participation
      ?? .needsAction
  }
}

/// Answers in words people use.
public enum ReplyWords {
  public static func answer(_ status: ParticipationStatus, language: Language) -> String {
    switch (status, language) {
    case (.accepted, .indonesian): "hadir"
    case (.accepted, .english): "accepted"
    case (.tentative, .indonesian): "mungkin hadir"
    case (.tentative, .english): "tentative"
    case (.declined, .indonesian): "tidak hadir"
    case (.declined, .english): "declined"
    case (.needsAction, .indonesian): "belum menjawab"
    case (.needsAction, .english): "no answer yet"
    }
  }
}
