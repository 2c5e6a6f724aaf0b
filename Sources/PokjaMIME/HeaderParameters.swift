import Foundation

/// Reads parameterised header values such as `text/calendar; method=REPLY; charset="utf-8"`.
enum HeaderParameters {
  /// The highest RFC 2231 continuation index accepted (`name*999`).
  static let maximumContinuation = 999

  /// The value before the first `;` (comments removed, trimmed) and the parameters after it,
  /// names lowercased, in first-seen order.
  ///
  /// Values may be tokens or quoted strings (backslash escapes undone); an unquoted value runs to
  /// the next `;`. RFC 2231 `name*=charset'lang'%XX` values and `name*0`, `name*1*`, …
  /// continuations are joined and decoded, and win over a plain `name` of the same name.
  static func parse(_ value: String) -> (value: String, parameters: [MIMEParameter]) {
    let bytes = Array(value.utf8)
    var index = 0
    var main: [UInt8] = []
    var commentDepth = 0
    while index < bytes.count, bytes[index] != UInt8(ascii: ";") || commentDepth > 0 {
      let byte = bytes[index]
      if byte == UInt8(ascii: "(") {
        commentDepth += 1
      } else if byte == UInt8(ascii: ")") && commentDepth > 0 {
        commentDepth -= 1
      } else if commentDepth == 0 {
        main.append(byte)
      }
      index += 1
    }
    let mainValue = text(trimmed(main[...]))

    var raw: [(name: String, value: [UInt8])] = []
    while index < bytes.count {
      // At a `;` or the start of a parameter.
      while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ";") {
        index += 1
      }
      let nameStart = index
      while index < bytes.count, bytes[index] != UInt8(ascii: "="),
        bytes[index] != UInt8(ascii: ";")
      {
        index += 1
      }
      let name = text(trimmed(bytes[nameStart..<index])).lowercased()
      var parameterValue: [UInt8] = []
      if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
        index += 1
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
          index += 1
          while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
            parameterValue.append(bytes[index])
            index += 1
          }
          // Anything between the closing quote and the next `;` is ignored.
          while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
        } else {
          let valueStart = index
          while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
          var valueEnd = index
          while valueEnd > valueStart, isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
          parameterValue = Array(bytes[valueStart..<valueEnd])
        }
      }
      if !name.isEmpty { raw.append((name, parameterValue)) }
    }
    return (mainValue, assemble(raw))
  }

  /// One RFC 2231 piece: `name*` (index nil), `name*N` or `name*N*`.
  private struct Piece {
    var index: Int
    var extended: Bool
    var value: [UInt8]
  }

  private static func assemble(_ raw: [(name: String, value: [UInt8])]) -> [MIMEParameter] {
    // Sets beside the order list keep many parameters linear.
    var order: [String] = []
    var seen: Set<String> = []
    var plain: [String: String] = [:]
    var single: [String: [UInt8]] = [:]
    var pieces: [String: [Piece]] = [:]
    var seenPieces: Set<String> = []
    for (name, value) in raw {
      let base: String
      if let star = name.firstIndex(of: "*") {
        base = String(name[..<star])
        guard !base.isEmpty else { continue }
        let rest = name[name.index(after: star)...]
        if rest.isEmpty {
          if single[base] == nil { single[base] = value }
        } else {
          let extended = rest.hasSuffix("*")
          guard let number = Int(extended ? rest.dropLast() : rest), number >= 0,
            number <= maximumContinuation, seenPieces.insert(base + "*\(number)").inserted
          else { continue }
          pieces[base, default: []].append(
            Piece(index: number, extended: extended, value: value))
        }
      } else {
        base = name
        if plain[base] == nil { plain[base] = text(value) }
      }
      if seen.insert(base).inserted { order.append(base) }
    }
    return order.compactMap { name in
      if let value = single[name] {
        return MIMEParameter(
          name: name, value: joined([Piece(index: 0, extended: true, value: value)]) ?? "")
      }
      if let continued = pieces[name], let value = joined(continued) {
        return MIMEParameter(name: name, value: value)
      }
      return plain[name].map { MIMEParameter(name: name, value: $0) }
    }
  }

  /// The RFC 2231 pieces of one parameter in order, percent-decoded and charset-decoded.
  private static func joined(_ unsorted: [Piece]) -> String? {
    let pieces = unsorted.sorted { $0.index < $1.index }
    guard let first = pieces.first, first.index == 0 else { return nil }
    var charset: String?
    var bytes: [UInt8] = []
    for piece in pieces {
      guard piece.extended else {
        bytes += piece.value
        continue
      }
      var value = piece.value[...]
      if piece.index == 0 {
        // charset'language'value; tolerate a value without the two quotes.
        let quotes = value.indices.filter { value[$0] == UInt8(ascii: "'") }.prefix(2)
        if quotes.count == 2 {
          charset = text(value[..<quotes[quotes.startIndex]])
          value = value[(quotes[quotes.startIndex + 1] + 1)...]
        }
      }
      bytes += percentDecoded(value)
    }
    if let charset, !charset.isEmpty { return Charset.decode(bytes, charset: charset) }
    return Charset.utf8OrLatin1(bytes)
  }

  private static func percentDecoded(_ value: ArraySlice<UInt8>) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(value.count)
    var index = value.startIndex
    while index < value.endIndex {
      if value[index] == UInt8(ascii: "%"), index + 2 < value.endIndex,
        let high = TransferDecoding.hexValue(value[index + 1]),
        let low = TransferDecoding.hexValue(value[index + 2])
      {
        output.append(high << 4 | low)
        index += 3
      } else {
        output.append(value[index])
        index += 1
      }
    }
    return output
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  /// `bytes` without leading and trailing spaces and tabs.
  private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, isSpace(bytes[start]) { start += 1 }
    while end > start, isSpace(bytes[end - 1]) { end -= 1 }
    return bytes[start..<end]
  }

  private static func text(_ bytes: some Collection<UInt8>) -> String {
    Charset.utf8OrLatin1(bytes)
  }
}
