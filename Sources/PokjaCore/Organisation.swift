import Foundation

/// A member or partner organisation: a ministry, the police, an NGO, a provincial task force.
public struct Organisation: Identifiable, Hashable, Sendable, Codable {
  public var id: OrganisationID
  /// The public name, e.g. "Kementerian Sosial".
  public var name: String
  /// A short form people type, e.g. "Kemensos".
  public var acronym: String?
  /// What sort of body it is, as a vocabulary term: `ministry`, `police`, `ngo`, …
  public var kind: String?
  /// The body it belongs to (Kemensos for one of its directorates).
  public var parentID: OrganisationID?
  /// Where it works; nil means national coverage.
  public var region: Region?
  /// What it offers for referrals, as vocabulary terms: `shelter`, `legal-aid`, …
  public var services: [String]
  public var tags: [String]
  public var website: String?
  /// The main address first.
  public var emails: [EmailAddress]
  /// Subscriber (E.164) and service numbers, the main one first.
  public var phones: [PhoneNumber]
  public var address: String?
  public var notes: String?

  public init(
    id: OrganisationID, name: String, acronym: String? = nil, kind: String? = nil,
    parentID: OrganisationID? = nil, region: Region? = nil, services: [String] = [],
    tags: [String] = [], website: String? = nil, emails: [EmailAddress] = [],
    phones: [PhoneNumber] = [], address: String? = nil, notes: String? = nil
  ) {
    self.id = id
    self.name = name
    self.acronym = acronym
    self.kind = kind
    self.parentID = parentID
    self.region = region
    self.services = services
    self.tags = tags
    self.website = website
    self.emails = emails
    self.phones = phones
    self.address = address
    self.notes = notes
  }

  /// The main email address.
  public var email: EmailAddress? { emails.first }
  /// The main phone number.
  public var phone: PhoneNumber? { phones.first }
  /// The acronym when there is one, else the name: what fits in a table column.
  public var shortName: String { acronym ?? name }
}

/// What a user supplies to add or change an organisation; the store assigns the ID.
public struct NewOrganisation: Hashable, Sendable {
  public var name: String
  public var acronym: String?
  public var kind: String?
  public var parentID: OrganisationID?
  public var region: Region?
  public var services: [String]
  public var tags: [String]
  public var website: String?
  public var emails: [EmailAddress]
  public var phones: [PhoneNumber]
  public var address: String?
  public var notes: String?

  public init(
    name: String, acronym: String? = nil, kind: String? = nil, parentID: OrganisationID? = nil,
    region: Region? = nil, services: [String] = [], tags: [String] = [], website: String? = nil,
    emails: [EmailAddress] = [], phones: [PhoneNumber] = [], address: String? = nil,
    notes: String? = nil
  ) {
    self.name = name
    self.acronym = acronym
    self.kind = kind
    self.parentID = parentID
    self.region = region
    self.services = services
    self.tags = tags
    self.website = website
    self.emails = emails
    self.phones = phones
    self.address = address
    self.notes = notes
  }

  /// The same fields, as the record the store returns.
  public func organisation(id: OrganisationID) -> Organisation {
    Organisation(
      id: id, name: name, acronym: acronym, kind: kind, parentID: parentID, region: region,
      services: services, tags: tags, website: website, emails: emails, phones: phones,
      address: address, notes: notes)
  }
}
