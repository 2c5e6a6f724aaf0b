import Foundation
import PokjaCore
import PokjaRecurrence

/// What a date typed without a time (`2026-12-07`) means where a series asks for a moment: the
/// one rule `meeting add` and `recur expand` share, so that a rule previewed with `recur expand`
/// gives the dates the meeting gets.
///
/// - `--exdate 2026-12-07` (and `recur expand --rdate`) is that day at the series' time
///   (`seriesTime`), so it names that day's occurrence;
/// - `--until 2026-12-31` is through the end of that day (`endOfDay`): its last second in the
///   zone, also on a day the clocks change (as a stored UNTIL is);
/// - `recur expand --start 2026-01-05` is the start of that day (`startOfDay`).
///
/// Wall-clock times are strict: a time the clocks skip that day (a daylight-saving gap) is refused,
/// as a typed date-time is. Anything that is not a date alone (a date-time, a date with an offset,
/// a day that does not exist) is left to the caller to read as a date-time: `instant` gives nil.
///
/// ```swift
/// let day = DateAlone.seriesTime(of: series.start, in: zone)
/// let exdate = try day.instant("2026-12-07", in: zone) ?? DateTimeText.parse(text, in: zone)
/// ```
public enum DateAlone: Sendable, Equatable {
  /// Midnight at the start of the day.
  case startOfDay
  /// The day at this wall-clock time of day (the hour, minute and second are used).
  case timeOfDay(LocalDateTime)
  /// The day's last second: an end that takes the whole day in.
  case endOfDay

  /// The series' time of day: that of `start` in `zone`.
  public static func seriesTime(of start: Date, in zone: TimeZone) -> DateAlone {
    .timeOfDay(LocalDateTime(start, in: zone))
  }

  /// The day `text` names when it is a date alone (blanks around it are ignored), else nil.
  public static func day(_ text: String) -> LocalDateTime? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.count == 10 else { return nil }
    return LocalDateTime(parsing: trimmed)
  }

  /// The instant `text` means in `zone` when it is a date alone; nil when it is anything else.
  /// Throws when the time it means does not exist that day (the clocks skip it).
  public func instant(_ text: String, in zone: TimeZone) throws(RecurrenceError) -> Date? {
    guard let day = Self.day(text) else { return nil }
    switch self {
    case .startOfDay:
      return try day.date(in: zone)
    case .timeOfDay(let time):
      guard
        let local = LocalDateTime(
          year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute,
          second: time.second)
      else { return nil }
      return try local.date(in: zone)
    case .endOfDay:
      guard case .utc(let last) = Self.until(day, in: zone) else { return nil }
      return try last.date(in: .gmt)
    }
  }

  /// The UNTIL of a series `text` ends when it is a date alone (the end of that day in `zone`,
  /// written in UTC as RFC 5545 asks beside a DTSTART with a zone); nil when it is anything else.
  public static func until(_ text: String, in zone: TimeZone) -> RecurrenceRule.Until? {
    day(text).map { until($0, in: zone) }
  }

  private static func until(_ day: LocalDateTime, in zone: TimeZone) -> RecurrenceRule.Until {
    RecurrenceRule.Until.date(year: day.year, month: day.month, day: day.day).inUTC(zone: zone)
  }
}
