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
    var events: [(WebhookEvent, MeetingDetails?)] = []
    for (details, reminder) in try scheduler.dueReminders(at: now) {
      events.append((WebhookEvent.reminder(details, reminder, at: composer.now), details))
      // Those who declined (the series, or this occurrence) are not reminded.
      for attendee in details.attendees
      where !attendee.contact.doNotContact && attendee.attendee.participation != .declined {
        drafts.append(try composer.reminder(details, reminder, to: attendee))
      }
    }
    return try outbox.send(drafts, events: events, meeting: nil)
  }
}
