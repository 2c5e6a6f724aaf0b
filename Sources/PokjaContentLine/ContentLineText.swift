import Foundation

/// TEXT escaping and character rules shared by RFC 5545 (section 3.3.11) and RFC 6350
/// (section 3.4).
public enum ContentLineText {
  /// Escapes `\`, `;`, `,` and LF (as `\n`); HTAB is kept and other control characters,
  /// carriage returns included, are dropped.
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
        if !isControl(scalar) { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }

  /// Reverses ``escape(_:)``: `\\`, `\;`, `\,`, `\n`, `\N` and a backslash before any scalar in
  /// `extra`; other backslashes stay as they are.
  public static func unescape(_ text: String, alsoUnescaping extra: Set<Unicode.Scalar> = [])
    -> String
  {
    var result = ""
    var pendingBackslash = false
    for scalar in text.unicodeScalars {
      if pendingBackslash {
        pendingBackslash = false
        switch scalar {
        case "\\", ";", ",": result.unicodeScalars.append(scalar)
        case "n", "N": result += "\n"
        default:
          if !extra.contains(scalar) { result += "\\" }
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

  /// `text` with CRLF and lone CR turned into LF.
  public static func normalizingLineBreaks(_ text: String) -> String {
    var result = ""
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      if scalar == "\n" && previousWasCR { continue }
      result.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
    }
    return result
  }

  /// Whether `scalar` is a C0/C1 control character or DEL, which a content line cannot hold
  /// (HTAB aside).
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// `text` without control characters, keeping HTAB only when `keepTab` is set.
  public static func removingControls(_ text: String, keepTab: Bool) -> String {
    var result = ""
    for scalar in text.unicodeScalars where !isControl(scalar) || (keepTab && scalar == "\t") {
      result.unicodeScalars.append(scalar)
    }
    return result
  }

  /// `text` with each DQUOTE replaced by `'`, scalar by scalar (a DQUOTE followed by a combining
  /// mark is one character, which `replacingOccurrences(of:with:)` would not see): RFC 5545 and vCard
  /// 3.0 parameter values cannot hold a DQUOTE.
  public static func replacingDoubleQuotes(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      result.unicodeScalars.append(scalar == "\"" ? "'" : scalar)
    }
    return result
  }

  /// A parameter value as written: in DQUOTEs when it contains `:`, `;` or `,`. Scalars, not
  /// characters, are looked at: a `:` followed by a combining mark is one character but still ends a
  /// parameter for a reader.
  public static func quotedIfNeeded(_ value: String) -> String {
    value.unicodeScalars.contains { $0 == ":" || $0 == ";" || $0 == "," } ? "\"\(value)\"" : value
  }
}

/// Property, parameter and component names: RFC 5545 and RFC 6350 allow ALPHA, DIGIT and `-`.
public enum ContentLineName {
  /// Whether `scalar` is ALPHA, DIGIT or `-`.
  public static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "A"..."Z", "a"..."z", "0"..."9", "-": true
    default: false
    }
  }

  /// `name` uppercased, keeping only the scalars `allowed` accepts.
  public static func normalized(
    _ name: String, allowing allowed: (Unicode.Scalar) -> Bool = isNameScalar
  ) -> String {
    String(name.uppercased().unicodeScalars.filter(allowed))
  }
}
