import Foundation

/// Delivers outbox messages somewhere: an SMTP server (`CurlSMTPTransport` in PokjaCurl) or a folder of
/// `.eml` files (`FileOutboxTransport`). Tests use `RecordingTransport` from PokjaTestSupport.
///
/// A transport delivers a batch over one connection where it can, and reports each message's outcome as
/// soon as it is known, so the outbox can record "sent" before the next message goes out:
///
/// ```swift
/// transport.deliver(batch) { id, outcome in
///   (try? outbox.record(outcome, for: id)) == nil ? .stop : .proceed
/// }
/// ```
public protocol MailTransport: Sendable {
  /// Where messages go, for summaries: `smtp://mail.example.org:587` or a folder path. Never a secret.
  var destination: String { get }
  /// Whether messages land in local files rather than with a mail server.
  var isFileOutbox: Bool { get }
  /// The route of the messages this transport delivers (default: `smtp`, or `file` for a file outbox).
  var route: MessageRoute { get }
  /// Delivers `messages` in order, calling `report` once per message with its outcome. When `report`
  /// answers `.stop` (the outcome could not be recorded), the transport sends nothing more.
  func deliver(
    _ messages: [OutboundMessage],
    report: (OutboundMessageID, DeliveryOutcome) -> DeliveryProgress)
}

/// Which kind of transport a message is queued for. A message queued for SMTP is never written to the
/// file outbox by a run that happens to lack the SMTP settings (a cron job without the environment), and
/// the other way round: it waits for a run with the right transport.
public enum MessageRoute: String, Sendable, Codable, CaseIterable {
  case smtp
  case file
  /// An HTTP POST to a channel (`pokja channel add`); the message's `channelID` says which.
  case webhook
}

extension MailTransport {
  /// The route of the messages this transport delivers.
  public var route: MessageRoute { isFileOutbox ? .file : .smtp }
}

/// Whether a transport should go on with the batch after reporting a message.
public enum DeliveryProgress: Sendable, Equatable {
  case proceed
  case stop
}

/// What became of one delivery attempt.
public enum DeliveryOutcome: Sendable, Equatable {
  /// Accepted; `receipt` is what the server said (or the file written).
  case delivered(receipt: String)
  /// Not accepted.
  case failed(DeliveryFailure)
}

/// Why a delivery did not succeed. `message` is safe to show and store: it never holds a password.
public struct DeliveryFailure: Error, Sendable, Equatable, LocalizedError {
  /// Whether trying again later can help.
  public enum Kind: String, Sendable, Equatable {
    /// The server answered "not now" (4xx) or the transfer broke off: the message stays queued.
    case temporary
    /// The server could not be reached (name, connection, timeout): the message stays queued.
    case unreachable
    /// The server refused this message for good (5xx to the recipient or content).
    case permanent
    /// The server refused us: wrong password, TLS required or failed, bad URL. Fix the configuration.
    case configuration
  }

  public var kind: Kind
  /// A readable sentence: what happened and, where known, how to fix it.
  public var message: String
  /// How long the server asked us to wait before trying again (HTTP Retry-After), if it said.
  public var retryAfter: TimeInterval?
  /// The fault is in this machine's settings (a secret variable not set, a private address refused),
  /// found before anything was sent: not the server's answer.
  public var isLocal: Bool

  public init(
    _ kind: Kind, _ message: String, retryAfter: TimeInterval? = nil, isLocal: Bool = false
  ) {
    self.kind = kind
    self.message = message
    self.retryAfter = retryAfter
    self.isLocal = isLocal
  }

  public var errorDescription: String? { message }
}
