import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

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

  func insert(_ session: ProgrammeSession) throws -> ProgrammeSession {
    var stored = session
    stored.id = SessionID(try ProgrammeSession.tableMapping.insert(session, db))
    try ProgrammeSession.writePeople(stored, db)
    return stored
  }

  func update(_ session: ProgrammeSession) throws {
    try ProgrammeSession.tableMapping.update(session, id: session.id.rawValue, db)
    try ProgrammeSession.writePeople(session, db)
  }

  func deleteSession(_ id: SessionID) throws {
    try db.execute(cached: "DELETE FROM meeting_session WHERE id = ?", arguments: [id.rawValue])
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
