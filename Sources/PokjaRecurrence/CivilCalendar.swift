import PokjaCore

/// Proleptic Gregorian arithmetic on plain integers: day numbers count days since 1970-01-01, and a
/// local wall-clock time is `day * 86_400 + second of the day` ("nominal" seconds, no zone applied).
///
/// The recurrence engine works in these numbers so that no `Calendar` call happens per candidate.
enum CivilCalendar {
  static let secondsPerDay: Int64 = 86_400
  /// The last day the engine expands to: 9999-12-31, as python-dateutil's `MAXYEAR`.
  static let lastDay = dayNumber(year: 9999, month: 12, day: 31)

  /// The day number of a date.
  static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    CivilDate.dayNumber(year: year, month: month, day: day)
  }

  /// The date of a day number.
  static func date(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
    CivilDate.date(dayNumber: dayNumber)
  }

  /// 0 for Monday … 6 for Sunday.
  static func weekday(dayNumber: Int) -> Int { CivilDate.weekday(dayNumber: dayNumber) }

  static func isLeap(_ year: Int) -> Bool { CivilDate.isLeap(year) }

  static func daysInMonth(year: Int, month: Int) -> Int {
    CivilDate.daysInMonth(year: year, month: month)
  }

  /// `floor(value / divisor)` for a positive divisor.
  static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
  }
}

/// Day-of-year lookups for one length of year, shared by every year of that length.
struct YearTables: Sendable {
  /// The index of the first day of each month (0-based), and the year's length as a 13th entry.
  let monthStarts: [Int]
  /// For each day of the year (0-based): its month (1…12).
  let monthOfDay: [Int]
  /// For each day of the year: its day of the month (1…31).
  let dayOfMonth: [Int]
  /// For each day of the year: its day of the month counted from the end (1 for the last day).
  let dayOfMonthFromEnd: [Int]

  static let common = YearTables(leap: false)
  static let leap = YearTables(leap: true)

  private init(leap: Bool) {
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var starts = [0]
    var months: [Int] = []
    var days: [Int] = []
    var fromEnd: [Int] = []
    for (index, length) in lengths.enumerated() {
      starts.append(starts[index] + length)
      for day in 1...length {
        months.append(index + 1)
        days.append(day)
        fromEnd.append(length - day + 1)
      }
    }
    monthStarts = starts
    monthOfDay = months
    dayOfMonth = days
    dayOfMonthFromEnd = fromEnd
  }
}

/// One calendar year: where it starts, how long it is and its day-of-year tables.
struct YearInfo {
  let year: Int
  let length: Int
  /// The day number of 1 January.
  let firstDay: Int
  /// The weekday of 1 January (0 = Monday).
  let firstWeekday: Int
  let tables: YearTables

  init(_ year: Int) {
    self.year = year
    let leap = CivilCalendar.isLeap(year)
    length = leap ? 366 : 365
    firstDay = CivilCalendar.dayNumber(year: year, month: 1, day: 1)
    firstWeekday = CivilCalendar.weekday(dayNumber: firstDay)
    tables = leap ? .leap : .common
  }

}
