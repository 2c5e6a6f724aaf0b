import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

/// How the `meeting_session` and `session_person` tables keep a programme's sessions.
extension ProgrammeSession {
  static let tableMapping = TableMapping<ProgrammeSession>(
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

  init(row: Row, people: [SessionPerson]) {
    let roomID: Int64? = row["room_id"]
    self.init(
      id: SessionID(row["id"] as Int64), meetingID: MeetingID(row["meeting_id"] as Int64),
      title: row["title"], start: row["start_at"], end: row["end_at"],
      roomID: roomID.map { RoomID($0) }, place: row["place"], description: row["description"],
      people: people)
  }

  /// The sessions `sql` selects, each with its people.
  static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments) throws
    -> [ProgrammeSession]
  {
    let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
    guard !rows.isEmpty else { return [] }
    var people: [Int64: [SessionPerson]] = [:]
    let ids = rows.map { $0["id"] as Int64 }
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT * FROM session_person WHERE session_id IN (SELECT value FROM json_each(?))
        ORDER BY session_id, position
        """, arguments: [SQLiteStore.jsonArray(ids)])
    {
      let contactID: Int64? = row["contact_id"]
      let email: String? = row["guest_email"]
      people[row["session_id"], default: []].append(
        SessionPerson(
          role: try row.parsed("role", table: "session_person") { SessionRole(rawValue: $0) },
          contactID: contactID.map { ContactID($0) }, guestName: row["guest_name"],
          guestOrganisation: row["guest_organisation"],
          guestEmail: email.flatMap { EmailAddress($0) }))
    }
    return rows.map { ProgrammeSession(row: $0, people: people[$0["id"] as Int64] ?? []) }
  }

  /// Writes the session's people in place of those it had.
  static func writePeople(_ session: ProgrammeSession, _ db: Database) throws {
    try db.execute(
      cached: "DELETE FROM session_person WHERE session_id = ?", arguments: [session.id.rawValue])
    for (position, person) in session.people.enumerated() {
      try db.execute(
        cached: """
          INSERT INTO session_person (session_id, position, role, contact_id, guest_name,
                                      guest_organisation, guest_email)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          session.id.rawValue, position, person.role.rawValue, person.contactID?.rawValue,
          person.guestName, person.guestOrganisation, person.guestEmail?.value,
        ])
    }
  }
}
