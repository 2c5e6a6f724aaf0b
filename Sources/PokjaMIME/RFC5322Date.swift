import Foundation

/// The RFC 5322 `date-time` used by the `Date` header.
public enum RFC5322Date {
  private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// Formats `date` in `zone`, e.g. `Mon, 07 Dec 2026 10:00:00 +0700`.
  ///
  /// English names regardless of locale; seconds are truncated and the offset is whole
  /// minutes, as RFC 5322 requires.
  public static func format(_ date: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: date) / 60 * 60
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: offset) ?? .gmt
    let whole = Date(
      timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.rounded(.down))
    let parts = calendar.dateComponents(
      [.weekday, .year, .month, .day, .hour, .minute, .second], from: whole)
    let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
    let month = months[((parts.month ?? 1) - 1) % 12]
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return "\(weekday), \(pad(parts.day)) \(month) \(pad(parts.year, 4)) "
      + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second)) "
      + "\(sign)\(pad(minutes / 60))\(pad(minutes % 60))"
  }

  private static func pad(_ value: Int?, _ width: Int = 2) -> String {
    let digits = String(value ?? 0)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
