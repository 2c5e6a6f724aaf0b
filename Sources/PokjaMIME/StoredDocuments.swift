import Foundation

/// Attachments kept once, outside the messages that carry them (`MIMEPart.storedDocument`).
///
/// A rendered message names each such attachment by a marker header, `X-Pokja-Document:
/// sha256:<64 hex digits>`, as the last header of the attachment's part, with an empty body.
/// `expand` puts the file's bytes there (base64, in lines of 76) and drops the marker: what is
/// sent is an ordinary attachment. The marker line is longer than 78 characters, so it is folded
/// after the colon, and text parts never hold it: their lines longer than 76 characters go
/// quoted-printable.
public enum StoredDocuments {
  static let headerName = "X-Pokja-Document"

  /// Whether `digest` is 64 lowercase hex digits.
  public static func isDigest(_ digest: String) -> Bool {
    digest.utf8.count == 64
      && digest.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  /// The marker header for `digest`, unfolded.
  static func markerHeader(_ digest: String) -> String {
    headerName + ": sha256:" + digest
  }

  /// The marker as it stands in a rendered message, up to the digest: the CRLF ending the
  /// part's previous header, then the marker header folded after its colon.
  static let lead = Array(
    ("\r\n" + HeaderFolding.fold(markerHeader(String(repeating: "0", count: 64))))
      .dropLast(64).utf8)
  /// The start of a delimiter line of pokja's multiparts (`MIMEPart.makeBoundary`). No text part
  /// holds it: one with `=_pokja_` in a line goes quoted-printable (`=` becomes `=3D`), and base64
  /// has no `_`.
  static let delimiter = Array("\r\n--=_pokja_".utf8)
  static let blankLine = Array("\r\n\r\n".utf8)

  /// Whether `content` may name a stored document: a quick byte search, so that messages without
  /// any (nearly all) cost next to nothing.
  public static func mayName(_ content: String) -> Bool {
    MIMEPart.containsBytes(content, "\r\n" + headerName + ":")
  }

  /// The markers of `bytes`: where each stands (from its lead to the blank line after it) and its
  /// digest. Only a marker among the headers of a part of pokja's multiparts counts: right after
  /// a delimiter line, with no blank line between (text that looks like one, in a meeting's
  /// description, is left as it is).
  static func markers(in bytes: [UInt8]) -> [(range: Range<Int>, digest: String)] {
    var found: [(Range<Int>, String)] = []
    var from = 0
    while let start = index(of: lead, in: bytes, from: from) {
      let digestStart = start + lead.count
      from = digestStart
      let end = digestStart + 64 + blankLine.count
      guard end <= bytes.count,
        Array(bytes[(digestStart + 64)..<end]) == blankLine,
        let delimiter = lastIndex(of: delimiter, in: bytes, before: start),
        index(of: blankLine, in: bytes, from: delimiter, before: start + 2) == nil
      else { continue }
      let digest = String(decoding: bytes[digestStart..<(digestStart + 64)], as: UTF8.self)
      guard isDigest(digest) else { continue }
      found.append((start..<end, digest))
      from = end
    }
    return found
  }

  /// The digests `content` names, in order of first appearance.
  public static func digests(in content: String) -> [String] {
    guard mayName(content) else { return [] }
    var digests: [String] = []
    for marker in markers(in: Array(content.utf8)) where !digests.contains(marker.digest) {
      digests.append(marker.digest)
    }
    return digests
  }

  /// `content` with every stored document's bytes in place of its marker; `load` gives the bytes
  /// of a digest (nil: not kept, which throws `ExpansionError.missing`).
  public static func expand(_ content: String, load: (String) throws -> Data?) throws -> String {
    guard mayName(content) else { return content }
    let bytes = Array(content.utf8)
    let markers = markers(in: bytes)
    guard !markers.isEmpty else { return content }
    var loaded: [String: Data] = [:]
    var output: [UInt8] = []
    var at = 0
    for marker in markers {
      if loaded[marker.digest] == nil {
        guard let data = try load(marker.digest) else { throw ExpansionError.missing(marker.digest) }
        loaded[marker.digest] = data
      }
      output += bytes[at..<marker.range.lowerBound]
      output += blankLine
      output += Array(MIMEPart.base64Lines(loaded[marker.digest] ?? Data()).utf8)
      at = marker.range.upperBound
    }
    output += bytes[at...]
    return String(decoding: output, as: UTF8.self)
  }

  /// The first place at or after `from` (and before `before`, when given) where `needle` starts.
  static func index(of needle: [UInt8], in bytes: [UInt8], from: Int, before: Int? = nil) -> Int? {
    let last = min(before ?? bytes.count, bytes.count) - needle.count
    guard from <= last, let first = needle.first else { return nil }
    var index = from
    while index <= last {
      if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) {
        return index
      }
      index += 1
    }
    return nil
  }

  /// The last place before `before` where `needle` starts.
  static func lastIndex(of needle: [UInt8], in bytes: [UInt8], before: Int) -> Int? {
    var index = min(before, bytes.count) - needle.count
    while index >= 0 {
      if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
        return index
      }
      index -= 1
    }
    return nil
  }

  /// Why a message's stored documents cannot be put in.
  public enum ExpansionError: Error, Hashable, Sendable {
    /// No document with this digest is kept.
    case missing(String)
  }
}
