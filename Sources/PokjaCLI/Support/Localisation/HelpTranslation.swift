import Foundation
import PokjaCore

/// `--help` in another language. ArgumentParser lays the help screen out without wrapping; each
/// abstract, option help and discussion line is then replaced by its entry in
/// `Sources/PokjaCLI/Embedded/help.LANG.txt` (embedded at build time), the headings are translated,
/// and the screen is wrapped to the terminal as ArgumentParser wraps it. A text without an entry
/// stays in English (a test keeps the file complete).
struct HelpTranslation: Sendable {
  /// English help text → its translation.
  let texts: [String: String]
  let headings: Headings

  /// The words ArgumentParser puts around the help texts.
  struct Headings: Sendable {
    var overview: String
    var usage: String
    var sections: [String: String]
    /// `See '{}' for detailed help.`
    var seeHelp: String
    var values: String
    var defaultValue: String
    var defaultAsFlag: String

    static let indonesian = Headings(
      overview: "IKHTISAR", usage: "PENGGUNAAN",
      sections: ["ARGUMENTS": "ARGUMEN", "OPTIONS": "OPSI", "SUBCOMMANDS": "SUBPERINTAH"],
      seeHelp: "Lihat '{}' untuk bantuan lengkap.", values: "nilai", defaultValue: "bawaan",
      defaultAsFlag: "bawaan sebagai flag")
  }

  /// Where ArgumentParser starts option help texts.
  static let labelColumn = 26

  /// The help texts for `language`; nil for English (the texts as written).
  static func forLanguage(_ language: Language) -> HelpTranslation? {
    language == .indonesian ? indonesian : nil
  }

  /// Parsed once, when first asked for.
  private static let indonesian: HelpTranslation? = EmbeddedFiles.contents["help.id.txt"]
    .flatMap { try? HelpTranslation(parsing: $0, headings: .indonesian) }

  init(parsing text: String, headings: Headings) throws(MessageCatalogue.ParseError) {
    var texts: [String: String] = [:]
    for pair in try MessageCatalogue.pairs(in: text) {
      guard texts.updateValue(pair.translation, forKey: pair.english) == nil else {
        throw MessageCatalogue.ParseError(line: pair.line, reason: "a second entry for this text")
      }
    }
    self.texts = texts
    self.headings = headings
  }

  /// `help`, a screen ArgumentParser rendered without wrapping (very wide columns), translated and
  /// wrapped to `width` columns.
  func translate(_ help: String, width: Int) -> String {
    let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var output: [String] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      index += 1
      if line.hasPrefix("OVERVIEW: ") {
        // The abstract and the discussion are wrapped as one text, as ArgumentParser does.
        var block = ["\(headings.overview): " + text(String(line.dropFirst("OVERVIEW: ".count)))]
        while index < lines.count, !lines[index].hasPrefix("USAGE: ") {
          block.append(lines[index].isEmpty ? "" : text(lines[index]))
          index += 1
        }
        if block.last == "" { block.removeLast() }
        output += Self.wrap(block.joined(separator: "\n"), width: width)
        if index < lines.count { output.append("") }
      } else if line.isEmpty {
        output.append(line)
      } else if line.hasPrefix("USAGE: ") {
        // Not wrapped (ArgumentParser breaks long usages itself); later lines hang under it.
        let heading = "\(headings.usage): "
        output.append(heading + line.dropFirst("USAGE: ".count))
        while index < lines.count, lines[index].hasPrefix("       ") {
          output.append(String(repeating: " ", count: heading.count) + lines[index].dropFirst(7))
          index += 1
        }
      } else if let section = sectionHeading(line) {
        output.append(section)
      } else if line.hasPrefix("  See '"), line.hasSuffix("' for detailed help."),
        let quoted = line.split(separator: "'", omittingEmptySubsequences: false).dropFirst()
          .first
      {
        output.append("  " + headings.seeHelp.replacingOccurrences(of: "{}", with: quoted))
      } else if Self.isEntry(line) {
        // "  label      text", or the label alone with its text on the next line.
        let (label, inline) = Self.splitEntry(line)
        var help = inline
        if help == nil, index < lines.count,
          lines[index].hasPrefix(String(repeating: " ", count: Self.labelColumn))
        {
          help = lines[index].trimmingCharacters(in: .whitespaces)
          index += 1
        }
        output += Self.entry(label: label, help: help.map(text), width: width)
      } else {
        output.append(line)
      }
    }
    return output.joined(separator: "\n")
  }

  /// `english` translated: the whole text, else without ArgumentParser's `(values: …; default: …)`.
  func text(_ english: String) -> String {
    if let translated = texts[english] { return translated }
    guard english.hasSuffix(")") else { return english }
    for marker in [" (values: ", " (default: ", " (default as flag: "] {
      guard let range = english.range(of: marker, options: .backwards),
        let translated = texts[String(english[..<range.lowerBound])]
      else { continue }
      let details = english[range.upperBound...].dropLast()
      let words =
        marker.dropFirst(2).dropLast(2)
        .replacingOccurrences(of: "default as flag", with: headings.defaultAsFlag)
        .replacingOccurrences(of: "values", with: headings.values)
        .replacingOccurrences(of: "default", with: headings.defaultValue)
      let rest = details.replacingOccurrences(
        of: "; default as flag: ", with: "; \(headings.defaultAsFlag): "
      ).replacingOccurrences(of: "; default: ", with: "; \(headings.defaultValue): ")
      return "\(translated) (\(words): \(rest))"
    }
    return english
  }

  private func sectionHeading(_ line: String) -> String? {
    guard line.hasSuffix(":"), line.first?.isUppercase == true,
      line.dropLast().allSatisfy({ $0.isUppercase || $0 == " " })
    else { return nil }
    let name = String(line.dropLast())
    return (headings.sections[name] ?? texts[name] ?? name) + ":"
  }

  static func isEntry(_ line: String) -> Bool {
    line.hasPrefix("  ") && line.dropFirst(2).first.map { $0 != " " } == true
  }

  /// An entry line's label, and its help when it is on the same line.
  static func splitEntry(_ line: String) -> (label: String, help: String?) {
    let characters = Array(line)
    if characters.count > labelColumn, characters[labelColumn - 1] == " ",
      characters[labelColumn] != " "
    {
      return (
        String(characters[2..<labelColumn]).trimmingCharacters(in: .whitespaces),
        String(characters[labelColumn...])
      )
    }
    return (line.trimmingCharacters(in: .whitespaces), nil)
  }

  /// An option's or subcommand's lines: the label, then its help from column 26 (on the next line
  /// when the label is too long), wrapped.
  static func entry(label: String, help: String?, width: Int) -> [String] {
    let padded = "  " + label
    guard let help, !help.isEmpty else { return [padded] }
    let wrapped = wrap(help, width: width, indent: labelColumn)
    guard padded.count < labelColumn else { return [padded] + wrapped }
    return [padded + wrapped[0].dropFirst(padded.count)] + wrapped.dropFirst()
  }

  /// `text` wrapped as ArgumentParser wraps help: each piece of at most `width - indent` characters
  /// is cut at its last space (a line break ends a line), a word longer than that stands alone;
  /// every non-empty line is indented by `indent` spaces.
  static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
    let columns = max(width - indent, 1)
    let characters = Array(text)
    var lines: [ArraySlice<Character>] = []
    var start = 0
    while true {
      let chunk = characters[start..<min(start + columns, characters.count)]
      if let lineBreak = chunk.lastIndex(of: "\n") {
        lines += characters[start..<lineBreak].split(
          separator: "\n", omittingEmptySubsequences: false)
        start = lineBreak + 1
      } else if chunk.endIndex == characters.count {
        lines.append(characters[start...])
        break
      } else if let space = chunk.lastIndex(of: " ") {
        lines.append(characters[start..<space])
        start = space + 1
      } else if let space = characters[start...].firstIndex(of: " ") {
        lines.append(characters[start..<space])
        start = space + 1
      } else {
        lines.append(characters[start...])
        break
      }
    }
    let margin = String(repeating: " ", count: indent)
    return lines.map { $0.isEmpty ? "" : margin + String($0) }
  }
}
