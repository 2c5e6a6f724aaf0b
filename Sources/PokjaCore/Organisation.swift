import Foundation

/// A member or partner organisation: a ministry, the police, an NGO, a provincial task force.
public struct Organisation: Identifiable, Hashable, Sendable {
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

extension Organisation: Encodable {
  /// The keys of the JSON contract (docs/json-schema.json, `organisation`), where they are not the
  /// property's name, and the ones worked out from the record.
  private enum CodingKeys: String, CodingKey {
    case id, name, acronym, kind, region, services, tags, website, emails, phones, address, notes
    case parentID = "parentId"
    case email, phone
  }

  /// Region's own keys in the contract: the province by name and by code.
  private enum RegionKeys: String, CodingKey {
    case province, provinceCode, regency
  }

  /// The organisation as `--json` prints it (without `type`, which the caller adds): the record's
  /// fields, the main email and phone, and the region with its province named. Absent values are
  /// left out.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(name, forKey: .name)
    try container.encodeIfPresent(acronym, forKey: .acronym)
    try container.encodeIfPresent(kind, forKey: .kind)
    try container.encodeIfPresent(parentID, forKey: .parentID)
    if let region {
      // Null region means national coverage, and is left out like every absent value.
      var nested = container.nestedContainer(keyedBy: RegionKeys.self, forKey: .region)
      try nested.encode(region.province.name, forKey: .province)
      try nested.encode(region.province.code, forKey: .provinceCode)
      try nested.encodeIfPresent(region.regency, forKey: .regency)
    }
    try container.encode(services, forKey: .services)
    try container.encode(tags, forKey: .tags)
    try container.encodeIfPresent(website, forKey: .website)
    try container.encodeIfPresent(email, forKey: .email)
    try container.encode(emails, forKey: .emails)
    try container.encodeIfPresent(phone, forKey: .phone)
    try container.encode(phones, forKey: .phones)
    try container.encodeIfPresent(address, forKey: .address)
    try container.encodeIfPresent(notes, forKey: .notes)
  }
}
