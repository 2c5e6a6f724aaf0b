import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja {
  /// `pokja inbox …`: calendar replies read from the secretariat's mailbox.
  struct InboxGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "inbox",
      abstract:
        "Read attendees' calendar replies (Accept, Decline) from the secretariat's mailbox.",
      discussion: """
        When an attendee answers an invitation in Outlook, Gmail, Thunderbird or Apple Mail, their \
        client mails a calendar reply to the secretariat. 'inbox fetch' reads the unread ones from \
        [imap] url, records each answer (as 'pokja rsvp' would), and files the mail: in [imap] \
        done_folder, or in unmatched_folder when no meeting or attendee matches. Other mail stays \
        unread where it is. 'inbox list' shows what needs a person: unmatched replies, proposals \
        of another time (COUNTER, never applied) and calendars that could not be read.
        """,
      subcommands: [Fetch.self, List.self, Dismiss.self])
  }
}

/// One message read from the inbox, as `inbox fetch` and `inbox list` print it in JSON.
struct InboxEntryRecord: Encodable {
  let id: Int64
  let status: String
  let mailbox: String
  let uidValidity: Int64
  let uid: Int64
  let messageId: String?
  let sender: String?
  let subject: String?
  let sentAt: String?
  let processedAt: String
  let problem: String?
  let filedIn: String?
  let filedAt: String?
  let dismissedAt: String?
  let items: [Item]

  struct Item: Encodable {
    let method: String
    let outcome: String
    let uid: String
    let meetingId: Int64?
    let contactId: Int64?
    let attendee: String?
    let occurrence: String?
    let answer: String?
    let changed: Bool
    let comment: String?
    let proposedStart: String?
    let proposedEnd: String?
    let proposedLocation: String?
    /// Absent when the client left SEQUENCE out.
    let sequence: Int?
  }

  init(_ entry: InboxEntry) {
    let iso = ISO8601DateFormatter()
    id = entry.id.rawValue
    status = entry.status.rawValue
    mailbox = entry.mailbox
    uidValidity = entry.uidValidity
    uid = entry.uid
    messageId = entry.messageID
    sender = entry.sender
    subject = entry.subject
    sentAt = entry.sentAt.map(iso.string(from:))
    processedAt = iso.string(from: entry.processedAt)
    problem = entry.problem
    filedIn = entry.filedIn
    filedAt = entry.filedAt.map(iso.string(from:))
    dismissedAt = entry.dismissedAt.map(iso.string(from:))
    items = entry.items.map { item in
      Item(
        method: item.method, outcome: item.outcome.rawValue, uid: item.uid,
        meetingId: item.meetingID?.rawValue, contactId: item.contactID?.rawValue,
        attendee: item.attendee, occurrence: item.occurrence.map(iso.string(from:)),
        answer: item.answer?.rawValue.lowercased(), changed: item.changed, comment: item.comment,
        proposedStart: item.proposedStart.map(iso.string(from:)),
        proposedEnd: item.proposedEnd.map(iso.string(from:)),
        proposedLocation: item.proposedLocation, sequence: item.sequence)
    }
  }
}

/// Why `pokja inbox` cannot run.
enum InboxCommandError: Error, Equatable {
  /// No `[imap] url`.
  case notConfigured(configPath: String)
  case entryNotFound(String)
}

extension InboxCommandError: UserFacingError {
  var errorDescription: String? {
    switch self {
    case .notConfigured(let path):
      "No mailbox is configured: set [imap] url in \(path) (imaps://sekretariat@mail.example.go.id/INBOX) or POKJA_IMAP_URL, and the password in POKJA_IMAP_PASSWORD or [imap] password_file."
    case .entryNotFound(let reference):
      "No inbox entry '\(reference)': 'pokja inbox list --all' shows their IDs."
    }
  }

  var exitStatus: ExitStatus {
    switch self {
    case .notConfigured: .config
    case .entryNotFound: .dataError
    }
  }
}
