import Foundation
import GRDB
import PokjaCore
import PokjaDirectory

/// Keeps the full-text index (`directory_search`) and the typo-candidate tables in step with the
/// organisation and contact rows. Called inside the transaction that changes a row.
enum DirectoryIndex {
  /// Re-indexes one organisation, and its members (their rows carry its facets). `isNew` skips
  /// removing the old index row: FTS5 finds it only by scanning the whole table, which would make
  /// a bulk import quadratic.
  static func index(_ db: Database, organisation: Organisation, isNew: Bool = false) throws {
    if !isNew {
      try db.execute(
        sql: "DELETE FROM directory_search WHERE entity = 'organisation' AND entity_id = ?",
        arguments: [organisation.id.rawValue])
    }
    let names = [organisation.name, organisation.acronym].compactMap { $0 }
    let details =
      organisation.emails.map(\.value) + organisation.phones.flatMap(phoneTokens)
      + [organisation.website, organisation.address].compactMap { $0 }
    var facets = facets(of: organisation)
    facets.append(DirectoryFacet.organisation(organisation.id))
    facets += organisation.tags.map(DirectoryFacet.tag)
    try insert(
      db, entity: "organisation", id: organisation.id.rawValue, names: names, details: details,
      facets: facets)
  }

  /// Re-indexes one contact with the facets of its organisations (`isNew`: see above).
  static func index(
    _ db: Database, contact: Contact, organisations: [Organisation], isNew: Bool = false
  ) throws {
    if !isNew {
      try db.execute(
        sql: "DELETE FROM directory_search WHERE entity = 'contact' AND entity_id = ?",
        arguments: [contact.id.rawValue])
    }
    let names = [contact.name]
    var details = contact.emails.map(\.value) + contact.phones.flatMap(phoneTokens)
    details += contact.whatsapp.map(phoneTokens) ?? []
    details += [contact.position, contact.telegram].compactMap { $0 }
    details += organisations.flatMap { [$0.name, $0.acronym].compactMap { $0 } }
    var facets = contact.tags.map(DirectoryFacet.tag)
    for organisation in organisations {
      facets.append(DirectoryFacet.organisation(organisation.id))
      facets += Self.facets(of: organisation)
    }
    try insert(
      db, entity: "contact", id: contact.id.rawValue, names: names, details: details,
      facets: Array(Set(facets)).sorted())
  }

  /// Indexes every row again: after a migration, or to repair the index.
  static func rebuild(_ db: Database) throws {
    try db.execute(sql: "DELETE FROM directory_search")
    let organisations = try Row.fetchAll(db, sql: "SELECT * FROM organisation").map {
      try Organisation(row: $0)
    }
    let byID = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
    for organisation in organisations { try index(db, organisation: organisation, isNew: true) }
    let memberships = try SQLiteStore.memberships(db, of: nil)
    for row in try Row.fetchAll(db, sql: "SELECT * FROM contact") {
      let contact = try Contact(row: row, memberships: memberships[row["id"]] ?? [])
      try index(
        db, contact: contact,
        organisations: contact.memberships.compactMap { byID[$0.organisationID] }, isNew: true)
    }
  }

  private static func facets(of organisation: Organisation) -> [String] {
    var facets: [String] = []
    if let kind = organisation.kind { facets.append(DirectoryFacet.kind(kind)) }
    facets += organisation.services.map(DirectoryFacet.service)
    if let region = organisation.region {
      facets.append(DirectoryFacet.province(region.province))
      if let key = region.regencyKey { facets.append(DirectoryFacet.regency(key)) }
    } else {
      facets.append(DirectoryFacet.national)
    }
    return facets
  }

  /// A number as people may type it: E.164 digits (6281234567890) and national (081234567890).
  private static func phoneTokens(_ phone: PhoneNumber) -> [String] {
    let digits = String(phone.e164.dropFirst())
    return phone.isIndonesian ? [digits, "0" + digits.dropFirst(2)] : [digits]
  }

  private static func insert(
    _ db: Database, entity: String, id: Int64, names: [String], details: [String],
    facets: [String]
  ) throws {
    let namesText = names.map(SearchKey.fold).joined(separator: " ")
    let detailsText = details.map(SearchKey.fold).joined(separator: " ")
    try db.execute(
      sql: """
        INSERT INTO directory_search (entity, entity_id, names, details, facets)
        VALUES (?, ?, ?, ?, ?)
        """,
      arguments: [entity, id, namesText, detailsText, facets.joined(separator: " ")])
    try remember(db, words: Directory.indexWords(namesText + " " + detailsText))
  }

  /// Records words of five letters or more and their deletions, for typo correction.
  private static func remember(_ db: Database, words: Set<String>) throws {
    for word in words where word.count >= 5 && word.allSatisfy(\.isLetter) {
      try db.execute(
        sql: "INSERT INTO search_word (word) VALUES (?) ON CONFLICT DO NOTHING", arguments: [word])
      guard db.changesCount > 0 else { continue }
      for variant in deletions(of: word) {
        try db.execute(
          sql:
            "INSERT INTO search_word_deletion (variant, word) VALUES (?, ?) ON CONFLICT DO NOTHING",
          arguments: [variant, word])
      }
    }
  }

  /// The word with one letter left out, each way.
  static func deletions(of word: String) -> Set<String> {
    let letters = Array(word)
    return Set(
      letters.indices.map { index in
        var copy = letters
        copy.remove(at: index)
        return String(copy)
      })
  }
}
