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

  /// The marker as it stands in a rendered message: after the part's other headers, before the
  /// blank line that ends them.
  static func marker(_ digest: String) -> String {
    "\r\n" + HeaderFolding.fold(markerHeader(digest)) + "\r\n\r\n"
  }

  /// Whether `content` may name a stored document: a quick byte search, so that messages without
  /// any (nearly all) cost next to nothing.
  public static func mayName(_ content: String) -> Bool {
    MIMEPart.containsBytes(content, "\r\n" + headerName + ":")
  }

  /// The digests `content` names, in order of first appearance.
  public static func digests(in content: String) -> [String] {
    var found: [String] = []
    var rest = Substring(content)
    let lead = "\r\n" + headerName + ":"
    while let range = rest.range(of: lead) {
      rest = rest[range.upperBound...]
      let value = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\n" }
      guard value.hasPrefix("sha256:") else { continue }
      let digest = String(value.dropFirst(7).prefix(64))
      if isDigest(digest), !found.contains(digest) { found.append(digest) }
    }
    return found
  }

  /// `content` with every stored document's bytes in place of its marker; `load` gives the bytes
  /// of a digest (nil: not kept, which throws `ExpansionError.missing`).
  public static func expand(_ content: String, load: (String) throws -> Data?) throws -> String {
    guard mayName(content) else { return content }
    let digests = digests(in: content)
    guard !digests.isEmpty else { return content }
    var expanded = content
    for digest in digests {
      guard let data = try load(digest) else { throw ExpansionError.missing(digest) }
      expanded = expanded.replacingOccurrences(
        of: marker(digest), with: "\r\n\r\n" + MIMEPart.base64Lines(data))
    }
    return expanded
  }

  /// Why a message's stored documents cannot be put in.
  public enum ExpansionError: Error, Hashable, Sendable {
    /// No document with this digest is kept.
    case missing(String)
  }
}
