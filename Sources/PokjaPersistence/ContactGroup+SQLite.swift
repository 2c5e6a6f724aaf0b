import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

/// How a group is kept: a `contact_group` row (a saved query as JSON) and a `group_member` row for
/// each chosen member, in order. Every read and write of these tables uses this mapping.
extension ContactGroup {
  static let tableMapping = TableMapping<ContactGroup>(
    "contact_group",
    [
      .init("name") { $0.name },
      .init("name_key") { SearchKey.fold($0.name) },
      .init("description") { $0.description },
      // Four optional strings always encode.
      .init("query") { group in
        group.query.flatMap { try? JSONEncoder().encode($0) }.map {
          String(decoding: $0, as: UTF8.self)
        }
      },
      .init("kelompok") { $0.kelompok },
      .init("coordinator_id") { $0.coordinatorID?.rawValue },
    ])

  /// A group from its row, with its members read from `group_member`.
  init(_ db: Database, row: Row) throws {
    let id: Int64 = row["id"]
    var query: GroupQuery?
    if let text = row["query"] as String? {
      guard let decoded = try? JSONDecoder().decode(GroupQuery.self, from: Data(text.utf8)) else {
        throw StorageError.corruptRow(table: Self.tableMapping.table, id: id, column: "query")
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
    let coordinator: Int64? = row["coordinator_id"]
    self.init(
      id: GroupID(id), name: row["name"], description: row["description"], query: query,
      members: members, kelompok: row["kelompok"], coordinatorID: coordinator.map { ContactID($0) })
  }

  /// Writes the group's chosen members, replacing what the store had for it.
  func writeMembers(_ db: Database) throws {
    try db.execute(cached: "DELETE FROM group_member WHERE group_id = ?", arguments: [id.rawValue])
    for (position, member) in members.enumerated() {
      switch member {
      case .contact(let contact):
        try db.execute(
          cached: "INSERT INTO group_member (group_id, position, contact_id) VALUES (?, ?, ?)",
          arguments: [id.rawValue, position, contact.rawValue])
      case .organisation(let organisation):
        try db.execute(
          cached: "INSERT INTO group_member (group_id, position, organisation_id) VALUES (?, ?, ?)",
          arguments: [id.rawValue, position, organisation.rawValue])
      }
    }
  }
}
