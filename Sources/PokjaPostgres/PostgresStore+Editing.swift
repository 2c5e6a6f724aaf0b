import Foundation
import PokjaCore
import PokjaDirectory

// MARK: - Editing and the change log

extension PostgresStore {
  public func update(_ organisation: Organisation) throws {
    batchOrganisations.withLock { $0[organisation.id] = nil }
    try transaction {
      try Organisation.storedColumns.update(organisation, id: organisation.id.rawValue, self)
      try index(SearchDocument(organisation: organisation))
      // Its people carry its name and facets in their index entries.
      let members = try rows(
        "SELECT contact_id FROM membership WHERE organisation_id = $1", [organisation.id.rawValue]
      ).of("membership").map { ContactID(try $0("contact_id")) }
      for contact in try contacts(withIDs: members) { try reindex(contact) }
    }
  }

  public func update(_ contact: Contact) throws {
    try transaction {
      try Contact.storedColumns.update(contact, id: contact.id.rawValue, self)
      guard try writeAddressesAndMemberships(of: contact, replacing: true) else {
        for email in contact.emails {
          if let existing = try self.contact(havingEmail: email), existing.id != contact.id {
            throw DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
          }
        }
        throw SharedDatabaseError.query("the contact '\(contact.name)' could not be stored")
      }
      try reindex(contact)
    }
  }

  public func meetings(attendedBy contact: ContactID) throws -> [String] {
    try rows(
      """
      SELECT title FROM meeting
      WHERE id IN (SELECT meeting_id FROM attendee WHERE contact_id = $1
                   UNION
                   SELECT s.meeting_id FROM session_person p
                   JOIN meeting_session s ON s.id = p.session_id
                   WHERE p.contact_id = $1)
      ORDER BY start_at
      """, [contact.rawValue]
    ).of("meeting").map { try $0("title") }
  }

  public func delete(_ contact: ContactID) throws {
    try transaction {
      try removeFromIndex(.contact, contact.rawValue)
      try rows("DELETE FROM contact WHERE id = $1", [contact.rawValue])
    }
  }

  public func merge(_ other: ContactID, into keep: Contact) throws {
    try transaction {
      let ids: [SQLValue?] = [keep.id.rawValue, other.rawValue]
      // Meetings: the kept contact takes the other's place where it is not invited already.
      try rows(
        """
        UPDATE attendee SET contact_id = $1 WHERE contact_id = $2
          AND NOT EXISTS (SELECT 1 FROM attendee AS kept
                          WHERE kept.meeting_id = attendee.meeting_id AND kept.contact_id = $1)
        """, ids)
      try rows("DELETE FROM attendee WHERE contact_id = $1", [other.rawValue])
      try rows("UPDATE session_person SET contact_id = $1 WHERE contact_id = $2", ids)
      try rows("UPDATE contact_group SET coordinator_id = $1 WHERE coordinator_id = $2", ids)
      try rows(
        """
        UPDATE attendance SET contact_id = $1 WHERE contact_id = $2
          AND NOT EXISTS (SELECT 1 FROM attendance AS kept
                          WHERE kept.meeting_id = attendance.meeting_id
                            AND kept.occurrence = attendance.occurrence AND kept.contact_id = $1)
        """, ids)
      try rows("UPDATE outbox_message SET contact_id = $1 WHERE contact_id = $2", ids)
      try rows(
        """
        UPDATE group_member SET contact_id = $1 WHERE contact_id = $2
          AND NOT EXISTS (SELECT 1 FROM group_member AS kept
                          WHERE kept.group_id = group_member.group_id AND kept.contact_id = $1)
        """, ids)
      try rows("DELETE FROM contact_email WHERE contact_id = $1", [other.rawValue])
      try removeFromIndex(.contact, other.rawValue)
      try rows("DELETE FROM contact WHERE id = $1", [other.rawValue])
      try update(keep)
    }
  }

  public func log(_ entry: ChangeEntry) throws {
    // In a batch (an import logs every row), written with the batch's other pending writes.
    if inBatch {
      let count = pendingLog.withLock {
        $0.append(entry)
        return $0.count
      }
      if count >= 2_000 { try flushLog() }
      return
    }
    try transaction {
      try rows(
        """
        INSERT INTO change_log (at, actor, entity, entity_id, name, action, summary)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """,
        [
          entry.at, entry.actor, entry.entity.rawValue, entry.entityID, entry.name,
          entry.action.rawValue, entry.summary,
        ])
    }
  }

  /// Writes the change-log entries made in the open batch, in the order they were made.
  func flushLog() throws {
    let entries = pendingLog.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    guard !entries.isEmpty else { return }
    try database.send(
      """
      INSERT INTO change_log (at, actor, entity, entity_id, name, action, summary)
      SELECT at, actor, entity, entity_id, name, action, summary
      FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                  $7::text[]) WITH ORDINALITY AS e(at, actor, entity, entity_id, name, action, summary, n)
      ORDER BY n
      """,
      [
        entries.map(\.at), entries.map(\.actor), entries.map(\.entity.rawValue),
        entries.map(\.entityID), entries.map(\.name), entries.map(\.action.rawValue),
        entries.map(\.summary),
      ])
  }

  public func changes(entity: ChangeEntry.Entity?, id: Int64?, limit: Int) throws -> [ChangeEntry] {
    try flushIndex()
    return try rows(
      """
      SELECT * FROM change_log
      WHERE ($1::text IS NULL OR entity = $1) AND ($2::bigint IS NULL OR entity_id = $2)
      ORDER BY id DESC LIMIT $3
      """, [entity?.rawValue, id, limit]
    ).of("change_log").map { row in
      var entry = ChangeEntry(
        at: try row("at"), actor: try row("actor"),
        entity: try row.parsed("entity") { ChangeEntry.Entity(rawValue: $0) },
        entityID: try row("entity_id"), name: try row("name"),
        action: try row.parsed("action") { ChangeEntry.Action(rawValue: $0) },
        summary: try row("summary"))
      entry.databaseUser = try row("database_user")
      return entry
    }
  }

  /// Re-indexes a contact with its organisations as they are now.
  func reindex(_ contact: Contact) throws {
    let organisations = try contact.memberships.compactMap { membership in
      try organisation(id: membership.organisationID)
    }
    try index(SearchDocument(contact: contact, organisations: organisations, today: today))
  }
}

// MARK: - Groups

extension PostgresStore {
  public func insert(_ group: ContactGroup) throws -> ContactGroup {
    try transaction {
      var stored = group
      stored.id = GroupID(try ContactGroup.storedColumns.insert(group, self))
      try writeMembers(of: stored)
      return stored
    }
  }

  public func update(_ group: ContactGroup) throws {
    try transaction {
      try ContactGroup.storedColumns.update(group, id: group.id.rawValue, self)
      try writeMembers(of: group)
    }
  }

  public func delete(_ group: GroupID) throws {
    try transaction { try rows("DELETE FROM contact_group WHERE id = $1", [group.rawValue]) }
  }

  public func groups() throws -> [ContactGroup] {
    try rows("SELECT * FROM contact_group ORDER BY name_key").of("contact_group").map {
      try group(stored: $0)
    }
  }

  public func group(named name: String) throws -> ContactGroup? {
    try rows("SELECT * FROM contact_group WHERE name_key = $1", [SearchKey.fold(name)])
      .of("contact_group").first.map { try group(stored: $0) }
  }

  /// A group from its row, with its members.
  private func group(stored row: StoredRow) throws -> ContactGroup {
    let id: Int64 = try row("id")
    var query: GroupQuery?
    if let text = try row("query", as: String?.self) {
      guard let decoded = try? JSONDecoder().decode(GroupQuery.self, from: Data(text.utf8)) else {
        throw SharedDatabaseError.corruptRow(table: row.table, id: id, column: "query")
      }
      query = decoded
    }
    let members = try rows(
      "SELECT * FROM group_member WHERE group_id = $1 ORDER BY position", [id]
    ).of("group_member").compactMap { member -> GroupMember? in
      if let contact = try member("contact_id", as: Int64?.self) {
        return .contact(ContactID(contact))
      }
      if let organisation = try member("organisation_id", as: Int64?.self) {
        return .organisation(OrganisationID(organisation))
      }
      return nil
    }
    return ContactGroup(
      id: GroupID(id), name: try row("name"), description: try row("description"), query: query,
      members: members, kelompok: (try row("kelompok", as: Int64?.self)).map(Int.init),
      coordinatorID: (try row("coordinator_id", as: Int64?.self)).map { ContactID($0) })
  }

  /// Writes the group's chosen members, replacing what the store had for it.
  private func writeMembers(of group: ContactGroup) throws {
    try rows("DELETE FROM group_member WHERE group_id = $1", [group.id.rawValue])
    for (position, member) in group.members.enumerated() {
      switch member {
      case .contact(let contact):
        try rows(
          "INSERT INTO group_member (group_id, position, contact_id) VALUES ($1, $2, $3)",
          [group.id.rawValue, position, contact.rawValue])
      case .organisation(let organisation):
        try rows(
          "INSERT INTO group_member (group_id, position, organisation_id) VALUES ($1, $2, $3)",
          [group.id.rawValue, position, organisation.rawValue])
      }
    }
  }
}

extension ContactGroup {
  static let storedColumns = StoredColumns<ContactGroup>(
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
      .init("kelompok") { $0.kelompok.map(Int64.init) },
      .init("coordinator_id") { $0.coordinatorID?.rawValue },
    ])
}
