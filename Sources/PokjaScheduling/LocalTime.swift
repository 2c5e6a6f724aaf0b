import Foundation
import PokjaCore

/// Formats instants as local wall-clock text for tables, errors and JSON.
public enum LocalTime {
  /// `2026-12-07T10:00` in `zone` (no offset): what users typed.
  public static func iso(_ date: Date, in zone: TimeZone) -> String {
    let parts = components(date, zone)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
      parts.minute!)
  }

  /// `2026-12-07T10:00:00+07:00`: ISO 8601 with the zone's offset at that instant.
  public static func isoWithOffset(_ date: Date, in zone: TimeZone) -> String {
    let parts = components(date, zone)
    let offset = zone.secondsFromGMT(for: date)
    let sign = offset < 0 ? "-" : "+"
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year!, parts.month!, parts.day!,
      parts.hour!, parts.minute!, parts.second!, sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
  }

  /// `2026-12-07 10:00–12:00 WIB` (or with both dates when it spans days).
  public static func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
    let from = components(start, zone)
    let to = components(end, zone)
    let day = String(format: "%04d-%02d-%02d", from.year!, from.month!, from.day!)
    let startClock = String(format: "%02d:%02d", from.hour!, from.minute!)
    let sameDay = from.year == to.year && from.month == to.month && from.day == to.day
    let endText =
      sameDay
      ? String(format: "%02d:%02d", to.hour!, to.minute!)
      : String(
        format: "%04d-%02d-%02d %02d:%02d", to.year!, to.month!, to.day!, to.hour!, to.minute!)
    return "\(day) \(startClock)–\(endText) \(zone.displayAbbreviation(at: start))"
  }

  /// `09:00–10:30` in `zone`: a session's times within its day.
  public static func clockSpan(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
    let from = components(start, zone)
    let to = components(end, zone)
    return String(format: "%02d:%02d–%02d:%02d", from.hour!, from.minute!, to.hour!, to.minute!)
  }

  /// Year, month, day, hour, minute, second and weekday of `date` in `zone`.
  public static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
  }
}
