import Foundation

/// One message in the outbox: written in the same transaction as the action that caused it, then
/// delivered. Its `dedupeKey` makes the same (meeting, attendee, kind, sequence) impossible to queue twice.
public struct OutboundMessage: Identifiable, Hashable, Sendable, Codable {
  public var id: OutboundMessageID
  /// E.g. `invitation:12:7:0`: unique in the outbox.
  public var dedupeKey: String
  public var kind: MessageKind
  public var meetingID: MeetingID?
  public var contactID: ContactID?
  /// Envelope sender (SMTP MAIL FROM).
  public var sender: EmailAddress
  /// Where it goes: a mailbox (SMTP RCPT TO) or a channel.
  public var destination: MessageDestination
  /// The Message-ID header without angle brackets; the same on every attempt so receivers can de-duplicate.
  public var messageID: String
  public var subject: String
  /// The whole RFC 5322 message, CRLF line endings, 7-bit clean.
  public var content: String
  public var state: OutboxState
  /// How many times a server was put to it (one that could not be reached, or refused the login,
  /// does not count). Given up after `[outbox] max_attempts`.
  public var attempts: Int
  /// What went wrong on the last attempt, for `outbox` listings. Never holds a secret.
  public var lastError: String?
  public var createdAt: Date
  /// Not to be tried before this instant.
  public var nextAttemptAt: Date
  public var sentAt: Date?
  /// What the transport said when it delivered (the SMTP reply, the .eml file).
  public var receipt: String? = nil
  /// `smtp` or `file`: which transport the message waits for.
  public var route: MessageRoute? = nil
  /// The occurrence of a series it is about (its original start), if one.
  public var occurrence: Date? = nil
  /// When `outbox purge` dropped its contents (`content` is then empty); the rest of the record stays
  /// for ever, so that what was sent is never sent again.
  public var contentPurgedAt: Date? = nil

  public init(
    id: OutboundMessageID, dedupeKey: String, kind: MessageKind, meetingID: MeetingID?,
    contactID: ContactID?, sender: EmailAddress, destination: MessageDestination, messageID: String,
    subject: String, content: String, state: OutboxState = .queued, attempts: Int = 0,
    lastError: String? = nil, createdAt: Date, nextAttemptAt: Date, sentAt: Date? = nil
  ) {
    self.id = id
    self.dedupeKey = dedupeKey
    self.kind = kind
    self.meetingID = meetingID
    self.contactID = contactID
    self.sender = sender
    self.destination = destination
    self.messageID = messageID
    self.subject = subject
    self.content = content
    self.state = state
    self.attempts = attempts
    self.lastError = lastError
    self.createdAt = createdAt
    self.nextAttemptAt = nextAttemptAt
    self.sentAt = sentAt
  }
}

extension OutboundMessage {
  /// The message `draft` becomes when queued as `id` on `route` at `now` (the draft's own route,
  /// a channel's, wins over `route`).
  public init(_ draft: OutboundDraft, id: OutboundMessageID, route: MessageRoute, at now: Date) {
    self.init(
      id: id, dedupeKey: draft.dedupeKey, kind: draft.kind, meetingID: draft.meetingID,
      contactID: draft.contactID, sender: draft.sender, destination: draft.destination,
      messageID: draft.messageID, subject: draft.subject, content: draft.content, createdAt: now,
      nextAttemptAt: now)
    self.route = draft.route ?? route
    occurrence = draft.occurrence
  }
}

/// A message ready to be queued; the outbox assigns the ID and the state.
public struct OutboundDraft: Hashable, Sendable {
  public var dedupeKey: String
  public var kind: MessageKind
  public var meetingID: MeetingID?
  /// The occurrence of a series the message is about (its original start), if one.
  public var occurrence: Date? = nil
  public var contactID: ContactID?
  public var sender: EmailAddress
  /// Where it goes: a mailbox or a channel.
  public var destination: MessageDestination
  public var messageID: String
  public var subject: String
  public var content: String

  public init(
    dedupeKey: String, kind: MessageKind, meetingID: MeetingID?, contactID: ContactID?,
    sender: EmailAddress, destination: MessageDestination, messageID: String, subject: String,
    content: String
  ) {
    self.dedupeKey = dedupeKey
    self.kind = kind
    self.meetingID = meetingID
    self.contactID = contactID
    self.sender = sender
    self.destination = destination
    self.messageID = messageID
    self.subject = subject
    self.content = content
  }

  /// The route its destination calls for when not the outbox's mail route: `webhook` for a channel.
  public var route: MessageRoute? {
    if case .channel = destination { .webhook } else { nil }
  }

  /// The key that makes one (meeting, attendee, kind, sequence) unique in the outbox.
  public static func dedupeKey(
    kind: MessageKind, meeting: MeetingID, contact: ContactID, sequence: Int, detail: String? = nil
  ) -> String {
    [kind.rawValue, detail, String(meeting.rawValue), String(contact.rawValue), String(sequence)]
      .compactMap { $0 }.joined(separator: ":")
  }
}

/// Why a message was sent.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
  case invitation
  case reminder
  case update
  case cancellation
  /// A sign-in link for `pokja serve` (`pokja access grant`).
  case signIn = "sign-in"
  /// A speaker's or moderator's briefing on their session (`pokja programme brief`).
  case briefing
  /// A reminder to the owner of a work-plan item before it is due (`pokja plan remind`).
  case planReminder = "plan-reminder"
}

/// Where a message is in its life.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
  /// Waiting for delivery (also after a failed attempt, until `nextAttemptAt`).
  case queued
  /// Claimed by a run that is delivering it; the claim lapses at `nextAttemptAt`.
  case sending
  /// Accepted by the mail server, or written to the file outbox.
  case sent
  /// Given up on: a permanent error. Kept for inspection.
  case dead
  /// Withdrawn before delivery: its meeting or occurrence was cancelled or moved.
  case cancelled
}
