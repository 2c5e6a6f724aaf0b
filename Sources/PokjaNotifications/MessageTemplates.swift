import Foundation
import Mustache
import PokjaCore

/// The Mustache templates messages are rendered from: subject, plain text and HTML for each kind of
/// message, in Bahasa Indonesia and English. Built-in defaults; a caller may override any of them.
public struct MessageTemplates: Sendable {
  /// Which template: a part of a kind of message, or the chat text of a webhook event; and a
  /// language.
  public struct Key: Hashable, Sendable {
    /// What the template writes.
    public enum Subject: Hashable, Sendable {
      /// A part of an email.
      case message(MessageKind, Part)
      /// The text a chat channel (Slack, Mattermost, Discord, Telegram, ntfy) shows for an event:
      /// its first line is the title.
      case webhook(WebhookEventType)
    }

    public var subject: Subject
    public var language: Language

    public init(_ kind: MessageKind, _ part: Part, _ language: Language) {
      self.subject = .message(kind, part)
      self.language = language
    }

    /// The chat text of `event` in `language`.
    public static func webhook(_ event: WebhookEventType, _ language: Language) -> Key {
      Key(subject: .webhook(event), language: language)
    }

    private init(subject: Subject, language: Language) {
      self.subject = subject
      self.language = language
    }

    /// `invitation.subject.id` or `webhook.meeting.created.en`: the file name an override is read
    /// from (with `.mustache`).
    public var name: String {
      switch subject {
      case .message(let kind, let part): "\(kind.rawValue).\(part.rawValue).\(language.rawValue)"
      case .webhook(let event): "webhook.\(event.rawValue).\(language.rawValue)"
      }
    }

    /// Whether the template writes HTML (values are escaped).
    var isHTML: Bool { isPart(.html) }
    /// Whether the template writes one line (a subject).
    var isSubject: Bool { isPart(.subject) }

    private func isPart(_ part: Part) -> Bool {
      if case .message(_, let own) = subject { return own == part }
      return false
    }
  }

  /// A part of a message.
  public enum Part: String, Sendable, CaseIterable {
    case subject
    case text
    case html
  }

  /// The templates that replace built-in ones.
  public let overrides: [Key: String]
  /// Where each override was read from (for error messages), when it came from a file.
  public let files: [Key: String]

  /// The built-in templates, with `overrides` taking precedence.
  public init(overrides: [Key: String] = [:], files: [Key: String] = [:]) {
    self.overrides = overrides
    self.files = files
  }

  /// The template source for `key`.
  public func source(for key: Key) throws(NotificationError) -> String {
    if let override = overrides[key] { return override }
    guard let builtIn = Self.builtIn[key] else { throw .missingTemplate(key.name) }
    return builtIn
  }

  /// Renders `key` with `values`; subjects and text are not HTML-escaped, HTML is.
  public func render(_ key: Key, _ values: [String: Any]) throws(NotificationError) -> String {
    let source = try source(for: key)
    let typed = (key.isHTML ? HTMLEscaping.pragma : "{{%CONTENT_TYPE:TEXT}}") + source
    do {
      let template = try MustacheTemplate(string: typed)
      let rendered = template.render(values)
      // A subject is one line whatever the template or the data say.
      return key.isSubject
        ? rendered.split(whereSeparator: \.isNewline).joined(separator: " ")
          .trimmingCharacters(in: .whitespaces)
        : rendered
    } catch {
      throw Self.syntaxError(error, name: files[key] ?? key.name, source: source)
    }
  }

  /// The built-in templates: `Embedded/templates/KEY.mustache`, embedded in the binary at build time
  /// by the EmbedData plugin (edit those files, not code).
  static let builtIn: [Key: String] = Dictionary(
    uniqueKeysWithValues: allKeys.compactMap { key in
      EmbeddedFiles.contents["templates/\(key.name).mustache"].map { (key, $0) }
    })
}
