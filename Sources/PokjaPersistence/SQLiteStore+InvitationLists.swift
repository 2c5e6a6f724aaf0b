import Foundation
import GRDB
import PokjaCore
import PokjaScheduling

/// Invitation lists on SQLite: a version is taken by its one INSERT (meeting, number is unique), so
/// of two secretaries revising at once one gets the next number and the other is told.
extension SQLiteStore: InvitationListStore {
  public func listVersions(of meeting: MeetingID) throws -> [InvitationListVersion] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM invitation_list_version WHERE meeting_id = ? ORDER BY number",
        arguments: [meeting.rawValue]
      ).map { try InvitationListVersion(row: $0) }
    }
  }

  public func insertListVersion(_ version: InvitationListVersion) throws
    -> InvitationListVersion?
  {
    try transaction { db in
      guard let id = try InvitationListVersion.tableMapping.insertUnlessTaken(version, db) else {
        return nil
      }
      var stored = version
      stored.id = ListVersionID(id)
      return stored
    }
  }

  public func approveListVersion(
    meeting: MeetingID, number: Int, by approver: String, at date: Date
  ) throws -> Bool {
    try transaction { db in
      try db.execute(
        cached: """
          UPDATE invitation_list_version SET approved_at = ?, approved_by = ?
          WHERE meeting_id = ? AND number = ? AND approved_at IS NULL
          """, arguments: [date, approver, meeting.rawValue, number])
      return db.changesCount == 1
    }
  }

  public func listComments(of meeting: MeetingID) throws -> [ListComment] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM invitation_list_comment WHERE meeting_id = ? ORDER BY id",
        arguments: [meeting.rawValue]
      ).map { try ListComment(row: $0) }
    }
  }

  public func insertListComment(_ comment: ListComment) throws -> ListComment {
    try transaction { db in
      var stored = comment
      stored.id = ListCommentID(try ListComment.tableMapping.insert(comment, db))
      return stored
    }
  }
}

extension InvitationListVersion {
  static let tableMapping = TableMapping<InvitationListVersion>(
    "invitation_list_version",
    [
      .init("meeting_id") { $0.meetingID.rawValue },
      .init("number") { $0.number },
      .init("entries") { InvitationListVersion.encodeEntries($0.entries) },
      .init("created_at") { $0.createdAt },
      .init("created_by") { $0.createdBy },
      .init("note") { $0.note },
      .init("approver") { $0.approver },
      .init("max_per_organisation") { $0.maxPerOrganisation },
      .init("max_per_province") { $0.maxPerProvince },
      .init("approved_at") { $0.approvedAt },
      .init("approved_by") { $0.approvedBy },
    ])

  init(row: Row) throws {
    self.init(
      id: ListVersionID(row["id"] as Int64), meetingID: MeetingID(row["meeting_id"] as Int64),
      number: row["number"],
      entries: try row.parsed("entries", table: "invitation_list_version") {
        try? InvitationListVersion.decodeEntries($0)
      },
      createdAt: row["created_at"], createdBy: row["created_by"], note: row["note"],
      approver: row["approver"], maxPerOrganisation: row["max_per_organisation"],
      maxPerProvince: row["max_per_province"], approvedAt: row["approved_at"],
      approvedBy: row["approved_by"])
  }
}

extension ListComment {
  static let tableMapping = TableMapping<ListComment>(
    "invitation_list_comment",
    [
      .init("meeting_id") { $0.meetingID.rawValue },
      .init("version") { $0.version },
      .init("at") { $0.at },
      .init("author") { $0.author },
      .init("objection") { $0.isObjection },
      .init("entry") { $0.entry.map { InvitationListVersion.encodeEntries([$0]) } },
      .init("text") { $0.text },
    ])

  init(row: Row) throws {
    let entry: String? = row["entry"]
    self.init(
      id: ListCommentID(row["id"] as Int64), meetingID: MeetingID(row["meeting_id"] as Int64),
      version: row["version"], at: row["at"], author: row["author"],
      isObjection: row["objection"],
      entry: try entry.map { text in
        try row.parsed("entry", table: "invitation_list_comment") { _ in
          try? InvitationListVersion.decodeEntries(text).first
        }
      }, text: row["text"])
  }
}
