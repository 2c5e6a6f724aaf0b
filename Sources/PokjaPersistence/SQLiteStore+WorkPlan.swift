import Foundation
import GRDB
import PokjaCore
import PokjaDirectory
import PokjaWorkPlan

/// The work plan on SQLite.
extension SQLiteStore: WorkPlanStore {
  public func insert(_ item: PlanItem) throws -> PlanItem {
    try transaction { db in
      var stored = item
      stored.id = PlanItemID(try PlanItem.tableMapping.insert(item, db))
      return stored
    }
  }

  public func update(_ item: PlanItem) throws {
    try transaction { db in try PlanItem.tableMapping.update(item, id: item.id.rawValue, db) }
  }

  public func planItem(_ id: PlanItemID) throws -> PlanItem? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM plan_item WHERE id = ?", arguments: [id.rawValue])
        .map { try PlanItem(row: $0) }
    }
  }

  public func planItems() throws -> [PlanItem] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM plan_item ORDER BY due IS NULL, due, id").map {
        try PlanItem(row: $0)
      }
    }
  }
}

extension PlanItem {
  static let tableMapping = TableMapping<PlanItem>(
    "plan_item",
    [
      .init("title") { $0.title },
      .init("description") { $0.description },
      .init("group_id") { $0.groupID?.rawValue },
      .init("owner_id") { $0.ownerID?.rawValue },
      .init("due") { $0.due },
      .init("status") { $0.status.rawValue },
      .init("meeting_id") { $0.meetingID?.rawValue },
      .init("created_at") { $0.createdAt },
      .init("updated_at") { $0.updatedAt },
      .init("updated_by") { $0.updatedBy },
    ])

  init(row: Row) throws {
    let group: Int64? = row["group_id"]
    let owner: Int64? = row["owner_id"]
    let meeting: Int64? = row["meeting_id"]
    self.init(
      id: PlanItemID(row["id"] as Int64), title: row["title"], description: row["description"],
      groupID: group.map { GroupID($0) }, ownerID: owner.map { OrganisationID($0) },
      due: row["due"],
      status: try row.parsed("status", table: "plan_item") { PlanStatus(rawValue: $0) },
      meetingID: meeting.map { MeetingID($0) }, createdAt: row["created_at"],
      updatedAt: row["updated_at"], updatedBy: row["updated_by"])
  }
}
