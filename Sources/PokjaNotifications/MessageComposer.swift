import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling
import Synchronization

/// Turns a meeting and one attendee into a complete, 7-bit clean RFC 5322 message ready for the outbox:
/// an iMIP invitation (RFC 6047) or a reminder, in the attendee's language.
public struct MessageComposer: Sendable {
  let organiser: Organiser
  let templates: MessageTemplates
  let clock: any WallClock
  let makeToken: @Sendable () -> String
  /// Accept / Tentative / Decline links for invitations, updates and reminders (`pokja serve`);
  /// nil: none (no `[web] url` configured).
  public var replyLinks: (any ReplyLinks)?
  /// The code each invitee gives at the sign-in desk (`pokja attend --code`), in invitations,
  /// updates and reminders; nil: none (no web key).
  public var checkInCodes: (any CheckInCodes)?
  /// Links to a meeting's documents on `pokja serve`, for invitations that link them rather than
  /// carry them (`meeting invite --documents link`); nil: no `[web] url`.
  public var documentLinks: (any DocumentLinks)?
  /// Calendar objects already rendered in this run: every attendee of a meeting gets the same one,
  /// and with hundreds of attendees (each listed in it) rendering it once matters.
  private let calendars = CalendarCache()

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
  /// listing every attendee (or, when the meeting's guest list is hidden, only `attendee`), so
  /// calendars show Accept / Decline. A series goes as one invitation with its RRULE and changed
  /// occurrences.
  ///
  /// `documents` (the meeting's, `pokja doc`) are listed in the text and, when `sending` is
  /// `.attached`, go as attachments kept once in the outbox (`MIMEPart.storedDocument`); when
  /// `.linked`, the list gives each one's link.
  public func invitation(
    _ details: MeetingDetails, to attendee: AttendeeDetails, documents: [AttachedDocument] = [],
    sending: DocumentSending = .attached
  ) throws -> OutboundDraft {
    try notice(
      ChangeNotice(kind: .invitation, details: details, recipients: [attendee]), to: attendee,
      documents: documents, sending: sending)
  }

  /// How a meeting's documents go with its invitations.
  public enum DocumentSending: String, Sendable, Hashable, CaseIterable {
    /// Attached (each file kept once in the outbox, put in each message as it goes).
    case attached = "attach"
    /// A link to each on `pokja serve` (`[web] url`), the same for everyone.
    case linked = "link"
  }

  /// The message for one recipient of a change: an invitation or update (METHOD:REQUEST) or a
  /// cancellation (METHOD:CANCEL), for the whole meeting or, with `notice.occurrence`, one
  /// occurrence (RECURRENCE-ID).
  public func notice(
    _ notice: ChangeNotice, to attendee: AttendeeDetails, documents: [AttachedDocument] = [],
    sending: DocumentSending = .attached
  ) throws -> OutboundDraft {
    let details = notice.details
    let meeting = details.meeting
    let now = clock.now()
    let method: MeetingCalendar.Method = notice.kind == .cancellation ? .cancel : .request
    // A removed attendee's CANCEL names only them (RFC 5546 §3.2.5 cancels for those listed).
    // With a hidden guest list every message names only its recipient, beside the ORGANIZER:
    // RFC 5546 asks a REQUEST for one ATTENDEE or more, and the recipient's own (RSVP=TRUE) is
    // what their calendar replies with; nobody's address goes to anyone else.
    var calendarDetails = details
    let stillInvited = details.attendees.contains { $0.contact.id == attendee.contact.id }
    let onlyRecipient = details.guestList == .hidden || (method == .cancel && !stillInvited)
    if onlyRecipient { calendarDetails.attendees = [attendee] }
    let key = CalendarCache.Key(
      uid: meeting.uid, sequence: meeting.sequence, method: method.rawValue,
      occurrence: notice.occurrence,
      onlyFor: onlyRecipient || !stillInvited ? attendee.contact.email.value : nil,
      attendees: calendarDetails.attendees.count,
      // The programme in the description is in the attendee's language.
      language: details.programme.isEmpty ? nil : attendee.contact.language)
    let calendar = calendars.value(for: key) {
      MeetingCalendar.calendar(
        for: calendarDetails, organiser: organiser, method: method, stamp: now,
        occurrence: notice.occurrence, language: attendee.contact.language
      ).serialized()
    }
    let parts = try self.parts(notice, to: attendee, documents: documents, sending: sending)
    let kind = notice.kind
    let attached = sending == .attached ? documents : []
    let subject = parts.subject
    let body = MIMEPart.multipart(
      subtype: "mixed",
      parts: [
        .multipart(
          subtype: "alternative",
          parts: [
            .text(subtype: "plain", content: parts.text),
            .text(subtype: "html", content: parts.html),
          ]),
        .calendar(calendar, method: method.rawValue),
      ]
        + attached.map {
          .storedDocument(contentType: $0.contentType, filename: $0.filename, digest: $0.digest.hex)
        })
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

  /// The part a dedupe key gains when an invitation goes again with files (`meeting invite --attach`
  /// after the invitation went out): the same files are sent once, other files once more.
  public static func filesKey(_ documents: [AttachedDocument]) -> String {
    var digest = FNV1a()
    for document in documents.sorted(by: { $0.digest < $1.digest }) {
      digest.add(document.filename + "\u{0}" + document.digest.hex + "\u{0}")
    }
    return ":files-" + digest.hex
  }

  /// The reminder `reminder` for `attendee`: text and HTML bodies.
  public func reminder(
    _ details: MeetingDetails, _ reminder: Reminder, to attendee: AttendeeDetails
  ) throws -> OutboundDraft {
    let meeting = details.meeting
    let now = clock.now()
    let parts = try reminderParts(details, to: attendee)
    let subject = parts.subject
    let body = MIMEPart.multipart(
      subtype: "alternative",
      parts: [
        .text(subtype: "plain", content: parts.text),
        .text(subtype: "html", content: parts.html),
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

  /// The secretariat as the one recipient of a meeting's reminders (`--remind-to organiser`): not
  /// a contact of the directory (its ID is 0 and the outbox records none).
  public func organiserAsAttendee(of meeting: MeetingID) -> AttendeeDetails {
    AttendeeDetails(
      attendee: Attendee(meetingID: meeting, contactID: ContactID(0), role: .chair),
      contact: Contact(id: ContactID(0), name: organiser.name, email: organiser.email),
      organisation: nil)
  }

  /// The rendered subject, text and HTML of a message.
  public struct Parts: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String
  }

  /// What the templates make of `notice` for `attendee` (what `notice(_:to:)` sends).
  public func parts(
    _ notice: ChangeNotice, to attendee: AttendeeDetails, documents: [AttachedDocument] = [],
    sending: DocumentSending = .attached
  ) throws -> Parts {
    let details = notice.details
    let stillInvited = details.attendees.contains { $0.contact.id == attendee.contact.id }
    var values = self.values(details, attendee)
    if notice.kind != .cancellation, !documents.isEmpty {
      let language = attendee.contact.language
      // Linked: each with its link; linked without links to make (too heavy to attach and no
      // `[web] url`): named only, to ask the secretariat for.
      let links = sending == .linked ? documentLinks : nil
      values["documents"] = documents.map { document in
        let line = "  - \(document.filename) (\(DocumentLibrary.sizeText(document.size)))"
        return links.map { line + ": " + $0.link(to: document) } ?? line
      }.joined(separator: "\n")
      values["documentsHeading"] =
        switch (language, sending, links == nil) {
        case (.indonesian, .attached, _): "Dokumen (terlampir)"
        case (.indonesian, .linked, false): "Dokumen"
        case (.indonesian, .linked, true): "Dokumen (dapat diminta ke sekretariat)"
        case (.english, .attached, _): "Documents (attached)"
        case (.english, .linked, false): "Documents"
        case (.english, .linked, true): "Documents (ask the secretariat for them)"
        }
    }
    if notice.occurrence != nil { values["occurrenceOnly"] = true }
    if notice.kind == .cancellation, !stillInvited { values["removed"] = true }
    if notice.kind != .cancellation {
      values["rsvp"] = rsvpValues(details, attendee, occurrence: notice.occurrence)
    }
    return try render(notice.kind, attendee.contact.language, values)
  }

  /// What the templates make of a reminder of `details` for `attendee`.
  public func reminderParts(_ details: MeetingDetails, to attendee: AttendeeDetails) throws
    -> Parts
  {
    var values = values(details, attendee)
    values["rsvp"] = rsvpValues(
      details, attendee,
      occurrence: details.meeting.isSeries
        ? details.occurrence?.recurrenceID ?? details.meeting.start : nil)
    return try render(.reminder, attendee.contact.language, values)
  }

  /// The reply links of `attendee` (`accept`, `tentative`, `decline`), working until the meeting
  /// (or the occurrence, or the planned end of the series) is over; nil without `replyLinks` and
  /// for the secretariat itself.
  private func rsvpValues(
    _ details: MeetingDetails, _ attendee: AttendeeDetails, occurrence: Date?
  ) -> [String: String]? {
    guard let replyLinks, attendee.contact.id.rawValue != 0 else { return nil }
    let meeting = details.meeting
    let end: Date
    if let occurrence,
      let planned = details.plan?.occurrences.first(where: {
        $0.occurrence.recurrenceID == occurrence
      })
    {
      end = planned.occurrence.end
    } else if let focused = details.occurrence, occurrence != nil {
      end = focused.end
    } else if meeting.isSeries {
      end = details.plan?.plannedThrough ?? meeting.end
    } else {
      end = meeting.end
    }
    let links = replyLinks.links(
      meeting: meeting.id, occurrence: occurrence, contact: attendee.contact.id,
      sequence: meeting.sequence, expires: end)
    return ["accept": links.accept, "tentative": links.tentative, "decline": links.decline]
  }

  /// The mail that carries a sign-in link for `pokja serve` to `contact`.
  public func signInLink(
    to contact: Contact, url: String, expires: Date, link: Int64,
    zone: TimeZone = TimeZone(identifier: "Asia/Jakarta")!
  ) throws -> OutboundDraft {
    let language = contact.language
    return try mail(
      kind: .signIn, to: contact,
      values: [
        "url": url,
        "expires": LocalizedDate.clock(expires, in: zone, language: language) + " "
          + zone.displayAbbreviation(at: expires) + ", "
          + LocalizedDate.day(expires, in: zone, language: language),
      ], dedupeKey: "\(MessageKind.signIn.rawValue):\(link)", zone: zone)
  }

  func render(_ kind: MessageKind, _ language: Language, _ values: [String: Any]) throws
    -> Parts
  {
    Parts(
      subject: try templates.render(.init(kind, .subject, language), values),
      text: try templates.render(.init(kind, .text, language), values),
      html: try templates.render(.init(kind, .html, language), values))
  }

  /// The values templates can use: `greeting`, `name`, `title`, `day`, `time`, `startClock`,
  /// `location`, `description`, `organiser`, `organiserEmail`, `organisation`, `repeats`; notices add
  /// `occurrenceOnly` and `removed` (see docs/templates.md).
  public func values(_ details: MeetingDetails, _ attendee: AttendeeDetails) -> [String: Any] {
    let meeting = details.meeting
    let language = attendee.contact.language
    let zone = meeting.timeZone
    var values: [String: Any] = [
      // "Yth. Ibu Wulan Sari" with the honorific on record, else the formal "Bapak/Ibu".
      "greeting": language == .indonesian
        ? "Yth. \(attendee.contact.honorific ?? "Bapak/Ibu") \(attendee.contact.name)"
        : "Dear \(attendee.contact.name)",
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
    if let checkInCodes, attendee.contact.id.rawValue != 0, meeting.status == .confirmed {
      values["checkInCode"] = checkInCodes.code(
        meetingUID: meeting.uid, contact: attendee.contact.id)
    }
    if details.occurrence == nil, !details.programme.isEmpty {
      values["programme"] = ProgrammeText.lines(
        details.programme, zone: zone, language: language,
        multiDay: LocalizedDate.day(meeting.start, in: zone, language: language)
          != LocalizedDate.day(meeting.end.addingTimeInterval(-1), in: zone, language: language)
      ).joined(separator: "\n")
      values["programmeHeading"] = ProgrammeText.heading(language)
    }
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
      // The organiser stands in as contact 0, which the directory does not hold.
      contactID: attendee.contact.id.rawValue == 0 ? nil : attendee.contact.id,
      sender: organiser.email, destination: .email(attendee.contact.email),
      messageID: messageID, subject: subject, content: content)
  }
}

/// Rendered calendar objects by what makes them differ, for one composer's life (one command).
final class CalendarCache: Sendable {
  struct Key: Hashable, Sendable {
    var uid: String
    var sequence: Int
    var method: String
    var occurrence: Date?
    /// The one attendee a CANCEL for a removed attendee names.
    var onlyFor: String?
    /// How many are listed (within one command the list of a meeting does not change otherwise).
    var attendees: Int
    /// The language of the programme in the description, when there is one.
    var language: Language?
  }

  private let cache = Mutex<[Key: String]>([:])

  func value(for key: Key, render: () -> String) -> String {
    if let known = cache.withLock({ $0[key] }) { return known }
    let value = render()
    cache.withLock { $0[key] = value }
    return value
  }
}
