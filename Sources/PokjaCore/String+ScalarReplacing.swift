import Foundation

extension String {
  /// The text with each scalar in `replacements` replaced by its string, scalar by scalar.
  ///
  /// For escaping, use this rather than `replacingOccurrences(of:with:)`, which compares whole
  /// characters: a `"` followed by a combining mark (U+0301) is one character that is not `"`, so it
  /// would be left as it is, yet every parser of CSV, HTML or quoted strings still sees the `"`.
  public func replacingScalars(_ replacements: [Unicode.Scalar: String]) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(unicodeScalars.count)
    for scalar in unicodeScalars {
      if let replacement = replacements[scalar] {
        result += replacement
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
