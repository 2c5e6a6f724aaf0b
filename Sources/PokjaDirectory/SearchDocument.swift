import Foundation
import PokjaCore

/// What the search index holds for one record, whichever store keeps it: its names, its details
/// (addresses, numbers, position, organisations) and the facet tokens its filters match
/// (`DirectoryFacet`). Names count ten times as much as details in the ranking; facets only filter.
public struct SearchDocument: Sendable, Hashable {
  public enum Entity: String, Sendable, Hashable {
    case organisation
    case contact
  }

  public var entity: Entity
  /// The organisation's or contact's ID.
  public var entityID: Int64
  /// Folded names, as one text (the words ranked highest).
  public var names: String
  /// Folded details, as one text.
  public var details: String
  /// Facet tokens.
  public var facets: [String]

  /// The document's fixed place in the index: organisation N at 2N, contact N at 2N+1, so a
  /// record is re-indexed by replacing one row.
  public var rowID: Int64 { Self.rowID(entity, entityID) }

  public static func rowID(_ entity: Entity, _ id: Int64) -> Int64 {
    entity == .organisation ? id * 2 : id * 2 + 1
  }

  /// What an organisation is found by.
  public init(organisation: Organisation) {
    let names = [organisation.name, organisation.acronym].compactMap { $0 }
    let details =
      organisation.emails.map(\.value) + organisation.phones.flatMap(Self.phoneTokens)
      + [organisation.website, organisation.address].compactMap { $0 }
    var facets = Self.facets(of: organisation)
    facets.append(DirectoryFacet.organisation(organisation.id))
    facets += organisation.tags.map(DirectoryFacet.tag)
    self.init(
      entity: .organisation, entityID: organisation.id.rawValue, names: names, details: details,
      facets: facets)
  }

  /// What a contact is found by, with the facets of the organisations (`organisations`, their
  /// memberships' organisations) they belong to on `today`'s day.
  public init(contact: Contact, organisations: [Organisation], today: Today) {
    let names = [contact.name]
    var details = contact.emails.map(\.value) + contact.phones.flatMap(Self.phoneTokens)
    details += contact.whatsapp.map { Self.phoneTokens(.e164($0)) } ?? []
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
    self.init(
      entity: .contact, entityID: contact.id.rawValue, names: names, details: details,
      facets: Array(Set(facets)).sorted())
  }

  private init(
    entity: Entity, entityID: Int64, names: [String], details: [String], facets: [String]
  ) {
    self.entity = entity
    self.entityID = entityID
    self.names = names.map(SearchKey.fold).joined(separator: " ")
    self.details = details.map(SearchKey.fold).joined(separator: " ")
    self.facets = facets
  }

  /// Words of five letters or more (letters only) of the names and details: what typo correction
  /// may suggest.
  public var typoWords: Set<String> {
    Directory.indexWords(names + " " + details).filter {
      $0.count >= 5 && $0.allSatisfy(\.isLetter)
    }
  }

  /// The word with one letter left out, each way: how typo candidates are looked up.
  public static func deletions(of word: String) -> Set<String> {
    let letters = Array(word)
    return Set(
      letters.indices.map { index in
        var copy = letters
        copy.remove(at: index)
        return String(copy)
      })
  }

  /// Text split into index tokens as SQLite's FTS5 `unicode61` tokenizer splits it with `_` as a
  /// token character: runs of letters, digits and `_` (the text is folded already).
  public static func tokens(_ text: String) -> [String] {
    text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
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
}
