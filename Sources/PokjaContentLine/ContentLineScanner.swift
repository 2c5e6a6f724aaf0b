import Foundation

/// Why the scanner could not read a content line; each format reports it with a line number.
public enum ContentLineSyntaxError: Error, Equatable, Sendable {
  /// The line ends before the `:` that separates the name and parameters from the value.
  case missingColon
  /// A quoted parameter value has no closing DQUOTE.
  case unterminatedQuote
}

/// Reads one unfolded content line, `name *(";" param) ":" value`, a piece at a time, so that
/// each format can check names and report errors in its own terms.
public struct ContentLineScanner {
  /// The scalars of the line.
  public let scalars: [Unicode.Scalar]
  /// The position of the next scalar to read.
  public private(set) var index = 0

  /// Starts reading at the beginning of `scalars`.
  public init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  /// The next scalar, or nil at the end of the line.
  public var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  /// Reads up to, not including, the first scalar in `stops` or the end of the line.
  public mutating func read(until stops: Set<Unicode.Scalar>) -> String {
    var text = ""
    while index < scalars.count, !stops.contains(scalars[index]) {
      text.unicodeScalars.append(scalars[index])
      index += 1
    }
    return text
  }

  /// Consumes `scalar` if it is next; returns whether it did.
  public mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
    guard current == scalar else { return false }
    index += 1
    return true
  }

  /// Reads the comma-separated values after a parameter's `=`, unquoting quoted ones, and stops
  /// on the `;` or `:` after them (or, after a quoted value, on whatever follows it).
  ///
  /// - Parameter skippingAfterQuote: Ignores anything between a closing DQUOTE and the next
  ///   `,`, `;` or `:`, as lenient readers do.
  public mutating func readParameterValues(
    skippingAfterQuote: Bool = false
  ) throws(ContentLineSyntaxError) -> [String] {
    var values: [String] = []
    while true {
      if skip("\"") {
        values.append(read(until: ["\""]))
        guard skip("\"") else { throw .unterminatedQuote }
        if skippingAfterQuote { _ = read(until: [",", ";", ":"]) }
      } else {
        values.append(read(until: [",", ";", ":"]))
      }
      guard current != nil else { throw .missingColon }
      guard skip(",") else { return values }
    }
  }

  /// The rest of the line after the `:` that must come next, or nil when something else does.
  public mutating func readValue() -> String? {
    guard skip(":") else { return nil }
    var value = ""
    value.unicodeScalars.append(contentsOf: scalars[index...])
    index = scalars.count
    return value
  }
}
