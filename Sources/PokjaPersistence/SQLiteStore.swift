import Foundation
import GRDB
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

/// Pokja's store on SQLite (through GRDB): the directory, scheduling and outbox stores in one database,
/// so an action and the messages it causes are written in one transaction.
public final class SQLiteStore: Sendable {
  let writer: any DatabaseWriter

  /// Wraps an open, migrated database (see `PokjaDatabase`).
  public init(_ writer: any DatabaseWriter) { self.writer = writer }

  /// Runs `body` in an IMMEDIATE write transaction: concurrent writers wait (busy timeout) instead of
  /// failing half-way through a read-then-write.
  func transaction<T>(_ body: (Database) throws -> T) throws -> T {
    try writer.writeWithoutTransaction { db in
      var result: T?
      try db.inTransaction(.immediate) {
        result = try body(db)
        return .commit
      }
      return result!
    }
  }
}

// MARK: - Row mapping

extension Organisation {
  init(row: Row) {
    self.init(
      id: OrganisationID(row["id"] as Int64), name: row["name"], acronym: row["acronym"],
      kind: row["kind"], email: (row["email"] as String?).flatMap(EmailAddress.init),
      phone: (row["phone"] as String?).map(PhoneNumber.init(e164:)))
  }
}

extension Contact {
  init(row: Row) {
    self.init(
      id: ContactID(row["id"] as Int64), name: row["name"],
      organisationID: (row["organisation_id"] as Int64?).map { OrganisationID($0) },
      email: EmailAddress(row["email"] as String)!,
      phone: (row["phone"] as String?).map(PhoneNumber.init(e164:)),
      language: Language(rawValue: row["language"]) ?? .indonesian)
  }
}

extension Room {
  init(row: Row) {
    self.init(
      id: RoomID(row["id"] as Int64), name: row["name"], capacity: row["capacity"],
      location: row["location"])
  }
}

extension Meeting {
  init(row: Row) {
    self.init(
      id: MeetingID(row["id"] as Int64), uid: row["uid"], title: row["title"],
      description: row["description"], start: row["start_at"], end: row["end_at"],
      timeZone: TimeZone(identifier: row["time_zone"]) ?? TimeZone(identifier: "UTC")!,
      roomID: (row["room_id"] as Int64?).map { RoomID($0) }, location: row["location"],
      sequence: row["sequence"], status: MeetingStatus(rawValue: row["status"]) ?? .confirmed,
      createdAt: row["created_at"])
  }
}

extension OutboundMessage {
  init(row: Row) {
    let meetingID: Int64? = row["meeting_id"]
    let contactID: Int64? = row["contact_id"]
    let sender: String = row["sender"]
    let recipient: String = row["recipient"]
    let kind: String = row["kind"]
    let state: String = row["state"]
    self.init(
      id: OutboundMessageID(row["id"] as Int64), dedupeKey: row["dedupe_key"] as String,
      kind: MessageKind(rawValue: kind) ?? .invitation,
      meetingID: meetingID.map { MeetingID($0) }, contactID: contactID.map { ContactID($0) },
      sender: EmailAddress(sender)!, recipient: EmailAddress(recipient)!,
      messageID: row["message_id"] as String, subject: row["subject"] as String,
      content: row["content"] as String, state: OutboxState(rawValue: state) ?? .queued,
      attempts: row["attempts"] as Int, lastError: row["last_error"] as String?,
      createdAt: row["created_at"] as Date, nextAttemptAt: row["next_attempt_at"] as Date,
      sentAt: row["sent_at"] as Date?)
  }
}
