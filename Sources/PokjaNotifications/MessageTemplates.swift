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
    let typed = key.isHTML ? source : "{{%CONTENT_TYPE:TEXT}}" + source
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

  static let builtIn: [Key: String] = builtInMail.merging(builtInWebhooks) { mail, _ in mail }

  /// The chat text of each webhook event: the first line is the title (ntfy shows it apart).
  static let builtInWebhooks: [Key: String] = [
    .webhook(.meetingCreated, .indonesian): """
    Rapat baru: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Berulang: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.meetingCreated, .english): """
    New meeting: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Repeats: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.meetingUpdated, .indonesian): """
    Rapat diubah{{#occurrenceOnly}} (pertemuan {{day}} saja){{/occurrenceOnly}}: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Berulang: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.meetingUpdated, .english): """
    Meeting changed{{#occurrenceOnly}} (the one on {{day}} only){{/occurrenceOnly}}: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Repeats: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.meetingCancelled, .indonesian): """
    Rapat dibatalkan{{#occurrenceOnly}} (pertemuan {{day}} saja){{/occurrenceOnly}}: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Berulang: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.meetingCancelled, .english): """
    Meeting cancelled{{#occurrenceOnly}} (the one on {{day}} only){{/occurrenceOnly}}: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Repeats: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.invitationSent, .indonesian): """
    Undangan terkirim: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Berulang: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.invitationSent, .english): """
    Invitations sent: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Repeats: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.reminder, .indonesian): """
    Pengingat rapat: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Berulang: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.reminder, .english): """
    Meeting reminder: {{title}}
    {{day}}, {{time}}{{#location}} — {{location}}{{/location}}
    {{#repeats}}
    Repeats: {{repeats}}
    {{/repeats}}
    """,
    .webhook(.test, .indonesian): """
    Uji coba kanal Pokja
    Pesan uji coba dari Pokja ({{timestamp}}).
    """,
    .webhook(.test, .english): """
    Pokja channel test
    A test message from Pokja ({{timestamp}}).
    """,
  ]

  static let builtInMail: [Key: String] = [
    Key(.invitation, .subject, .indonesian): "Undangan: {{title}} — {{day}}",
    Key(.invitation, .subject, .english): "Invitation: {{title}} — {{day}}",
    Key(.invitation, .text, .indonesian): """
    {{greeting}},

    Dengan hormat, kami mengundang Bapak/Ibu untuk hadir dalam:

      Acara     : {{title}}
      Hari/Tgl  : {{day}}
      Waktu     : {{time}}
    {{#repeats}}
      Berulang  : {{repeats}}
    {{/repeats}}
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
    {{#repeats}}
      Repeats   : {{repeats}}
    {{/repeats}}
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
    {{#repeats}}<tr><th align="left">Berulang</th><td>{{repeats}}</td></tr>{{/repeats}}
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
    {{#repeats}}<tr><th align="left">Repeats</th><td>{{repeats}}</td></tr>{{/repeats}}
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
    Key(.update, .subject, .indonesian): "Perubahan: {{title}} — {{day}}",
    Key(.update, .subject, .english): "Updated: {{title}} — {{day}}",
    Key(.update, .text, .indonesian): """
    {{greeting}},

    Dengan hormat, kami sampaikan perubahan {{#occurrenceOnly}}untuk pertemuan tanggal {{day}} {{/occurrenceOnly}}acara berikut. Jadwal yang berlaku:

      Acara     : {{title}}
      Hari/Tgl  : {{day}}
      Waktu     : {{time}}
    {{#repeats}}
      Berulang  : {{repeats}}
    {{/repeats}}
    {{#location}}
      Tempat    : {{location}}
    {{/location}}
    {{#description}}

    {{description}}
    {{/description}}

    Kalender Bapak/Ibu akan diperbarui dengan undangan terlampir. Mohon konfirmasi kembali kehadiran.

    Hormat kami,
    {{organiser}}

    """,
    Key(.update, .text, .english): """
    {{greeting}},

    Please note a change {{#occurrenceOnly}}to the meeting on {{day}} {{/occurrenceOnly}}of the following. It now reads:

      Meeting   : {{title}}
      Date      : {{day}}
      Time      : {{time}}
    {{#repeats}}
      Repeats   : {{repeats}}
    {{/repeats}}
    {{#location}}
      Place     : {{location}}
    {{/location}}
    {{#description}}

    {{description}}
    {{/description}}

    The attached invitation updates your calendar. Please confirm again whether you will attend.

    Kind regards,
    {{organiser}}

    """,
    Key(.update, .html, .indonesian): """
    <!DOCTYPE html>
    <html lang="id"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Dengan hormat, kami sampaikan perubahan {{#occurrenceOnly}}untuk pertemuan tanggal {{day}} {{/occurrenceOnly}}acara berikut. Jadwal yang berlaku:</p>
    <table>
    <tr><th align="left">Acara</th><td>{{title}}</td></tr>
    <tr><th align="left">Hari/Tgl</th><td>{{day}}</td></tr>
    <tr><th align="left">Waktu</th><td>{{time}}</td></tr>
    {{#repeats}}<tr><th align="left">Berulang</th><td>{{repeats}}</td></tr>{{/repeats}}
    {{#location}}<tr><th align="left">Tempat</th><td>{{location}}</td></tr>{{/location}}
    </table>
    {{#description}}<p style="white-space: pre-line">{{description}}</p>{{/description}}
    <p>Kalender Bapak/Ibu akan diperbarui dengan undangan terlampir. Mohon konfirmasi kembali kehadiran.</p>
    <p>Hormat kami,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.update, .html, .english): """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Please note a change {{#occurrenceOnly}}to the meeting on {{day}} {{/occurrenceOnly}}of the following. It now reads:</p>
    <table>
    <tr><th align="left">Meeting</th><td>{{title}}</td></tr>
    <tr><th align="left">Date</th><td>{{day}}</td></tr>
    <tr><th align="left">Time</th><td>{{time}}</td></tr>
    {{#repeats}}<tr><th align="left">Repeats</th><td>{{repeats}}</td></tr>{{/repeats}}
    {{#location}}<tr><th align="left">Place</th><td>{{location}}</td></tr>{{/location}}
    </table>
    {{#description}}<p style="white-space: pre-line">{{description}}</p>{{/description}}
    <p>The attached invitation updates your calendar. Please confirm again whether you will attend.</p>
    <p>Kind regards,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.cancellation, .subject, .indonesian): "Dibatalkan: {{title}} — {{day}}",
    Key(.cancellation, .subject, .english): "Cancelled: {{title}} — {{day}}",
    Key(.cancellation, .text, .indonesian): """
    {{greeting}},

    Dengan hormat, kami sampaikan bahwa {{#occurrenceOnly}}pertemuan tanggal {{day}} dari {{/occurrenceOnly}}acara berikut dibatalkan{{#removed}} untuk Bapak/Ibu{{/removed}}:

      Acara     : {{title}}
      Hari/Tgl  : {{day}}
      Waktu     : {{time}}
    {{#repeats}}
      Berulang  : {{repeats}}
    {{/repeats}}

    Kalender Bapak/Ibu akan diperbarui dengan pembatalan terlampir. Mohon maaf atas ketidaknyamanannya.

    Hormat kami,
    {{organiser}}

    """,
    Key(.cancellation, .text, .english): """
    {{greeting}},

    Please note that {{#occurrenceOnly}}the meeting on {{day}} of {{/occurrenceOnly}}the following is cancelled{{#removed}} for you{{/removed}}:

      Meeting   : {{title}}
      Date      : {{day}}
      Time      : {{time}}
    {{#repeats}}
      Repeats   : {{repeats}}
    {{/repeats}}

    The attached cancellation updates your calendar. We apologise for any inconvenience.

    Kind regards,
    {{organiser}}

    """,
    Key(.cancellation, .html, .indonesian): """
    <!DOCTYPE html>
    <html lang="id"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Dengan hormat, kami sampaikan bahwa {{#occurrenceOnly}}pertemuan tanggal {{day}} dari {{/occurrenceOnly}}acara berikut <strong>dibatalkan</strong>{{#removed}} untuk Bapak/Ibu{{/removed}}:</p>
    <table>
    <tr><th align="left">Acara</th><td>{{title}}</td></tr>
    <tr><th align="left">Hari/Tgl</th><td>{{day}}</td></tr>
    <tr><th align="left">Waktu</th><td>{{time}}</td></tr>
    {{#repeats}}<tr><th align="left">Berulang</th><td>{{repeats}}</td></tr>{{/repeats}}
    </table>
    <p>Kalender Bapak/Ibu akan diperbarui dengan pembatalan terlampir. Mohon maaf atas ketidaknyamanannya.</p>
    <p>Hormat kami,<br>{{organiser}}</p>
    </body></html>

    """,
    Key(.cancellation, .html, .english): """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title></head>
    <body style="font-family: sans-serif">
    <p>{{greeting}},</p>
    <p>Please note that {{#occurrenceOnly}}the meeting on {{day}} of {{/occurrenceOnly}}the following is <strong>cancelled</strong>{{#removed}} for you{{/removed}}:</p>
    <table>
    <tr><th align="left">Meeting</th><td>{{title}}</td></tr>
    <tr><th align="left">Date</th><td>{{day}}</td></tr>
    <tr><th align="left">Time</th><td>{{time}}</td></tr>
    {{#repeats}}<tr><th align="left">Repeats</th><td>{{repeats}}</td></tr>{{/repeats}}
    </table>
    <p>The attached cancellation updates your calendar. We apologise for any inconvenience.</p>
    <p>Kind regards,<br>{{organiser}}</p>
    </body></html>

    """,
  ]
}
