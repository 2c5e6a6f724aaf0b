import Foundation
import PokjaCore

/// The directory's organisations held in memory for one import, by ID, name and acronym, so a row is
/// matched without asking the store (10k organisations, 100k rows).
struct OrganisationIndex {
  private(set) var byID: [OrganisationID: Organisation] = [:]
  private var byName: [String: OrganisationID] = [:]
  private var byAcronym: [String: OrganisationID] = [:]

  init(_ organisations: [Organisation]) {
    for organisation in organisations { put(organisation) }
  }

  /// How a text matched an organisation.
  enum Match: String {
    case name
    case acronym
  }

  /// The organisation whose name or acronym is `text` (case and accents aside), name first.
  func find(_ text: String) -> (organisation: Organisation, match: Match)? {
    let key = SearchKey.fold(text)
    if let id = byName[key], let found = byID[id] { return (found, .name) }
    if let id = byAcronym[key], let found = byID[id] { return (found, .acronym) }
    return nil
  }

  /// Like `find`, and also reads "Kementerian Sosial (Kemensos)" as a name and an acronym.
  func lookUp(_ text: String) -> Organisation? {
    if let found = find(text) { return found.organisation }
    guard let split = Self.nameAndAcronym(text) else { return nil }
    return find(split.name)?.organisation ?? split.acronym.flatMap { find($0)?.organisation }
  }

  /// "Kementerian Sosial (Kemensos)" → ("Kementerian Sosial", "Kemensos").
  static func nameAndAcronym(_ text: String) -> (name: String, acronym: String?)? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
    let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
    let acronym = trimmed[trimmed.index(after: open)...].dropLast()
      .trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty else { return nil }
    return (name, acronym.isEmpty ? nil : acronym)
  }

  /// Adds or replaces an organisation.
  mutating func put(_ organisation: Organisation) {
    if let old = byID[organisation.id] {
      byName[SearchKey.fold(old.name)] = nil
      if let acronym = old.acronym { byAcronym[SearchKey.fold(acronym)] = nil }
    }
    byID[organisation.id] = organisation
    byName[SearchKey.fold(organisation.name)] = organisation.id
    if let acronym = organisation.acronym { byAcronym[SearchKey.fold(acronym)] = organisation.id }
  }

  /// Whether placing `id` under `parent` would put it under itself.
  func createsCycle(_ id: OrganisationID, parent: OrganisationID) -> Bool {
    var current: OrganisationID? = parent
    var seen: Set<OrganisationID> = []
    while let next = current {
      if next == id { return true }
      guard seen.insert(next).inserted else { return false }
      current = byID[next]?.parentID
    }
    return false
  }
}

/// The keys contacts are recognised by during one import: every email, every phone, and the name
/// within each organisation. Only keys and IDs are held; a contact is read from the store when a row
/// matches it, so 100k contacts stay small.
struct ContactIndex {
  private var byEmail: [String: ContactID] = [:]
  private var byPhone: [String: ContactID] = [:]
  private var byNameInOrganisation: [String: ContactID] = [:]

  init(_ contacts: [Contact]) {
    for contact in contacts { put(contact) }
  }

  /// Records a contact's keys; a key another contact already has stays that contact's.
  mutating func put(_ contact: Contact) {
    for email in contact.emails where byEmail[Self.key(email)] == nil {
      byEmail[Self.key(email)] = contact.id
    }
    for phone in contact.phones.compactMap(\.e164Number) + (contact.whatsapp.map { [$0] } ?? [])
    where phone.isMobile && byPhone[phone.e164] == nil {
      byPhone[phone.e164] = contact.id
    }
    for membership in contact.memberships {
      let key = Self.key(contact.name, in: membership.organisationID)
      if byNameInOrganisation[key] == nil { byNameInOrganisation[key] = contact.id }
    }
  }

  /// The contacts that already own any of `emails`, in the order found.
  func owners(of emails: [EmailAddress]) -> [ContactID] {
    var owners: [ContactID] = []
    for email in emails {
      if let owner = byEmail[Self.key(email)], !owners.contains(owner) { owners.append(owner) }
    }
    return owners
  }

  /// The contact a row is a duplicate of, and why: same email, else same mobile number, else same
  /// name in the same organisation.
  func match(
    emails: [EmailAddress], phones: [PhoneNumber], name: String,
    organisations: [Organisation]
  ) -> (id: ContactID, reason: String)? {
    for email in emails {
      if let id = byEmail[Self.key(email)] { return (id, "same email: \(email)") }
    }
    // Only mobile numbers identify a person: an office landline or a hotline is shared by everyone
    // there.
    for phone in phones.compactMap(\.e164Number) where phone.isMobile {
      if let id = byPhone[phone.e164] { return (id, "same phone: \(phone.formatted)") }
    }
    for organisation in organisations {
      if let id = byNameInOrganisation[Self.key(name, in: organisation.id)] {
        return (id, "same name in \(organisation.shortName): \(name)")
      }
    }
    return nil
  }

  /// Addresses compare without case, as the store's unique index does.
  static func key(_ email: EmailAddress) -> String { email.value.lowercased() }

  static func key(_ name: String, in organisation: OrganisationID) -> String {
    "\(organisation.rawValue)|\(SearchKey.fold(name))"
  }
}

/// Problems found so far, up to a limit.
struct ImportProblems {
  let limit: Int
  private(set) var list: [ImportProblem] = []
  private(set) var stoppedEarly = false

  init(limit: Int) { self.limit = max(1, limit) }

  var isFull: Bool { list.count >= limit }

  mutating func add(_ problem: ImportProblem) {
    guard !isFull else {
      stoppedEarly = true
      return
    }
    list.append(problem)
  }

  mutating func add(_ problems: [ImportProblem]) {
    for problem in problems { add(problem) }
  }

  /// Marks that rows were left unread because the list is full.
  mutating func stop() { stoppedEarly = true }
}

/// Collects the problems of one row while its values are read.
struct RowCheck {
  let line: Int
  private(set) var problems: [ImportProblem] = []

  init(line: Int) { self.line = line }

  var isClean: Bool { problems.isEmpty }

  /// "field 'Email'": how messages name a column.
  static func label(_ column: String) -> String { "field '\(column)'" }

  mutating func add(_ kind: ImportProblem.Kind) { problems.append(ImportProblem(line: line, kind)) }

  /// Runs `body`; an input or directory error becomes a problem of `column`, and the result nil.
  /// Other errors (the store's) propagate.
  mutating func check<T>(_ column: String, _ body: () throws -> T) throws -> T? {
    do {
      return try body()
    } catch let error as InputError {
      add(.invalid(error.named(Self.label(column))))
    } catch let error as DirectoryError {
      add(.refused(column: column, error))
    }
    return nil
  }
}
