import Foundation

/// Escaping rules for RFC 5545 TEXT values (section 3.3.11).
public enum ICalendarText {
  /// Escapes `\`, `;`, `,` and line breaks (as `\n`) for use as a TEXT value.
  ///
  /// Carriage returns and other control characters except HTAB are dropped, since
  /// RFC 5545 does not allow them in TEXT.
  public static func escape(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case ";": result += "\\;"
      case ",": result += "\\,"
      case "\n": result += "\\n"
      case "\t": result.unicodeScalars.append(scalar)
      default:
        if !scalar.isICalendarControl { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }

  /// Reverses ``escape(_:)``: `\\`, `\;`, `\,`, `\n` and `\N`; other backslashes stay as they are.
  public static func unescape(_ text: String) -> String {
    var result = ""
    var pendingBackslash = false
    for scalar in text.unicodeScalars {
      if pendingBackslash {
        pendingBackslash = false
        switch scalar {
        case "\\", ";", ",": result.unicodeScalars.append(scalar)
        case "n", "N": result += "\n"
        default:
          result += "\\"
          result.unicodeScalars.append(scalar)
        }
      } else if scalar == "\\" {
        pendingBackslash = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    if pendingBackslash { result += "\\" }
    return result
  }
}

extension Unicode.Scalar {
  /// A C0/C1 control character or DEL, which RFC 5545 forbids in values (HTAB aside).
  var isICalendarControl: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value)
  }
}

extension String {
  /// The string without control characters, keeping HTAB only when `keepTab` is set.
  func removingICalendarControls(keepTab: Bool) -> String {
    var result = ""
    for scalar in unicodeScalars where !scalar.isICalendarControl || (keepTab && scalar == "\t") {
      result.unicodeScalars.append(scalar)
    }
    return result
  }
}
