import Foundation
import PokjaCore
import PokjaDirectory

extension PostgresStore: DirectoryStore {
  // MARK: Writing

  public func insert(_ organisation: Organisation) throws -> Organisation {
    try transaction {
      // Another writer may have added the same name or acronym since the directory checked.
      guard let id = try Organisation.storedColumns.insertUnlessTaken(organisation, self) else {
        if let existing = try self.organisation(.key(organisation.name)),
          SearchKey.fold(existing.name) == SearchKey.fold(organisation.name)
        {
          throw DirectoryError.duplicateOrganisation(name: organisation.name, existing: existing.id)
        }
        if let acronym = organisation.acronym, let existing = try self.organisation(.key(acronym)) {
          throw DirectoryError.duplicateAcronym(acronym: acronym, existing: existing.id)
        }
        throw SharedDatabaseError.query(
          "the organisation '\(organisation.name)' could not be added")
      }
      var stored = organisation
      stored.id = OrganisationID(id)
      try index(SearchDocument(organisation: stored))
      return stored
    }
  }

  public func insert(_ contact: Contact) throws -> Contact {
    try transaction {
      var stored = contact
      // Named as every contact read back is: by the first membership current today.
      stored.organisationID = Membership.firstCurrent(contact.memberships, on: today.day)
      if inBatch {
        stored = try insertInBatch(stored)
        let organisations = try stored.memberships.compactMap { membership in
          try cachedOrganisation(id: membership.organisationID)
        }
        try index(SearchDocument(contact: stored, organisations: organisations, today: today))
        return stored
      }
      // The row, its addresses and its memberships in one statement: one round trip a contact,
      // which an import of 100,000 adds up.
      let columns = Contact.storedColumns.columns
      var values = columns.map { $0.value(stored) }
      let emails = stored.emails.map(\.value)
      values += [
        emails, stored.memberships.map(\.organisationID.rawValue),
        // Arrays carry no NULLs: an empty day is no day.
        stored.memberships.map(\.role.rawValue), stored.memberships.map { $0.since ?? "" },
        stored.memberships.map { $0.until ?? "" },
      ]
      let n = columns.count
      let written = try rows(
        """
        WITH added AS (
          INSERT INTO contact (\(columns.map(\.name).joined(separator: ", ")))
          VALUES (\((1...n).map { "$\($0)" }.joined(separator: ", ")))
          ON CONFLICT DO NOTHING RETURNING id
        ), addresses AS (
          INSERT INTO contact_email (email, contact_id)
          SELECT address, added.id FROM added, unnest($\(n + 1)::text[]) AS address
          ON CONFLICT DO NOTHING RETURNING 1
        ), memberships AS (
          INSERT INTO membership (contact_id, organisation_id, position, role, since, until)
          SELECT added.id, o, p - 1, r, NULLIF(s, ''), NULLIF(u, '')
          FROM added, unnest($\(n + 2)::bigint[], $\(n + 3)::text[], $\(n + 4)::text[],
                             $\(n + 5)::text[]) WITH ORDINALITY AS m(o, r, s, u, p)
        )
        SELECT (SELECT id FROM added) AS id, (SELECT count(*) FROM addresses) AS addresses
        """, values
      ).of("contact")
      guard let row = written.first, let id = try row("id", as: Int64?.self) else {
        throw try duplicateEmail(of: contact)
      }
      stored.id = ContactID(id)
      guard try row("addresses", as: Int64.self) == Set(emails.map { $0.lowercased() }).count
      else { throw try duplicateEmail(of: stored) }
      let organisations = try stored.memberships.compactMap { membership in
        try cachedOrganisation(id: membership.organisationID)
      }
      try index(SearchDocument(contact: stored, organisations: organisations, today: today))
      return stored
    }
  }

  /// The error for a contact one of whose addresses another contact has.
  private func duplicateEmail(of contact: Contact) throws -> any Error {
    for email in contact.emails {
      if let existing = try self.contact(havingEmail: email), existing.id != contact.id {
        return DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
      }
    }
    return SharedDatabaseError.query("the contact '\(contact.name)' could not be stored")
  }

  public func learn(_ term: String, in category: Vocabulary.Category) throws {
    try transaction {
      try rows(
        "INSERT INTO vocabulary_term (category, term) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        [category.rawValue, term])
    }
  }

  // MARK: Reading

  public func organisations() throws -> [Organisation] {
    try rows("SELECT * FROM organisation ORDER BY name_key").of("organisation").map {
      try Organisation(stored: $0)
    }
  }

  public func contacts() throws -> [Contact] {
    let memberships = try self.memberships(of: nil)
    return try rows("SELECT * FROM contact ORDER BY sort_key, id").of("contact").map {
      try Contact(stored: $0, memberships: memberships[try $0("id")] ?? [], today: today)
    }
  }

  public func contact(_ reference: Reference<Contact>) throws -> Contact? {
    switch reference {
    case .id(let id): try contact(id: id)
    case .key(let key): try EmailAddress(key).flatMap { try contact(havingEmail: $0) }
    }
  }

  public func contact(havingEmail email: EmailAddress) throws -> Contact? {
    let found = try rows(
      "SELECT contact_id FROM contact_email WHERE lower(email) = lower($1)", [email.value])
    guard let row = found.first else { return nil }
    return try contact(id: ContactID(try StoredRow(row, table: "contact_email")("contact_id")))
  }

  public func contacts(withIDs ids: [ContactID]) throws -> [Contact] {
    guard !ids.isEmpty else { return [] }
    let memberships = try self.memberships(of: ids)
    return try rows("SELECT * FROM contact WHERE id = ANY($1) ORDER BY id", [ids.map(\.rawValue)])
      .of("contact").map {
        try Contact(stored: $0, memberships: memberships[try $0("id")] ?? [], today: today)
      }
  }

  public func members(of organisation: OrganisationID) throws -> [Contact] {
    let ids = try rows(
      "SELECT contact_id FROM membership WHERE organisation_id = $1", [organisation.rawValue]
    ).of("membership").map { ContactID(try $0("contact_id")) }
    // By name as `contacts()` lists them: case and accents aside.
    return try contacts(withIDs: ids)
      .map { (key: SearchKey.fold($0.name), contact: $0) }
      .sorted { ($0.key, $0.contact.id) < ($1.key, $1.contact.id) }.map(\.contact)
  }

  public func organisation(_ reference: Reference<Organisation>) throws -> Organisation? {
    switch reference {
    case .id(let id):
      return try organisation(id: id)
    case .key(let key):
      return try rows(
        """
        SELECT * FROM organisation WHERE name_key = $1 OR acronym_key = $1
        ORDER BY name_key = $1 DESC LIMIT 1
        """, [SearchKey.fold(key)]
      ).of("organisation").first.map { try Organisation(stored: $0) }
    }
  }

  public func organisations(offering service: String) throws -> [Organisation] {
    try rows(
      """
      SELECT * FROM organisation
      WHERE EXISTS (SELECT 1 FROM json_array_elements_text(services::json) AS s WHERE s = $1)
      ORDER BY name_key
      """, [service]
    ).of("organisation").map { try Organisation(stored: $0) }
  }

  public func knownRegions(regencyKey: String) throws -> [Region] {
    try rows(
      """
      SELECT DISTINCT province_code, regency FROM organisation
      WHERE regency_key = $1 AND province_code IS NOT NULL
      """, [regencyKey]
    ).of("organisation").compactMap { row in
      Province.withCode(try row("province_code")).map {
        Region(province: $0, regency: try? row("regency"))
      }
    }
  }

  public func learnedTerms() throws -> [Vocabulary.Category: [String]] {
    var terms: [Vocabulary.Category: [String]] = [:]
    for row in try rows("SELECT category, term FROM vocabulary_term ORDER BY category, term")
      .of("vocabulary_term")
    {
      if let category = Vocabulary.Category(rawValue: try row("category")) {
        terms[category, default: []].append(try row("term"))
      }
    }
    return terms
  }

  // MARK: Row loading

  func organisation(id: OrganisationID) throws -> Organisation? {
    try rows("SELECT * FROM organisation WHERE id = $1", [id.rawValue]).of("organisation").first
      .map { try Organisation(stored: $0) }
  }

  func contact(id: ContactID) throws -> Contact? {
    guard
      let row = try rows("SELECT * FROM contact WHERE id = $1", [id.rawValue]).of("contact").first
    else { return nil }
    return try Contact(
      stored: row, memberships: try memberships(of: [id])[id.rawValue] ?? [], today: today)
  }

  /// Memberships by contact ID, in each contact's order; `ids` nil means every contact.
  func memberships(of ids: [ContactID]?) throws -> [Int64: [Membership]] {
    let found =
      if let ids {
        try rows(
          "SELECT * FROM membership WHERE contact_id = ANY($1) ORDER BY contact_id, position",
          [ids.map(\.rawValue)])
      } else {
        try rows("SELECT * FROM membership ORDER BY contact_id, position")
      }
    var memberships: [Int64: [Membership]] = [:]
    for row in found.of("membership") {
      memberships[try row("contact_id"), default: []].append(
        Membership(
          organisationID: OrganisationID(try row("organisation_id")),
          role: MembershipRole(rawValue: try row("role")) ?? .member, since: try row("since"),
          until: try row("until")))
    }
    return memberships
  }

  /// Writes the contact's addresses and memberships, replacing what the store had for it; false
  /// when one of its addresses belongs to another contact.
  func writeAddressesAndMemberships(of contact: Contact, replacing: Bool) throws -> Bool {
    let id = contact.id.rawValue
    if replacing {
      try rows("DELETE FROM contact_email WHERE contact_id = $1", [id])
      try rows("DELETE FROM membership WHERE contact_id = $1", [id])
    }
    let emails = contact.emails.map(\.value)
    let added = try rows(
      """
      INSERT INTO contact_email (email, contact_id) SELECT e, $2 FROM unnest($1::text[]) AS e
      ON CONFLICT DO NOTHING RETURNING 1
      """, [emails, id])
    guard added.count == Set(emails.map { $0.lowercased() }).count else { return false }
    guard !contact.memberships.isEmpty else { return true }
    try rows(
      """
      INSERT INTO membership (contact_id, organisation_id, position, role, since, until)
      SELECT $1, o, p - 1, r, NULLIF(s, ''), NULLIF(u, '')
      FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS m(o, r, s, u, p)
      """,
      [
        id, contact.memberships.map(\.organisationID.rawValue),
        // Arrays carry no NULLs: an empty day is no day.
        contact.memberships.map(\.role.rawValue), contact.memberships.map { $0.since ?? "" },
        contact.memberships.map { $0.until ?? "" },
      ])
    return true
  }

  /// An organisation by ID, from the batch's cache when a batch is open.
  func cachedOrganisation(id: OrganisationID) throws -> Organisation? {
    guard inBatch else { return try organisation(id: id) }
    // The first look-up of a batch reads them all: an import's rows name thousands.
    if batchOrganisations.withLock({ $0.isEmpty }) {
      let all = try organisations()
      batchOrganisations.withLock { cache in
        for organisation in all { cache[organisation.id] = organisation }
      }
    }
    if let cached = batchOrganisations.withLock({ $0[id] }) { return cached }
    let found = try organisation(id: id)
    if let found { batchOrganisations.withLock { $0[id] = found } }
    return found
  }
}
