import Foundation
import Mustache
import PokjaCore
import PokjaNotifications

/// The pages (`Embedded/pages/*.mustache`) and their texts in both languages
/// (`Embedded/strings.txt`), compiled once when the server starts.
struct PageRenderer: Sendable {
  private let library: MustacheLibrary
  private let strings: [Language: [String: String]]

  init() throws {
    var library = MustacheLibrary()
    for (path, text) in EmbeddedFiles.contents where path.hasPrefix("pages/") {
      let name = String(path.dropFirst("pages/".count).dropLast(".mustache".count))
      try library.register(HTMLEscaping.pragma + text, named: name)
    }
    self.library = library
    strings = try Self.parseStrings(EmbeddedFiles.contents["strings.txt"] ?? "")
  }

  /// `KEY = English | Bahasa Indonesia` lines; a line without both is a build mistake, reported.
  static func parseStrings(_ text: String) throws -> [Language: [String: String]] {
    var english: [String: String] = [:]
    var indonesian: [String: String] = [:]
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      guard let equals = trimmed.range(of: " = "),
        let bar = trimmed.range(of: " | ", range: equals.upperBound..<trimmed.endIndex)
      else {
        throw PageError(description: "strings.txt:\(index + 1): expected KEY = English | Indonesia")
      }
      let key = String(trimmed[..<equals.lowerBound])
      english[key] = String(trimmed[equals.upperBound..<bar.lowerBound])
      indonesian[key] = String(trimmed[bar.upperBound...])
    }
    return [.english: english, .indonesian: indonesian]
  }

  struct PageError: Error, CustomStringConvertible {
    let description: String
  }

  /// The texts of `language`.
  func texts(_ language: Language) -> [String: String] { strings[language] ?? [:] }

  /// One text.
  func text(_ key: String, _ language: Language) -> String {
    strings[language]?[key] ?? strings[.english]?[key] ?? key
  }

  /// `page` rendered with `values` (and `t`, the texts), without the layout: a fragment.
  func fragment(_ page: String, _ values: [String: Any], language: Language) -> String {
    var values = values
    values["t"] = texts(language)
    return library.render(values, withTemplate: page) ?? ""
  }

  /// `page` inside the layout, titled `title`.
  func page(
    _ page: String, title: String, _ values: [String: Any], context: WebContext, path: String
  ) -> String {
    var values = values
    let language = context.language
    values["t"] = texts(language)
    values["lang"] = language.rawValue
    values["title"] = title
    if let viewer = context.viewer {
      values["viewer"] =
        [
          "name": viewer.contact.name, "formToken": viewer.formToken,
          "secretary": viewer.isSecretary,
        ] as [String: Any]
    }
    values["body"] = library.render(values, withTemplate: page) ?? ""
    let bare = Self.removingLanguage(path)
    let joiner = bare.contains("?") ? "&" : "?"
    values["langID"] = bare + joiner + "lang=id"
    values["langEN"] = bare + joiner + "lang=en"
    return library.render(values, withTemplate: "layout") ?? ""
  }

  /// `path` without a `lang=` query item.
  static func removingLanguage(_ path: String) -> String {
    guard var components = URLComponents(string: path) else { return path }
    components.queryItems = components.queryItems?.filter { $0.name != "lang" }
    if components.queryItems?.isEmpty == true { components.queryItems = nil }
    return components.string ?? path
  }
}
