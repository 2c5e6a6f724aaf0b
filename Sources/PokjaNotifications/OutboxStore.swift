import Foundation
import PokjaCore

/// What the outbox needs from storage. Live: `SQLiteStore` in PokjaPersistence.
///
/// Claiming is an atomic update, so two runs at once never deliver the same message:
/// ```swift
/// let batch = try store.claim(dueAt: now, leaseUntil: now + 300, limit: 100)
/// ```
public protocol OutboxStore: Sendable {
  /// Queues every draft whose dedupe key is new, all in one transaction; returns only those queued now.
  func enqueue(_ drafts: [OutboundDraft], at now: Date) throws -> [OutboundMessage]
  /// Atomically marks queued messages that are due (and `sending` ones whose lease has lapsed) as
  /// `sending` until `leaseUntil`, and returns them, oldest first. `meeting` narrows to one meeting.
  func claim(dueAt now: Date, leaseUntil: Date, limit: Int, meeting: MeetingID?) throws
    -> [OutboundMessage]
  /// Records a delivery.
  func markSent(_ id: OutboundMessageID, at: Date, receipt: String) throws
  /// Records a failed attempt: back to `queued` until `retryAt`, or `dead` when `retryAt` is nil.
  func markFailed(_ id: OutboundMessageID, error: String, at: Date, retryAt: Date?) throws
  /// Messages in the outbox, newest first, optionally only in one state.
  func messages(state: OutboxState?, limit: Int) throws -> [OutboundMessage]
  /// How many messages of `meeting` (or of all) are in each state.
  func counts(meeting: MeetingID?) throws -> [OutboxState: Int]
}
