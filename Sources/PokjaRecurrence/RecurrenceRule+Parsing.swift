import Foundation

extension RecurrenceRule {
  /// Reads RRULE text such as `FREQ=MONTHLY;BYDAY=1MO` (an `RRULE:` prefix is allowed; names and
  /// values in any case). Throws an error naming the part that is wrong.
  public init(parsing text: String) throws(RecurrenceError) {
    var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
    var parts = RuleParts()
    var seen: Set<String> = []
    for raw in body.split(separator: ";") {
      let part = raw.trimmingCharacters(in: .whitespaces)
      if part.isEmpty { continue }
      guard let equals = part.firstIndex(of: "=") else { throw .malformedPart(part) }
      let name = part[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
      let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty else { throw .malformedPart(part) }
      guard seen.insert(name).inserted else { throw .repeatedPart(name) }
      guard !value.isEmpty || !Self.partNames.contains(name) else {
        throw .missingValue(part: name)
      }
      try parts.read(name, value)
    }
    guard !seen.isEmpty else { throw .empty }
    guard let frequency = parts.frequency else { throw .missingFrequency }
    try self.init(
      frequency: frequency, interval: parts.interval, count: parts.count, until: parts.until,
      bySecond: parts.bySecond, byMinute: parts.byMinute, byHour: parts.byHour, byDay: parts.byDay,
      byMonthDay: parts.byMonthDay, byYearDay: parts.byYearDay, byWeekNumber: parts.byWeekNumber,
      byMonth: parts.byMonth, bySetPosition: parts.bySetPosition, weekStart: parts.weekStart)
  }

  static let partNames: Set<String> = [
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY",
    "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
  ]

  /// Checks what RFC 5545 §3.3.10 requires of a rule as a whole.
  func validate() throws(RecurrenceError) {
    if count != nil && until != nil { throw .countAndUntil }
    if !(1...1_000_000).contains(interval) {
      throw .outOfRange(
        part: "INTERVAL", value: "\(interval)", allowed: "a whole number from 1 to 1000000")
    }
    if let count, count < 1 {
      throw .outOfRange(part: "COUNT", value: "\(count)", allowed: "a whole number from 1 up")
    }
    if case .date(let year, let month, let day) = until,
      LocalDateTime(year: year, month: month, day: day) == nil
    {
      throw .invalidUntil(String(format: "%04d%02d%02d", year, month, day))
    }
    try Self.check("BYSECOND", bySecond, 0...60, allowed: "0 to 60")
    try Self.check("BYMINUTE", byMinute, 0...59, allowed: "0 to 59")
    try Self.check("BYHOUR", byHour, 0...23, allowed: "0 to 23")
    try Self.check("BYMONTHDAY", byMonthDay, 1...31, signed: true, allowed: "1 to 31 or -31 to -1")
    try Self.check("BYYEARDAY", byYearDay, 1...366, signed: true, allowed: "1 to 366 or -366 to -1")
    try Self.check("BYWEEKNO", byWeekNumber, 1...53, signed: true, allowed: "1 to 53 or -53 to -1")
    try Self.check("BYMONTH", byMonth, 1...12, allowed: "1 to 12")
    try Self.check(
      "BYSETPOS", bySetPosition, 1...366, signed: true, allowed: "1 to 366 or -366 to -1")
    try validateWeekdayNumbers()
    func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }
    if !byWeekNumber.isEmpty && frequency != .yearly {
      throw .partNotAllowed(part: "BYWEEKNO", value: list(byWeekNumber), frequency: frequency)
    }
    if !byYearDay.isEmpty && [.daily, .weekly, .monthly].contains(frequency) {
      throw .partNotAllowed(part: "BYYEARDAY", value: list(byYearDay), frequency: frequency)
    }
    if !byMonthDay.isEmpty && frequency == .weekly {
      throw .partNotAllowed(part: "BYMONTHDAY", value: list(byMonthDay), frequency: frequency)
    }
    let hasOtherPart =
      !(bySecond.isEmpty && byMinute.isEmpty && byHour.isEmpty && byDay.isEmpty
      && byMonthDay.isEmpty && byYearDay.isEmpty && byWeekNumber.isEmpty && byMonth.isEmpty)
    if !bySetPosition.isEmpty && !hasOtherPart {
      throw .setPositionWithoutOtherPart(value: list(bySetPosition))
    }
  }

  private func validateWeekdayNumbers() throws(RecurrenceError) {
    // Counted within a month for FREQ=MONTHLY, and for FREQ=YEARLY with BYMONTH (RFC 5545 §3.3.10).
    let withinMonth = frequency == .monthly || !byMonth.isEmpty
    let limit = withinMonth ? 5 : 53
    for day in byDay {
      guard let ordinal = day.ordinal else { continue }
      guard frequency >= .monthly else {
        throw .ordinalNeedsMonthlyOrYearly(value: day.description, frequency: frequency)
      }
      if !byWeekNumber.isEmpty { throw .ordinalWithWeekNumber(value: day.description) }
      if ordinal == 0 || abs(ordinal) > limit {
        throw .ordinalOutOfRange(
          value: day.description,
          allowed: withinMonth
            ? "1 to 5 or -1 to -5 (a month has at most five of each weekday)"
            : "1 to 53 or -1 to -53")
      }
    }
  }

  private static func check(
    _ part: String, _ values: [Int], _ range: ClosedRange<Int>, signed: Bool = false,
    allowed: String
  ) throws(RecurrenceError) {
    for value in values {
      let magnitude = signed ? abs(value) : value
      if !range.contains(magnitude) {
        throw .outOfRange(part: part, value: "\(value)", allowed: allowed)
      }
    }
  }
}

/// The parts read so far, before the rule as a whole is checked.
private struct RuleParts {
  var frequency: RecurrenceRule.Frequency?
  var interval = 1
  var count: Int?
  var until: RecurrenceRule.Until?
  var bySecond: [Int] = []
  var byMinute: [Int] = []
  var byHour: [Int] = []
  var byDay: [RecurrenceRule.WeekdayNumber] = []
  var byMonthDay: [Int] = []
  var byYearDay: [Int] = []
  var byWeekNumber: [Int] = []
  var byMonth: [Int] = []
  var bySetPosition: [Int] = []
  var weekStart: RecurrenceRule.Weekday = .monday

  mutating func read(_ name: String, _ value: String) throws(RecurrenceError) {
    switch name {
    case "FREQ":
      guard
        let frequency = RecurrenceRule.Frequency.allCases.first(where: {
          $0.name == value.uppercased()
        })
      else { throw .unknownFrequency(value) }
      self.frequency = frequency
    case "INTERVAL":
      interval = try Self.number(name, value, allowed: "a whole number from 1 to 1000000")
    case "COUNT": count = try Self.number(name, value, allowed: "a whole number from 1 up")
    case "UNTIL": until = try Self.until(value)
    case "BYSECOND": bySecond = try Self.numbers(name, value, allowed: "0 to 60")
    case "BYMINUTE": byMinute = try Self.numbers(name, value, allowed: "0 to 59")
    case "BYHOUR": byHour = try Self.numbers(name, value, allowed: "0 to 23")
    case "BYDAY": byDay = try Self.weekdayNumbers(value)
    case "BYMONTHDAY":
      byMonthDay = try Self.numbers(name, value, allowed: "1 to 31 or -31 to -1")
    case "BYYEARDAY":
      byYearDay = try Self.numbers(name, value, allowed: "1 to 366 or -366 to -1")
    case "BYWEEKNO":
      byWeekNumber = try Self.numbers(name, value, allowed: "1 to 53 or -53 to -1")
    case "BYMONTH": byMonth = try Self.numbers(name, value, allowed: "1 to 12")
    case "BYSETPOS":
      bySetPosition = try Self.numbers(name, value, allowed: "1 to 366 or -366 to -1")
    case "WKST":
      guard let day = RecurrenceRule.Weekday(code: value) else {
        throw .invalidWeekday(part: name, value: value, weekday: value)
      }
      weekStart = day
    default:
      throw .unknownPart(name)
    }
  }

  private static func items(_ name: String, _ value: String) throws(RecurrenceError) -> [String] {
    let items = value.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if items.contains("") { throw .emptyListItem(part: name, value: value) }
    return items
  }

  private static func numbers(_ name: String, _ value: String, allowed: String)
    throws(RecurrenceError) -> [Int]
  {
    var result: [Int] = []
    for item in try items(name, value) {
      result.append(try number(name, item, allowed: allowed))
    }
    return result
  }

  /// A whole number with an optional sign; ranges are checked with the rule as a whole.
  private static func number(_ name: String, _ item: String, allowed: String)
    throws(RecurrenceError) -> Int
  {
    let digits = item.first == "+" || item.first == "-" ? item.dropFirst() : Substring(item)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw .notANumber(part: name, value: item, allowed: allowed)
    }
    guard let number = Int(item.first == "+" ? String(digits) : item) else {
      throw .outOfRange(part: name, value: item, allowed: allowed)
    }
    return number
  }

  private static func weekdayNumbers(_ value: String) throws(RecurrenceError)
    -> [RecurrenceRule.WeekdayNumber]
  {
    var result: [RecurrenceRule.WeekdayNumber] = []
    for item in try items("BYDAY", value) {
      let code = String(item.drop { $0 == "+" || $0 == "-" || ($0.isASCII && $0.isNumber) })
      let prefix = String(item.dropLast(code.count))
      guard let weekday = RecurrenceRule.Weekday(code: code) else {
        throw .invalidWeekday(part: "BYDAY", value: item, weekday: code.isEmpty ? item : code)
      }
      var ordinal: Int?
      if !prefix.isEmpty {
        let sign = prefix.first == "-" ? -1 : 1
        let digits =
          prefix.first == "+" || prefix.first == "-" ? prefix.dropFirst() : Substring(prefix)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isNumber }), digits.count <= 3,
          let magnitude = Int(digits)
        else {
          throw .ordinalOutOfRange(value: item, allowed: "1 to 53 or -1 to -53")
        }
        ordinal = sign * magnitude
      }
      result.append(RecurrenceRule.WeekdayNumber(weekday, ordinal: ordinal))
    }
    return result
  }

  private static func until(_ value: String) throws(RecurrenceError) -> RecurrenceRule.Until {
    let pattern = #/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/#
    guard let match = value.uppercased().wholeMatch(of: pattern),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3)
    else { throw .invalidUntil(value) }
    guard let hourText = match.4, let minuteText = match.5, let secondText = match.6 else {
      guard LocalDateTime(year: year, month: month, day: day) != nil else {
        throw .invalidUntil(value)
      }
      return .date(year: year, month: month, day: day)
    }
    guard
      let time = LocalDateTime(
        year: year, month: month, day: day, hour: Int(hourText) ?? -1,
        minute: Int(minuteText) ?? -1, second: Int(secondText) ?? -1)
    else { throw .invalidUntil(value) }
    return match.7 == nil ? .floating(time) : .utc(time)
  }
}
