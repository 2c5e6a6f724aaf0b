import Foundation
import PokjaCore

/// One contact row (or vCard), read and checked; organisations are still names.
struct ContactDraft {
  var line: Int
  var honorific: String?
  var name: String
  var position: String?
  /// Organisation names or acronyms, with the column each came from.
  var organisations: [(column: String, value: String)] = []
  var role: MembershipRole?
  private(set) var emails: [EmailAddress] = []
  /// The column emails come from, for messages about them.
  var emailColumn: String
  private(set) var phones: [PhoneNumber] = []
  var whatsapp: E164Number?
  var telegram: String?
  var language: Language?
  private(set) var tags: [String] = []
  var doNotContact = false
  var notes: String?
  /// What `emails`, `phones` and `tags` hold, for checking a repeat at once: a cell of thousands
  /// of addresses made the import quadratic (found by fuzzing).
  private var emailKeys: Set<String> = []
  private var phoneSet: Set<PhoneNumber> = []
  private var tagSet: Set<String> = []

  init(line: Int, name: String, emailColumn: String) {
    self.line = line
    self.name = name
    self.emailColumn = emailColumn
  }

  mutating func add(email: EmailAddress) {
    if emailKeys.insert(ContactIndex.key(email)).inserted { emails.append(email) }
  }

  mutating func add(phone: PhoneNumber) {
    if phoneSet.insert(phone).inserted { phones.append(phone) }
  }

  mutating func add(tag: String) {
    let tag = tag.lowercased()
    if tagSet.insert(tag).inserted { tags.append(tag) }
  }

  /// Splits "Ibu Wulan Sari" into honorific and name unless the honorific is given; drops a given
  /// honorific repeated at the start of the name.
  mutating func separateHonorific() {
    let split = ImportValues.splitHonorific(name)
    guard let found = split.honorific else { return }
    if honorific == nil || SearchKey.fold(honorific ?? "") == SearchKey.fold(found) {
      honorific = honorific ?? found
      name = split.name
    }
  }
}

extension ImportRun {
  /// Imports a contacts CSV.
  func importContacts(csv bytes: [UInt8]) throws {
    var contacts = ContactIndex(try store.contacts())
    var added: Set<ContactID> = []
    try eachCSVRecord(bytes) { (row: ImportRow<ContactField>) in
      var check = RowCheck(line: row.line)
      if let draft = try contactDraft(row, &check) {
        try apply(draft, &check, contacts: &contacts, added: &added)
      }
      problems.add(check.problems)
    }
  }

  /// Reads one row's cells into a draft, noting each value that is wrong.
  func contactDraft(_ row: ImportRow<ContactField>, _ check: inout RowCheck) throws
    -> ContactDraft?
  {
    guard let nameCell = row.value(.name) else {
      check.add(.invalid(.empty(field: RowCheck.label(row.column(.name)))))
      return nil
    }
    var draft = ContactDraft(line: row.line, name: nameCell.text, emailColumn: row.column(.email))
    draft.honorific = row.value(.honorific)?.text
    draft.separateHonorific()
    draft.position = row.value(.position)?.text
    if let cell = row.value(.organisation) { draft.organisations = [(cell.column, cell.text)] }
    if let cell = row.value(.role) {
      draft.role = try check.check(cell.column) {
        guard let role = MembershipRole(parsing: cell.text) else {
          throw DirectoryError.unknownRole(cell.text)
        }
        return role
      }
    }
    for cell in row.list(.email) {
      if let email = try check.check(
        cell.column,
        {
          try Validate.email(cell.text, field: RowCheck.label(cell.column))
        })
      {
        draft.add(email: email)
      }
    }
    // Numbers are not split at "/": "0812-3456-7890 / 0813-…" splits, but so would nothing else.
    let numberSeparators: Set<Character> = [",", ";", "/", "\n", "\r", "\r\n"]
    for cell in row.list(.phone, separators: numberSeparators) {
      if let phone = try check.check(
        cell.column,
        {
          try Validate.phone(cell.text, field: RowCheck.label(cell.column))
        })
      {
        draft.add(phone: phone)
      }
    }
    for cell in row.list(.whatsapp, separators: numberSeparators) {
      if let number = try check.check(
        cell.column,
        {
          try Validate.whatsApp(cell.text, field: RowCheck.label(cell.column))
        })
      {
        draft.whatsapp = draft.whatsapp ?? number
        draft.add(phone: .e164(number))
      }
    }
    if let cell = row.value(.telegram) {
      draft.telegram = cell.text.hasPrefix("@") ? String(cell.text.dropFirst()) : cell.text
    }
    if let cell = row.value(.language) {
      draft.language = try check.check(cell.column) {
        guard let language = Language(parsing: cell.text) else {
          throw InputError.invalidLanguage(cell.text)
        }
        return language
      }
    }
    for cell in row.list(.tags) { draft.add(tag: cell.text) }
    if let cell = row.value(.doNotContact) { draft.doNotContact = ImportValues.isYes(cell.text) }
    draft.notes = row.text(.notes)?.text
    return draft
  }

  /// Adds the contact, or merges it into the one it duplicates. Problems go to `check`.
  func apply(
    _ draft: ContactDraft, _ check: inout RowCheck, contacts: inout ContactIndex,
    added: inout Set<ContactID>
  ) throws {
    var memberships: [Organisation] = []
    for (column, value) in draft.organisations {
      // A name the directory would refuse (control characters) is refused here too, before it is
      // added: the store would keep one name for two (found by fuzzing: a raw database error).
      guard
        let found = try check.check(column, { try organisation(named: value, line: draft.line) })
      else { continue }
      guard let organisation = found else {
        check.add(.unknownOrganisation(column: column, value: value))
        continue
      }
      if !memberships.contains(where: { $0.id == organisation.id }) {
        memberships.append(organisation)
      }
    }
    let owners = contacts.owners(of: draft.emails)
    if owners.count > 1 {
      check.add(.emailsOfSeveralContacts(column: draft.emailColumn, owners[0], owners[1]))
    }
    guard check.isClean else { return }
    let role = draft.role ?? .member
    let joined = memberships.map { Membership(organisationID: $0.id, role: role) }

    if let match = contacts.match(
      emails: draft.emails, phones: draft.phones, name: draft.name, organisations: memberships)
    {
      guard let old = try store.contact(.id(match.id)) else { return }
      // Addresses compare without case; the row may have none at all.
      let known = Set(old.emails.map(ContactIndex.key))
      let newEmails = draft.emails.filter { !known.contains(ContactIndex.key($0)) }
      let other = Contact(
        id: old.id, honorific: draft.honorific, name: draft.name, position: draft.position,
        memberships: joined, email: newEmails.first ?? old.email,
        otherEmails: Array(newEmails.dropFirst()), phones: draft.phones,
        whatsapp: draft.whatsapp, telegram: draft.telegram, tags: draft.tags,
        doNotContact: draft.doNotContact,
        notes: Self.mergedNotes(old.notes, draft.notes) == old.notes ? nil : draft.notes)
      let merged = Directory.merged(old, other, on: directory.today.day)
      let changed = merged != old
      if changed {
        try store.update(merged)
        try log(
          .contact, old.id.rawValue, merged.name, .changed, line: draft.line,
          ChangeEntry.difference(from: old, to: merged))
        contacts.put(merged)
      }
      let outcome: ImportReport.Outcome =
        added.contains(old.id) ? .merged : changed ? .updated : .unchanged
      records.append(
        ImportReport.Record(
          line: draft.line, outcome: outcome, id: old.id.rawValue, name: merged.name,
          reason: match.reason))
      return
    }

    guard let email = draft.emails.first else {
      check.add(.missingEmail(column: draft.emailColumn, name: draft.name))
      return
    }
    let contact = try store.insert(
      Contact(
        id: .unassigned, honorific: draft.honorific, name: draft.name, position: draft.position,
        memberships: joined, email: email, otherEmails: Array(draft.emails.dropFirst()),
        phones: draft.phones, whatsapp: draft.whatsapp, telegram: draft.telegram,
        language: draft.language ?? .indonesian, tags: draft.tags,
        doNotContact: draft.doNotContact, notes: draft.notes))
    try log(.contact, contact.id.rawValue, contact.name, .added, line: draft.line)
    contacts.put(contact)
    added.insert(contact.id)
    records.append(
      ImportReport.Record(
        line: draft.line, outcome: .added, id: contact.id.rawValue, name: contact.name,
        reason: nil))
  }

  /// The organisation a contact row names; with `--create-orgs`, one it does not know is added.
  private func organisation(named value: String, line: Int) throws -> Organisation? {
    if let found = organisations.lookUp(value) { return found }
    guard options.createOrganisations else { return nil }
    let split = OrganisationIndex.nameAndAcronym(value)
    let name = try Validate.singleLine(split?.name ?? value, field: "organisation")
    let acronym = try Validate.optionalSingleLine(split?.acronym, field: "organisation")
    let created = try insert(
      Organisation(id: .unassigned, name: name, acronym: acronym), line: line)
    createdOrganisations.append(
      ImportReport.Record(
        line: line, outcome: .added, id: created.id.rawValue, name: created.name, reason: nil))
    return created
  }
}
