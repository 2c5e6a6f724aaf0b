import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling

/// An item with what is shown beside it: its kelompok, owner, meeting, and whether it is late.
public struct PlanItemDetails: Sendable, Hashable {
  public var item: PlanItem
  public var group: ContactGroup?
  public var owner: Organisation?
  public var meeting: Meeting?
  /// Open and past its due day.
  public var isOverdue: Bool
  /// Days from today to the due day (negative when past); nil without one.
  public var daysLeft: Int?
}

/// The working group's multi-year work plan (`pokja plan`): items per kelompok with an owner
/// organisation, a due day, a status and the meeting where they were decided; the list, the late
/// ones, and the plan as a document.
public struct WorkPlan: Sendable {
  let store: any WorkPlanStore
  let directory: Directory
  let scheduler: MeetingScheduler
  let contacts: any ContactLookup
  let today: Today
  let actor: String

  public init(
    store: any WorkPlanStore, directory: Directory, scheduler: MeetingScheduler,
    contacts: any ContactLookup, today: Today, actor: String
  ) {
    self.contacts = contacts
    self.store = store
    self.directory = directory
    self.scheduler = scheduler
    self.today = today
    self.actor = actor
  }

  /// An item as typed: nil leaves a field as it is (an edit) or unset (a new item); an empty text
  /// (in an edit) takes it away.
  public struct Input: Sendable, Hashable {
    public var title: String?
    public var description: String?
    /// The kelompok's number, or a group's name.
    public var kelompok: String?
    /// The owner organisation's ID, name or acronym.
    public var owner: String?
    /// `2027-06-30`.
    public var due: String?
    public var status: String?
    /// The meeting's ID.
    public var meeting: String?

    public init(
      title: String? = nil, description: String? = nil, kelompok: String? = nil,
      owner: String? = nil, due: String? = nil, status: String? = nil, meeting: String? = nil
    ) {
      self.title = title
      self.description = description
      self.kelompok = kelompok
      self.owner = owner
      self.due = due
      self.status = status
      self.meeting = meeting
    }
  }

  /// Which items to list.
  public struct Filter: Sendable, Hashable {
    public var kelompok: String?
    public var owner: String?
    public var status: String?
    public var overdue: Bool
    /// Done and dropped items too.
    public var all: Bool

    public init(
      kelompok: String? = nil, owner: String? = nil, status: String? = nil, overdue: Bool = false,
      all: Bool = false
    ) {
      self.kelompok = kelompok
      self.owner = owner
      self.status = status
      self.overdue = overdue
      self.all = all
    }
  }

  public func add(_ input: Input) throws -> PlanItemDetails {
    guard let title = input.title else { throw InputError.empty(field: "--title") }
    let now = today.clock.now()
    var item = PlanItem(
      title: try Validate.singleLine(title, field: "--title"), createdAt: now, updatedAt: now,
      updatedBy: actor)
    try apply(input, to: &item)
    item = try store.insert(item)
    return try details([item])[0]
  }

  public func edit(_ reference: String, _ input: Input) throws -> PlanItemDetails {
    var item = try self.item(reference)
    guard input != Input() else { throw WorkPlanError.nothingToChange }
    if let title = input.title { item.title = try Validate.singleLine(title, field: "--title") }
    try apply(input, to: &item)
    item.updatedAt = today.clock.now()
    item.updatedBy = actor
    try store.update(item)
    return try details([item])[0]
  }

  public func item(_ reference: String) throws -> PlanItem {
    guard let id = PlanItemID(parsing: reference), let item = try store.planItem(id) else {
      throw WorkPlanError.itemNotFound(reference)
    }
    return item
  }

  public func show(_ reference: String) throws -> PlanItemDetails {
    try details([try item(reference)])[0]
  }

  /// The items `filter` selects, by due day; open ones only unless `filter.all` or a status is
  /// asked for.
  public func list(_ filter: Filter) throws -> [PlanItemDetails] {
    let group = try filter.kelompok.map { try self.group($0) }
    let owner = try filter.owner.map { try self.organisation($0) }
    let status = try filter.status.map { try Self.status($0) }
    let items = try store.planItems().filter { item in
      (group == nil || item.groupID == group?.id)
        && (owner == nil || item.ownerID == owner?.id)
        && (status.map { item.status == $0 } ?? (filter.all || item.status.isOpen))
    }
    return try details(items).filter { !filter.overdue || $0.isOverdue }
  }

  /// Open items due within `days` from today, or already overdue: what reminders are about.
  public func dueSoon(within days: Int) throws -> [PlanItemDetails] {
    try details(try store.planItems().filter { $0.status.isOpen && $0.due != nil }).filter {
      guard let left = $0.daysLeft else { return false }
      return left <= days
    }
  }

  /// The kelompok (by number) or group (by name) `text` names.
  public func group(_ text: String) throws -> ContactGroup {
    if let number = Int(text.trimmingCharacters(in: .whitespaces)) {
      return try directory.kelompok(number)
    }
    return try directory.group(text)
  }

  // MARK: - Helpers

  private func organisation(_ text: String) throws -> Organisation {
    guard let found = try contacts.organisation(Reference(text)) else {
      throw SchedulingError.organisationNotFound(text)
    }
    return found
  }

  static func status(_ text: String) throws -> PlanStatus {
    let folded = SearchKey.fold(text)
    if let status = PlanStatus(rawValue: folded.replacingOccurrences(of: " ", with: "-")) {
      return status
    }
    switch folded {
    case "direncanakan", "rencana": return .planned
    case "berjalan", "proses", "sedang berjalan": return .inProgress
    case "selesai": return .done
    case "dibatalkan", "batal": return .dropped
    default:
      throw InputError.invalidChoice(
        field: "--status", value: text, allowed: PlanStatus.allCases.map(\.rawValue))
    }
  }

  private func apply(_ input: Input, to item: inout PlanItem) throws {
    func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespaces).isEmpty }
    if let text = input.description {
      item.description =
        blank(text) ? nil : text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if let text = input.kelompok { item.groupID = blank(text) ? nil : try group(text).id }
    if let text = input.owner { item.ownerID = blank(text) ? nil : try organisation(text).id }
    if let text = input.due {
      item.due = blank(text) ? nil : try Validate.day(text, field: "--due")
    }
    if let text = input.status { item.status = try Self.status(text) }
    if let text = input.meeting {
      item.meetingID = blank(text) ? nil : try scheduler.meeting(text).id
    }
  }

  private func details(_ items: [PlanItem]) throws -> [PlanItemDetails] {
    let groups = Dictionary(
      try directory.groups().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var organisations: [OrganisationID: Organisation?] = [:]
    var meetings: [MeetingID: Meeting?] = [:]
    let day = today.day
    let todayNumber = Self.dayNumber(day)
    return try items.map { item in
      var owner: Organisation?
      if let id = item.ownerID {
        if organisations[id] == nil {
          organisations[id] = try contacts.organisation(.id(id))
        }
        owner = organisations[id] ?? nil
      }
      var meeting: Meeting?
      if let id = item.meetingID {
        if meetings[id] == nil { meetings[id] = try? scheduler.meeting("\(id)") }
        meeting = meetings[id] ?? nil
      }
      let left = item.due.flatMap(Self.dayNumber).flatMap { due in todayNumber.map { due - $0 } }
      return PlanItemDetails(
        item: item, group: item.groupID.flatMap { groups[$0] }, owner: owner, meeting: meeting,
        isOverdue: item.status.isOpen && (left.map { $0 < 0 } ?? false), daysLeft: left)
    }
  }

  /// The day number of `2027-06-30`.
  static func dayNumber(_ day: String) -> Int? {
    let parts = day.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return CivilDate.dayNumber(year: parts[0], month: parts[1], day: parts[2])
  }
}

/// What the work plan refuses.
public enum WorkPlanError: Error, Sendable, Hashable, LocalizedError {
  case itemNotFound(String)
  case nothingToChange

  public var errorDescription: String? {
    switch self {
    case .itemNotFound(let reference):
      "No work-plan item '\(reference)'. 'pokja plan list --all' shows the IDs."
    case .nothingToChange:
      "Nothing to change: give --title, --due, --status, --owner, --kelompok, --meeting or --description."
    }
  }
}
