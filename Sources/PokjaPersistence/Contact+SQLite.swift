import Foundation
import GRDB
import PokjaCore

/// How a contact is kept: a `contact` row, a `contact_email` row for each address (so any of them
/// names the contact and none is shared) and a `membership` row for each organisation, in order.
/// Every read and write of these tables uses this mapping.
extension Contact {
  static let tableMapping = TableMapping<Contact>(
    "contact",
    [
      .init("honorific") { $0.honorific },
      .init("name") { $0.name },
      .init("position") { $0.position },
      .init("organisation_id") { $0.organisationID?.rawValue },
      .init("email") { $0.email.value },
      .init("other_emails") { jsonList($0.otherEmails.map(\.value)) },
      .init("phone") { $0.phones.first?.value },
      .init("phones") { jsonList($0.phones.map(\.value)) },
      .init("whatsapp") { $0.whatsapp?.e164 },
      .init("telegram") { $0.telegram },
      .init("language") { $0.language.rawValue },
      .init("tags") { jsonList($0.tags) },
      .init("do_not_contact") { $0.doNotContact },
      .init("notes") { $0.notes },
      .init("sort_key") { SearchKey.fold($0.name) },
    ])

  /// A contact from its row and its memberships; the organisation that names them is the first
  /// membership current on `today`'s day.
  init(row: Row, memberships: [Membership], today: Today) throws {
    let table = Self.tableMapping.table
    self.init(
      id: ContactID(row["id"] as Int64), honorific: row["honorific"], name: row["name"],
      position: row["position"],
      organisationID: Membership.firstCurrent(memberships, on: today.day),
      memberships: memberships,
      email: try row.parsed("email", table: table, EmailAddress.init),
      otherEmails: try row.emailList("other_emails", table: table),
      phones: try row.stringList("phones", table: table).map(PhoneNumber.init(stored:)),
      whatsapp: (row["whatsapp"] as String?).map(E164Number.init(e164:)),
      telegram: row["telegram"],
      language: try row.parsed("language", table: table) { Language(rawValue: $0) },
      tags: try row.stringList("tags", table: table), doNotContact: row["do_not_contact"],
      notes: row["notes"])
  }

  /// Writes the contact's addresses and memberships, replacing what the store had for it.
  func writeAddressesAndMemberships(_ db: Database, replacing: Bool) throws {
    if replacing {
      try db.execute(
        cached: "DELETE FROM contact_email WHERE contact_id = ?", arguments: [id.rawValue])
      try db.execute(
        cached: "DELETE FROM membership WHERE contact_id = ?", arguments: [id.rawValue])
    }
    for email in emails {
      try db.execute(
        cached: "INSERT INTO contact_email (email, contact_id) VALUES (?, ?)",
        arguments: [email.value, id.rawValue])
    }
    for (position, membership) in memberships.enumerated() {
      try db.execute(
        cached: """
          INSERT INTO membership (contact_id, organisation_id, position, role, since, until)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          id.rawValue, membership.organisationID.rawValue, position, membership.role.rawValue,
          membership.since, membership.until,
        ])
    }
  }

  /// Memberships by contact ID, in each contact's order; `ids` nil means every contact.
  static func memberships(_ db: Database, of ids: [ContactID]?) throws -> [Int64: [Membership]] {
    let rows =
      if let ids {
        try Row.fetchAll(
          db,
          sql: """
            SELECT * FROM membership WHERE contact_id IN (SELECT value FROM json_each(?))
            ORDER BY contact_id, position
            """,
          arguments: [SQLiteStore.jsonArray(ids.map(\.rawValue))])
      } else {
        try Row.fetchAll(db, sql: "SELECT * FROM membership ORDER BY contact_id, position")
      }
    var memberships: [Int64: [Membership]] = [:]
    for row in rows {
      let organisationID: Int64 = row["organisation_id"]
      memberships[row["contact_id"], default: []].append(
        Membership(
          organisationID: OrganisationID(organisationID),
          role: MembershipRole(rawValue: row["role"]) ?? .member, since: row["since"],
          until: row["until"]))
    }
    return memberships
  }
}
