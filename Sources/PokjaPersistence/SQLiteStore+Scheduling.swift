import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

extension SQLiteStore: SchedulingStore {
  public func insert(_ room: NewRoom) throws -> Room {
    do {
      return try insertRoom(room)
    } catch  where error is StorageError {
      // Another writer added a room of that name between the scheduler's check and this insert.
      if let existing = try self.room(.key(room.name)) {
        throw SchedulingError.duplicateRoom(name: room.name, existing: existing.id)
      }
      throw error
    }
  }

  private func insertRoom(_ room: NewRoom) throws -> Room {
    try transaction { db in
      try db.execute(
        cached: "INSERT INTO room (name, name_key, capacity, location) VALUES (?, ?, ?, ?)",
        arguments: [room.name, SearchKey.fold(room.name), room.capacity, room.location])
      return Room(
        id: RoomID(db.lastInsertedRowID), name: room.name, capacity: room.capacity,
        location: room.location)
    }
  }

  public func rooms() throws -> [Room] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM room ORDER BY name_key").map(Room.init(row:))
    }
  }

  public func room(_ reference: Reference<Room>) throws -> Room? {
    try read { db in
      switch reference {
      case .id(let id):
        try Row.fetchOne(db, sql: "SELECT * FROM room WHERE id = ?", arguments: [id.rawValue])
          .map(Room.init(row:))
      case .key(let name):
        try Row.fetchOne(
          db, sql: "SELECT * FROM room WHERE name_key = ?", arguments: [SearchKey.fold(name)]
        ).map(Room.init(row:))
      }
    }
  }

  public func meetings() throws -> [Meeting] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM meeting ORDER BY start_at, id").map {
        try Meeting(row: $0)
      }
    }
  }

  public func meeting(_ id: MeetingID) throws -> Meeting? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM meeting WHERE id = ?", arguments: [id.rawValue])
        .map { try Meeting(row: $0) }
    }
  }

  public func attendees(of meeting: MeetingID) throws -> [Attendee] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM attendee WHERE meeting_id = ? ORDER BY position",
        arguments: [meeting.rawValue]
      ).map { row in
        Attendee(
          meetingID: meeting, contactID: ContactID(row["contact_id"] as Int64),
          role: AttendeeRole(rawValue: row["role"]) ?? .required,
          participation: ParticipationStatus(rawValue: row["participation"]) ?? .needsAction)
      }
    }
  }

  public func reminders(of meeting: MeetingID) throws -> [Reminder] {
    try read { db in
      try Self.reminders(db, meeting: meeting)
    }
  }

  public func meetingsWithDueReminders(at now: Date) throws -> [(Meeting, [Reminder])] {
    try read { db in
      // Reminders are at most 60 days ahead, so only meetings starting within that window can have one due.
      let candidates = try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM meeting
          WHERE status = 'confirmed' AND start_at > ? AND start_at <= ?
            AND EXISTS (SELECT 1 FROM reminder WHERE meeting_id = meeting.id)
          ORDER BY start_at, id
          """,
        arguments: [now, now.addingTimeInterval(61 * 86_400)]
      ).map { try Meeting(row: $0) }
      return try candidates.compactMap { meeting in
        let due = try Self.reminders(db, meeting: meeting.id).filter {
          $0.dueDate(forMeetingStartingAt: meeting.start) <= now
        }
        return due.isEmpty ? nil : (meeting, due)
      }
    }
  }

  public func write<T>(_ body: (any SchedulingTransaction) throws -> T) throws -> T {
    try transaction { db in try body(SQLiteSchedulingTransaction(db: db)) }
  }

  static func reminders(_ db: Database, meeting: MeetingID) throws -> [Reminder] {
    try Row.fetchAll(
      db, sql: "SELECT * FROM reminder WHERE meeting_id = ? ORDER BY offset_seconds DESC",
      arguments: [meeting.rawValue]
    ).map { row in
      Reminder(
        id: ReminderID(row["id"] as Int64), meetingID: meeting,
        offset: TimeSpan(seconds: row["offset_seconds"]))
    }
  }
}

/// Scheduling's view of one open write transaction.
struct SQLiteSchedulingTransaction: SchedulingTransaction {
  let db: Database

  func meetings(inRoom room: RoomID, overlapping interval: DateInterval) throws -> [Meeting] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT * FROM meeting
        WHERE room_id = ? AND status = 'confirmed' AND start_at < ? AND end_at > ?
        ORDER BY start_at
        """,
      arguments: [room.rawValue, interval.end, interval.start]
    ).map { try Meeting(row: $0) }
  }

  func insert(_ draft: MeetingDraft) throws -> Meeting {
    try db.execute(
      cached: """
        INSERT INTO meeting (uid, title, description, start_at, end_at, time_zone, room_id,
                             location, sequence, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'confirmed', ?)
        """,
      arguments: [
        draft.uid, draft.title, draft.description, draft.start, draft.end,
        draft.timeZone.identifier, draft.roomID?.rawValue, draft.location, draft.createdAt,
      ])
    let id = MeetingID(db.lastInsertedRowID)
    for (position, contact) in draft.attendees.enumerated() {
      try db.execute(
        cached: "INSERT INTO attendee (meeting_id, contact_id, position) VALUES (?, ?, ?)",
        arguments: [id.rawValue, contact.rawValue, position])
    }
    for offset in draft.reminders {
      try db.execute(
        cached: "INSERT INTO reminder (meeting_id, offset_seconds) VALUES (?, ?)",
        arguments: [id.rawValue, offset.seconds])
    }
    return Meeting(
      id: id, uid: draft.uid, title: draft.title, description: draft.description,
      start: draft.start, end: draft.end, timeZone: draft.timeZone, roomID: draft.roomID,
      location: draft.location, createdAt: draft.createdAt)
  }
}
