import Foundation
import PokjaCore
import PokjaScheduling

extension PostgresStore: SchedulingStore {
  public func insert(_ room: Room) throws -> Room {
    try transaction {
      // Another writer may have added a room of that name since the scheduler checked.
      guard let id = try Room.storedColumns.insertUnlessTaken(room, self) else {
        if let existing = try self.room(.key(room.name)) {
          throw SchedulingError.duplicateRoom(name: room.name, existing: existing.id)
        }
        throw SharedDatabaseError.query("the room '\(room.name)' could not be added")
      }
      var stored = room
      stored.id = RoomID(id)
      return stored
    }
  }

  public func rooms() throws -> [Room] {
    try rows("SELECT * FROM room ORDER BY name_key").of("room").map { try Room(stored: $0) }
  }

  public func room(_ reference: Reference<Room>) throws -> Room? {
    let found =
      switch reference {
      case .id(let id): try rows("SELECT * FROM room WHERE id = $1", [id.rawValue])
      case .key(let name):
        try rows("SELECT * FROM room WHERE name_key = $1", [SearchKey.fold(name)])
      }
    return try found.of("room").first.map { try Room(stored: $0) }
  }

  public func meetings() throws -> [Meeting] {
    try rows("SELECT * FROM meeting ORDER BY start_at, id").of("meeting").map {
      try Meeting(stored: $0)
    }
  }

  public func meeting(_ id: MeetingID) throws -> Meeting? {
    try rows("SELECT * FROM meeting WHERE id = $1", [id.rawValue]).of("meeting").first.map {
      try Meeting(stored: $0)
    }
  }

  public func meeting(uid: String) throws -> Meeting? {
    try rows("SELECT * FROM meeting WHERE uid = $1", [uid]).of("meeting").first.map {
      try Meeting(stored: $0)
    }
  }

  public func attendees(of meeting: MeetingID) throws -> [Attendee] {
    try rows(
      "SELECT * FROM attendee WHERE meeting_id = $1 ORDER BY position", [meeting.rawValue]
    ).of("attendee").map { row in
      Attendee(
        meetingID: meeting, contactID: ContactID(try row("contact_id")),
        role: AttendeeRole(rawValue: try row("role")) ?? .required,
        participation: ParticipationStatus(rawValue: try row("participation")) ?? .needsAction)
    }
  }

  public func reminders(of meeting: MeetingID) throws -> [Reminder] {
    try rows(
      "SELECT * FROM reminder WHERE meeting_id = $1 ORDER BY offset_seconds DESC",
      [meeting.rawValue]
    ).of("reminder").map { row in
      Reminder(
        id: ReminderID(try row("id")), meetingID: meeting,
        offset: TimeSpan(seconds: try row("offset_seconds")))
    }
  }

  public func overrides(of meeting: MeetingID) throws -> [MeetingOverride] {
    try rows(
      "SELECT * FROM meeting_override WHERE meeting_id = $1 ORDER BY recurrence_id",
      [meeting.rawValue]
    ).of("meeting_override").map { row in
      MeetingOverride(
        meetingID: meeting, recurrenceID: try row("recurrence_id"), start: try row("start_at"),
        end: try row("end_at"), title: try row("title"), location: try row("location"),
        roomID: try row("room_id", as: Int64?.self).map { RoomID($0) },
        sequence: try row("sequence"))
    }
  }

  public func occurrenceReplies(of meeting: MeetingID) throws -> [OccurrenceReply] {
    try rows(
      """
      SELECT * FROM occurrence_reply WHERE meeting_id = $1 ORDER BY recurrence_id, contact_id
      """, [meeting.rawValue]
    ).of("occurrence_reply").map { row in
      OccurrenceReply(
        recurrenceID: try row("recurrence_id"), contactID: ContactID(try row("contact_id")),
        participation: ParticipationStatus(rawValue: try row("participation")) ?? .needsAction)
    }
  }

  public func occurrences(from: Date, to: Date, meeting: MeetingID?, attendee: ContactID?)
    throws -> [MeetingOccurrence]
  {
    try rows(
      """
      SELECT o.* FROM occurrence o
      WHERE o.start_at >= $1 AND o.start_at < $2
        AND ($3::bigint IS NULL OR o.meeting_id = $3)
        AND ($4::bigint IS NULL OR EXISTS (
          SELECT 1 FROM attendee a WHERE a.meeting_id = o.meeting_id AND a.contact_id = $4))
      ORDER BY o.start_at, o.meeting_id
      """, [from, to, meeting?.rawValue, attendee?.rawValue]
    ).of("occurrence").map(MeetingOccurrence.init(stored:))
  }

  public func dueReminders(at now: Date) throws -> [(Meeting, MeetingOccurrence, [Reminder])] {
    // Only occurrences starting within the longest reminder offset can have one due (cron runs
    // this every few minutes, so the window is kept as small as the data allows).
    guard
      let longest = try rows("SELECT max(offset_seconds) AS longest FROM reminder").of("reminder")
        .first?("longest", as: Int?.self)
    else { return [] }
    let due = try rows(
      """
      SELECT o.* FROM occurrence o
      WHERE o.start_at > $1 AND o.start_at <= $2
        AND EXISTS (SELECT 1 FROM reminder r WHERE r.meeting_id = o.meeting_id
                    AND o.start_at <= $1 + make_interval(secs => r.offset_seconds))
      ORDER BY o.start_at, o.meeting_id
      """, [now, now.addingTimeInterval(TimeInterval(longest))]
    ).of("occurrence")
    var meetings: [MeetingID: Meeting] = [:]
    var reminders: [MeetingID: [Reminder]] = [:]
    var result: [(Meeting, MeetingOccurrence, [Reminder])] = []
    for row in due {
      let occurrence = try MeetingOccurrence(stored: row)
      let id = occurrence.meetingID
      if meetings[id] == nil {
        guard let meeting = try meeting(id), meeting.status == .confirmed else { continue }
        meetings[id] = meeting
        reminders[id] = try self.reminders(of: id)
      }
      guard let meeting = meetings[id] else { continue }
      let dueNow = (reminders[id] ?? []).filter {
        $0.dueDate(forMeetingStartingAt: occurrence.start) <= now
      }
      if !dueNow.isEmpty { result.append((meeting, occurrence, dueNow)) }
    }
    return result
  }

  public func missedReminders(at now: Date, since: Date) throws
    -> [(Meeting, MeetingOccurrence, [Reminder])]
  {
    let found = try rows(
      """
      SELECT o.* FROM occurrence o
      WHERE o.start_at > $1 AND o.start_at <= $2
        AND EXISTS (SELECT 1 FROM reminder r WHERE r.meeting_id = o.meeting_id)
        AND NOT EXISTS (SELECT 1 FROM outbox_message m
                        WHERE m.meeting_id = o.meeting_id AND m.kind = 'reminder'
                          AND m.occurrence_at = o.recurrence_id)
      ORDER BY o.start_at, o.meeting_id
      """, [since, now]
    ).of("occurrence")
    var missed: [(Meeting, MeetingOccurrence, [Reminder])] = []
    for row in found {
      let occurrence = try MeetingOccurrence(stored: row)
      guard let meeting = try meeting(occurrence.meetingID), meeting.status == .confirmed else {
        continue
      }
      missed.append((meeting, occurrence, try reminders(of: meeting.id)))
    }
    return missed
  }

  public func busyTimes(from: Date, to: Date, contacts: [ContactID]) throws -> BusyTimes {
    let wanted = Set(contacts.map(\.rawValue))
    var people: [ContactID: [BusyInterval]] = [:]
    var rooms: [RoomID: [BusyInterval]] = [:]
    let lower = from.addingTimeInterval(-14 * 86_400 - 1)
    let found = try rows(
      """
      SELECT o.start_at, o.end_at, o.room_id, o.meeting_id, m.title FROM occurrence o
      JOIN meeting m ON m.id = o.meeting_id
      WHERE o.start_at > $1 AND o.start_at < $2 AND o.end_at > $3
      """, [lower, to, from]
    ).of("occurrence")
    var byMeeting: [Int64: [BusyInterval]] = [:]
    for row in found {
      let interval = BusyInterval(
        start: try row("start_at"), end: try row("end_at"), label: try row("title"))
      byMeeting[try row("meeting_id"), default: []].append(interval)
      if let room = try row("room_id", as: Int64?.self) {
        rooms[RoomID(room), default: []].append(interval)
      }
    }
    guard !wanted.isEmpty, !byMeeting.isEmpty else {
      return BusyTimes(people: people, rooms: rooms)
    }
    let attendance = try rows(
      """
      SELECT meeting_id, contact_id FROM attendee
      WHERE participation <> 'DECLINED' AND contact_id = ANY($4)
        AND meeting_id IN (SELECT DISTINCT meeting_id FROM occurrence
                           WHERE start_at > $1 AND start_at < $2 AND end_at > $3)
      """, [lower, to, from, Array(wanted)]
    ).of("attendee")
    for row in attendance {
      let contact: Int64 = try row("contact_id")
      guard let intervals = byMeeting[try row("meeting_id")] else { continue }
      people[ContactID(contact), default: []].append(contentsOf: intervals)
    }
    return BusyTimes(people: people, rooms: rooms)
  }

  public func seriesPlanned(before date: Date) throws -> [Meeting] {
    try rows(
      """
      SELECT * FROM meeting
      WHERE status = 'confirmed' AND (rrule IS NOT NULL OR rdates <> '[]')
        AND planned_through < $1
      ORDER BY planned_through, id
      """, [date]
    ).of("meeting").map { try Meeting(stored: $0) }
  }

  public func setting(_ key: String) throws -> String? {
    try rows("SELECT value FROM setting WHERE key = $1", [key]).of("setting").first?("value")
  }

  public func write<T>(_ body: (any SchedulingTransaction) throws -> T) throws -> T {
    // As a batch: reads the scheduler makes inside `body` see what it has written so far, on this
    // connection, under the write lock taken at its start.
    try atomically { try body(PostgresSchedulingTransaction(store: self)) }
  }
}

extension MeetingOccurrence {
  init(stored row: StoredRow) throws {
    self.init(
      meetingID: MeetingID(try row("meeting_id")), recurrenceID: try row("recurrence_id"),
      start: try row("start_at"), end: try row("end_at"),
      roomID: try row("room_id", as: Int64?.self).map { RoomID($0) })
  }
}
