import Foundation
import PokjaCore

/// Identifies a message read from the secretariat's inbox.
public typealias InboxEntryID = EntityID<InboxEntry>

/// What `pokja inbox fetch` made of one message, and where it filed it.
public enum InboxStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Every reply in it was applied (or was already on record, or was to an older version).
  case answered
  /// It proposes another time or place (COUNTER): shown to the secretary, not applied.
  case counter
  /// A reply no meeting or attendee of ours matches: filed in the unmatched folder, listed.
  case unmatched
  /// Its calendar cannot be read: left in place, listed.
  case malformed
  /// No calendar reply of ours in it (ordinary mail, a reply to a meeting pokja did not send, a
  /// message too large to take): left unread in place, not listed.
  case ignored
  /// The same message (its Message-ID) was processed before: filed, not applied again.
  case duplicate
  /// Matched, but to an older version of the meeting (SEQUENCE) than the current one: filed, not
  /// applied, listed (the attendee may not have seen the change).
  case stale

  /// The folder the message goes to, or nil when it stays where it is, unread.
  public func destination(_ folders: InboxFolders) -> String? {
    switch self {
    case .answered, .counter, .duplicate, .stale: folders.done
    case .unmatched: folders.unmatched
    case .malformed, .ignored: nil
    }
  }

  /// Whether the secretary should look at it (`pokja inbox list`).
  public var needsAttention: Bool {
    switch self {
    case .counter, .unmatched, .malformed, .stale: true
    case .answered, .ignored, .duplicate: false
    }
  }
}

/// Where processed mail goes (`[imap] done_folder`, `[imap] unmatched_folder`).
public struct InboxFolders: Sendable, Hashable {
  public var done: String
  public var unmatched: String

  public static let defaultDone = "Pokja-Diproses"
  public static let defaultUnmatched = "Pokja-Tidak-cocok"

  public init(done: String = Self.defaultDone, unmatched: String = Self.defaultUnmatched) {
    self.done = done
    self.unmatched = unmatched
  }
}

/// One answer or proposal read from a message, and what became of it.
public struct InboxItem: Sendable, Hashable, Codable {
  /// What became of it.
  public enum Outcome: String, Sendable, Hashable, Codable {
    /// The answer was recorded (or was on record already: `changed` false).
    case recorded
    /// To an older version of the meeting (SEQUENCE): not applied.
    case stale
    /// NEEDS-ACTION: no answer to record.
    case noAnswer = "no-answer"
    /// The meeting was cancelled.
    case cancelled
    /// No meeting of ours has that UID.
    case unknownMeeting = "unknown-meeting"
    /// Neither the ATTENDEE nor the sender is an attendee of the meeting.
    case notAnAttendee = "not-an-attendee"
    /// The RECURRENCE-ID is no occurrence of the series.
    case unknownOccurrence = "unknown-occurrence"
    /// A COUNTER proposal: for the secretary to decide.
    case proposal
  }

  /// `REPLY` or `COUNTER`.
  public var method: String
  public var outcome: Outcome
  /// The event's UID, as the mail gave it.
  public var uid: String
  public var meetingID: MeetingID?
  public var contactID: ContactID?
  /// The ATTENDEE's address.
  public var attendee: String?
  /// The occurrence answered for (RECURRENCE-ID).
  public var occurrence: Date?
  /// The answer (PARTSTAT), for replies.
  public var answer: ParticipationStatus?
  /// Whether recording changed the attendee's answer.
  public var changed: Bool
  /// The attendee's COMMENT.
  public var comment: String?
  /// A COUNTER's proposed start, end and place.
  public var proposedStart: Date?
  public var proposedEnd: Date?
  public var proposedLocation: String?
  /// The SEQUENCE of the reply (nil when the client left it out), and for a stale one the
  /// meeting's current one.
  public var sequence: Int?
  public var currentSequence: Int?

  public init(
    method: String, outcome: Outcome, uid: String, meetingID: MeetingID? = nil,
    contactID: ContactID? = nil, attendee: String? = nil, occurrence: Date? = nil,
    answer: ParticipationStatus? = nil, changed: Bool = false, comment: String? = nil,
    proposedStart: Date? = nil, proposedEnd: Date? = nil, proposedLocation: String? = nil,
    sequence: Int? = nil, currentSequence: Int? = nil
  ) {
    self.method = method
    self.outcome = outcome
    self.uid = uid
    self.meetingID = meetingID
    self.contactID = contactID
    self.attendee = attendee
    self.occurrence = occurrence
    self.answer = answer
    self.changed = changed
    self.comment = comment
    self.proposedStart = proposedStart
    self.proposedEnd = proposedEnd
    self.proposedLocation = proposedLocation
    self.sequence = sequence
    self.currentSequence = currentSequence
  }
}

/// One message read from the inbox: kept so it is processed once (by its folder's UIDVALIDITY and
/// UID, and by its Message-ID), and so `pokja inbox list` can show what needs the secretary.
public struct InboxEntry: Sendable, Hashable, Codable {
  public var id: InboxEntryID
  /// The account and folder it was read from (`InboxMailbox.address`).
  public var mailbox: String
  public var uidValidity: Int64
  public var uid: Int64
  /// The Message-ID header, without angle brackets.
  public var messageID: String?
  /// The From address, lowercased.
  public var sender: String?
  public var subject: String?
  /// The Date header.
  public var sentAt: Date?
  public var processedAt: Date
  public var status: InboxStatus
  /// Why it is malformed or unmatched, in words (the parser's message with its line).
  public var problem: String?
  public var items: [InboxItem]
  /// The folder it was filed in, once it was moved (nil: not yet, or left in place).
  public var filedIn: String?
  public var filedAt: Date?
  /// When the secretary dealt with it (`pokja inbox dismiss`).
  public var dismissedAt: Date?
  public var dismissedBy: String?

  public init(
    id: InboxEntryID = .unassigned, mailbox: String, uidValidity: Int64, uid: Int64,
    messageID: String?, sender: String?, subject: String?, sentAt: Date?, processedAt: Date,
    status: InboxStatus, problem: String? = nil, items: [InboxItem] = [], filedIn: String? = nil,
    filedAt: Date? = nil, dismissedAt: Date? = nil, dismissedBy: String? = nil
  ) {
    self.id = id
    self.mailbox = mailbox
    self.uidValidity = uidValidity
    self.uid = uid
    self.messageID = messageID
    self.sender = sender
    self.subject = subject
    self.sentAt = sentAt
    self.processedAt = processedAt
    self.status = status
    self.problem = problem
    self.items = items
    self.filedIn = filedIn
    self.filedAt = filedAt
    self.dismissedAt = dismissedAt
    self.dismissedBy = dismissedBy
  }

  /// The items as the store keeps them (a JSON array), and back.
  public static func encodeItems(_ items: [InboxItem]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    // Every field is a plain value: encoding cannot fail.
    return (try? encoder.encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  public static func decodeItems(_ text: String) throws -> [InboxItem] {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode([InboxItem].self, from: Data(text.utf8))
  }
}

/// What `pokja inbox` keeps: the messages read from the secretariat's inbox. Implemented by the
/// SQLite and PostgreSQL stores; the store contract tests say how each call behaves.
public protocol InboxStore: Sendable {
  /// The entries read from `mailbox` while its UIDVALIDITY was `uidValidity`, by UID.
  func inboxEntries(mailbox: String, uidValidity: Int64) throws -> [Int64: InboxEntry]
  /// Whether a message with this Message-ID was processed and matched before (answered, counter,
  /// duplicate or stale): reading it again must not apply it twice.
  func inboxHasMatched(messageID: String) throws -> Bool
  /// Stores a new entry and returns it with its ID; nil (and nothing written) when an entry for
  /// the same mailbox, UIDVALIDITY and UID exists (another run took it).
  func insertInboxEntry(_ entry: InboxEntry) throws -> InboxEntry?
  /// Records that the entry's message was moved to `folder`.
  func markInboxEntryFiled(_ id: InboxEntryID, in folder: String, at date: Date) throws
  func inboxEntry(_ id: InboxEntryID) throws -> InboxEntry?
  /// Entries with one of `statuses` (every status when empty), not dismissed unless
  /// `includeDismissed`, newest first, at most `limit`.
  func inboxEntries(statuses: Set<InboxStatus>, includeDismissed: Bool, limit: Int) throws
    -> [InboxEntry]
  /// Marks entries dealt with; returns how many were not dismissed before.
  func dismissInboxEntries(_ ids: [InboxEntryID], at date: Date, by actor: String) throws -> Int
  /// Marks dealt with the unmatched or malformed entries of earlier readings of `messageID`
  /// (the message was moved back and has now been matched).
  func dismissEarlierInboxEntries(messageID: String, before id: InboxEntryID, at date: Date)
    throws
}
