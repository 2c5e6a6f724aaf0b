import Foundation
import PokjaContentLine

/// Why a text could not be read as vCards; `line` is the 1-based physical line where the
/// offending content line (or card) starts.
public enum VCardParseError: Error, Equatable, Sendable, LocalizedError {
  /// A content line has no `:` separating the name and parameters from the value.
  case missingColon(line: Int)
  /// A property or group name is empty or has characters other than ALPHA, DIGIT, `-`, `_`.
  case invalidName(line: Int, name: String)
  /// A quoted parameter value has no closing DQUOTE.
  case unterminatedQuote(line: Int)
  /// A property appears before `BEGIN:VCARD` or after `END:VCARD`.
  case propertyOutsideCard(line: Int, name: String)
  /// `BEGIN` or `END` names something other than `VCARD`.
  case unexpectedComponent(line: Int, name: String)
  /// `BEGIN:VCARD` appears while the card begun at `openedAt` is still open.
  case nestedBegin(line: Int, openedAt: Int)
  /// `END:VCARD` appears with no open card.
  case unexpectedEnd(line: Int)
  /// The text ends while a card is open; `line` is its `BEGIN:VCARD`.
  case missingEnd(line: Int)
  /// `VERSION` is not 2.1, 3.0 or 4.0.
  case unsupportedVersion(line: Int, version: String)
  /// The card begun at `line` has neither an `FN` nor a non-empty `N`.
  case missingFormattedName(line: Int)

  /// The 1-based physical line number the error refers to.
  public var line: Int {
    switch self {
    case .missingColon(let line), .invalidName(let line, _), .unterminatedQuote(let line),
      .propertyOutsideCard(let line, _), .unexpectedComponent(let line, _),
      .nestedBegin(let line, _), .unexpectedEnd(let line), .missingEnd(let line),
      .unsupportedVersion(let line, _), .missingFormattedName(let line):
      line
    }
  }

  /// A message starting with the line number and saying how to fix the text.
  public var errorDescription: String? {
    let detail =
      switch self {
      case .missingColon:
        "content line has no ':' before its value; add one (NAME:value), or start the line"
          + " with a space if it continues the previous one"
      case .invalidName(_, let name):
        "invalid property name '\(name)'; use letters, digits and '-' (e.g. X-WHATSAPP)"
      case .unterminatedQuote:
        "quoted parameter value is not closed; add the closing '\"'"
      case .propertyOutsideCard(_, let name):
        "property \(name) is outside any card; move it between BEGIN:VCARD and END:VCARD"
      case .unexpectedComponent(_, let name):
        "'\(name)' is not a vCard; only BEGIN:VCARD and END:VCARD are allowed"
      case .nestedBegin(_, let openedAt):
        "BEGIN:VCARD inside the card begun at line \(openedAt); add END:VCARD before it"
      case .unexpectedEnd:
        "END:VCARD without a matching BEGIN:VCARD; remove it or add BEGIN:VCARD"
      case .missingEnd:
        "BEGIN:VCARD is never closed; add END:VCARD at the end of the card"
      case .unsupportedVersion(_, let version):
        "VERSION:\(version) is not supported; use 2.1, 3.0 or 4.0"
      case .missingFormattedName:
        "card has no FN (and no N to derive it from); add FN:<display name>"
      }
    return "vCard line \(line): \(detail)"
  }
}

/// Reads vCard 2.1, 3.0 and 4.0 text as phones, Google Contacts and Outlook export it.
public enum VCardParser {
  /// Parses every card in `text`.
  ///
  /// Accepts CRLF, LF or CR line endings, a BOM, blank lines, folding with a space or tab,
  /// `item1.`-style groups, `TYPE=a,b`, repeated `TYPE=a;TYPE=b`, bare 2.1 parameters
  /// (`TEL;CELL;PREF:` reads as `TYPE=CELL,PREF`) and quoted-printable values
  /// (`ENCODING=QUOTED-PRINTABLE`, soft line breaks, `CHARSET=`). A card without `VERSION`
  /// is read as 3.0. RFC 6868 `^` escapes in parameters are decoded in 4.0 cards.
  ///
  /// `FN` is required by 3.0 and 4.0 but not by 2.1, and old phones export only `N`: when a
  /// card has no non-empty `FN`, ``VCard/formattedName`` is derived from `N` with
  /// ``VCard/Name/formatted``. A card with neither is an error.
  public static func parse(_ text: String) throws(VCardParseError) -> [VCard] {
    var cards: [VCard] = []
    var open: (line: Int, properties: [(property: VCardProperty, line: Int)])?
    for logical in unfoldedLines(text) {
      let property = try parseContentLine(logical.scalars, line: logical.line)
      switch property.name {
      case "BEGIN":
        let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard name == "VCARD" else {
          throw .unexpectedComponent(line: logical.line, name: property.value)
        }
        if let open { throw .nestedBegin(line: logical.line, openedAt: open.line) }
        open = (logical.line, [])
      case "END":
        let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard name == "VCARD" else {
          throw .unexpectedComponent(line: logical.line, name: property.value)
        }
        guard let card = open else { throw .unexpectedEnd(line: logical.line) }
        cards.append(try makeCard(card.properties, beginLine: card.line))
        open = nil
      default:
        guard open != nil else {
          throw .propertyOutsideCard(line: logical.line, name: property.name)
        }
        open?.properties.append((property, logical.line))
      }
    }
    if let open { throw .missingEnd(line: open.line) }
    return cards
  }

  // MARK: - Lines

  /// Splits on CRLF, LF or CR and joins continuation lines (a leading space or tab, or the line
  /// after a quoted-printable soft break), remembering where each logical line starts.
  static func unfoldedLines(_ text: String) -> [UnfoldedLine] {
    ContentLineFolding.unfold(text, softBreak: removeSoftBreak, endsSoftBreak: startsCard)
      .filter { !$0.scalars.allSatisfy { $0 == " " || $0 == "\t" } }
  }

  /// Whether `line` is `BEGIN:VCARD` or `END:VCARD`, which a soft break never swallows.
  private static func startsCard(_ line: [Unicode.Scalar]) -> Bool {
    let text = String(String.UnicodeScalarView(line)).uppercased()
    return text.hasPrefix("BEGIN:VCARD") || text.hasPrefix("END:VCARD")
  }

  /// If `scalars` is a quoted-printable content line ending in `=` (a soft line break),
  /// removes the `=` and any whitespace after it and returns true.
  private static func removeSoftBreak(_ scalars: inout [Unicode.Scalar]) -> Bool {
    var end = scalars.count
    while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
    guard end > 0, scalars[end - 1] == "=" else { return false }
    var inQuotes = false
    var head = ""
    for scalar in scalars {
      if scalar == "\"" { inQuotes.toggle() }
      if scalar == ":" && !inQuotes { break }
      head.unicodeScalars.append(scalar)
    }
    // The same reading of the parameters as the value's decoding uses: a parameter that only
    // looks like the encoding (`ENCODING=QUOTED-PRINTABLEx`) neither decodes nor joins lines.
    var scanner = ContentLineScanner(Array(head.unicodeScalars) + [":"])
    guard head.unicodeScalars.count < end,
      let (_, _, parameters) = try? readNameAndParameters(&scanner, line: 0),
      isQuotedPrintable(parameters)
    else { return false }
    scalars.removeSubrange((end - 1)...)
    return true
  }

  // MARK: - Content lines

  /// Parses `[group "."] name *(";" param) ":" value`, decoding quoted-printable values.
  static func parseContentLine(
    _ scalars: [Unicode.Scalar], line: Int
  ) throws(VCardParseError) -> VCardProperty {
    var scanner = ContentLineScanner(scalars)
    var (group, name, parameters) = try readNameAndParameters(&scanner, line: line)
    guard var value = scanner.readValue() else { throw .missingColon(line: line) }

    if isQuotedPrintable(parameters) {
      let charset = parameters.first { $0.name == "CHARSET" }?.values.first
      value = VCardText.decodeQuotedPrintable(value, charset: charset)
      parameters.removeAll { $0.name == "ENCODING" || $0.name == "CHARSET" }
    } else {
      parameters.removeAll { $0.name == "CHARSET" }
    }
    return VCardProperty(group: group, name: name, parameters: parameters, value: value)
  }

  /// Whether the parameters say the value is quoted-printable.
  private static func isQuotedPrintable(_ parameters: [VCardParameter]) -> Bool {
    parameters.filter { $0.name == "ENCODING" }.flatMap(\.values)
      .contains { $0.uppercased() == "QUOTED-PRINTABLE" }
  }

  /// Reads `[group "."] name *(";" param)`, leaving the scanner on the `:`.
  private static func readNameAndParameters(
    _ scanner: inout ContentLineScanner, line: Int
  ) throws(VCardParseError) -> (group: String?, name: String, parameters: [VCardParameter]) {
    let fullName = scanner.read(until: [";", ":"])
    guard scanner.current != nil else { throw .missingColon(line: line) }
    var group: String?
    var name = fullName
    if let dot = fullName.lastIndex(of: ".") {
      group = String(fullName[..<dot])
      name = String(fullName[fullName.index(after: dot)...])
    }
    let groupIsValid =
      group.map {
        !$0.isEmpty && $0.unicodeScalars.allSatisfy { VCardName.isNameScalar($0) || $0 == "." }
      }
      ?? true
    guard !name.isEmpty, name.unicodeScalars.allSatisfy(VCardName.isNameScalar), groupIsValid
    else { throw .invalidName(line: line, name: fullName) }

    var parameters: [VCardParameter] = []
    while scanner.skip(";") {
      let parameterName = scanner.read(until: ["=", ";", ":"])
        .trimmingCharacters(in: .whitespaces)
      guard scanner.current != nil else { throw .missingColon(line: line) }
      guard scanner.skip("=") else {
        if !parameterName.isEmpty { parameters.append(bareParameter(parameterName)) }
        continue
      }
      let values: [String]
      do throws(ContentLineSyntaxError) {
        values = try scanner.readParameterValues(skippingAfterQuote: true)
      } catch {
        throw VCardParseError(error, line: line)
      }
      // Control characters cannot be written in a parameter value (RFC 6350 §3.3), so they are not
      // read either: `ENCODING=QUOTED-PR\u{1}INTABLE` is no encoding here and would be one once
      // written and read again (found by fuzzing).
      let clean = values.map { ContentLineText.removingControls($0, keepTab: true) }
      parameters.append(VCardParameter(name: parameterName, values: clean.filter { !$0.isEmpty }))
    }
    return (group, name, parameters)
  }

  /// A 2.1 parameter without `=`: an encoding (`QUOTED-PRINTABLE`, `BASE64`, `8BIT`) or a
  /// type (`CELL`, `WORK`, `PREF`, `JPEG`).
  private static func bareParameter(_ value: String) -> VCardParameter {
    let encodings: Set<String> = ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"]
    let name = encodings.contains(value.uppercased()) ? "ENCODING" : "TYPE"
    return VCardParameter(name: name, values: [value])
  }

  // MARK: - Cards

  /// Builds the typed view of one card's properties.
  static func makeCard(
    _ lines: [(property: VCardProperty, line: Int)], beginLine: Int
  ) throws(VCardParseError) -> VCard {
    var isV4 = false
    if let version = lines.first(where: { $0.property.name == "VERSION" }) {
      let value = version.property.value.trimmingCharacters(in: .whitespaces)
      guard ["2.1", "3.0", "4.0"].contains(value) else {
        throw .unsupportedVersion(line: version.line, version: value)
      }
      isV4 = value == "4.0"
    }
    var properties = lines.map(\.property).filter { $0.name != "VERSION" }
    if isV4 {
      for index in properties.indices {
        for parameter in properties[index].parameters.indices {
          properties[index].parameters[parameter].values =
            properties[index].parameters[parameter].values.map(VCardParameter.caretDecoded)
        }
      }
    }

    // Labels (`item1.X-ABLabel`) belong to the first TEL, EMAIL or ADR of their group.
    let labelled: Set<String> = ["TEL", "EMAIL", "ADR"]
    var labels: [String: String] = [:]
    for property in properties where property.name == "X-ABLABEL" {
      guard let group = property.group?.lowercased(), labels[group] == nil else { continue }
      if properties.contains(where: {
        $0.group?.lowercased() == group && labelled.contains($0.name)
      }) {
        labels[group] = property.textValue
      }
    }
    var claimed: Set<String> = []
    var consumedLabels: Set<String> = []
    func label(for property: VCardProperty) -> String? {
      guard let group = property.group?.lowercased(), let label = labels[group],
        claimed.insert(group).inserted
      else { return nil }
      return label
    }

    var card = VCard(formattedName: "")
    for property in properties {
      switch property.name {
      case "FN" where card.formattedName.isEmpty:
        card.formattedName = property.textValue
      case "FN" where property.textValue.isEmpty:
        continue
      case "N" where card.name == nil:
        let name = parseName(property.value)
        if !name.isEmpty { card.name = name }
      case "ORG" where card.organisation.isEmpty:
        var units = VCardText.split(property.value, on: ";").map(VCardText.unescape)
        while units.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
          units.removeLast()
        }
        card.organisation = units
      case "TITLE" where card.title == nil: card.title = property.textValue
      case "ROLE" where card.role == nil: card.role = property.textValue
      case "NOTE" where card.note == nil: card.note = property.textValue
      case "LANG" where card.language == nil, "X-POKJA-LANG" where card.language == nil:
        card.language = property.textValue.trimmingCharacters(in: .whitespaces)
      case "UID" where card.uid == nil: card.uid = property.textValue
      case "KIND" where card.kind == nil, "X-ADDRESSBOOKSERVER-KIND" where card.kind == nil:
        card.kind = property.textValue.trimmingCharacters(in: .whitespaces).lowercased()
      case "URL": card.urls.append(property.textValue.trimmingCharacters(in: .whitespaces))
      case "CATEGORIES": card.categories += VCardText.list(property.value)
      case "TEL":
        let (types, pref) = typesAndPref(property)
        var number = property.textValue.trimmingCharacters(in: .whitespaces)
        // Every `tel:` taken off, not one: `tel:tel:…` read as `tel:…` was read again as a
        // different number (found by fuzzing).
        var isURI = false
        while number.lowercased().hasPrefix("tel:") {
          number = String(number.dropFirst(4)).trimmingCharacters(in: .whitespaces)
          isURI = true
        }
        // RFC 3966 parameters are not the number: `tel:129;phone-context=+62` is 129, a local
        // (service) number in Indonesia.
        if isURI, let parameters = number.firstIndex(of: ";") {
          number = String(number[..<parameters]).trimmingCharacters(in: .whitespaces)
        }
        card.phones.append(
          VCard.Phone(number, types: types, pref: pref, label: label(for: property)))
      case "EMAIL":
        let (types, pref) = typesAndPref(property)
        var address = property.textValue.trimmingCharacters(in: .whitespaces)
        while address.lowercased().hasPrefix("mailto:") {
          address = String(address.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        card.emails.append(
          VCard.Email(address, types: types, pref: pref, label: label(for: property)))
      case "ADR":
        let (types, pref) = typesAndPref(property)
        var parts = VCardText.split(property.value, on: ";").map(VCardText.unescape)
        parts += Array(repeating: "", count: max(0, 7 - parts.count))
        card.addresses.append(
          VCard.Address(
            poBox: parts[0], extended: parts[1], street: parts[2], locality: parts[3],
            region: parts[4], postalCode: parts[5], country: parts[6], types: types, pref: pref,
            label: label(for: property)))
      case "X-ABLABEL":
        if let group = property.group?.lowercased(), labels[group] == property.textValue,
          consumedLabels.insert(group).inserted
        {
          continue
        }
        card.extra.append(property)
      default:
        card.extra.append(property)
      }
    }

    if card.formattedName.isEmpty {
      guard let name = card.name, !name.formatted.isEmpty else {
        throw .missingFormattedName(line: beginLine)
      }
      card.formattedName = name.formatted
    }
    return card
  }

  /// `family;given;additional;prefixes;suffixes`, the last three comma-separated lists.
  static func parseName(_ raw: String) -> VCard.Name {
    var parts = VCardText.split(raw, on: ";")
    parts += Array(repeating: "", count: max(0, 5 - parts.count))
    return VCard.Name(
      family: VCardText.unescape(parts[0]).trimmingCharacters(in: .whitespaces),
      given: VCardText.unescape(parts[1]).trimmingCharacters(in: .whitespaces),
      additional: VCardText.list(parts[2]), prefixes: VCardText.list(parts[3]),
      suffixes: VCardText.list(parts[4]))
  }

  /// The lowercased `TYPE` values (also split inside quotes) and the preference, from `PREF=n`
  /// or a `pref` type (read as 1).
  static func typesAndPref(_ property: VCardProperty) -> (types: [String], pref: Int?) {
    let types = property.parameterValues("TYPE")
      .flatMap { $0.split(separator: ",").map(String.init) }
      .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var pref = property.parameterValues("PREF").lazy.compactMap { Int($0) }.first
    if pref == nil, types.contains("pref") { pref = 1 }
    return (types, pref)
  }
}

extension VCardParseError {
  /// The error for a content line the scanner could not read.
  init(_ error: ContentLineSyntaxError, line: Int) {
    switch error {
    case .missingColon: self = .missingColon(line: line)
    case .unterminatedQuote: self = .unterminatedQuote(line: line)
    }
  }
}
