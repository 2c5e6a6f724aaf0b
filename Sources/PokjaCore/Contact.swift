import Foundation

/// A person in the directory, usually a focal point of an organisation.
public struct Contact: Identifiable, Hashable, Sendable, Codable {
  public var id: ContactID
  /// The plain name, without honorific.
  public var name: String
  public var organisationID: OrganisationID?
  public var email: EmailAddress
  /// E.164.
  public var phone: PhoneNumber?
  /// The language this person's messages are written in.
  public var language: Language

  public init(
    id: ContactID, name: String, organisationID: OrganisationID? = nil, email: EmailAddress,
    phone: PhoneNumber? = nil, language: Language = .indonesian
  ) {
    self.id = id
    self.name = name
    self.organisationID = organisationID
    self.email = email
    self.phone = phone
    self.language = language
  }
}

/// What a user supplies to add a contact; the store assigns the ID.
public struct NewContact: Hashable, Sendable {
  public var name: String
  public var organisationID: OrganisationID?
  public var email: EmailAddress
  public var phone: PhoneNumber?
  public var language: Language

  public init(
    name: String, organisationID: OrganisationID? = nil, email: EmailAddress,
    phone: PhoneNumber? = nil, language: Language = .indonesian
  ) {
    self.name = name
    self.organisationID = organisationID
    self.email = email
    self.phone = phone
    self.language = language
  }
}
