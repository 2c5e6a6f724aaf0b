import Foundation
import PokjaCore

/// What the outbox needs from storage. Live: `SQLiteStore` in PokjaPersistence.
///
/// A run claims due messages with one atomic update under a fresh token, so two runs at once never hold
/// the same message; outcomes are recorded only while the claim is still the run's own:
/// ```swift
/// let batch = try store.claim(dueAt: now, leaseUntil: now + 300, limit: 50, after: nil,
///                             meeting: nil, route: .smtp, token: token)
/// ```
public protocol OutboxStore: Sendable {
  /// Queues every draft whose dedupe key is new, for `route`, all in one transaction; returns only
  /// those queued now.
  func enqueue(_ drafts: [OutboundDraft], route: MessageRoute, at now: Date) throws
    -> [OutboundMessage]
  /// Records drafts that will never be sent (state `cancelled`, with `reason`), so that they are
  /// accounted for once and never queued later; keys already in the outbox are left alone.
  func recordWithdrawn(_ drafts: [OutboundDraft], route: MessageRoute, reason: String, at now: Date)
    throws
  /// Atomically marks up to `limit` messages for `route` that are due (queued with `nextAttemptAt`
  /// passed, or `sending` under a lapsed lease) as `sending` under `token` until `leaseUntil`, and
  /// returns them in ID order. `after` skips IDs up to it; `meeting` narrows to one meeting. A claim
  /// is not an attempt: `markSent` and `markFailed` count those.
  func claim(
    dueAt now: Date, leaseUntil: Date, limit: Int, after: OutboundMessageID?, meeting: MeetingID?,
    route: MessageRoute, token: String
  ) throws -> [OutboundMessage]
  /// Extends the lease of the messages still claimed under `token`; returns how many there are (fewer
  /// than the run holds: another run took some over after the lease lapsed).
  func renew(token: String, until: Date) throws -> Int
  /// Puts the messages still claimed under `token` back in the queue, due at `at` (they were never
  /// put to the server: no attempt is counted), except `except`, which keeps its claim until the
  /// lease lapses.
  func release(token: String, at: Date, except: OutboundMessageID?) throws
  /// Records a delivery (one more attempt); false when the claim was no longer `token`'s (its lease
  /// lapsed and another run took the message over).
  func markSent(_ id: OutboundMessageID, token: String, at: Date, receipt: String) throws -> Bool
  /// Records a failure: back to `queued` until `retryAt`, or `dead` when `retryAt` is nil; one more
  /// attempt when `isAttempt` (the server was put to this message). False when the claim was no
  /// longer `token`'s.
  func markFailed(
    _ id: OutboundMessageID, token: String, error: String, at: Date, retryAt: Date?,
    isAttempt: Bool
  ) throws -> Bool
  /// Reserves the next moment a message may go to `endpoint` (`smtp://host:port`) when at most one
  /// may go every `spacing` seconds, for every process sharing the store: returns that moment (`now`
  /// when the endpoint has been idle) and moves its next free moment `spacing` later.
  func reserveSendSlot(endpoint: String, spacing: TimeInterval, now: Date) throws -> Date
  /// The state of each message with one of these dedupe keys (keys not in the outbox are left out).
  func states(ofKeys keys: [String]) throws -> [String: (OutboxState, MessageRoute)]
  /// Messages in the outbox, newest first, optionally only in one state or about one meeting;
  /// without their contents (`message(_:)` has it).
  func messages(state: OutboxState?, meeting: MeetingID?, limit: Int) throws -> [OutboundMessage]
  /// One message, or nil.
  func message(_ id: OutboundMessageID) throws -> OutboundMessage?
  /// Makes queued and given-up messages due at `now` (these, or all of them when `ids` is nil),
  /// with a fresh count of attempts; returns how many.
  func retry(_ ids: [OutboundMessageID]?, at now: Date) throws -> Int
  /// Withdraws a queued or given-up message (state `cancelled`); false when it is being sent or
  /// was sent already.
  func cancel(_ id: OutboundMessageID) throws -> Bool
  /// Drops the contents of the sent and withdrawn messages sent (or withdrawn) before `date`, keeping
  /// their records (who, what key, when, Message-ID) for ever, so nothing is queued again.
  func purge(before date: Date, at now: Date) throws -> PurgeResult
  /// How many messages of `meeting` (or of all) are in each state.
  func counts(meeting: MeetingID?) throws -> [OutboxState: Int]
}

/// What `outbox purge` did.
public struct PurgeResult: Sendable, Equatable {
  /// Messages whose contents were dropped now.
  public var messages: Int
  /// The bytes of contents dropped.
  public var bytes: Int
  /// Records of sent messages kept in all (with their contents or not).
  public var sentRecords: Int

  public init(messages: Int, bytes: Int, sentRecords: Int) {
    self.messages = messages
    self.bytes = bytes
    self.sentRecords = sentRecords
  }
}
