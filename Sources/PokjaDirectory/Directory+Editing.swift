import Foundation
import PokjaCore

extension Directory {
  /// Applies `edit` to the organisation named by `reference`, logs what changed, and returns it.
  public func editOrganisation(_ reference: String, _ edit: OrganisationEdit) throws
    -> Added<Organisation>
  {
    // Read, changed and written in one write transaction, as `editContact`.
    try store.atomically { try editOrganisationInTransaction(reference, edit) }
  }

  private func editOrganisationInTransaction(_ reference: String, _ edit: OrganisationEdit) throws
    -> Added<Organisation>
  {
    let old = try organisation(reference)
    var learned: [String] = []
    var input = OrganisationInput(
      name: edit.name ?? old.name, acronym: old.acronym, kind: old.kind,
      services: old.services, tags: old.tags, website: old.website,
      emails: old.emails.map(\.value), phones: old.phones.map(\.value), address: old.address,
      notes: old.notes)
    if let acronym = edit.acronym { input.acronym = acronym.isEmpty ? nil : acronym }
    if let kind = edit.kind { input.kind = kind.isEmpty ? nil : kind }
    if let website = edit.website { input.website = website }
    if let address = edit.address { input.address = address }
    if let notes = edit.notes { input.notes = notes }
    let vocabulary = try vocabulary()
    let removedServices = Set(
      edit.removeServices.compactMap { vocabulary.resolve($0, in: .service)?.term })
    input.services = input.services.filter { !removedServices.contains($0) } + edit.addServices
    let removedTags = Set(try Self.tags(edit.removeTags))
    input.tags = input.tags.filter { !removedTags.contains($0) } + edit.addTags
    let removedEmails = Set(edit.removeEmails.compactMap(EmailAddress.init))
    input.emails = old.emails.filter { !removedEmails.contains($0) }.map(\.value) + edit.addEmails
    let removedPhones = Set(edit.removePhones.compactMap { PhoneNumber($0) })
    input.phones = old.phones.filter { !removedPhones.contains($0) }.map(\.value) + edit.addPhones
    var updated = try validated(input, learned: &learned)
    updated.id = old.id
    updated.parentID = old.parentID
    updated.region = old.region
    if let parent = edit.parent {
      updated.parentID = parent.isEmpty ? nil : try organisation(parent).id
      if try createsCycle(old.id, parent: updated.parentID) {
        throw DirectoryError.parentCycle(old.name)
      }
    }
    if let region = edit.region { updated.region = try self.region(region) }
    if SearchKey.fold(updated.name) != SearchKey.fold(old.name),
      let clash = try store.organisation(.key(updated.name)), clash.id != old.id
    {
      throw DirectoryError.duplicateOrganisation(name: updated.name, existing: clash.id)
    }
    if let acronym = updated.acronym, let clash = try store.organisation(.key(acronym)),
      clash.id != old.id
    {
      throw DirectoryError.duplicateAcronym(acronym: acronym, existing: clash.id)
    }
    let summary = ChangeEntry.difference(from: old, to: updated)
    guard !summary.isEmpty else { return Added(record: old, newTerms: learned) }
    try store.update(updated)
    try log(.organisation, old.id.rawValue, updated.name, .changed, summary)
    return Added(record: updated, newTerms: learned)
  }

  /// Applies `edit` to the contact named by `reference`, logs what changed, and returns it.
  public func editContact(_ reference: String, _ edit: ContactEdit) throws -> Contact {
    // Read, changed and written in one write transaction: an edit made meanwhile by another
    // secretary (another process, another host) is read first, never overwritten with stale fields.
    try store.atomically { try editContactInTransaction(reference, edit) }
  }

  private func editContactInTransaction(_ reference: String, _ edit: ContactEdit) throws -> Contact
  {
    let old = try contact(reference)
    var updated = old
    if let name = edit.name { updated.name = try Validate.singleLine(name, field: "--name") }
    if let honorific = edit.honorific {
      updated.honorific = try Validate.optionalSingleLine(honorific, field: "--honorific")
    }
    if let position = edit.position {
      updated.position = try Validate.optionalSingleLine(position, field: "--position")
    }
    if let whatsapp = edit.whatsapp {
      updated.whatsapp =
        whatsapp.isEmpty ? nil : try Validate.whatsApp(whatsapp, field: "--whatsapp")
    }
    if let telegram = edit.telegram {
      updated.telegram = try Validate.optionalSingleLine(telegram, field: "--telegram")
    }
    if let language = edit.language {
      guard let value = Language(parsing: language) else {
        throw InputError.invalidLanguage(language)
      }
      updated.language = value
    }
    if let notes = edit.notes { updated.notes = notes.isEmpty ? nil : notes }
    if let doNotContact = edit.doNotContact { updated.doNotContact = doNotContact }
    // Addresses: keep the main one unless told otherwise; never leave none.
    var emails = old.emails
    let removed = try edit.removeEmails.map { try Validate.email($0, field: "--remove-email") }
    emails.removeAll { removed.contains($0) }
    for text in edit.addEmails + (edit.mainEmail.map { [$0] } ?? []) {
      let email = try Validate.email(text, field: "--add-email")
      if !emails.contains(email) { emails.append(email) }
    }
    if let main = edit.mainEmail {
      let email = try Validate.email(main, field: "--main-email")
      emails.removeAll { $0 == email }
      emails.insert(email, at: 0)
    }
    guard let first = emails.first else { throw InputError.empty(field: "--email") }
    updated.email = first
    updated.otherEmails = Array(emails.dropFirst())
    for email in emails where !old.emails.contains(email) {
      if let owner = try store.contact(havingEmail: email), owner.id != old.id {
        throw DirectoryError.duplicateContactEmail(owner.email, existing: owner.id)
      }
    }
    let removedPhones = try edit.removePhones.map {
      try Validate.phone($0, field: "--remove-phone")
    }
    updated.phones.removeAll { removedPhones.contains($0) }
    for text in edit.addPhones {
      let phone = try Validate.phone(text, field: "--add-phone")
      if !updated.phones.contains(phone) { updated.phones.append(phone) }
    }
    let removedTags = Set(try Self.tags(edit.removeTags))
    updated.tags.removeAll { removedTags.contains($0) }
    for tag in try Self.tags(edit.addTags) where !updated.tags.contains(tag) {
      updated.tags.append(tag)
    }
    var role: MembershipRole?
    if let text = edit.role {
      guard let value = MembershipRole(parsing: text) else {
        throw DirectoryError.unknownRole(text)
      }
      role = value
    }
    let removedOrganisations = try edit.removeOrganisations.map { try organisation($0).id }
    updated.memberships.removeAll { removedOrganisations.contains($0.organisationID) }
    let since = try edit.since.map { try Validate.day($0, field: "--since") }
    for reference in edit.addOrganisations {
      let id = try organisation(reference).id
      if let index = updated.memberships.firstIndex(where: { $0.organisationID == id }) {
        if let role { updated.memberships[index].role = role }
        if let since { updated.memberships[index].since = since }
        updated.memberships[index].until = nil
      } else {
        updated.memberships.append(
          Membership(organisationID: id, role: role ?? .member, since: since))
      }
    }
    let leaveDay = try edit.leaveDate.map { try Validate.day($0, field: "--until") } ?? today.day
    for reference in edit.leaveOrganisations {
      let id = try organisation(reference).id
      guard let index = updated.memberships.firstIndex(where: { $0.organisationID == id }) else {
        throw DirectoryError.notAMember(updated.name, organisation: reference)
      }
      updated.memberships[index].until = leaveDay
    }
    if let role, edit.addOrganisations.isEmpty {
      for index in updated.memberships.indices { updated.memberships[index].role = role }
    }
    // Whoever has left an organisation is no longer named by it (the membership stays, dated).
    (updated.memberships, updated.organisationID) = Contact.arranged(
      updated.memberships, on: today.day)
    let summary = ChangeEntry.difference(from: old, to: updated)
    guard !summary.isEmpty else { return old }
    try store.update(updated)
    try log(.contact, old.id.rawValue, updated.name, .changed, summary)
    return updated
  }

  /// Removes a contact who is not invited to any meeting.
  public func removeContact(_ reference: String) throws -> Contact {
    let contact = try contact(reference)
    let meetings = try store.meetings(attendedBy: contact.id)
    guard meetings.isEmpty else {
      throw DirectoryError.contactInMeetings(contact.name, meetings: meetings)
    }
    try store.atomically {
      try store.delete(contact.id)
      try log(.contact, contact.id.rawValue, contact.name, .removed, contact.email.value)
    }
    return contact
  }

  /// Folds `other` into `keep`: `keep` gains the other's addresses, numbers, memberships and tags
  /// (and fields it lacks), takes over its meetings and messages, and `other` is removed.
  public func mergeContacts(keep keepReference: String, other otherReference: String) throws
    -> Contact
  {
    // Both read in the write transaction that merges them, so no edit made meanwhile is lost.
    try store.atomically {
      let keep = try contact(keepReference)
      let other = try contact(otherReference)
      guard keep.id != other.id else { return keep }
      let merged = Self.merged(keep, other, on: today.day)
      try store.merge(other.id, into: merged)
      try log(
        .contact, keep.id.rawValue, merged.name, .merged,
        "merged contact \(other.id) (\(other.name), \(other.email))")
      try log(.contact, other.id.rawValue, other.name, .removed, "merged into contact \(keep.id)")
      return merged
    }
  }

  /// The fields of two records of one person, `keep` winning where both have a value; the
  /// memberships current on `day` (`2026-11-29`) come first and name the contact.
  public static func merged(_ keep: Contact, _ other: Contact, on day: String) -> Contact {
    var merged = keep
    merged.honorific = keep.honorific ?? other.honorific
    merged.position = keep.position ?? other.position
    merged.whatsapp = keep.whatsapp ?? other.whatsapp
    merged.telegram = keep.telegram ?? other.telegram
    merged.otherEmails += other.emails.filter { !keep.emails.contains($0) }
    merged.phones += other.phones.filter { !keep.phones.contains($0) }
    merged.memberships += other.memberships.filter { membership in
      !keep.memberships.contains { $0.organisationID == membership.organisationID }
    }
    (merged.memberships, merged.organisationID) = Contact.arranged(merged.memberships, on: day)
    merged.tags += other.tags.filter { !keep.tags.contains($0) }
    merged.doNotContact = keep.doNotContact || other.doNotContact
    merged.notes = [keep.notes, other.notes].compactMap { $0 }.joined(separator: "\n").nilIfEmpty
    return merged
  }

  /// The change log, newest first: all of it, or one organisation's or contact's.
  public func changes(
    organisation: String? = nil, contact: String? = nil, limit: Int = 100
  ) throws -> [ChangeEntry] {
    if let contact {
      // A removed contact is still named by its ID in the log.
      let id: Int64
      if let found = try? self.contact(contact) {
        id = found.id.rawValue
      } else if let parsed = ContactID(parsing: contact) {
        id = parsed.rawValue
      } else {
        throw DirectoryError.contactNotFound(contact)
      }
      return try store.changes(entity: .contact, id: id, limit: limit)
    }
    if let organisation {
      return try store.changes(
        entity: .organisation, id: try self.organisation(organisation).id.rawValue, limit: limit)
    }
    return try store.changes(entity: nil, id: nil, limit: limit)
  }

  func log(
    _ entity: ChangeEntry.Entity, _ id: Int64, _ name: String, _ action: ChangeEntry.Action,
    _ summary: String
  ) throws {
    try store.log(
      ChangeEntry(
        at: clock.now(), actor: actor, entity: entity, entityID: id, name: name, action: action,
        summary: summary))
  }

  private func createsCycle(_ id: OrganisationID, parent: OrganisationID?) throws -> Bool {
    var current = parent
    var seen: Set<OrganisationID> = []
    while let next = current {
      if next == id { return true }
      guard seen.insert(next).inserted, let organisation = try store.organisation(.id(next)) else {
        return false
      }
      current = organisation.parentID
    }
    return false
  }
}
