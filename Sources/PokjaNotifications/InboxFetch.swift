import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling

/// Reads the secretariat's inbox (`pokja inbox fetch`): every unread message carrying an iTIP
/// REPLY or COUNTER is read, its answers recorded, and the message filed, once.
///
/// For each unread message:
/// 1. Known by its folder's UIDVALIDITY and UID: filed now if an earlier run stored it but did not
///    file it (nothing is applied again), else left alone. Stored but unfiled entries whose message
///    was marked read meanwhile are filed too.
/// 2. Downloaded without marking it read, and read within `limits`. No calendar reply of pokja's
///    in it (ordinary mail, a reply about someone else's meeting, a message too large to take):
///    `ignored`, left unread for a person. A calendar that cannot be read: `malformed`, with the
///    reason, left in place, and listed.
/// 3. A Message-ID matched before: `duplicate`, filed, nothing applied.
/// 4. Each answer applied by `InboxReplies` (one meeting, the attendee who sent it, the current
///    version); COUNTER proposals only recorded. The entry is stored, then the message is marked
///    read and moved, a hundred at a time, to the done folder, or to the unmatched folder when an
///    answer matched nothing.
///
/// A run that stops anywhere is safe to repeat: answers are recorded idempotently, and the entry
/// (stored before the move) tells the next run to file the message without applying it again.
public struct InboxFetch: Sendable {
  private let mailbox: any InboxMailbox
  private let store: any InboxStore
  private let replies: InboxReplies
  private let clock: any WallClock
  public var folders = InboxFolders()
  public var limits = MailLimits()
  /// The zone of floating times in a reply (a RECURRENCE-ID without TZID).
  public var timeZone: TimeZone = .gmt
  /// The domain of the UIDs pokja gives meetings (`MeetingScheduler.uidDomain`): a reply to an
  /// unknown UID of another domain is someone else's business and is left unread.
  public var uidDomain: String?

  public init(
    mailbox: any InboxMailbox, store: any InboxStore, replies: InboxReplies, clock: any WallClock
  ) {
    self.mailbox = mailbox
    self.store = store
    self.replies = replies
    self.clock = clock
  }

  /// What one run did.
  public struct Report: Sendable {
    /// The account and folder read.
    public var mailbox: String
    public var uidValidity: Int64
    /// How many unread messages the folder had.
    public var unread = 0
    /// The messages read for the first time, in UID order.
    public var entries: [InboxEntry] = []
    /// Messages an earlier run recorded but did not file, filed now.
    public var refiled = 0
    /// Unread messages read before and left in place (ordinary mail, malformed calendars).
    public var leftAlone = 0
    /// Messages another client moved or deleted while this run was reading them.
    public var gone = 0
    /// Messages another run (another host) took first.
    public var takenByAnotherRun = 0

    /// How many answers changed what an attendee had on record.
    public var changedAnswers: Int {
      entries.reduce(0) { $0 + $1.items.filter { $0.outcome == .recorded && $0.changed }.count }
    }

    public func count(_ status: InboxStatus) -> Int { entries.filter { $0.status == status }.count }
  }

  /// What a run tells as it goes.
  public enum Event: Sendable {
    /// `done` of `total` unread messages handled.
    case progress(done: Int, total: Int)
    /// A message read for the first time and stored (before it is filed).
    case read(InboxEntry)
  }

  /// Reads every unread message of the folder, and files those an earlier run stored but did not
  /// file (read or not: a run may have stopped between marking and moving). Throws when the
  /// mailbox fails (connection, login, folder): what was done until then stays done, and the next
  /// run goes on from there; `observe` has heard of each message stored by then.
  public func run(observe: ((Event) -> Void)? = nil) throws -> Report {
    let uidValidity = Int64(try mailbox.uidValidity())
    var report = Report(mailbox: mailbox.address, uidValidity: uidValidity)
    let known = try store.inboxEntries(mailbox: mailbox.address, uidValidity: uidValidity)
    let unread = try mailbox.unreadUIDs()
    report.unread = unread.count
    // Messages are filed in batches, after their entries are stored: a run that stops before
    // leaves them to the next, which files them without applying anything again.
    var filing = Filing(batch: filingBatch)
    let unreadSet = Set(unread.map { Int64($0) })
    for entry in known.values.sorted(by: { $0.uid < $1.uid })
    where entry.filedAt == nil && !unreadSet.contains(entry.uid) {
      guard let folder = entry.status.destination(folders), let uid = UInt32(exactly: entry.uid)
      else { continue }
      filing.add(entry, uid: uid, folder: folder, report: nil)
      report.refiled += 1
    }
    for (index, uid) in unread.enumerated() {
      defer { observe?(.progress(done: index + 1, total: unread.count)) }
      if let entry = known[Int64(uid)] {
        if entry.filedAt == nil, let folder = entry.status.destination(folders) {
          filing.add(entry, uid: uid, folder: folder, report: nil)
          report.refiled += 1
        } else {
          report.leftAlone += 1
        }
      } else if let entry = try read(uid, uidValidity: uidValidity, report: &report) {
        observe?(.read(entry))
        if let folder = entry.status.destination(folders) {
          filing.add(entry, uid: uid, folder: folder, report: report.entries.count)
        }
        report.entries.append(entry)
      }
      if filing.isFull { try file(&filing, report: &report) }
    }
    try file(&filing, report: &report)
    return report
  }

  /// How many messages are filed together (one IMAP command per folder).
  public var filingBatch = 100

  /// Messages waiting to be filed, by folder.
  private struct Filing {
    var batch: Int
    var waiting: [String: [(entry: InboxEntryID, uid: UInt32, report: Int?)]] = [:]
    var foldersReady = false

    mutating func add(_ entry: InboxEntry, uid: UInt32, folder: String, report: Int?) {
      waiting[folder, default: []].append((entry.id, uid, report))
    }

    var isFull: Bool { waiting.values.reduce(0) { $0 + $1.count } >= batch }
  }

  /// Marks the waiting messages read, moves them, and records where.
  private func file(_ filing: inout Filing, report: inout Report) throws {
    guard !filing.waiting.isEmpty else { return }
    if !filing.foldersReady {
      try mailbox.createFolderIfMissing(folders.done)
      try mailbox.createFolderIfMissing(folders.unmatched)
      filing.foldersReady = true
    }
    for (folder, messages) in filing.waiting.sorted(by: { $0.key < $1.key }) {
      let gone = try mailbox.file(messages.map(\.uid), in: folder)
      let now = clock.now()
      for message in messages {
        if gone.contains(message.uid) {
          report.gone += 1
          // Read for the first time: someone else moved it meanwhile, and it stays unfiled.
          // Filed before: most likely by the run that stopped before it could say so.
          guard message.report == nil else { continue }
          report.refiled -= 1
        }
        try store.markInboxEntryFiled(message.entry, in: folder, at: now)
        if let index = message.report {
          report.entries[index].filedIn = folder
          report.entries[index].filedAt = now
        }
      }
      filing.waiting[folder] = nil
    }
  }

  /// Downloads and reads a message seen for the first time and stores its entry; nil when it was
  /// gone or another run took it.
  private func read(_ uid: UInt32, uidValidity: Int64, report: inout Report) throws -> InboxEntry? {
    var entry: InboxEntry
    do {
      entry = try read(try mailbox.message(uid), uid: uid, uidValidity: uidValidity)
    } catch let error as MailboxMessageError where error.messageProblem == .gone {
      report.gone += 1
      return nil
    } catch let error as MailboxMessageError where error.messageProblem == .unreadable {
      // Too large to take: most likely a letter with scans, not a calendar reply. Left unread for
      // a person, as other mail is.
      entry = InboxEntry(
        mailbox: mailbox.address, uidValidity: uidValidity, uid: Int64(uid), messageID: nil,
        sender: nil, subject: nil, sentAt: nil, processedAt: clock.now(), status: .ignored,
        problem: error.localizedDescription)
    }
    guard let stored = try store.insertInboxEntry(entry) else {
      report.takenByAnotherRun += 1
      return nil
    }
    if let messageID = stored.messageID, stored.status == .answered || stored.status == .counter {
      try store.dismissEarlierInboxEntries(messageID: messageID, before: stored.id, at: clock.now())
    }
    return stored
  }

  /// What the message is and, for a reply, its answers applied.
  private func read(_ data: Data, uid: UInt32, uidValidity: Int64) throws -> InboxEntry {
    var entry = InboxEntry(
      mailbox: mailbox.address, uidValidity: uidValidity, uid: Int64(uid), messageID: nil,
      sender: nil, subject: nil, sentAt: nil, processedAt: clock.now(), status: .ignored)
    let message: ReceivedMessage
    do {
      message = try ReceivedMessage.parse(data, limits: limits)
    } catch {
      entry.status = .malformed
      entry.problem = error.localizedDescription
      return entry
    }
    entry.messageID = message.messageID.map { String($0.prefix(998)) }
    entry.sender = message.from.first.map { String($0.lowercased().prefix(320)) }
    entry.subject = message.subject.map { String($0.prefix(998)) }
    entry.sentAt = message.date
    // Clients often send one calendar twice (inline and attached): read each text once. A part
    // whose Content-Type names no method (Apple Mail's attachments) counts when its calendar says
    // REPLY or COUNTER.
    var seen = Set<String>()
    var itip: [ITIPMessage] = []
    var problem: String?
    for calendar in message.calendarParts where seen.insert(calendar.text).inserted {
      let declared = calendar.method
      guard declared == nil || declared == "REPLY" || declared == "COUNTER" else { continue }
      do {
        let read = try ITIPReader.read(calendar.text, defaultTimeZone: timeZone)
        if read.method == "REPLY" || read.method == "COUNTER" { itip.append(read) }
      } catch  where declared != nil {
        problem =
          problem ?? "The calendar (\(calendar.part.contentType)): \(error.localizedDescription)"
      } catch {
        continue
      }
    }
    if let problem {
      entry.status = .malformed
      entry.problem = problem
      return entry
    }
    guard !itip.isEmpty else { return entry }
    if let messageID = entry.messageID, try store.inboxHasMatched(messageID: messageID) {
      entry.status = .duplicate
      return entry
    }
    var items: [InboxItem] = []
    // One answer per attendee and occurrence, should a client repeat it.
    var answered = Set<String>()
    for message in itip {
      // How many ATTENDEEs each event names: an event naming several is answered only by the
      // one who sent it.
      let perEvent = Dictionary(grouping: message.replies) { "\($0.uid) \($0.line)" }
      for reply in message.replies
      where answered.insert(
        "\(reply.uid) \(reply.recurrenceID?.timeIntervalSince1970 ?? 0) \(reply.attendee)"
      ).inserted {
        let alone = perEvent["\(reply.uid) \(reply.line)"]?.count == 1
        items.append(item(reply, try replies.apply(reply, sender: entry.sender, alone: alone)))
      }
    }
    var proposed = Set<ITIPCounter>()
    for counter in itip.flatMap(\.counters) where proposed.insert(counter).inserted {
      items.append(try replies.proposal(counter, sender: entry.sender))
    }
    guard !items.isEmpty else {
      entry.status = .malformed
      entry.problem = "The calendar holds no answer: no ATTENDEE with a mailto: address."
      return entry
    }
    entry.items = items
    // A reply about no meeting of ours and no UID pokja gives out (a meeting the secretariat
    // keeps in Outlook): not for pokja; left unread for a person.
    if let uidDomain,
      items.allSatisfy({
        $0.outcome == .unknownMeeting
          && !$0.uid.lowercased().hasSuffix("@" + uidDomain.lowercased())
      })
    {
      entry.status = .ignored
      entry.problem = "A reply about \(items.first?.uid ?? "?"), which is no meeting of pokja's."
      return entry
    }
    let unmatched: Set<InboxItem.Outcome> = [.unknownMeeting, .notAnAttendee, .unknownOccurrence]
    if items.contains(where: { unmatched.contains($0.outcome) }) {
      entry.status = .unmatched
      entry.problem = items.first { unmatched.contains($0.outcome) }.map(Self.problem)
    } else if items.contains(where: { $0.outcome == .stale }) {
      entry.status = .stale
      entry.problem = items.first { $0.outcome == .stale }.map(Self.problem)
    } else if items.contains(where: { $0.outcome == .proposal }) {
      entry.status = .counter
    } else {
      entry.status = .answered
    }
    return entry
  }

  private func item(_ reply: ITIPReply, _ outcome: InboxOutcome) -> InboxItem {
    var item = InboxItem(
      method: "REPLY", outcome: .recorded, uid: reply.uid, attendee: reply.attendee,
      occurrence: reply.recurrenceID, answer: reply.answer.participation, comment: reply.comment,
      sequence: reply.sequence)
    switch outcome {
    case .recorded(let meeting, let contact, _, let changed):
      item.meetingID = meeting
      item.contactID = contact
      item.changed = changed
    case .stale(let meeting, let contact, _, let current):
      item.outcome = .stale
      item.meetingID = meeting
      item.contactID = contact
      item.currentSequence = current
    case .noAnswer(let meeting, let contact):
      item.outcome = .noAnswer
      item.meetingID = meeting
      item.contactID = contact
    case .unknownMeeting:
      item.outcome = .unknownMeeting
    case .notAnAttendee(let meeting, _):
      item.outcome = .notAnAttendee
      item.meetingID = meeting
    case .cancelled(let meeting):
      item.outcome = .cancelled
      item.meetingID = meeting
    case .unknownOccurrence(let meeting, _):
      item.outcome = .unknownOccurrence
      item.meetingID = meeting
    }
    return item
  }

  /// Why an item matched nothing, in words.
  static func problem(_ item: InboxItem) -> String {
    switch item.outcome {
    case .unknownMeeting:
      "No meeting has the UID \(item.uid) (not sent by pokja, or deleted)."
    case .notAnAttendee:
      "\(item.attendee ?? "The sender") is not an attendee of meeting \(item.meetingID.map(String.init(describing:)) ?? "?"): add the address to the contact (pokja contact edit CONTACT --add-email ADDRESS), then move the mail back to the inbox as unread."
    case .stale:
      "\(item.attendee ?? "The attendee") answered version \(item.sequence ?? 0) of meeting \(item.meetingID.map(String.init(describing:)) ?? "?"), which is now at version \(item.currentSequence ?? 0): not applied (they may not have seen the change; 'pokja rsvp' records an answer by hand)."
    case .unknownOccurrence:
      "The answer is for \(item.occurrence.map { ISO8601DateFormatter().string(from: $0) } ?? "?"), which is no occurrence of meeting \(item.meetingID.map(String.init(describing:)) ?? "?")."
    default:
      ""
    }
  }
}
