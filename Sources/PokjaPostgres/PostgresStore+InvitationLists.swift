import Foundation
import PokjaCore
import PokjaScheduling

/// Invitation lists on PostgreSQL: a version is taken by its one INSERT (meeting, number is
/// unique), so of two hosts revising at once one gets the next number and the other is told.
extension PostgresStore: InvitationListStore {
  public func listVersions(of meeting: MeetingID) throws -> [InvitationListVersion] {
    try rows(
      "SELECT * FROM invitation_list_version WHERE meeting_id = $1 ORDER BY number",
      [meeting.rawValue]
    ).of("invitation_list_version").map { try InvitationListVersion(stored: $0) }
  }

  public func insertListVersion(_ version: InvitationListVersion) throws
    -> InvitationListVersion?
  {
    try transaction {
      guard let id = try InvitationListVersion.storedColumns.insertUnlessTaken(version, self)
      else { return nil }
      var stored = version
      stored.id = ListVersionID(id)
      return stored
    }
  }

  public func approveListVersion(
    meeting: MeetingID, number: Int, by approver: String, at date: Date
  ) throws -> Bool {
    try transaction {
      try rows(
        """
        UPDATE invitation_list_version SET approved_at = $1, approved_by = $2
        WHERE meeting_id = $3 AND number = $4 AND approved_at IS NULL RETURNING id
        """, [date, approver, meeting.rawValue, Int64(number)]
      ).count == 1
    }
  }

  public func listComments(of meeting: MeetingID) throws -> [ListComment] {
    try rows(
      "SELECT * FROM invitation_list_comment WHERE meeting_id = $1 ORDER BY id", [meeting.rawValue]
    ).of("invitation_list_comment").map { try ListComment(stored: $0) }
  }

  public func insertListComment(_ comment: ListComment) throws -> ListComment {
    try transaction {
      var stored = comment
      stored.id = ListCommentID(try ListComment.storedColumns.insert(comment, self))
      return stored
    }
  }
}

// MARK: - The records

extension InvitationListVersion {
  static let storedColumns = StoredColumns<InvitationListVersion>(
    "invitation_list_version",
    [
      .init("meeting_id") { $0.meetingID.rawValue },
      .init("number") { Int64($0.number) },
      .init("entries") { InvitationListVersion.encodeEntries($0.entries) },
      .init("created_at") { $0.createdAt },
      .init("created_by") { $0.createdBy },
      .init("note") { $0.note },
      .init("approver") { $0.approver },
      .init("max_per_organisation") { $0.maxPerOrganisation.map(Int64.init) },
      .init("max_per_province") { $0.maxPerProvince.map(Int64.init) },
      .init("approved_at") { $0.approvedAt },
      .init("approved_by") { $0.approvedBy },
    ])

  init(stored row: StoredRow) throws {
    self.init(
      id: ListVersionID(try row("id")), meetingID: MeetingID(try row("meeting_id")),
      number: Int(try row("number", as: Int64.self)),
      entries: try row.parsed("entries") { try? InvitationListVersion.decodeEntries($0) },
      createdAt: try row("created_at"), createdBy: try row("created_by"), note: try row("note"),
      approver: try row("approver"),
      maxPerOrganisation: (try row("max_per_organisation", as: Int64?.self)).map(Int.init),
      maxPerProvince: (try row("max_per_province", as: Int64?.self)).map(Int.init),
      approvedAt: try row("approved_at"), approvedBy: try row("approved_by"))
  }
}

extension ListComment {
  static let storedColumns = StoredColumns<ListComment>(
    "invitation_list_comment",
    [
      .init("meeting_id") { $0.meetingID.rawValue },
      .init("version") { Int64($0.version) },
      .init("at") { $0.at },
      .init("author") { $0.author },
      .init("objection") { $0.isObjection },
      .init("entry") { $0.entry.map { InvitationListVersion.encodeEntries([$0]) } },
      .init("text") { $0.text },
    ])

  init(stored row: StoredRow) throws {
    let entry: String? = try row("entry")
    self.init(
      id: ListCommentID(try row("id")), meetingID: MeetingID(try row("meeting_id")),
      version: Int(try row("version", as: Int64.self)), at: try row("at"),
      author: try row("author"), isObjection: try row("objection"),
      entry: try entry.map { text in
        guard let first = try? InvitationListVersion.decodeEntries(text).first else {
          throw SharedDatabaseError.corruptRow(
            table: "invitation_list_comment", id: row.id, column: "entry")
        }
        return first
      }, text: try row("text"))
  }
}
