import Foundation

/// Windows time-zone names, as Outlook and Exchange write them in TZID, mapped to IANA zones.
///
/// Every entry is the `territory="001"` (primary) zone of Unicode CLDR's
/// `common/supplemental/windowsZones.xml` (a copy in `Embedded/`, turned into
/// `EmbeddedFiles.windowsZones` at build time by the EmbedData plugin; `Embedded/README.md` says
/// how to refresh it), and the label is the Windows display name CLDR gives in a comment, without
/// its `(UTC+07:00)` prefix. Where CLDR keeps an older IANA name that tzdata now lists only as a link
/// (Asia/Calcutta), the current name (Asia/Kolkata) is used: both name the same zone, and the
/// current one is what people see elsewhere. UTC stays Etc/UTC: Foundation on Linux turns a plain
/// `UTC` into `GMT`.
enum WindowsTimeZones {
  struct Entry {
    let windowsName: String
    let iana: String
    let label: String
  }

  /// Built on first use (an import), not at start-up.
  static let entries: [Entry] = EmbeddedFiles.windowsZones.map {
    Entry(windowsName: $0.windows, iana: renamed[$0.zone] ?? $0.zone, label: $0.label)
  }

  /// Zones CLDR 41 names by a name tzdata keeps only as a link (its `backward` file), by the
  /// current name. `WindowsTimeZonesTests` checks this against the system's tzdata.zi, so a CLDR
  /// refresh that brings another one fails there until it is added.
  static let renamed: [String: String] = [
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Godthab": "America/Nuuk",
    "Europe/Kiev": "Europe/Kyiv",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
  ]

  private static let byWindowsName: [String: String] = Dictionary(
    entries.map { ($0.windowsName.lowercased(), $0.iana) }, uniquingKeysWith: { first, _ in first })

  private static let byLabel: [String: String] = Dictionary(
    entries.map { ($0.label.lowercased(), $0.iana) }, uniquingKeysWith: { first, _ in first })

  /// Each city in a label, pointing at the first entry whose label names it.
  private static let byCity: [String: String] = Dictionary(
    entries.flatMap { entry in cities(entry.label).map { ($0, entry.iana) } },
    uniquingKeysWith: { first, _ in first })

  /// The IANA name for a Windows zone name such as `SE Asia Standard Time` (any case).
  static func iana(windowsName: String) -> String? {
    byWindowsName[windowsName.trimmingCharacters(in: .whitespaces).lowercased()]
  }

  /// The IANA name for an Outlook label such as `(UTC+07:00) Bangkok, Hanoi, Jakarta`.
  ///
  /// A label Windows uses maps to that zone's CLDR primary zone. Otherwise the first city in the
  /// label that names an IANA zone (`(UTC+07:00) Jakarta` is Asia/Jakarta) or appears in a Windows
  /// label (`(UTC+07:00) Hanoi` is Asia/Bangkok) wins, provided that zone is at the label's offset
  /// in January or July.
  static func iana(label: String) -> String? {
    let pattern = #/^\(\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\s*\)\s*(.*)$/#
    guard let match = label.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern) else {
      return nil
    }
    var offset = 0
    if let sign = match.1, let hours = Int(match.2 ?? ""), let minutes = Int(match.3 ?? "") {
      offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
    }
    let names = String(match.4).trimmingCharacters(in: .whitespaces)
    if let known = byLabel[names.lowercased()] { return known }
    for city in cities(names) {
      for candidate in [ianaZonesByCity[city], byCity[city]] {
        if let candidate, let zone = TimeZone(identifier: candidate),
          hasOffset(zone, offset)
        {
          return candidate
        }
      }
    }
    return nil
  }

  /// Whether `zone` is `offset` seconds from UTC in mid-January or mid-July 2026, so that a
  /// label's standard offset matches zones on either side of the equator.
  private static func hasOffset(_ zone: TimeZone, _ offset: Int) -> Bool {
    let january = Date(timeIntervalSince1970: 1_768_435_200)  // 2026-01-15T00:00:00Z
    let july = Date(timeIntervalSince1970: 1_784_073_600)  // 2026-07-15T00:00:00Z
    return zone.secondsFromGMT(for: january) == offset || zone.secondsFromGMT(for: july) == offset
  }

  /// `Bangkok, Hanoi, Jakarta` as lowercased cities; `Yangon (Rangoon)` gives both names.
  private static func cities(_ label: String) -> [String] {
    label.split(whereSeparator: { ",()".contains($0) }).map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }.filter { !$0.isEmpty }
  }

  /// Every IANA zone by its last part in lowercase with spaces (`asia/ho_chi_minh` → `ho chi minh`).
  private static let ianaZonesByCity: [String: String] = {
    var result: [String: String] = [:]
    for identifier in TimeZone.knownTimeZoneIdentifiers where identifier.contains("/") {
      guard let last = identifier.split(separator: "/").last else { continue }
      let city = last.replacingOccurrences(of: "_", with: " ").lowercased()
      if result[city] == nil { result[city] = identifier }
    }
    return result
  }()
}
