import Foundation
import PokjaCore
import PokjaICalendar

/// The secretariat that organises meetings and sends mail: ORGANIZER in calendars, From in mail.
public struct Organiser: Sendable, Hashable {
  public var name: String
  public var email: EmailAddress

  public init(name: String, email: EmailAddress) {
    self.name = name
    self.email = email
  }
}

/// Renders meetings as iCalendar (RFC 5545) objects for iTIP (RFC 5546) methods.
public enum MeetingCalendar {
  /// The iTIP method of a calendar object.
  public enum Method: String, Sendable {
    /// A plain export, for import into a calendar.
    case publish = "PUBLISH"
    /// An invitation or update: calendars show Accept / Decline.
    case request = "REQUEST"
    case cancel = "CANCEL"
  }

  /// The product identifier every calendar object carries.
  public static let productID = "-//Pokja//Pokja Secretariat 1.0//ID"

  /// A VCALENDAR holding the meeting's VTIMEZONE and VEVENTs, with every attendee listed (except
  /// in a PUBLISH). A series gets its master event (RRULE, RDATE, EXDATE) and one event per changed
  /// occurrence; with `occurrence` (a RECURRENCE-ID) only that occurrence is sent, from
  /// `details` focused on it.
  /// A programme is written into DESCRIPTION in `language`, and as RFC 9073 PARTICIPANTs.
  public static func calendar(
    for details: MeetingDetails, organiser: Organiser, method: Method, stamp: Date,
    occurrence: Date? = nil, language: Language = .english
  ) -> ICalendarComponent {
    calendar(
      for: [details], organiser: organiser, method: method, stamp: stamp, occurrence: occurrence,
      language: language)
  }

  /// One VCALENDAR for several meetings (an export of a date range, a person's agenda), with one
  /// VTIMEZONE per zone used.
  public static func calendar(
    for meetings: [MeetingDetails], organiser: Organiser, method: Method, stamp: Date,
    occurrence: Date? = nil, language: Language = .english
  ) -> ICalendarComponent {
    var events: [ICalendarComponent] = []
    var spans: [String: (TimeZone, Date, Date)] = [:]
    for details in meetings {
      let meeting = details.meeting
      let zone = meeting.timeZone
      var last = meeting.end
      if let occurrence {
        events.append(
          event(
            details, organiser: organiser, method: method, stamp: stamp, recurrenceID: occurrence,
            language: language))
      } else {
        events.append(
          event(details, organiser: organiser, method: method, stamp: stamp, language: language))
        if method != .cancel {
          for change in exceptions(of: details) {
            events.append(
              event(
                details.focused(on: change), organiser: organiser, method: method, stamp: stamp,
                recurrenceID: change.recurrenceID))
          }
        }
        if meeting.isSeries, let plan = details.plan {
          last = min(plan.plannedThrough, meeting.start.addingTimeInterval(2 * 366 * 86_400))
        }
      }
      let span = spans[zone.identifier]
      spans[zone.identifier] = (
        zone, min(span?.1 ?? meeting.start, meeting.start), max(span?.2 ?? last, last)
      )
    }
    let zones = spans.values.sorted { $0.0.identifier < $1.0.identifier }.map {
      VTimeZoneBuilder.component(
        for: $0.0, covering: DateInterval(start: $0.1, end: max($0.1, $0.2)))
    }
    return ICalendarComponent(
      "VCALENDAR",
      properties: [
        .text("PRODID", productID),
        ICalendarProperty("VERSION", rawValue: "2.0"),
        ICalendarProperty("CALSCALE", rawValue: "GREGORIAN"),
        ICalendarProperty("METHOD", rawValue: method.rawValue),
      ],
      components: zones + events)
  }

  /// The occurrences that need their own VEVENT: changed ones and those moved for a holiday.
  static func exceptions(of details: MeetingDetails) -> [MeetingOccurrence] {
    guard details.meeting.isSeries, let plan = details.plan else { return [] }
    return plan.occurrences.filter { $0.override != nil || $0.movedFromHoliday != nil }.map(
      \.occurrence)
  }

  /// One VEVENT: the meeting (a series' master) or, with `recurrenceID`, one occurrence of it.
  private static func event(
    _ details: MeetingDetails, organiser: Organiser, method: Method, stamp: Date,
    recurrenceID: Date? = nil, language: Language = .english
  ) -> ICalendarComponent {
    let meeting = details.meeting
    let zone = meeting.timeZone
    var event = ICalendarComponent("VEVENT")
    event.properties = [
      .text("UID", meeting.uid),
      // Every VEVENT of a message carries the meeting's current SEQUENCE: a changed occurrence
      // sent again after a later change to the series is that later version too.
      ICalendarProperty("SEQUENCE", rawValue: String(meeting.sequence)),
      .utc("DTSTAMP", stamp),
      .utc("CREATED", meeting.createdAt),
    ]
    if let recurrenceID {
      event.properties.append(.dateTime("RECURRENCE-ID", recurrenceID, in: zone))
    }
    event.properties += [
      .dateTime("DTSTART", meeting.start, in: zone),
      .dateTime("DTEND", meeting.end, in: zone),
      .text("SUMMARY", meeting.title),
    ]
    if recurrenceID == nil, let recurrence = meeting.recurrence {
      if let rule = recurrence.rule {
        event.properties.append(ICalendarProperty("RRULE", rawValue: rule))
      }
      for date in recurrence.rdates.sorted() {
        event.properties.append(.dateTime("RDATE", date, in: zone))
      }
      let skipped = details.plan?.skipped.map(\.recurrenceID) ?? []
      for date in Set(recurrence.exdates + skipped).sorted() {
        event.properties.append(.dateTime("EXDATE", date, in: zone))
      }
    }
    let programme = recurrenceID == nil && method != .cancel ? details.programme : []
    if let description = Self.description(meeting, programme, language: language) {
      event.properties.append(.text("DESCRIPTION", description))
    }
    if let location = details.locationText {
      event.properties.append(.text("LOCATION", location))
    }
    event.properties.append(
      .calAddress(
        "ORGANIZER", email: organiser.email.value,
        parameters: [.init(name: "CN", value: organiser.name)]))
    // RFC 5546 §3.2.1: a PUBLISH carries no ATTENDEE; it is a copy for someone's calendar.
    for attendee in details.attendees where method != .publish {
      event.properties.append(
        .calAddress(
          "ATTENDEE", email: attendee.contact.email.value,
          parameters: [
            .init(name: "CUTYPE", value: "INDIVIDUAL"),
            .init(
              name: "ROLE",
              value: details.chairs(attendee.contact.id)
                ? AttendeeRole.chair.rawValue : attendee.attendee.role.rawValue),
            .init(name: "PARTSTAT", value: attendee.attendee.participation.rawValue),
            .init(name: "RSVP", value: method == .cancel ? "FALSE" : "TRUE"),
            .init(name: "CN", value: attendee.contact.name),
          ]))
    }
    let cancelled = method == .cancel || meeting.status == .cancelled
    event.properties.append(contentsOf: [
      ICalendarProperty("STATUS", rawValue: cancelled ? "CANCELLED" : "CONFIRMED"),
      ICalendarProperty("TRANSP", rawValue: "OPAQUE"),
      ICalendarProperty("CLASS", rawValue: "PUBLIC"),
    ])
    // Addresses only where the attendees' are shown: not in a PUBLISH, not with a hidden list.
    let withAddresses = method == .request && details.guestList == .visible
    event.components = participants(
      programme, meeting: meeting, withAddresses: withAddresses, language: language)
    return event
  }

  /// The meeting's description, then its programme.
  static func description(_ meeting: Meeting, _ programme: [SessionDetails], language: Language)
    -> String?
  {
    guard !programme.isEmpty else { return meeting.description }
    let zone = meeting.timeZone
    let multiDay =
      LocalTime.iso(meeting.start, in: zone).prefix(10)
      != LocalTime.iso(meeting.end.addingTimeInterval(-1), in: zone).prefix(10)
    let lines = ProgrammeText.lines(programme, zone: zone, language: language, multiDay: multiDay)
    let text = ProgrammeText.heading(language) + ":\n" + lines.joined(separator: "\n")
    return [meeting.description, text].compactMap { $0 }.joined(separator: "\n\n")
  }

  /// One RFC 9073 PARTICIPANT per person and session: PARTICIPANT-TYPE SPEAKER or ACTIVE, the
  /// role named in SUMMARY and X-POKJA-ROLE, the session in DESCRIPTION and X-POKJA-SESSION.
  static func participants(
    _ programme: [SessionDetails], meeting: Meeting, withAddresses: Bool, language: Language
  ) -> [ICalendarComponent] {
    var components: [ICalendarComponent] = []
    for item in programme {
      let session = item.session
      for (index, person) in item.people.enumerated() {
        var participant = ICalendarComponent("PARTICIPANT")
        participant.properties = [
          .text("UID", "\(meeting.uid)-session-\(session.id)-\(index + 1)"),
          ICalendarProperty("PARTICIPANT-TYPE", rawValue: person.role.participantType),
        ]
        if withAddresses, let email = person.email {
          participant.properties.append(
            .calAddress(
              "CALENDAR-ADDRESS", email: email.value,
              parameters: [.init(name: "CN", value: person.name)]))
        }
        participant.properties += [
          .text("SUMMARY", "\(person.role.label(language)): \(person.nameWithOrganisation)"),
          .text(
            "DESCRIPTION",
            "\(session.title), "
              + LocalTime.span(session.start, session.end, in: meeting.timeZone)),
          .text("X-POKJA-ROLE", person.role.rawValue),
          .text("X-POKJA-SESSION", session.title),
        ]
        components.append(participant)
      }
    }
    return components
  }
}
