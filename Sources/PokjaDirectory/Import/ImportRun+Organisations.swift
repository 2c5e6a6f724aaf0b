import Foundation
import PokjaCore

/// One organisations row, read and checked: the organisation it describes (not stored yet, and
/// without its parent, which may come later in the file) and the parent as written.
struct OrganisationDraft {
  var line: Int
  var organisation: Organisation
  /// The parent as written, with its column.
  var parent: ImportRow<OrganisationField>.Cell?
}

extension ImportRun {
  /// Reads every row, then places organisations under parents named later in the file.
  func importOrganisations(csv bytes: [UInt8]) throws {
    var pendingParents: [(id: OrganisationID, line: Int, cell: ImportRow<OrganisationField>.Cell)] =
      []
    try eachCSVRecord(bytes) { (row: ImportRow<OrganisationField>) in
      var check = RowCheck(line: row.line)
      guard let draft = try organisationDraft(row, &check), check.isClean else {
        problems.add(check.problems)
        return
      }
      guard let organisation = try apply(draft, &check) else {
        problems.add(check.problems)
        return
      }
      if let parent = draft.parent, organisation.parentID == nil {
        pendingParents.append((organisation.id, draft.line, parent))
      }
    }
    for pending in pendingParents where !problems.isFull {
      var check = RowCheck(line: pending.line)
      try place(pending.id, under: pending.cell, &check)
      problems.add(check.problems)
    }
  }

  /// Reads one row's cells into a draft, noting each value that is wrong.
  func organisationDraft(
    _ row: ImportRow<OrganisationField>, _ check: inout RowCheck
  ) throws -> OrganisationDraft? {
    guard let nameCell = row.value(.name) else {
      check.add(.invalid(.empty(field: RowCheck.label(row.column(.name)))))
      return nil
    }
    var organisation = Organisation(id: .unassigned, name: nameCell.text)
    _ = try check.check(nameCell.column) {
      try Validate.singleLine(nameCell.text, field: RowCheck.label(nameCell.column))
    }
    organisation.acronym = row.value(.acronym)?.text
    if let cell = row.value(.kind) {
      organisation.kind = try check.check(cell.column) { try term(cell.text, in: .kind) } ?? nil
    }
    let province = row.value(.province)
    let regency = row.value(.regency)
    let region = row.value(.region)
    if let column = (province ?? regency ?? region)?.column {
      organisation.region =
        try check.check(column) {
          try self.region(province: province?.text, regency: regency?.text, region: region?.text)
        } ?? nil
    }
    for cell in row.list(.services) {
      if let service = try term(cell.text, in: .service), !organisation.services.contains(service) {
        organisation.services.append(service)
      }
    }
    for cell in row.list(.tags) where !organisation.tags.contains(cell.text.lowercased()) {
      organisation.tags.append(cell.text.lowercased())
    }
    organisation.website = row.value(.website)?.text
    for cell in row.list(.email) {
      if let email = try check.check(
        cell.column,
        {
          try Validate.email(cell.text, field: RowCheck.label(cell.column))
        }),
        !organisation.emails.contains(where: { $0.value.lowercased() == email.value.lowercased() })
      {
        organisation.emails.append(email)
      }
    }
    for cell in row.list(.phone, separators: [",", ";", "\n", "\r", "\r\n"]) {
      if let phone = try check.check(
        cell.column,
        {
          try Validate.phone(cell.text, field: RowCheck.label(cell.column))
        }), !organisation.phones.contains(phone)
      {
        organisation.phones.append(phone)
      }
    }
    organisation.address = row.value(.address)?.text
    organisation.notes = row.text(.notes)?.text
    return OrganisationDraft(line: row.line, organisation: organisation, parent: row.value(.parent))
  }

  /// Adds the organisation, or updates the one it matches; nil when the row cannot be applied.
  func apply(_ draft: OrganisationDraft, _ check: inout RowCheck) throws -> Organisation? {
    let described = draft.organisation
    let byName = organisations.find(described.name)
    let byAcronym = described.acronym.flatMap { organisations.find($0) }
    if let byName, let byAcronym, byName.organisation.id != byAcronym.organisation.id {
      check.add(
        .nameAndAcronymDisagree(
          name: described.name, nameOwner: byName.organisation.name,
          acronym: described.acronym ?? "",
          acronymOwner: byAcronym.organisation.name))
      return nil
    }
    var parentID: OrganisationID?
    if let cell = draft.parent, let parent = organisations.lookUp(cell.text) {
      parentID = parent.id
    }
    guard let matched = byName ?? byAcronym else {
      var new = described
      new.parentID = parentID
      let organisation = try insert(new, line: draft.line)
      record(draft.line, .added, organisation, reason: nil)
      return organisation
    }
    let old = matched.organisation
    let reason =
      matched.match == .name && SearchKey.fold(described.name) == SearchKey.fold(old.name)
      ? "same name: \(old.name)" : "same acronym: \(old.acronym ?? old.name)"
    var new = old
    new.acronym = old.acronym ?? described.acronym
    new.kind = old.kind ?? described.kind
    if old.parentID == nil, let parentID, parentID != old.id,
      !organisations.createsCycle(old.id, parent: parentID)
    {
      new.parentID = parentID
    }
    new.region = old.region ?? described.region
    new.services += described.services.filter { !old.services.contains($0) }
    new.tags += described.tags.filter { !old.tags.contains($0) }
    new.website = old.website ?? described.website
    let known = Set(old.emails.map { $0.value.lowercased() })
    new.emails += described.emails.filter { !known.contains($0.value.lowercased()) }
    new.phones += described.phones.filter { !old.phones.contains($0) }
    new.address = old.address ?? described.address
    new.notes = Self.mergedNotes(old.notes, described.notes)
    try save(old, as: new, line: draft.line, reason: reason)
    return new
  }

  /// Stores an organisation's new values, logs and indexes them, and records the row's outcome.
  private func save(_ old: Organisation, as new: Organisation, line: Int, reason: String?) throws {
    let changed = new != old
    if changed {
      try store.update(new)
      try log(
        .organisation, old.id.rawValue, new.name, .changed, line: line,
        ChangeEntry.difference(from: old, to: new))
      organisations.put(new)
    }
    let outcome: ImportReport.Outcome =
      addedOrganisations.contains(old.id) ? .merged : changed ? .updated : .unchanged
    record(line, outcome, new, reason: reason)
  }

  /// Places an organisation under the parent a row named, once every row is in.
  private func place(
    _ id: OrganisationID, under cell: ImportRow<OrganisationField>.Cell, _ check: inout RowCheck
  ) throws {
    guard let organisation = organisations.byID[id] else { return }
    guard let parent = organisations.lookUp(cell.text) else {
      check.add(.unknownParent(column: cell.column, value: cell.text))
      return
    }
    guard parent.id != id, !organisations.createsCycle(id, parent: parent.id) else {
      check.add(.parentCycle(column: cell.column, name: organisation.name))
      return
    }
    var placed = organisation
    placed.parentID = parent.id
    try store.update(placed)
    try log(
      .organisation, id.rawValue, placed.name, .changed, line: check.line,
      ChangeEntry.difference(from: organisation, to: placed))
    organisations.put(placed)
  }

  func record(
    _ line: Int, _ outcome: ImportReport.Outcome, _ organisation: Organisation, reason: String?
  ) {
    records.append(
      ImportReport.Record(
        line: line, outcome: outcome, id: organisation.id.rawValue, name: organisation.name,
        reason: reason))
  }

  /// The old notes, with the new ones added on a line of their own unless already there.
  static func mergedNotes(_ old: String?, _ new: String?) -> String? {
    guard let new, !new.isEmpty else { return old }
    guard let old, !old.isEmpty else { return new }
    return old.contains(new) ? old : old + "\n" + new
  }
}
