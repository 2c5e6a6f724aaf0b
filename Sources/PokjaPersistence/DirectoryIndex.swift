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
  static func rowID(organisation id: OrganisationID) -> Int64 {
    SearchDocument.rowID(.organisation, id.rawValue)
  }
  static func rowID(contact id: ContactID) -> Int64 { SearchDocument.rowID(.contact, id.rawValue) }

  /// Indexes (or re-indexes) one organisation.
  static func index(_ db: Database, organisation: Organisation, words: KnownWords) throws {
    try write(db, SearchDocument(organisation: organisation), words: words)
  }

  /// Indexes (or re-indexes) one contact with the facets of the organisations they belong to on
  /// `today`'s day.
  static func index(
    _ db: Database, contact: Contact, organisations: [Organisation], words: KnownWords,
    today: Today
  ) throws {
    try write(
      db, SearchDocument(contact: contact, organisations: organisations, today: today),
      words: words)
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

  private static func write(_ db: Database, _ document: SearchDocument, words: KnownWords) throws {
    try remove(db, rowID: document.rowID)
    try db.cachedStatement(
      sql: """
        INSERT INTO directory_search (rowid, entity, entity_id, names, details, facets)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [
        document.rowID, document.entity.rawValue, document.entityID, document.names,
        document.details, document.facets.joined(separator: " "),
      ])
    try remember(db, words: document.typoWords, known: words)
  }

  /// Records words of five letters or more and their deletions, for typo correction.
  private static func remember(_ db: Database, words: Set<String>, known: KnownWords) throws {
    for word in words {
      guard known.isNew(word) else { continue }
      try db.cachedStatement(
        sql: "INSERT INTO search_word (word) VALUES (?) ON CONFLICT DO NOTHING"
      )
      .execute(arguments: [word])
      guard db.changesCount > 0 else { continue }
      let statement = try db.cachedStatement(
        sql: "INSERT INTO search_word_deletion (variant, word) VALUES (?, ?) ON CONFLICT DO NOTHING"
      )
      for variant in SearchDocument.deletions(of: word) {
        try statement.execute(arguments: [variant, word])
      }
    }
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
