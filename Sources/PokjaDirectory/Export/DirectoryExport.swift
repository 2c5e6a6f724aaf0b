import Foundation
import PokjaCore
import PokjaVCard

/// The directory written out as CSV (headers the importer reads back), vCard, or rows for JSON.
public struct DirectoryExport: Sendable {
  /// The language of CSV headers.
  public var language: Language

  public init(language: Language = .indonesian) { self.language = language }

  /// Contacts as CSV, one row each.
  public func contactsCSV(
    _ contacts: [Contact], organisations: [OrganisationID: Organisation], writer: CSVWriter
  ) -> String {
    let header =
      language == .indonesian
      ? [
        "Sapaan", "Nama", "Jabatan", "Instansi", "Peran", "Email", "No. HP", "WhatsApp", "Telegram",
        "Bahasa", "Tag", "Catatan",
      ]
      : [
        "Honorific", "Name", "Position", "Organisation", "Role", "Email", "Phone", "WhatsApp",
        "Telegram", "Language", "Tag", "Notes",
      ]
    let rows = contacts.map { contact -> [String] in
      let membership = contact.memberships.first
      return [
        contact.honorific ?? "", contact.name, contact.position ?? "",
        membership.flatMap { organisations[$0.organisationID]?.name } ?? "",
        membership?.role.rawValue ?? "", contact.emails.map(\.value).joined(separator: "; "),
        contact.phones.map(\.formatted).joined(separator: "; "),
        contact.whatsapp?.formatted ?? "", contact.telegram ?? "", contact.language.rawValue,
        contact.tags.joined(separator: ", "), contact.notes ?? "",
      ]
    }
    return writer.document(header: header, rows: rows)
  }

  /// Organisations as CSV, one row each.
  public func organisationsCSV(
    _ organisations: [Organisation], byID: [OrganisationID: Organisation], writer: CSVWriter
  ) -> String {
    let header =
      language == .indonesian
      ? [
        "Nama", "Singkatan", "Jenis", "Induk", "Provinsi", "Kabupaten/Kota", "Layanan", "Tag",
        "Website", "Email", "Telepon", "Alamat", "Catatan",
      ]
      : [
        "Name", "Acronym", "Kind", "Parent", "Province", "Regency/City", "Services", "Tag",
        "Website", "Email", "Phone", "Address", "Notes",
      ]
    let rows = organisations.map { organisation -> [String] in
      [
        organisation.name, organisation.acronym ?? "", organisation.kind ?? "",
        organisation.parentID.flatMap { byID[$0]?.name } ?? "",
        organisation.region?.province.name ?? "", organisation.region?.regency ?? "",
        organisation.services.joined(separator: ", "), organisation.tags.joined(separator: ", "),
        organisation.website ?? "", organisation.emails.map(\.value).joined(separator: "; "),
        organisation.phones.map(\.formatted).joined(separator: "; "), organisation.address ?? "",
        organisation.notes ?? "",
      ]
    }
    return writer.document(header: header, rows: rows)
  }

  /// Contacts as one vCard file.
  public func contactsVCard(
    _ contacts: [Contact], organisations: [OrganisationID: Organisation],
    version: VCardVersion = .v3
  ) -> String {
    VCardWriter.serialize(
      DirectoryVCards.cards(for: contacts, organisations: organisations), version: version)
  }

  /// Organisations as one vCard file.
  public func organisationsVCard(_ organisations: [Organisation], version: VCardVersion = .v3)
    -> String
  {
    VCardWriter.serialize(DirectoryVCards.cards(for: organisations), version: version)
  }
}
