import Foundation

/// A length of time as people type it: `2h`, `90m`, `1d`, `1h30m`, or ISO 8601 `PT2H`.
public struct TimeSpan: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// The length in whole seconds.
  public let seconds: Int

  /// Wraps a number of seconds.
  public init(seconds: Int) { self.seconds = seconds }

  /// Parses `2h`, `90m`, `1d`, `1w`, `1h30m`, `45s` (also `2 jam`, `30 menit`, `1 hari`) or `PT1H30M`.
  public init(parsing text: String) throws(InputError) {
    let original = text
    var rest = text.lowercased().replacingOccurrences(of: " ", with: "")
    if rest.hasPrefix("p") {
      rest.removeFirst()
      rest = rest.replacingOccurrences(of: "t", with: "")
    }
    // Indonesian unit words, longest first so "menit" is not read as "m" + garbage.
    for (word, unit) in [
      ("minggu", "w"), ("hari", "d"), ("jam", "h"), ("menit", "m"), ("detik", "s"),
    ] {
      rest = rest.replacingOccurrences(of: word, with: unit)
    }
    let units: [Character: Int] = ["w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1]
    var total = 0
    var number = ""
    var sawUnit = false
    for character in rest {
      if character.isASCII, character.isNumber {
        number.append(character)
      } else if let factor = units[character], let value = Int(number), value <= 1_000_000 {
        total += value * factor
        number = ""
        sawUnit = true
      } else {
        throw .invalidDuration(original)
      }
    }
    // At most a million days, so that `description` (`1000000d`) always reads back.
    guard sawUnit, number.isEmpty, total > 0, total <= Self.maximumSeconds else {
      throw .invalidDuration(original)
    }
    seconds = total
  }

  /// The longest length `init(parsing:)` accepts: a million days.
  public static let maximumSeconds = 1_000_000 * 86_400

  /// The length as a `TimeInterval`.
  public var timeInterval: TimeInterval { TimeInterval(seconds) }

  /// The shortest form that parses back to the same length: `1d`, `2h`, `1h30m`.
  public var description: String {
    var rest = seconds
    var text = ""
    for (unit, factor) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= factor {
      text += "\(rest / factor)\(unit)"
      rest %= factor
    }
    return text.isEmpty ? "0s" : text
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

  public init(from decoder: any Decoder) throws {
    seconds = try decoder.singleValueContainer().decode(Int.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(seconds)
  }
}
