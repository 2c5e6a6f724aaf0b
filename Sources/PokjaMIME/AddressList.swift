import Foundation

/// Reads the addr-specs out of an RFC 5322 address list (`From`, `To`, `Cc`, …).
enum AddressList {
  /// The addresses in `value`, in order, as `local@domain` with the domain lowercased.
  ///
  /// Display names (atoms, quoted strings with commas, encoded words), comments, groups
  /// (`Team: a@x, b@y;`), routes in angle addresses and a bare addr-spec are tolerated; an
  /// entry without a usable `local@domain` is skipped. Linear in the length of `value`.
  static func addrSpecs(_ value: String) -> [String] {
    let bytes = Array(value.utf8)
    var result: [String] = []
    var words: [[UInt8]] = []  // the entry's text outside angle brackets, split at spaces
    var word: [UInt8] = []
    var angle: [UInt8]?  // the last angle address's content, once one has started
    var inAngle = false
    var index = 0

    func endWord() {
      if !word.isEmpty { words.append(word) }
      word = []
    }
    func endEntry() {
      endWord()
      if let found = address(angle: angle, words: words) { result.append(found) }
      words = []
      angle = nil
      inAngle = false
    }

    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "("):
        index = skipComment(bytes, from: index)
        if !inAngle { endWord() }
        continue
      case UInt8(ascii: "\""):
        let end = quotedEnd(bytes, from: index)
        if inAngle {
          angle?.append(contentsOf: bytes[index..<end])
        } else {
          word.append(contentsOf: bytes[index..<end])
        }
        index = end
        continue
      case UInt8(ascii: "<") where !inAngle:
        endWord()
        inAngle = true
        angle = []
      case UInt8(ascii: ">") where inAngle:
        inAngle = false
      case UInt8(ascii: ":"):
        if inAngle {
          // A source route (`<@relay:user@host>`): the address follows the last colon.
          angle = []
        } else {
          // A group's display name ends here.
          word = []
          words = []
        }
      case UInt8(ascii: ","), UInt8(ascii: ";"):
        if inAngle, byte == UInt8(ascii: ",") {
          break  // part of a route list
        }
        endEntry()
      case 0x20, 0x09, 0x0D, 0x0A:
        if !inAngle { endWord() }
      default:
        if inAngle {
          angle?.append(byte)
        } else {
          word.append(byte)
        }
      }
      index += 1
    }
    endEntry()
    return result
  }

  /// The index after the comment that starts at `start` (nested comments and escapes allowed).
  private static func skipComment(_ bytes: [UInt8], from start: Int) -> Int {
    var depth = 0
    var index = start
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\\"): index += 1
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 { return index + 1 }
      default: break
      }
      index += 1
    }
    return bytes.count
  }

  /// The index after the quoted string that starts at `start` (escapes allowed).
  private static func quotedEnd(_ bytes: [UInt8], from start: Int) -> Int {
    var index = start + 1
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
      index += 1
    }
    return bytes.count
  }

  /// The entry's address: the angle address if there was one, else the word holding an `@`
  /// (or all words joined, for `user @ host`).
  private static func address(angle: [UInt8]?, words: [[UInt8]]) -> String? {
    let at = UInt8(ascii: "@")
    var candidate: [UInt8]
    if let angle {
      candidate = angle
    } else if let word = words.last(where: { $0.count > 2 && $0.contains(at) }) {
      candidate = word
    } else {
      candidate = words.flatMap { $0 }
    }
    guard let split = candidate.lastIndex(of: at), split > 0, split < candidate.count - 1 else {
      return nil
    }
    let local = Charset.utf8OrLatin1(candidate[..<split])
    let domain = Charset.utf8OrLatin1(candidate[(split + 1)...]).lowercased()
    return local + "@" + domain
  }
}
