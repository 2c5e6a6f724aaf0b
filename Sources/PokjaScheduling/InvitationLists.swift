import Foundation
import PokjaCore

/// Where an organisation stands in the balance of an invitation list: government, police, civil
/// society, task forces and services, by its kind in the directory.
public enum ListBalance: String, Sendable, Hashable, Codable, CaseIterable {
  case government
  case police
  case civilSociety = "civil-society"
  case taskForces = "task-forces"
  case other

  /// The balance of an organisation of `kind` (the directory's kind terms).
  public init(kind: String?) {
    switch kind {
    case "ministry", "agency", "local-government": self = .government
    case "police": self = .police
    case "ngo", "mass-organisation", "academic", "international": self = .civilSociety
    case "task-force", "service-unit": self = .taskForces
    default: self = .other
    }
  }

  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.government, .indonesian): "Pemerintah"
    case (.government, .english): "Government"
    case (.police, .indonesian): "Kepolisian"
    case (.police, .english): "Police"
    case (.civilSociety, .indonesian): "Masyarakat sipil"
    case (.civilSociety, .english): "Civil society"
    case (.taskForces, .indonesian): "Gugus tugas dan layanan"
    case (.taskForces, .english): "Task forces and services"
    case (.other, .indonesian): "Lainnya"
    case (.other, .english): "Other"
    }
  }
}

/// A person a version of the list invites, and the entry that brought them.
public struct ListedPerson: Sendable, Hashable {
  public var contact: Contact
  public var organisation: Organisation?
  public var entry: ListEntry

  public init(contact: Contact, organisation: Organisation?, entry: ListEntry) {
    self.contact = contact
    self.organisation = organisation
    self.entry = entry
  }
}

/// A count of the people of a list under one heading (an organisation, a province, a balance),
/// and whether it is over its limit.
public struct ListCount: Sendable, Hashable, Codable {
  public var name: String
  public var count: Int
  public var limit: Int?

  public init(name: String, count: Int, limit: Int? = nil) {
    self.name = name
    self.count = count
    self.limit = limit
  }

  public var isOver: Bool { limit.map { count > $0 } ?? false }
}

/// A version of the list with the people it invites, counted, and what needs a look.
public struct ListReport: Sendable {
  public var meeting: Meeting
  public var version: InvitationListVersion
  public var people: [ListedPerson]
  public var byOrganisation: [ListCount]
  public var byProvince: [ListCount]
  public var byBalance: [ListCount]
  /// Entries that invite nobody (an organisation without a focal point, a contact since merged).
  public var unresolved: [ListEntry]
  /// The comments on this version.
  public var comments: [ListComment]

  /// The counts over their limits.
  public var overLimits: [ListCount] { (byOrganisation + byProvince).filter(\.isOver) }
}

/// What changed from one version of the list to another.
public struct ListDiff: Sendable {
  public var from: InvitationListVersion
  public var to: InvitationListVersion
  public var addedEntries: [ListEntry]
  public var removedEntries: [ListEntry]
  public var addedPeople: [ListedPerson]
  public var removedPeople: [ListedPerson]
}

/// An invitation list agreed before it is sent (`pokja meeting list-draft`): the secretary proposes
/// invitees, members comment or object, the secretary revises, a named approver approves. Every
/// version is kept with who made it; `meeting invite` refuses a meeting whose latest version is not
/// approved, and approving makes the list the meeting's attendees.
public struct InvitationLists: Sendable {
  let store: any InvitationListStore
  let scheduler: MeetingScheduler
  let contacts: any ContactLookup
  let resolver: any AttendeeResolver
  let clock: any WallClock
  let actor: String

  public init(
    store: any InvitationListStore, scheduler: MeetingScheduler, contacts: any ContactLookup,
    resolver: any AttendeeResolver, clock: any WallClock, actor: String
  ) {
    self.store = store
    self.scheduler = scheduler
    self.contacts = contacts
    self.resolver = resolver
    self.clock = clock
    self.actor = actor
  }

  /// What is typed for entries: contacts (ID or email), organisations (ID, name or acronym, one
  /// person each), groups (`@name`, everyone) and groups to take one person per organisation of.
  public struct EntryText: Sendable, Hashable {
    public var contacts: [String]
    public var organisations: [String]
    public var groups: [String]
    public var onePerOrganisation: [String]

    public init(
      contacts: [String] = [], organisations: [String] = [], groups: [String] = [],
      onePerOrganisation: [String] = []
    ) {
      self.contacts = contacts
      self.organisations = organisations
      self.groups = groups
      self.onePerOrganisation = onePerOrganisation
    }

    public var isEmpty: Bool {
      contacts.isEmpty && organisations.isEmpty && groups.isEmpty && onePerOrganisation.isEmpty
    }
  }

  /// Limits on the list: nil leaves one as it is; 0 takes it away.
  public struct Limits: Sendable, Hashable {
    public var perOrganisation: Int?
    public var perProvince: Int?

    public init(perOrganisation: Int? = nil, perProvince: Int? = nil) {
      self.perOrganisation = perOrganisation
      self.perProvince = perProvince
    }
  }

  /// The versions of the meeting's list, oldest first.
  public func versions(of reference: String) throws -> (Meeting, [InvitationListVersion]) {
    let meeting = try scheduler.meeting(reference)
    return (meeting, try store.listVersions(of: meeting.id))
  }

  /// Every comment on the meeting's list, oldest first.
  public func comments(of meeting: MeetingID) throws -> [ListComment] {
    try store.listComments(of: meeting)
  }

  /// The first version: the secretary's proposal. Refused when the meeting has a list already.
  public func propose(
    meeting reference: String, _ text: EntryText, approver: String?, limits: Limits,
    note: String?
  ) throws -> ListReport {
    let meeting = try scheduler.meeting(reference)
    guard try store.listVersions(of: meeting.id).isEmpty else {
      throw SchedulingError.listExists(meeting.id)
    }
    guard !text.isEmpty else { throw SchedulingError.emptyList }
    let approverName = try approver.map { reference -> String in
      guard let contact = try contacts.contact(Reference(reference)) else {
        throw SchedulingError.personNotFound(reference)
      }
      return "\(contact.name) <\(contact.email.value)>"
    }
    let version = InvitationListVersion(
      meetingID: meeting.id, number: 1, entries: try entries(text), createdAt: clock.now(),
      createdBy: actor, note: try Validate.optionalSingleLine(note, field: "--note"),
      approver: approverName,
      maxPerOrganisation: try limit(limits.perOrganisation, "--max-per-org"),
      maxPerProvince: try limit(limits.perProvince, "--max-per-province"))
    return try report(try insert(version), meeting: meeting)
  }

  /// A new version from the latest: entries added and removed (`remove` names an entry as it was
  /// typed: a contact's ID or email, an organisation's name, `@group`), limits changed. It needs
  /// approving again.
  public func revise(
    meeting reference: String, add text: EntryText, remove: [String], limits: Limits,
    note: String?
  ) throws -> ListReport {
    let meeting = try scheduler.meeting(reference)
    guard let latest = try store.listVersions(of: meeting.id).last else {
      throw SchedulingError.noList(meeting.id)
    }
    var entries = latest.entries
    for entry in try self.entries(text) where !entries.contains(entry) { entries.append(entry) }
    for typed in remove {
      let entry = try self.entry(matching: typed, in: entries)
      entries.removeAll { $0 == entry }
    }
    guard entries != latest.entries || limits != Limits() else {
      throw SchedulingError.nothingToChange
    }
    guard !entries.isEmpty else { throw SchedulingError.emptyList }
    var version = latest
    version.id = .unassigned
    version.number = latest.number + 1
    version.entries = entries
    version.createdAt = clock.now()
    version.createdBy = actor
    version.note = try Validate.optionalSingleLine(note, field: "--note")
    version.approvedAt = nil
    version.approvedBy = nil
    if let value = limits.perOrganisation {
      version.maxPerOrganisation = try limit(value, "--max-per-org")
    }
    if let value = limits.perProvince {
      version.maxPerProvince = try limit(value, "--max-per-province")
    }
    return try report(try insert(version), meeting: meeting)
  }

  /// A member's comment on the latest version, or an objection to one of its entries.
  public func comment(
    meeting reference: String, text: String, by author: String?, objectingTo typed: String?
  ) throws -> ListComment {
    let meeting = try scheduler.meeting(reference)
    guard let latest = try store.listVersions(of: meeting.id).last else {
      throw SchedulingError.noList(meeting.id)
    }
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw InputError.empty(field: "TEXT") }
    // An objection may be to an entry, or to a person or organisation a group brought in.
    let entry = try typed.map { typed -> ListEntry in
      if let entry = try? self.entry(matching: typed, in: latest.entries) { return entry }
      let people = try report(latest, meeting: meeting).people
      if let contact = try contacts.contact(Reference(typed)),
        people.contains(where: { $0.contact.id == contact.id })
      {
        return .contact(contact.id)
      }
      if let organisation = try contacts.organisation(Reference(typed)),
        people.contains(where: { $0.organisation?.id == organisation.id })
      {
        return .organisation(organisation.id)
      }
      throw SchedulingError.notOnList(typed)
    }
    return try store.insertListComment(
      ListComment(
        meetingID: meeting.id, version: latest.number, at: clock.now(),
        author: try Validate.optionalSingleLine(author, field: "--by") ?? actor,
        isObjection: typed != nil, entry: entry, text: text))
  }

  /// Approves the latest version as `approver` (who must be the one the proposal named, by ID,
  /// email or name), refusing one over its limits unless `overLimits`. Returns the list approved.
  public func approve(meeting reference: String, as approver: String, overLimits: Bool) throws
    -> ListReport
  {
    let meeting = try scheduler.meeting(reference)
    guard let latest = try store.listVersions(of: meeting.id).last else {
      throw SchedulingError.noList(meeting.id)
    }
    guard !latest.isApproved else {
      throw SchedulingError.listApprovedAlready(meeting.id, version: latest.number)
    }
    let name: String
    if let contact = try contacts.contact(Reference(approver)) {
      name = "\(contact.name) <\(contact.email.value)>"
    } else {
      name = try Validate.singleLine(approver, field: "--as")
    }
    if let expected = latest.approver, expected != name,
      SearchKey.fold(expected).hasPrefix(SearchKey.fold(name) + " <") == false
    {
      throw SchedulingError.notTheApprover(approver, expected: expected)
    }
    let report = try report(latest, meeting: meeting)
    if !overLimits, let over = report.overLimits.first {
      throw SchedulingError.listOverLimit(over.name, count: over.count, limit: over.limit ?? 0)
    }
    guard
      try store.approveListVersion(
        meeting: meeting.id, number: latest.number, by: latest.approver ?? name, at: clock.now())
    else { throw SchedulingError.listApprovedAlready(meeting.id, version: latest.number) }
    return try self.report(meeting: reference, version: latest.number)
  }

  /// The edit that makes the approved list the meeting's attendees: who to add and who to remove.
  public func attendeeChanges(_ report: ListReport) throws -> (add: [String], remove: [String]) {
    let invited = Set(try scheduler.details(of: report.meeting).attendees.map(\.contact.id))
    let listed = report.people.map(\.contact.id)
    return (
      listed.filter { !invited.contains($0) }.map { "\($0)" },
      invited.subtracting(listed).sorted().map { "\($0)" }
    )
  }

  /// Refuses to invite to a meeting whose latest list is not approved (none at all is fine: the
  /// attendees were chosen directly).
  public func requireApproved(_ meeting: MeetingID) throws {
    guard let latest = try store.listVersions(of: meeting).last, !latest.isApproved else { return }
    throw SchedulingError.listNotApproved(meeting, version: latest.number)
  }

  /// Version `number` (the latest when nil) with its people, counts and comments.
  public func report(meeting reference: String, version number: Int? = nil) throws -> ListReport {
    let meeting = try scheduler.meeting(reference)
    let versions = try store.listVersions(of: meeting.id)
    guard !versions.isEmpty else { throw SchedulingError.noList(meeting.id) }
    guard let version = number.map({ n in versions.first { $0.number == n } }) ?? versions.last
    else { throw SchedulingError.noListVersion(meeting.id, version: number ?? 0) }
    return try report(version, meeting: meeting)
  }

  /// What changed between versions `from` and `to` of the meeting's list.
  public func diff(meeting reference: String, from: Int, to: Int) throws -> ListDiff {
    let old = try report(meeting: reference, version: from)
    let new = try report(meeting: reference, version: to)
    let oldIDs = Set(old.people.map(\.contact.id))
    let newIDs = Set(new.people.map(\.contact.id))
    return ListDiff(
      from: old.version, to: new.version,
      addedEntries: new.version.entries.filter { !old.version.entries.contains($0) },
      removedEntries: old.version.entries.filter { !new.version.entries.contains($0) },
      addedPeople: new.people.filter { !oldIDs.contains($0.contact.id) },
      removedPeople: old.people.filter { !newIDs.contains($0.contact.id) })
  }

  /// How an entry reads for people: a contact's name, an organisation's short name, `@group`.
  public func describe(_ entry: ListEntry) throws -> String {
    switch entry {
    case .contact(let id):
      return try contacts.contacts(withIDs: [id]).first.map { "\($0.name) <\($0.email.value)>" }
        ?? "contact \(id) (no longer in the directory)"
    case .organisation(let id):
      return try contacts.organisation(.id(id)).map { "\($0.shortName) (one person)" }
        ?? "organisation \(id) (no longer in the directory)"
    case .group(let name, let one):
      return one ? "@\(name) (one person per organisation)" : "@\(name)"
    }
  }

  // MARK: - Helpers

  private func insert(_ version: InvitationListVersion) throws -> InvitationListVersion {
    guard let stored = try store.insertListVersion(version) else {
      throw SchedulingError.listChangedMeanwhile(version.meetingID)
    }
    return stored
  }

  private func limit(_ value: Int?, _ field: String) throws -> Int? {
    guard let value else { return nil }
    if value < 0 { throw InputError.notPositive(field: field, value: String(value)) }
    return value == 0 ? nil : value
  }

  private func entries(_ text: EntryText) throws -> [ListEntry] {
    var entries: [ListEntry] = []
    func add(_ entry: ListEntry) { if !entries.contains(entry) { entries.append(entry) } }
    for reference in text.contacts {
      guard let contact = try contacts.contact(Reference(reference)) else {
        throw SchedulingError.personNotFound(reference)
      }
      add(.contact(contact.id))
    }
    for reference in text.organisations {
      guard let organisation = try contacts.organisation(Reference(reference)) else {
        throw SchedulingError.organisationNotFound(reference)
      }
      add(.organisation(organisation.id))
    }
    for (names, one) in [(text.groups, false), (text.onePerOrganisation, true)] {
      for typed in names {
        let name = typed.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["@"])
        do {
          _ = try resolver.attendees("@\(name)")
        } catch {
          throw SchedulingError.attendeeUnresolved("@\(name)", reason: error.localizedDescription)
        }
        add(.group(name, onePerOrganisation: one))
      }
    }
    return entries
  }

  /// The entry of `entries` that `typed` names.
  private func entry(matching typed: String, in entries: [ListEntry]) throws -> ListEntry {
    let text = typed.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("@") {
      let name = SearchKey.fold(String(text.dropFirst()))
      if let found = entries.first(where: {
        if case .group(let group, _) = $0 { return SearchKey.fold(group) == name }
        return false
      }) {
        return found
      }
    } else {
      if let contact = try contacts.contact(Reference(text)),
        entries.contains(.contact(contact.id))
      {
        return .contact(contact.id)
      }
      if let organisation = try contacts.organisation(Reference(text)),
        entries.contains(.organisation(organisation.id))
      {
        return .organisation(organisation.id)
      }
    }
    throw SchedulingError.notOnList(typed)
  }

  private func report(_ version: InvitationListVersion, meeting: Meeting) throws -> ListReport {
    var people: [ListedPerson] = []
    var seen: Set<ContactID> = []
    var unresolved: [ListEntry] = []
    var organisations: [OrganisationID: Organisation?] = [:]
    func organisation(_ id: OrganisationID?) throws -> Organisation? {
      guard let id else { return nil }
      if let known = organisations[id] { return known }
      let found = try contacts.organisation(.id(id))
      organisations[id] = found
      return found
    }
    func add(_ contact: Contact, _ entry: ListEntry) throws -> Bool {
      guard !seen.contains(contact.id) else { return false }
      seen.insert(contact.id)
      people.append(
        ListedPerson(
          contact: contact, organisation: try organisation(contact.organisationID), entry: entry))
      return true
    }
    for entry in version.entries {
      var found: [Contact] = []
      switch entry {
      case .contact(let id):
        found = try contacts.contacts(withIDs: [id])
      case .organisation(let id):
        found = try resolver.representative(of: id).map { [$0] } ?? []
      case .group(let name, let one):
        let members = (try? resolver.attendees("@\(name)")) ?? []
        if one {
          var organisationsTaken: Set<OrganisationID> = []
          for member in members {
            guard let id = member.organisationID else {
              found.append(member)
              continue
            }
            if organisationsTaken.insert(id).inserted { found.append(member) }
          }
        } else {
          found = members
        }
      }
      if found.isEmpty { unresolved.append(entry) }
      for contact in found { _ = try add(contact, entry) }
    }
    func counted(_ keys: [String], limit: Int?) -> [ListCount] {
      var counts: [String: Int] = [:]
      for key in keys { counts[key, default: 0] += 1 }
      return counts.map { ListCount(name: $0.key, count: $0.value, limit: limit) }
        .sorted { ($1.count, $0.name) < ($0.count, $1.name) }
    }
    let byOrganisation = counted(
      people.map { $0.organisation?.shortName ?? "—" }, limit: version.maxPerOrganisation)
    let byProvince = counted(
      people.map { $0.organisation?.region?.province.name ?? "—" }, limit: version.maxPerProvince)
    let balance = counted(
      people.map { ListBalance(kind: $0.organisation?.kind).rawValue }, limit: nil)
    let byBalance = ListBalance.allCases.map { kind in
      ListCount(name: kind.rawValue, count: balance.first { $0.name == kind.rawValue }?.count ?? 0)
    }
    return ListReport(
      meeting: meeting, version: version, people: people, byOrganisation: byOrganisation,
      byProvince: byProvince, byBalance: byBalance, unresolved: unresolved,
      comments: try store.listComments(of: meeting.id).filter { $0.version == version.number })
  }
}
