import Foundation
import PokjaCore
import PokjaScheduling

/// Sends the reminders that are due: for every confirmed meeting not yet started whose reminder time has
/// passed, one message per attendee, queued then delivered. Meant for cron: a second run queues nothing
/// new, and it also retries whatever earlier runs left queued.
public struct Reminders: Sendable {
  private let store: any SchedulingStore
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer
  private let outbox: Outbox

  public init(
    store: any SchedulingStore, scheduler: MeetingScheduler, composer: MessageComposer,
    outbox: Outbox
  ) {
    self.store = store
    self.scheduler = scheduler
    self.composer = composer
    self.outbox = outbox
  }

  /// Queues every reminder due at `now`, then delivers everything due in the outbox.
  public func sendDue(at now: Date) throws -> SendReport {
    var drafts: [OutboundDraft] = []
    for (meeting, reminders) in try store.meetingsWithDueReminders(at: now) {
      let details = try scheduler.details(of: meeting)
      for reminder in reminders {
        for attendee in details.attendees {
          drafts.append(try composer.reminder(details, reminder, to: attendee))
        }
      }
    }
    let queued = try outbox.enqueue(drafts)
    let delivery = try outbox.deliverDue()
    return SendReport(meeting: nil, considered: drafts.count, queued: queued.count, delivery: delivery)
  }
}
