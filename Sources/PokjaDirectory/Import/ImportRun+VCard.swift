import Foundation
import PokjaCore
import PokjaVCard

extension ImportRun {
  /// Imports contacts from vCard 2.1, 3.0 or 4.0 text (a phone's or Google Contacts' export).
  func importContacts(vCards bytes: [UInt8]) throws {
    let text = String(decoding: bytes, as: UTF8.self)
    let cards: [VCard]
    do {
      cards = try VCardParser.parse(text)
    } catch {
      problems.add(ImportProblem(line: error.line, .vCard(error)))
      return
    }
    guard !cards.isEmpty else { throw ImportError.empty(file: source.name, format: .vcard) }
    let lines = Self.cardLines(text)
    var contacts = ContactIndex(try store.contacts())
    var added: Set<ContactID> = []
    for (index, card) in cards.enumerated() {
      if problems.isFull {
        problems.stop()
        return
      }
      // The parser keeps no line numbers for cards it read well; counting BEGIN lines gives them.
      var check = RowCheck(line: index < lines.count ? lines[index] : 0)
      let draft = try contactDraft(card, &check)
      try apply(draft, &check, contacts: &contacts, added: &added)
      problems.add(check.problems)
    }
  }

  /// The physical line of each `BEGIN:VCARD`, in order.
  static func cardLines(_ text: String) -> [Int] {
    var lines: [Int] = []
    var number = 0
    for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      number += 1
      let trimmed = line.drop { $0 == "\u{FEFF}" }
      if trimmed.prefix(11).uppercased() == "BEGIN:VCARD" { lines.append(number) }
    }
    return lines
  }

  /// Reads one card into a draft: FN (or N) → name, N's prefixes → honorific, ORG → organisation,
  /// TITLE → position, ROLE → role, EMAIL, TEL (a `whatsapp` type or label also sets WhatsApp),
  /// NOTE, CATEGORIES → tags, LANG → language.
  func contactDraft(_ card: VCard, _ check: inout RowCheck) throws -> ContactDraft {
    var draft = ContactDraft(
      line: check.line, name: ImportValues.oneLine(card.formattedName), emailColumn: "EMAIL")
    let prefixes = card.name?.prefixes.filter { !$0.isEmpty } ?? []
    if !prefixes.isEmpty {
      draft.honorific = prefixes.joined(separator: " ")
      // FN usually repeats the prefixes: "Ibu Wulan Sari".
      let words = draft.name.split(separator: " ")
      if words.count > prefixes.count,
        zip(words, prefixes).allSatisfy({ SearchKey.fold(String($0)) == SearchKey.fold($1) })
      {
        draft.name = words.dropFirst(prefixes.count).joined(separator: " ")
      }
    }
    draft.separateHonorific()
    _ = try check.check("FN") { try Validate.singleLine(draft.name, field: "field 'FN'") }
    draft.position = card.title.map(ImportValues.oneLine).flatMap { $0.isEmpty ? nil : $0 }
    if let role = card.role.map(ImportValues.oneLine), !role.isEmpty {
      if let parsed = MembershipRole(parsing: role) {
        draft.role = parsed
      } else if draft.position == nil {
        draft.position = role
      }
    }
    if let organisation = card.organisation.first.map(ImportValues.oneLine),
      !organisation.isEmpty
    {
      draft.organisations = [("ORG", organisation)]
    }
    // The preferred address first: it becomes the main one.
    let emails = card.emails.enumerated().sorted {
      ($0.element.pref ?? 101, $0.offset) < ($1.element.pref ?? 101, $1.offset)
    }.map(\.element)
    for email in emails {
      if let address = try check.check(
        "EMAIL",
        {
          try Validate.email(email.value, field: "field 'EMAIL'")
        })
      {
        draft.add(email: address)
      }
    }
    let phones = card.phones.enumerated().sorted {
      ($0.element.pref ?? 101, $0.offset) < ($1.element.pref ?? 101, $1.offset)
    }.map(\.element)
    for phone in phones {
      guard
        let number = try check.check(
          "TEL", { try Validate.phone(phone.value, field: "field 'TEL'") })
      else { continue }
      draft.add(phone: number)
      let words = (phone.types + [phone.label ?? ""]).map { SearchKey.fold($0) }
      // A service number labelled WhatsApp stays a phone number: it has no WhatsApp.
      if words.contains(where: { $0 == "whatsapp" || $0 == "wa" || $0 == "x-whatsapp" }),
        let whatsapp = number.e164Number
      {
        draft.whatsapp = draft.whatsapp ?? whatsapp
      }
    }
    for property in card.extra where property.name == "X-WHATSAPP" {
      if let number = try check.check(
        "X-WHATSAPP", { try Validate.whatsApp(property.textValue, field: "field 'X-WHATSAPP'") })
      {
        draft.whatsapp = draft.whatsapp ?? number
        draft.add(phone: .e164(number))
      }
    }
    if let telegram = card.extra.first(where: { $0.name == "X-TELEGRAM" })?.textValue {
      let handle = ImportValues.oneLine(telegram)
      if !handle.isEmpty {
        draft.telegram = handle.hasPrefix("@") ? String(handle.dropFirst()) : handle
      }
    }
    // Google Contacts files everyone under "myContacts" (and "starred"): not tags anyone chose.
    for category in card.categories
    where !["mycontacts", "starred"].contains(SearchKey.fold(category)) {
      let tag = ImportValues.oneLine(category)
      if !tag.isEmpty { draft.add(tag: tag) }
    }
    if let language = card.language, !language.isEmpty {
      draft.language = try check.check("LANG") {
        guard let parsed = Language(parsing: language) else {
          throw InputError.invalidLanguage(language)
        }
        return parsed
      }
    }
    draft.notes = card.note?.trimmingCharacters(in: .whitespacesAndNewlines)
    if draft.notes?.isEmpty == true { draft.notes = nil }
    return draft
  }
}
