import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

extension SQLiteStore {
  public func insert(_ group: ContactGroup) throws -> ContactGroup {
    try transaction { db in
      var stored = group
      stored.id = GroupID(try ContactGroup.tableMapping.insert(group, db))
      try stored.writeMembers(db)
      return stored
    }
  }

  public func update(_ group: ContactGroup) throws {
    try transaction { db in
      try ContactGroup.tableMapping.update(group, id: group.id.rawValue, db)
      try group.writeMembers(db)
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
        try ContactGroup(db, row: $0)
      }
    }
  }

  public func group(named name: String) throws -> ContactGroup? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM contact_group WHERE name_key = ?", arguments: [SearchKey.fold(name)]
      ).map { try ContactGroup(db, row: $0) }
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
}
