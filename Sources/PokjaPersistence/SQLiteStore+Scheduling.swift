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

/// Scheduling's view of one open write transaction.
struct SQLiteSchedulingTransaction: SchedulingTransaction {
  let db: Database

  /// The longest a meeting may last: occurrences starting earlier than this before an interval
  /// cannot reach into it, which keeps the overlap query on the (room, start) index.
  private static let longestMeeting: TimeInterval = 14 * 86_400 + 1

  func roomClashes(room: RoomID, intervals: [DateInterval], excluding: MeetingID?, limit: Int)
    throws -> [Clash]
  {
    var clashes: [Clash] = []
    var meetings: [MeetingID: Meeting] = [:]
    for interval in intervals {
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT * FROM occurrence
            WHERE room_id = ? AND start_at > ? AND start_at < ? AND end_at > ?
              AND meeting_id IS NOT ?
            ORDER BY start_at LIMIT 1
            """,
          arguments: [
            room.rawValue, interval.start.addingTimeInterval(-Self.longestMeeting), interval.end,
            interval.start, excluding?.rawValue,
          ], adapter: nil)
      else { continue }
      let occurrence = MeetingOccurrence(row: row)
      if meetings[occurrence.meetingID] == nil {
        meetings[occurrence.meetingID] = try SQLiteStore.meeting(db, occurrence.meetingID)
      }
      guard let meeting = meetings[occurrence.meetingID] else { continue }
      clashes.append(Clash(meeting: meeting, occurrence: occurrence, requested: interval))
      if clashes.count >= limit { break }
    }
    return clashes
  }

  func attendeeClashes(
    contacts: [ContactID], intervals: [DateInterval], excluding: MeetingID?, limit: Int
  ) throws -> [AttendeeClash] {
    guard !contacts.isEmpty else { return [] }
    let wanted = Set(contacts.map(\.rawValue))
    var clashes: [AttendeeClash] = []
    var meetings: [MeetingID: Meeting] = [:]
    for interval in intervals {
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT o.*, a.contact_id AS clash_contact FROM occurrence o
          JOIN attendee a ON a.meeting_id = o.meeting_id
          WHERE o.start_at > ? AND o.start_at < ? AND o.end_at > ? AND o.meeting_id IS NOT ?
            AND a.participation <> 'DECLINED'
          ORDER BY o.start_at
          """,
        arguments: [
          interval.start.addingTimeInterval(-Self.longestMeeting), interval.end, interval.start,
          excluding?.rawValue,
        ])
      for row in rows where wanted.contains(row["clash_contact"]) {
        let occurrence = MeetingOccurrence(row: row)
        if meetings[occurrence.meetingID] == nil {
          meetings[occurrence.meetingID] = try SQLiteStore.meeting(db, occurrence.meetingID)
        }
        guard let meeting = meetings[occurrence.meetingID] else { continue }
        clashes.append(
          AttendeeClash(
            contactID: ContactID(row["clash_contact"] as Int64),
            clash: Clash(meeting: meeting, occurrence: occurrence, requested: interval)))
        if clashes.count >= limit { return clashes }
      }
    }
    return clashes
  }

  func insert(_ meeting: Meeting, attendees: [ContactID], reminders: [TimeSpan]) throws -> Meeting {
    var stored = meeting
    stored.id = MeetingID(try Meeting.tableMapping.insert(meeting, db))
    try replaceAttendees(
      of: stored.id, with: attendees.map { Attendee(meetingID: stored.id, contactID: $0) })
    try replaceReminders(of: stored.id, with: reminders)
    return stored
  }

  func setSetting(_ key: String, _ value: String) throws {
    try db.execute(
      cached: """
        INSERT INTO setting (key, value) VALUES (?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value
        """,
      arguments: [key, value])
  }

  func update(_ meeting: Meeting) throws {
    try Meeting.tableMapping.update(meeting, id: meeting.id.rawValue, db)
  }

  func replaceOccurrences(
    of meeting: MeetingID, with occurrences: [MeetingOccurrence], plannedThrough: Date
  ) throws {
    try db.execute(
      cached: "DELETE FROM occurrence WHERE meeting_id = ?", arguments: [meeting.rawValue])
    for occurrence in occurrences {
      try db.execute(
        cached: """
          INSERT INTO occurrence (meeting_id, recurrence_id, start_at, end_at, room_id)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [
          meeting.rawValue, occurrence.recurrenceID, occurrence.start, occurrence.end,
          occurrence.roomID?.rawValue,
        ])
    }
    try db.execute(
      cached: "UPDATE meeting SET planned_through = ? WHERE id = ?",
      arguments: [plannedThrough, meeting.rawValue])
  }

  func replaceOverrides(of meeting: MeetingID, with overrides: [MeetingOverride]) throws {
    try db.execute(
      cached: "DELETE FROM meeting_override WHERE meeting_id = ?", arguments: [meeting.rawValue])
    for change in overrides {
      try db.execute(
        cached: """
          INSERT INTO meeting_override (meeting_id, recurrence_id, start_at, end_at, title,
                                        location, room_id, sequence)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          meeting.rawValue, change.recurrenceID, change.start, change.end, change.title,
          change.location, change.roomID?.rawValue, change.sequence,
        ])
    }
  }

  func replaceAttendees(of meeting: MeetingID, with attendees: [Attendee]) throws {
    try db.execute(
      cached: "DELETE FROM attendee WHERE meeting_id = ?", arguments: [meeting.rawValue])
    for (position, attendee) in attendees.enumerated() {
      try db.execute(
        cached: """
          INSERT INTO attendee (meeting_id, contact_id, position, role, participation)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [
          meeting.rawValue, attendee.contactID.rawValue, position, attendee.role.rawValue,
          attendee.participation.rawValue,
        ])
    }
  }

  func replaceReminders(of meeting: MeetingID, with offsets: [TimeSpan]) throws {
    try db.execute(
      cached: "DELETE FROM reminder WHERE meeting_id = ?", arguments: [meeting.rawValue])
    for offset in offsets {
      try db.execute(
        cached: "INSERT INTO reminder (meeting_id, offset_seconds) VALUES (?, ?)",
        arguments: [meeting.rawValue, offset.seconds])
    }
  }

  func setReply(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, participation: ParticipationStatus
  ) throws {
    if let occurrence {
      try db.execute(
        cached: """
          INSERT INTO occurrence_reply (meeting_id, recurrence_id, contact_id, participation)
          VALUES (?, ?, ?, ?)
          ON CONFLICT (meeting_id, recurrence_id, contact_id)
          DO UPDATE SET participation = excluded.participation
          """,
        arguments: [meeting.rawValue, occurrence, contact.rawValue, participation.rawValue])
    } else {
      try db.execute(
        cached: "UPDATE attendee SET participation = ? WHERE meeting_id = ? AND contact_id = ?",
        arguments: [participation.rawValue, meeting.rawValue, contact.rawValue])
    }
  }

  func withdrawQueuedMessages(
    meeting: MeetingID, occurrences: ClosedRange<Date>?, kinds: [MessageKind]
  ) throws -> Int {
    guard !kinds.isEmpty else { return 0 }
    let placeholders = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
    var arguments: [(any DatabaseValueConvertible)?] = [meeting.rawValue]
    arguments.append(contentsOf: kinds.map(\.rawValue))
    var occurrenceClause = ""
    if let occurrences {
      occurrenceClause = " AND occurrence_at BETWEEN ? AND ?"
      arguments.append(occurrences.lowerBound)
      arguments.append(occurrences.upperBound)
    }
    // A withdrawn message gives up its dedupe key: when the same message is due again (a
    // reminder whose occurrence got a new end, or moved and moved back), it is queued anew.
    try db.execute(
      sql: """
        UPDATE outbox_message
        SET state = 'cancelled', last_error = 'withdrawn: the meeting or occurrence changed',
            claim_token = NULL, dedupe_key = dedupe_key || ':withdrawn:' || id
        WHERE meeting_id = ? AND kind IN (\(placeholders)) AND state = 'queued'\(occurrenceClause)
        """,
      arguments: StatementArguments(arguments))
    return db.changesCount
  }
}

extension SQLiteSchedulingTransaction {
  func carryForwardInvitations(
    meeting: MeetingID, from: Int, to: Int, contacts: [ContactID]
  ) throws {
    for contact in contacts {
      let old = OutboundDraft.dedupeKey(
        kind: .invitation, meeting: meeting, contact: contact, sequence: from)
      let new = OutboundDraft.dedupeKey(
        kind: .invitation, meeting: meeting, contact: contact, sequence: to)
      try db.execute(
        cached: """
          UPDATE outbox_message SET dedupe_key = ?
          WHERE dedupe_key = ? AND NOT EXISTS (SELECT 1 FROM outbox_message WHERE dedupe_key = ?)
          """,
        arguments: [new, old, new])
    }
  }

  func forgetMessages(meeting: MeetingID, contact: ContactID) throws {
    try db.execute(
      sql: """
        UPDATE outbox_message
        SET last_error = CASE state WHEN 'queued' THEN 'withdrawn: no longer invited'
                                    ELSE last_error END,
            state = CASE state WHEN 'queued' THEN 'cancelled' ELSE state END,
            dedupe_key = dedupe_key || ':released:' || id
        WHERE meeting_id = ? AND contact_id = ? AND kind IN ('invitation', 'update', 'reminder')
          AND state IN ('queued', 'sent', 'dead')
        """,
      arguments: [meeting.rawValue, contact.rawValue])
  }
}

/// Instants as the store keeps them in a TEXT column: a JSON array of Unix seconds.
func instantList(_ dates: [Date]) -> String {
  "[" + dates.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) }.joined(separator: ",")
    + "]"
}

extension Row {
  /// A JSON array of Unix seconds.
  func instantList(_ column: String, table: String) throws -> [Date] {
    let text: String = self[column] ?? "[]"
    if text == "[]" { return [] }
    guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber] else {
      throw StorageError.corruptRow(table: table, id: (self["id"] as Int64?) ?? 0, column: column)
    }
    return list.map { Date(timeIntervalSince1970: $0.doubleValue) }
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
