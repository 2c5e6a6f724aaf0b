import Foundation

extension EncodedWord {
  /// Decodes the RFC 2047 encoded words in a header value for display.
  ///
  /// `=?charset?B?...?=` and `=?charset?Q?...?=` words are decoded wherever they occur (also
  /// inside quoted strings and without surrounding spaces, as common mail clients do);
  /// whitespace between two encoded words is dropped, and adjacent words in the same charset
  /// are joined before decoding, so a character split across words survives. Malformed words
  /// are left as written. Linear in the length of `value`.
  public static func decode(_ value: String) -> String {
    guard value.contains("=?") else { return value }
    let bytes = Array(value.utf8)
    var result = ""
    var literalStart = 0
    var pending: (charset: String, bytes: [UInt8])?
    var index = 0

    func flushPending() {
      if let word = pending { result += Charset.decode(word.bytes, charset: word.charset) }
      pending = nil
    }

    while index + 1 < bytes.count {
      guard bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "?"),
        let word = parseWord(bytes, at: index)
      else {
        index += 1
        continue
      }
      let literal = bytes[literalStart..<index]
      let onlySpace = literal.allSatisfy { $0 == 0x20 || $0 == 0x09 }
      if !(pending != nil && onlySpace) {
        flushPending()
        result += String(decoding: literal, as: UTF8.self)
      }
      if let current = pending, current.charset == word.charset {
        pending?.bytes += word.bytes
      } else {
        flushPending()
        pending = (word.charset, word.bytes)
      }
      index = word.end
      literalStart = word.end
    }
    flushPending()
    result += String(decoding: bytes[literalStart...], as: UTF8.self)
    return result
  }

  /// The encoded word starting at `start` (which holds `=?`): its lowercased charset, decoded
  /// bytes and the index after its `?=`; nil when malformed.
  private static func parseWord(_ bytes: [UInt8], at start: Int) -> (
    charset: String, bytes: [UInt8], end: Int
  )? {
    let question = UInt8(ascii: "?")
    var index = start + 2
    let charsetStart = index
    while index < bytes.count, bytes[index] != question {
      guard bytes[index] > 0x20, bytes[index] < 0x7F else { return nil }
      index += 1
    }
    guard index > charsetStart, index + 2 < bytes.count, bytes[index + 2] == question else {
      return nil
    }
    let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self).lowercased()
    let encoding = bytes[index + 1] | 0x20
    guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
    index += 3
    let textStart = index
    while index < bytes.count, bytes[index] != question {
      guard bytes[index] > 0x20, bytes[index] < 0x7F else { return nil }
      index += 1
    }
    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "=") else { return nil }
    let text = bytes[textStart..<index]
    let decoded: [UInt8]?
    if encoding == UInt8(ascii: "b") {
      decoded = text.withContiguousStorageIfAvailable { TransferDecoding.base64($0) } ?? nil
    } else {
      decoded = qDecode(text)
    }
    guard let decoded else { return nil }
    return (charset, decoded, index + 2)
  }

  /// RFC 2047 `Q`: `_` is a space, `=XX` a byte; a malformed `=` stays literally.
  private static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var index = text.startIndex
    while index < text.endIndex {
      let byte = text[index]
      if byte == UInt8(ascii: "_") {
        output.append(0x20)
      } else if byte == UInt8(ascii: "="), index + 2 < text.endIndex,
        let high = TransferDecoding.hexValue(text[index + 1]),
        let low = TransferDecoding.hexValue(text[index + 2])
      {
        output.append(high << 4 | low)
        index += 2
      } else {
        output.append(byte)
      }
      index += 1
    }
    return output
  }
}
