import Foundation

/// A telephone number stored in E.164 (`+628123456789`) and shown the way people write it.
///
/// Indonesian numbers may be typed nationally: `0812-3456-789` and `(021) 3103591` become `+628123456789`
/// and `+62213103591`; `62812…` and `+62 812…` are kept. Numbers of other countries need a leading `+`
/// (or the international prefix `00`).
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
  /// E.164, e.g. `+62213103591`.
  public let e164: String

  /// Normalises `text`; returns nil when it cannot be a phone number.
  public init?(_ text: String) {
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
    if !leadingPlus {
      if digits.hasPrefix("00") {
        digits.removeFirst(2)
      } else if digits.hasPrefix("0") {
        digits = "62" + digits.dropFirst()
      } else if !digits.hasPrefix("62") {
        return nil
      }
    }
    // E.164 allows at most 15 digits; anything under 8 is not a reachable number.
    guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
    e164 = "+" + digits
  }

  /// Wraps a value already in E.164, as read back from the store.
  public init(e164: String) { self.e164 = e164 }

  /// Whether this is an Indonesian number (+62).
  public var isIndonesian: Bool { e164.hasPrefix("+62") }

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
    // Landline: area codes 21/22/24/31/61 are two digits, the rest three.
    let twoDigitAreas: Set<String> = ["21", "22", "24", "31", "61"]
    let areaLength = twoDigitAreas.contains(String(national.prefix(2))) ? 2 : 3
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
