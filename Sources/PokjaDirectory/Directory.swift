import Foundation
import PokjaCore

/// The directory of partner organisations and their people: adding, listing and finding them.
public struct Directory: Sendable {
  let store: any DirectoryStore
  /// Who the change log says made changes: `$POKJA_USER`, else the login name.
  let actor: String
  let clock: any WallClock
  /// The day memberships are current on: `clock`'s day in the configured zone.
  public let today: Today

  /// Creates a directory over `store`; changes are logged as made by `actor` at `clock`'s time,
  /// and memberships are dated by `clock`'s day in `timeZone` (`[calendar] time_zone`).
  public init(
    store: any DirectoryStore, actor: String = "pokja", clock: any WallClock = SystemClock(),
    timeZone: TimeZone = IndonesianTimeZone.wib.timeZone
  ) {
    self.store = store
    self.actor = actor
    self.clock = clock
    today = Today(clock: clock, timeZone: timeZone)
  }

  /// The vocabulary: built-in terms and those learned from data.
  public func vocabulary() throws -> Vocabulary { Vocabulary(learned: try store.learnedTerms()) }

  // MARK: Adding

  /// Validates and adds an organisation. Names and acronyms must be unique (case and accents aside);
  /// kinds and services are read through the vocabulary, and unknown words become new terms.
  public func addOrganisation(_ input: OrganisationInput) throws -> Added<Organisation> {
    var learned: [String] = []
    let organisation = try validated(input, learned: &learned)
    if let existing = try store.organisation(.key(organisation.name)),
      SearchKey.fold(existing.name) == SearchKey.fold(organisation.name)
    {
      throw DirectoryError.duplicateOrganisation(name: organisation.name, existing: existing.id)
    }
    if let acronym = organisation.acronym, let existing = try store.organisation(.key(acronym)) {
      throw DirectoryError.duplicateAcronym(acronym: acronym, existing: existing.id)
    }
    let added = try store.atomically {
      let added = try store.insert(organisation)
      try log(.organisation, added.id.rawValue, added.name, .added, "")
      return added
    }
    return Added(record: added, newTerms: learned)
  }

  /// Adds an organisation from the few fields the walking skeleton knew.
  public func addOrganisation(
    name: String, acronym: String? = nil, kind: String? = nil, email: String? = nil,
    phone: String? = nil
  ) throws -> Organisation {
    try addOrganisation(
      OrganisationInput(
        name: name, acronym: acronym, kind: kind, emails: email.map { [$0] } ?? [],
        phones: phone.map { [$0] } ?? [])
    ).record
  }

  /// Validates and adds a contact, linked to organisations named by ID, name or acronym.
  public func addContact(_ input: ContactInput) throws -> Contact {
    let contact = try validated(input)
    for email in [contact.email] + contact.otherEmails {
      if let existing = try store.contact(havingEmail: email) {
        throw DirectoryError.duplicateContactEmail(existing.email, existing: existing.id)
      }
    }
    return try store.atomically {
      let added = try store.insert(contact)
      try log(.contact, added.id.rawValue, added.name, .added, "")
      return added
    }
  }

  /// Adds a contact from the few fields the walking skeleton knew.
  public func addContact(
    name: String, organisation: String? = nil, email: String, phone: String? = nil,
    language: String? = nil
  ) throws -> Contact {
    try addContact(
      ContactInput(
        name: name, organisations: organisation.map { [$0] } ?? [], emails: [email],
        phones: phone.map { [$0] } ?? [], language: language))
  }

  // MARK: Looking up

  /// The organisation a user named by ID, exact name or acronym.
  public func organisation(_ reference: String) throws -> Organisation {
    guard let found = try store.organisation(Reference(reference)) else {
      throw DirectoryError.organisationNotFound(reference)
    }
    return found
  }

  /// The contact a user named by ID or any of their emails.
  public func contact(_ reference: String) throws -> Contact {
    guard let found = try store.contact(Reference(reference)) else {
      throw DirectoryError.contactNotFound(reference)
    }
    return found
  }

  /// Every organisation, by name.
  public func organisations() throws -> [Organisation] { try store.organisations() }

  /// The people with a membership in `organisation`, by name.
  public func members(of organisation: Organisation) throws -> [Contact] {
    try store.members(of: organisation.id)
  }

  /// Every contact with its organisation, by name.
  public func contacts() throws -> [ContactListing] {
    let organisations = Dictionary(
      uniqueKeysWithValues: try store.organisations().map { ($0.id, $0) })
    return try store.contacts().map {
      ContactListing(contact: $0, organisation: $0.organisationID.flatMap { organisations[$0] })
    }
  }

  /// Reads "Kota Surabaya, Jawa Timur", "Jawa Barat", "Jabar", "Kota Surabaya" (when the directory
  /// knows which province it is in) or "nasional" (nil: national coverage).
  public func region(_ text: String) throws -> Region? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if ["", "nasional", "national", "indonesia", "seluruh indonesia"].contains(
      SearchKey.fold(trimmed))
    {
      return nil
    }
    let parts = trimmed.split(whereSeparator: { $0 == "," || $0 == "/" || $0 == ";" })
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if parts.count >= 2 {
      let provinceIndex = parts.lastIndex { Province.named($0) != nil }
      guard let provinceIndex, let province = Province.named(parts[provinceIndex]) else {
        throw DirectoryError.unknownRegion(text)
      }
      let regency = parts.enumerated().filter { $0.offset != provinceIndex }.map(\.element)
        .joined(separator: " ")
      return Region(province: province, regency: regency)
    }
    if let province = Province.named(trimmed) { return Region(province: province) }
    let key = SearchKey.fold(Region.normalisedRegency(trimmed))
    let known = Set(try store.knownRegions(regencyKey: key).map(\.province))
    switch known.count {
    case 0: throw DirectoryError.unknownRegion(text)
    case 1: return Region(province: known.first!, regency: trimmed)
    default:
      throw DirectoryError.ambiguousRegion(text, provinces: known.map(\.name).sorted())
    }
  }
}

/// A contact with the organisation it belongs to, for listings.
public struct ContactListing: Sendable, Hashable {
  public var contact: Contact
  public var organisation: Organisation?
}
