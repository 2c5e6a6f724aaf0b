import Foundation

/// Reads the date-times users type on the command line.
public enum DateTimeText {
  /// Parses `2026-12-07T10:00` (local time in `zone`), `2026-12-07 10:00`, seconds optional, or a time
  /// with an offset (`2026-12-07T09:30+07:00`, `…Z`), which then ignores `zone`.
  public static func parse(_ text: String, in zone: TimeZone) throws(InputError) -> Date {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let match = trimmed.wholeMatch(of: dateTimePattern) else { throw .invalidDateTime(text) }
    var components = DateComponents()
    components.year = Int(match.1)
    components.month = Int(match.2)
    components.day = Int(match.3)
    // A group that matched but does not read as a number leaves its component nil: refused below.
    components.hour = match.4 == nil ? 0 : match.4.flatMap { Int($0) }
    components.minute = match.5 == nil ? 0 : match.5.flatMap { Int($0) }
    components.second = match.6 == nil ? 0 : match.6.flatMap { Int($0) }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    if let offsetText = match.7 {
      guard let offsetZone = offsetZone(String(offsetText)) else { throw .invalidDateTime(text) }
      calendar.timeZone = offsetZone
    }
    guard
      let year = components.year, year >= 1,
      let month = components.month, (1...12).contains(month),
      let hour = components.hour, (0...23).contains(hour),
      let minute = components.minute, (0...59).contains(minute),
      let second = components.second, (0...59).contains(second),
      let date = calendar.date(from: components),
      // Reject 2026-02-30 and the like, which Calendar would silently roll over.
      calendar.component(.day, from: date) == components.day
    else { throw .invalidDateTime(text) }
    // A wall-clock time in a daylight-saving gap does not exist; Calendar would quietly move it.
    if match.7 == nil, match.4 != nil {
      let shown = calendar.dateComponents([.hour, .minute], from: date)
      if shown.hour != hour || shown.minute != minute {
        throw .nonexistentLocalTime(trimmed, zone: zone.identifier)
      }
    }
    return date
  }

  /// Parses an end given either as a full date-time or as `HH:MM` on the start's day in `zone`.
  public static func parseEnd(_ text: String, startingAt start: Date, in zone: TimeZone)
    throws(InputError) -> Date
  {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let match = trimmed.wholeMatch(of: timePattern) else {
      return try parse(trimmed, in: zone)
    }
    guard let hour = Int(match.1), let minute = Int(match.2), (0...23).contains(hour),
      (0...59).contains(minute)
    else { throw .invalidDateTime(text) }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    guard let date = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: start) else {
      throw .invalidDateTime(text)
    }
    // A time the clocks skip that day does not exist; Calendar would quietly move it.
    let shown = calendar.dateComponents([.hour, .minute], from: date)
    guard shown.hour == hour, shown.minute == minute else {
      throw .nonexistentLocalTime(trimmed, zone: zone.identifier)
    }
    return date
  }

  /// `2026-12-07 09:00 WIB`: an instant as the people in `zone` read it, for messages.
  public static func display(_ date: Date, in zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
      parts.minute!) + " " + zone.displayAbbreviation(at: date)
  }

  /// Looks up a zone by its name in the system's zone database (`Asia/Jakarta`, `UTC`, `GMT`,
  /// `Etc/GMT-7`, links such as `Asia/Calcutta` or `US/Eastern`) or by the Indonesian abbreviations
  /// WIB, WITA, WIT. A name that is not in the database is refused with the nearest that is
  /// (`Asia/Jakrta` → Asia/Jakarta), including Foundation's own spellings such as `GMT+7`, which
  /// are not zone names. The zone's identifier reads back as itself (`UTC` is `Etc/UTC`: see
  /// `databaseZone(named:)`).
  public static func timeZone(named name: String) throws(InputError) -> TimeZone {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    if let zone = IndonesianTimeZone(abbreviation: trimmed)?.timeZone { return zone }
    guard let zone = databaseZone(named: trimmed) else {
      throw .unknownTimeZone(name, suggestion: TimeZoneDatabase.suggestion(for: trimmed))
    }
    return zone
  }

  /// The zone of the system's zone database called `name` (a zone or a link), or nil. Its
  /// identifier is what to store: `TimeZone(identifier:)` gives it back unchanged (Foundation on
  /// Linux calls a zone asked for as `UTC` `GMT`; here it is the database's `Etc/UTC`).
  public static func databaseZone(named name: String) -> TimeZone? {
    TimeZoneDatabase.zone(named: name)
  }

  // Compiled once, not on every call: a regex literal in a function body is built each time it runs.
  // Matching does not change a Regex, so sharing one between threads is safe. ASCII digits only:
  // `\d` alone also matches other scripts' digits (`２０２６`), which `Int` then cannot read.
  nonisolated(unsafe) private static let dateTimePattern =
    #/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/#
    .asciiOnlyDigits()
  nonisolated(unsafe) private static let timePattern = #/^(\d{1,2})[:.](\d{2})$/#.asciiOnlyDigits()

  private static func offsetZone(_ text: String) -> TimeZone? {
    if text == "Z" { return TimeZone(identifier: "UTC") }
    let sign = text.hasPrefix("-") ? -1 : 1
    let digits = text.dropFirst().replacingOccurrences(of: ":", with: "")
    guard let hours = Int(digits.prefix(2)), hours <= 14 else { return nil }
    let minutes = digits.count > 2 ? Int(digits.dropFirst(2)) ?? 99 : 0
    guard minutes < 60 else { return nil }
    return TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
  }
}

/// Indonesia's three zones and the abbreviations people use for them.
public enum IndonesianTimeZone: String, CaseIterable, Sendable {
  /// Waktu Indonesia Barat, UTC+7 (Java, Sumatra, West and Central Kalimantan).
  case wib = "WIB"
  /// Waktu Indonesia Tengah, UTC+8 (Bali, Nusa Tenggara, Sulawesi, South/East/North Kalimantan).
  case wita = "WITA"
  /// Waktu Indonesia Timur, UTC+9 (Maluku, Papua).
  case wit = "WIT"

  /// Recognises `WIB`, `WITA`, `WIT` in any case.
  public init?(abbreviation: String) { self.init(rawValue: abbreviation.uppercased()) }

  /// The zone an IANA identifier belongs to, if it is one of Indonesia's.
  public init?(_ zone: TimeZone) {
    switch zone.identifier {
    case "Asia/Jakarta", "Asia/Pontianak": self = .wib
    case "Asia/Makassar", "Asia/Ujung_Pandang": self = .wita
    case "Asia/Jayapura": self = .wit
    default: return nil
    }
  }

  /// The canonical IANA zone.
  public var timeZone: TimeZone {
    switch self {
    case .wib: TimeZone(identifier: "Asia/Jakarta")!
    case .wita: TimeZone(identifier: "Asia/Makassar")!
    case .wit: TimeZone(identifier: "Asia/Jayapura")!
    }
  }
}

extension TimeZone {
  /// What people call the zone: WIB/WITA/WIT for Indonesia, else `UTC+7`-style offsets at `date`.
  public func displayAbbreviation(at date: Date) -> String {
    if let indonesian = IndonesianTimeZone(self) { return indonesian.rawValue }
    let offset = secondsFromGMT(for: date)
    let hours = abs(offset) / 3600
    let minutes = (abs(offset) % 3600) / 60
    let sign = offset < 0 ? "-" : "+"
    return minutes == 0
      ? "UTC\(sign)\(hours)" : String(format: "UTC%@%d:%02d", sign, hours, minutes)
  }
}
