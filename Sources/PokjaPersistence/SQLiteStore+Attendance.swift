import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

/// Check-ins on SQLite: one row per person and occurrence, taken by its INSERT, so two desks
/// checking the same person in record it once.
extension SQLiteStore: AttendanceStore {
  public func attendance(of meeting: MeetingID) throws -> [AttendanceRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY occurrence, checked_in_at, contact_id",
        arguments: [meeting.rawValue]
      ).map { try AttendanceRecord(row: $0) }
    }
  }

  public func attendance(from: Date, to: Date) throws -> [AttendanceRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM attendance WHERE occurrence >= ? AND occurrence < ?
          ORDER BY occurrence, meeting_id, checked_in_at, contact_id
          """, arguments: [from, to]
      ).map { try AttendanceRecord(row: $0) }
    }
  }

  public func recordAttendance(_ record: AttendanceRecord) throws -> AttendanceRecord? {
    try transaction { db in
      try db.execute(
        cached: """
          INSERT INTO attendance (meeting_id, occurrence, contact_id, status, proxy_name,
                                  checked_in_at, checked_in_by, walk_in)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
          """,
        arguments: [
          record.meetingID.rawValue, record.occurrence, record.contactID.rawValue,
          record.status.rawValue, record.proxyName, record.checkedInAt, record.checkedInBy,
          record.walkIn,
        ])
      guard db.changesCount == 0 else { return nil }
      return try Row.fetchOne(
        db,
        sql: "SELECT * FROM attendance WHERE meeting_id = ? AND occurrence = ? AND contact_id = ?",
        arguments: [record.meetingID.rawValue, record.occurrence, record.contactID.rawValue]
      ).map { try AttendanceRecord(row: $0) }
    }
  }

  public func removeAttendance(meeting: MeetingID, occurrence: Date, contact: ContactID) throws
    -> Bool
  {
    try transaction { db in
      try db.execute(
        cached: "DELETE FROM attendance WHERE meeting_id = ? AND occurrence = ? AND contact_id = ?",
        arguments: [meeting.rawValue, occurrence, contact.rawValue])
      return db.changesCount == 1
    }
  }
}

extension AttendanceRecord {
  init(row: Row) throws {
    self.init(
      meetingID: MeetingID(row["meeting_id"] as Int64), occurrence: row["occurrence"],
      contactID: ContactID(row["contact_id"] as Int64),
      status: try row.parsed("status", table: "attendance") { AttendanceStatus(rawValue: $0) },
      proxyName: row["proxy_name"], checkedInAt: row["checked_in_at"],
      checkedInBy: row["checked_in_by"], walkIn: row["walk_in"])
  }
}
