import Foundation
import PokjaCore
import PokjaTestSupport

/// Helpers shared by the series, calendar and agenda tests.
extension CLIHarness {
  /// A harness whose clock stands still at `now` (ISO 8601 with an offset), so what is "ahead",
  /// "due" or "in the past" does not depend on the day the tests run.
  static func fixed(at now: String = "2026-11-02T09:00:00+07:00") throws -> CLIHarness {
    guard let date = ISO8601DateFormatter().date(from: now) else {
      throw TestSupportError("'\(now)' is not an ISO 8601 date-time with an offset.")
    }
    var cli = try CLIHarness()
    cli.clock = FixedClock(date)
    return cli
  }

  /// Runs each step; every one must succeed.
  func setUp(_ steps: [[String]]) throws {
    for step in steps { try must(step) }
  }

  /// Runs a command that must succeed.
  @discardableResult
  func must(_ arguments: [String]) throws -> Result {
    let result = run(arguments)
    guard result.status == 0 else {
      throw HarnessError.failed(
        arguments.joined(separator: " "), "exit \(result.status): \(result.errors)")
    }
    return result
  }

  /// The `--json` output of a command that must succeed, as an object.
  func object(_ arguments: [String]) throws -> [String: Any] {
    let output = try must(arguments + ["--json"]).output
    guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    else { throw TestSupportError("Not a JSON object: \(output)") }
    return object
  }

  /// The `--json` output of a command that must succeed, as an array of objects.
  func objects(_ arguments: [String]) throws -> [[String: Any]] {
    let output = try must(arguments + ["--json"]).output
    guard let array = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
    else { throw TestSupportError("Not a JSON array of objects: \(output)") }
    return array
  }

  /// The `.eml` files written after the first `count`.
  func outboxFiles(after count: Int) -> [URL] { Array(outboxFiles.dropFirst(count)) }
}

extension [String: Any] {
  /// The value at `key` as `T`, or a thrown error naming the key (so a test fails, not crashes).
  func value<T>(_ key: String, as type: T.Type = T.self) throws -> T {
    guard let value = self[key] as? T else {
      throw TestSupportError("No \(T.self) at '\(key)' in \(self)")
    }
    return value
  }
}

/// A message Pokja sent, as Python's `email` and `icalendar` read it: headers and every VEVENT of
/// its text/calendar part.
struct CalendarMessage: Decodable {
  var file: String
  var subject: String
  var to: [String]
  var method: String?
  var events: [CalendarEvent]
  var defects: [String]

  /// The first VEVENT (a message about one occurrence has only that one).
  var event: CalendarEvent? { events.first }
}

/// One VEVENT as `icalendar` reads it. Times are local to the event's zone, without offset.
struct CalendarEvent: Decodable, Equatable {
  var uid: String
  var sequence: Int?
  var recurrenceID: String?
  var start: String
  var tzid: String?
  var status: String?
  var summary: String?
  var rrule: String?
  var exdates: [String]
  var attendees: [String]
  var roles: [String]

  enum CodingKeys: String, CodingKey {
    case uid, sequence, recurrenceID = "recurrence_id", start, tzid, status, summary, rrule
    case exdates, attendees, roles
  }
}

/// A calendar file as `icalendar` and `recurring_ical_events` read it.
struct ParsedCalendarFile: Decodable {
  struct Occurrence: Decodable, Equatable {
    var uid: String
    /// Local start in the event's own zone: `2027-01-18T10:00:00`.
    var start: String
    /// The start in UTC: `2027-01-18T03:00:00Z` (nil for a whole day).
    var startUTC: String?
    var zone: String?
    var summary: String?
    var status: String?

    enum CodingKeys: String, CodingKey {
      case uid, start, startUTC = "start_utc", zone, summary, status
    }
  }

  var method: String?
  var tzids: [String]
  var events: [CalendarEvent]
  /// Every occurrence between the two dates asked for, by start.
  var occurrences: [Occurrence]
}

/// Python helpers (stdlib `email`, `icalendar`, `recurring_ical_events`): parsers that are not Pokja's.
enum CalendarPython {
  static let eventFunction = """
    import datetime, email, email.policy, json, sys
    import icalendar

    def local(value):
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.strftime("%Y-%m-%d")

    def many(value):
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def event(ev):
        rid = ev.get("RECURRENCE-ID")
        exdates = []
        for prop in many(ev.get("EXDATE")):
            exdates += [local(d.dt) for d in prop.dts]
        attendees = many(ev.get("ATTENDEE"))
        return {
            "uid": str(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE")) if ev.get("SEQUENCE") is not None else None,
            "recurrence_id": local(rid.dt) if rid is not None else None,
            "start": local(ev.decoded("DTSTART")),
            "tzid": ev["DTSTART"].params.get("TZID"),
            "status": str(ev.get("STATUS")) if ev.get("STATUS") is not None else None,
            "summary": str(ev.get("SUMMARY")) if ev.get("SUMMARY") is not None else None,
            "rrule": ev["RRULE"].to_ical().decode() if ev.get("RRULE") is not None else None,
            "exdates": sorted(exdates),
            "attendees": [str(a).lower().removeprefix("mailto:") for a in attendees],
            "roles": [a.params.get("ROLE", "") for a in attendees],
        }

    """

  static let mailScript =
    eventFunction + """
      messages = []
      for path in sys.argv[1:]:
          with open(path, "rb") as f:
              message = email.message_from_binary_file(f, policy=email.policy.default)
          calendar = None
          for part in message.walk():
              if part.get_content_type() == "text/calendar":
                  calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                  break
          defects = [type(d).__name__ for part in message.walk() for d in part.defects]
          messages.append({
              "file": path.rsplit("/", 1)[-1],
              "subject": str(message["Subject"]),
              "to": [a.addr_spec for a in message["To"].addresses],
              "method": str(calendar.get("METHOD")) if calendar is not None else None,
              "events": [event(e) for e in calendar.walk("VEVENT")] if calendar is not None else [],
              "defects": defects,
          })
      print(json.dumps({"messages": messages}))
      """

  static let calendarScript =
    eventFunction + """
      import recurring_ical_events
      with open(sys.argv[1], "rb") as f:
          calendar = icalendar.Calendar.from_ical(f.read())
      start = datetime.date.fromisoformat(sys.argv[2])
      end = datetime.date.fromisoformat(sys.argv[3])
      occurrences = []
      for ev in recurring_ical_events.of(calendar).between(start, end):
          dt = ev.decoded("DTSTART")
          utc = (dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                 if isinstance(dt, datetime.datetime) and dt.tzinfo is not None else None)
          occurrences.append({
              "uid": str(ev.get("UID")), "start": local(dt), "start_utc": utc,
              "zone": str(dt.tzinfo) if isinstance(dt, datetime.datetime) and dt.tzinfo else None,
              "summary": str(ev.get("SUMMARY")),
              "status": str(ev.get("STATUS")) if ev.get("STATUS") is not None else None,
          })
      occurrences.sort(key=lambda o: (o["start_utc"] or o["start"], o["uid"]))
      print(json.dumps({
          "method": str(calendar.get("METHOD")) if calendar.get("METHOD") is not None else None,
          "tzids": [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")],
          "events": [event(e) for e in calendar.walk("VEVENT")],
          "occurrences": occurrences,
      }))
      """

  /// Reads `.eml` files (from the file outbox or an SMTP server).
  static func messages(_ files: [URL]) throws -> [CalendarMessage] {
    struct Wrapper: Decodable { var messages: [CalendarMessage] }
    return try decode(Wrapper.self, script: mailScript, arguments: files.map(\.path)).messages
  }

  /// Reads iCalendar text and expands it between two days (`2027-01-01`, end exclusive).
  static func calendar(_ text: String, from: String, to: String) throws -> ParsedCalendarFile {
    let path = try PythonTool.temporaryFile(text, suffix: ".ics")
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try calendar(file: path, from: from, to: to)
  }

  /// Reads an iCalendar file and expands it between two days.
  static func calendar(file: String, from: String, to: String) throws -> ParsedCalendarFile {
    try decode(ParsedCalendarFile.self, script: calendarScript, arguments: [file, from, to])
  }

  static func decode<T: Decodable>(_ type: T.Type, script: String, arguments: [String]) throws -> T
  {
    let result = try PythonTool.runProcess(
      executable: try PythonTool.python3(), arguments: ["-c", script] + arguments)
    guard result.status == 0 else {
      throw TestSupportError(
        "python3 exited with \(result.status) (icalendar and recurring-ical-events are needed: run scripts/test, which installs them):\n"
          + String(decoding: result.stderr, as: UTF8.self))
    }
    do {
      return try JSONDecoder().decode(T.self, from: result.stdout)
    } catch {
      throw TestSupportError(
        "Cannot read python3's JSON (\(error)): \(String(decoding: result.stdout, as: UTF8.self))")
    }
  }
}
