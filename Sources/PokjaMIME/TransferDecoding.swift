import Foundation

/// Undoes RFC 2045 content transfer encodings on raw bytes, in one pass each.
enum TransferDecoding {
  /// Base64 digit values; 64 for `=`, 65 for whitespace, 255 for anything else.
  private static let base64Values: [UInt8] = {
    var table = [UInt8](repeating: 255, count: 256)
    for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
      .enumerated()
    {
      table[Int(byte)] = UInt8(index)
    }
    table[Int(UInt8(ascii: "="))] = 64
    for space in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { table[space] = 65 }
    return table
  }()

  /// Decodes base64, skipping whitespace and line breaks anywhere; nil when any other
  /// non-base64 byte occurs, or a quantum is cut to one digit. Missing final padding is
  /// tolerated, and so are several padded chunks one after another.
  static func base64(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard let source = input.baseAddress, !input.isEmpty else { return [] }
    let length = input.count
    var failed = false
    let output = [UInt8](unsafeUninitializedCapacity: length / 4 * 3 + 3) { out, written in
      // Plain pointer loops: this runs over whole attachments, also in debug builds.
      base64Values.withUnsafeBufferPointer { values in
        guard let table = values.baseAddress, let target = out.baseAddress else { return }
        var count = 0
        var quantum: UInt32 = 0
        var digits = 0
        var padding = 0
        var index = 0
        while index < length {
          let value = table[Int(source[index])]
          index += 1
          if value < 64 {
            if padding > 0 {
              failed = true
              break
            }
            quantum = quantum << 6 | UInt32(value)
            digits += 1
            if digits == 4 {
              target[count] = UInt8(truncatingIfNeeded: quantum >> 16)
              target[count + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
              target[count + 2] = UInt8(truncatingIfNeeded: quantum)
              count += 3
              digits = 0
              quantum = 0
            }
          } else if value == 64 {
            // Padding after a whole quantum is harmless; after one digit it is not base64.
            if digits == 0 { continue }
            if digits == 1 {
              failed = true
              break
            }
            padding += 1
            if digits + padding == 4 {
              count = flush(quantum, digits, into: out, at: count)
              digits = 0
              padding = 0
              quantum = 0
            }
          } else if value == 255 {
            failed = true
            break
          }
        }
        if digits == 1 { failed = true }
        if !failed && digits > 1 { count = flush(quantum, digits, into: out, at: count) }
        written = count
      }
    }
    return failed ? nil : output
  }

  /// Writes the 1 or 2 bytes of a quantum of 2 or 3 digits.
  private static func flush(
    _ quantum: UInt32, _ digits: Int, into out: UnsafeMutableBufferPointer<UInt8>, at index: Int
  ) -> Int {
    let aligned = quantum << UInt32(6 * (4 - digits))
    out[index] = UInt8(truncatingIfNeeded: aligned >> 16)
    if digits == 3 {
      out[index + 1] = UInt8(truncatingIfNeeded: aligned >> 8)
      return index + 2
    }
    return index + 1
  }

  /// Decodes quoted-printable: `=XX` (either case) becomes the byte, `=` ending a line is a soft
  /// break, spaces and tabs ending a line are transport padding and dropped, line breaks are
  /// kept as written (CRLF or LF), and any other `=` stays literally.
  static func quotedPrintable(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: input.count) { out, written in
      var count = 0
      var start = 0
      let end = input.count
      while start < end {
        let lineEnd = ByteScan.firstLF(input, from: start, to: end)
        var contentEnd = lineEnd
        if contentEnd > start && input[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        var stop = contentEnd
        while stop > start && (input[stop - 1] == 0x20 || input[stop - 1] == 0x09) { stop -= 1 }
        let soft = stop > start && input[stop - 1] == UInt8(ascii: "=")
        if soft { stop -= 1 }
        var index = start
        while index < stop {
          let byte = input[index]
          if byte == UInt8(ascii: "="), index + 2 < stop, let high = hexValue(input[index + 1]),
            let low = hexValue(input[index + 2])
          {
            out[count] = high << 4 | low
            index += 3
          } else {
            out[count] = byte
            index += 1
          }
          count += 1
        }
        if !soft && lineEnd < end {
          for index in contentEnd...lineEnd {
            out[count] = input[index]
            count += 1
          }
        }
        start = lineEnd + 1
      }
      written = count
    }
  }

  /// The value of an ASCII hex digit, either case.
  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}

/// Fast byte searches over a buffer.
enum ByteScan {
  /// The index of the first LF in `buffer[from..<to]`, or `to`.
  static func firstLF(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to, let base = buffer.baseAddress else { return to }
    guard let found = memchr(base + from, 0x0A, to - from) else { return to }
    return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
  }
}

extension QuotedPrintable {
  /// Decodes quoted-printable `data`: `=XX` in either case becomes its byte, soft line breaks
  /// and trailing transport padding are removed, and malformed escapes are kept literally.
  public static func decode(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    return Data(bytes.withUnsafeBufferPointer { TransferDecoding.quotedPrintable($0) })
  }
}
