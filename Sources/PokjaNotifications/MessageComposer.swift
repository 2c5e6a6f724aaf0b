import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling

/// Turns a meeting and one attendee into a complete, 7-bit clean RFC 5322 message ready for the outbox:
/// an iMIP invitation (RFC 6047) or a reminder, in the attendee's language.
public struct MessageComposer: Sendable {
  private let organiser: Organiser
  private let templates: MessageTemplates
  private let clock: any WallClock
  private let makeToken: @Sendable () -> String

  /// Creates a composer; `makeToken` makes the unique part of Message-IDs (tests fix it).
  public init(
    organiser: Organiser, templates: MessageTemplates = MessageTemplates(), clock: any WallClock,
    makeToken: (@Sendable () -> String)? = nil
  ) {
    self.organiser = organiser
    self.templates = templates
    self.clock = clock
    self.makeToken = makeToken ?? { UUID().uuidString.lowercased() }
  }

  /// The invitation for `attendee`: text and HTML bodies plus a `text/calendar; method=REQUEST` part
  /// listing every attendee, so calendars show Accept / Decline.
  public func invitation(_ details: MeetingDetails, to attendee: AttendeeDetails) throws
    -> OutboundDraft
  {
    let meeting = details.meeting
    let now = clock.now()
    let calendar = MeetingCalendar.calendar(
      for: details, organiser: organiser, method: .request, stamp: now
    ).serialized()
    let values = self.values(details, attendee)
    let language = attendee.contact.language
    let subject = try templates.render(.init(.invitation, .subject, language), values)
    let body = MIMEPart.multipart(
      subtype: "mixed",
      parts: [
        .multipart(
          subtype: "alternative",
          parts: [
            .text(
              subtype: "plain",
              content: try templates.render(.init(.invitation, .text, language), values)),
            .text(
              subtype: "html",
              content: try templates.render(.init(.invitation, .html, language), values)),
          ]),
        .calendar(calendar, method: MeetingCalendar.Method.request.rawValue),
      ])
    return try draft(
      kind: .invitation,
      dedupeKey: OutboundDraft.dedupeKey(
        kind: .invitation, meeting: meeting.id, contact: attendee.contact.id,
        sequence: meeting.sequence),
      details: details, attendee: attendee, subject: subject, body: body, date: now)
  }

  /// The reminder `reminder` for `attendee`: text and HTML bodies.
  public func reminder(
    _ details: MeetingDetails, _ reminder: Reminder, to attendee: AttendeeDetails
  ) throws -> OutboundDraft {
    let meeting = details.meeting
    let now = clock.now()
    let values = self.values(details, attendee)
    let language = attendee.contact.language
    let subject = try templates.render(.init(.reminder, .subject, language), values)
    let body = MIMEPart.multipart(
      subtype: "alternative",
      parts: [
        .text(
          subtype: "plain", content: try templates.render(.init(.reminder, .text, language), values)
        ),
        .text(
          subtype: "html", content: try templates.render(.init(.reminder, .html, language), values)),
      ])
    return try draft(
      kind: .reminder,
      dedupeKey: OutboundDraft.dedupeKey(
        kind: .reminder, meeting: meeting.id, contact: attendee.contact.id,
        sequence: meeting.sequence, detail: reminder.offset.description),
      details: details, attendee: attendee, subject: subject, body: body, date: now)
  }

  /// The values templates can use: `greeting`, `name`, `title`, `day`, `time`, `startClock`,
  /// `location`, `description`, `organiser`, `organiserEmail`, `organisation`.
  public func values(_ details: MeetingDetails, _ attendee: AttendeeDetails) -> [String: Any] {
    let meeting = details.meeting
    let language = attendee.contact.language
    let zone = meeting.timeZone
    var values: [String: Any] = [
      "greeting": language == .indonesian
        ? "Yth. Bapak/Ibu \(attendee.contact.name)" : "Dear \(attendee.contact.name)",
      "name": attendee.contact.name,
      "title": meeting.title,
      "day": LocalizedDate.day(meeting.start, in: zone, language: language),
      "time": LocalizedDate.timeRange(meeting.start, meeting.end, in: zone, language: language),
      "startClock": LocalizedDate.clock(meeting.start, in: zone, language: language) + " "
        + zone.displayAbbreviation(at: meeting.start),
      "organiser": organiser.name,
      "organiserEmail": organiser.email.value,
    ]
    if let location = details.locationText { values["location"] = location }
    if let description = meeting.description { values["description"] = description }
    if let organisation = attendee.organisation { values["organisation"] = organisation.name }
    return values
  }

  private func draft(
    kind: MessageKind, dedupeKey: String, details: MeetingDetails, attendee: AttendeeDetails,
    subject: String, body: MIMEPart, date: Date
  ) throws -> OutboundDraft {
    let messageID = "\(makeToken())@\(organiser.email.domain)"
    let message = MailMessage(
      from: MailAddress(organiser.email.value, displayName: organiser.name),
      to: [MailAddress(attendee.contact.email.value, displayName: attendee.contact.name)],
      subject: subject, date: date, timeZone: details.meeting.timeZone, messageID: messageID,
      extraHeaders: [
        MailHeader(name: "Content-Language", value: attendee.contact.language.rawValue)
      ],
      body: body)
    let content: String
    do {
      content = try message.rendered()
    } catch {
      throw NotificationError.composition(error.localizedDescription)
    }
    return OutboundDraft(
      dedupeKey: dedupeKey, kind: kind, meetingID: details.meeting.id,
      contactID: attendee.contact.id, sender: organiser.email, recipient: attendee.contact.email,
      messageID: messageID, subject: subject, content: content)
  }
}
