import ArgumentParser
import Foundation
import PokjaCore

extension Pokja {
  /// `pokja outbox …`: the messages waiting, sent and given up.
  struct OutboxGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "outbox",
      abstract: "See and manage outgoing messages: queued, sent, given up, withdrawn.",
      discussion: """
        Every invitation, update, cancellation and reminder goes through the outbox: queued in the \
        same transaction as the change that caused it, then delivered. A message that fails for a \
        passing reason waits (1 minute, then twice as long each time, up to 6 hours) and is given \
        up ('dead') after 8 attempts; a permanent refusal is given up at once. 'outbox send' \
        delivers what is due (cron may run it, or 'remind --due', which does the same after \
        queuing reminders).
        """,
      subcommands: [List.self, Show.self, Send.self, Retry.self, Cancel.self, Purge.self])
  }
}

/// One message as `outbox list` and `outbox show` print it in JSON.
struct OutboxRecord: Encodable {
  let id: Int64
  let kind: String
  let state: String
  let meetingId: Int64?
  let occurrence: String?
  let contactId: Int64?
  let recipient: String
  let subject: String
  let messageId: String
  let route: String?
  /// For route `webhook`: the channel's ID.
  let channelId: Int64?
  let attempts: Int
  let lastError: String?
  let createdAt: String
  let nextAttemptAt: String?
  let sentAt: String?
  let receipt: String?
  /// When `outbox purge` dropped the contents (the record stays).
  let contentPurgedAt: String?

  init(_ message: OutboundMessage) {
    let iso = ISO8601DateFormatter()
    id = message.id.rawValue
    kind = message.kind.rawValue
    state = message.state.rawValue
    meetingId = message.meetingID?.rawValue
    occurrence = message.occurrence.map(iso.string(from:))
    contactId = message.contactID?.rawValue
    recipient = message.destination.jsonRecipient
    subject = message.subject
    messageId = message.messageID
    route = message.route?.rawValue
    channelId = message.destination.channelID
    attempts = message.attempts
    lastError = message.lastError
    createdAt = iso.string(from: message.createdAt)
    nextAttemptAt =
      message.state == .queued || message.state == .sending
      ? iso.string(from: message.nextAttemptAt) : nil
    sentAt = message.sentAt.map(iso.string(from:))
    receipt = message.receipt
    contentPurgedAt = message.contentPurgedAt.map(iso.string(from:))
  }
}
