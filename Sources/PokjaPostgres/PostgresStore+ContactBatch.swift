import Foundation
import PokjaCore
import PokjaDirectory

/// Contacts added in a batch (an import of 100,000) go to the server a thousand at a time instead of
/// one round trip each: their IDs are reserved from the sequence up front, the rows wait in memory,
/// and any other statement first writes them (`rows`), so nothing ever reads around them.
extension PostgresStore {
  /// Contacts waiting are written once this many have gathered.
  private static let contactBatch = 1_000
  /// IDs reserved at a time: reserving waits for what was sent, so it happens seldom (those left
  /// over go back to the sequence at the end of the batch).
  private static let reservation: Int64 = 10_000

  /// Queues a contact of an open batch under the next reserved ID and returns it with that ID.
  func insertInBatch(_ contact: Contact) throws -> Contact {
    var stored = contact
    stored.id = ContactID(try nextContactID())
    let count = pendingContacts.withLock {
      $0.append(stored)
      return $0.count
    }
    if count >= Self.contactBatch { try flushContacts() }
    return stored
  }

  /// The next ID of the reserved range, reserving more when it is used up.
  private func nextContactID() throws -> Int64 {
    if let id = reservedContactIDs.withLock({ range -> Int64? in
      guard let id = range.first else { return nil }
      range = (id + 1)..<range.upperBound
      return id
    }) {
      return id
    }
    // A batch of one contact (`contact add`) reserves a few; an import's reservations grow.
    let size = reservationSize.withLock { size in
      defer { size = min(size * 8, Self.reservation) }
      return size
    }
    let range = try database.rows(
      """
      SELECT min(id) AS low, max(id) AS high, count(*) AS n
      FROM (SELECT nextval(pg_get_serial_sequence('contact', 'id')) AS id
            FROM generate_series(1, $1)) AS reserved
      """, [size]
    ).of("contact")
    // Under the write lock no other writer takes IDs meanwhile: the values are consecutive.
    guard let row = range.first, let low = try row("low", as: Int64?.self),
      let high = try row("high", as: Int64?.self), high - low + 1 == (try row("n", as: Int64.self))
    else {
      throw SharedDatabaseError.query("the contact IDs reserved were not consecutive")
    }
    reservedContactIDs.withLock { $0 = (low + 1)..<(high + 1) }
    return low
  }

  /// Writes the contacts waiting, their addresses and their memberships in one statement.
  func flushContacts() throws {
    let contacts = pendingContacts.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    guard !contacts.isEmpty else { return }
    let columns = Contact.storedColumns.columns
    let types = ["organisation_id": "bigint", "do_not_contact": "boolean"]
    var rows: [[String: Any]] = []
    var addresses: [[String: Any]] = []
    var memberships: [[String: Any]] = []
    for contact in contacts {
      var row: [String: Any] = ["id": contact.id.rawValue]
      for column in columns { row[column.name] = Self.json(column.value(contact)) }
      rows.append(row)
      for email in contact.emails {
        addresses.append(["email": email.value, "contact_id": contact.id.rawValue])
      }
      for (position, membership) in contact.memberships.enumerated() {
        memberships.append([
          "contact_id": contact.id.rawValue,
          "organisation_id": membership.organisationID.rawValue, "position": position,
          "role": membership.role.rawValue, "since": membership.since ?? NSNull(),
          "until": membership.until ?? NSNull(),
        ])
      }
    }
    let names = columns.map(\.name)
    let record = (["id bigint"] + names.map { "\($0) \(types[$0] ?? "text")" }).joined(
      separator: ", ")
    let expectedAddresses = Int64(
      contacts.reduce(0) { $0 + Set($1.emails.map { $0.value.lowercased() }).count })
    let expectedContacts = Int64(contacts.count)
    // Sent without waiting, like the index: its counts are checked when the transaction settles
    // (`settle`), where a shortfall becomes the error naming the address another contact has.
    try database.send(
      """
      WITH added AS (
        INSERT INTO contact (id, \(names.joined(separator: ", ")))
        SELECT id, \(names.joined(separator: ", ")) FROM json_to_recordset($1::json) AS r(\(record))
        ON CONFLICT DO NOTHING RETURNING id
      ), addresses AS (
        INSERT INTO contact_email (email, contact_id)
        SELECT r.email, r.contact_id
        FROM json_to_recordset($2::json) AS r(email text, contact_id bigint)
          JOIN added ON added.id = r.contact_id
        ON CONFLICT DO NOTHING RETURNING 1
      ), memberships AS (
        INSERT INTO membership (contact_id, organisation_id, position, role, since, until)
        SELECT r.contact_id, r.organisation_id, r.position, r.role, r.since, r.until
        FROM json_to_recordset($3::json) AS r(contact_id bigint, organisation_id bigint,
                                              position integer, role text, since text, until text)
          JOIN added ON added.id = r.contact_id
      )
      SELECT (SELECT count(*) FROM added) AS contacts, (SELECT count(*) FROM addresses) AS addresses
      """, [try Self.jsonText(rows), try Self.jsonText(addresses), try Self.jsonText(memberships)]
    ) { written in
      let counts = written.of("contact").first
      guard let counts, try counts("contacts", as: Int64.self) == expectedContacts,
        try counts("addresses", as: Int64.self) == expectedAddresses
      else { throw ContactBatchConflict(contacts: contacts) }
    }
  }

  /// Waits for what was sent without waiting; a contact batch that could not be written whole
  /// becomes the error naming the address another contact has.
  func settle() throws {
    do {
      try database.settle()
    } catch let conflict as ContactBatchConflict {
      throw try duplicateAmong(conflict.contacts)
    }
  }

  /// At the end of a batch: IDs reserved and not given go back to the sequence (the write lock is
  /// still held), so the next contact takes the ID after the last one added, as on SQLite.
  func giveBackReservedContactIDs() throws {
    reservationSize.withLock { $0 = 8 }
    let unused = reservedContactIDs.withLock { range in
      defer { range = 0..<0 }
      return range
    }
    guard let first = unused.first else { return }
    try database.rows(
      "SELECT setval(pg_get_serial_sequence('contact', 'id'), $1, $2)",
      [max(first - 1, 1), first > 1])
  }

  /// Drops what a rolled-back batch had waiting (the ID sequence is put back with the others).
  func forgetPendingContacts() {
    pendingContacts.withLock { $0.removeAll() }
    reservedContactIDs.withLock { $0 = 0..<0 }
    reservationSize.withLock { $0 = 8 }
  }

  /// The error for a batch that could not be written whole: the first address another contact has.
  private func duplicateAmong(_ contacts: [Contact]) throws -> any Error {
    let ids = Set(contacts.map(\.id))
    for contact in contacts {
      for email in contact.emails {
        let owners = try database.rows(
          "SELECT contact_id FROM contact_email WHERE lower(email) = lower($1)", [email.value]
        ).of("contact_email").map { ContactID(try $0("contact_id", as: Int64.self)) }
        if let owner = owners.first(where: { !ids.contains($0) }),
          let existing = try self.contact(id: owner)
        {
          return DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
        }
      }
    }
    return SharedDatabaseError.query("\(contacts.count) contacts could not be stored together")
  }

  private static func json(_ value: SQLValue?) -> Any {
    switch value {
    case let text as String: text
    case let number as Int64: number
    case let number as Int: number
    case let flag as Bool: flag
    default: NSNull()
    }
  }

  private static func jsonText(_ rows: [[String: Any]]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
  }
}

/// A batch of contacts the server did not take whole (an address another contact has).
struct ContactBatchConflict: Error {
  let contacts: [Contact]
}
