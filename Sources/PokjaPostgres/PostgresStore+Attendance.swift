import Foundation
import PokjaCore
import PokjaScheduling

/// Check-ins on PostgreSQL: one row per person and occurrence, taken by its INSERT, so two desks
/// (or two hosts) checking the same person in record it once.
extension PostgresStore: AttendanceStore {
  public func attendance(of meeting: MeetingID) throws -> [AttendanceRecord] {
    try rows(
      """
      SELECT * FROM attendance WHERE meeting_id = $1
      ORDER BY occurrence, checked_in_at, contact_id
      """, [meeting.rawValue]
    ).of("attendance").map { try AttendanceRecord(stored: $0) }
  }

  public func attendance(from: Date, to: Date) throws -> [AttendanceRecord] {
    try rows(
      """
      SELECT * FROM attendance WHERE occurrence >= $1 AND occurrence < $2
      ORDER BY occurrence, meeting_id, checked_in_at, contact_id
      """, [from, to]
    ).of("attendance").map { try AttendanceRecord(stored: $0) }
  }

  public func recordAttendance(_ record: AttendanceRecord) throws -> AttendanceRecord? {
    try transaction {
      let inserted = try rows(
        """
        INSERT INTO attendance (meeting_id, occurrence, contact_id, status, proxy_name,
                                checked_in_at, checked_in_by, walk_in)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING contact_id
        """,
        [
          record.meetingID.rawValue, record.occurrence, record.contactID.rawValue,
          record.status.rawValue, record.proxyName, record.checkedInAt, record.checkedInBy,
          record.walkIn,
        ])
      guard inserted.isEmpty else { return nil }
      return try rows(
        "SELECT * FROM attendance WHERE meeting_id = $1 AND occurrence = $2 AND contact_id = $3",
        [record.meetingID.rawValue, record.occurrence, record.contactID.rawValue]
      ).of("attendance").first.map { try AttendanceRecord(stored: $0) }
    }
  }

  public func removeAttendance(meeting: MeetingID, occurrence: Date, contact: ContactID) throws
    -> Bool
  {
    try transaction {
      try rows(
        """
        DELETE FROM attendance WHERE meeting_id = $1 AND occurrence = $2 AND contact_id = $3
        RETURNING contact_id
        """, [meeting.rawValue, occurrence, contact.rawValue]
      ).count == 1
    }
  }
}

extension AttendanceRecord {
  init(stored row: StoredRow) throws {
    self.init(
      meetingID: MeetingID(try row("meeting_id")), occurrence: try row("occurrence"),
      contactID: ContactID(try row("contact_id")),
      status: try row.parsed("status") { AttendanceStatus(rawValue: $0) },
      proxyName: try row("proxy_name"), checkedInAt: try row("checked_in_at"),
      checkedInBy: try row("checked_in_by"), walkIn: try row("walk_in"))
  }
}
