import Foundation
import PokjaCore
import Synchronization

/// An IMAP folder in memory, for fast tests of `InboxFetch`: messages by UID with a read flag,
/// other folders by name, and faults to inject. The one real test runs against Dovecot
/// (`IMAPTestServer`).
public final class MemoryMailbox: InboxMailbox, Sendable {
  public struct Message: Sendable, Equatable {
    public var data: Data
    public var isRead: Bool
  }

  /// Why a call failed, as a mailbox's errors say it.
  public enum Failure: Error, MailboxMessageError, Equatable {
    /// The connection broke (the run stops).
    case connectionLost
    case gone(UInt32)
    case tooLarge(UInt32)

    public var messageProblem: MailboxMessageProblem? {
      switch self {
      case .connectionLost: nil
      case .gone: .gone
      case .tooLarge: .unreadable
      }
    }
  }

  private struct State {
    var uidValidity: UInt32 = 1
    var nextUID: UInt32 = 1
    var inbox: [UInt32: Message] = [:]
    var folders: [String: [Message]] = [:]
    var downloads = 0
    /// Filing fails (connection lost) after this many more successful filings.
    var filingsBeforeFailure: Int?
    var tooLarge: Set<UInt32> = []
  }

  private let state = Mutex(State())

  public init() {}

  public var address: String { "imaps://sekretariat@mail.example:993/INBOX" }

  /// Puts a message in the inbox and returns its UID.
  @discardableResult
  public func deliver(_ text: String, read: Bool = false) -> UInt32 {
    state.withLock { state in
      let uid = state.nextUID
      state.nextUID += 1
      state.inbox[uid] = Message(data: Data(text.utf8), isRead: read)
      return uid
    }
  }

  /// The messages still in the inbox, by UID.
  public var inbox: [UInt32: Message] { state.withLock { $0.inbox } }
  /// The messages filed in `folder`.
  public func messages(in folder: String) -> [Message] {
    state.withLock { $0.folders[folder] ?? [] }
  }
  /// How many messages were downloaded.
  public var downloads: Int { state.withLock { $0.downloads } }

  /// Makes filing fail, as a dropped connection would, after `count` more calls succeed.
  public func failFiling(after count: Int?) { state.withLock { $0.filingsBeforeFailure = count } }
  /// Marks the message read, as another mail program (or a STORE before a failed MOVE) would.
  public func markRead(_ uid: UInt32) { state.withLock { $0.inbox[uid]?.isRead = true } }
  /// Makes downloading `uid` fail as too large.
  public func refuse(_ uid: UInt32) { _ = state.withLock { $0.tooLarge.insert(uid) } }
  /// Starts a new UIDVALIDITY: every message gets a new UID, as after a server migration.
  public func renumber() {
    state.withLock { state in
      state.uidValidity += 1
      let messages = state.inbox.sorted { $0.key < $1.key }.map(\.value)
      state.inbox = [:]
      for message in messages {
        state.inbox[state.nextUID] = message
        state.nextUID += 1
      }
    }
  }

  public func uidValidity() throws -> UInt32 { state.withLock { $0.uidValidity } }

  public func unreadUIDs() throws -> [UInt32] {
    state.withLock { $0.inbox.filter { !$0.value.isRead }.keys.sorted() }
  }

  public func message(_ uid: UInt32) throws -> Data {
    try state.withLock { (state: inout State) throws(Failure) -> Data in
      guard let message = state.inbox[uid] else { throw .gone(uid) }
      guard !state.tooLarge.contains(uid) else { throw .tooLarge(uid) }
      state.downloads += 1
      return message.data
    }
  }

  public func file(_ uids: [UInt32], in folder: String) throws -> Set<UInt32> {
    try state.withLock { (state: inout State) throws(Failure) -> Set<UInt32> in
      if let left = state.filingsBeforeFailure {
        guard left > 0 else { throw .connectionLost }
        state.filingsBeforeFailure = left - 1
      }
      guard state.folders[folder] != nil else { throw .connectionLost }
      var gone = Set<UInt32>()
      for uid in uids {
        guard var message = state.inbox.removeValue(forKey: uid) else {
          gone.insert(uid)
          continue
        }
        message.isRead = true
        state.folders[folder, default: []].append(message)
      }
      return gone
    }
  }

  public func createFolderIfMissing(_ folder: String) throws {
    state.withLock { state in
      if state.folders[folder] == nil { state.folders[folder] = [] }
    }
  }

  public func close() {}
}

/// iTIP REPLY mails as a client sends them, for tests and benchmarks.
public enum ReplyMail {
  /// A `multipart/alternative` mail with a text part and a `text/calendar; method=REPLY` part.
  public static func reply(
    uid: String, attendee: String, partstat: String = "ACCEPTED", sequence: Int? = 0,
    recurrenceID: String? = nil, comment: String? = nil, from: String? = nil,
    messageID: String = UUID().uuidString + "@client.example", method: String = "REPLY",
    extraEvent: String = "", extraAttendees: [String] = []
  ) -> String {
    var event = ["BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20261201T010000Z"]
    if let sequence { event.append("SEQUENCE:\(sequence)") }
    event += [
      "ORGANIZER:mailto:sekretariat@pokja.example",
      "ATTENDEE;PARTSTAT=\(partstat):mailto:\(attendee)",
    ]
    event += extraAttendees.map { "ATTENDEE;PARTSTAT=\(partstat):mailto:\($0)" }
    if let recurrenceID { event.append("RECURRENCE-ID;TZID=Asia/Jakarta:\(recurrenceID)") }
    if let comment { event.append("COMMENT:\(comment)") }
    if method == "COUNTER" {
      event += ["DTSTART:20261208T030000Z", "DTEND:20261208T060000Z", "LOCATION:Ruang 2"]
    }
    event.append("END:VEVENT")
    let calendar =
      (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "METHOD:\(method)"]
      + event + (extraEvent.isEmpty ? [] : [extraEvent]) + ["END:VCALENDAR"])
      .joined(separator: "\r\n")
    return [
      "From: \(from ?? attendee)", "To: sekretariat@pokja.example",
      "Subject: Accepted: Rapat Pleno", "Date: Tue, 01 Dec 2026 08:00:00 +0700",
      "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
      "Content-Type: multipart/alternative; boundary=\"b1\"", "", "--b1",
      "Content-Type: text/plain; charset=utf-8", "", "\(attendee) has accepted.", "--b1",
      "Content-Type: text/calendar; charset=utf-8; method=\(method)", "", calendar, "--b1--", "",
    ].joined(separator: "\r\n")
  }

  /// An ordinary mail with no calendar.
  public static func plain(subject: String = "Notulen rapat") -> String {
    [
      "From: budi@kemensos.example", "To: sekretariat@pokja.example", "Subject: \(subject)",
      "Message-ID: <\(UUID().uuidString)@kemensos.example>", "", "Terlampir notulen.", "",
    ].joined(separator: "\r\n")
  }
}
