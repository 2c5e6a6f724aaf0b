import Foundation
import PokjaCore
import PokjaScheduling

/// Dates and times written the way each language writes them in letters: "Senin, 7 Desember 2026,
/// pukul 10.00–12.00 WIB" or "Monday, 7 December 2026, 10:00–12:00 WIB (UTC+7)".
public enum LocalizedDate {
  private static let indonesianDays = [
    "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu",
  ]
  private static let englishDays = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  ]
  private static let indonesianMonths = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
  ]
  private static let englishMonths = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// "Senin, 7 Desember 2026" / "Monday, 7 December 2026".
  public static func day(_ date: Date, in zone: TimeZone, language: Language) -> String {
    let parts = LocalTime.components(date, zone)
    let weekday = parts.weekday! - 1
    let month = parts.month! - 1
    switch language {
    case .indonesian:
      return "\(indonesianDays[weekday]), \(parts.day!) \(indonesianMonths[month]) \(parts.year!)"
    case .english:
      return "\(englishDays[weekday]), \(parts.day!) \(englishMonths[month]) \(parts.year!)"
    }
  }

  /// "10.00" / "10:00".
  public static func clock(_ date: Date, in zone: TimeZone, language: Language) -> String {
    let parts = LocalTime.components(date, zone)
    let separator = language == .indonesian ? "." : ":"
    return String(format: "%02d%@%02d", parts.hour!, separator, parts.minute!)
  }

  /// "10.00–12.00 WIB" / "10:00–12:00 WIB (UTC+7)"; the end carries its date when on another day.
  public static func timeRange(
    _ start: Date, _ end: Date, in zone: TimeZone, language: Language
  ) -> String {
    let abbreviation = zone.displayAbbreviation(at: start)
    var endText = clock(end, in: zone, language: language)
    if LocalTime.iso(start, in: zone).prefix(10) != LocalTime.iso(end, in: zone).prefix(10) {
      endText = "\(day(end, in: zone, language: language)) \(endText)"
    }
    var text = "\(clock(start, in: zone, language: language))–\(endText) \(abbreviation)"
    if language == .english, IndonesianTimeZone(zone) != nil {
      let offset = zone.secondsFromGMT(for: start) / 3600
      text += " (UTC+\(offset))"
    }
    return text
  }
}
