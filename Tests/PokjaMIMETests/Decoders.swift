import Foundation

/// Independent decoders used to check the encoders from the other side.
enum TestDecoders {
  /// Decodes space-separated RFC 2047 words (`=?UTF-8?B|Q?...?=`); nil if any word is
  /// malformed or any single word is not valid UTF-8 on its own.
  static func encodedWords(_ text: String) -> String? {
    var result = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      guard word.hasPrefix("=?"), word.hasSuffix("?=") else { return nil }
      let fields = word.dropFirst(2).dropLast(2).split(
        separator: "?", omittingEmptySubsequences: false)
      guard fields.count == 3, fields[0].uppercased() == "UTF-8" else { return nil }
      let bytes: [UInt8]
      switch fields[1].uppercased() {
      case "B":
        guard let data = Data(base64Encoded: String(fields[2])) else { return nil }
        bytes = Array(data)
      case "Q":
        guard let decoded = hexEscapes(String(fields[2]).replacingOccurrences(of: "_", with: " "))
        else { return nil }
        bytes = decoded
      default:
        return nil
      }
      guard let piece = String(validating: bytes, as: UTF8.self) else { return nil }
      result += piece
    }
    return result
  }

  /// Decodes quoted-printable text (soft breaks removed, CRLF kept as `\n`).
  static func quotedPrintable(_ text: String) -> String? {
    var bytes: [UInt8] = []
    let lines = text.components(separatedBy: "\r\n")
    for (index, line) in lines.enumerated() {
      let soft = line.hasSuffix("=")
      guard let decoded = hexEscapes(soft ? String(line.dropLast()) : line) else { return nil }
      bytes += decoded
      if !soft && index < lines.count - 1 { bytes.append(0x0A) }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// Replaces `=XX` with the byte it names.
  private static func hexEscapes(_ text: String) -> [UInt8]? {
    var output: [UInt8] = []
    var input = Array(text.utf8)[...]
    while let byte = input.popFirst() {
      if byte == UInt8(ascii: "=") {
        guard input.count >= 2,
          let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
        else { return nil }
        output.append(value)
        input = input.dropFirst(2)
      } else {
        output.append(byte)
      }
    }
    return output
  }

  /// Undoes header folding (CRLF followed by whitespace).
  static func unfold(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: "\t")
  }

  /// The header block of a rendered message, one unfolded field per element.
  static func headerFields(_ message: String) -> [String] {
    let block = message.components(separatedBy: "\r\n\r\n")[0]
    return unfold(block).components(separatedBy: "\r\n")
  }
}
