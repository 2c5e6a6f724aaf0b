import Foundation

/// Turns an import file's bytes into UTF-8 for the readers: a UTF-8 byte-order mark is dropped, UTF-16
/// with a byte-order mark (Excel's "Unicode Text") is converted, and anything else that is not UTF-8 is
/// refused with the line it starts on and what it looks like: usually Windows-1252, which Excel writes
/// for "CSV (Comma delimited)" on a Windows set to Indonesian or English.
enum ImportText {
  /// The file's text as UTF-8 bytes, without a byte-order mark.
  static func utf8Bytes(_ data: Data, file: String) throws(ImportError) -> [UInt8] {
    if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
      let encoding: String.Encoding =
        data.first == 0xFF ? .utf16LittleEndian : .utf16BigEndian
      if let text = String(data: data.dropFirst(2), encoding: encoding) {
        return Array(text.utf8)
      }
    }
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    // The standard library's validation is fast; only a file that fails it is walked byte by byte.
    if String(validating: bytes, as: UTF8.self) != nil { return bytes }
    let offset = firstInvalidOffset(bytes) ?? 0
    let lineStart = bytes[..<offset].lastIndex { $0 == 0x0A || $0 == 0x0D }.map { $0 + 1 } ?? 0
    let lineEnd = bytes[offset...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.count
    let line = 1 + lineNumberOffset(bytes[..<lineStart])
    let looksUTF16 = bytes.prefix(4096).filter { $0 == 0 }.count > min(bytes.count, 4096) / 8
    let guess = looksUTF16 ? "UTF-16" : "Windows-1252"
    var sample = windows1252(bytes[lineStart..<lineEnd])
    if sample.count > 60 { sample = String(sample.prefix(60)) + "…" }
    throw .notUTF8(file: file, line: line, guess: guess, sample: sample)
  }

  /// How many line breaks (CRLF, LF or CR) `bytes` holds.
  private static func lineNumberOffset(_ bytes: ArraySlice<UInt8>) -> Int {
    var count = 0
    var previousCR = false
    for byte in bytes {
      if byte == 0x0A {
        if !previousCR { count += 1 }
      } else if byte == 0x0D {
        count += 1
      }
      previousCR = byte == 0x0D
    }
    return count
  }

  /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
  static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length: Int
      switch lead {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return index
      }
      guard index + length <= bytes.count else { return index }
      for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
      // Overlong forms, surrogates and code points past U+10FFFF.
      if length == 3 {
        let second = bytes[index + 1]
        if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) { return index }
      } else if length == 4 {
        let second = bytes[index + 1]
        if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) { return index }
      }
      index += length
    }
    return nil
  }

  /// The bytes read as Windows-1252, to show the user the line in question.
  static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
    var text = ""
    for byte in bytes {
      if (0x80...0x9F).contains(byte) {
        text.unicodeScalars.append(cp1252High[Int(byte - 0x80)])
      } else {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      }
    }
    return text
  }

  /// Windows-1252's 0x80–0x9F (where it differs from Latin-1); undefined bytes show as U+FFFD.
  private static let cp1252High: [Unicode.Scalar] = [
    "€", "\u{FFFD}", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", "\u{FFFD}", "Ž",
    "\u{FFFD}", "\u{FFFD}", "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", "\u{FFFD}",
    "ž", "Ÿ",
  ]
}
