import Foundation
import PokjaCore
import PokjaRecurrence

/// An occurrence as planned, with why it is where it is.
public struct PlannedOccurrence: Hashable, Sendable {
  public var occurrence: MeetingOccurrence
  /// The change made to this occurrence alone, if any.
  public var override: MeetingOverride?
  /// The holiday it was moved away from (`--on-holiday next-workday|previous-workday`).
  public var movedFromHoliday: Holiday?
  /// The holiday it falls on and stays on (no holiday policy): worth a second look.
  public var onHoliday: Holiday?

  public init(
    occurrence: MeetingOccurrence, override: MeetingOverride? = nil,
    movedFromHoliday: Holiday? = nil, onHoliday: Holiday? = nil
  ) {
    self.occurrence = occurrence
    self.override = override
    self.movedFromHoliday = movedFromHoliday
    self.onHoliday = onHoliday
  }
}

/// A series laid out in time: its occurrences through a horizon, and those left out for holidays.
public struct SeriesPlan: Sendable, Hashable {
  public var occurrences: [PlannedOccurrence]
  /// Occurrences dropped by `--on-holiday skip`: their original start and the holiday.
  public var skipped: [SkippedOccurrence]
  /// Whether `occurrences` is the whole series (a one-off, COUNT or UNTIL within the horizon).
  public var isComplete: Bool
  /// How far ahead the series is planned: the horizon for an unending series.
  public var plannedThrough: Date
  /// Whether `maximumOccurrences` stopped the plan before its end or horizon.
  public var capped = false
}

/// An occurrence a holiday policy left out.
public struct SkippedOccurrence: Sendable, Hashable {
  public var recurrenceID: Date
  public var holiday: Holiday
}

/// Expands meetings into occurrences: RRULE, RDATE and EXDATE in the meeting's zone, then changed
/// occurrences and the holiday policy.
public struct SeriesPlanner: Sendable {
  /// At most this many occurrences are planned for one series; an unending series is planned this
  /// far ahead of the later of its start and now.
  public static let maximumOccurrences = 5_000
  public static let horizon: TimeInterval = 3 * 366 * 86_400

  private let holidays: HolidayCalendar?

  public init(holidays: HolidayCalendar?) { self.holidays = holidays }

  /// The recurrence set of a series, checked: an invalid RRULE or an UNTIL before the start throws.
  public static func recurrenceSet(of meeting: Meeting) throws(RecurrenceError) -> RecurrenceSet {
    let rule = try meeting.recurrence?.rule.map { text throws(RecurrenceError) in
      try RecurrenceRule(parsing: text)
    }
    return try RecurrenceSet(
      start: meeting.start, timeZone: meeting.timeZone, rule: rule,
      rdates: meeting.recurrence?.rdates ?? [], exdates: meeting.recurrence?.exdates ?? [])
  }

  /// The occurrences of `meeting` (with `overrides` applied): all of them when the series ends
  /// (COUNT, UNTIL, or only RDATEs), else from its start (or a year before `now`, when it started
  /// longer ago) through `now` plus the horizon; at most `maximumOccurrences`.
  public func plan(_ meeting: Meeting, overrides: [MeetingOverride], now: Date)
    throws(RecurrenceError)
    -> SeriesPlan
  {
    let limitDate = max(meeting.start, now).addingTimeInterval(Self.horizon)
    guard meeting.recurrence != nil else {
      let occurrence = MeetingOccurrence(
        meetingID: meeting.id, recurrenceID: meeting.start, start: meeting.start, end: meeting.end,
        roomID: meeting.roomID)
      return SeriesPlan(
        occurrences: [
          PlannedOccurrence(
            occurrence: occurrence,
            onHoliday: holidays?.holiday(on: meeting.start, in: meeting.timeZone))
        ], skipped: [], isComplete: true, plannedThrough: meeting.end)
    }
    let set = try Self.recurrenceSet(of: meeting)
    // A series that ends is planned to its end (up to the cap); one that does not, to the horizon.
    let bounded = set.rule?.isBounded ?? true
    var result = plan(meeting, set, overrides: overrides, from: nil, to: bounded ? nil : limitDate)
    // An unending series too long to plan whole within the cap (a daily one running for a decade)
    // keeps only its last year of history.
    let history = now.addingTimeInterval(-366 * 86_400)
    if result.capped, !bounded, meeting.start < history {
      result = plan(meeting, set, overrides: overrides, from: history, to: limitDate)
    }
    var planned = result.planned
    let capped = result.capped
    let reachedEnd = bounded && result.reachedEnd
    planned.sort {
      ($0.occurrence.start, $0.occurrence.recurrenceID)
        < ($1.occurrence.start, $1.occurrence.recurrenceID)
    }
    let lastEnd = planned.map(\.occurrence.end).max() ?? meeting.end
    // Planned through the horizon, unless the series ended or the cap stopped it earlier.
    return SeriesPlan(
      occurrences: planned, skipped: result.skipped, isComplete: reachedEnd,
      plannedThrough: reachedEnd || bounded || capped ? lastEnd : limitDate, capped: capped)
  }

  /// The occurrences of `set` in `from...to`, with overrides and the holiday policy applied; whether
  /// the set ran out (rather than the window or the cap ending it) and whether the cap stopped it.
  private func plan(
    _ meeting: Meeting, _ set: RecurrenceSet, overrides: [MeetingOverride], from: Date?, to: Date?
  ) -> (
    planned: [PlannedOccurrence], skipped: [SkippedOccurrence], reachedEnd: Bool, capped: Bool
  ) {
    let overridden = Dictionary(
      overrides.map { ($0.recurrenceID, $0) }, uniquingKeysWith: { first, _ in first })
    var planned: [PlannedOccurrence] = []
    var skipped: [SkippedOccurrence] = []
    var toMove: [(Date, Holiday)] = []
    var iterator = set.occurrences(from: from, to: to, limit: Self.maximumOccurrences + 1)
      .makeIterator()
    var capped = false
    var count = 0
    var reachedEnd = true
    while let next = iterator.next() {
      count += 1
      if count > Self.maximumOccurrences {
        reachedEnd = false
        capped = true
        break
      }
      let recurrenceID = next.date
      if let change = overridden[recurrenceID] {
        planned.append(
          PlannedOccurrence(
            occurrence: MeetingOccurrence(
              meetingID: meeting.id, recurrenceID: recurrenceID, start: change.start,
              end: change.end, roomID: change.roomID ?? meeting.roomID),
            override: change,
            onHoliday: holidays?.holiday(on: change.start, in: meeting.timeZone)))
        continue
      }
      var flagged: Holiday?
      if let holiday = holidays?.holiday(on: recurrenceID, in: meeting.timeZone) {
        switch meeting.onHoliday {
        case nil: flagged = holiday
        case .skip:
          skipped.append(SkippedOccurrence(recurrenceID: recurrenceID, holiday: holiday))
          continue
        case .nextWorkday, .previousWorkday:
          toMove.append((recurrenceID, holiday))
          continue
        }
      }
      planned.append(
        PlannedOccurrence(
          occurrence: MeetingOccurrence(
            meetingID: meeting.id, recurrenceID: recurrenceID, start: recurrenceID,
            end: recurrenceID.addingTimeInterval(meeting.duration), roomID: meeting.roomID),
          onHoliday: flagged))
    }
    // Moved to the nearest working day that has no occurrence yet (a daily series would otherwise
    // meet three times on the Monday after a long weekend); none within a week: left out.
    if !toMove.isEmpty {
      let zone = meeting.timeZone
      var taken = Set(planned.map { Self.day(of: $0.occurrence.start, in: zone) })
      let step = meeting.onHoliday == .previousWorkday ? -1 : 1
      for (recurrenceID, holiday) in toMove {
        guard
          let start = workday(from: recurrenceID, step: step, zone: zone, avoiding: taken)
        else {
          skipped.append(SkippedOccurrence(recurrenceID: recurrenceID, holiday: holiday))
          continue
        }
        taken.insert(Self.day(of: start, in: zone))
        planned.append(
          PlannedOccurrence(
            occurrence: MeetingOccurrence(
              meetingID: meeting.id, recurrenceID: recurrenceID, start: start,
              end: start.addingTimeInterval(meeting.duration), roomID: meeting.roomID),
            movedFromHoliday: holiday))
      }
    }
    return (planned, skipped, reachedEnd, capped)
  }

  private static func day(of date: Date, in zone: TimeZone) -> String {
    String(LocalTime.iso(date, in: zone).prefix(10))
  }

  /// Where a series Pokja schedules starts: its start when the rule gives that time (or the start
  /// is an RDATE, or there is no rule), else the rule's first instance after it; nil when the rule
  /// gives nothing at all. RFC 5545 makes a DTSTART off the rule an extra first occurrence, which
  /// is right for an imported event but not what someone typing "first monday" from a Tuesday
  /// means: `meeting add` and a moved series start on the rule instead, and say so.
  public static func startOnRule(of meeting: Meeting) throws(RecurrenceError) -> Date? {
    guard meeting.recurrence?.rule != nil,
      !(meeting.recurrence?.rdates.contains(meeting.start) ?? false)
    else { return meeting.start }
    var whole = meeting
    whole.recurrence?.exdates = []
    return try recurrenceSet(of: whole).firstRuleInstance()?.date
  }

  /// Whether the local day of `date` is a working day: Monday to Friday and not a holiday.
  public func isWorkday(_ date: Date, in zone: TimeZone) -> Bool {
    let weekday = LocalTime.components(date, zone).weekday ?? 2
    guard weekday != 1, weekday != 7 else { return false }
    return holidays?.holiday(on: date, in: zone) == nil
  }

  /// The nearest working day after (`step` 1) or before (-1) `date` whose day is not in
  /// `avoiding`, same wall-clock time; nil when there is none within a week.
  private func workday(from date: Date, step: Int, zone: TimeZone, avoiding: Set<String>)
    -> Date?
  {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    var candidate = date
    for _ in 0..<7 {
      guard let next = calendar.date(byAdding: .day, value: step, to: candidate) else { break }
      candidate = next
      if isWorkday(candidate, in: zone), !avoiding.contains(Self.day(of: candidate, in: zone)) {
        return candidate
      }
    }
    return nil
  }
}
