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

  /// A VCALENDAR holding the meeting's VTIMEZONE and VEVENT, with every attendee listed.
  public static func calendar(
    for details: MeetingDetails, organiser: Organiser, method: Method, stamp: Date
  ) -> ICalendarComponent {
    let meeting = details.meeting
    var event = ICalendarComponent("VEVENT")
    event.properties = [
      .text("UID", meeting.uid),
      ICalendarProperty("SEQUENCE", rawValue: String(meeting.sequence)),
      .utc("DTSTAMP", stamp),
      .utc("CREATED", meeting.createdAt),
      .dateTime("DTSTART", meeting.start, in: meeting.timeZone),
      .dateTime("DTEND", meeting.end, in: meeting.timeZone),
      .text("SUMMARY", meeting.title),
    ]
    if let description = meeting.description {
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
            .init(name: "ROLE", value: attendee.attendee.role.rawValue),
            .init(name: "PARTSTAT", value: attendee.attendee.participation.rawValue),
            .init(name: "RSVP", value: "TRUE"),
            .init(name: "CN", value: attendee.contact.name),
          ]))
    }
    let cancelled = method == .cancel || meeting.status == .cancelled
    event.properties.append(contentsOf: [
      ICalendarProperty("STATUS", rawValue: cancelled ? "CANCELLED" : "CONFIRMED"),
      ICalendarProperty("TRANSP", rawValue: "OPAQUE"),
      ICalendarProperty("CLASS", rawValue: "PUBLIC"),
    ])
    let zone = VTimeZoneBuilder.component(
      for: meeting.timeZone, covering: DateInterval(start: meeting.start, end: meeting.end))
    return ICalendarComponent(
      "VCALENDAR",
      properties: [
        .text("PRODID", productID),
        ICalendarProperty("VERSION", rawValue: "2.0"),
        ICalendarProperty("CALSCALE", rawValue: "GREGORIAN"),
        ICalendarProperty("METHOD", rawValue: method.rawValue),
      ],
      components: [zone, event])
  }
}
