import Foundation
import PokjaCore
import PokjaScheduling

/// Sends the reminders that are due: for every occurrence not yet started whose reminder time has
/// passed, one message per attendee who has not declined (for the reminder nearest the start), queued then delivered. Meant for cron: a second run queues nothing
/// new, and it also retries whatever earlier runs left queued.
public struct Reminders: Sendable {
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer
  private let outbox: Outbox

  public init(scheduler: MeetingScheduler, composer: MessageComposer, outbox: Outbox) {
    self.scheduler = scheduler
    self.composer = composer
    self.outbox = outbox
  }

  /// Queues every reminder due at `now`, then delivers everything due in the outbox.
  public func sendDue(at now: Date) throws -> SendReport {
    var drafts: [OutboundDraft] = []
    var optedOut = 0
    var events: [(WebhookEvent, MeetingDetails?)] = []
    for (details, reminder) in try scheduler.dueReminders(at: now) {
      // `--remind-via`: mail to the recipients, the `reminder` event to the channels, or both.
      let channel = details.meeting.reminderChannel
      if channel.sendsWebhooks {
        events.append((WebhookEvent.reminder(details, reminder, at: composer.now), details))
      }
      guard channel.sendsMail else { continue }
      let (due, skipped) = try reminders(details, reminder)
      drafts += due
      optedOut += skipped
    }
    // Reminders missed while Pokja was down, for meetings that have started since: not sent (too
    // late), recorded as withdrawn so they are said once and never sent by a later run.
    var missedReminders: [SkippedReminder] = []
    for (details, reminder) in try scheduler.missedReminders(at: now) {
      let (missed, _) = try reminders(details, reminder)
      guard !missed.isEmpty else { continue }
      try outbox.recordWithdrawn(
        missed, reason: "not sent: the meeting had started before the reminder could go out")
      missedReminders.append(
        SkippedReminder(meeting: details.meeting, reminder: reminder, recipients: missed.count))
    }
    var report = try outbox.send(drafts, events: events, meeting: nil)
    report.skippedReminders = missedReminders
    report.skippedOptedOut = optedOut
    return report
  }

  /// One reminder per recipient the meeting names (`ReminderRecipients`): every attendee, those of
  /// them who have not declined (the series, or this occurrence), or only the secretariat; never
  /// anyone marked do-not-contact (counted as opted out).
  private func reminders(_ details: MeetingDetails, _ reminder: Reminder) throws
    -> (drafts: [OutboundDraft], optedOut: Int)
  {
    let recipients: [AttendeeDetails]
    switch details.meeting.reminderRecipients {
    case .all: recipients = details.attendees
    case .notDeclined:
      recipients = details.attendees.filter { $0.attendee.participation != .declined }
    case .organiser: recipients = [composer.organiserAsAttendee(of: details.meeting.id)]
    }
    let allowed = recipients.filter { !$0.contact.doNotContact }
    return (
      try allowed.map { try composer.reminder(details, reminder, to: $0) },
      recipients.count - allowed.count
    )
  }
}

/// A reminder that was due while Pokja was not running, for a meeting that has started since.
public struct SkippedReminder: Sendable, Equatable {
  /// The meeting, with the occurrence's times.
  public var meeting: Meeting
  public var reminder: Reminder
  /// How many people would have had it.
  public var recipients: Int
}
