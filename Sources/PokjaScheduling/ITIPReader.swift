import Foundation
import PokjaCore
import PokjaICalendar
import PokjaRecurrence

/// An attendee's answer as their calendar mails it back (RFC 5546 §3.2.3, METHOD:REPLY).
public struct ITIPReply: Sendable, Hashable {
  /// The meeting's UID (what Pokja put in the invitation).
  public var uid: String
  /// The original start of the occurrence answered for; nil for the whole meeting or series.
  public var recurrenceID: Date?
  /// The version of the invitation the answer is to; nil when the client left SEQUENCE out (then
  /// it cannot be told to be old).
  public var sequence: Int?
  /// The ATTENDEE's address, lowercased (`mailto:` taken off).
  public var attendee: String
  public var answer: Answer
  /// DELEGATED-TO addresses, for an answer of `.delegated`.
  public var delegatedTo: [String]
  /// What the attendee wrote (COMMENT), if anything.
  public var comment: String?
  /// The VEVENT's line in the calendar, for messages.
  public var line: Int

  public init(
    uid: String, recurrenceID: Date?, sequence: Int?, attendee: String, answer: Answer,
    delegatedTo: [String], comment: String?, line: Int
  ) {
    self.uid = uid
    self.recurrenceID = recurrenceID
    self.sequence = sequence
    self.attendee = attendee
    self.answer = answer
    self.delegatedTo = delegatedTo
    self.comment = comment
    self.line = line
  }

  /// PARTSTAT of a REPLY.
  public enum Answer: String, Sendable, Hashable {
    case accepted = "ACCEPTED"
    case declined = "DECLINED"
    case tentative = "TENTATIVE"
    case delegated = "DELEGATED"
    case needsAction = "NEEDS-ACTION"

    /// The participation it records; a delegated attendee no longer comes (DECLINED for reminders).
    public var participation: ParticipationStatus {
      switch self {
      case .accepted: .accepted
      case .declined, .delegated: .declined
      case .tentative: .tentative
      case .needsAction: .needsAction
      }
    }
  }
}

/// A proposal for another time or place (RFC 5546 §3.2.7, METHOD:COUNTER): shown to the
/// secretary, never applied.
public struct ITIPCounter: Sendable, Hashable {
  public var uid: String
  public var recurrenceID: Date?
  public var sequence: Int?
  public var attendee: String?
  public var start: Date?
  public var end: Date?
  public var location: String?
  public var comment: String?
  public var line: Int
}

/// What an iTIP calendar in a mail carries.
public struct ITIPMessage: Sendable, Hashable {
  /// METHOD, uppercased (REPLY, COUNTER, REQUEST, …).
  public var method: String
  public var replies: [ITIPReply]
  public var counters: [ITIPCounter]
}

/// Why a calendar from a mail could not be read.
public enum ITIPError: Error, Equatable, Sendable, LocalizedError {
  case tooLarge(bytes: Int, limit: Int)
  case notICalendar(String)
  case noMethod
  case tooManyEvents(limit: Int)
  case missingUID(line: Int)
  case missingAttendee(line: Int)
  case unknownPartstat(line: Int, value: String)
  case unknownTimeZone(line: Int, tzid: String)
  case invalidDateTime(line: Int, property: String, value: String)

  public var errorDescription: String? {
    switch self {
    case .tooLarge(let bytes, let limit):
      "The calendar is \(bytes) bytes; replies larger than \(limit) are not read."
    case .notICalendar(let reason): "Not an iCalendar object: \(reason)."
    case .noMethod: "The calendar has no METHOD, so it is no iTIP message (REPLY, COUNTER)."
    case .tooManyEvents(let limit): "The calendar holds more than \(limit) events."
    case .missingUID(let line): "Line \(line): a VEVENT without UID."
    case .missingAttendee(let line): "Line \(line): a REPLY's VEVENT without ATTENDEE."
    case .unknownPartstat(let line, let value):
      "Line \(line): PARTSTAT '\(value)' is not an answer (ACCEPTED, DECLINED, TENTATIVE, DELEGATED)."
    case .unknownTimeZone(let line, let tzid): "Line \(line): unknown time zone '\(tzid)'."
    case .invalidDateTime(let line, let property, let value):
      "Line \(line): \(property) '\(value)' is not a date-time."
    }
  }
}

/// Reads the iTIP calendar of a mail: REPLY answers and COUNTER proposals, every VEVENT of it
/// (one per occurrence answered for). Bounded: a calendar over `maximumBytes` or with more than
/// `maximumEvents` events is refused whole.
public enum ITIPReader {
  public static let maximumBytes = 1 << 20
  public static let maximumEvents = 1000

  public static func read(_ text: String, defaultTimeZone: TimeZone = .gmt) throws(ITIPError)
    -> ITIPMessage
  {
    guard text.utf8.count <= maximumBytes else {
      throw .tooLarge(bytes: text.utf8.count, limit: maximumBytes)
    }
    let roots: [ICalendarComponent]
    do throws(ICalendarParseError) {
      roots = try ICalendarParser.parse(text)
    } catch {
      throw .notICalendar(error.localizedDescription)
    }
    guard let calendar = roots.first(where: { $0.name == "VCALENDAR" }) else {
      throw .notICalendar("no VCALENDAR")
    }
    guard
      let method = calendar.property("METHOD")?.value.trimmingCharacters(in: .whitespaces)
        .uppercased(), !method.isEmpty
    else { throw .noMethod }
    let events = calendar.components(named: "VEVENT")
    guard events.count <= maximumEvents else { throw .tooManyEvents(limit: maximumEvents) }
    var zones = CalendarTimeZones(calendar: calendar, file: "calendar")
    var message = ITIPMessage(method: method, replies: [], counters: [])
    for event in events {
      let line = event.line ?? 0
      guard let uid = event.property("UID")?.textValue.trimmingCharacters(in: .whitespaces),
        !uid.isEmpty
      else { throw .missingUID(line: line) }
      let sequence = event.property("SEQUENCE").flatMap {
        Int($0.value.trimmingCharacters(in: .whitespaces))
      }
      let recurrenceID = try event.property("RECURRENCE-ID").map {
        (property) throws(ITIPError) in
        try instant(property, zones: &zones, default: defaultTimeZone)
      }
      let comment = event.property("COMMENT").map(\.textValue).flatMap {
        $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : String($0.prefix(2000))
      }
      switch method {
      case "REPLY":
        let attendees = event.properties(named: "ATTENDEE")
        guard !attendees.isEmpty else { throw .missingAttendee(line: line) }
        // A REPLY names the attendee who answers (RFC 5546 §3.2.3); a client that lists more
        // gives each its own answer.
        for property in attendees.prefix(50) {
          guard let address = address(property) else { continue }
          let partstat = (property.parameter("PARTSTAT") ?? "NEEDS-ACTION").uppercased()
          guard let answer = ITIPReply.Answer(rawValue: partstat) else {
            throw .unknownPartstat(line: property.line ?? line, value: partstat)
          }
          let delegates = (property.parameter("DELEGATED-TO") ?? "").split(separator: ",")
            .compactMap {
              cleaned(String($0).replacingScalars(["\"": ""]))
            }
          message.replies.append(
            ITIPReply(
              uid: uid, recurrenceID: recurrenceID, sequence: sequence, attendee: address,
              answer: answer, delegatedTo: delegates, comment: comment, line: line))
        }
      case "COUNTER":
        message.counters.append(
          ITIPCounter(
            uid: uid, recurrenceID: recurrenceID, sequence: sequence,
            attendee: event.property("ATTENDEE").flatMap(address),
            start: try event.property("DTSTART").map {
              (property) throws(ITIPError) in
              try instant(property, zones: &zones, default: defaultTimeZone)
            },
            end: try event.property("DTEND").map {
              (property) throws(ITIPError) in
              try instant(property, zones: &zones, default: defaultTimeZone)
            },
            location: event.property("LOCATION")?.textValue, comment: comment, line: line))
      default:
        continue
      }
    }
    return message
  }

  /// An ORGANIZER's or ATTENDEE's address: `mailto:` (any case) taken off, lowercased; nil
  /// without one.
  static func address(_ property: ICalendarProperty) -> String? {
    var text = property.value.trimmingCharacters(in: .whitespaces)
    if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
    if !text.contains("@"), let email = property.parameter("EMAIL") { text = email }
    return cleaned(text)
  }

  private static func cleaned(_ text: String) -> String? {
    var text = text.trimmingCharacters(in: .whitespaces)
    if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
    text = text.lowercased()
    guard text.contains("@"), text.count <= 320 else { return nil }
    return text
  }

  /// A DATE or DATE-TIME (UTC, with TZID, or floating in `default`).
  private static func instant(
    _ property: ICalendarProperty, zones: inout CalendarTimeZones, default zone: TimeZone
  ) throws(ITIPError) -> Date {
    let raw = property.value.trimmingCharacters(in: .whitespaces).uppercased()
    let line = property.line ?? 0
    let invalid = ITIPError.invalidDateTime(line: line, property: property.name, value: raw)
    let pattern = #/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/#
    guard let match = raw.wholeMatch(of: pattern), let year = Int(match.1),
      let month = Int(match.2), let day = Int(match.3)
    else { throw invalid }
    let hour = match.4.flatMap { Int($0) } ?? 0
    let minute = match.5.flatMap { Int($0) } ?? 0
    let second = match.6.flatMap { Int($0) } ?? 0
    guard
      let local = LocalDateTime(
        year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    else { throw invalid }
    var inZone = zone
    if match.7 == "Z" {
      inZone = .gmt
    } else if let tzid = property.parameter("TZID"), !tzid.isEmpty {
      var warnings: [String] = []
      guard let found = zones.zone(for: tzid, warnings: &warnings) else {
        throw .unknownTimeZone(line: line, tzid: tzid)
      }
      inZone = found
    }
    do throws(RecurrenceError) {
      return try local.date(in: inZone)
    } catch {
      throw invalid
    }
  }
}
