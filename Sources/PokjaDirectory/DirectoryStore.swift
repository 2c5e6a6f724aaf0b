import Foundation
import PokjaCore

/// What the directory needs from storage. Live: `SQLiteStore` in PokjaPersistence; a PostgreSQL store
/// would implement the same protocol.
public protocol DirectoryStore: ContactLookup {
  /// Stores a new organisation and returns it with its ID.
  func insert(_ organisation: NewOrganisation) throws -> Organisation
  /// Stores a new contact and returns it with its ID.
  func insert(_ contact: NewContact) throws -> Contact
  /// Every organisation, by name.
  func organisations() throws -> [Organisation]
  /// Every contact, by name.
  func contacts() throws -> [Contact]
  /// Organisations and contacts whose folded text contains every word of `folded` (see `SearchKey`).
  func candidates(matching folded: String, limit: Int) throws -> [DirectoryEntry]
}

/// A search candidate as stored: the record and its folded search text.
public enum DirectoryEntry: Sendable, Hashable {
  case organisation(Organisation)
  case contact(Contact, organisation: Organisation?)
}
