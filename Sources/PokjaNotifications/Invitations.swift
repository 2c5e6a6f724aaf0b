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

  /// Queues and delivers the invitations of the meeting named by `reference`.
  public func send(meeting reference: String) throws -> SendReport {
    let details = try scheduler.details(of: reference)
    guard details.meeting.status == .confirmed else {
      throw NotificationError.meetingCancelled(details.meeting.id)
    }
    guard !details.attendees.isEmpty else { throw NotificationError.noAttendees(details.meeting.id) }
    let drafts = try details.attendees.map { try composer.invitation(details, to: $0) }
    let queued = try outbox.enqueue(drafts)
    let delivery = try outbox.deliverDue(meeting: details.meeting.id)
    return SendReport(
      meeting: details.meeting, considered: drafts.count, queued: queued.count, delivery: delivery)
  }
}

/// What a sending command did: how many messages it considered, queued anew, and delivered.
public struct SendReport: Sendable, Equatable {
  public var meeting: Meeting?
  /// Messages the command would send if none had been sent before.
  public var considered: Int
  /// Messages queued by this run (the rest were already in the outbox).
  public var queued: Int
  public var delivery: DeliveryReport
  /// Reminders skipped because the meeting had already started (missed while down).
  public var skipped: [String] = []

  public init(meeting: Meeting?, considered: Int, queued: Int, delivery: DeliveryReport) {
    self.meeting = meeting
    self.considered = considered
    self.queued = queued
    self.delivery = delivery
  }
}
