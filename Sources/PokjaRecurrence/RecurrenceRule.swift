import Foundation

/// An RFC 5545 recurrence rule (RRULE), checked when it is made.
///
/// ```swift
/// let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1MO")
/// rule.description  // "FREQ=MONTHLY;BYDAY=1MO"
/// ```
///
/// Lists are kept sorted and without repeats, so two rules that mean the same compare equal and
/// `description` writes one canonical text (parts in the order of RFC 5545's grammar, INTERVAL=1 and
/// WKST=MO left out).
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
  /// How often the rule repeats (FREQ).
  public enum Frequency: Int, Comparable, CaseIterable, Sendable {
    case secondly, minutely, hourly, daily, weekly, monthly, yearly

    /// `SECONDLY` … `YEARLY`.
    public var name: String {
      switch self {
      case .secondly: "SECONDLY"
      case .minutely: "MINUTELY"
      case .hourly: "HOURLY"
      case .daily: "DAILY"
      case .weekly: "WEEKLY"
      case .monthly: "MONTHLY"
      case .yearly: "YEARLY"
      }
    }

    public static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// A day of the week; the raw value counts from Monday (0) to Sunday (6).
  public enum Weekday: Int, CaseIterable, Sendable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `MO`, `TU`, `WE`, `TH`, `FR`, `SA`, `SU`.
    public var code: String {
      ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue]
    }

    /// Reads `MO` … `SU` in any case.
    public init?(code: String) {
      guard
        let index = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].firstIndex(of: code.uppercased())
      else { return nil }
      self.init(rawValue: index)
    }
  }

  /// One BYDAY entry: every Monday (`MO`), or the first (`1MO`) or last (`-1MO`) Monday of the
  /// month or year.
  public struct WeekdayNumber: Hashable, Sendable, CustomStringConvertible {
    /// Which one, counted from the start (1, 2, …) or the end (-1, -2, …); nil for every one.
    public var ordinal: Int?
    public var weekday: Weekday

    public init(_ weekday: Weekday, ordinal: Int? = nil) {
      self.weekday = weekday
      self.ordinal = ordinal
    }

    /// `MO`, `1MO`, `-1FR`.
    public var description: String { (ordinal.map(String.init) ?? "") + weekday.code }
  }

  /// Where the rule stops (UNTIL), inclusive.
  public enum Until: Hashable, Sendable, CustomStringConvertible {
    /// `UNTIL=20261231`: through the end of that day in the series' zone.
    case date(year: Int, month: Int, day: Int)
    /// `UNTIL=20261231T090000`: a wall-clock time in the series' zone.
    case floating(LocalDateTime)
    /// `UNTIL=20261231T020000Z`: an instant, written in UTC.
    case utc(LocalDateTime)

    /// The iCalendar text: `20261231`, `20261231T090000` or `20261231T020000Z`.
    public var description: String {
      switch self {
      case .date(let year, let month, let day):
        String(LocalDateTime(year: year, month: month, day: day)?.basicFormat.prefix(8) ?? "")
      case .floating(let time): time.basicFormat
      case .utc(let time): time.basicFormat + "Z"
      }
    }
  }

  public let frequency: Frequency
  /// Every how many periods (INTERVAL); 1 when not given.
  public let interval: Int
  /// How many occurrences (COUNT), DTSTART included when it matches the rule.
  public let count: Int?
  public let until: Until?
  public let bySecond: [Int]
  public let byMinute: [Int]
  public let byHour: [Int]
  public let byDay: [WeekdayNumber]
  public let byMonthDay: [Int]
  public let byYearDay: [Int]
  public let byWeekNumber: [Int]
  public let byMonth: [Int]
  public let bySetPosition: [Int]
  /// The first day of the week (WKST); Monday when not given.
  public let weekStart: Weekday

  /// A rule from its parts, checked as `init(parsing:)` checks the text.
  public init(
    frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Until? = nil,
    bySecond: [Int] = [], byMinute: [Int] = [], byHour: [Int] = [], byDay: [WeekdayNumber] = [],
    byMonthDay: [Int] = [], byYearDay: [Int] = [], byWeekNumber: [Int] = [], byMonth: [Int] = [],
    bySetPosition: [Int] = [], weekStart: Weekday = .monday
  ) throws(RecurrenceError) {
    self.frequency = frequency
    self.interval = interval
    self.count = count
    self.until = until
    self.bySecond = Self.canonical(bySecond)
    self.byMinute = Self.canonical(byMinute)
    self.byHour = Self.canonical(byHour)
    self.byDay = Self.canonical(byDay)
    self.byMonthDay = Self.canonical(byMonthDay)
    self.byYearDay = Self.canonical(byYearDay)
    self.byWeekNumber = Self.canonical(byWeekNumber)
    self.byMonth = Self.canonical(byMonth)
    self.bySetPosition = Self.canonical(bySetPosition)
    self.weekStart = weekStart
    try validate()
  }

  /// The canonical RRULE text, e.g. `FREQ=MONTHLY;COUNT=10;BYDAY=1SU,-1SU`.
  public var description: String {
    var parts = ["FREQ=" + frequency.name]
    if let until { parts.append("UNTIL=\(until)") }
    if let count { parts.append("COUNT=\(count)") }
    if interval != 1 { parts.append("INTERVAL=\(interval)") }
    func add(_ name: String, _ values: [some CustomStringConvertible]) {
      if !values.isEmpty {
        parts.append(name + "=" + values.map(\.description).joined(separator: ","))
      }
    }
    add("BYSECOND", bySecond)
    add("BYMINUTE", byMinute)
    add("BYHOUR", byHour)
    add("BYDAY", byDay)
    add("BYMONTHDAY", byMonthDay)
    add("BYYEARDAY", byYearDay)
    add("BYWEEKNO", byWeekNumber)
    add("BYMONTH", byMonth)
    add("BYSETPOS", bySetPosition)
    if weekStart != .monday { parts.append("WKST=" + weekStart.code) }
    return parts.joined(separator: ";")
  }

  /// Positive values ascending, then negative ones from -1 down; no repeats.
  private static func canonical(_ values: [Int]) -> [Int] {
    Array(Set(values)).sorted { ($0 < 0 ? 1 : 0, abs($0)) < ($1 < 0 ? 1 : 0, abs($1)) }
  }

  /// By weekday from Monday; for one weekday: every one, then counted from the start, then the end.
  private static func canonical(_ days: [WeekdayNumber]) -> [WeekdayNumber] {
    func key(_ day: WeekdayNumber) -> (Int, Int, Int) {
      guard let ordinal = day.ordinal else { return (day.weekday.rawValue, 0, 0) }
      return (day.weekday.rawValue, ordinal > 0 ? 1 : 2, abs(ordinal))
    }
    return Array(Set(days)).sorted { key($0) < key($1) }
  }
}

extension RecurrenceRule.Until {
  /// The same end written in UTC, as RFC 5545 §3.3.10 requires beside a DTSTART with a time zone:
  /// a local time is that time in `zone` (a time the clocks skip moves forward by the gap); a date
  /// is the last second of that day in `zone` (the day's end, whatever its length). A UTC value is
  /// returned as it is.
  public func inUTC(zone: TimeZone) -> RecurrenceRule.Until {
    let last: Date
    switch self {
    case .utc: return self
    case .floating(let time):
      last = time.resolvedDate(in: zone)
    case .date(let year, let month, let day):
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      let next = CivilCalendar.date(
        dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: day) + 1)
      let noon = LocalDateTime(year: next.year, month: next.month, day: next.day, hour: 12)
      // The next day starts at its first instant (midnight, or the end of a gap at midnight).
      guard let noon else { return self }
      last = calendar.startOfDay(for: noon.resolvedDate(in: zone))
        .addingTimeInterval(-1)
    }
    return .utc(LocalDateTime(last, in: .gmt))
  }
}

extension RecurrenceRule {
  /// The same rule with another end: COUNT, UNTIL, or neither (never both).
  public func ending(count: Int?, until: Until?) throws(RecurrenceError) -> RecurrenceRule {
    try RecurrenceRule(
      frequency: frequency, interval: interval, count: count, until: until, bySecond: bySecond,
      byMinute: byMinute, byHour: byHour, byDay: byDay, byMonthDay: byMonthDay,
      byYearDay: byYearDay, byWeekNumber: byWeekNumber, byMonth: byMonth,
      bySetPosition: bySetPosition, weekStart: weekStart)
  }

  /// Whether the rule ends (COUNT or UNTIL), so that the whole series can be listed.
  public var isBounded: Bool { count != nil || until != nil }
}
