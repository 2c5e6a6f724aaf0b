import Foundation
import PokjaCore
import PokjaScheduling

/// Scheduling's view of one open write transaction on PostgreSQL. The transaction holds the
/// store-wide write lock from its start, so the room it checks cannot be booked by another host
/// before it commits.
struct PostgresSchedulingTransaction: SchedulingTransaction {
  let store: PostgresStore

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
        let row = try store.rows(
          """
          SELECT * FROM occurrence
          WHERE room_id = $1 AND start_at > $2 AND start_at < $3 AND end_at > $4
            AND meeting_id IS DISTINCT FROM $5::bigint
          ORDER BY start_at LIMIT 1
          """,
          [
            room.rawValue, interval.start.addingTimeInterval(-Self.longestMeeting), interval.end,
            interval.start, excluding?.rawValue,
          ]
        ).of("occurrence").first
      else { continue }
      let occurrence = try MeetingOccurrence(stored: row)
      if meetings[occurrence.meetingID] == nil {
        meetings[occurrence.meetingID] = try store.meeting(occurrence.meetingID)
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
    let wanted = contacts.map(\.rawValue)
    var clashes: [AttendeeClash] = []
    var meetings: [MeetingID: Meeting] = [:]
    for interval in intervals {
      let found = try store.rows(
        """
        SELECT o.*, a.contact_id AS clash_contact FROM occurrence o
        JOIN attendee a ON a.meeting_id = o.meeting_id
        WHERE o.start_at > $1 AND o.start_at < $2 AND o.end_at > $3
          AND o.meeting_id IS DISTINCT FROM $4::bigint
          AND a.participation <> 'DECLINED' AND a.contact_id = ANY($5)
        ORDER BY o.start_at
        """,
        [
          interval.start.addingTimeInterval(-Self.longestMeeting), interval.end, interval.start,
          excluding?.rawValue, wanted,
        ]
      ).of("occurrence")
      for row in found {
        let occurrence = try MeetingOccurrence(stored: row)
        if meetings[occurrence.meetingID] == nil {
          meetings[occurrence.meetingID] = try store.meeting(occurrence.meetingID)
        }
        guard let meeting = meetings[occurrence.meetingID] else { continue }
        clashes.append(
          AttendeeClash(
            contactID: ContactID(try row("clash_contact")),
            clash: Clash(meeting: meeting, occurrence: occurrence, requested: interval)))
        if clashes.count >= limit { return clashes }
      }
    }
    return clashes
  }

  func insert(_ meeting: Meeting, attendees: [ContactID], reminders: [TimeSpan]) throws -> Meeting {
    var stored = meeting
    stored.id = MeetingID(try Meeting.storedColumns.insert(meeting, store))
    try replaceAttendees(
      of: stored.id, with: attendees.map { Attendee(meetingID: stored.id, contactID: $0) })
    try replaceReminders(of: stored.id, with: reminders)
    return stored
  }

  func setSetting(_ key: String, _ value: String) throws {
    try store.rows(
      """
      INSERT INTO setting (key, value) VALUES ($1, $2)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      """, [key, value])
  }

  func update(_ meeting: Meeting) throws {
    try Meeting.storedColumns.update(meeting, id: meeting.id.rawValue, store)
  }

  func replaceOccurrences(
    of meeting: MeetingID, with occurrences: [MeetingOccurrence], plannedThrough: Date
  ) throws {
    try store.rows("DELETE FROM occurrence WHERE meeting_id = $1", [meeting.rawValue])
    if !occurrences.isEmpty {
      // Arrays carry no NULLs: room 0 is no room.
      try store.rows(
        """
        INSERT INTO occurrence (meeting_id, recurrence_id, start_at, end_at, room_id)
        SELECT $1, r, s, e, NULLIF(room, 0)
        FROM unnest($2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::bigint[])
          AS o(r, s, e, room)
        """,
        [
          meeting.rawValue, occurrences.map(\.recurrenceID), occurrences.map(\.start),
          occurrences.map(\.end), occurrences.map { $0.roomID?.rawValue ?? 0 },
        ])
    }
    try store.rows(
      "UPDATE meeting SET planned_through = $1 WHERE id = $2", [plannedThrough, meeting.rawValue])
  }

  func replaceOverrides(of meeting: MeetingID, with overrides: [MeetingOverride]) throws {
    try store.rows("DELETE FROM meeting_override WHERE meeting_id = $1", [meeting.rawValue])
    for change in overrides {
      try store.rows(
        """
        INSERT INTO meeting_override (meeting_id, recurrence_id, start_at, end_at, title,
                                      location, room_id, sequence)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """,
        [
          meeting.rawValue, change.recurrenceID, change.start, change.end, change.title,
          change.location, change.roomID?.rawValue, change.sequence,
        ])
    }
  }

  func replaceAttendees(of meeting: MeetingID, with attendees: [Attendee]) throws {
    try store.rows("DELETE FROM attendee WHERE meeting_id = $1", [meeting.rawValue])
    guard !attendees.isEmpty else { return }
    try store.rows(
      """
      INSERT INTO attendee (meeting_id, contact_id, position, role, participation)
      SELECT $1, c, p - 1, r, s
      FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS a(c, r, s, p)
      """,
      [
        meeting.rawValue, attendees.map(\.contactID.rawValue), attendees.map(\.role.rawValue),
        attendees.map(\.participation.rawValue),
      ])
  }

  func replaceReminders(of meeting: MeetingID, with offsets: [TimeSpan]) throws {
    try store.rows("DELETE FROM reminder WHERE meeting_id = $1", [meeting.rawValue])
    for offset in offsets {
      try store.rows(
        "INSERT INTO reminder (meeting_id, offset_seconds) VALUES ($1, $2)",
        [meeting.rawValue, offset.seconds])
    }
  }

  func setReply(
    meeting: MeetingID, occurrence: Date?, contact: ContactID, participation: ParticipationStatus
  ) throws {
    if let occurrence {
      try store.rows(
        """
        INSERT INTO occurrence_reply (meeting_id, recurrence_id, contact_id, participation)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (meeting_id, recurrence_id, contact_id)
        DO UPDATE SET participation = excluded.participation
        """, [meeting.rawValue, occurrence, contact.rawValue, participation.rawValue])
    } else {
      try store.rows(
        "UPDATE attendee SET participation = $1 WHERE meeting_id = $2 AND contact_id = $3",
        [participation.rawValue, meeting.rawValue, contact.rawValue])
    }
  }

  func withdrawQueuedMessages(
    meeting: MeetingID, occurrences: ClosedRange<Date>?, kinds: [MessageKind]
  ) throws -> Int {
    guard !kinds.isEmpty else { return 0 }
    // A withdrawn message gives up its dedupe key: when the same message is due again (a
    // reminder whose occurrence got a new end, or moved and moved back), it is queued anew.
    return try store.rows(
      """
      UPDATE outbox_message
      SET state = 'cancelled', last_error = 'withdrawn: the meeting or occurrence changed',
          claim_token = NULL, dedupe_key = dedupe_key || ':withdrawn:' || id
      WHERE meeting_id = $1 AND kind = ANY($2) AND state = 'queued'
        AND ($3::timestamptz IS NULL OR occurrence_at BETWEEN $3 AND $4)
      RETURNING id
      """,
      [meeting.rawValue, kinds.map(\.rawValue), occurrences?.lowerBound, occurrences?.upperBound]
    ).count
  }

  func carryForwardInvitations(
    meeting: MeetingID, from: Int, to: Int, contacts: [ContactID]
  ) throws {
    for contact in contacts {
      let old = OutboundDraft.dedupeKey(
        kind: .invitation, meeting: meeting, contact: contact, sequence: from)
      let new = OutboundDraft.dedupeKey(
        kind: .invitation, meeting: meeting, contact: contact, sequence: to)
      try store.rows(
        """
        UPDATE outbox_message SET dedupe_key = $1
        WHERE dedupe_key = $2 AND NOT EXISTS (SELECT 1 FROM outbox_message WHERE dedupe_key = $1)
        """, [new, old])
    }
  }

  func forgetMessages(meeting: MeetingID, contact: ContactID) throws {
    try store.rows(
      """
      UPDATE outbox_message
      SET last_error = CASE state WHEN 'queued' THEN 'withdrawn: no longer invited'
                                  ELSE last_error END,
          state = CASE state WHEN 'queued' THEN 'cancelled' ELSE state END,
          dedupe_key = dedupe_key || ':released:' || id
      WHERE meeting_id = $1 AND contact_id = $2 AND kind IN ('invitation', 'update', 'reminder')
        AND state IN ('queued', 'sent', 'dead')
      """, [meeting.rawValue, contact.rawValue])
  }
}
