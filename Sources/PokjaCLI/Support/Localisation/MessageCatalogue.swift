import Foundation
import PokjaCore
import Synchronization

/// pokja's messages in another language: English lines as pokja writes them, matched whole, with
/// `{}` standing for the values in them (`Sources/PokjaCLI/Embedded/messages.id.txt`, embedded at
/// build time). A line no entry matches stays in English.
struct MessageCatalogue: Sendable {
  final class Entry: Sendable {
    let english: String
    let translation: String
    /// Translates a value inside another entry's line, never a line of its own.
    let isPart: Bool
    /// A `Label:   {}` line of a `show` command: its values are the user's data.
    let isLabel: Bool
    /// The words before the first value and after the last: a line that does not start and end
    /// with them is passed over without running the pattern.
    let head: String
    let tail: String
    let shortest: Int
    private let compiled: Mutex<NSRegularExpression?> = Mutex(nil)

    init(english: String, translation: String, isPart: Bool) {
      self.english = english
      self.translation = translation
      self.isPart = isPart
      let literals = MessageCatalogue.literals(of: english)
      // A capitalised word or three, maybe a colon, then at least two spaces: "Notes      {}",
      // "Status:    {}, sequence {}".
      isLabel =
        english.range(of: "  ").map { gap in
          let label = english[..<gap.lowerBound]
          return label.first?.isUppercase == true && !label.contains("{}")
            && label.split(separator: " ").count <= 3
        } ?? false
      head = literals.first ?? ""
      tail = literals.count > 1 ? literals.last ?? "" : ""
      shortest = literals.reduce(0) { $0 + $1.utf8.count } + literals.count - 1
    }

    /// The entry's pattern, compiled when first needed (most never are in one run).
    var pattern: NSRegularExpression {
      compiled.withLock { pattern in
        if let pattern { return pattern }
        let made = MessageCatalogue.regex(english)
        pattern = made
        return made
      }
    }

    /// Whether `text` could be this entry's line: its fixed start and end, and long enough.
    func mayMatch(_ text: String) -> Bool {
      // Bytes, not characters: this runs for every entry on every line written.
      let bytes = text.utf8
      return bytes.count >= shortest && bytes.starts(with: head.utf8)
        && bytes.reversed().starts(with: tail.utf8.reversed())
    }
  }

  let entries: [Entry]

  /// The catalogue for `language`; nil for English (pokja's own words). Parsed once, when first
  /// asked for.
  static func forLanguage(_ language: Language) -> MessageCatalogue? {
    language == .indonesian ? indonesian : nil
  }

  private static let indonesian: MessageCatalogue? = EmbeddedFiles.contents["messages.id.txt"]
    .flatMap { try? MessageCatalogue(parsing: $0) }

  /// Problems in a catalogue file: a line that is not `en:`/`id:`/a comment, an `en:` without its
  /// translation, placeholders that do not add up.
  struct ParseError: Error, Equatable, CustomStringConvertible {
    let line: Int
    let reason: String
    var description: String { "line \(line): \(reason)" }
  }

  init(parsing text: String) throws(ParseError) {
    var entries: [Entry] = []
    for pair in try Self.pairs(in: text) {
      let count = Self.placeholders(in: pair.english)
      let used = Self.placeholderNumbers(in: pair.translation, count: count)
      guard let used, used.allSatisfy({ $0 >= 1 }) else {
        throw ParseError(
          line: pair.line + 1, reason: "its placeholders do not match the \(count) of the en: line")
      }
      let isPart = pair.english.hasPrefix("~")
      let source = isPart ? String(pair.english.dropFirst()) : pair.english
      entries.append(Entry(english: source, translation: pair.translation, isPart: isPart))
    }
    self.entries = entries
  }

  /// The `en:`/`id:` pairs of a catalogue file (messages or help texts), with the line of each
  /// `en:`. Comments (`#`) and blank lines are skipped.
  static func pairs(in text: String) throws(ParseError) -> [(
    english: String, translation: String, line: Int
  )] {
    // Bytes, not characters: this runs at every start in another language.
    var pairs: [(english: String, translation: String, line: Int)] = []
    var pending: (english: String, line: Int)?
    let newline = UInt8(ascii: "\n")
    for (index, line) in text.utf8.split(separator: newline, omittingEmptySubsequences: false)
      .enumerated()
    {
      if line.first == UInt8(ascii: "#")
        || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
      {
        continue
      }
      if line.starts(with: "en: ".utf8) {
        if let pending { throw ParseError(line: pending.line, reason: "no id: line after it") }
        pending = (String(decoding: line.dropFirst(4), as: UTF8.self), index + 1)
      } else if line.starts(with: "id: ".utf8), let english = pending {
        pairs.append(
          (english.english, String(decoding: line.dropFirst(4), as: UTF8.self), english.line))
        pending = nil
      } else {
        throw ParseError(line: index + 1, reason: "expected 'en: …', 'id: …' or a # comment")
      }
    }
    if let pending { throw ParseError(line: pending.line, reason: "no id: line after it") }
    return pairs
  }

  /// The fixed words of an English line around its `{}` values (one more than the values).
  static func literals(of english: String) -> [String] {
    var literals: [String] = []
    var current: [UInt8] = []
    for byte in english.utf8 {
      if byte == UInt8(ascii: "}"), current.last == UInt8(ascii: "{") {
        current.removeLast()
        literals.append(String(decoding: current, as: UTF8.self))
        current = []
      } else {
        current.append(byte)
      }
    }
    literals.append(String(decoding: current, as: UTF8.self))
    return literals
  }

  static func placeholders(in english: String) -> Int {
    literals(of: english).count - 1
  }

  /// The values a translation uses, in order: `{}` counts on, `{2}` picks the second. Nil when a
  /// plain `{}` would run past the English line's values.
  static func placeholderNumbers(in translation: String, count: Int) -> [Int]? {
    var numbers: [Int] = []
    var next = 1
    var rest = translation[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      let inside = rest[rest.index(after: open)..<close]
      if inside.isEmpty {
        numbers.append(next)
        next += 1
      } else if let number = Int(inside) {
        numbers.append(number)
      }
      rest = rest[rest.index(after: close)...]
    }
    return numbers.contains { $0 > count } ? nil : numbers
  }

  static func regex(_ english: String) -> NSRegularExpression {
    let parts = english.components(separatedBy: "{}").map(NSRegularExpression.escapedPattern(for:))
    // Values may hold anything but a line break; the shortest match keeps the words between them.
    return try! NSRegularExpression(pattern: "^" + parts.joined(separator: "(.+?)") + "$")
  }

  /// `line` in the catalogue's language, keeping a leading `pokja: `, `warning: ` or indentation.
  func translate(_ line: String) -> String {
    var prefix = ""
    var body = Substring(line)
    while let space = body.first, space == " " {
      prefix.append(space)
      body = body.dropFirst()
    }
    for marker in ["pokja: ", "warning: ", "fix: "] where body.hasPrefix(marker) {
      // `warning:` and `fix:` are words for the reader (`marker: warning` entries); `pokja:` a name.
      let word = marker.dropLast(2)
      prefix += (word == "pokja" ? nil : label("marker: \(word)")).map { $0 + ": " } ?? marker
      body = body.dropFirst(marker.count)
    }
    let text = String(body)
    if let translated = match(text, parts: false) { return prefix + translated }
    // "FIELD: message" (a value's option, FILE:LINE, a check's name): the message alone.
    if let colon = text.range(of: ": "),
      !text[..<colon.lowerBound].contains(" ") || text.hasPrefix("✓ ") || text.hasPrefix("✗ ")
        || text.hasPrefix("! "),
      let translated = match(String(text[colon.upperBound...]), parts: false)
    {
      return prefix + text[..<colon.upperBound] + translated
    }
    return line
  }

  /// A table column's title (`en: column: Day` / `id: column: Hari`); the title itself when the
  /// catalogue has none.
  func columnTitle(_ title: String) -> String {
    label("column: " + title) ?? title
  }

  /// The translation of a `KIND: word` entry without its `KIND: ` (`column: Day` → `Hari`).
  func label(_ key: String) -> String? {
    guard let entry = entries.first(where: { !$0.isPart && $0.english == key }),
      let colon = entry.translation.range(of: ": ")
    else { return nil }
    return String(entry.translation[colon.upperBound...])
  }

  /// `text` translated by the first whole-line entry (or part, for values) that matches it.
  private func match(_ text: String, parts: Bool) -> String? {
    let range = NSRange(text.startIndex..., in: text)
    for entry in entries where entry.isPart == parts && entry.mayMatch(text) {
      guard let match = entry.pattern.firstMatch(in: text, range: range) else { continue }
      let values = (1..<match.numberOfRanges).map { index in
        let value = Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        // A value may itself be a known phrase ("2 sent, 1 failed") or message (an error's words).
        // After a label ("Notes:     …") it is the user's data: only a part (a status word) changes.
        if parts { return value }
        let phrase = self.match(value, parts: true)
        return entry.isLabel ? phrase ?? value : phrase ?? self.match(value, parts: false) ?? value
      }
      return Self.fill(entry.translation, with: values)
    }
    return nil
  }

  static func fill(_ translation: String, with values: [String]) -> String {
    var result = ""
    var next = 0
    var rest = translation[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result += rest[..<open]
      let inside = rest[rest.index(after: open)..<close]
      if inside.isEmpty, next < values.count {
        result += values[next]
        next += 1
      } else if let number = Int(inside), (1...values.count).contains(number) {
        result += values[number - 1]
      } else {
        result += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// The language pokja's own messages are in: `POKJA_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`
  /// (`id_ID.UTF-8` → Bahasa Indonesia); English when none names a language pokja speaks.
  static func language(_ variables: [String: String]) -> Language {
    for key in ["POKJA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = variables[key], !value.isEmpty, let language = Language(parsing: value) {
        return language
      }
    }
    return .english
  }
}

/// A console that writes pokja's messages in the catalogue's language. Results meant for programs
/// are left alone: JSON (a write starting with `{` or `[`) and everything written raw (CSV, iCalendar,
/// vCard, templates).
struct TranslatingConsole: Console {
  let base: any Console
  let language: Language
  /// Read when the first line is written: a run that writes none (`--help`) never parses it.
  var catalogue: MessageCatalogue? { MessageCatalogue.forLanguage(language) }

  func write(_ text: String) {
    if text.hasPrefix("{") || text.hasPrefix("[") {
      base.write(text)
    } else {
      base.write(translated(text))
    }
  }

  func writeRaw(_ text: String) { base.writeRaw(text) }
  func error(_ text: String) { base.error(translated(text)) }
  var width: Int? { base.width }
  var usesColour: Bool { base.usesColour }

  private func translated(_ text: String) -> String {
    guard let catalogue else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { usageLine(String($0), catalogue) ?? catalogue.translate(String($0)) }
      .joined(separator: "\n")
  }

  /// ArgumentParser's lines after a usage error: `Help:  --name <name>  Name people use…` (the
  /// option's help text is one of `--help`'s) and `Usage: pokja room add …`.
  private func usageLine(_ line: String, _ catalogue: MessageCatalogue) -> String? {
    if line.hasPrefix("Help:  "), let word = catalogue.label("marker: Help") {
      let rest = line.dropFirst("Help:  ".count)
      guard let gap = rest.range(of: "  ") else { return "\(word):  \(rest)" }
      let help = String(rest[gap.upperBound...])
      let translated = HelpTranslation.forLanguage(language)?.text(help) ?? help
      return "\(word):  \(rest[..<gap.lowerBound])  \(translated)"
    }
    if line.hasPrefix("Usage: "), let word = catalogue.label("marker: Usage") {
      return "\(word): " + line.dropFirst("Usage: ".count)
    }
    return nil
  }
}
