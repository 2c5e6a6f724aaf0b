import Foundation
import PokjaCore

/// Why the directory refused a request.
public enum DirectoryError: Error, Equatable, Sendable {
  case organisationNotFound(String)
  case contactNotFound(String)
  case duplicateOrganisation(name: String, existing: OrganisationID)
  case duplicateAcronym(acronym: String, existing: OrganisationID)
  case duplicateContactEmail(EmailAddress, existing: ContactID)
}

extension DirectoryError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .organisationNotFound(let reference):
      "No organisation '\(reference)'. Name it by the ID, exact name or acronym that 'pokja org list' shows."
    case .contactNotFound(let reference):
      "No contact '\(reference)'. Name it by the ID or email that 'pokja contact list' shows."
    case .duplicateOrganisation(let name, let existing):
      "An organisation named '\(name)' already exists (ID \(existing)). Use it, or give the new one another name."
    case .duplicateAcronym(let acronym, let existing):
      "The acronym '\(acronym)' is already used by organisation \(existing). Acronyms must be unique so they can name an organisation."
    case .duplicateContactEmail(let email, let existing):
      "A contact with email \(email) already exists (ID \(existing))."
    }
  }
}
