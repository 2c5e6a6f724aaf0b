import Foundation

/// Folds text for matching: case, accents and repeated spaces do not count (`Désirée` matches `desiree`).
public enum SearchKey {
  /// The folded form stored beside a record and computed from a query.
  public static func fold(_ text: String) -> String {
    text.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
    )
    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
