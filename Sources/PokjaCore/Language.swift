/// A language Pokja writes messages and templates in.
public enum Language: String, Sendable, Codable, CaseIterable {
  /// Bahasa Indonesia, the default.
  case indonesian = "id"
  /// English.
  case english = "en"

  /// Parses `id`, `en`, `in`, `indonesia`, `english` or a POSIX locale such as `id_ID.UTF-8`.
  public init?(parsing text: String) {
    let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
    let prefix =
      lowered.split(whereSeparator: { "_-.@".contains($0) }).first.map(String.init) ?? lowered
    switch prefix {
    case "id", "in", "ind", "indonesia", "indonesian", "bahasa": self = .indonesian
    case "en", "eng", "english", "inggris": self = .english
    default: return nil
    }
  }
}
