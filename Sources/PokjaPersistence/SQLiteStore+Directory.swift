import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

extension SQLiteStore: DirectoryStore {
  // MARK: Writing

  public func insert(_ organisation: Organisation) throws -> Organisation {
    do {
      return try transaction { db in
        var stored = organisation
        stored.id = OrganisationID(try Organisation.tableMapping.insert(organisation, db))
        try DirectoryIndex.index(db, organisation: stored, words: knownWords)
        return stored
      }
    } catch  where error is StorageError {
      // Another writer added the same name or acronym between the directory's check and this insert.
      if let existing = try self.organisation(.key(organisation.name)),
        SearchKey.fold(existing.name) == SearchKey.fold(organisation.name)
      {
        throw DirectoryError.duplicateOrganisation(name: organisation.name, existing: existing.id)
      }
      if let acronym = organisation.acronym, let existing = try self.organisation(.key(acronym)) {
        throw DirectoryError.duplicateAcronym(acronym: acronym, existing: existing.id)
      }
      throw error
    }
  }

  public func insert(_ contact: Contact) throws -> Contact {
    do {
      return try transaction { db in
        var stored = contact
        // Named as every contact read back is: by the first membership current today.
        stored.organisationID = Membership.firstCurrent(contact.memberships, on: today.day)
        stored.id = ContactID(try Contact.tableMapping.insert(stored, db))
        try stored.writeAddressesAndMemberships(db, replacing: false)
        let organisations = try stored.memberships.compactMap { membership in
          try cachedOrganisation(db, id: membership.organisationID)
        }
        try DirectoryIndex.index(
          db, contact: stored, organisations: organisations, words: knownWords, today: today)
        return stored
      }
    } catch  where error is StorageError {
      for email in [contact.email] + contact.otherEmails {
        if let existing = try self.contact(havingEmail: email) {
          throw DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
        }
      }
      throw error
    }
  }

  public func learn(_ term: String, in category: Vocabulary.Category) throws {
    try transaction { db in
      try db.execute(
        cached: "INSERT INTO vocabulary_term (category, term) VALUES (?, ?) ON CONFLICT DO NOTHING",
        arguments: [category.rawValue, term])
    }
  }

  // MARK: Reading

  public func organisations() throws -> [Organisation] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY name_key").map {
        try Organisation(row: $0)
      }
    }
  }

  public func contacts() throws -> [Contact] {
    try read { db in
      let memberships = try Contact.memberships(db, of: nil)
      return try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY sort_key, id").map {
        try Contact(row: $0, memberships: memberships[$0["id"]] ?? [], today: today)
      }
    }
  }

  public func contact(_ reference: Reference<Contact>) throws -> Contact? {
    switch reference {
    case .id(let id):
      try read { db in try contact(db, id: id) }
    case .key(let key):
      try EmailAddress(key).flatMap { try contact(havingEmail: $0) }
    }
  }

  public func contact(havingEmail email: EmailAddress) throws -> Contact? {
    try read { db in
      guard
        let id = try Int64.fetchOne(
          db, sql: "SELECT contact_id FROM contact_email WHERE email = ?", arguments: [email.value])
      else { return nil }
      return try contact(db, id: ContactID(id))
    }
  }

  public func contacts(withIDs ids: [ContactID]) throws -> [Contact] {
    guard !ids.isEmpty else { return [] }
    return try read { db in
      let memberships = try Contact.memberships(db, of: ids)
      return try Row.fetchAll(
        db, sql: "SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonArray(ids.map(\.rawValue))]
      ).map { try Contact(row: $0, memberships: memberships[$0["id"]] ?? [], today: today) }
    }
  }

  public func members(of organisation: OrganisationID) throws -> [Contact] {
    let ids = try read { db in
      try Int64.fetchAll(
        db, sql: "SELECT contact_id FROM membership WHERE organisation_id = ?",
        arguments: [organisation.rawValue])
    }
    // By name as `contacts()` lists them: case and accents aside.
    return try contacts(withIDs: ids.map { ContactID($0) })
      .map { (key: SearchKey.fold($0.name), contact: $0) }
      .sorted { ($0.key, $0.contact.id) < ($1.key, $1.contact.id) }.map(\.contact)
  }

  public func organisation(_ reference: Reference<Organisation>) throws -> Organisation? {
    try read { db in
      switch reference {
      case .id(let id):
        return try Self.organisation(db, id: id)
      case .key(let key):
        return try Row.fetchOne(
          db,
          sql: """
            SELECT * FROM organisation WHERE name_key = ?1 OR acronym_key = ?1
            ORDER BY name_key = ?1 DESC LIMIT 1
            """,
          arguments: [SearchKey.fold(key)]
        ).map { try Organisation(row: $0) }
      }
    }
  }

  public func organisations(offering service: String) throws -> [Organisation] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM organisation
          WHERE EXISTS (SELECT 1 FROM json_each(organisation.services) WHERE value = ?)
          ORDER BY name_key
          """,
        arguments: [service]
      ).map { try Organisation(row: $0) }
    }
  }

  public func knownRegions(regencyKey: String) throws -> [Region] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT DISTINCT province_code, regency FROM organisation
          WHERE regency_key = ? AND province_code IS NOT NULL
          """,
        arguments: [regencyKey]
      ).compactMap { row in
        Province.withCode(row["province_code"]).map {
          Region(province: $0, regency: row["regency"])
        }
      }
    }
  }

  public func learnedTerms() throws -> [Vocabulary.Category: [String]] {
    try read { db in
      var terms: [Vocabulary.Category: [String]] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT category, term FROM vocabulary_term ORDER BY category, term")
      {
        if let category = Vocabulary.Category(rawValue: row["category"]) {
          terms[category, default: []].append(row["term"])
        }
      }
      return terms
    }
  }

  // MARK: Searching

  public func search(_ query: DirectoryQuery) throws -> [DirectoryEntry] {
    let match = Self.matchExpression(query)
    guard !match.isEmpty else { return [] }
    return try read { db in
      // bm25 weights: names count ten times as much as details; facets only filter. Filters alone
      // rank nothing: then the first names in alphabetical order. Ties go by the document's place
      // (organisation N at 2N, contact N at 2N+1), as on PostgreSQL.
      let order =
        query.words.isEmpty
        ? "names COLLATE NOCASE, rowid" : "bm25(directory_search, 0, 0, 10.0, 1.0, 0.0), rowid"
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT entity, entity_id FROM directory_search
          WHERE directory_search MATCH ? AND (? IS NULL OR entity = ?)
          ORDER BY \(order) LIMIT ?
          """,
        arguments: [match, query.entity?.rawValue, query.entity?.rawValue, query.limit])
      // Load the hits in three queries (contacts, their memberships, organisations), not per row.
      let hits = rows.map { (entity: $0["entity"] as String, id: $0["entity_id"] as Int64) }
      let contactIDs = hits.filter { $0.entity == "contact" }.map { ContactID($0.id) }
      let memberships = try Contact.memberships(db, of: contactIDs)
      var contacts: [Int64: Contact] = [:]
      if !contactIDs.isEmpty {
        for row in try Row.fetchAll(
          db, sql: "SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(?))",
          arguments: [Self.jsonArray(contactIDs.map(\.rawValue))])
        {
          let contact = try Contact(
            row: row, memberships: memberships[row["id"]] ?? [], today: today)
          contacts[contact.id.rawValue] = contact
        }
      }
      let organisationIDs =
        hits.filter { $0.entity == "organisation" }.map(\.id)
        + contacts.values.compactMap { $0.organisationID?.rawValue }
      var organisations: [Int64: Organisation] = [:]
      if !organisationIDs.isEmpty {
        for row in try Row.fetchAll(
          db, sql: "SELECT * FROM organisation WHERE id IN (SELECT value FROM json_each(?))",
          arguments: [Self.jsonArray(Array(Set(organisationIDs)))])
        {
          let organisation = try Organisation(row: row)
          organisations[organisation.id.rawValue] = organisation
        }
      }
      return hits.compactMap { hit -> DirectoryEntry? in
        if hit.entity == "organisation" {
          return organisations[hit.id].map(DirectoryEntry.organisation)
        }
        guard let contact = contacts[hit.id] else { return nil }
        return .contact(
          contact, organisation: contact.organisationID.flatMap { organisations[$0.rawValue] })
      }
    }
  }

  public func isIndexedWord(_ word: String) throws -> Bool {
    try read { db in
      try Bool.fetchOne(
        db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM search_word WHERE word = ?)"),
        arguments: [word]) ?? false
    }
  }

  public func correctionCandidates(for word: String) throws -> [String] {
    let variants = [word] + SearchDocument.deletions(of: word).sorted()
    return try read { db in
      let json = jsonList(variants)
      return try String.fetchAll(
        db,
        sql: """
          SELECT word FROM search_word_deletion WHERE variant IN (SELECT value FROM json_each(?1))
          UNION
          SELECT word FROM search_word WHERE word IN (SELECT value FROM json_each(?1))
          """,
        arguments: [json])
    }
  }

  /// The FTS5 query: each word's alternatives OR'd, words AND'ed, facets required.
  static func matchExpression(_ query: DirectoryQuery) -> String {
    func quoted(_ token: String) -> String {
      "\"" + token.replacingScalars(["\"": ""]) + "\""
    }
    var clauses: [String] = []
    for word in query.words {
      let alternatives =
        word.prefixes.filter { !$0.isEmpty }.map { quoted($0) + "*" }
        + word.exact.filter { !$0.isEmpty }.map(quoted)
      guard !alternatives.isEmpty else { continue }
      clauses.append("{names details} : (" + alternatives.joined(separator: " OR ") + ")")
    }
    guard !clauses.isEmpty || !query.facets.isEmpty else { return "" }
    clauses += query.facets.map { "facets : " + quoted($0) }
    return clauses.joined(separator: " AND ")
  }

  // MARK: Row loading

  static func organisation(_ db: Database, id: OrganisationID) throws -> Organisation? {
    try Row.fetchOne(
      db.cachedStatement(sql: "SELECT * FROM organisation WHERE id = ?"), arguments: [id.rawValue]
    )
    .map { try Organisation(row: $0) }
  }

  func contact(_ db: Database, id: ContactID) throws -> Contact? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT * FROM contact WHERE id = ?"), arguments: [id.rawValue])
    else { return nil }
    return try Contact(
      row: row, memberships: Contact.memberships(db, of: [id])[id.rawValue] ?? [], today: today)
  }

  static func jsonArray(_ values: [Int64]) -> String {
    "[" + values.map(String.init).joined(separator: ",") + "]"
  }
}

// MARK: - Editing and the change log

extension SQLiteStore {
  public func update(_ organisation: Organisation) throws {
    batchOrganisations.withLock { $0[organisation.id] = nil }
    try transaction { db in
      try Organisation.tableMapping.update(organisation, id: organisation.id.rawValue, db)
      try DirectoryIndex.index(db, organisation: organisation, words: knownWords)
      // Its people carry its name and facets in their index rows.
      let members = try Int64.fetchAll(
        db, sql: "SELECT contact_id FROM membership WHERE organisation_id = ?",
        arguments: [organisation.id.rawValue])
      for id in members {
        if let contact = try contact(db, id: ContactID(id)) {
          try reindex(db, contact)
        }
      }
    }
  }

  public func update(_ contact: Contact) throws {
    try transaction { db in
      try Contact.tableMapping.update(contact, id: contact.id.rawValue, db)
      try contact.writeAddressesAndMemberships(db, replacing: true)
      try reindex(db, contact)
    }
  }

  public func meetings(attendedBy contact: ContactID) throws -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        // Invited, or named in a session of the programme.
        sql: """
          SELECT title FROM meeting
          WHERE id IN (SELECT meeting_id FROM attendee WHERE contact_id = :contact
                       UNION
                       SELECT s.meeting_id FROM session_person p
                       JOIN meeting_session s ON s.id = p.session_id
                       WHERE p.contact_id = :contact)
          ORDER BY start_at
          """,
        arguments: ["contact": contact.rawValue])
    }
  }

  public func delete(_ contact: ContactID) throws {
    try transaction { db in
      try DirectoryIndex.remove(db, rowID: DirectoryIndex.rowID(contact: contact))
      try db.execute(cached: "DELETE FROM contact WHERE id = ?", arguments: [contact.rawValue])
    }
  }

  public func merge(_ other: ContactID, into keep: Contact) throws {
    try transaction { db in
      // Meetings: the kept contact takes the other's place where it is not invited already.
      try db.execute(
        cached: """
          UPDATE OR IGNORE attendee SET contact_id = ? WHERE contact_id = ?
          """,
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "DELETE FROM attendee WHERE contact_id = ?", arguments: [other.rawValue])
      try db.execute(
        cached: "UPDATE session_person SET contact_id = ? WHERE contact_id = ?",
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "UPDATE OR IGNORE attendance SET contact_id = ? WHERE contact_id = ?",
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "UPDATE contact_group SET coordinator_id = ? WHERE coordinator_id = ?",
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "UPDATE outbox_message SET contact_id = ? WHERE contact_id = ?",
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "UPDATE OR IGNORE group_member SET contact_id = ? WHERE contact_id = ?",
        arguments: [keep.id.rawValue, other.rawValue])
      try db.execute(
        cached: "DELETE FROM contact_email WHERE contact_id = ?", arguments: [other.rawValue])
      try DirectoryIndex.remove(db, rowID: DirectoryIndex.rowID(contact: other))
      try db.execute(cached: "DELETE FROM contact WHERE id = ?", arguments: [other.rawValue])
      try update(keep)
    }
  }

  public func log(_ entry: ChangeEntry) throws {
    try transaction { db in
      try db.execute(
        cached: """
          INSERT INTO change_log (at, actor, entity, entity_id, name, action, summary)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          entry.at, entry.actor, entry.entity.rawValue, entry.entityID, entry.name,
          entry.action.rawValue, entry.summary,
        ])
    }
  }

  public func changes(entity: ChangeEntry.Entity?, id: Int64?, limit: Int) throws -> [ChangeEntry] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM change_log
          WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)
          ORDER BY id DESC LIMIT ?3
          """,
        arguments: [entity?.rawValue, id, limit]
      ).map { row in
        ChangeEntry(
          at: row["at"], actor: row["actor"],
          entity: try row.parsed("entity", table: "change_log") {
            ChangeEntry.Entity(rawValue: $0)
          },
          entityID: row["entity_id"], name: row["name"],
          action: try row.parsed("action", table: "change_log") {
            ChangeEntry.Action(rawValue: $0)
          },
          summary: row["summary"])
      }
    }
  }

  /// An organisation by ID, from the batch's cache when a batch is open.
  func cachedOrganisation(_ db: Database, id: OrganisationID) throws -> Organisation? {
    guard inBatch else { return try Self.organisation(db, id: id) }
    if let cached = batchOrganisations.withLock({ $0[id] }) { return cached }
    let found = try Self.organisation(db, id: id)
    if let found { batchOrganisations.withLock { $0[id] = found } }
    return found
  }

  /// Re-indexes a contact with its organisations as they are now.
  func reindex(_ db: Database, _ contact: Contact) throws {
    let organisations = try contact.memberships.compactMap { membership in
      try Self.organisation(db, id: membership.organisationID)
    }
    try DirectoryIndex.index(
      db, contact: contact, organisations: organisations, words: knownWords, today: today)
  }
}
