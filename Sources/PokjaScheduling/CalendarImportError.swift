import Foundation
import PokjaRecurrence

/// Why an iCalendar file cannot be imported. Every case names the file and, where there is one,
/// the physical line and property; the message says how to fix it.
public enum CalendarImportError: Error, Equatable, Sendable {
  /// The text has no `BEGIN:VCALENDAR`: a CSV, an HTML page, a vCard...
  case notICalendar(file: String)
  /// The text is iCalendar-shaped but a content line is broken (`reason` from the parser).
  case syntax(file: String, line: Int, reason: String)
  /// A required property is missing from the VEVENT that starts at `line`.
  case missingProperty(file: String, line: Int, property: String)
  /// A DATE or DATE-TIME value that cannot be read.
  case invalidDateTime(file: String, line: Int, property: String, value: String)
  /// A DURATION value that cannot be read.
  case invalidDuration(file: String, line: Int, value: String)
  /// A TZID that is not an IANA or Windows name and has no usable VTIMEZONE.
  case unknownTimeZone(file: String, line: Int, property: String, tzid: String)
  /// An RRULE that PokjaRecurrence refuses.
  case invalidRule(file: String, line: Int, rule: String, reason: RecurrenceError)
  /// The end (DTEND, or DTSTART + DURATION) comes before DTSTART.
  case endBeforeStart(file: String, line: Int, property: String, start: String, end: String)

  /// The file the error is in.
  public var file: String {
    switch self {
    case .notICalendar(let file), .syntax(let file, _, _), .missingProperty(let file, _, _),
      .invalidDateTime(let file, _, _, _), .invalidDuration(let file, _, _),
      .unknownTimeZone(let file, _, _, _), .invalidRule(let file, _, _, _),
      .endBeforeStart(let file, _, _, _, _):
      file
    }
  }

  /// The 1-based physical line, or nil when the error is about the whole file.
  public var line: Int? {
    switch self {
    case .notICalendar: nil
    case .syntax(_, let line, _), .missingProperty(_, let line, _),
      .invalidDateTime(_, let line, _, _), .invalidDuration(_, let line, _),
      .unknownTimeZone(_, let line, _, _), .invalidRule(_, let line, _, _),
      .endBeforeStart(_, let line, _, _, _):
      line
    }
  }
}

extension CalendarImportError: LocalizedError {
  public var errorDescription: String? {
    let place = line.map { "\(file):\($0)" } ?? file
    return switch self {
    case .notICalendar:
      "\(place): not an iCalendar file (there is no BEGIN:VCALENDAR). Export the calendar as .ics (Google Calendar: Settings > Import & export; Outlook: File > Save Calendar) and import that file."
    case .syntax(_, _, let reason):
      "\(place): \(reason). The file is damaged; export it from the calendar again, or fix that line."
    case .missingProperty(_, _, let property):
      "\(place): VEVENT has no \(property). Add one (e.g. \(property);TZID=Asia/Jakarta:20260105T090000) or delete the event from the file."
    case .invalidDateTime(_, _, let property, let value):
      "\(place): \(property): '\(value)' is not a date-time. Write 20260105T090000 with a TZID, 20260105T020000Z for UTC, or 20260105 with VALUE=DATE for a whole day."
    case .invalidDuration(_, _, let value):
      "\(place): DURATION: '\(value)' is not a duration. Write e.g. PT1H30M, P1D or P1W, or use DTEND instead."
    case .unknownTimeZone(_, _, let property, let tzid):
      "\(place): \(property): time zone '\(tzid)' is unknown: it is not an IANA or Windows zone name, and no VTIMEZONE for it has an X-LIC-LOCATION or a single fixed offset. Change the TZID to an IANA name such as Asia/Jakarta."
    case .invalidRule(_, _, let rule, let reason):
      "\(place): RRULE '\(rule)': \(reason.localizedDescription)."
    case .endBeforeStart(_, _, let property, let start, let end):
      "\(place): \(property): the event ends (\(end)) before it starts (\(start)). Fix \(property) or DTSTART."
    }
  }
}
