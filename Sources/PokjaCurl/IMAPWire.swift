import Foundation
import PokjaCore

/// What goes on the IMAP wire and comes back: folder names in modified UTF-7 (RFC 3501 §5.1.3),
/// quoted strings, and the untagged responses Pokja reads (RFC 3501 §7).
enum IMAPWire {
  // MARK: Folder names

  /// `name` in modified UTF-7: printable ASCII as is ("&" as "&-"), anything else as "&" + base64
  /// of its UTF-16 with "," for "/" and no padding + "-". `Entwürfe` → `Entw&APw-rfe`.
  static func encodeMailbox(_ name: String) -> String {
    var output = ""
    var pending: [UInt16] = []
    func flush() {
      guard !pending.isEmpty else { return }
      var bytes: [UInt8] = []
      for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
      let base64 = Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "=", with: "")
        .replacingOccurrences(of: "/", with: ",")
      output += "&\(base64)-"
      pending = []
    }
    for scalar in name.unicodeScalars {
      if (0x20...0x7E).contains(scalar.value) {
        flush()
        output += scalar == "&" ? "&-" : String(scalar)
      } else {
        pending += Array(String(scalar).utf16)
      }
    }
    flush()
    return output
  }

  /// The inverse of `encodeMailbox`; nil for text that is not modified UTF-7.
  static func decodeMailbox(_ text: String) -> String? {
    var output = ""
    var rest = Substring(text)
    while let amp = rest.firstIndex(of: "&") {
      output += rest[..<amp]
      guard let dash = rest[amp...].firstIndex(of: "-") else { return nil }
      let encoded = rest[rest.index(after: amp)..<dash]
      if encoded.isEmpty {
        output += "&"
      } else {
        var base64 = encoded.replacingOccurrences(of: ",", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), data.count % 2 == 0 else { return nil }
        let units = stride(from: 0, to: data.count, by: 2).map {
          UInt16(data[data.startIndex + $0]) << 8 | UInt16(data[data.startIndex + $0 + 1])
        }
        output += String(decoding: units, as: UTF16.self)
      }
      rest = rest[rest.index(after: dash)...]
    }
    return output + rest
  }

  /// `text` as an IMAP quoted string (backslash and double quote escaped). The caller makes sure it
  /// holds no CR, LF or NUL (`encodeMailbox` gives printable ASCII only).
  static func quoted(_ text: String) -> String {
    "\"" + text.replacingScalars(["\\": "\\\\", "\"": "\\\""]) + "\""
  }

  /// `text` percent-encoded except for unreserved characters: for the mailbox in an IMAP URL, and
  /// for a custom request (libcurl percent-decodes `CURLOPT_CUSTOMREQUEST`, so a "%" must be "%25").
  static func percentEncoded(_ text: String, keeping extra: Set<UInt8> = []) -> String {
    var output = ""
    for byte in text.utf8 {
      let unreserved =
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F
        || byte == 0x7E
      if unreserved || extra.contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        output += String(format: "%%%02X", byte)
      }
    }
    return output
  }

  /// A custom request as libcurl must be given it: every "%" written "%25" (libcurl decodes it).
  static func customRequest(_ command: String) -> String {
    command.replacingOccurrences(of: "%", with: "%25")
  }

  // MARK: Untagged responses

  /// The lines of what libcurl handed the write callback for a custom request: the untagged
  /// responses (`* …`), each without its CRLF.
  static func untaggedLines(_ bytes: [UInt8]) -> [String] {
    bytes.split(separator: 0x0A).compactMap { line in
      var line = line
      if line.last == 0x0D { line = line.dropLast() }
      guard line.starts(with: [0x2A, 0x20]) else { return nil }  // "* "
      return String(decoding: line.dropFirst(2), as: UTF8.self)
    }
  }

  /// What SELECT or EXAMINE told of the folder.
  static func folderState(_ lines: [String]) -> (
    uidValidity: UInt32?, exists: Int?, uidNext: UInt32?
  ) {
    var uidValidity: UInt32? = nil
    var exists: Int? = nil
    var uidNext: UInt32? = nil
    for line in lines {
      let words = line.split(separator: " ")
      if words.count >= 2, words[1].uppercased() == "EXISTS", let count = Int(words[0]) {
        exists = count
      } else if let value = responseCodeNumber("UIDVALIDITY", in: line) {
        uidValidity = value
      } else if let value = responseCodeNumber("UIDNEXT", in: line) {
        uidNext = value
      }
    }
    return (uidValidity, exists, uidNext)
  }

  /// The number in `OK [NAME n]`.
  private static func responseCodeNumber(_ name: String, in line: String) -> UInt32? {
    guard line.uppercased().hasPrefix("OK [\(name) ") else { return nil }
    let rest = line.dropFirst(5 + name.count)
    return UInt32(rest.prefix(while: \.isNumber))
  }

  /// `uids` as an IMAP sequence set (RFC 3501 §9): runs of consecutive UIDs as `first:last`,
  /// `4,7:9,12`.
  static func uidSet(_ uids: [UInt32]) -> String {
    var parts: [String] = []
    var run: (first: UInt32, last: UInt32)?
    for uid in Set(uids).sorted() {
      if let current = run, uid == current.last + 1 {
        run = (current.first, uid)
        continue
      }
      if let current = run {
        parts.append(
          current.first == current.last ? "\(current.first)" : "\(current.first):\(current.last)")
      }
      run = (uid, uid)
    }
    if let current = run {
      parts.append(
        current.first == current.last ? "\(current.first)" : "\(current.first):\(current.last)")
    }
    return parts.joined(separator: ",")
  }

  /// The UIDs of `* SEARCH n n …` lines (RFC 3501 §7.2.5), in order, without duplicates. A
  /// `(MODSEQ n)` at the end (CONDSTORE) is not a UID.
  static func searchUIDs(_ lines: [String]) -> [UInt32] {
    var uids: [UInt32] = []
    for line in lines where line.uppercased().hasPrefix("SEARCH") {
      let body = line.dropFirst(6).prefix(while: { $0 != "(" })
      uids += body.split(separator: " ").compactMap { UInt32($0) }
    }
    var seen = Set<UInt32>()
    return uids.filter { seen.insert($0).inserted }.sorted()
  }

  /// One message as a `FETCH` response tells of it.
  struct FetchedItems: Equatable {
    var uid: UInt32
    var size: Int?
    var flags: [String]?
  }

  /// The `* n FETCH (…)` responses that carry a UID, with their RFC822.SIZE and FLAGS.
  static func fetchItems(_ lines: [String]) -> [FetchedItems] {
    lines.compactMap { line in
      let words = line.split(separator: " ", maxSplits: 2)
      guard words.count == 3, UInt32(words[0]) != nil, words[1].uppercased() == "FETCH",
        words[2].hasPrefix("(")
      else { return nil }
      let items = words[2].dropFirst()
      guard let uid = number(after: "UID", in: items).flatMap({ UInt32($0) }) else { return nil }
      var fetched = FetchedItems(uid: uid)
      fetched.size = number(after: "RFC822.SIZE", in: items).flatMap { Int($0) }
      if let range = items.range(of: "FLAGS (", options: .caseInsensitive) {
        let list = items[range.upperBound...].prefix(while: { $0 != ")" })
        fetched.flags = list.split(separator: " ").map(String.init)
      }
      return fetched
    }
  }

  /// The digits after the item `name` in a FETCH item list.
  private static func number(after name: String, in items: Substring) -> Substring? {
    let words = items.split(separator: " ")
    guard let index = words.firstIndex(where: { $0.uppercased() == name }),
      index + 1 < words.count
    else { return nil }
    let digits = words[index + 1].prefix(while: \.isNumber)
    return digits.isEmpty ? nil : digits
  }

  /// The folder names (as sent: modified UTF-7) of `* LIST (…) "sep" name` lines. A name sent
  /// as a literal is not in the line (libcurl drops the literal's lines) and is left out.
  static func listedNames(_ lines: [String]) -> [String] {
    lines.compactMap { line in
      guard line.uppercased().hasPrefix("LIST ("), let close = line.firstIndex(of: ")") else {
        return nil
      }
      var rest = line[line.index(after: close)...].drop(while: { $0 == " " })
      // The hierarchy delimiter: a quoted character or NIL.
      guard let delimiter = readString(&rest) ?? readAtom(&rest) else { return nil }
      _ = delimiter
      rest = rest.drop(while: { $0 == " " })
      return readString(&rest) ?? readAtom(&rest)
    }
  }

  /// The capabilities of a `* CAPABILITY …` line, or of a `[CAPABILITY …]` response code.
  static func capabilities(inServerLine line: String) -> Set<String>? {
    let upper = line.uppercased()
    if let range = upper.range(of: "[CAPABILITY ") {
      let list = upper[range.upperBound...].prefix(while: { $0 != "]" })
      return Set(list.split(separator: " ").map(String.init))
    }
    if upper.hasPrefix("* CAPABILITY ") {
      return Set(upper.dropFirst(13).split(separator: " ").map(String.init))
    }
    return nil
  }

  private static func readString(_ text: inout Substring) -> String? {
    guard text.first == "\"" else { return nil }
    var value = ""
    var index = text.index(after: text.startIndex)
    while index < text.endIndex {
      let character = text[index]
      if character == "\\" {
        index = text.index(after: index)
        guard index < text.endIndex else { return nil }
        value.append(text[index])
      } else if character == "\"" {
        text = text[text.index(after: index)...]
        return value
      } else {
        value.append(character)
      }
      index = text.index(after: index)
    }
    return nil
  }

  private static func readAtom(_ text: inout Substring) -> String? {
    let atom = text.prefix(while: { $0 != " " && $0 != "(" && $0 != ")" && $0 != "{" })
    guard !atom.isEmpty else { return nil }
    text = text[atom.endIndex...]
    return String(atom)
  }
}
