import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

extension SQLiteStore {
  public func insert(_ group: ContactGroup) throws -> ContactGroup {
    try transaction { db in
      try db.execute(
        cached:
          "INSERT INTO contact_group (name, name_key, description, query) VALUES (?, ?, ?, ?)",
        arguments: [
          group.name, SearchKey.fold(group.name), group.description, try Self.encode(group.query),
        ])
      var stored = group
      stored.id = GroupID(db.lastInsertedRowID)
      try Self.writeMembers(db, stored)
      return stored
    }
  }

  public func update(_ group: ContactGroup) throws {
    try transaction { db in
      try db.execute(
        cached:
          "UPDATE contact_group SET name = ?, name_key = ?, description = ?, query = ? WHERE id = ?",
        arguments: [
          group.name, SearchKey.fold(group.name), group.description, try Self.encode(group.query),
          group.id.rawValue,
        ])
      try Self.writeMembers(db, group)
    }
  }

  public func delete(_ group: GroupID) throws {
    try transaction { db in
      try db.execute(cached: "DELETE FROM contact_group WHERE id = ?", arguments: [group.rawValue])
    }
  }

  public func groups() throws -> [ContactGroup] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM contact_group ORDER BY name_key").map {
        try Self.group(db, row: $0)
      }
    }
  }

  public func group(named name: String) throws -> ContactGroup? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM contact_group WHERE name_key = ?", arguments: [SearchKey.fold(name)]
      ).map { try Self.group(db, row: $0) }
    }
  }

  public func entries(withFacets facets: [String], entity: DirectoryQuery.EntityFilter?) throws
    -> [DirectoryEntry]
  {
    guard !facets.isEmpty else { return [] }
    let match = facets.map { "facets : \"\($0)\"" }.joined(separator: " AND ")
    let ids = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT entity, entity_id FROM directory_search
          WHERE directory_search MATCH ? AND (?2 IS NULL OR entity = ?2)
          """,
        arguments: [match, entity?.rawValue])
    }
    var entries: [DirectoryEntry] = []
    let contactIDs = ids.filter { $0["entity"] == "contact" }.map { ContactID($0["entity_id"]) }
    for row in ids where row["entity"] == "organisation" {
      if let organisation = try organisation(.id(OrganisationID(row["entity_id"]))) {
        entries.append(.organisation(organisation))
      }
    }
    for contact in try contacts(withIDs: contactIDs) {
      entries.append(.contact(contact, organisation: nil))
    }
    return entries
  }

  private static func writeMembers(_ db: Database, _ group: ContactGroup) throws {
    try db.execute(
      cached: "DELETE FROM group_member WHERE group_id = ?", arguments: [group.id.rawValue])
    for (position, member) in group.members.enumerated() {
      switch member {
      case .contact(let id):
        try db.execute(
          cached: "INSERT INTO group_member (group_id, position, contact_id) VALUES (?, ?, ?)",
          arguments: [group.id.rawValue, position, id.rawValue])
      case .organisation(let id):
        try db.execute(
          cached: "INSERT INTO group_member (group_id, position, organisation_id) VALUES (?, ?, ?)",
          arguments: [group.id.rawValue, position, id.rawValue])
      }
    }
  }

  private static func group(_ db: Database, row: Row) throws -> ContactGroup {
    let id: Int64 = row["id"]
    var query: GroupQuery?
    if let text = row["query"] as String? {
      guard let decoded = try? JSONDecoder().decode(GroupQuery.self, from: Data(text.utf8)) else {
        throw StorageError.corruptRow(table: "contact_group", id: id, column: "query")
      }
      query = decoded
    }
    let members = try Row.fetchAll(
      db, sql: "SELECT * FROM group_member WHERE group_id = ? ORDER BY position", arguments: [id]
    ).compactMap { member -> GroupMember? in
      if let contact = member["contact_id"] as Int64? { return .contact(ContactID(contact)) }
      if let organisation = member["organisation_id"] as Int64? {
        return .organisation(OrganisationID(organisation))
      }
      return nil
    }
    return ContactGroup(
      id: GroupID(id), name: row["name"], description: row["description"], query: query,
      members: members)
  }

  private static func encode(_ query: GroupQuery?) throws -> String? {
    guard let query else { return nil }
    return String(decoding: try JSONEncoder().encode(query), as: UTF8.self)
  }
}
