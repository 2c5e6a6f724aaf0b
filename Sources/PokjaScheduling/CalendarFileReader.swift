import Foundation
import PokjaCore
import PokjaICalendar
import PokjaRecurrence

/// Reads an iCalendar file exported by Google Calendar, Outlook/Exchange, Thunderbird or Apple
/// Calendar into plain events, grouped into series by UID. Pure: no I/O, no storage.
///
/// ```swift
/// let contents = try CalendarFileReader.read(text, file: "rapat.ics", defaultTimeZone: jakarta)
/// for series in contents.series { ... }       // masters with their changed occurrences
/// for warning in contents.warnings { ... }    // "rapat.ics:42: ..."
/// ```
///
/// What it decides:
/// - Times: `...Z` keeps the instant; TZID is resolved as ``CalendarTimeZones`` describes; a
///   floating time is read in `defaultTimeZone`. A local time the clocks skip moves forward by the
///   gap (RFC 5545 §3.3.5) with a warning. A DATE (all-day) is midnight in `defaultTimeZone`.
/// - The event's zone is DTSTART's; for a UTC DTSTART, the first TZID on DTEND, RECURRENCE-ID,
///   EXDATE or RDATE, else `defaultTimeZone`; for floating and all-day times, `defaultTimeZone`.
/// - End: DTEND, else DTSTART + DURATION (days on the wall clock), else one day for an all-day
///   event and zero length for one with a time (RFC 5545 §3.6.1).
/// - A VEVENT without UID gets `pokja-import-<hash of DTSTART and SUMMARY>`, stable across
///   imports of the same file, and a warning.
/// - Series: same-UID events with RECURRENCE-ID attach to their master. Of two masters (or two
///   changes of one occurrence) the higher SEQUENCE wins, the later one on a tie, with a warning.
///   Changes whose master is not in the file become events of their own without RRULE (UID kept;
///   when several share a UID, each gets `-<RECURRENCE-ID in UTC>` appended) and a warning.
/// - An RRULE whose UNTIL lies before DTSTART adds nothing to DTSTART, so it is dropped with a
///   warning; any other bad RRULE is an error.
/// - Several VCALENDARs in one file are read in turn; VTODO, VJOURNAL, VFREEBUSY and other
///   components are counted in a warning and skipped.
public enum CalendarFileReader {
  /// Reads `text`, naming `file` in errors and warnings.
  public static func read(
    _ text: String, file: String, defaultTimeZone: TimeZone
  ) throws(CalendarImportError) -> CalendarFileContents {
    var reader = FileReader(file: file, defaultZone: defaultTimeZone)
    return try reader.read(text)
  }
}

/// One reading of one file; collects warnings as it goes.
private struct FileReader {
  let file: String
  let defaultZone: TimeZone
  var warnings: [String] = []

  init(file: String, defaultZone: TimeZone) {
    self.file = file
    self.defaultZone = defaultZone
  }

  mutating func read(_ text: String) throws(CalendarImportError) -> CalendarFileContents {
    let roots: [ICalendarComponent]
    do throws(ICalendarParseError) {
      roots = try ICalendarParser.parse(text)
    } catch {
      guard text.range(of: "BEGIN:VCALENDAR", options: .caseInsensitive) != nil else {
        throw .notICalendar(file: file)
      }
      throw .syntax(file: file, line: error.line, reason: error.reason)
    }
    guard roots.contains(where: { $0.name == "VCALENDAR" }) else {
      throw .notICalendar(file: file)
    }
    var skipped: [(name: String, count: Int)] = []
    func skip(_ name: String) {
      if let index = skipped.firstIndex(where: { $0.name == name }) {
        skipped[index].count += 1
      } else {
        skipped.append((name, 1))
      }
    }
    var events: [ImportedEvent] = []
    for root in roots {
      guard root.name == "VCALENDAR" else {
        skip(root.name)
        continue
      }
      var zones = CalendarTimeZones(calendar: root, file: file)
      for component in root.components {
        switch component.name {
        case "VEVENT": events.append(try readEvent(component, zones: &zones))
        case "VTIMEZONE": continue
        default: skip(component.name)
        }
      }
    }
    let series = group(events)
    if !skipped.isEmpty {
      let list = skipped.map { "\($0.count) \($0.name)" }.joined(separator: ", ")
      warnings.append("\(file): skipped \(list); Pokja imports events (VEVENT) only.")
    }
    if events.isEmpty { warnings.append("\(file): the file has no events (VEVENT).") }
    return CalendarFileContents(series: series, warnings: warnings)
  }

  // MARK: - One event

  mutating func readEvent(
    _ event: ICalendarComponent, zones: inout CalendarTimeZones
  ) throws(CalendarImportError) -> ImportedEvent {
    let line = event.line ?? 0
    guard let startProperty = event.property("DTSTART") else {
      throw .missingProperty(file: file, line: line, property: "DTSTART")
    }
    let start = try time(startProperty, zones: &zones)
    let zone: TimeZone
    switch start.kind {
    case .zoned(let named): zone = named
    case .utc: zone = try zoneElsewhere(in: event, zones: &zones) ?? defaultZone
    case .floating, .date: zone = defaultZone
    }
    let end = try end(of: event, start: start, zone: zone, zones: &zones)
    let rrule = try rule(of: event, start: start.date, zone: zone)

    var recurrenceID: Date?
    if let property = event.property("RECURRENCE-ID") {
      recurrenceID = try time(property, zones: &zones).date
      if property.parameter("RANGE")?.uppercased() == "THISANDFUTURE" {
        warnings.append(
          "\(place(property, line)): RECURRENCE-ID;RANGE=THISANDFUTURE is read as a change to this one occurrence; the later occurrences keep the series' times."
        )
      }
    }

    let title = event.property("SUMMARY").map { Self.trimmed($0.textValue) } ?? ""
    let uid: String
    if let written = event.property("UID").map({ Self.trimmed($0.textValue) }), !written.isEmpty {
      uid = written
    } else {
      uid = "pokja-import-" + FNV1a.hex(startProperty.contentLine + "\n" + title)
      warnings.append(
        "\(file):\(line): VEVENT has no UID; it is imported as '\(uid)' (made from DTSTART and SUMMARY, so importing the same event again updates it)."
      )
    }

    var sequence = 0
    if let property = event.property("SEQUENCE") {
      if let number = Int(Self.trimmed(property.value)), number >= 0 {
        sequence = number
      } else {
        warnings.append(
          "\(place(property, line)): SEQUENCE '\(property.value)' is not a whole number; 0 is used."
        )
      }
    }

    var attendees: [ImportedPerson] = []
    for property in event.properties(named: "ATTENDEE") {
      if let person = Self.person(property) {
        attendees.append(person)
      } else {
        warnings.append(
          "\(place(property, line)): ATTENDEE '\(property.value)' has no email address; left out.")
      }
    }

    return ImportedEvent(
      uid: uid, line: line, title: title,
      description: Self.nonEmpty(event.property("DESCRIPTION")?.textValue),
      location: Self.nonEmpty(event.property("LOCATION")?.textValue),
      start: start.date, end: end, timeZone: zone, isAllDay: start.kind == .date, rrule: rrule,
      rdates: try dates(named: "RDATE", in: event, zones: &zones),
      exdates: try dates(named: "EXDATE", in: event, zones: &zones),
      recurrenceID: recurrenceID, sequence: sequence,
      cancelled: event.property("STATUS").map { Self.trimmed($0.value).uppercased() }
        == "CANCELLED",
      organizer: event.property("ORGANIZER").flatMap(Self.person), attendees: attendees)
  }

  /// DTEND, DTSTART + DURATION, or the RFC 5545 default.
  private mutating func end(
    of event: ICalendarComponent, start: TimeValue, zone: TimeZone,
    zones: inout CalendarTimeZones
  ) throws(CalendarImportError) -> Date {
    let line = event.line ?? 0
    let duration = event.property("DURATION")
    if let property = event.property("DTEND") {
      let end = try time(property, zones: &zones)
      if let duration {
        warnings.append(
          "\(place(duration, line)): the event has both DTEND and DURATION; DURATION is ignored.")
      }
      guard end.date >= start.date else {
        throw .endBeforeStart(
          file: file, line: property.line ?? line, property: "DTEND", start: start.text,
          end: end.text)
      }
      return end.date
    }
    if let duration {
      guard let length = EventDuration(parsing: duration.value) else {
        throw .invalidDuration(
          file: file, line: duration.line ?? line, value: Self.trimmed(duration.value))
      }
      let end = length.added(to: start.date, in: zone)
      guard end >= start.date else {
        throw .endBeforeStart(
          file: file, line: duration.line ?? line, property: "DURATION", start: start.text,
          end: "DTSTART\(Self.trimmed(duration.value))")
      }
      return end
    }
    if start.kind == .date {
      return EventDuration(days: 1).added(to: start.date, in: defaultZone)
    }
    return start.date
  }

  /// The RRULE text once PokjaRecurrence accepts it.
  private mutating func rule(
    of event: ICalendarComponent, start: Date, zone: TimeZone
  ) throws(CalendarImportError) -> String? {
    let line = event.line ?? 0
    for property in event.properties(named: "EXRULE") {
      warnings.append(
        "\(place(property, line)): EXRULE is obsolete (RFC 5545) and ignored; occurrences it would remove stay."
      )
    }
    let rules = event.properties(named: "RRULE")
    guard let property = rules.first else { return nil }
    let text = Self.trimmed(property.value)
    let parsed: RecurrenceRule
    do throws(RecurrenceError) {
      parsed = try RecurrenceRule(parsing: text)
    } catch {
      throw .invalidRule(file: file, line: property.line ?? line, rule: text, reason: error)
    }
    if rules.count > 1 {
      warnings.append(
        "\(place(rules[1], line)): a second RRULE is ignored; Pokja uses the first one (\(text)).")
    }
    do throws(RecurrenceError) {
      _ = try RecurrenceSet(start: start, timeZone: zone, rule: parsed)
    } catch {
      // RFC 5545 counts DTSTART as the first occurrence anyway, so the event stays, on its own.
      warnings.append(
        "\(place(property, line)): RRULE '\(text)': \(error.localizedDescription); the rule adds no occurrences and is dropped."
      )
      return nil
    }
    return text
  }

  /// The instants of every RDATE or EXDATE property, each item read with its property's TZID and
  /// VALUE; a PERIOD counts by its start. Sorted, without repeats.
  private mutating func dates(
    named name: String, in event: ICalendarComponent, zones: inout CalendarTimeZones
  ) throws(CalendarImportError) -> [Date] {
    var result: Set<Date> = []
    for property in event.properties(named: name) {
      for item in property.value.split(separator: ",") {
        var text = Self.trimmed(String(item))
        if text.isEmpty { continue }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        result.insert(try time(property, text: text, zones: &zones).date)
      }
    }
    return result.sorted()
  }

  /// The zone of the first TZID on a date property other than DTSTART.
  private mutating func zoneElsewhere(
    in event: ICalendarComponent, zones: inout CalendarTimeZones
  ) throws(CalendarImportError) -> TimeZone? {
    for name in ["DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"] {
      for property in event.properties(named: name) {
        guard let tzid = property.parameter("TZID"), !tzid.isEmpty else { continue }
        guard let zone = zones.zone(for: tzid, warnings: &warnings) else {
          throw .unknownTimeZone(
            file: file, line: property.line ?? event.line ?? 0, property: name, tzid: tzid)
        }
        return zone
      }
    }
    return nil
  }

  // MARK: - Values

  /// A DATE or DATE-TIME as read, with how it was written.
  struct TimeValue {
    enum Kind: Equatable {
      case date, utc, floating
      case zoned(TimeZone)
    }

    var date: Date
    var kind: Kind
    /// The value as written, for messages.
    var text: String
  }

  /// Reads `text` (default: the property's value) as `yyyyMMdd`, `yyyyMMdd'T'HHmmss` or
  /// `yyyyMMdd'T'HHmmss'Z'`, using the property's TZID.
  private mutating func time(
    _ property: ICalendarProperty, text: String? = nil, zones: inout CalendarTimeZones
  ) throws(CalendarImportError) -> TimeValue {
    let raw = Self.trimmed(text ?? property.value)
    let line = property.line ?? 0
    let invalid = CalendarImportError.invalidDateTime(
      file: file, line: line, property: property.name, value: raw)
    let pattern = #/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/#
    guard let match = raw.uppercased().wholeMatch(of: pattern),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3)
    else { throw invalid }
    guard let hourText = match.4, let minuteText = match.5, let secondText = match.6 else {
      guard let local = LocalDateTime(year: year, month: month, day: day) else { throw invalid }
      return TimeValue(
        date: instant(local, in: defaultZone, property: property), kind: .date, text: raw)
    }
    // RFC 5545 allows second 60 for a leap second; Pokja's clock has none.
    guard let hour = Int(hourText), let minute = Int(minuteText), let second = Int(secondText),
      let local = LocalDateTime(
        year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    else { throw invalid }
    if match.7 == "Z" {
      return TimeValue(date: instant(local, in: .gmt, property: property), kind: .utc, text: raw)
    }
    guard let tzid = property.parameter("TZID"), !tzid.isEmpty else {
      return TimeValue(
        date: instant(local, in: defaultZone, property: property), kind: .floating, text: raw)
    }
    guard let zone = zones.zone(for: tzid, warnings: &warnings) else {
      throw .unknownTimeZone(file: file, line: line, property: property.name, tzid: tzid)
    }
    return TimeValue(
      date: instant(local, in: zone, property: property), kind: .zoned(zone), text: raw)
  }

  /// The instant of a wall-clock time; a time the clocks skip is read with the offset from before
  /// the gap, which moves it forward by the gap's length (RFC 5545 §3.3.5: 02:30 becomes 03:30).
  private mutating func instant(
    _ local: LocalDateTime, in zone: TimeZone, property: ICalendarProperty
  ) -> Date {
    if let date = try? local.date(in: zone) { return date }
    let nominal = (try? local.date(in: .gmt)) ?? Date(timeIntervalSince1970: 0)
    // Transitions are months apart, so a day earlier is safely before the gap.
    let before = zone.secondsFromGMT(for: nominal.addingTimeInterval(-86_400))
    let shifted = nominal.addingTimeInterval(-Double(before))
    warnings.append(
      "\(file):\(property.line ?? 0): \(property.name): \(local) does not exist in \(zone.identifier) (the clocks skip it); read as \(LocalDateTime(shifted, in: zone)), as RFC 5545 says."
    )
    return shifted
  }

  /// ORGANIZER or ATTENDEE: the `mailto:` address, else the EMAIL parameter; nil without one.
  static func person(_ property: ICalendarProperty) -> ImportedPerson? {
    var address = trimmed(property.value)
    if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
    if !address.contains("@"), let email = property.parameter("EMAIL") { address = email }
    address = trimmed(address).lowercased()
    guard address.contains("@") else { return nil }
    return ImportedPerson(
      email: address, name: nonEmpty(property.parameter("CN")),
      participationStatus: nonEmpty(property.parameter("PARTSTAT")),
      role: nonEmpty(property.parameter("ROLE")))
  }

  // MARK: - Series

  /// Groups events by UID in order of first appearance; see ``CalendarFileReader`` for the rules.
  private mutating func group(_ events: [ImportedEvent]) -> [ImportedSeries] {
    var order: [String] = []
    var masters: [String: ImportedEvent] = [:]
    var changes: [String: [Date: ImportedEvent]] = [:]
    for event in events {
      if masters[event.uid] == nil && changes[event.uid] == nil { order.append(event.uid) }
      if let recurrenceID = event.recurrenceID {
        let kept = changes[event.uid]?[recurrenceID]
        changes[event.uid, default: [:]][recurrenceID] = kept.map { newer($0, event) } ?? event
      } else {
        masters[event.uid] = masters[event.uid].map { newer($0, event) } ?? event
      }
    }
    var result: [ImportedSeries] = []
    for uid in order {
      let overrides = (changes[uid] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
      if let master = masters[uid] {
        result.append(ImportedSeries(master: master, overrides: overrides))
        continue
      }
      for orphan in overrides {
        var event = orphan
        let original = LocalDateTime(orphan.recurrenceID ?? orphan.start, in: .gmt)
        event.recurrenceID = nil
        event.rrule = nil
        var renamed = ""
        if overrides.count > 1 {
          event.uid = uid + "-" + original.description.filter { $0 != "-" && $0 != ":" } + "Z"
          renamed = " with UID '\(event.uid)'"
        }
        warnings.append(
          "\(file):\(orphan.line): VEVENT '\(orphan.title)' changes the \(original)Z occurrence of series '\(uid)', which is not in the file; it is imported as an event of its own\(renamed)."
        )
        result.append(ImportedSeries(master: event))
      }
    }
    return result
  }

  /// Of two events for the same slot, the one with the higher SEQUENCE (the later on a tie).
  private mutating func newer(_ kept: ImportedEvent, _ next: ImportedEvent) -> ImportedEvent {
    let (winner, loser) = next.sequence >= kept.sequence ? (next, kept) : (kept, next)
    let what =
      winner.recurrenceID.map { "a change to the \(LocalDateTime($0, in: .gmt))Z occurrence" }
      ?? "the event"
    warnings.append(
      "\(file):\(loser.line): UID '\(winner.uid)' appears twice as \(what); the one at line \(winner.line) (SEQUENCE \(winner.sequence)) is kept and this one (SEQUENCE \(loser.sequence)) skipped."
    )
    return winner
  }

  // MARK: - Helpers

  private func place(_ property: ICalendarProperty, _ fallback: Int) -> String {
    "\(file):\(property.line ?? fallback)"
  }

  private static func trimmed(_ text: String) -> String {
    text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private static func nonEmpty(_ text: String?) -> String? {
    guard let text else { return nil }
    let result = trimmed(text)
    return result.isEmpty ? nil : result
  }
}

/// An RFC 5545 DURATION: weeks and days count on the wall clock, hours to seconds exactly.
private struct EventDuration {
  var negative = false
  var days = 0
  var seconds = 0

  init(days: Int) { self.days = days }

  /// Reads `P1W`, `P1D`, `PT1H30M`, `-P1DT2H`, `P1DT12H`; nil for anything else.
  init?(parsing text: String) {
    let pattern = #/^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/#
    guard
      let match = text.trimmingCharacters(in: .whitespaces).uppercased().wholeMatch(of: pattern)
    else { return nil }
    let parts = [match.2, match.3, match.4, match.5, match.6]
    guard parts.contains(where: { $0 != nil }) else { return nil }
    var numbers: [Int] = []
    for part in parts {
      guard let value = Int(part ?? "0"), value <= 100_000_000 else { return nil }
      numbers.append(value)
    }
    negative = match.1 == "-"
    days = numbers[0] * 7 + numbers[1]
    seconds = numbers[2] * 3600 + numbers[3] * 60 + numbers[4]
  }

  func added(to date: Date, in zone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let sign = negative ? -1 : 1
    let afterDays =
      days == 0 ? date : calendar.date(byAdding: .day, value: sign * days, to: date) ?? date
    return afterDays.addingTimeInterval(Double(sign * seconds))
  }
}
