import Foundation

/// Folds text for matching: case, accents and repeated spaces do not count (`Désirée` matches `desiree`).
public enum SearchKey {
  /// The folded form stored beside a record and computed from a query.
  public static func fold(_ text: String) -> String {
    if let ascii = foldASCII(text) { return ascii }
    return text.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
    )
    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// The same fold for plain ASCII text, byte by byte: most names, emails and numbers are ASCII, and
  /// a bulk import folds each several times.
  private static func foldASCII(_ text: String) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for byte in text.utf8 {
      guard byte < 0x80 else { return nil }
      switch byte {
      case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
        pendingSpace = !bytes.isEmpty
      default:
        if pendingSpace {
          bytes.append(0x20)
          pendingSpace = false
        }
        bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
