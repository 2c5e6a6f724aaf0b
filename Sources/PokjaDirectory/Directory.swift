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

  // MARK: Finding

  /// Organisations and contacts matching `text`, best first. Case and accents do not matter; words
  /// match as prefixes ("kemen" finds Kemensos); words of five letters or more forgive one typo
  /// ("muslinat" finds Muslimat); a phone number matches however it is written.
  public func find(_ text: String, filters: SearchFilters = SearchFilters(), limit: Int = 20)
    throws -> [SearchHit]
  {
    let folded = SearchKey.fold(text)
    let facets = try self.facets(for: filters)
    // Filters alone ("every NGO tagged pleno") list what they select, best known names first.
    guard !folded.isEmpty || !facets.isEmpty else { throw InputError.empty(field: "search text") }
    var words: [DirectoryQuery.Word] = []
    if folded.isEmpty {
      words = []
    } else if case .e164(let phone) = PhoneNumber(text), text.filter(\.isNumber).count >= 8 {
      words = [DirectoryQuery.Word(prefixes: [], exact: [String(phone.e164.dropFirst())])]
    } else if case .service(let number) = PhoneNumber(text) {
      // "1500-771" or "(021) 129": one number, however grouped; a prefix, as typed digits are.
      words = [DirectoryQuery.Word(prefixes: [number.digits], exact: [])]
    } else {
      var tokens = Self.tokens(folded)
      // "Ibu Ratna Lubis": honorifics are how people are addressed, not part of their name.
      let honorifics: Set<String> = [
        "bapak", "pak", "bpk", "ibu", "bu", "sdr", "sdri", "saudara", "saudari", "dr", "prof", "mr",
        "mrs", "ms", "h", "hj",
      ]
      if tokens.contains(where: { !honorifics.contains($0) }) {
        tokens.removeAll { honorifics.contains($0) }
      }
      for token in tokens {
        var exact: [String] = []
        // A word the directory already holds is taken as meant; only an unknown word of five
        // letters or more is looked up for near spellings.
        if token.count >= 5, token.allSatisfy(\.isLetter), try !store.isIndexedWord(token) {
          exact = try store.correctionCandidates(for: token).filter {
            $0 != token && Self.isOneEditApart($0, token)
          }
        }
        words.append(DirectoryQuery.Word(prefixes: [token], exact: exact))
      }
    }
    guard !words.isEmpty || folded.isEmpty else { throw InputError.empty(field: "search text") }
    let candidates = try store.search(
      DirectoryQuery(words: words, facets: facets, limit: max(limit * 2, 20)))
    let queryTokens = words.flatMap(\.prefixes)
    return
      candidates
      .map { SearchHit(entry: $0, score: Self.score($0, tokens: queryTokens, query: folded)) }
      .sorted { ($0.score, $1.name) > ($1.score, $0.name) }
      .prefix(limit).map { $0 }
  }

  /// The facet tokens `filters` require.
  func facets(for filters: SearchFilters) throws -> [String] {
    var facets: [String] = []
    guard filters != SearchFilters() else { return facets }
    let vocabulary = try vocabulary()
    // A word the vocabulary does not know still filters (and finds nothing), never drops away.
    if let kind = filters.kind {
      facets.append(
        DirectoryFacet.kind(vocabulary.resolve(kind, in: .kind)?.term ?? SearchKey.fold(kind)))
    }
    if let service = filters.service {
      facets.append(
        DirectoryFacet.service(
          vocabulary.resolve(service, in: .service)?.term ?? SearchKey.fold(service)))
    }
    if let tag = filters.tag { facets.append(DirectoryFacet.tag(tag)) }
    if let regionText = filters.region {
      if let region = try region(regionText) {
        facets.append(
          region.regencyKey.map(DirectoryFacet.regency) ?? DirectoryFacet.province(region.province))
      } else {
        facets.append(DirectoryFacet.national)
      }
    }
    if let reference = filters.organisation {
      facets.append(DirectoryFacet.organisation(try organisation(reference).id))
    }
    return facets
  }

  // MARK: Referral

  /// Who offers `service` for someone in `region`: providers covering that regency or city first, then
  /// those covering its whole province, then national ones, each with the people to call. A provider
  /// covering another regency of the same province is left out.
  public func refer(service: String, region regionText: String) throws -> [Referral] {
    let vocabulary = try vocabulary()
    let providers = try vocabulary.resolve(service, in: .service).map {
      try store.organisations(offering: $0.term)
    }
    guard let providers,
      !providers.isEmpty || vocabulary.resolve(service, in: .service)?.isNew == false
    else {
      throw DirectoryError.unknownService(
        service, known: vocabulary.terms(.service).map { $0.label(.indonesian) })
    }
    let region = try self.region(regionText)
    var referrals: [Referral] = []
    for provider in providers {
      let tier: Referral.Coverage
      switch (provider.region, region) {
      case (nil, _): tier = .national
      case (let covered?, let wanted?) where covered.province == wanted.province:
        if covered.regency == nil {
          tier = .province
        } else if covered.regencyKey == wanted.regencyKey {
          tier = .regency
        } else {
          continue
        }
      default: continue
      }
      let members = try store.members(of: provider.id)
      referrals.append(
        Referral(
          organisation: provider, coverage: tier, contacts: focal(members, of: provider)))
    }
    return referrals.sorted {
      ($0.coverage.rank, SearchKey.fold($0.organisation.name))
        < ($1.coverage.rank, SearchKey.fold($1.organisation.name))
    }
  }

  /// The people to call at `organisation`: heads and focal points with a current membership, else
  /// every current member; never someone marked do-not-contact.
  func focal(_ members: [Contact], of organisation: Organisation) -> [Contact] {
    let today = today.day
    let current = members.filter { contact in
      !contact.doNotContact
        && contact.memberships.contains {
          $0.organisationID == organisation.id && $0.isCurrent(on: today)
        }
    }
    let focal = current.filter { contact in
      contact.memberships.contains {
        $0.organisationID == organisation.id && $0.role != .member
      }
    }
    return focal.isEmpty ? current : focal
  }

  // MARK: Validation

  /// The organisation `input` describes, checked and read through the vocabulary; not stored yet
  /// (its ID is `.unassigned`).
  func validated(_ input: OrganisationInput, learned: inout [String]) throws -> Organisation {
    let name = try Validate.singleLine(input.name, field: "--name")
    let acronym = try Validate.optionalSingleLine(input.acronym, field: "--acronym")
    let vocabulary = try vocabulary()
    var kind: String?
    if let text = try Validate.optionalSingleLine(input.kind, field: "--kind"),
      let resolved = vocabulary.resolve(text, in: .kind)
    {
      kind = resolved.term
      if resolved.isNew {
        try store.learn(resolved.term, in: .kind)
        learned.append("kind '\(resolved.term)'")
      }
    }
    var services: [String] = []
    for text in input.services {
      let line = try Validate.singleLine(text, field: "--service")
      guard let resolved = vocabulary.resolve(line, in: .service) else { continue }
      if resolved.isNew {
        try store.learn(resolved.term, in: .service)
        learned.append("service '\(resolved.term)'")
      }
      if !services.contains(resolved.term) { services.append(resolved.term) }
    }
    var region: Region?
    if let provinceText = try Validate.optionalSingleLine(input.province, field: "--province") {
      guard let province = Province.named(provinceText) else {
        throw DirectoryError.unknownProvince(provinceText)
      }
      let regency = try Validate.optionalSingleLine(input.regency, field: "--regency")
      region = Region(province: province, regency: regency)
    } else if let regency = try Validate.optionalSingleLine(input.regency, field: "--regency") {
      region = try self.region(regency)
      if region?.regency == nil { throw DirectoryError.regencyNeedsProvince(regency) }
    } else if let text = try Validate.optionalSingleLine(input.region, field: "--region") {
      region = try self.region(text)
    }
    let parent = try input.parent.map { try organisation($0).id }
    return Organisation(
      id: .unassigned, name: name, acronym: acronym, kind: kind, parentID: parent, region: region,
      services: services, tags: try Self.tags(input.tags),
      website: try Validate.optionalSingleLine(input.website, field: "--website"),
      emails: try input.emails.map { try Validate.email($0, field: "--email") },
      phones: try input.phones.map { try Validate.phone($0, field: "--phone") },
      address: try Validate.optionalSingleLine(input.address, field: "--address"),
      notes: input.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty })
  }

  /// The contact `input` describes, checked, with their memberships current today first; not
  /// stored yet (its ID is `.unassigned`).
  func validated(_ input: ContactInput) throws -> Contact {
    let name = try Validate.singleLine(input.name, field: "--name")
    guard let first = input.emails.first else { throw InputError.empty(field: "--email") }
    let email = try Validate.email(first, field: "--email")
    let others = try input.emails.dropFirst().map { try Validate.email($0, field: "--email") }
    var language = Language.indonesian
    if let text = input.language {
      guard let value = Language(parsing: text) else { throw InputError.invalidLanguage(text) }
      language = value
    }
    var role = MembershipRole.member
    if let text = input.role {
      guard let value = MembershipRole(parsing: text) else {
        throw DirectoryError.unknownRole(text)
      }
      role = value
    }
    let since = try input.since.map { try Validate.day($0, field: "--since") }
    let until = try input.until.map { try Validate.day($0, field: "--until") }
    var memberships: [Membership] = []
    for reference in input.organisations {
      let id = try organisation(reference).id
      if !memberships.contains(where: { $0.organisationID == id }) {
        memberships.append(Membership(organisationID: id, role: role, since: since, until: until))
      }
    }
    // Someone recorded as having left already (--until in the past) is not named by it.
    let arranged = Contact.arranged(memberships, on: today.day)
    return Contact(
      id: .unassigned,
      honorific: try Validate.optionalSingleLine(input.honorific, field: "--honorific"),
      name: name, position: try Validate.optionalSingleLine(input.position, field: "--position"),
      organisationID: arranged.main, memberships: arranged.memberships, email: email,
      otherEmails: Array(others),
      phones: try input.phones.map { try Validate.phone($0, field: "--phone") },
      whatsapp: try input.whatsapp.map { try Validate.whatsApp($0, field: "--whatsapp") },
      telegram: try Validate.optionalSingleLine(input.telegram, field: "--telegram")
        .map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 },
      language: language, tags: try Self.tags(input.tags), doNotContact: input.doNotContact,
      notes: input.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty })
  }

  static func tags(_ texts: [String]) throws -> [String] {
    var tags: [String] = []
    for text in texts {
      for part in text.split(separator: ",") {
        let tag = try Validate.singleLine(String(part), field: "--tag").lowercased()
        if !tags.contains(tag) { tags.append(tag) }
      }
    }
    return tags
  }

  // MARK: Ranking

  /// The distinct words of `folded` text as the index splits them, for stores keeping typo
  /// candidates.
  public static func indexWords(_ folded: String) -> Set<String> { Set(tokens(folded)) }

  /// Words as the index splits them: letters and digits, folded.
  static func tokens(_ folded: String) -> [String] {
    if folded.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: split on anything but a-z, A-Z, 0-9 without Unicode property lookups.
      return folded.utf8.split(whereSeparator: { byte in
        !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
          || (byte >= 0x41 && byte <= 0x5A))
      }).map { String(decoding: $0, as: UTF8.self) }
    }
    return folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
  }

  /// Whether two words are at most one insertion, deletion, substitution or swap of neighbours apart.
  static func isOneEditApart(_ a: String, _ b: String) -> Bool {
    let x = Array(a)
    let y = Array(b)
    if x == y { return true }
    if abs(x.count - y.count) > 1 { return false }
    var i = 0
    while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
    if x.count == y.count {
      if x[(i + 1)...] == y[(i + 1)...] { return true }  // substitution
      return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i]
        && x[(i + 2)...] == y[(i + 2)...]  // neighbours swapped
    }
    let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
    return longer[(i + 1)...] == shorter[i...]
  }

  /// Ranks a candidate: an exact name, acronym or email first, then whole words, then word prefixes,
  /// then corrected typos. A contact found only through its organisation ranks below the organisation.
  static func score(_ entry: DirectoryEntry, tokens: [String], query: String) -> Int {
    let own: [String]
    var inherited: [String] = []
    switch entry {
    case .organisation(let organisation):
      own =
        [organisation.name, organisation.acronym].compactMap { $0 }
        + organisation.emails.map(\.value)
    case .contact(let contact, let organisation):
      own = [contact.name, contact.position].compactMap { $0 } + contact.emails.map(\.value)
      inherited = [organisation?.acronym, organisation?.name].compactMap { $0 }
    }
    let ownScore = fieldScore(own.map(SearchKey.fold), tokens: tokens, query: query)
    let inheritedScore = fieldScore(inherited.map(SearchKey.fold), tokens: tokens, query: query)
    // Organisations win ties with their own people.
    let kindBonus = if case .organisation = entry { 1 } else { 0 }
    return max(ownScore * 2, inheritedScore) + kindBonus
  }

  private static func fieldScore(_ fields: [String], tokens query: [String], query whole: String)
    -> Int
  {
    guard !fields.isEmpty else { return 0 }
    if fields.contains(whole) { return 1_000 }
    let words = fields.flatMap(Self.tokens)
    var score = fields.contains(where: { $0.hasPrefix(whole) }) ? 50 : 0
    for token in query {
      if words.contains(token) {
        score += 20
      } else if words.contains(where: { $0.hasPrefix(token) }) {
        score += 10
      } else if token.count >= 5, words.contains(where: { isOneEditApart($0, token) }) {
        score += 5
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

/// A provider of a service and the people to call there.
public struct Referral: Sendable, Hashable {
  /// How closely a provider covers the place asked about.
  public enum Coverage: String, Sendable, Hashable {
    case regency
    case province
    case national

    var rank: Int {
      switch self {
      case .regency: 0
      case .province: 1
      case .national: 2
      }
    }
  }

  public var organisation: Organisation
  public var coverage: Coverage
  /// Heads and focal points (or, without any, every current member).
  public var contacts: [Contact]
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
