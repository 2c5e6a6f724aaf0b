import Foundation

/// A person in the directory, usually a focal point of an organisation.
public struct Contact: Identifiable, Hashable, Sendable {
  public var id: ContactID
  /// How letters address them: Bapak, Ibu, Dr., …
  public var honorific: String?
  /// The plain name, without honorific.
  public var name: String
  /// Their job title, e.g. "Direktur Rehabilitasi Sosial".
  public var position: String?
  /// The organisation they are listed under first (their first current membership).
  public var organisationID: OrganisationID?
  /// Every organisation they belong to, with their role and dates.
  public var memberships: [Membership]
  /// The main address: invitations go here, and it names the contact on the command line.
  public var email: EmailAddress
  public var otherEmails: [EmailAddress]
  /// Subscriber (E.164) and service numbers, the main one first.
  public var phones: [PhoneNumber]
  /// Only a subscriber number has WhatsApp: a service number cannot be put here.
  public var whatsapp: E164Number?
  /// A Telegram user name (without @) or number.
  public var telegram: String?
  /// The language this person's messages are written in.
  public var language: Language
  public var tags: [String]
  /// Never send them anything.
  public var doNotContact: Bool
  public var notes: String?

  /// A contact; `organisationID` alone makes it their one membership. Which of several memberships
  /// names them depends on the day (`Contact.arranged(_:on:)`): whoever passes `memberships` says.
  public init(
    id: ContactID, honorific: String? = nil, name: String, position: String? = nil,
    organisationID: OrganisationID? = nil, memberships: [Membership]? = nil,
    email: EmailAddress, otherEmails: [EmailAddress] = [], phone: PhoneNumber? = nil,
    phones: [PhoneNumber]? = nil, whatsapp: E164Number? = nil, telegram: String? = nil,
    language: Language = .indonesian, tags: [String] = [], doNotContact: Bool = false,
    notes: String? = nil
  ) {
    self.id = id
    self.honorific = honorific
    self.name = name
    self.position = position
    self.organisationID = organisationID
    self.memberships =
      memberships ?? organisationID.map { [Membership(organisationID: $0)] } ?? []
    self.email = email
    self.otherEmails = otherEmails
    self.phones = phones ?? phone.map { [$0] } ?? []
    self.whatsapp = whatsapp
    self.telegram = telegram
    self.language = language
    self.tags = tags
    self.doNotContact = doNotContact
    self.notes = notes
  }

  /// The main phone number.
  public var phone: PhoneNumber? { phones.first }
  /// Every email address, the main one first.
  public var emails: [EmailAddress] { [email] + otherEmails }
  /// "Ibu Wulan Sari": the name as letters write it.
  public var addressedName: String { [honorific, name].compactMap { $0 }.joined(separator: " ") }
}

extension Contact: Encodable {
  /// The keys of the JSON contract (docs/json-schema.json, `contact`).
  private enum CodingKeys: String, CodingKey {
    case id, honorific, name, position, memberships, email, emails, phone, phones, whatsapp
    case telegram, language, tags, doNotContact, notes
  }

  /// A membership's keys in the contract.
  private enum MembershipKeys: String, CodingKey {
    case organisationID = "organisationId"
    case role, since, until
  }

  /// The contact as `--json` prints it, without `type` and the `organisation` it is shown with
  /// (the caller adds both): every address in `emails`, the main phone, and the memberships.
  /// Absent values are left out.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encodeIfPresent(honorific, forKey: .honorific)
    try container.encode(name, forKey: .name)
    try container.encodeIfPresent(position, forKey: .position)
    // Membership's own coding (Swift's names) is what the change log shows; the contract names
    // the organisation `organisationId`, as every ID.
    var list = container.nestedUnkeyedContainer(forKey: .memberships)
    for membership in memberships {
      var nested = list.nestedContainer(keyedBy: MembershipKeys.self)
      try nested.encode(membership.organisationID, forKey: .organisationID)
      try nested.encode(membership.role, forKey: .role)
      try nested.encodeIfPresent(membership.since, forKey: .since)
      try nested.encodeIfPresent(membership.until, forKey: .until)
    }
    try container.encode(email, forKey: .email)
    try container.encode(emails, forKey: .emails)
    try container.encodeIfPresent(phone, forKey: .phone)
    try container.encode(phones, forKey: .phones)
    try container.encodeIfPresent(whatsapp, forKey: .whatsapp)
    try container.encodeIfPresent(telegram, forKey: .telegram)
    try container.encode(language, forKey: .language)
    try container.encode(tags, forKey: .tags)
    try container.encode(doNotContact, forKey: .doNotContact)
    try container.encodeIfPresent(notes, forKey: .notes)
  }
}

/// A contact's place in an organisation.
public struct Membership: Hashable, Sendable, Codable {
  public var organisationID: OrganisationID
  public var role: MembershipRole
  /// `2024-01-15`, when known.
  public var since: String?
  /// `2026-06-30` once they have left.
  public var until: String?

  public init(
    organisationID: OrganisationID, role: MembershipRole = .member, since: String? = nil,
    until: String? = nil
  ) {
    self.organisationID = organisationID
    self.role = role
    self.since = since
    self.until = until
  }

  /// The organisation of the first of `memberships` current on `day`; the day is only worked out
  /// when a membership has dates (most have none, and directories are read a contact at a time).
  public static func firstCurrent(_ memberships: [Membership], on day: @autoclosure () -> String)
    -> OrganisationID?
  {
    guard memberships.contains(where: { $0.since != nil || $0.until != nil }) else {
      return memberships.first?.organisationID
    }
    let day = day()
    return memberships.first { $0.isCurrent(on: day) }?.organisationID
  }

  /// Whether the membership holds on `day` (`yyyy-MM-dd`): from `since`, and before `until`, the
  /// day they left.
  public func isCurrent(on day: String) -> Bool {
    (since.map { $0 <= day } ?? true) && (until.map { $0 > day } ?? true)
  }
}

extension Contact {
  /// The memberships with the current ones first (in their order), and the organisation that names
  /// the contact: the first current one, nil when they have left them all.
  public static func arranged(_ memberships: [Membership], on day: String) -> (
    memberships: [Membership], main: OrganisationID?
  ) {
    let current = memberships.filter { $0.isCurrent(on: day) }
    let former = memberships.filter { !$0.isCurrent(on: day) }
    return (current + former, current.first?.organisationID)
  }
}

/// What a person is in an organisation.
public enum MembershipRole: String, Sendable, Codable, CaseIterable {
  case head
  case focalPoint = "focal-point"
  case member

  /// Reads `head`, `focal point`, `member` and the Indonesian `ketua`/`kepala`, `narahubung`/`pic`,
  /// `anggota`.
  public init?(parsing text: String) {
    switch SearchKey.fold(text).replacingOccurrences(of: "_", with: " ")
      .replacingOccurrences(of: "-", with: " ")
    {
    case "head", "chair", "director", "ketua", "kepala", "pimpinan", "direktur": self = .head
    case "focal point", "focal", "contact", "narahubung", "pic", "penghubung", "focal person":
      self = .focalPoint
    case "member", "staff", "anggota", "staf": self = .member
    default: return nil
    }
  }
}
