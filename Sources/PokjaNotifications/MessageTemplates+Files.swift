import Foundation
import Mustache
import PokjaCore

extension MessageTemplates {
  /// Every template key: mail by kind, part and language (`invitation.subject.id` first), then the
  /// chat text of each webhook event (`webhook.meeting.created.id`).
  public static var allKeys: [Key] {
    MessageKind.allCases.flatMap { kind in
      Part.allCases.flatMap { part in Language.allCases.map { Key(kind, part, $0) } }
    }
      + WebhookEventType.allCases.flatMap { event in Language.allCases.map { .webhook(event, $0) } }
  }

  /// The key a file name (`invitation.subject.id.mustache`) stands for, or nil.
  public static func key(forFileName name: String) -> Key? {
    guard name.hasSuffix(".mustache") else { return nil }
    return allKeys.first { $0.name + ".mustache" == name }
  }

  /// The built-in source of `key` (what `notify templates --dump` writes).
  public static func builtInSource(for key: Key) -> String? { builtIn[key] }

  /// Whether `key` is overridden.
  public func isOverridden(_ key: Key) -> Bool { overrides[key] != nil }

  /// Templates read from a folder, and what was odd about it.
  public struct Folder: Sendable {
    public var templates: MessageTemplates
    /// Files in the folder that are no template Pokja uses (a typo such as `invitaton.subject.id`).
    public var warnings: [String]
  }

  /// Reads every `KEY.mustache` file in `directory` as an override, compiling each so that a
  /// broken template is reported (file, line, tag) before anything is composed. A missing folder
  /// means the built-in templates. Other files are warnings, not errors.
  public static func load(directory: URL) throws(NotificationError) -> Folder {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue
    else { return Folder(templates: MessageTemplates(), warnings: []) }
    let names: [String]
    do {
      names = try manager.contentsOfDirectory(atPath: directory.path).sorted()
    } catch {
      throw .unreadableTemplate(directory.path, error.localizedDescription)
    }
    var overrides: [Key: String] = [:]
    var files: [Key: String] = [:]
    var warnings: [String] = []
    for name in names where !name.hasPrefix(".") {
      let path = directory.appendingPathComponent(name).path
      guard let key = key(forFileName: name) else {
        let hint = closestKey(to: name).map { " (did you mean \($0.name).mustache?)" } ?? ""
        warnings.append(
          "\(path) is not a template Pokja uses and is ignored\(hint). 'pokja notify templates' lists the names."
        )
        continue
      }
      let source: String
      do {
        source = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw .unreadableTemplate(path, error.localizedDescription)
      }
      do {
        _ = try MustacheTemplate(string: source)
      } catch {
        throw syntaxError(error, name: path, source: source)
      }
      overrides[key] = source
      files[key] = path
    }
    return Folder(
      templates: MessageTemplates(overrides: overrides, files: files), warnings: warnings)
  }

  /// Writes the built-in templates into `directory` (creating it); refuses to overwrite a file.
  /// Returns the paths written.
  public static func dumpBuiltIn(to directory: URL) throws(NotificationError) -> [String] {
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .unreadableTemplate(directory.path, error.localizedDescription)
    }
    var written: [String] = []
    for key in allKeys {
      guard let source = builtIn[key] else { continue }
      let path = directory.appendingPathComponent(key.name + ".mustache").path
      if manager.fileExists(atPath: path) { throw .templateExists(path) }
      do {
        try source.write(toFile: path, atomically: true, encoding: .utf8)
      } catch {
        throw .unreadableTemplate(path, error.localizedDescription)
      }
      written.append(path)
    }
    return written
  }

  /// The key whose file name is one or two edits from `name`, for the typo warning.
  static func closestKey(to name: String) -> Key? {
    let bare = name.hasSuffix(".mustache") ? String(name.dropLast(9)) : name
    var best: (Key, Int)?
    for key in allKeys {
      let distance = editDistance(bare, key.name)
      if distance <= 2, distance < (best?.1 ?? .max) { best = (key, distance) }
    }
    return best?.0
  }

  /// swift-mustache's parser error as a `NotificationError` naming the file, line, column and tag.
  static func syntaxError(_ error: any Error, name: String, source: String? = nil)
    -> NotificationError
  {
    guard let parser = error as? MustacheTemplate.ParserError else {
      return .invalidTemplate(name, String(describing: error))
    }
    let context = parser.context
    if case .expectedSectionEnd = parser.error as? MustacheTemplate.Error,
      let source, let open = unclosedSection(in: source)
    {
      // The parser stops at the end of the file; the useful place is the section left open.
      return .templateSyntax(
        file: name, line: open.line, column: open.column, tag: open.tag,
        reason: "this section is never closed (a missing '{{/…}}')")
    }
    let tag = tag(in: context.line, near: context.columnNumber)
    return .templateSyntax(
      file: name, line: context.lineNumber, column: context.columnNumber,
      tag: tag.isEmpty ? "the end of the file" : tag, reason: reason(parser.error))
  }

  /// The last `{{#name}}` or `{{^name}}` without its `{{/name}}`: line, column (1-based) and tag.
  static func unclosedSection(in source: String) -> (line: Int, column: Int, tag: String)? {
    var open: [(name: String, line: Int, column: Int, tag: String)] = []
    for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      var rest = line[...]
      while let start = rest.range(of: "{{"), let end = rest[start.upperBound...].range(of: "}}") {
        let inner = rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
        let tag = String(rest[start.lowerBound..<end.upperBound])
        let column = line.distance(from: line.startIndex, to: start.lowerBound) + 1
        if let first = inner.first, first == "#" || first == "^" {
          open.append(
            (String(inner.dropFirst()).trimmingCharacters(in: .whitespaces), index + 1, column, tag)
          )
        } else if inner.first == "/" {
          let name = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
          if let last = open.lastIndex(where: { $0.name == name }) { open.remove(at: last) }
        }
        rest = rest[end.upperBound...]
      }
    }
    return open.last.map { ($0.line, $0.column, $0.tag) }
  }

  /// The `{{…}}` tag at or before `column` (1-based) on `line`, or the line itself.
  static func tag(in line: String, near column: Int) -> String {
    let characters = Array(line)
    let limit = min(max(column, 1), characters.count)
    let text = String(characters[..<limit])
    guard let open = text.range(of: "{{", options: .backwards) else {
      return line.trimmingCharacters(in: .whitespaces)
    }
    let rest = line[open.lowerBound...]
    if let close = rest.range(of: "}}") { return String(rest[..<close.upperBound]) }
    return String(rest.prefix(40))
  }

  static func reason(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
    switch error {
    case .sectionCloseNameIncorrect: return "the closing tag does not match the open section"
    case .unfinishedName: return "the tag is not finished (a missing '}}'?)"
    case .expectedSectionEnd: return "a section is never closed (a missing '{{/…}}')"
    case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
    case .transformAppliedToInheritanceSection:
      return "a transform cannot be applied to an inherited section"
    case .illegalTokenInsideInheritSection: return "illegal tag inside an inherited partial"
    case .textInsideInheritSection: return "text inside an inherited partial"
    case .invalidConfigVariableSyntax: return "the {{% …}} pragma is malformed"
    case .unrecognisedConfigVariable: return "unknown {{% …}} pragma"
    }
  }
}
