import Foundation

/// RFC 2045 quoted-printable encoding of UTF-8 text.
public enum QuotedPrintable {
  /// The longest encoded line, including a soft line break's `=`.
  public static let maximumLineLength = 76

  private static let hex = Array("0123456789ABCDEF".utf8)

  /// Encodes `text` as UTF-8 quoted-printable.
  ///
  /// Line breaks (CRLF, LF or CR) become CRLF hard breaks; `=`, non-ASCII bytes and controls
  /// become `=XX`; a space or tab ending a line is encoded; soft breaks (`=` CRLF) keep every
  /// line at most 76 characters and never split an `=XX` triplet or a UTF-8 sequence.
  public static func encode(_ text: String) -> String {
    lines(of: text).map(encodeLine).joined(separator: "\r\n")
  }

  /// `text` split at CRLF, LF or CR; a trailing break yields a final empty line.
  static func lines(of text: String) -> [[UInt8]] {
    var lines: [[UInt8]] = [[]]
    var previousWasCR = false
    for byte in text.utf8 {
      if byte == 0x0A && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = byte == 0x0D
      if byte == 0x0A || byte == 0x0D {
        lines.append([])
      } else {
        lines[lines.count - 1].append(byte)
      }
    }
    return lines
  }

  private static func encodeLine(_ bytes: [UInt8]) -> String {
    // One token per UTF-8 sequence, so soft breaks never split a character.
    var tokens: [[UInt8]] = []
    for (index, byte) in bytes.enumerated() {
      let isLast = index == bytes.count - 1
      switch byte {
      case 0x20, 0x09:
        tokens.append(isLast ? escaped(byte) : [byte])
      case 33...126 where byte != UInt8(ascii: "="):
        tokens.append([byte])
      case 0x80...0xBF where !tokens.isEmpty:
        tokens[tokens.count - 1] += escaped(byte)
      default:
        tokens.append(escaped(byte))
      }
    }
    var output: [UInt8] = []
    var column = 0
    for (index, token) in tokens.enumerated() {
      let isLast = index == tokens.count - 1
      // The last token may use the 76th column; any other needs room for a soft break's `=`.
      let room = isLast ? maximumLineLength : maximumLineLength - 1
      if column + token.count > room {
        output += Array("=\r\n".utf8)
        column = 0
      }
      output += token
      column += token.count
    }
    return String(decoding: output, as: UTF8.self)
  }

  private static func escaped(_ byte: UInt8) -> [UInt8] {
    [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
  }
}
