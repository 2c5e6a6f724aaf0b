import Foundation
import PokjaCore
import PokjaICalendar

/// Turns the TZIDs of one VCALENDAR into zones, using its VTIMEZONEs when the name is not enough.
///
/// In order: a Windows name (`SE Asia Standard Time`, see ``WindowsTimeZones``); an IANA name
/// (`Asia/Jakarta`); an IANA name at the end of a prefixed one
/// (`/mozilla.org/20050126_1/Asia/Jakarta`, `/citadel.org/20190914_1/Europe/Berlin`); the
/// VTIMEZONE's `X-LIC-LOCATION`; an Outlook label (`(UTC+07:00) Bangkok, Hanoi, Jakarta`); and
/// last a VTIMEZONE whose observances all have one offset, read as a zone at that offset (with a
/// warning). Times are then computed with the system's rules for the zone, not the VTIMEZONE's
/// (which only names or sketches the zone).
struct CalendarTimeZones {
  private let file: String
  /// VTIMEZONEs by TZID.
  private let definitions: [String: ICalendarComponent]
  private var resolved: [String: TimeZone] = [:]

  init(calendar: ICalendarComponent, file: String) {
    self.file = file
    var definitions: [String: ICalendarComponent] = [:]
    for zone in calendar.components(named: "VTIMEZONE") {
      guard let tzid = zone.property("TZID")?.value.trimmingCharacters(in: .whitespaces) else {
        continue
      }
      if definitions[tzid] == nil { definitions[tzid] = zone }
    }
    self.definitions = definitions
  }

  /// The zone `tzid` stands for, or nil when it cannot be told. A zone guessed from a VTIMEZONE's
  /// fixed offset adds a warning, once.
  mutating func zone(for tzid: String, warnings: inout [String]) -> TimeZone? {
    let key = tzid.trimmingCharacters(in: .whitespaces)
    if let known = resolved[key] { return known }
    let definition =
      definitions[key] ?? definitions.first { $0.key.lowercased() == key.lowercased() }?.value
    // Windows names first: Foundation reads `UTC-11` and `UTC+12` as offsets, not as Windows' zones.
    var zone = WindowsTimeZones.iana(windowsName: key).flatMap(Self.iana) ?? Self.named(key)
    if zone == nil, let location = definition?.property("X-LIC-LOCATION")?.textValue {
      zone = Self.named(location.trimmingCharacters(in: .whitespaces))
    }
    if zone == nil { zone = WindowsTimeZones.iana(label: key).flatMap(Self.iana) }
    if zone == nil, let definition, let offset = Self.fixedOffset(of: definition) {
      let fixed = Self.zone(atOffset: offset)
      let line = definition.line.map { ":\($0)" } ?? ""
      warnings.append(
        "\(file)\(line): time zone '\(key)' is not one Pokja knows; its VTIMEZONE has the single offset \(Self.offsetText(offset)), so its times are read in \(fixed.identifier)."
      )
      zone = fixed
    }
    if let zone { resolved[key] = zone }
    return zone
  }

  /// An IANA zone by name, or by the IANA name that ends a prefixed name.
  static func named(_ name: String) -> TimeZone? {
    if let zone = iana(name) { return zone }
    let parts = name.split(separator: "/")
    guard parts.count > 1 else { return nil }
    for first in 1..<parts.count {
      if let zone = iana(parts[first...].joined(separator: "/")) { return zone }
    }
    return nil
  }

  /// A zone of the system's database (links included, `UTC` as `Etc/UTC`: the identifier stored is
  /// the one shown), else one Foundation knows by that name.
  private static func iana(_ name: String) -> TimeZone? {
    guard !name.isEmpty, !name.contains(" ") else { return nil }
    return DateTimeText.databaseZone(named: name) ?? TimeZone(identifier: name)
  }

  /// The one offset all STANDARD and DAYLIGHT observances share, or nil if they differ or there
  /// are none.
  static func fixedOffset(of definition: ICalendarComponent) -> Int? {
    var offsets: Set<Int> = []
    for observance in definition.components
    where ["STANDARD", "DAYLIGHT"].contains(observance.name) {
      guard let to = observance.property("TZOFFSETTO").flatMap({ offset($0.value) }) else {
        return nil
      }
      offsets.insert(to)
      if let from = observance.property("TZOFFSETFROM").flatMap({ offset($0.value) }) {
        offsets.insert(from)
      }
    }
    return offsets.count == 1 ? offsets.first : nil
  }

  /// A zone for a fixed offset: the Indonesian zone at +07, +08 and +09 (WIB, WITA, WIT), UTC at
  /// zero, else a zone with just that offset.
  static func zone(atOffset offset: Int) -> TimeZone {
    let name: String? =
      switch offset {
      case 7 * 3600: "Asia/Jakarta"
      case 8 * 3600: "Asia/Makassar"
      case 9 * 3600: "Asia/Jayapura"
      case 0: "Etc/UTC"
      default: nil
      }
    return name.flatMap(TimeZone.init(identifier:)) ?? TimeZone(secondsFromGMT: offset) ?? .gmt
  }

  /// `+0700`, `-0530` or `+053000` in seconds.
  private static func offset(_ text: String) -> Int? {
    let pattern = #/^([+-])(\d{2})(\d{2})(\d{2})?$/#
    guard let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern),
      let hours = Int(match.2), let minutes = Int(match.3)
    else { return nil }
    let seconds = hours * 3600 + minutes * 60 + (match.4.flatMap { Int($0) } ?? 0)
    return match.1 == "-" ? -seconds : seconds
  }

  /// `+07:00`.
  private static func offsetText(_ seconds: Int) -> String {
    let magnitude = abs(seconds)
    return (seconds < 0 ? "-" : "+")
      + String(format: "%02d:%02d", magnitude / 3600, magnitude % 3600 / 60)
  }
}
