import Foundation

/// One logical content line after unfolding.
public struct UnfoldedLine: Hashable, Sendable {
  /// The scalars of the line, with the line breaks and folding whitespace removed.
  public var scalars: [Unicode.Scalar]
  /// The 1-based physical line where the logical line starts.
  public var line: Int

  /// Creates a logical line starting at physical line `line`.
  public init(_ scalars: [Unicode.Scalar], line: Int) {
    self.scalars = scalars
    self.line = line
  }

  /// The line as a string.
  public var text: String { String(String.UnicodeScalarView(scalars)) }
}

/// Line folding and unfolding per RFC 5545 section 3.1 and RFC 6350 section 3.2.
public enum ContentLineFolding {
  /// The longest physical line, in octets, excluding the CRLF.
  public static let maximumOctets = 75

  /// Folds one content line into CRLF-terminated physical lines of at most 75 octets; each
  /// continuation line starts with a single space and a line never ends inside a scalar.
  public static func fold(_ line: String) -> String {
    var output = ""
    var used = 0
    for scalar in line.unicodeScalars {
      let size = UTF8.width(scalar)
      if used + size > maximumOctets {
        output += "\r\n "
        used = 1
      }
      output.unicodeScalars.append(scalar)
      used += size
    }
    return output + "\r\n"
  }

  /// The physical lines of `text`, split on CRLF, LF or CR, without a leading byte order mark.
  public static func physicalLines(_ text: String) -> [[Unicode.Scalar]] {
    var physical: [[Unicode.Scalar]] = [[]]
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      if scalar == "\r" || scalar == "\n" {
        physical.append([])
      } else {
        physical[physical.count - 1].append(scalar)
      }
    }
    if physical[0].first == "\u{FEFF}" { physical[0].removeFirst() }
    return physical
  }

  /// Splits `text` into logical lines: a physical line starting with a space or tab continues
  /// the previous one without that character, and blank lines are skipped.
  ///
  /// - Parameters:
  ///   - softBreak: Called on each logical line as it grows; returns true (after removing the
  ///     marker) when the line ends in a soft break, so the next physical line is appended
  ///     whole. vCard 2.1 uses this for quoted-printable values.
  ///   - endsSoftBreak: Whether a physical line always starts a logical line of its own, even
  ///     after a soft break.
  public static func unfold(
    _ text: String,
    softBreak: (inout [Unicode.Scalar]) -> Bool = { _ in false },
    endsSoftBreak: ([Unicode.Scalar]) -> Bool = { _ in false }
  ) -> [UnfoldedLine] {
    var logical: [UnfoldedLine] = []
    var joinsWhole = false
    for (index, line) in physicalLines(text).enumerated() {
      if joinsWhole, !endsSoftBreak(line) {
        logical[logical.count - 1].scalars += line
      } else if line.isEmpty {
        joinsWhole = false
        continue
      } else if line[0] == " " || line[0] == "\t", !logical.isEmpty {
        logical[logical.count - 1].scalars += line.dropFirst()
      } else if line[0] == " " || line[0] == "\t" {
        logical.append(UnfoldedLine(Array(line.dropFirst()), line: index + 1))
      } else {
        logical.append(UnfoldedLine(line, line: index + 1))
      }
      joinsWhole = softBreak(&logical[logical.count - 1].scalars)
    }
    return logical.filter { !$0.scalars.isEmpty }
  }
}
