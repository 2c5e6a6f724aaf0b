import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

extension SQLiteStore: DirectoryStore {
  public func insert(_ organisation: NewOrganisation) throws -> Organisation {
    do {
      return try insertOrganisation(organisation)
    } catch  where error is StorageError {
      // Another writer added the same name or acronym between the directory's check and this insert.
      let name = try self.organisation(.key(organisation.name))
      if let name, SearchKey.fold(name.name) == SearchKey.fold(organisation.name) {
        throw DirectoryError.duplicateOrganisation(name: organisation.name, existing: name.id)
      }
      if let acronym = organisation.acronym, let existing = try self.organisation(.key(acronym)) {
        throw DirectoryError.duplicateAcronym(acronym: acronym, existing: existing.id)
      }
      throw error
    }
  }

  private func insertOrganisation(_ organisation: NewOrganisation) throws -> Organisation {
    try transaction { db in
      try db.execute(
        sql: """
          INSERT INTO organisation (name, name_key, acronym, acronym_key, kind, email, phone, search_text)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          organisation.name, SearchKey.fold(organisation.name), organisation.acronym,
          organisation.acronym.map(SearchKey.fold), organisation.kind, organisation.email?.value,
          organisation.phone?.e164,
          Self.searchText([
            organisation.name, organisation.acronym, organisation.kind, organisation.email?.value,
            organisation.phone?.e164,
          ]),
        ])
      return Organisation(
        id: OrganisationID(db.lastInsertedRowID), name: organisation.name,
        acronym: organisation.acronym, kind: organisation.kind, email: organisation.email,
        phone: organisation.phone)
    }
  }

  public func insert(_ contact: NewContact) throws -> Contact {
    do {
      return try insertContact(contact)
    } catch  where error is StorageError {
      if let existing = try self.contact(.key(contact.email.value)) {
        throw DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
      }
      throw error
    }
  }

  private func insertContact(_ contact: NewContact) throws -> Contact {
    try transaction { db in
      let organisation = try contact.organisationID.flatMap {
        try Row.fetchOne(
          db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [$0.rawValue])
      }.map { try Organisation(row: $0) }
      try db.execute(
        sql: """
          INSERT INTO contact (name, organisation_id, email, phone, language, search_text)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          contact.name, contact.organisationID?.rawValue, contact.email.value, contact.phone?.e164,
          contact.language.rawValue,
          Self.searchText([
            contact.name, contact.email.value, contact.phone?.e164, organisation?.name,
            organisation?.acronym,
          ]),
        ])
      return Contact(
        id: ContactID(db.lastInsertedRowID), name: contact.name,
        organisationID: contact.organisationID, email: contact.email, phone: contact.phone,
        language: contact.language)
    }
  }

  public func organisations() throws -> [Organisation] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY name_key").map {
        try Organisation(row: $0)
      }
    }
  }

  public func contacts() throws -> [Contact] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY search_text").map {
        try Contact(row: $0)
      }
    }
  }

  public func contact(_ reference: Reference<Contact>) throws -> Contact? {
    try read { db in
      switch reference {
      case .id(let id):
        try Row.fetchOne(db, sql: "SELECT * FROM contact WHERE id = ?", arguments: [id.rawValue])
          .map { try Contact(row: $0) }
      case .key(let key):
        try EmailAddress(key).flatMap { email in
          try Row.fetchOne(
            db, sql: "SELECT * FROM contact WHERE email = ?", arguments: [email.value])
        }.map { try Contact(row: $0) }
      }
    }
  }

  public func contacts(withIDs ids: [ContactID]) throws -> [Contact] {
    guard !ids.isEmpty else { return [] }
    return try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM contact WHERE id IN (SELECT value FROM json_each(?))",
        arguments: [Self.jsonArray(ids.map(\.rawValue))]
      ).map { try Contact(row: $0) }
    }
  }

  public func organisation(_ reference: Reference<Organisation>) throws -> Organisation? {
    try read { db in
      switch reference {
      case .id(let id):
        try Row.fetchOne(
          db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [id.rawValue]
        )
        .map { try Organisation(row: $0) }
      case .key(let key):
        try Row.fetchOne(
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

  public func candidates(matching folded: String, limit: Int) throws -> [DirectoryEntry] {
    let words = folded.split(separator: " ").map(String.init)
    guard !words.isEmpty else { return [] }
    // Every word must appear somewhere in the folded text; ranking happens in the directory.
    let condition = Array(repeating: "search_text LIKE ? ESCAPE '\\'", count: words.count)
      .joined(separator: " AND ")
    let patterns = words.map { "%" + Self.escapeLike($0) + "%" }
    return try read { db in
      let organisations = try Row.fetchAll(
        db, sql: "SELECT * FROM organisation WHERE \(condition) LIMIT \(limit)",
        arguments: StatementArguments(patterns)
      ).map { try Organisation(row: $0) }
      let contacts = try Row.fetchAll(
        db, sql: "SELECT * FROM contact WHERE \(condition) LIMIT \(limit)",
        arguments: StatementArguments(patterns)
      ).map { try Contact(row: $0) }
      var organisationsByID: [OrganisationID: Organisation] = [:]
      for id in Set(contacts.compactMap(\.organisationID)) {
        organisationsByID[id] = try Row.fetchOne(
          db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [id.rawValue]
        ).map { try Organisation(row: $0) }
      }
      return organisations.map(DirectoryEntry.organisation)
        + contacts.map {
          DirectoryEntry.contact(
            $0, organisation: $0.organisationID.flatMap { organisationsByID[$0] })
        }
    }
  }

  static func searchText(_ parts: [String?]) -> String {
    SearchKey.fold(parts.compactMap { $0 }.joined(separator: " "))
  }

  static func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
      .replacingOccurrences(of: "_", with: "\\_")
  }

  static func jsonArray(_ values: [Int64]) -> String {
    "[" + values.map(String.init).joined(separator: ",") + "]"
  }
}
