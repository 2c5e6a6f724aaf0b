import Foundation
import GRDB
import PokjaCore
import PokjaDirectory
import Synchronization

/// Keeps the full-text index (`directory_search`) and the typo-candidate tables in step with the
/// organisation and contact rows. Called inside the transaction that changes a row.
///
/// Each record has a fixed row in the index (organisation N at rowid 2N, contact N at 2N+1), so
/// re-indexing replaces one row by its rowid instead of searching the index for it.
enum DirectoryIndex {
  static func rowID(organisation id: OrganisationID) -> Int64 { id.rawValue * 2 }
  static func rowID(contact id: ContactID) -> Int64 { id.rawValue * 2 + 1 }

  /// Indexes (or re-indexes) one organisation.
  static func index(_ db: Database, organisation: Organisation, words: KnownWords) throws {
    let names = [organisation.name, organisation.acronym].compactMap { $0 }
    let details =
      organisation.emails.map(\.value) + organisation.phones.flatMap(phoneTokens)
      + [organisation.website, organisation.address].compactMap { $0 }
    var facets = facets(of: organisation)
    facets.append(DirectoryFacet.organisation(organisation.id))
    facets += organisation.tags.map(DirectoryFacet.tag)
    try write(
      db, rowID: rowID(organisation: organisation.id), entity: "organisation",
      id: organisation.id.rawValue, names: names, details: details, facets: facets, words: words)
  }

  /// Indexes (or re-indexes) one contact with the facets of the organisations they belong to on
  /// `today`'s day.
  static func index(
    _ db: Database, contact: Contact, organisations: [Organisation], words: KnownWords,
    today: Today
  ) throws {
    let names = [contact.name]
    var details = contact.emails.map(\.value) + contact.phones.flatMap(phoneTokens)
    details += contact.whatsapp.map { phoneTokens(.e164($0)) } ?? []
    details += [contact.position, contact.telegram].compactMap { $0 }
    details += organisations.flatMap { [$0.name, $0.acronym].compactMap { $0 } }
    var facets = contact.tags.map(DirectoryFacet.tag)
    // Filters (kind, service, region, --org) find people where they are: an organisation they have
    // left is searchable by name, but filters no longer pick them. (A leaving day still ahead counts
    // from the next time the contact is saved; refer and org show check the day when asked.)
    let left = Set(
      contact.memberships.filter { $0.until != nil && !$0.isCurrent(on: today.day) }
        .map(\.organisationID))
    for organisation in organisations where !left.contains(organisation.id) {
      facets.append(DirectoryFacet.organisation(organisation.id))
      facets += Self.facets(of: organisation)
    }
    try write(
      db, rowID: rowID(contact: contact.id), entity: "contact", id: contact.id.rawValue,
      names: names, details: details, facets: Array(Set(facets)).sorted(), words: words)
  }

  /// Takes a record out of the index.
  static func remove(_ db: Database, rowID: Int64) throws {
    try db.cachedStatement(sql: "DELETE FROM directory_search WHERE rowid = ?")
      .execute(arguments: [rowID])
  }

  /// Indexes every row again, as on `today`'s day: after a migration, or to repair the index.
  static func rebuild(_ db: Database, today: Today) throws {
    try db.execute(sql: "DELETE FROM directory_search")
    let words = KnownWords()
    let organisations = try Row.fetchAll(db, sql: "SELECT * FROM organisation").map {
      try Organisation(row: $0)
    }
    let byID = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
    for organisation in organisations { try index(db, organisation: organisation, words: words) }
    let memberships = try Contact.memberships(db, of: nil)
    for row in try Row.fetchAll(db, sql: "SELECT * FROM contact") {
      let contact = try Contact(row: row, memberships: memberships[row["id"]] ?? [], today: today)
      try index(
        db, contact: contact,
        organisations: contact.memberships.compactMap { byID[$0.organisationID] }, words: words,
        today: today)
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

  /// A number as people may type it: E.164 digits (6281234567890) and national (081234567890);
  /// a service number's digits (1500771) and its groups as written (1500, 771), so that "771" or
  /// the 129 of "(021) 129" finds it too.
  private static func phoneTokens(_ phone: PhoneNumber) -> [String] {
    switch phone {
    case .e164: phone.searchDigits
    case .service(let number): phone.searchDigits + [number.written]
    }
  }

  private static func write(
    _ db: Database, rowID: Int64, entity: String, id: Int64, names: [String], details: [String],
    facets: [String], words: KnownWords
  ) throws {
    let namesText = names.map(SearchKey.fold).joined(separator: " ")
    let detailsText = details.map(SearchKey.fold).joined(separator: " ")
    try remove(db, rowID: rowID)
    try db.cachedStatement(
      sql: """
        INSERT INTO directory_search (rowid, entity, entity_id, names, details, facets)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [rowID, entity, id, namesText, detailsText, facets.joined(separator: " ")])
    try remember(db, words: Directory.indexWords(namesText + " " + detailsText), known: words)
  }

  /// Records words of five letters or more and their deletions, for typo correction.
  private static func remember(_ db: Database, words: Set<String>, known: KnownWords) throws {
    for word in words where word.count >= 5 && word.allSatisfy(\.isLetter) {
      guard known.isNew(word) else { continue }
      try db.cachedStatement(
        sql: "INSERT INTO search_word (word) VALUES (?) ON CONFLICT DO NOTHING"
      )
      .execute(arguments: [word])
      guard db.changesCount > 0 else { continue }
      let statement = try db.cachedStatement(
        sql: "INSERT INTO search_word_deletion (variant, word) VALUES (?, ?) ON CONFLICT DO NOTHING"
      )
      for variant in deletions(of: word) {
        try statement.execute(arguments: [variant, word])
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

/// Words this process has already put in `search_word`, so a bulk import does not ask SQLite about
/// each common name again. Forgotten whenever a transaction is rolled back.
final class KnownWords: Sendable {
  private let words = Mutex(Set<String>())

  /// True the first time a word is seen (since the last `forget`).
  func isNew(_ word: String) -> Bool { words.withLock { $0.insert(word).inserted } }

  func forget() { words.withLock { $0.removeAll() } }
}
