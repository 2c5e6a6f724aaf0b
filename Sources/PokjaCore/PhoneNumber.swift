import Foundation

/// A telephone number in the directory: a subscriber number anywhere in the world, kept in E.164
/// (`+628123456789`), or an Indonesian service number (`110`, `129`, `1500-771`, `0800-1-401234`),
/// kept as written because it has no E.164 form: it is dialled as it is, within Indonesia only.
///
/// The two are told apart when the text is read (`PhoneNumber(_:)`), so every later step knows
/// which it holds: only an E.164 number can be a WhatsApp number (`Contact.whatsapp` is an
/// `E164Number`), a service number is never a mobile and never identifies a person.
public enum PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
  /// A subscriber number in E.164.
  case e164(E164Number)
  /// An Indonesian short or special number, as written.
  case service(ServiceNumber)

  /// Reads a number as people write it; nil when it is not a phone number.
  ///
  /// Service numbers are recognised by the Indonesian numbering plan (`ServiceNumber`); anything
  /// else must be a subscriber number: `0812-3456-789` and `(021) 3103591` become `+628123456789`
  /// and `+62213103591`, `62812…` and `+62 812…` are kept, other countries need a leading `+` (or
  /// the international prefix `00`).
  public init?(_ text: String) {
    if let service = ServiceNumber(text) {
      self = .service(service)
    } else if let number = E164Number(text) {
      self = .e164(number)
    } else {
      return nil
    }
  }

  /// Reads back a `value` from the store or a JSON file: E.164 when it starts with `+`, else a
  /// service number as written.
  public init(stored: String) {
    if stored.hasPrefix("+") {
      self = .e164(E164Number(e164: stored))
    } else {
      self = .service(ServiceNumber(stored) ?? ServiceNumber(unchecked: stored))
    }
  }

  /// What is stored and what `--json` shows: E.164 (`+62213103591`) or, for a service number, the
  /// number as written (`1500-771`), which never starts with `+`.
  public var value: String {
    switch self {
    case .e164(let number): number.e164
    case .service(let number): number.written
    }
  }

  /// How people write it: `+62 812-3456-7890`, `+62 21 3103591`; a service number as written.
  public var formatted: String {
    switch self {
    case .e164(let number): number.formatted
    case .service(let number): number.written
    }
  }

  /// The E.164 number, or nil for a service number.
  public var e164Number: E164Number? {
    if case .e164(let number) = self { number } else { nil }
  }

  /// Whether it is a mobile number (see `E164Number.isMobile`); a service number never is.
  public var isMobile: Bool { e164Number?.isMobile ?? false }

  /// The digits a search for this number matches: E.164 without `+` and, for Indonesia, the
  /// national form (`6281234567890`, `081234567890`); a service number's digits (`1500771`).
  public var searchDigits: [String] {
    switch self {
    case .e164(let number):
      let digits = String(number.e164.dropFirst())
      return number.isIndonesian ? [digits, "0" + digits.dropFirst(2)] : [digits]
    case .service(let number):
      return [number.digits]
    }
  }

  public var description: String { formatted }

  public init(from decoder: any Decoder) throws {
    self.init(stored: try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
  }
}

/// A subscriber number in E.164 (`+628123456789`), shown the way people write it.
public struct E164Number: Hashable, Sendable, Codable, CustomStringConvertible {
  /// E.164, e.g. `+62213103591`.
  public let e164: String

  /// Normalises `text`; returns nil when it cannot be a subscriber number.
  public init?(_ text: String) {
    guard let (digits, leadingPlus) = PhoneText.digits(text) else { return nil }
    var number = digits
    if !leadingPlus {
      if number.hasPrefix("00") {
        number.removeFirst(2)
      } else if number.hasPrefix("0") {
        number = "62" + number.dropFirst()
      } else if !number.hasPrefix("62") {
        return nil
      }
    }
    // E.164 allows at most 15 digits; anything under 8 is not a reachable number.
    guard (8...15).contains(number.count), !number.hasPrefix("0") else { return nil }
    e164 = "+" + number
  }

  /// Wraps a value already in E.164, as read back from the store.
  public init(e164: String) { self.e164 = e164 }

  /// Whether this is an Indonesian number (+62).
  public var isIndonesian: Bool { e164.hasPrefix("+62") }

  /// Whether it is an Indonesian mobile number (+628…, but not the +6280… intelligent-network
  /// range); other countries' numbers count as mobile when unknown, since that is what a phone
  /// book most often holds.
  public var isMobile: Bool {
    isIndonesian ? e164.hasPrefix("+628") && !e164.hasPrefix("+6280") : true
  }

  /// How people write it: `+62 812-3456-7890` for mobiles, `+62 21 3103591` for Jakarta landlines.
  public var formatted: String {
    guard isIndonesian else { return e164 }
    let national = String(e164.dropFirst(3))
    if national.hasPrefix("8") {
      // Mobile: 3-4-rest grouping, as printed on Indonesian business cards.
      let chars = Array(national)
      let first = String(chars.prefix(3))
      let second = String(chars.dropFirst(3).prefix(4))
      let rest = String(chars.dropFirst(7))
      return "+62 " + [first, second, rest].filter { !$0.isEmpty }.joined(separator: "-")
    }
    // Landline: the area code, then the number.
    let areaLength = PhoneText.areaCodeLength(national)
    return "+62 \(national.prefix(areaLength)) \(national.dropFirst(areaLength))"
  }

  public var description: String { formatted }

  public init(from decoder: any Decoder) throws {
    e164 = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(e164)
  }
}

/// An Indonesian short or special number, which has no E.164 form: it is dialled as written, from
/// within Indonesia. Kept as written (`1500-771`); two spellings of the same digits are the same
/// number.
///
/// What is recognised follows the national numbering plan (KM 4/2001 and its amendments, PM
/// Kominfo 14/2018), where codes starting with 1 are access codes, never subscriber numbers:
/// - emergency numbers, `11X`: 110 police, 112 emergencies, 113 fire, 115 search and rescue,
///   118 and 119 ambulance;
/// - other three-digit codes `1XY`: public-service and operator lines (`129` SAPA, `123`, `147`);
/// - call centres: `14XYZ` (`14045`) and `150…` of six to eight digits (`1500-771`, `1500 888`,
///   `150 046`);
/// - intelligent-network numbers `080X…` of ten to twelve digits: toll-free `0800`
///   (`0800-1-401234`), universal access `0807`, premium `0809`;
/// - a three-digit short code after an area code (`(021) 129`, `0274-147`), as local lines are
///   published.
public struct ServiceNumber: Hashable, Sendable, CustomStringConvertible {
  /// The number as written, trimmed, spaces run together: `1500-771`, `(021) 129`.
  public let written: String
  /// Its digits: what is dialled, and what two spellings are compared by.
  public let digits: String
  /// Which part of the numbering plan it belongs to.
  public let kind: Kind

  /// Which part of the numbering plan a service number belongs to.
  public enum Kind: String, Sendable, Hashable {
    /// `11X`: police, emergencies, fire, search and rescue, ambulance.
    case emergency
    /// Another three-digit `1XY`: public-service and operator lines.
    case shortCode
    /// `14XYZ` and `150…` (six to eight digits): call centres.
    case callCentre
    /// `080X…`: toll-free, universal access and premium numbers.
    case intelligentNetwork
    /// A short code dialled with an area code: `(021) 129`.
    case localShortCode
  }

  /// Recognises `text` as a service number; nil when it is not one (it may still be a subscriber
  /// number, or not a number at all).
  public init?(_ text: String) {
    guard let (digits, leadingPlus) = PhoneText.digits(text), !leadingPlus,
      let kind = Self.kind(of: digits)
    else { return nil }
    self.written = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    self.digits = digits
    self.kind = kind
  }

  /// A stored value that no longer reads as a service number: kept as it is, never lost.
  init(unchecked text: String) {
    written = text
    digits = text.filter(\.isASCII).filter(\.isNumber)
    kind = .shortCode
  }

  private static func kind(of digits: String) -> Kind? {
    let count = digits.count
    if digits.hasPrefix("1") {
      if count == 3 { return digits.hasPrefix("11") ? .emergency : .shortCode }
      if digits.hasPrefix("14") { return count == 5 ? .callCentre : nil }
      if digits.hasPrefix("150") { return (6...8).contains(count) ? .callCentre : nil }
      // The rest of 1XY(Z)(W) is not assigned: 12345 is a typo, not a number.
      return nil
    }
    if digits.hasPrefix("080") { return (10...12).contains(count) ? .intelligentNetwork : nil }
    // An area code (0, then 21 or 274: the first digit 2–9) and a three-digit short code.
    guard digits.hasPrefix("0"), let second = digits.dropFirst().first, ("2"..."9").contains(second)
    else { return nil }
    let local = digits.dropFirst(1 + PhoneText.areaCodeLength(digits.dropFirst()))
    return local.count == 3 && local.hasPrefix("1") ? .localShortCode : nil
  }

  public var description: String { written }

  /// The same digits are the same number, however grouped.
  public static func == (lhs: ServiceNumber, rhs: ServiceNumber) -> Bool {
    lhs.digits == rhs.digits
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(digits) }
}

/// Reading the characters of a typed number.
enum PhoneText {
  /// The length of the area code `national` (without the 0) starts with: 21, 22, 24, 31 and 61 are
  /// two digits, the rest three.
  static func areaCodeLength(_ national: Substring) -> Int {
    ["21", "22", "24", "31", "61"].contains(national.prefix(2)) ? 2 : 3
  }

  static func areaCodeLength(_ national: String) -> Int { areaCodeLength(national[...]) }

  /// The digits of `text` and whether it started with `+`; nil when it holds anything but digits,
  /// a leading `+` and the separators people type (space, `-`, `.`, `(`, `)`, `/`).
  static func digits(_ text: String) -> (digits: String, leadingPlus: Bool)? {
    var digits = ""
    var leadingPlus = false
    for (offset, character) in text.trimmingCharacters(in: .whitespaces).enumerated() {
      switch character {
      case "+" where offset == 0: leadingPlus = true
      case "0"..."9": digits.append(character)
      case " ", "-", ".", "(", ")", "/", "\u{00A0}": continue
      default: return nil
      }
    }
    return digits.isEmpty ? nil : (digits, leadingPlus)
  }
}
