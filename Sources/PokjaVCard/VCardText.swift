import Foundation
import PokjaContentLine

/// TEXT escaping, compound values and quoted-printable decoding (RFC 6350 section 3.4,
/// RFC 2426 section 4, vCard 2.1 section 2.1.3).
enum VCardText {
  /// Escapes `\`, `,`, `;` and line breaks (CRLF, LF or CR, as `\n`); control characters
  /// other than HTAB are dropped.
  static func escape(_ text: String) -> String {
    ContentLineText.escape(ContentLineText.normalizingLineBreaks(text))
  }

  /// Reverses ``escape(_:)``: `\\`, `\;`, `\,`, `\:` (Google and Outlook escape colons),
  /// `\n` and `\N`; other backslashes are kept as they are.
  static func unescape(_ text: String) -> String {
    ContentLineText.unescape(text, alsoUnescaping: [":"])
  }

  /// Splits a raw (still escaped) value on every `separator` not preceded by a backslash;
  /// the pieces stay escaped.
  static func split(_ raw: String, on separator: Unicode.Scalar) -> [String] {
    var pieces = [""]
    var escaped = false
    for scalar in raw.unicodeScalars {
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == separator {
        pieces.append("")
        continue
      }
      pieces[pieces.count - 1].unicodeScalars.append(scalar)
    }
    return pieces
  }

  /// The unescaped items of a comma-separated list, trimmed, without empty items.
  static func list(_ raw: String) -> [String] {
    split(raw, on: ",").map { unescape($0).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Joins escaped list items with `,`.
  static func joinedList(_ items: [String]) -> String {
    items.map(escape).joined(separator: ",")
  }

  /// Decodes a quoted-printable value (its soft line breaks already removed) and reads the
  /// bytes in `charset`, falling back to UTF-8 and then ISO-8859-1. Line breaks in the result
  /// become `\n` escapes so that the value stays one content line.
  static func decodeQuotedPrintable(_ text: String, charset: String?) -> String {
    let input = Array(text.utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      if input[index] == UInt8(ascii: "="), index + 2 < input.count,
        let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
      {
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(input[index])
        index += 1
      }
    }
    let decoded = decode(bytes, charset: charset)
    return
      decoded
      .replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
  }

  private static func decode(_ bytes: [UInt8], charset: String?) -> String {
    if let charset, let encoding = encoding(named: charset), encoding != .utf8,
      let text = String(bytes: bytes, encoding: encoding)
    {
      return text
    }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    return String(bytes: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
  }

  /// The encodings phones are known to declare in `CHARSET=`.
  private static func encoding(named name: String) -> String.Encoding? {
    switch name.lowercased() {
    case "utf-8", "utf8": .utf8
    case "us-ascii", "ascii": .ascii
    case "iso-8859-1", "iso8859-1", "latin1", "latin-1": .isoLatin1
    case "iso-8859-2", "iso8859-2", "latin2": .isoLatin2
    case "windows-1250", "cp1250": .windowsCP1250
    case "windows-1251", "cp1251": .windowsCP1251
    case "windows-1252", "cp1252": .windowsCP1252
    case "shift_jis", "shift-jis", "sjis": .shiftJIS
    case "euc-jp": .japaneseEUC
    case "iso-2022-jp": .iso2022JP
    case "utf-16": .utf16
    default: nil
    }
  }
}

/// Name normalisation shared by properties, parameters and groups.
enum VCardName {
  /// Uppercases and keeps only ALPHA, DIGIT, `-` and `_`.
  static func normalized(_ name: String) -> String {
    ContentLineName.normalized(name, allowing: isNameScalar)
  }

  /// ALPHA, DIGIT and `-` as RFC 6350 allows, plus `_`, which some exporters use.
  static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    ContentLineName.isNameScalar(scalar) || scalar == "_"
  }
}
