import Foundation

/// A syntactically valid mailbox address (`local@domain`), lower-cased in its domain.
///
/// Validation is deliberately practical rather than the full RFC 5322 grammar: one `@`, a non-empty local
/// part of printable ASCII without spaces, quotes or angle brackets, and a domain of dot-separated labels.
/// CR and LF can never pass, so an address can never inject a mail header.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
  /// The address as it is stored and sent, e.g. `wulan@example.org`.
  public let value: String

  /// Validates and normalises `text`; returns nil when it is not an address.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let local = parts[0]
    let domain = parts[1].lowercased()
    guard !local.isEmpty, local.count <= 64, domain.count <= 253 else { return nil }
    let forbidden = Set("()<>[]:;,\\\" ")
    guard
      local.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
      !local.contains(where: { forbidden.contains($0) }),
      !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
    else { return nil }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 1,
      labels.allSatisfy({ label in
        !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
          && label.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
          }
      })
    else { return nil }
    value = "\(local)@\(domain)"
  }

  /// The part after the `@`.
  public var domain: String { String(value[value.index(after: value.firstIndex(of: "@")!)...]) }

  public var description: String { value }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let address = EmailAddress(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "Invalid email address '\(text)'"))
    }
    self = address
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
  }
}
