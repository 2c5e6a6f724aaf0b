import Foundation
import PokjaCore

/// Why the directory refused a request.
public enum DirectoryError: Error, Equatable, Sendable {
  case organisationNotFound(String)
  case contactNotFound(String)
  case duplicateOrganisation(name: String, existing: OrganisationID)
  case duplicateAcronym(acronym: String, existing: OrganisationID)
  case duplicateContactEmail(EmailAddress, existing: ContactID)
  case unknownProvince(String)
  /// Neither a province nor a regency/city the directory knows.
  case unknownRegion(String)
  /// A regency/city name found in several provinces.
  case ambiguousRegion(String, provinces: [String])
  /// A regency/city the directory has not seen, given without its province.
  case regencyNeedsProvince(String)
  case unknownService(String, known: [String])
  case unknownRole(String)
  /// An organisation cannot be its own parent, directly or through others.
  case parentCycle(String)
  case notAMember(String, organisation: String)
  case groupNotFound(String)
  /// Another group is that kelompok already.
  case kelompokTaken(Int, by: String)
  /// No group is that kelompok.
  case noKelompok(Int)
  case duplicateGroup(String)
  case invalidGroupQuery(String)
  /// A group needs members or a query.
  case emptyGroup(String)
  /// A contact invited to meetings cannot be removed.
  case contactInMeetings(String, meetings: [String])
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
    case .unknownProvince(let text):
      "'\(text)' is not one of Indonesia's 38 provinces. Write its name (Jawa Barat), its code (32) or a common short form (Jabar)."
    case .unknownRegion(let text):
      "'\(text)' is neither a province nor a regency or city the directory knows. Write it as \"Kota Surabaya, Jawa Timur\", or a province alone."
    case .ambiguousRegion(let text, let provinces):
      "'\(text)' is in several provinces (\(provinces.joined(separator: ", "))). Add the province: \"\(text), \(provinces[0])\"."
    case .regencyNeedsProvince(let text):
      "Say which province '\(text)' is in: \"\(text), Jawa Barat\" or --province."
    case .unknownService(let text, let known):
      "No organisation offers '\(text)'. Known services: \(known.joined(separator: ", "))."
    case .unknownRole(let text):
      "'\(text)' is not a role. Use head, focal-point or member (ketua, narahubung, anggota)."
    case .notAMember(let name, let organisation):
      "\(name) is not a member of '\(organisation)'. 'pokja contact show' lists their organisations."
    case .groupNotFound(let name):
      "No group '\(name)'. 'pokja group list' shows the groups."
    case .kelompokTaken(let number, let other):
      "Kelompok \(number) is the group '\(other)' already. Give another number, or take it from that group with 'pokja group edit \(other) --kelompok 0'."
    case .noKelompok(let number):
      "No group is kelompok \(number). Make one with 'pokja group edit NAME --kelompok \(number)'."
    case .duplicateGroup(let name):
      "A group named '\(name)' already exists. Add members to it with 'pokja group add-member'."
    case .invalidGroupQuery(let text):
      "'\(text)' is not a group query. Write it as \"kind=ngo,region=Jawa Barat\" with kind, region, tag or service."
    case .emptyGroup(let name):
      "Group '\(name)' needs members (--contact, --org) or a query (--where, --kind, --region, --tag, --service)."
    case .contactInMeetings(let name, let meetings):
      "\(name) is invited to \(meetings.count) meeting(s) (\(meetings.prefix(3).joined(separator: "; "))). Keep the record and mark it with 'pokja contact edit --opt-out', or merge it into another contact with 'pokja contact merge'."
    case .parentCycle(let name):
      "'\(name)' cannot be placed under itself. Choose another --parent."
    }
  }
}
