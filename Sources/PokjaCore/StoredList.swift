import Foundation

/// How the stores keep a list in one text column: a JSON array (`'[]'` when empty), the same in
/// SQLite and PostgreSQL so rows copy between them unchanged.
public enum StoredList {
  /// Strings as a JSON array.
  public static func text(_ values: [String]) -> String {
    let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// Instants as a JSON array of whole Unix seconds.
  public static func text(_ dates: [Date]) -> String {
    "["
      + dates.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) }.joined(separator: ",")
      + "]"
  }

  /// The strings of a JSON array; nil when `text` is not one.
  public static func strings(_ text: String) -> [String]? {
    if text == "[]" { return [] }
    // JSONSerialization reads a flat array of strings several times faster than JSONDecoder.
    return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
  }

  /// The instants of a JSON array of Unix seconds; nil when `text` is not one.
  public static func instants(_ text: String) -> [Date]? {
    if text == "[]" { return [] }
    guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber] else {
      return nil
    }
    return list.map { Date(timeIntervalSince1970: $0.doubleValue) }
  }
}
