import Foundation
import PokjaCore
import PokjaScheduling

/// Sends a meeting's invitations: one iMIP message per attendee, queued in the outbox in one
/// transaction, then delivered. Running it again sends nothing twice: an attendee who already has this
/// version (SEQUENCE) of the meeting is skipped, and only what is still queued is retried.
public struct Invitations: Sendable {
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer
  private let outbox: Outbox

  public init(scheduler: MeetingScheduler, composer: MessageComposer, outbox: Outbox) {
    self.scheduler = scheduler
    self.composer = composer
    self.outbox = outbox
  }

  private var composerNow: Date { composer.now }

  /// Queues and delivers the invitations of the meeting named by `reference`.
  /// `attachments` (the agenda, the draft work plan) go in every invitation.
  public func send(meeting reference: String, attachments: [Attachment] = []) throws
    -> SendReport
  {
    let details = try scheduler.details(of: reference)
    guard details.meeting.status == .confirmed else {
      throw NotificationError.meetingCancelled(details.meeting.id)
    }
    guard !details.attendees.isEmpty else {
      throw NotificationError.noAttendees(details.meeting.id)
    }
    // People marked do-not-contact stay on the list (calendars show them) but get no mail.
    var drafts = try details.attendees.filter { !$0.contact.doNotContact }.map {
      try composer.invitation(details, to: $0, attachments: attachments)
    }
    // Whoever has this version already gets it again with the files, once per set of files; the
    // plain key stays that of the version, so `meeting upcoming --invite` never sends it twice.
    if !attachments.isEmpty {
      let had = try outbox.states(ofKeys: drafts.map(\.dedupeKey))
      let suffix = MessageComposer.filesKey(attachments)
      for index in drafts.indices where had[drafts[index].dedupeKey] != nil {
        drafts[index].dedupeKey += suffix
      }
    }
    var report = try outbox.send(
      drafts, events: [(WebhookEvent.invitationSent(details, at: composerNow), details)],
      meeting: details.meeting.id)
    report.meeting = details.meeting
    report.skippedOptedOut = details.attendees.count - drafts.count
    return report
  }

  /// Queues and delivers the invitations of several meetings in one run (`meeting upcoming
  /// --invite`): attendees who already have the current version get nothing.
  public func send(meetings: [MeetingDetails]) throws -> SendReport {
    var drafts: [OutboundDraft] = []
    var skipped = 0
    var events: [(WebhookEvent, MeetingDetails?)] = []
    for details in meetings where details.meeting.status == .confirmed {
      events.append((WebhookEvent.invitationSent(details, at: composerNow), details))
      for attendee in details.attendees {
        guard !attendee.contact.doNotContact else {
          skipped += 1
          continue
        }
        drafts.append(try composer.invitation(details, to: attendee))
      }
    }
    var report = try outbox.send(drafts, events: events, meeting: nil)
    report.skippedOptedOut = skipped
    return report
  }
}
