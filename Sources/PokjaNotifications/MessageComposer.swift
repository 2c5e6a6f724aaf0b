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
  /// The composer's clock's time: when events are stamped.
  public var now: Date { clock.now() }

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
  /// listing every attendee, so calendars show Accept / Decline. A series goes as one invitation
  /// with its RRULE and changed occurrences.
  public func invitation(_ details: MeetingDetails, to attendee: AttendeeDetails) throws
    -> OutboundDraft
  {
    try notice(
      ChangeNotice(kind: .invitation, details: details, recipients: [attendee]), to: attendee)
  }

  /// The message for one recipient of a change: an invitation or update (METHOD:REQUEST) or a
  /// cancellation (METHOD:CANCEL), for the whole meeting or, with `notice.occurrence`, one
  /// occurrence (RECURRENCE-ID).
  public func notice(_ notice: ChangeNotice, to attendee: AttendeeDetails) throws -> OutboundDraft {
    let details = notice.details
    let meeting = details.meeting
    let now = clock.now()
    let method: MeetingCalendar.Method = notice.kind == .cancellation ? .cancel : .request
    // A removed attendee's CANCEL names only them (RFC 5546 §3.2.5 cancels for those listed).
    var calendarDetails = details
    let stillInvited = details.attendees.contains { $0.contact.id == attendee.contact.id }
    if method == .cancel, !stillInvited { calendarDetails.attendees = [attendee] }
    let calendar = MeetingCalendar.calendar(
      for: calendarDetails, organiser: organiser, method: method, stamp: now,
      occurrence: notice.occurrence
    ).serialized()
    var values = self.values(details, attendee)
    if notice.occurrence != nil { values["occurrenceOnly"] = true }
    if method == .cancel, !stillInvited { values["removed"] = true }
    let language = attendee.contact.language
    let kind = notice.kind
    let subject = try templates.render(.init(kind, .subject, language), values)
    let body = MIMEPart.multipart(
      subtype: "mixed",
      parts: [
        .multipart(
          subtype: "alternative",
          parts: [
            .text(
              subtype: "plain",
              content: try templates.render(.init(kind, .text, language), values)),
            .text(
              subtype: "html",
              content: try templates.render(.init(kind, .html, language), values)),
          ]),
        .calendar(calendar, method: method.rawValue),
      ])
    var draft = try draft(
      kind: kind,
      // An invitation and an update of the same version are the same REQUEST: one key for both,
      // so `meeting upcoming --invite` after an edit sends nothing twice.
      dedupeKey: OutboundDraft.dedupeKey(
        kind: kind == .cancellation ? .cancellation : .invitation, meeting: meeting.id,
        contact: attendee.contact.id,
        sequence: meeting.sequence,
        detail: notice.occurrence.map { String(Int64($0.timeIntervalSince1970)) }),
      details: details, attendee: attendee, subject: subject, body: body, date: now)
    draft.occurrence = notice.occurrence
    return draft
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
    // One reminder per (occurrence, start time, offset, person): sent again only when the
    // occurrence moves, never because some other part of the series changed.
    let occurrence = details.occurrence?.recurrenceID ?? meeting.start
    var draft = try draft(
      kind: .reminder,
      dedupeKey: [
        MessageKind.reminder.rawValue, reminder.offset.description, String(meeting.id.rawValue),
        String(attendee.contact.id.rawValue), String(Int64(occurrence.timeIntervalSince1970)),
        String(Int64(meeting.start.timeIntervalSince1970)),
      ].joined(separator: ":"),
      details: details, attendee: attendee, subject: subject, body: body, date: now)
    draft.occurrence = occurrence
    return draft
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
    // A message about one occurrence shows that occurrence, not how the series repeats.
    if details.occurrence == nil, let repeats = RepetitionText.describe(meeting, language: language)
    {
      values["repeats"] = repeats
    }
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
