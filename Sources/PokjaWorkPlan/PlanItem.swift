import Foundation
import PokjaCore
import PokjaDirectory

/// Identifies an item of the work plan.
public typealias PlanItemID = EntityID<PlanItem>

/// Where an item of the work plan stands. Overdue is not a status: it is an open item past its due
/// day (`PlanItemDetails.isOverdue`).
public enum PlanStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case planned
  case inProgress = "in-progress"
  case done
  /// Given up (the group decided not to do it).
  case dropped

  /// Whether the item still needs doing: planned or in progress.
  public var isOpen: Bool { self == .planned || self == .inProgress }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.planned, .indonesian): "direncanakan"
    case (.planned, .english): "planned"
    case (.inProgress, .indonesian): "berjalan"
    case (.inProgress, .english): "in progress"
    case (.done, .indonesian): "selesai"
    case (.done, .english): "done"
    case (.dropped, .indonesian): "dibatalkan"
    case (.dropped, .english): "dropped"
    }
  }
}

/// One thing the working group decided to do: which kelompok, which organisation owns it, by when,
/// and at which meeting it was decided.
public struct PlanItem: Identifiable, Sendable, Hashable, Codable {
  public var id: PlanItemID
  public var title: String
  public var description: String?
  /// The kelompok (a group) that carries it.
  public var groupID: GroupID?
  /// The organisation responsible.
  public var ownerID: OrganisationID?
  /// The day it is due, `2027-06-30`.
  public var due: String?
  public var status: PlanStatus
  /// The meeting where it was decided.
  public var meetingID: MeetingID?
  public var createdAt: Date
  public var updatedAt: Date
  public var updatedBy: String

  public init(
    id: PlanItemID = .unassigned, title: String, description: String? = nil,
    groupID: GroupID? = nil, ownerID: OrganisationID? = nil, due: String? = nil,
    status: PlanStatus = .planned, meetingID: MeetingID? = nil, createdAt: Date,
    updatedAt: Date, updatedBy: String
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.groupID = groupID
    self.ownerID = ownerID
    self.due = due
    self.status = status
    self.meetingID = meetingID
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.updatedBy = updatedBy
  }
}

/// What the work plan needs from storage. Implemented by the SQLite and PostgreSQL stores; the
/// store contract tests say how each call behaves.
public protocol WorkPlanStore: Sendable {
  /// Stores a new item (its `id` is ignored) and returns it with its ID.
  func insert(_ item: PlanItem) throws -> PlanItem
  /// Stores a changed item.
  func update(_ item: PlanItem) throws
  func planItem(_ id: PlanItemID) throws -> PlanItem?
  /// Every item: by due day (those without one last), then ID.
  func planItems() throws -> [PlanItem]
}
