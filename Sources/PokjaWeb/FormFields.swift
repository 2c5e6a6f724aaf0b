import Foundation

/// The fields of an `application/x-www-form-urlencoded` body or a query string: the first value of
/// each name, `+` as a space, percent escapes decoded; malformed escapes leave the text as sent.
struct FormFields: Sendable {
  private(set) var values: [String: String] = [:]

  init(_ text: some StringProtocol) {
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.decode(parts[0])
      guard values[name] == nil else { continue }
      values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
    }
  }

  subscript(_ name: String) -> String? { values[name] }

  /// The value of `name` trimmed, nil when absent or blank.
  func text(_ name: String) -> String? {
    guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines),
      !value.isEmpty
    else { return nil }
    return value
  }

  private static func decode(_ text: some StringProtocol) -> String {
    let spaced = text.replacingOccurrences(of: "+", with: " ")
    return spaced.removingPercentEncoding ?? spaced
  }
}
