import Foundation
import PokjaCore
import PokjaScheduling

/// A meeting's programme on PostgreSQL: `meeting_session` and `session_person`, as on SQLite.
extension PostgresStore {
  public func sessions(of meeting: MeetingID) throws -> [ProgrammeSession] {
    try sessions(
      "SELECT * FROM meeting_session WHERE meeting_id = $1 ORDER BY start_at, id",
      meeting.rawValue)
  }

  public func session(_ id: SessionID) throws -> ProgrammeSession? {
    try sessions("SELECT * FROM meeting_session WHERE id = $1", id.rawValue).first
  }

  /// The sessions `sql` selects (by its one parameter), each with its people.
  private func sessions(_ sql: String, _ value: Int64) throws -> [ProgrammeSession] {
    let found = try rows(sql, [value]).of("meeting_session")
    guard !found.isEmpty else { return [] }
    let ids = try found.map { try $0("id", as: Int64.self) }
    var people: [Int64: [SessionPerson]] = [:]
    for row in try rows(
      "SELECT * FROM session_person WHERE session_id = ANY($1) ORDER BY session_id, position",
      [ids]
    ).of("session_person") {
      let email: String? = try row("guest_email")
      people[try row("session_id"), default: []].append(
        SessionPerson(
          role: try row.parsed("role") { SessionRole(rawValue: $0) },
          contactID: (try row("contact_id", as: Int64?.self)).map { ContactID($0) },
          guestName: try row("guest_name"), guestOrganisation: try row("guest_organisation"),
          guestEmail: email.flatMap { EmailAddress($0) }))
    }
    return try found.map { row in
      try ProgrammeSession(stored: row, people: people[try row("id")] ?? [])
    }
  }

  /// Writes the session's people in place of those it had.
  func writePeople(_ session: ProgrammeSession) throws {
    try rows("DELETE FROM session_person WHERE session_id = $1", [session.id.rawValue])
    for (position, person) in session.people.enumerated() {
      try rows(
        """
        INSERT INTO session_person (session_id, position, role, contact_id, guest_name,
                                    guest_organisation, guest_email)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """,
        [
          session.id.rawValue, Int64(position), person.role.rawValue, person.contactID?.rawValue,
          person.guestName, person.guestOrganisation, person.guestEmail?.value,
        ])
    }
  }
}

extension PostgresSchedulingTransaction {
  func insert(_ session: ProgrammeSession) throws -> ProgrammeSession {
    var stored = session
    stored.id = SessionID(try ProgrammeSession.storedColumns.insert(session, store))
    try store.writePeople(stored)
    return stored
  }

  func update(_ session: ProgrammeSession) throws {
    try ProgrammeSession.storedColumns.update(session, id: session.id.rawValue, store)
    try store.writePeople(session)
  }

  func deleteSession(_ id: SessionID) throws {
    try store.rows("DELETE FROM meeting_session WHERE id = $1", [id.rawValue])
  }
}

// MARK: - The record

extension ProgrammeSession {
  static let storedColumns = StoredColumns<ProgrammeSession>(
    "meeting_session",
    [
      .init("meeting_id") { $0.meetingID.rawValue },
      .init("title") { $0.title },
      .init("start_at") { $0.start },
      .init("end_at") { $0.end },
      .init("room_id") { $0.roomID?.rawValue },
      .init("place") { $0.place },
      .init("description") { $0.description },
    ])

  init(stored row: StoredRow, people: [SessionPerson]) throws {
    self.init(
      id: SessionID(try row("id")), meetingID: MeetingID(try row("meeting_id")),
      title: try row("title"), start: try row("start_at"), end: try row("end_at"),
      roomID: (try row("room_id", as: Int64?.self)).map { RoomID($0) }, place: try row("place"),
      description: try row("description"), people: people)
  }
}
