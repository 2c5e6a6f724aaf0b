import Foundation
import PokjaCore
import PokjaICalendar

extension MeetingCalendar {
  /// A PUBLISH calendar of `person`'s own sessions (a speaker's briefing): one VEVENT per session,
  /// titled with their role, with a display alarm `alarm` before it starts so their phone reminds
  /// them. UIDs are the session's, apart from the meeting's, so the meeting stays as invited.
  public static func sessions(
    _ sessions: [(SessionDetails, SessionRole)], of details: MeetingDetails,
    organiser: Organiser, stamp: Date, language: Language, alarm: TimeSpan
  ) -> ICalendarComponent {
    let meeting = details.meeting
    let zone = meeting.timeZone
    let events = sessions.map { item, role -> ICalendarComponent in
      let session = item.session
      var event = ICalendarComponent("VEVENT")
      event.properties = [
        .text("UID", "\(meeting.uid)-session-\(session.id)"),
        ICalendarProperty("SEQUENCE", rawValue: String(meeting.sequence)),
        .utc("DTSTAMP", stamp),
        .dateTime("DTSTART", session.start, in: zone),
        .dateTime("DTEND", session.end, in: zone),
        .text("SUMMARY", "\(role.label(language)): \(session.title) — \(meeting.title)"),
      ]
      var lines = [session.description].compactMap { $0 }
      for other in SessionRole.allCases {
        let names = item.people(in: other).map(\.nameWithOrganisation)
        if !names.isEmpty {
          lines.append("\(other.label(language)): \(names.joined(separator: "; "))")
        }
      }
      event.properties.append(.text("DESCRIPTION", lines.joined(separator: "\n")))
      if let place = item.placeText ?? details.locationText {
        event.properties.append(.text("LOCATION", place))
      }
      event.properties += [
        .calAddress(
          "ORGANIZER", email: organiser.email.value,
          parameters: [.init(name: "CN", value: organiser.name)]),
        ICalendarProperty("STATUS", rawValue: "CONFIRMED"),
        ICalendarProperty("TRANSP", rawValue: "OPAQUE"),
      ]
      event.components = [
        ICalendarComponent(
          "VALARM",
          properties: [
            ICalendarProperty("ACTION", rawValue: "DISPLAY"),
            ICalendarProperty("TRIGGER", rawValue: "-PT\(max(1, alarm.seconds / 60))M"),
            .text("DESCRIPTION", "\(role.label(language)): \(session.title)"),
          ])
      ]
      return event
    }
    let first = sessions.map(\.0.session.start).min() ?? meeting.start
    let last = sessions.map(\.0.session.end).max() ?? meeting.end
    return ICalendarComponent(
      "VCALENDAR",
      properties: [
        .text("PRODID", productID),
        ICalendarProperty("VERSION", rawValue: "2.0"),
        ICalendarProperty("CALSCALE", rawValue: "GREGORIAN"),
        ICalendarProperty("METHOD", rawValue: Method.publish.rawValue),
      ],
      components: [
        VTimeZoneBuilder.component(for: zone, covering: DateInterval(start: first, end: last))
      ] + events)
  }
}
