import Foundation
import PokjaCore
import PokjaVCard

/// Contacts and organisations as vCards that phones import cleanly (3.0 by default: FN, N with the
/// honorific as prefix, ORG, TITLE, TEL;TYPE=CELL, EMAIL, NOTE, CATEGORIES).
public enum DirectoryVCards {
  /// One card per contact, with their main organisation's name.
  public static func cards(
    for contacts: [Contact], organisations: [OrganisationID: Organisation]
  ) -> [VCard] {
    contacts.map { contact in
      let organisation = contact.organisationID.flatMap { organisations[$0] }
      var phones = contact.phones.enumerated().map { index, phone in
        VCard.Phone(
          phone.value, types: phone.isMobile ? ["cell"] : ["work", "voice"],
          pref: index == 0 ? 1 : nil)
      }
      if let whatsapp = contact.whatsapp, !contact.phones.contains(.e164(whatsapp)) {
        phones.append(VCard.Phone(whatsapp.e164, types: ["cell"], label: "WhatsApp"))
      }
      var extra: [VCardProperty] = []
      if let telegram = contact.telegram {
        extra.append(.text("X-TELEGRAM", telegram))
      }
      if let whatsapp = contact.whatsapp {
        extra.append(.text("X-WHATSAPP", whatsapp.e164))
      }
      return VCard(
        formattedName: contact.addressedName,
        name: VCard.Name(given: contact.name, prefixes: contact.honorific.map { [$0] } ?? []),
        organisation: organisation.map { [$0.name] } ?? [], title: contact.position,
        emails: contact.emails.enumerated().map { index, email in
          VCard.Email(email.value, types: ["work"], pref: index == 0 ? 1 : nil)
        },
        phones: phones, note: contact.notes, categories: contact.tags,
        language: contact.language.rawValue, uid: "pokja-contact-\(contact.id.rawValue)",
        extra: extra)
    }
  }

  /// One card per organisation (shown as a company by phones that know the hint).
  public static func cards(for organisations: [Organisation]) -> [VCard] {
    organisations.map { organisation in
      VCard(
        formattedName: organisation.name, organisation: [organisation.name],
        emails: organisation.emails.map { VCard.Email($0.value, types: ["work"]) },
        phones: organisation.phones.map { VCard.Phone($0.value, types: ["work", "voice"]) },
        urls: organisation.website.map { [$0] } ?? [],
        note: [organisation.region?.description, organisation.notes].compactMap { $0 }
          .joined(separator: "\n").nilIfEmpty,
        categories: organisation.services + organisation.tags,
        addresses: organisation.address.map {
          [
            VCard.Address(
              street: $0, region: organisation.region?.province.name ?? "", types: ["work"])
          ]
        } ?? [],
        uid: "pokja-organisation-\(organisation.id.rawValue)", kind: "org",
        extra: [.text("X-ABSHOWAS", "COMPANY")])
    }
  }
}
