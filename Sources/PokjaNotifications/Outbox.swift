import Foundation
import PokjaCore

/// Queues outbound messages and delivers what is due through a transport, recording every outcome.
public struct Outbox: Sendable {
  private let store: any OutboxStore
  private let transport: any MailTransport
  private let clock: any WallClock
  /// How long a run may hold a claimed message before another run may take it over.
  public let lease: TimeInterval

  /// Creates an outbox over `store` that delivers through `transport`.
  public init(
    store: any OutboxStore, transport: any MailTransport, clock: any WallClock,
    lease: TimeInterval = 300
  ) {
    self.store = store
    self.transport = transport
    self.clock = clock
    self.lease = lease
  }

  /// Where messages go, for summaries.
  public var destination: String { transport.destination }
  /// Whether messages land in local `.eml` files.
  public var isFileOutbox: Bool { transport.isFileOutbox }

  /// Queues the drafts whose dedupe keys are new; returns those queued now.
  public func enqueue(_ drafts: [OutboundDraft]) throws -> [OutboundMessage] {
    try store.enqueue(drafts, at: clock.now())
  }

  /// Claims and delivers every due message (only `meeting`'s, when given), recording each outcome.
  public func deliverDue(meeting: MeetingID? = nil, limit: Int = 500) throws -> DeliveryReport {
    let now = clock.now()
    let batch = try store.claim(
      dueAt: now, leaseUntil: now.addingTimeInterval(lease), limit: limit, meeting: meeting)
    var report = DeliveryReport(destination: transport.destination, isFileOutbox: isFileOutbox)
    guard !batch.isEmpty else { return report }
    let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
    var recordingError: (any Error)?
    transport.deliver(batch) { id, outcome in
      guard let message = byID[id], recordingError == nil else { return }
      let at = clock.now()
      do {
        switch outcome {
        case .delivered(let receipt):
          try store.markSent(id, at: at, receipt: receipt)
          report.delivered.append(message)
          report.receipts.append(receipt)
        case .failed(let failure):
          // Temporary and configuration failures stay queued for the next run (after the fix);
          // a permanent refusal will not get better by retrying.
          let retryAt: Date? = failure.kind == .permanent ? nil : at
          try store.markFailed(id, error: failure.message, at: at, retryAt: retryAt)
          report.failed.append(FailedDelivery(message: message, failure: failure))
        }
      } catch {
        recordingError = error
      }
    }
    if let recordingError { throw recordingError }
    return report
  }

  /// Messages in the outbox, newest first.
  public func messages(state: OutboxState? = nil, limit: Int = 200) throws -> [OutboundMessage] {
    try store.messages(state: state, limit: limit)
  }
}

/// What one delivery run did.
public struct DeliveryReport: Sendable, Equatable {
  public var destination: String
  public var isFileOutbox: Bool
  public var delivered: [OutboundMessage] = []
  /// What the transport said of each delivered message (for the file outbox: the file), same order.
  public var receipts: [String] = []
  public var failed: [FailedDelivery] = []

  public init(destination: String, isFileOutbox: Bool) {
    self.destination = destination
    self.isFileOutbox = isFileOutbox
  }

  /// The most serious failure, which decides the exit status.
  public var worstFailure: DeliveryFailure? {
    let order: [DeliveryFailure.Kind] = [.configuration, .permanent, .temporary]
    for kind in order {
      if let found = failed.first(where: { $0.failure.kind == kind }) { return found.failure }
    }
    return nil
  }
}

/// A message that was not delivered, and why.
public struct FailedDelivery: Sendable, Equatable {
  public var message: OutboundMessage
  public var failure: DeliveryFailure
}
