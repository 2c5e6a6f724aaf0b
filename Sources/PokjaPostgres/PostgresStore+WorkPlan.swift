import Foundation
import PokjaCore
import PokjaDirectory
import PokjaWorkPlan

/// The work plan on PostgreSQL.
extension PostgresStore: WorkPlanStore {
  public func insert(_ item: PlanItem) throws -> PlanItem {
    try transaction {
      var stored = item
      stored.id = PlanItemID(try PlanItem.storedColumns.insert(item, self))
      return stored
    }
  }

  public func update(_ item: PlanItem) throws {
    try transaction { try PlanItem.storedColumns.update(item, id: item.id.rawValue, self) }
  }

  public func planItem(_ id: PlanItemID) throws -> PlanItem? {
    try rows("SELECT * FROM plan_item WHERE id = $1", [id.rawValue]).of("plan_item").first
      .map { try PlanItem(stored: $0) }
  }

  public func planItems() throws -> [PlanItem] {
    // `due` is text: COLLATE "C" orders 2027-06-30 as SQLite does, whatever the database's locale.
    try rows("SELECT * FROM plan_item ORDER BY due IS NULL, due COLLATE \"C\", id").of("plan_item")
      .map { try PlanItem(stored: $0) }
  }
}

extension PlanItem {
  static let storedColumns = StoredColumns<PlanItem>(
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

  init(stored row: StoredRow) throws {
    self.init(
      id: PlanItemID(try row("id")), title: try row("title"), description: try row("description"),
      groupID: (try row("group_id", as: Int64?.self)).map { GroupID($0) },
      ownerID: (try row("owner_id", as: Int64?.self)).map { OrganisationID($0) },
      due: try row("due"), status: try row.parsed("status") { PlanStatus(rawValue: $0) },
      meetingID: (try row("meeting_id", as: Int64?.self)).map { MeetingID($0) },
      createdAt: try row("created_at"), updatedAt: try row("updated_at"),
      updatedBy: try row("updated_by"))
  }
}
