import Foundation

/// Turns bytes in a MIME charset into text; never fails.
enum Charset {
  /// Unicode scalars for windows-1252's 0x80–0x9F (undefined ones map to the C1 control).
  private static let windows1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// Where ISO-8859-15 differs from ISO-8859-1.
  private static let latin9: [UInt8: UInt32] = [
    0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152,
    0xBD: 0x0153, 0xBE: 0x0178,
  ]

  private enum Known {
    case utf8, ascii, latin1, latin9, windows1252, utf16, utf16LE, utf16BE
  }

  private static func known(_ name: String) -> Known? {
    switch name {
    case "utf-8", "utf8", "x-unicode20utf8", "unicode-1-1-utf-8": .utf8
    case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us": .ascii
    case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1",
      "cp819", "ibm819", "iso-ir-100", "csisolatin1":
      .latin1
    case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9": .latin9
    case "windows-1252", "cp1252", "x-cp1252", "cp-1252": .windows1252
    case "utf-16": .utf16
    case "utf-16le": .utf16LE
    case "utf-16be": .utf16BE
    default: nil
    }
  }

  /// `bytes` as text in `charset` (a MIME charset name, any case, quotes and `*lang` allowed).
  ///
  /// UTF-8 that is not valid gets U+FFFD replacements; US-ASCII with 8-bit bytes, an unknown
  /// charset or none is read as UTF-8 when valid, else as Latin-1. A leading byte order mark
  /// is dropped.
  static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
    let name = normalized(charset)
    switch name.flatMap(known) {
    case .utf8:
      return dropBOM(String(decoding: bytes, as: UTF8.self))
    case .latin1:
      return latin1(bytes)
    case .latin9:
      return scalars(bytes) { byte in latin9[byte] ?? UInt32(byte) }
    case .windows1252:
      return scalars(bytes) { byte in
        (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
      }
    case .utf16, .utf16LE, .utf16BE:
      let encoding: String.Encoding =
        switch name.flatMap(known) {
        case .utf16LE: .utf16LittleEndian
        case .utf16BE: .utf16BigEndian
        default: .utf16
        }
      if let text = String(data: Data(bytes), encoding: encoding) { return dropBOM(text) }
      return utf8OrLatin1(bytes)
    case .ascii, nil:
      return utf8OrLatin1(bytes)
    }
  }

  /// UTF-8 if the bytes are valid UTF-8, else Latin-1.
  static func utf8OrLatin1(_ bytes: some Collection<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return dropBOM(text) }
    return latin1(bytes)
  }

  private static func latin1(_ bytes: some Collection<UInt8>) -> String {
    scalars(bytes) { UInt32($0) }
  }

  private static func scalars(_ bytes: some Collection<UInt8>, _ map: (UInt8) -> UInt32)
    -> String
  {
    var view = String.UnicodeScalarView()
    for byte in bytes {
      view.append(Unicode.Scalar(map(byte)) ?? "\u{FFFD}")
    }
    return String(view)
  }

  private static func dropBOM(_ text: String) -> String {
    text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
  }

  /// Lowercased, without quotes, whitespace or an RFC 2231 `*language` suffix.
  private static func normalized(_ charset: String?) -> String? {
    guard var name = charset?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
      return nil
    }
    if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
      name = String(name.dropFirst().dropLast())
    }
    if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
    return name.lowercased()
  }
}
