import Foundation

/// Delivers outbox messages somewhere: an SMTP server (`CurlSMTPTransport` in PokjaCurl) or a folder of
/// `.eml` files (`FileOutboxTransport`). Tests use `RecordingTransport` from PokjaTestSupport.
///
/// A transport delivers a batch over one connection where it can, and tells the outbox as it goes:
/// before it sends a message (the outbox may wait there for the rate limit), while a long transfer is
/// under way (the outbox keeps its claim), and each message's outcome as soon as it is known, so the
/// outbox records "sent" before the next message goes out:
///
/// ```swift
/// transport.deliver(batch) { event in
///   guard case .finished(let id, let outcome) = event else { return .proceed }
///   return (try? outbox.record(outcome, for: id)) == nil ? .stop : .proceed
/// }
/// ```
public protocol MailTransport: Sendable {
  /// Where messages go, for summaries: `smtp://mail.example.org:587` or a folder path. Never a secret.
  var destination: String { get }
  /// Whether messages land in local files rather than with a mail server.
  var isFileOutbox: Bool { get }
  /// The route of the messages this transport delivers (default: `smtp`, or `file` for a file outbox).
  var route: MessageRoute { get }
  /// Delivers `messages` in order, calling `report` with `.finished` once per message, and with
  /// `.sending` before it sends one and `.stillSending` during a long transfer where it can. When
  /// `report` answers `.stop`, the transport sends nothing more.
  func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress)
}

/// What a transport tells the outbox while it works through a batch.
public enum DeliveryEvent: Sendable, Equatable {
  /// The message is about to be sent: the outbox may wait here first (`[smtp] rate_limit`).
  case sending(OutboundMessageID)
  /// The message is still being sent (a long upload, a slow reply): the outbox keeps its claim.
  case stillSending(OutboundMessageID)
  /// What became of the message.
  case finished(OutboundMessageID, DeliveryOutcome)
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

  /// What a failure is about: this message (it counts as an attempt) or the connection to the server
  /// (it does not: the message was never put to the server).
  public enum Scope: String, Sendable, Equatable {
    /// The server answered about this message or its recipient, or the transfer of this message
    /// broke off: one attempt of the message's `max_attempts`.
    case message
    /// The server was not reached, refused the session (login, TLS, "421 closing"), or the
    /// connection broke off before this message was put to it: not an attempt.
    case connection
  }

  public var kind: Kind
  /// Whether the failure counts as an attempt of the message.
  public var scope: Scope
  /// A readable sentence: what happened and, where known, how to fix it.
  public var message: String
  /// How long the server asked us to wait before trying again (HTTP Retry-After), if it said.
  public var retryAfter: TimeInterval?
  /// The fault is in this machine's settings (a secret variable not set, a private address refused),
  /// found before anything was sent: not the server's answer.
  public var isLocal: Bool

  /// A failure of `kind`; its `scope` is `.message` for temporary and permanent failures and
  /// `.connection` for the rest, unless given.
  public init(
    _ kind: Kind, _ message: String, retryAfter: TimeInterval? = nil, isLocal: Bool = false,
    scope: Scope? = nil
  ) {
    self.kind = kind
    self.scope = scope ?? (kind == .temporary || kind == .permanent ? .message : .connection)
    self.message = message
    self.retryAfter = retryAfter
    self.isLocal = isLocal
  }

  public var errorDescription: String? { message }

  /// Whether the failure counts as an attempt of the message.
  public var isAttempt: Bool { scope == .message }
}
