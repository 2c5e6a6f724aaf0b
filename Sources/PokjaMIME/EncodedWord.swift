import Foundation

/// RFC 2047 encoded words for non-ASCII header text.
public enum EncodedWord {
  /// The longest encoded word RFC 2047 allows.
  public static let maximumLength = 75

  private static let overhead = "=?UTF-8?Q??=".count
  private static let hex = Array("0123456789ABCDEF".utf8)

  /// Encodes `text` as space-separated `=?UTF-8?Q?...?=` or `=?UTF-8?B?...?=` words of at
  /// most 75 characters each, never splitting a UTF-8 sequence across words.
  ///
  /// ASCII text is returned unchanged unless it contains `=?`, which a reader could mistake for
  /// an encoded word. Q is used when it is no longer than B (mostly-Latin text), else B.
  public static func encode(_ text: String) -> String {
    words(for: text).joined(separator: " ")
  }

  /// Whether `text` must be encoded to appear in a header.
  static func needsEncoding(_ text: String) -> Bool {
    !text.isASCII || text.contains("=?")
  }

  /// The words for `text`; the first is at most `firstLimit` characters long when that leaves
  /// room for one scalar, the rest at most `limit`.
  static func words(for text: String, firstLimit: Int = maximumLength, limit: Int = maximumLength)
    -> [String]
  {
    guard needsEncoding(text) else { return [text] }
    let bytes = Array(text.utf8)
    let qLength = bytes.reduce(0) { $0 + qWidth($1) }
    let useQ = qLength <= (bytes.count + 2) / 3 * 4
    let marker = useQ ? "Q" : "B"

    func payloadLength(_ count: Int, _ qCount: Int) -> Int {
      useQ ? qCount : (count + 2) / 3 * 4
    }

    var words: [String] = []
    var current: [UInt8] = []
    var currentQ = 0
    var budget = max(firstLimit, overhead + 12) - overhead
    for scalar in text.unicodeScalars {
      let scalarBytes = Array(String(scalar).utf8)
      let scalarQ = scalarBytes.reduce(0) { $0 + qWidth($1) }
      if !current.isEmpty,
        payloadLength(current.count + scalarBytes.count, currentQ + scalarQ) > budget
      {
        words.append(word(current, q: useQ, marker: marker))
        current = []
        currentQ = 0
        budget = limit - overhead
      }
      current += scalarBytes
      currentQ += scalarQ
    }
    if !current.isEmpty || words.isEmpty {
      words.append(word(current, q: useQ, marker: marker))
    }
    return words
  }

  private static func word(_ bytes: [UInt8], q: Bool, marker: String) -> String {
    let payload = q ? qEncode(bytes) : Data(bytes).base64EncodedString()
    return "=?UTF-8?" + marker + "?" + payload + "?="
  }

  /// Bytes RFC 2047 section 5(3) lets a Q word carry literally, valid in any header position.
  private static func isQLiteral(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
      UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "):
      true
    default: false
    }
  }

  private static func qWidth(_ byte: UInt8) -> Int { isQLiteral(byte) ? 1 : 3 }

  private static func qEncode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    for byte in bytes {
      if byte == UInt8(ascii: " ") {
        output.append(UInt8(ascii: "_"))
      } else if isQLiteral(byte) {
        output.append(byte)
      } else {
        output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
