import Foundation
import PokjaCore

/// Checking what a user gave for an organisation or a contact before it is stored.
extension Directory {
  /// The organisation `input` describes, checked and read through the vocabulary; not stored yet
  /// (its ID is `.unassigned`).
  func validated(_ input: OrganisationInput, learned: inout [String]) throws -> Organisation {
    let name = try Validate.singleLine(input.name, field: "--name")
    let acronym = try Validate.optionalSingleLine(input.acronym, field: "--acronym")
    let vocabulary = try vocabulary()
    var kind: String?
    if let text = try Validate.optionalSingleLine(input.kind, field: "--kind"),
      let resolved = vocabulary.resolve(text, in: .kind)
    {
      kind = resolved.term
      if resolved.isNew {
        try store.learn(resolved.term, in: .kind)
        learned.append("kind '\(resolved.term)'")
      }
    }
    var services: [String] = []
    for text in input.services {
      let line = try Validate.singleLine(text, field: "--service")
      guard let resolved = vocabulary.resolve(line, in: .service) else { continue }
      if resolved.isNew {
        try store.learn(resolved.term, in: .service)
        learned.append("service '\(resolved.term)'")
      }
      if !services.contains(resolved.term) { services.append(resolved.term) }
    }
    var region: Region?
    if let provinceText = try Validate.optionalSingleLine(input.province, field: "--province") {
      guard let province = Province.named(provinceText) else {
        throw DirectoryError.unknownProvince(provinceText)
      }
      let regency = try Validate.optionalSingleLine(input.regency, field: "--regency")
      region = Region(province: province, regency: regency)
    } else if let regency = try Validate.optionalSingleLine(input.regency, field: "--regency") {
      region = try self.region(regency)
      if region?.regency == nil { throw DirectoryError.regencyNeedsProvince(regency) }
    } else if let text = try Validate.optionalSingleLine(input.region, field: "--region") {
      region = try self.region(text)
    }
    let parent = try input.parent.map { try organisation($0).id }
    return Organisation(
      id: .unassigned, name: name, acronym: acronym, kind: kind, parentID: parent, region: region,
      services: services, tags: try Self.tags(input.tags),
      website: try Validate.optionalSingleLine(input.website, field: "--website"),
      emails: try input.emails.map { try Validate.email($0, field: "--email") },
      phones: try input.phones.map { try Validate.phone($0, field: "--phone") },
      address: try Validate.optionalSingleLine(input.address, field: "--address"),
      notes: input.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty })
  }

  /// The contact `input` describes, checked, with their memberships current today first; not
  /// stored yet (its ID is `.unassigned`).
  func validated(_ input: ContactInput) throws -> Contact {
    let name = try Validate.singleLine(input.name, field: "--name")
    guard let first = input.emails.first else { throw InputError.empty(field: "--email") }
    let email = try Validate.email(first, field: "--email")
    let others = try input.emails.dropFirst().map { try Validate.email($0, field: "--email") }
    var language = Language.indonesian
    if let text = input.language {
      guard let value = Language(parsing: text) else { throw InputError.invalidLanguage(text) }
      language = value
    }
    var role = MembershipRole.member
    if let text = input.role {
      guard let value = MembershipRole(parsing: text) else {
        throw DirectoryError.unknownRole(text)
      }
      role = value
    }
    let since = try input.since.map { try Validate.day($0, field: "--since") }
    let until = try input.until.map { try Validate.day($0, field: "--until") }
    var memberships: [Membership] = []
    for reference in input.organisations {
      let id = try organisation(reference).id
      if !memberships.contains(where: { $0.organisationID == id }) {
        memberships.append(Membership(organisationID: id, role: role, since: since, until: until))
      }
    }
    // Someone recorded as having left already (--until in the past) is not named by it.
    let arranged = Contact.arranged(memberships, on: today.day)
    return Contact(
      id: .unassigned,
      honorific: try Validate.optionalSingleLine(input.honorific, field: "--honorific"),
      name: name, position: try Validate.optionalSingleLine(input.position, field: "--position"),
      organisationID: arranged.main, memberships: arranged.memberships, email: email,
      otherEmails: Array(others),
      phones: try input.phones.map { try Validate.phone($0, field: "--phone") },
      whatsapp: try input.whatsapp.map { try Validate.whatsApp($0, field: "--whatsapp") },
      telegram: try Validate.optionalSingleLine(input.telegram, field: "--telegram")
        .map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 },
      language: language, tags: try Self.tags(input.tags), doNotContact: input.doNotContact,
      notes: input.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty })
  }

  static func tags(_ texts: [String]) throws -> [String] {
    var tags: [String] = []
    for text in texts {
      for part in text.split(separator: ",") {
        let tag = try Validate.singleLine(String(part), field: "--tag").lowercased()
        if !tags.contains(tag) { tags.append(tag) }
      }
    }
    return tags
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
