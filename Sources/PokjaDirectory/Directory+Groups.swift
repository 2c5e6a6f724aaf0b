import Foundation
import PokjaCore

extension Directory: AttendeeResolver {
  /// Creates a group: static (`members`) or a saved query (`query`), or both.
  public func addGroup(
    name: String, description: String? = nil, query: GroupQuery? = nil,
    contacts: [String] = [], organisations: [String] = []
  ) throws -> ContactGroup {
    let name = try Validate.singleLine(name, field: "group name")
      .trimmingCharacters(in: ["@"])
    if try store.group(named: name) != nil { throw DirectoryError.duplicateGroup(name) }
    let members = try self.members(contacts: contacts, organisations: organisations)
    let query = query.flatMap { $0.isEmpty ? nil : $0 }
    guard query != nil || !members.isEmpty else { throw DirectoryError.emptyGroup(name) }
    if let query { _ = try facets(for: query.filters) }  // refuse an unknown region now
    return try store.atomically {
      let group = try store.insert(
        ContactGroup(
          id: .unassigned, name: name,
          description: try Validate.optionalSingleLine(description, field: "--description"),
          query: query, members: members))
      try log(.group, group.id.rawValue, group.name, .added, query?.description ?? "")
      return group
    }
  }

  /// The group with this name (a leading `@` is allowed).
  public func group(_ name: String) throws -> ContactGroup {
    let bare = name.hasPrefix("@") ? String(name.dropFirst()) : name
    guard let group = try store.group(named: bare) else {
      throw DirectoryError.groupNotFound(bare)
    }
    return group
  }

  /// Every group, by name.
  public func groups() throws -> [ContactGroup] { try store.groups() }

  /// Adds (or, with `removing`, takes out) chosen members of a group.
  public func changeMembers(
    of name: String, contacts: [String] = [], organisations: [String] = [], removing: Bool = false
  ) throws -> ContactGroup {
    // The group is read in the write transaction that changes it: members another secretary
    // added or took out meanwhile stay so.
    try store.atomically {
      var group = try group(name)
      let changes = try members(contacts: contacts, organisations: organisations)
      if removing {
        group.members.removeAll { changes.contains($0) }
      } else {
        group.members += changes.filter { !group.members.contains($0) }
      }
      guard group.query != nil || !group.members.isEmpty else {
        throw DirectoryError.emptyGroup(group.name)
      }
      try store.update(group)
      try log(
        .group, group.id.rawValue, group.name, .changed,
        "\(removing ? "removed" : "added") \(changes.count) member(s)")
      return group
    }
  }

  /// Makes a group a kelompok of the working group (`number`, unique; 0 makes it an ordinary group
  /// again) and names its coordinator (a contact's ID or email; empty takes them away); nil leaves
  /// either as it is.
  public func setKelompok(of name: String, number: Int?, coordinator: String?) throws
    -> ContactGroup
  {
    try store.atomically {
      var group = try group(name)
      if let number {
        guard number >= 0 else {
          throw InputError.notPositive(field: "--kelompok", value: String(number))
        }
        if number > 0,
          let other = try store.groups().first(where: {
            $0.kelompok == number && $0.id != group.id
          })
        {
          throw DirectoryError.kelompokTaken(number, by: other.name)
        }
        group.kelompok = number == 0 ? nil : number
      }
      if let coordinator {
        group.coordinatorID =
          coordinator.trimmingCharacters(in: .whitespaces).isEmpty
          ? nil : try contact(coordinator).id
      }
      try store.update(group)
      try log(
        .group, group.id.rawValue, group.name, .changed,
        "kelompok \(group.kelompok.map(String.init) ?? "none"), coordinator \(group.coordinatorID.map(String.init(describing:)) ?? "none")"
      )
      return group
    }
  }

  /// The group that is kelompok `number`.
  public func kelompok(_ number: Int) throws -> ContactGroup {
    guard let group = try store.groups().first(where: { $0.kelompok == number }) else {
      throw DirectoryError.noKelompok(number)
    }
    return group
  }

  /// Removes a group.
  public func removeGroup(_ name: String) throws -> ContactGroup {
    let group = try group(name)
    try store.atomically {
      try store.delete(group.id)
      try log(.group, group.id.rawValue, group.name, .removed, "")
    }
    return group
  }

  public func representative(of organisation: OrganisationID) throws -> Contact? {
    guard let found = try store.organisation(.id(organisation)) else { return nil }
    return focal(try store.members(of: organisation), of: found).min {
      (SearchKey.fold($0.name), $0.id) < (SearchKey.fold($1.name), $1.id)
    }
  }

  /// The people a group stands for now: its contacts, the focal contacts of its organisations and
  /// what its query selects, without duplicates and without anyone marked do-not-contact (unless
  /// `includingOptedOut`: for commands that name them, such as `access grant`).
  public func expand(_ group: ContactGroup, includingOptedOut: Bool = false) throws -> [Contact] {
    var people: [ContactID: Contact] = [:]
    func add(_ contacts: [Contact]) {
      for contact in contacts where includingOptedOut || !contact.doNotContact {
        people[contact.id] = contact
      }
    }
    for member in group.members {
      switch member {
      case .contact(let id):
        add(try store.contacts(withIDs: [id]))
      case .organisation(let id):
        if let organisation = try store.organisation(.id(id)) {
          add(focal(try store.members(of: id), of: organisation))
        }
      }
    }
    if let query = group.query {
      let facets = try self.facets(for: query.filters)
      for entry in try store.entries(withFacets: facets, entity: .organisation) {
        if case .organisation(let organisation) = entry {
          add(focal(try store.members(of: organisation.id), of: organisation))
        }
      }
      // Tagged people count themselves, whatever their role.
      if query.tag != nil {
        for entry in try store.entries(withFacets: facets, entity: .contact) {
          if case .contact(let contact, _) = entry { add([contact]) }
        }
      }
    }
    return people.values.sorted {
      (SearchKey.fold($0.name), $0.id) < (SearchKey.fold($1.name), $1.id)
    }
  }

  /// The people `reference` names: `@GROUP` expands the group, anything else is one contact.
  public func attendees(_ reference: String) throws -> [Contact] {
    try attendees(reference, includingOptedOut: false)
  }

  /// As `attendees(_:)`; with `includingOptedOut`, a group's members marked do-not-contact too.
  public func attendees(_ reference: String, includingOptedOut: Bool) throws -> [Contact] {
    if reference.hasPrefix("@") {
      return try expand(group(reference), includingOptedOut: includingOptedOut)
    }
    return [try contact(reference)]
  }

  private func members(contacts: [String], organisations: [String]) throws -> [GroupMember] {
    var members: [GroupMember] = []
    for reference in contacts {
      let member = GroupMember.contact(try contact(reference).id)
      if !members.contains(member) { members.append(member) }
    }
    for reference in organisations {
      let member = GroupMember.organisation(try organisation(reference).id)
      if !members.contains(member) { members.append(member) }
    }
    return members
  }
}
