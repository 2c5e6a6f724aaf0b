import Foundation
import PokjaCore
import PokjaScheduling

/// Sends what a change to a meeting requires: REQUESTs with the new SEQUENCE to everyone still
/// invited, an invitation to those added, a CANCEL to those removed or to all when the meeting (or an
/// occurrence) is cancelled. Queued in the outbox in one transaction, then delivered; people marked
/// do-not-contact get nothing.
public struct ChangeNotices: Sendable {
  private let composer: MessageComposer
  private let outbox: Outbox

  public init(composer: MessageComposer, outbox: Outbox) {
    self.composer = composer
    self.outbox = outbox
  }

  /// The drafts for every notice of `change`, one per recipient.
  public func drafts(for change: MeetingChange) throws -> [OutboundDraft] {
    var drafts: [OutboundDraft] = []
    for notice in change.notices {
      for recipient in notice.recipients where !recipient.contact.doNotContact {
        drafts.append(try composer.notice(notice, to: recipient))
      }
    }
    return drafts
  }

  /// How many recipients of `change`'s notices are left out because they opted out.
  public static func optedOut(in change: MeetingChange) -> Int {
    change.notices.reduce(0) { $0 + $1.recipients.filter(\.contact.doNotContact).count }
  }

  /// Queues and delivers the notices of `change`.
  public func send(_ change: MeetingChange) throws -> SendReport {
    // A split tells both parts: deliver what is due for either (nil: everything due).
    let meetings = Set(change.notices.map(\.details.meeting.id))
    let now = composer.now
    var events = [
      (
        WebhookEvent.changed(
          change.details, occurrence: change.notices.first?.occurrence, at: now),
        Optional(change.details)
      )
    ]
    if let earlier = change.earlierPart {
      events.append((WebhookEvent.changed(earlier, occurrence: nil, at: now), earlier))
    }
    var report = try outbox.send(
      drafts(for: change), events: events, meeting: meetings.count == 1 ? meetings.first : nil)
    report.meeting = change.details.meeting
    report.skippedOptedOut = Self.optedOut(in: change)
    return report
  }
}
