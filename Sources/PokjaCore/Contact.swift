import Foundation

/// A person in the directory, usually a focal point of an organisation.
public struct Contact: Identifiable, Hashable, Sendable, Codable {
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
    // Named by the first organisation they belong to today (none when they have left them all).
    self.organisationID = organisationID ?? memberships.flatMap(Membership.firstCurrent)
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

  /// The organisation of the first of `memberships` current today; the date is only worked out
  /// when a membership has one (most have none, and directories are read a contact at a time).
  public static func firstCurrent(_ memberships: [Membership]) -> OrganisationID? {
    guard memberships.contains(where: { $0.since != nil || $0.until != nil }) else {
      return memberships.first?.organisationID
    }
    return memberships.first { $0.isCurrent(on: today) }?.organisationID
  }

  /// Today (`yyyy-MM-dd`, WIB), worked out once: a pokja process lives for seconds, and formatting a
  /// date for each of 100,000 contacts doubled an import's time.
  public static let today = day(Date())

  /// `2026-11-29`: the day of `date` in Indonesia's western zone, as membership dates are written.
  public static func day(_ date: Date) -> String {
    ISO8601DateFormatter.string(
      from: date, timeZone: TimeZone(identifier: "Asia/Jakarta") ?? .gmt,
      formatOptions: [.withFullDate])
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

/// What a user supplies to add or change a contact; the store assigns the ID.
public struct NewContact: Hashable, Sendable {
  public var honorific: String?
  public var name: String
  public var position: String?
  public var memberships: [Membership]
  public var email: EmailAddress
  public var otherEmails: [EmailAddress]
  public var phones: [PhoneNumber]
  public var whatsapp: E164Number?
  public var telegram: String?
  public var language: Language
  public var tags: [String]
  public var doNotContact: Bool
  public var notes: String?

  public init(
    honorific: String? = nil, name: String, position: String? = nil,
    organisationID: OrganisationID? = nil, memberships: [Membership]? = nil,
    email: EmailAddress, otherEmails: [EmailAddress] = [], phone: PhoneNumber? = nil,
    phones: [PhoneNumber]? = nil, whatsapp: E164Number? = nil, telegram: String? = nil,
    language: Language = .indonesian, tags: [String] = [], doNotContact: Bool = false,
    notes: String? = nil
  ) {
    self.honorific = honorific
    self.name = name
    self.position = position
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

  /// The organisation the contact is listed under first.
  /// The organisation that names the contact: the first membership current today.
  public var organisationID: OrganisationID? { Membership.firstCurrent(memberships) }

  /// The same fields, as the record the store returns.
  public func contact(id: ContactID) -> Contact {
    Contact(
      id: id, honorific: honorific, name: name, position: position, memberships: memberships,
      email: email, otherEmails: otherEmails, phones: phones, whatsapp: whatsapp,
      telegram: telegram, language: language, tags: tags, doNotContact: doNotContact,
      notes: notes)
  }
}
