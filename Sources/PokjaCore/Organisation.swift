import Foundation

/// A member or partner organisation: a ministry, the police, an NGO, a provincial task force.
public struct Organisation: Identifiable, Hashable, Sendable, Codable {
  public var id: OrganisationID
  /// The public name, e.g. "Kementerian Sosial".
  public var name: String
  /// A short form people type, e.g. "Kemensos".
  public var acronym: String?
  /// What sort of body it is: ministry, police, ngo, … (free text until the directory vocabulary lands).
  public var kind: String?
  public var email: EmailAddress?
  /// E.164, e.g. `+62213103591`.
  public var phone: PhoneNumber?

  public init(
    id: OrganisationID, name: String, acronym: String? = nil, kind: String? = nil,
    email: EmailAddress? = nil, phone: PhoneNumber? = nil
  ) {
    self.id = id
    self.name = name
    self.acronym = acronym
    self.kind = kind
    self.email = email
    self.phone = phone
  }

  /// The acronym when there is one, else the name: what fits in a table column.
  public var shortName: String { acronym ?? name }
}

/// What a user supplies to add an organisation; the store assigns the ID.
public struct NewOrganisation: Hashable, Sendable {
  public var name: String
  public var acronym: String?
  public var kind: String?
  public var email: EmailAddress?
  public var phone: PhoneNumber?

  public init(
    name: String, acronym: String? = nil, kind: String? = nil, email: EmailAddress? = nil,
    phone: PhoneNumber? = nil
  ) {
    self.name = name
    self.acronym = acronym
    self.kind = kind
    self.email = email
    self.phone = phone
  }
}
