import Foundation
import PokjaContentLine

/// Writes cards as vCard 3.0 (RFC 2426) or 4.0 (RFC 6350) text.
///
/// Output has CRLF line endings, content lines folded at 75 octets without splitting a UTF-8
/// sequence, and TEXT escaped (`\\`, `\,`, `\;`, `\n`); in `N`, `ADR` and `ORG` the escaped
/// components are joined by `;` and the items of list components by `,`.
///
/// 3.0 is the default because it is what Android's importer, iOS Contacts and Google Contacts
/// read most reliably (iOS and Google export 3.0 themselves): `TEL;TYPE=CELL:+62…`,
/// `EMAIL;TYPE=INTERNET,WORK:…`. Since 3.0 requires `N`, a card without ``VCard/name`` gets
/// `N:;<FN>;;;`, so importers that build the display name from `N` (iOS) still show it.
///
/// 4.0 writes `TEL;TYPE=cell:+62…` as free text rather than `TEL;VALUE=uri:tel:+62…`.
/// RFC 6350 allows text for backward compatibility; Android strips `tel:` only from 4.0
/// cards, and importers that do not know the URI form keep `tel:` as part of the number.
/// `PREF=n` and lowercase types are written as RFC 6350 specifies.
///
/// Custom labels become Apple's `itemN.X-ABLabel` next to an `itemN.`-grouped property.
public enum VCardWriter {
  /// All `cards`, one `BEGIN:VCARD` … `END:VCARD` block after another.
  public static func serialize(_ cards: [VCard], version: VCardVersion = .v3) -> String {
    var output = ""
    for card in cards {
      output += "BEGIN:VCARD\r\nVERSION:" + version.rawValue + "\r\n"
      for property in properties(of: card, version: version) {
        output += ContentLineFolding.fold(property.contentLine(for: version))
      }
      output += "END:VCARD\r\n"
    }
    return output
  }

  /// The content lines of `card` between `VERSION` and `END`.
  static func properties(of card: VCard, version: VCardVersion) -> [VCardProperty] {
    let isV4 = version == .v4
    var groups = LabelGroups(taken: card.extra.compactMap { $0.group?.lowercased() })
    var result: [VCardProperty] = []
    if isV4, let kind = card.kind {
      result.append(
        VCardProperty(name: "KIND", value: backslashesEscaped(kind.lowercased())))
    }
    let formatted =
      card.formattedName.isEmpty ? (card.name?.formatted ?? "") : card.formattedName
    result.append(.text("FN", formatted))
    if let name = card.name {
      let components =
        [VCardText.escape(name.family), VCardText.escape(name.given)]
        + [name.additional, name.prefixes, name.suffixes].map(VCardText.joinedList)
      result.append(VCardProperty(name: "N", value: components.joined(separator: ";")))
    } else if !isV4 {
      // Trimmed as the reader trims N's parts, so the card reads back as it was written.
      let given = ContentLineText.removingControls(formatted, keepTab: true)
        .trimmingCharacters(in: .whitespaces)
      result.append(VCardProperty(name: "N", value: ";" + VCardText.escape(given) + ";;;"))
    }
    if !card.organisation.isEmpty {
      let value = card.organisation.map(VCardText.escape).joined(separator: ";")
      result.append(VCardProperty(name: "ORG", value: value))
    }
    if let title = card.title { result.append(.text("TITLE", title)) }
    if let role = card.role { result.append(.text("ROLE", role)) }
    for phone in card.phones {
      let parameters = typeParameters(phone.types, pref: phone.pref, version: version)
      result += groups.labelled(
        .text("TEL", phone.value, parameters: parameters), label: phone.label)
    }
    for email in card.emails {
      let types = VCardTypes.normalized(email.types, dropping: ["internet", "pref"])
      let parameters = typeParameters(
        isV4 ? types : ["internet"] + types, pref: email.pref, version: version)
      result += groups.labelled(
        .text("EMAIL", email.value, parameters: parameters), label: email.label)
    }
    for address in card.addresses {
      let parameters = typeParameters(address.types, pref: address.pref, version: version)
      let value = address.components.map(VCardText.escape).joined(separator: ";")
      result += groups.labelled(
        VCardProperty(name: "ADR", parameters: parameters, value: value), label: address.label)
    }
    // URL, LANG, UID and KIND are read as text (unescaped), so what they hold is written escaped:
    // fully in 3.0, and in 4.0, where they are URIs and language tags, only the backslash (found by
    // fuzzing: `\\` halved at each reading).
    func escaped(_ value: String) -> String {
      isV4 ? backslashesEscaped(value) : VCardText.escape(value)
    }
    for url in card.urls { result.append(VCardProperty(name: "URL", value: escaped(url))) }
    if let note = card.note { result.append(.text("NOTE", note)) }
    if !card.categories.isEmpty {
      result.append(VCardProperty(name: "CATEGORIES", value: VCardText.joinedList(card.categories)))
    }
    if let language = card.language {
      // LANG is 4.0's (RFC 6350); 3.0 has none, so it goes as an extension pokja reads back.
      result.append(VCardProperty(name: isV4 ? "LANG" : "X-POKJA-LANG", value: escaped(language)))
    }
    if let uid = card.uid {
      result.append(VCardProperty(name: "UID", value: escaped(uid)))
    }
    if !isV4, let kind = card.kind {
      result.append(
        VCardProperty(name: "X-ADDRESSBOOKSERVER-KIND", value: escaped(kind.lowercased())))
    }
    let structural: Set<String> = ["BEGIN", "END", "VERSION"]
    result += card.extra.filter { !structural.contains(VCardName.normalized($0.name)) }
    return result
  }

  /// `value` with each backslash doubled, scalar by scalar.
  static func backslashesEscaped(_ value: String) -> String {
    var result = ""
    for scalar in value.unicodeScalars {
      if scalar == "\\" { result += "\\" }
      result.unicodeScalars.append(scalar)
    }
    return result
  }

  /// `TYPE` (uppercase in 3.0, with `PREF` among the types) and, in 4.0, `PREF=n`.
  static func typeParameters(_ types: [String], pref: Int?, version: VCardVersion)
    -> [VCardParameter]
  {
    let clean = VCardTypes.normalized(types, dropping: ["pref"])
    var parameters: [VCardParameter] = []
    switch version {
    case .v3:
      // As 3.0 writes them (a DQUOTE as `'`), once each: `"` and `'` were two types that came back
      // as one (found by fuzzing).
      var seen: Set<String> = []
      let values =
        (clean.map { ContentLineText.replacingDoubleQuotes($0).uppercased() }
        + (pref == nil ? [] : ["PREF"])).filter { seen.insert($0).inserted }
      if !values.isEmpty { parameters.append(VCardParameter(name: "TYPE", values: values)) }
    case .v4:
      if !clean.isEmpty { parameters.append(VCardParameter(name: "TYPE", values: clean)) }
      if let pref {
        parameters.append(VCardParameter(name: "PREF", values: [String(min(max(pref, 1), 100))]))
      }
    }
    return parameters
  }

  /// Hands out `item1`, `item2`, ... skipping groups the card's extra properties use.
  struct LabelGroups {
    var taken: Set<String>
    var next = 1

    init(taken: [String]) { self.taken = Set(taken) }

    /// `property` alone, or grouped and followed by its `X-ABLabel` when `label` is set.
    mutating func labelled(_ property: VCardProperty, label: String?) -> [VCardProperty] {
      guard let label else { return [property] }
      while taken.contains("item\(next)") { next += 1 }
      let group = "item\(next)"
      taken.insert(group)
      var grouped = property
      grouped.group = group
      return [grouped, .text("X-ABLabel", label, group: group)]
    }
  }
}
