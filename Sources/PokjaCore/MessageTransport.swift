import Foundation

/// Delivers outbox messages to their destinations, one kind of destination per transport: mailboxes
/// through an SMTP server (`CurlSMTPTransport` in PokjaCurl) or a folder of `.eml` files
/// (`FileOutboxTransport`), channels through webhooks (`CurlWebhookTransport`). Tests use
/// `RecordingTransport` from PokjaTestSupport.
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
public protocol MessageTransport: Sendable {
  /// Where messages go, for summaries: `smtp://mail.example.org:587`, a folder path, the channels.
  /// Never a secret.
  var endpoint: String { get }
  /// The route of the messages this transport delivers: `smtp` and `file` deliver to mailboxes,
  /// `webhook` to channels.
  var route: MessageRoute { get }
  /// Delivers `messages` in order, calling `report` with `.finished` once per message, and with
  /// `.sending` before it sends one and `.stillSending` during a long transfer where it can. When
  /// `report` answers `.stop`, the transport sends nothing more.
  func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress)
}

extension MessageTransport {
  /// Whether messages land in local files rather than with a server.
  public var isFileOutbox: Bool { route == .file }
}

/// Where an outbound message goes.
public enum MessageDestination: Hashable, Sendable, Codable, CustomStringConvertible {
  /// A mailbox, reached by SMTP (or written to the file outbox).
  case email(EmailAddress)
  /// A channel (`pokja channel add`), reached by a webhook POST; `id` is nil once it was removed.
  case channel(id: Int64?, name: String)

  /// The mailbox, or nil for a channel.
  public var email: EmailAddress? {
    if case .email(let address) = self { address } else { nil }
  }

  /// The channel's ID, or nil for a mailbox (or a channel since removed).
  public var channelID: Int64? {
    if case .channel(let id, _) = self { id } else { nil }
  }

  /// How the stores keep it in a message's `recipient` column: a mailbox's address, or a channel's
  /// name (its ID has a column of its own).
  public var storedRecipient: String {
    switch self {
    case .email(let address): address.value
    case .channel(_, let name): name
    }
  }

  /// How people see it: `wulan@example.org`, `channel tim`.
  public var description: String {
    switch self {
    case .email(let address): address.value
    case .channel(_, let name): "channel \(name)"
    }
  }
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
  /// An HTTP POST to a channel (`pokja channel add`): the message's destination says which.
  case webhook
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

/// Why a delivery did not succeed: what kind of failure it is (whether trying again can help), what
/// it is about (whether it counts as an attempt), the reason (what `doctor`, summaries and exit
/// statuses decide on) and the words (safe to show and store: never a password).
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

  /// What went wrong, for the code that advises or decides (`doctor`, summaries, exit statuses).
  public enum Reason: String, Sendable, Equatable, CaseIterable {
    /// The server's name could not be found, or nothing answered a connection.
    case unreachable
    /// The server did not answer in time.
    case noAnswer
    /// The connection broke off.
    case connectionLost
    /// The message's upload stopped moving (`[smtp] low_speed_limit`/`low_speed_time`).
    case stalled
    /// TLS: the handshake, the certificate, a CA file, or STARTTLS not offered.
    case tls
    /// The server wants a login that was not given.
    case loginRequired
    /// The server offered no way to log in that pokja can use.
    case noUsableLogin
    /// The server refused the login.
    case loginRefused
    /// The server refused the session (the greeting, EHLO, a proxy's CONNECT).
    case sessionRefused
    /// The server is not taking mail now ("421", a 4xx to the sender, HTTP 5xx or 429).
    case serverBusy
    /// The server refused to send as the sender.
    case senderRefused
    /// The server refused or deferred the recipient.
    case recipientRefused
    /// The server refused the message as too large.
    case messageTooLarge
    /// The server refused or deferred the message (its content, an HTTP 4xx, a redirect).
    case messageRefused
    /// Several messages in a row were refused the same way: taken for the server's or the account's.
    case sameRefusals
    /// The URL cannot be used (a scheme or form libcurl does not take).
    case badURL
    /// This machine: libcurl missing or failing, out of memory, the outbox folder not writable.
    case localSetup
    /// A channel's signing secret is not set.
    case secretMissing
    /// A channel's address leads to a private or loopback address.
    case privateAddress
    /// The message's channel was removed.
    case channelRemoved
    /// The message's contents are missing from the database.
    case contentsMissing
  }

  public var kind: Kind
  /// Whether the failure counts as an attempt of the message.
  public var scope: Scope
  public var reason: Reason
  /// What happened and, where known, how to fix it: without what becomes of the message.
  public var detail: String
  /// What becomes of the message, said after `detail` in `message`; nil when the summary says it.
  public var note: Note?
  /// How long the server asked us to wait before trying again (HTTP Retry-After), if it said.
  public var retryAfter: TimeInterval?
  /// The fault is in this machine's settings (a secret variable not set, a private address refused),
  /// found before anything was sent: not the server's answer.
  public var isLocal: Bool

  /// A failure of `kind` for `reason`; its `scope` is `.message` for temporary and permanent
  /// failures and `.connection` for the rest, unless given.
  public init(
    _ kind: Kind, _ reason: Reason, _ detail: String, note: Note? = nil,
    retryAfter: TimeInterval? = nil, isLocal: Bool = false, scope: Scope? = nil
  ) {
    self.kind = kind
    self.reason = reason
    self.scope = scope ?? (kind == .temporary || kind == .permanent ? .message : .connection)
    self.detail = detail
    self.note = note
    self.retryAfter = retryAfter
    self.isLocal = isLocal
  }

  /// The whole sentence, as summaries and the outbox show it: `detail`, then `note`.
  public var message: String { detail + (note?.text ?? "") }

  /// `detail` as a sentence of its own (`pokja doctor` says it, where no message waits).
  public var sentence: String { note?.endsTheSentence == true ? detail + "." : detail }

  public var errorDescription: String? { message }

  /// Whether the failure counts as an attempt of the message.
  public var isAttempt: Bool { scope == .message }

  /// What becomes of the message, said after the failure's `detail`: the end of its sentence
  /// (`; the message stays queued.`) or a sentence of its own (` Messages stay queued.`).
  public struct Note: Sendable, Hashable {
    /// As it follows `detail`, with its leading `; ` or space.
    public let text: String
    /// It ends `detail`'s sentence, so `detail` alone needs a full stop.
    public let endsTheSentence: Bool

    /// `; WORDS.` after the detail.
    public static func clause(_ words: String) -> Note {
      Note(text: "; " + words + ".", endsTheSentence: true)
    }

    /// ` SENTENCE` after the detail (the sentence with its full stop).
    public static func sentence(_ sentence: String) -> Note {
      Note(text: " " + sentence, endsTheSentence: false)
    }

    public static let staysQueued = clause("the message stays queued")
    public static let staysQueuedAndRetried = clause(
      "the message stays queued and will be tried again")
    public static let messagesStayQueuedAndRetried = clause(
      "the messages stay queued and will be tried again")
    public static let willBeTriedAgain = clause("it will be tried again")
    public static let willNotBeRetried = clause("it will not be retried")
    public static let messageStaysQueued = sentence("The message stays queued.")
    public static let itStaysQueued = sentence("It stays queued.")
    public static let messagesStayQueued = sentence("Messages stay queued.")
  }
}
