import Foundation
import PokjaCore
import Synchronization

/// A `MessageTransport` for tests: records every message it is given and answers `.delivered`, or the failure
/// it was told to give (for every message, or for given recipients). Thread-safe.
///
/// ```swift
/// let transport = RecordingTransport()
/// transport.fail(
///   with: DeliveryFailure(.permanent, .recipientRefused, "550 no such user"),
///   for: EmailAddress("x@example.org")!)
/// outbox.deliver(using: transport)
/// #expect(transport.delivered.map(\.destination) == [...])
/// ```
public final class RecordingTransport: MessageTransport {
  private struct State: Sendable {
    var failure: DeliveryFailure?
    var recipientFailures: [EmailAddress: DeliveryFailure] = [:]
    var attempted: [OutboundMessage] = []
    var delivered: [OutboundMessage] = []
    var batches: [[OutboundMessageID]] = []
  }

  private let state: Mutex<State>
  public let endpoint: String
  public let route: MessageRoute

  /// - Parameters:
  ///   - endpoint: What `endpoint` reports.
  ///   - isFileOutbox: Whether it stands for the file outbox (route `file`) rather than SMTP.
  ///   - failure: If set, every message fails with it.
  public init(
    endpoint: String = "smtp://recording.invalid:587", isFileOutbox: Bool = false,
    failure: DeliveryFailure? = nil
  ) {
    self.endpoint = endpoint
    self.route = isFileOutbox ? .file : .smtp
    self.state = Mutex(State(failure: failure))
  }

  /// Makes every later message fail with `failure` (nil: deliver again).
  public func fail(with failure: DeliveryFailure?) {
    state.withLock { $0.failure = failure }
  }

  /// Makes later messages to `recipient` fail with `failure` (nil: deliver again).
  public func fail(with failure: DeliveryFailure?, for recipient: EmailAddress) {
    state.withLock { $0.recipientFailures[recipient] = failure }
  }

  /// Every message given to `deliver`, in order, delivered or not.
  public var attempted: [OutboundMessage] { state.withLock { $0.attempted } }
  /// The messages answered `.delivered`, in order.
  public var delivered: [OutboundMessage] { state.withLock { $0.delivered } }
  /// The message IDs of each `deliver` call, one array per call.
  public var batches: [[OutboundMessageID]] { state.withLock { $0.batches } }

  /// Forgets what was recorded (failures stay configured).
  public func reset() {
    state.withLock {
      $0.attempted = []
      $0.delivered = []
      $0.batches = []
    }
  }

  public func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    state.withLock { $0.batches.append(messages.map(\.id)) }
    for message in messages {
      // As a mail server connection would: the outbox hears of each message before it goes out.
      if report(.sending(message.id)) == .stop { return }
      // Decide and record under the lock; call `report` outside it, so a reporter may use the transport.
      let outcome: DeliveryOutcome = state.withLock { state in
        state.attempted.append(message)
        let recipient = message.destination.email
        if let failure = recipient.flatMap({ state.recipientFailures[$0] }) ?? state.failure {
          return .failed(failure)
        }
        state.delivered.append(message)
        return .delivered(receipt: "250 2.0.0 Ok: recorded as \(state.delivered.count)")
      }
      if report(.finished(message.id, outcome)) == .stop { return }
    }
  }
}
