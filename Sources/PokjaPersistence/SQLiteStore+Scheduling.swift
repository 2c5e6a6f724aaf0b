import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

extension SQLiteStore: SchedulingStore {
  public func insert(_ room: Room) throws -> Room {
    do {
      return try transaction { db in
        var stored = room
        stored.id = RoomID(try Room.tableMapping.insert(room, db))
        return stored
      }
    } catch  where error is StorageError {
      // Another writer added a room of that name between the scheduler's check and this insert.
      if let existing = try self.room(.key(room.name)) {
        throw SchedulingError.duplicateRoom(name: room.name, existing: existing.id)
      }
      throw error
    }
  }

  public func rooms() throws -> [Room] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM room ORDER BY name_key").map { try Room(row: $0) }
    }
  }

  public func room(_ reference: Reference<Room>) throws -> Room? {
    try read { db in
      switch reference {
      case .id(let id):
        try Row.fetchOne(db, sql: "SELECT * FROM room WHERE id = ?", arguments: [id.rawValue])
          .map { try Room(row: $0) }
      case .key(let name):
        try Row.fetchOne(
          db, sql: "SELECT * FROM room WHERE name_key = ?", arguments: [SearchKey.fold(name)]
        ).map { try Room(row: $0) }
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
    try read { db in try Self.meeting(db, id) }
  }

  public func meeting(uid: String) throws -> Meeting? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM meeting WHERE uid = ?", arguments: [uid])
        .map { try Meeting(row: $0) }
    }
  }

  static func meeting(_ db: Database, _ id: MeetingID) throws -> Meeting? {
    try Row.fetchOne(
      db, sql: "SELECT * FROM meeting WHERE id = ?", arguments: [id.rawValue]
    ).map { try Meeting(row: $0) }
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

  public func overrides(of meeting: MeetingID) throws -> [MeetingOverride] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM meeting_override WHERE meeting_id = ? ORDER BY recurrence_id",
        arguments: [meeting.rawValue]
      ).map { row in
        let roomID: Int64? = row["room_id"]
        return MeetingOverride(
          meetingID: meeting, recurrenceID: row["recurrence_id"], start: row["start_at"],
          end: row["end_at"], title: row["title"], location: row["location"],
          roomID: roomID.map { RoomID($0) }, sequence: row["sequence"])
      }
    }
  }

  public func occurrenceReplies(of meeting: MeetingID) throws -> [OccurrenceReply] {
    try read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT * FROM occurrence_reply WHERE meeting_id = ? ORDER BY recurrence_id, contact_id",
        arguments: [meeting.rawValue]
      ).map { row in
        OccurrenceReply(
          recurrenceID: row["recurrence_id"], contactID: ContactID(row["contact_id"] as Int64),
          participation: ParticipationStatus(rawValue: row["participation"]) ?? .needsAction)
      }
    }
  }

  public func occurrences(from: Date, to: Date, meeting: MeetingID?, attendee: ContactID?)
    throws -> [MeetingOccurrence]
  {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT o.* FROM occurrence o
          WHERE o.start_at >= :from AND o.start_at < :to
            AND (:meeting IS NULL OR o.meeting_id = :meeting)
            AND (:attendee IS NULL OR EXISTS (
              SELECT 1 FROM attendee a WHERE a.meeting_id = o.meeting_id AND a.contact_id = :attendee))
          ORDER BY o.start_at, o.meeting_id
          """,
        arguments: [
          "from": from, "to": to, "meeting": meeting?.rawValue, "attendee": attendee?.rawValue,
        ]
      ).map(MeetingOccurrence.init(row:))
    }
  }

  public func dueReminders(at now: Date) throws -> [(Meeting, MeetingOccurrence, [Reminder])] {
    try read { db in
      // Only occurrences starting within the longest reminder offset can have one due (cron runs
      // this every few minutes, so the window is kept as small as the data allows).
      guard
        let longest = try Int.fetchOne(db, sql: "SELECT max(offset_seconds) FROM reminder")
      else { return [] }
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT o.* FROM occurrence o
          WHERE o.start_at > ? AND o.start_at <= ?
            AND EXISTS (SELECT 1 FROM reminder r WHERE r.meeting_id = o.meeting_id
                        AND o.start_at <= strftime('%Y-%m-%d %H:%M:%f', ?, '+' || r.offset_seconds || ' seconds'))
          ORDER BY o.start_at, o.meeting_id
          """,
        arguments: [now, now.addingTimeInterval(TimeInterval(longest)), now])
      var meetings: [MeetingID: Meeting] = [:]
      var reminders: [MeetingID: [Reminder]] = [:]
      var due: [(Meeting, MeetingOccurrence, [Reminder])] = []
      for row in rows {
        let occurrence = MeetingOccurrence(row: row)
        let id = occurrence.meetingID
        if meetings[id] == nil {
          guard let meeting = try Self.meeting(db, id), meeting.status == .confirmed else {
            continue
          }
          meetings[id] = meeting
          reminders[id] = try Self.reminders(db, meeting: id)
        }
        guard let meeting = meetings[id] else { continue }
        let dueNow = (reminders[id] ?? []).filter {
          $0.dueDate(forMeetingStartingAt: occurrence.start) <= now
        }
        if !dueNow.isEmpty { due.append((meeting, occurrence, dueNow)) }
      }
      return due
    }
  }

  public func missedReminders(at now: Date, since: Date) throws
    -> [(Meeting, MeetingOccurrence, [Reminder])]
  {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT o.* FROM occurrence o
          WHERE o.start_at > ? AND o.start_at <= ?
            AND EXISTS (SELECT 1 FROM reminder r WHERE r.meeting_id = o.meeting_id)
            AND NOT EXISTS (SELECT 1 FROM outbox_message m
                            WHERE m.meeting_id = o.meeting_id AND m.kind = 'reminder'
                              AND m.occurrence_at = o.recurrence_id)
          ORDER BY o.start_at, o.meeting_id
          """,
        arguments: [since, now])
      var missed: [(Meeting, MeetingOccurrence, [Reminder])] = []
      for row in rows {
        let occurrence = MeetingOccurrence(row: row)
        guard let meeting = try Self.meeting(db, occurrence.meetingID),
          meeting.status == .confirmed
        else { continue }
        missed.append((meeting, occurrence, try Self.reminders(db, meeting: meeting.id)))
      }
      return missed
    }
  }

  public func busyTimes(from: Date, to: Date, contacts: [ContactID]) throws -> BusyTimes {
    try read { db in
      let wanted = Set(contacts.map(\.rawValue))
      var people: [ContactID: [BusyInterval]] = [:]
      var rooms: [RoomID: [BusyInterval]] = [:]
      let lower = from.addingTimeInterval(-14 * 86_400 - 1)
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT o.start_at, o.end_at, o.room_id, o.meeting_id, m.title FROM occurrence o
          JOIN meeting m ON m.id = o.meeting_id
          WHERE o.start_at > ? AND o.start_at < ? AND o.end_at > ?
          """,
        arguments: [lower, to, from])
      var byMeeting: [Int64: [BusyInterval]] = [:]
      while let row = try rows.next() {
        let interval = BusyInterval(start: row["start_at"], end: row["end_at"], label: row["title"])
        byMeeting[row["meeting_id"], default: []].append(interval)
        if let room = row["room_id"] as Int64? {
          rooms[RoomID(room), default: []].append(interval)
        }
      }
      guard !wanted.isEmpty, !byMeeting.isEmpty else {
        return BusyTimes(people: people, rooms: rooms)
      }
      let attendance = try Row.fetchCursor(
        db,
        sql: """
          SELECT meeting_id, contact_id FROM attendee
          WHERE participation <> 'DECLINED'
            AND meeting_id IN (SELECT DISTINCT meeting_id FROM occurrence
                               WHERE start_at > ? AND start_at < ? AND end_at > ?)
          """,
        arguments: [lower, to, from])
      while let row = try attendance.next() {
        let contact: Int64 = row["contact_id"]
        guard wanted.contains(contact), let intervals = byMeeting[row["meeting_id"]] else {
          continue
        }
        people[ContactID(contact), default: []].append(contentsOf: intervals)
      }
      return BusyTimes(people: people, rooms: rooms)
    }
  }

  public func seriesPlanned(before date: Date) throws -> [Meeting] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM meeting
          WHERE status = 'confirmed' AND (rrule IS NOT NULL OR rdates <> '[]')
            AND planned_through < ?
          ORDER BY planned_through, id
          """,
        arguments: [date]
      ).map { try Meeting(row: $0) }
    }
  }

  public func sessions(of meeting: MeetingID) throws -> [ProgrammeSession] {
    try read { db in
      try ProgrammeSession.fetchAll(
        db, sql: "SELECT * FROM meeting_session WHERE meeting_id = ? ORDER BY start_at, id",
        arguments: [meeting.rawValue])
    }
  }

  public func session(_ id: SessionID) throws -> ProgrammeSession? {
    try read { db in
      try ProgrammeSession.fetchAll(
        db, sql: "SELECT * FROM meeting_session WHERE id = ?", arguments: [id.rawValue]
      ).first
    }
  }

  public func setting(_ key: String) throws -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }
  }

  public func write<T>(_ body: (any SchedulingTransaction) throws -> T) throws -> T {
    // As a batch: reads the scheduler makes inside `body` (contacts, meetings) use the writing
    // connection and see what the transaction has written so far.
    try atomically {
      try transaction { db in try body(SQLiteSchedulingTransaction(db: db)) }
    }
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

/// Instants as the store keeps them in a TEXT column: a JSON array of Unix seconds.
func instantList(_ dates: [Date]) -> String { StoredList.text(dates) }

extension Row {
  /// A JSON array of Unix seconds.
  func instantList(_ column: String, table: String) throws -> [Date] {
    guard let list = StoredList.instants(self[column] ?? "[]") else {
      throw StorageError.corruptRow(table: table, id: (self["id"] as Int64?) ?? 0, column: column)
    }
    return list
  }
}

extension MeetingOccurrence {
  init(row: Row) {
    let roomID: Int64? = row["room_id"]
    self.init(
      meetingID: MeetingID(row["meeting_id"] as Int64), recurrenceID: row["recurrence_id"],
      start: row["start_at"], end: row["end_at"], roomID: roomID.map { RoomID($0) })
  }
}
