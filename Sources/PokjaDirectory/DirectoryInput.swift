import Foundation
import PokjaCore

/// An organisation as a user describes it on the command line or in an import, before validation.
public struct OrganisationInput: Sendable, Hashable {
  public var name: String
  public var acronym: String?
  public var kind: String?
  /// The parent's ID, exact name or acronym.
  public var parent: String?
  /// "Kota Surabaya, Jawa Timur", "Jawa Barat", or "nasional".
  public var region: String?
  public var province: String?
  public var regency: String?
  public var services: [String]
  public var tags: [String]
  public var website: String?
  public var emails: [String]
  public var phones: [String]
  public var address: String?
  public var notes: String?

  public init(
    name: String, acronym: String? = nil, kind: String? = nil, parent: String? = nil,
    region: String? = nil, province: String? = nil, regency: String? = nil,
    services: [String] = [], tags: [String] = [], website: String? = nil, emails: [String] = [],
    phones: [String] = [], address: String? = nil, notes: String? = nil
  ) {
    self.name = name
    self.acronym = acronym
    self.kind = kind
    self.parent = parent
    self.region = region
    self.province = province
    self.regency = regency
    self.services = services
    self.tags = tags
    self.website = website
    self.emails = emails
    self.phones = phones
    self.address = address
    self.notes = notes
  }
}

/// A person as a user describes them, before validation.
public struct ContactInput: Sendable, Hashable {
  public var honorific: String?
  public var name: String
  public var position: String?
  /// Organisations (ID, exact name or acronym); the first is the one they are listed under.
  public var organisations: [String]
  /// Their role in those organisations: head, focal-point or member.
  public var role: String?
  /// Since when they belong (`2024-01-15`).
  public var since: String?
  /// Until when they belong(ed).
  public var until: String?
  /// The first is the main address.
  public var emails: [String]
  public var phones: [String]
  public var whatsapp: String?
  public var telegram: String?
  public var language: String?
  public var tags: [String]
  public var doNotContact: Bool
  public var notes: String?

  public init(
    honorific: String? = nil, name: String, position: String? = nil, organisations: [String] = [],
    role: String? = nil, since: String? = nil, until: String? = nil, emails: [String],
    phones: [String] = [], whatsapp: String? = nil,
    telegram: String? = nil, language: String? = nil, tags: [String] = [],
    doNotContact: Bool = false, notes: String? = nil
  ) {
    self.honorific = honorific
    self.name = name
    self.position = position
    self.organisations = organisations
    self.role = role
    self.since = since
    self.until = until
    self.emails = emails
    self.phones = phones
    self.whatsapp = whatsapp
    self.telegram = telegram
    self.language = language
    self.tags = tags
    self.doNotContact = doNotContact
    self.notes = notes
  }
}

/// A record the directory added, with the vocabulary terms it learned on the way.
public struct Added<Record: Sendable>: Sendable {
  public var record: Record
  /// "service 'pendampingan'": words the vocabulary did not know and now does.
  public var newTerms: [String]
}

/// What `find` may be narrowed to, in the user's words.
public struct SearchFilters: Sendable, Hashable {
  public var kind: String?
  public var tag: String?
  public var region: String?
  public var service: String?
  public var organisation: String?

  public init(
    kind: String? = nil, tag: String? = nil, region: String? = nil, service: String? = nil,
    organisation: String? = nil
  ) {
    self.kind = kind
    self.tag = tag
    self.region = region
    self.service = service
    self.organisation = organisation
  }
}

/// Changes to an organisation: nil leaves a field as it is, an empty string clears it.
public struct OrganisationEdit: Sendable, Hashable {
  public var name: String?
  public var acronym: String?
  public var kind: String?
  public var parent: String?
  public var region: String?
  public var website: String?
  public var address: String?
  public var notes: String?
  public var addServices: [String] = []
  public var removeServices: [String] = []
  public var addTags: [String] = []
  public var removeTags: [String] = []
  public var addEmails: [String] = []
  public var removeEmails: [String] = []
  public var addPhones: [String] = []
  public var removePhones: [String] = []

  public init() {}
}

/// Changes to a contact: nil leaves a field as it is, an empty string clears it.
public struct ContactEdit: Sendable, Hashable {
  public var name: String?
  public var honorific: String?
  public var position: String?
  /// The role in the organisations added by this edit (and, alone, in all current ones).
  public var role: String?
  public var whatsapp: String?
  public var telegram: String?
  public var language: String?
  public var notes: String?
  /// Makes this address (already one of theirs, or new) the main one.
  public var mainEmail: String?
  public var doNotContact: Bool?
  public var addOrganisations: [String] = []
  public var removeOrganisations: [String] = []
  /// Ends these memberships (kept, dated `leaveDate` or today): the person has left.
  public var leaveOrganisations: [String] = []
  /// The day the memberships in `leaveOrganisations` end (`2026-06-30`); today when nil.
  public var leaveDate: String?
  /// The start day of the memberships added by this edit.
  public var since: String?
  public var addEmails: [String] = []
  public var removeEmails: [String] = []
  public var addPhones: [String] = []
  public var removePhones: [String] = []
  public var addTags: [String] = []
  public var removeTags: [String] = []

  public init() {}
}
