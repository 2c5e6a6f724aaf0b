import Foundation
import PokjaCore

/// What the directory needs from storage. Live: `SQLiteStore` in PokjaPersistence; a PostgreSQL store
/// would implement the same protocol.
public protocol DirectoryStore: ContactLookup {
  /// Stores a new organisation (its `id` is ignored) and returns it with the ID it was given.
  func insert(_ organisation: Organisation) throws -> Organisation
  /// Stores a new contact (its `id` is ignored) and returns it with the ID it was given, named by
  /// its first membership current today.
  func insert(_ contact: Contact) throws -> Contact
  /// Every organisation, by name.
  func organisations() throws -> [Organisation]
  /// Every contact, by name.
  func contacts() throws -> [Contact]
  /// The contact that has `email` among its addresses (main or other).
  func contact(havingEmail email: EmailAddress) throws -> Contact?
  /// Organisations and contacts matching `query`, best first by the store's text ranking.
  func search(_ query: DirectoryQuery) throws -> [DirectoryEntry]
  /// Whether `word` (folded, five letters or more) is a word of some indexed record.
  func isIndexedWord(_ word: String) throws -> Bool
  /// Indexed words within one deletion of `word` or its deletions: candidates for typo correction,
  /// which the directory checks itself.
  func correctionCandidates(for word: String) throws -> [String]
  /// Contacts with a membership in the organisation, by name.
  func members(of organisation: OrganisationID) throws -> [Contact]
  /// Organisations offering `service` (a vocabulary term), any region.
  func organisations(offering service: String) throws -> [Organisation]
  /// The regions of organisations whose regency has this folded name, for telling which province a
  /// regency or city is in.
  func knownRegions(regencyKey: String) throws -> [Region]
  /// Terms added to the vocabulary from words it did not know.
  func learnedTerms() throws -> [Vocabulary.Category: [String]]
  /// Adds a term to the vocabulary.
  func learn(_ term: String, in category: Vocabulary.Category) throws
  /// Stores new values for an existing organisation (and re-indexes its people).
  func update(_ organisation: Organisation) throws
  /// Stores new values for an existing contact.
  func update(_ contact: Contact) throws
  /// The titles of meetings the contact is invited to (a contact who is cannot be removed).
  func meetings(attendedBy contact: ContactID) throws -> [String]
  /// Removes a contact.
  func delete(_ contact: ContactID) throws
  /// Moves everything that refers to `other` (meetings, messages, groups) to `keep`, stores `keep`'s
  /// new values, and removes `other`.
  func merge(_ other: ContactID, into keep: Contact) throws
  /// Appends to the change log.
  func log(_ entry: ChangeEntry) throws
  /// The change log, newest first; `entity` and `id` narrow it to one record.
  func changes(entity: ChangeEntry.Entity?, id: Int64?, limit: Int) throws -> [ChangeEntry]
  /// Stores a new group (its `id` is ignored) and returns it with the ID it was given.
  func insert(_ group: ContactGroup) throws -> ContactGroup
  /// Stores a group's new members, query or description.
  func update(_ group: ContactGroup) throws
  /// Removes a group (its members stay in the directory).
  func delete(_ group: GroupID) throws
  /// Every group, by name.
  func groups() throws -> [ContactGroup]
  /// The group with this exact name (case and accents aside).
  func group(named name: String) throws -> ContactGroup?
  /// Records matching every facet (no text): what a saved-query group selects.
  func entries(withFacets facets: [String], entity: DirectoryQuery.EntityFilter?) throws
    -> [DirectoryEntry]
  /// Runs `body`, whose store calls all join one transaction: everything is kept, or nothing.
  func atomically<T>(_ body: () throws -> T) throws -> T
  /// Runs `body` in one transaction and then undoes it: a dry run.
  func rollingBack<T>(_ body: () throws -> T) throws -> T
}

/// A search candidate: the record found.
public enum DirectoryEntry: Sendable, Hashable {
  case organisation(Organisation)
  case contact(Contact, organisation: Organisation?)
}

/// A search the store runs: every group of `words` must match (any alternative in a group), and every
/// facet filter must hold.
public struct DirectoryQuery: Sendable, Hashable {
  /// One typed word and what may stand for it.
  public struct Word: Sendable, Hashable {
    /// Tokens that match as typed or as a prefix (`"kemen"` matches kemensos).
    public var prefixes: [String]
    /// Tokens that must match whole (typo corrections, phone digits).
    public var exact: [String]

    public init(prefixes: [String], exact: [String] = []) {
      self.prefixes = prefixes
      self.exact = exact
    }
  }

  public var words: [Word]
  /// Facet tokens that must all be present (see `DirectoryFacet`).
  public var facets: [String]
  /// Only organisations or only contacts.
  public var entity: EntityFilter?
  public var limit: Int

  public init(words: [Word], facets: [String] = [], entity: EntityFilter? = nil, limit: Int) {
    self.words = words
    self.facets = facets
    self.entity = entity
    self.limit = limit
  }

  public enum EntityFilter: String, Sendable, Hashable {
    case organisation
    case contact
  }
}

/// The facet tokens records are indexed under, so filters are part of the text index.
public enum DirectoryFacet {
  public static func kind(_ term: String) -> String { "k_" + slug(term) }
  public static func service(_ term: String) -> String { "s_" + slug(term) }
  public static func tag(_ tag: String) -> String { "t_" + slug(tag) }
  public static func province(_ province: Province) -> String { "p_" + province.code }
  public static func regency(_ key: String) -> String { "r_" + slug(key) }
  public static func organisation(_ id: OrganisationID) -> String { "o_\(id.rawValue)" }
  /// Organisations with no region: national coverage.
  public static let national = "n_national"

  /// Letters and digits joined by `_`, folded: what the index keeps as one token.
  public static func slug(_ text: String) -> String {
    SearchKey.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
      .joined(separator: "_")
  }
}
