import Foundation

/// A wall-clock date and time with no zone attached, as written in `2026-01-05T09:00:00`.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int
  public let hour: Int
  public let minute: Int
  public let second: Int

  /// A valid date and time (years 1…9999, seconds 0…59), or nil for 2026-02-30 and the like.
  public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day),
      (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
    else { return nil }
    self.init(unchecked: year, month, day, hour, minute, second)
  }

  private init(
    unchecked year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int
  ) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// Reads `2026-01-05T09:00`, `2026-01-05T09:00:00`, `2026-01-05 09:00` or `2026-01-05`
  /// (midnight); nil for anything else, including text with a UTC offset.
  public init?(parsing text: String) {
    let pattern = #/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/#
    guard let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3)
    else { return nil }
    self.init(
      year: year, month: month, day: day, hour: match.4.flatMap { Int($0) } ?? 0,
      minute: match.5.flatMap { Int($0) } ?? 0, second: match.6.flatMap { Int($0) } ?? 0)
  }

  /// The wall-clock time of `date` in `zone`, to the second.
  public init(_ date: Date, in zone: TimeZone) {
    let instant = Int64(date.timeIntervalSince1970.rounded(.down))
    let offset = Int64(zone.secondsFromGMT(for: date))
    self.init(nominalSeconds: instant + offset)
  }

  /// The time `seconds` after 1970-01-01T00:00:00 on the wall clock.
  init(nominalSeconds seconds: Int64) {
    let dayNumber = CivilCalendar.floorDivide(seconds, CivilCalendar.secondsPerDay)
    let secondOfDay = Int(seconds - dayNumber * CivilCalendar.secondsPerDay)
    let date = CivilCalendar.date(dayNumber: Int(dayNumber))
    self.init(
      unchecked: date.year, date.month, date.day, secondOfDay / 3600, secondOfDay / 60 % 60,
      secondOfDay % 60)
  }

  /// Seconds after 1970-01-01T00:00:00 on the wall clock.
  var nominalSeconds: Int64 {
    Int64(dayNumber) * CivilCalendar.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
  }

  var dayNumber: Int { CivilCalendar.dayNumber(year: year, month: month, day: day) }

  /// The day of the week.
  public var weekday: RecurrenceRule.Weekday {
    RecurrenceRule.Weekday(rawValue: CivilCalendar.weekday(dayNumber: dayNumber))!
  }

  /// The instant this wall-clock time stands for in `zone`; the first of two when the clocks are
  /// turned back. Throws `nonexistentLocalTime` when the clocks skip it (a daylight-saving gap).
  public func date(in zone: TimeZone) throws(RecurrenceError) -> Date {
    let local = nominalSeconds
    var offsets = ZoneOffsets(zone: zone, from: local - 2 * CivilCalendar.secondsPerDay)
    let resolved = offsets.resolve(local)
    if resolved.shifted {
      throw .nonexistentLocalTime(self, zone: zone.identifier)
    }
    return Date(timeIntervalSince1970: Double(resolved.instant))
  }

  /// The instant of this wall-clock time in `zone` as RFC 5545 §3.3.5 reads it: a time the clocks
  /// skip moves forward by the gap, a time that happens twice is the first.
  public func resolvedDate(in zone: TimeZone) -> Date {
    let local = nominalSeconds
    var offsets = ZoneOffsets(zone: zone, from: local - 2 * CivilCalendar.secondsPerDay)
    return Date(timeIntervalSince1970: Double(offsets.resolve(local).instant))
  }

  /// `2026-01-05T09:00:00`.
  public var description: String {
    guard (0...9999).contains(year) else {
      return String(
        format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
    }
    // Written byte by byte: expansions print hundreds of thousands of these.
    return String(unsafeUninitializedCapacity: 19) { buffer in
      func put(_ value: Int, _ width: Int, at offset: Int) {
        var rest = value
        for position in (offset..<offset + width).reversed() {
          buffer[position] = UInt8(48 + rest % 10)
          rest /= 10
        }
      }
      put(year, 4, at: 0)
      buffer[4] = UInt8(ascii: "-")
      put(month, 2, at: 5)
      buffer[7] = UInt8(ascii: "-")
      put(day, 2, at: 8)
      buffer[10] = UInt8(ascii: "T")
      put(hour, 2, at: 11)
      buffer[13] = UInt8(ascii: ":")
      put(minute, 2, at: 14)
      buffer[16] = UInt8(ascii: ":")
      put(second, 2, at: 17)
      return 19
    }
  }

  /// `20260105T090000`, the iCalendar form.
  var basicFormat: String {
    String(format: "%04d%02d%02dT%02d%02d%02d", year, month, day, hour, minute, second)
  }

  public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
    (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
      < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
  }
}
