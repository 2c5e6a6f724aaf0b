import Foundation
import Mustache
import PokjaCore

/// The Mustache templates messages are rendered from: subject, plain text and HTML for each kind of
/// message, in Bahasa Indonesia and English. Built-in defaults; a caller may override any of them.
public struct MessageTemplates: Sendable {
  /// Which template: a kind of message, a part and a language.
  public struct Key: Hashable, Sendable {
    public var kind: MessageKind
    public var part: Part
    public var language: Language

    public init(_ kind: MessageKind, _ part: Part, _ language: Language) {
      self.kind = kind
      self.part = part
      self.language = language
    }

    /// `invitation.subject.id`: the file name an override is read from (with `.mustache`).
    public var name: String { "\(kind.rawValue).\(part.rawValue).\(language.rawValue)" }
  }

  /// A part of a message.
  public enum Part: String, Sendable, CaseIterable {
    case subject
    case text
    case html
  }

  private let overrides: [Key: String]

  /// The built-in templates, with `overrides` taking precedence.
  public init(overrides: [Key: String] = [:]) { self.overrides = overrides }

  /// The template source for `key`.
  public func source(for key: Key) throws(NotificationError) -> String {
    if let override = overrides[key] { return override }
    guard let builtIn = Self.builtIn[key] else { throw .missingTemplate(key.name) }
    return builtIn
  }

  /// Renders `key` with `values`; subjects and text are not HTML-escaped, HTML is.
  public func render(_ key: Key, _ values: [String: Any]) throws(NotificationError) -> String {
    let source = try source(for: key)
    let typed = key.part == .html ? source : "{{%CONTENT_TYPE:TEXT}}" + source
    do {
      let template = try MustacheTemplate(string: typed)
      let rendered = template.render(values)
      // A subject is one line whatever the template or the data say.
      return key.part == .subject
        ? rendered.split(whereSeparator: \.isNewline).joined(separator: " ")
          .trimmingCharacters(in: .whitespaces)
        : rendered
    } catch {
      throw .invalidTemplate(key.name, String(describing: error))
    }
  }

  static let builtIn: [Key: String] = [
    Key(.invitation, .subject, .indonesian): "Undangan: {{title}} — {{day}}",
    Key(.invitation, .subject, .english): "Invitation: {{title}} — {{day}}",
    Key(.invitation, .text, .indonesian): """
    {{greeting}},

    Dengan hormat, kami mengundang Bapak/Ibu untuk hadir dalam:

      Acara     : {{title}}
      Hari/Tgl  : {{day}}
      Waktu     : {{time}}
    {{#location}}
      Tempat    : {{location}}
    {{/location}}
    {{#description}}

    {{description}}
    {{/description}}

    Mohon konfirmasi kehadiran dengan tombol Terima/Tolak pada undangan kalender ini.

    Hormat kami,
    {{organiser}}

    """,
    Key(.invitation, .text, .english): """
    {{greeting}},

    You are kindly invited to:

      Meeting   : {{title}}
      Date      : {{day}}
      Time      : {{time}}
    {{#location}}
      Place     : {{location}}
    {{/location}}
    {{#description}}

    {{description}}
    {{/description}}

    Please reply with the Accept/Decline buttons of this calendar invitation.

    Kind regards,
    {{organiser}}

    """,
    Key(.invitation, .html, .indonesian): """
    <!DOCTYPE html>
    <html lang="id"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Dengan hormat, kami mengundang Bapak/Ibu untuk hadir dalam:</p>
    <table>
    <tr><th align="left">Acara</th><td>{{title}}</td></tr>
    <tr><th align="left">Hari/Tgl</th><td>{{day}}</td></tr>
    <tr><th align="left">Waktu</th><td>{{time}}</td></tr>
    {{#location}}<tr><th align="left">Tempat</th><td>{{location}}</td></tr>{{/location}}
    </table>
    {{#description}}<p style="white-space: pre-line">{{description}}</p>{{/description}}
    <p>Mohon konfirmasi kehadiran dengan tombol Terima/Tolak pada undangan kalender ini.</p>
    <p>Hormat kami,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.invitation, .html, .english): """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>You are kindly invited to:</p>
    <table>
    <tr><th align="left">Meeting</th><td>{{title}}</td></tr>
    <tr><th align="left">Date</th><td>{{day}}</td></tr>
    <tr><th align="left">Time</th><td>{{time}}</td></tr>
    {{#location}}<tr><th align="left">Place</th><td>{{location}}</td></tr>{{/location}}
    </table>
    {{#description}}<p style="white-space: pre-line">{{description}}</p>{{/description}}
    <p>Please reply with the Accept/Decline buttons of this calendar invitation.</p>
    <p>Kind regards,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.reminder, .subject, .indonesian): "Pengingat: {{title}} — {{day}}, {{startClock}}",
    Key(.reminder, .subject, .english): "Reminder: {{title}} — {{day}}, {{startClock}}",
    Key(.reminder, .text, .indonesian): """
    {{greeting}},

    Kami mengingatkan kembali undangan untuk:

      Acara     : {{title}}
      Hari/Tgl  : {{day}}
      Waktu     : {{time}}
    {{#location}}
      Tempat    : {{location}}
    {{/location}}

    Sampai jumpa.

    Hormat kami,
    {{organiser}}

    """,
    Key(.reminder, .text, .english): """
    {{greeting}},

    A reminder of:

      Meeting   : {{title}}
      Date      : {{day}}
      Time      : {{time}}
    {{#location}}
      Place     : {{location}}
    {{/location}}

    See you there.

    Kind regards,
    {{organiser}}

    """,
    Key(.reminder, .html, .indonesian): """
    <!DOCTYPE html>
    <html lang="id"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Kami mengingatkan kembali undangan untuk:</p>
    <table>
    <tr><th align="left">Acara</th><td>{{title}}</td></tr>
    <tr><th align="left">Hari/Tgl</th><td>{{day}}</td></tr>
    <tr><th align="left">Waktu</th><td>{{time}}</td></tr>
    {{#location}}<tr><th align="left">Tempat</th><td>{{location}}</td></tr>{{/location}}
    </table>
    <p>Sampai jumpa.</p>
    <p>Hormat kami,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.reminder, .html, .english): """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>A reminder of:</p>
    <table>
    <tr><th align="left">Meeting</th><td>{{title}}</td></tr>
    <tr><th align="left">Date</th><td>{{day}}</td></tr>
    <tr><th align="left">Time</th><td>{{time}}</td></tr>
    {{#location}}<tr><th align="left">Place</th><td>{{location}}</td></tr>{{/location}}
    </table>
    <p>See you there.</p>
    <p>Kind regards,<br>{{organiser}}</p>
    </body></html>

    """,
  ]
}
