import Foundation
import PokjaCore

/// Something worth a second look that does not stop a booking.
public enum SchedulingWarning: Sendable, Hashable, CustomStringConvertible {
  /// An attendee is due at another meeting at the same time.
  case attendeeBusy(name: String, Clash)
  /// More attendees than the room seats.
  case overCapacity(room: String, capacity: Int, attendees: Int)
  /// Booked over another meeting with `--allow-conflict`.
  case roomConflictAllowed(room: String, Clash, zone: TimeZone)
  /// An occurrence falls on a public holiday and stays there.
  case onHoliday(Date, Holiday, zone: TimeZone)
  case movedForHoliday(from: Date, to: Date, Holiday, zone: TimeZone)
  case skippedForHoliday(Date, Holiday, zone: TimeZone)
  /// The start is not an occurrence of the rule: the series starts at its first occurrence.
  case startMovedToFirstOccurrence(from: Date, to: Date, zone: TimeZone)
  /// An RRULE's UNTIL given as a local time or a date, stored in UTC (RFC 5545 §3.3.10).
  case untilInUTC(written: String, stored: String, zone: TimeZone, endOfDay: Bool)
  /// An imported series with COUNT and a DTSTART off its rule: other calendars may show `extra`.
  case countReadTwoWays(title: String, start: Date, count: Int, extra: Date, zone: TimeZone)
  /// Someone in a session's role is not among the meeting's attendees: no invitation reaches them.
  case notInvited(name: String, contact: ContactID, meeting: MeetingID)
  /// Someone is in two sessions that overlap.
  case inTwoSessions(name: String, other: String, session: SessionID)

  public var description: String {
    switch self {
    case .attendeeBusy(let name, let clash):
      "\(name) is also invited to meeting \(clash.meeting.id) '\(clash.meeting.title)' (\(LocalTime.span(clash.occurrence.start, clash.occurrence.end, in: clash.meeting.timeZone)))."
    case .overCapacity(let room, let capacity, let attendees):
      "\(attendees) attendees, but '\(room)' seats \(capacity)."
    case .roomConflictAllowed(let room, let clash, _):
      "'\(room)' is also booked by meeting \(clash.meeting.id) '\(clash.meeting.title)' (\(LocalTime.span(clash.occurrence.start, clash.occurrence.end, in: clash.meeting.timeZone))); booked anyway (--allow-conflict)."
    case .onHoliday(let date, let holiday, let zone):
      "\(LocalTime.iso(date, in: zone).prefix(10)) is a public holiday in Indonesia: \(holiday.name)"
        + (holiday.kind == .collectiveLeave ? " (cuti bersama)" : "")
        + (holiday.estimated ? " (date estimated)" : "")
        + ". Move it, or for a series use --on-holiday skip|next-workday|previous-workday."
    case .movedForHoliday(let from, let to, let holiday, let zone):
      "\(LocalTime.iso(from, in: zone).prefix(10)) is a holiday (\(holiday.name)): that occurrence moves to \(LocalTime.iso(to, in: zone).prefix(10))."
    case .startMovedToFirstOccurrence(let from, let to, let zone):
      "\(LocalTime.iso(from, in: zone)) is not a day the rule gives, so the series starts on its first occurrence, \(LocalTime.iso(to, in: zone))."
    case .untilInUTC(let written, let stored, let zone, let endOfDay):
      endOfDay
        ? "UNTIL=\(written) is stored as UNTIL=\(stored), the end of that day in \(zone.identifier) in UTC: RFC 5545 wants UNTIL in UTC when the start has a time zone."
        : "UNTIL=\(written) is stored as UNTIL=\(stored), that time in \(zone.identifier) in UTC: RFC 5545 wants UNTIL in UTC when the start has a time zone."
    case .countReadTwoWays(let title, let start, let count, let extra, let zone):
      "\(title): the rule does not give the start, \(LocalTime.iso(start, in: zone)); as RFC 5545 says it is the first meeting and the first of COUNT=\(count), but Google Calendar counts COUNT after it and also shows \(LocalTime.iso(extra, in: zone)). Ask the organiser which is meant."
    case .notInvited(let name, let contact, let meeting):
      "\(name) is not invited to meeting \(meeting): 'pokja meeting edit \(meeting) --add-attendee \(contact)' invites them."
    case .inTwoSessions(let name, let other, let session):
      "\(name) is also in session \(session) '\(other)' at the same time."
    case .skippedForHoliday(let date, let holiday, let zone):
      "\(LocalTime.iso(date, in: zone).prefix(10)) is a holiday (\(holiday.name)): that occurrence is skipped."
    }
  }
}
