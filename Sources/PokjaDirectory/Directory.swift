import Foundation
import PokjaCore

/// The directory of partner organisations and their people: adding, listing and finding them.
public struct Directory: Sendable {
  private let store: any DirectoryStore

  /// Creates a directory over `store`.
  public init(store: any DirectoryStore) { self.store = store }

  /// Validates and adds an organisation. Names and acronyms must be unique (case and accents aside).
  public func addOrganisation(
    name: String, acronym: String? = nil, kind: String? = nil, email: String? = nil,
    phone: String? = nil
  ) throws -> Organisation {
    let name = try Validate.singleLine(name, field: "--name")
    let acronym = try Validate.optionalSingleLine(acronym, field: "--acronym")
    let kind = try Validate.optionalSingleLine(kind, field: "--kind")?.lowercased()
    let email = try email.flatMap { try Validate.email($0, field: "--email") }
    let phone = try phone.flatMap { try Validate.phone($0, field: "--phone") }
    if let existing = try store.organisation(.key(name)),
      SearchKey.fold(existing.name) == SearchKey.fold(name)
    {
      throw DirectoryError.duplicateOrganisation(name: name, existing: existing.id)
    }
    if let acronym, let existing = try store.organisation(.key(acronym)) {
      throw DirectoryError.duplicateAcronym(acronym: acronym, existing: existing.id)
    }
    return try store.insert(
      NewOrganisation(name: name, acronym: acronym, kind: kind, email: email, phone: phone))
  }

  /// Validates and adds a contact, linked to an organisation named by ID, name or acronym.
  public func addContact(
    name: String, organisation: String? = nil, email: String, phone: String? = nil,
    language: String? = nil
  ) throws -> Contact {
    let name = try Validate.singleLine(name, field: "--name")
    let email = try Validate.email(email, field: "--email")
    let phone = try phone.flatMap { try Validate.phone($0, field: "--phone") }
    var parsedLanguage = Language.indonesian
    if let language {
      guard let value = Language(parsing: language) else {
        throw InputError.invalidLanguage(language)
      }
      parsedLanguage = value
    }
    var organisationID: OrganisationID?
    if let organisation {
      organisationID = try self.organisation(organisation).id
    }
    if let existing = try store.contact(.key(email.value)) {
      throw DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
    }
    return try store.insert(
      NewContact(
        name: name, organisationID: organisationID, email: email, phone: phone,
        language: parsedLanguage))
  }

  /// The organisation a user named by ID, exact name or acronym.
  public func organisation(_ reference: String) throws -> Organisation {
    guard let found = try store.organisation(Reference(reference)) else {
      throw DirectoryError.organisationNotFound(reference)
    }
    return found
  }

  /// The contact a user named by ID or email.
  public func contact(_ reference: String) throws -> Contact {
    guard let found = try store.contact(Reference(reference)) else {
      throw DirectoryError.contactNotFound(reference)
    }
    return found
  }

  /// Every organisation, by name.
  public func organisations() throws -> [Organisation] { try store.organisations() }

  /// Every contact with its organisation, by name.
  public func contacts() throws -> [ContactListing] {
    let organisations = Dictionary(
      uniqueKeysWithValues: try store.organisations().map { ($0.id, $0) })
    return try store.contacts().map {
      ContactListing(contact: $0, organisation: $0.organisationID.flatMap { organisations[$0] })
    }
  }

  /// Organisations and contacts matching `text`, best first: case, accents and word order do not
  /// matter; an exact name or acronym beats a word prefix, which beats a match inside a word.
  public func find(_ text: String, limit: Int = 20) throws -> [SearchHit] {
    let query = SearchKey.fold(text)
    guard !query.isEmpty else { throw InputError.empty(field: "search text") }
    let words = query.split(separator: " ").map(String.init)
    return try store.candidates(matching: query, limit: max(limit * 5, 100))
      .map { SearchHit(entry: $0, score: Self.score($0, words: words, query: query)) }
      .sorted { ($0.score, $1.name) > ($1.score, $0.name) }
      .prefix(limit).map { $0 }
  }

  /// Ranks a candidate: an exact name, acronym or email first, then whole words, then word prefixes,
  /// then text inside words. A contact found only through its organisation ranks below the organisation.
  private static func score(_ entry: DirectoryEntry, words: [String], query: String) -> Int {
    let own: [String]
    var inherited: [String] = []
    switch entry {
    case .organisation(let organisation):
      own = [
        organisation.name, organisation.acronym, organisation.email?.value,
        organisation.phone?.e164,
      ].compactMap { $0 }
    case .contact(let contact, let organisation):
      own = [contact.name, contact.email.value, contact.phone?.e164].compactMap { $0 }
      inherited = [organisation?.acronym, organisation?.name].compactMap { $0 }
    }
    let ownScore = fieldScore(own.map(SearchKey.fold), words: words, query: query)
    let inheritedScore = fieldScore(inherited.map(SearchKey.fold), words: words, query: query)
    // Organisations win ties with their own people.
    let kindBonus = if case .organisation = entry { 1 } else { 0 }
    return max(ownScore * 2, inheritedScore) + kindBonus
  }

  private static func fieldScore(_ fields: [String], words: [String], query: String) -> Int {
    guard !fields.isEmpty else { return 0 }
    if fields.contains(query) { return 1_000 }
    let tokens = fields.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
    var score = fields.contains(where: { $0.hasPrefix(query) }) ? 50 : 0
    for word in words {
      if tokens.contains(where: { $0 == word }) {
        score += 20
      } else if tokens.contains(where: { $0.hasPrefix(word) }) {
        score += 10
      } else if fields.contains(where: { $0.contains(word) }) {
        score += 1
      }
    }
    return score
  }
}

/// A contact with the organisation it belongs to, for listings.
public struct ContactListing: Sendable, Hashable {
  public var contact: Contact
  public var organisation: Organisation?
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
  public var entry: DirectoryEntry
  /// Higher is better.
  public var score: Int

  /// The plain name of the organisation or contact.
  public var name: String {
    switch entry {
    case .organisation(let organisation): organisation.name
    case .contact(let contact, _): contact.name
    }
  }
}
