import Foundation

/// Windows time-zone names, as Outlook and Exchange write them in TZID, mapped to IANA zones.
///
/// Each entry is the `territory="001"` (primary) zone of Unicode CLDR's
/// `common/supplemental/windowsZones.xml`, and the label is the Windows display name that file
/// gives in a comment, without its `(UTC+07:00)` prefix. Where CLDR keeps an older alias
/// (Asia/Calcutta, Asia/Katmandu, Asia/Rangoon, Europe/Kiev, America/Buenos_Aires,
/// America/Godthab) the current IANA name is used instead; both name the same zone. UTC stays
/// Etc/UTC: Foundation on Linux turns a plain `UTC` into `GMT`.
enum WindowsTimeZones {
  struct Entry {
    let windowsName: String
    let iana: String
    let label: String
  }

  static let entries: [Entry] = [
    Entry(
      windowsName: "Dateline Standard Time", iana: "Etc/GMT+12",
      label: "International Date Line West"),
    Entry(windowsName: "UTC-11", iana: "Etc/GMT+11", label: "Coordinated Universal Time-11"),
    Entry(windowsName: "Hawaiian Standard Time", iana: "Pacific/Honolulu", label: "Hawaii"),
    Entry(windowsName: "Alaskan Standard Time", iana: "America/Anchorage", label: "Alaska"),
    Entry(
      windowsName: "Pacific Standard Time (Mexico)", iana: "America/Tijuana",
      label: "Baja California"),
    Entry(
      windowsName: "Pacific Standard Time", iana: "America/Los_Angeles",
      label: "Pacific Time (US & Canada)"),
    Entry(windowsName: "US Mountain Standard Time", iana: "America/Phoenix", label: "Arizona"),
    Entry(
      windowsName: "Mountain Standard Time", iana: "America/Denver",
      label: "Mountain Time (US & Canada)"),
    Entry(
      windowsName: "Central America Standard Time", iana: "America/Guatemala",
      label: "Central America"),
    Entry(
      windowsName: "Central Standard Time", iana: "America/Chicago",
      label: "Central Time (US & Canada)"),
    Entry(
      windowsName: "Central Standard Time (Mexico)", iana: "America/Mexico_City",
      label: "Guadalajara, Mexico City, Monterrey"),
    Entry(
      windowsName: "Canada Central Standard Time", iana: "America/Regina", label: "Saskatchewan"),
    Entry(
      windowsName: "SA Pacific Standard Time", iana: "America/Bogota",
      label: "Bogota, Lima, Quito, Rio Branco"),
    Entry(
      windowsName: "Eastern Standard Time", iana: "America/New_York",
      label: "Eastern Time (US & Canada)"),
    Entry(
      windowsName: "Atlantic Standard Time", iana: "America/Halifax",
      label: "Atlantic Time (Canada)"),
    Entry(windowsName: "Venezuela Standard Time", iana: "America/Caracas", label: "Caracas"),
    Entry(
      windowsName: "SA Western Standard Time", iana: "America/La_Paz",
      label: "Georgetown, La Paz, Manaus, San Juan"),
    Entry(windowsName: "Pacific SA Standard Time", iana: "America/Santiago", label: "Santiago"),
    Entry(
      windowsName: "Newfoundland Standard Time", iana: "America/St_Johns", label: "Newfoundland"),
    Entry(
      windowsName: "E. South America Standard Time", iana: "America/Sao_Paulo", label: "Brasilia"),
    Entry(
      windowsName: "SA Eastern Standard Time", iana: "America/Cayenne", label: "Cayenne, Fortaleza"),
    Entry(
      windowsName: "Argentina Standard Time", iana: "America/Argentina/Buenos_Aires",
      label: "City of Buenos Aires"),
    Entry(windowsName: "Greenland Standard Time", iana: "America/Nuuk", label: "Greenland"),
    Entry(windowsName: "Azores Standard Time", iana: "Atlantic/Azores", label: "Azores"),
    Entry(windowsName: "UTC", iana: "Etc/UTC", label: "Coordinated Universal Time"),
    Entry(
      windowsName: "GMT Standard Time", iana: "Europe/London",
      label: "Dublin, Edinburgh, Lisbon, London"),
    Entry(
      windowsName: "Greenwich Standard Time", iana: "Atlantic/Reykjavik",
      label: "Monrovia, Reykjavik"),
    Entry(windowsName: "Morocco Standard Time", iana: "Africa/Casablanca", label: "Casablanca"),
    Entry(
      windowsName: "W. Europe Standard Time", iana: "Europe/Berlin",
      label: "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
    Entry(
      windowsName: "Central Europe Standard Time", iana: "Europe/Budapest",
      label: "Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
    Entry(
      windowsName: "Romance Standard Time", iana: "Europe/Paris",
      label: "Brussels, Copenhagen, Madrid, Paris"),
    Entry(
      windowsName: "Central European Standard Time", iana: "Europe/Warsaw",
      label: "Sarajevo, Skopje, Warsaw, Zagreb"),
    Entry(
      windowsName: "W. Central Africa Standard Time", iana: "Africa/Lagos",
      label: "West Central Africa"),
    Entry(windowsName: "Jordan Standard Time", iana: "Asia/Amman", label: "Amman"),
    Entry(windowsName: "GTB Standard Time", iana: "Europe/Bucharest", label: "Athens, Bucharest"),
    Entry(windowsName: "Middle East Standard Time", iana: "Asia/Beirut", label: "Beirut"),
    Entry(windowsName: "Egypt Standard Time", iana: "Africa/Cairo", label: "Cairo"),
    Entry(windowsName: "E. Europe Standard Time", iana: "Europe/Chisinau", label: "Chisinau"),
    Entry(
      windowsName: "South Africa Standard Time", iana: "Africa/Johannesburg",
      label: "Harare, Pretoria"),
    Entry(
      windowsName: "FLE Standard Time", iana: "Europe/Kyiv",
      label: "Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
    Entry(windowsName: "Israel Standard Time", iana: "Asia/Jerusalem", label: "Jerusalem"),
    Entry(windowsName: "Arabic Standard Time", iana: "Asia/Baghdad", label: "Baghdad"),
    Entry(windowsName: "Turkey Standard Time", iana: "Europe/Istanbul", label: "Istanbul"),
    Entry(windowsName: "Arab Standard Time", iana: "Asia/Riyadh", label: "Kuwait, Riyadh"),
    Entry(
      windowsName: "Russian Standard Time", iana: "Europe/Moscow", label: "Moscow, St. Petersburg"),
    Entry(windowsName: "E. Africa Standard Time", iana: "Africa/Nairobi", label: "Nairobi"),
    Entry(windowsName: "Iran Standard Time", iana: "Asia/Tehran", label: "Tehran"),
    Entry(windowsName: "Arabian Standard Time", iana: "Asia/Dubai", label: "Abu Dhabi, Muscat"),
    Entry(windowsName: "Azerbaijan Standard Time", iana: "Asia/Baku", label: "Baku"),
    Entry(windowsName: "Mauritius Standard Time", iana: "Indian/Mauritius", label: "Port Louis"),
    Entry(windowsName: "Georgian Standard Time", iana: "Asia/Tbilisi", label: "Tbilisi"),
    Entry(windowsName: "Caucasus Standard Time", iana: "Asia/Yerevan", label: "Yerevan"),
    Entry(windowsName: "Afghanistan Standard Time", iana: "Asia/Kabul", label: "Kabul"),
    Entry(
      windowsName: "West Asia Standard Time", iana: "Asia/Tashkent", label: "Ashgabat, Tashkent"),
    Entry(
      windowsName: "Ekaterinburg Standard Time", iana: "Asia/Yekaterinburg", label: "Ekaterinburg"),
    Entry(windowsName: "Pakistan Standard Time", iana: "Asia/Karachi", label: "Islamabad, Karachi"),
    Entry(
      windowsName: "India Standard Time", iana: "Asia/Kolkata",
      label: "Chennai, Kolkata, Mumbai, New Delhi"),
    Entry(
      windowsName: "Sri Lanka Standard Time", iana: "Asia/Colombo", label: "Sri Jayawardenepura"),
    Entry(windowsName: "Nepal Standard Time", iana: "Asia/Kathmandu", label: "Kathmandu"),
    Entry(windowsName: "Bangladesh Standard Time", iana: "Asia/Dhaka", label: "Dhaka"),
    Entry(windowsName: "Myanmar Standard Time", iana: "Asia/Yangon", label: "Yangon (Rangoon)"),
    Entry(
      windowsName: "SE Asia Standard Time", iana: "Asia/Bangkok", label: "Bangkok, Hanoi, Jakarta"),
    Entry(windowsName: "North Asia Standard Time", iana: "Asia/Krasnoyarsk", label: "Krasnoyarsk"),
    Entry(
      windowsName: "N. Central Asia Standard Time", iana: "Asia/Novosibirsk", label: "Novosibirsk"),
    Entry(
      windowsName: "China Standard Time", iana: "Asia/Shanghai",
      label: "Beijing, Chongqing, Hong Kong, Urumqi"),
    Entry(windowsName: "North Asia East Standard Time", iana: "Asia/Irkutsk", label: "Irkutsk"),
    Entry(
      windowsName: "Singapore Standard Time", iana: "Asia/Singapore",
      label: "Kuala Lumpur, Singapore"),
    Entry(windowsName: "W. Australia Standard Time", iana: "Australia/Perth", label: "Perth"),
    Entry(windowsName: "Taipei Standard Time", iana: "Asia/Taipei", label: "Taipei"),
    Entry(windowsName: "Ulaanbaatar Standard Time", iana: "Asia/Ulaanbaatar", label: "Ulaanbaatar"),
    Entry(windowsName: "Tokyo Standard Time", iana: "Asia/Tokyo", label: "Osaka, Sapporo, Tokyo"),
    Entry(windowsName: "Korea Standard Time", iana: "Asia/Seoul", label: "Seoul"),
    Entry(windowsName: "Yakutsk Standard Time", iana: "Asia/Yakutsk", label: "Yakutsk"),
    Entry(
      windowsName: "Cen. Australia Standard Time", iana: "Australia/Adelaide", label: "Adelaide"),
    Entry(windowsName: "AUS Central Standard Time", iana: "Australia/Darwin", label: "Darwin"),
    Entry(windowsName: "E. Australia Standard Time", iana: "Australia/Brisbane", label: "Brisbane"),
    Entry(
      windowsName: "AUS Eastern Standard Time", iana: "Australia/Sydney",
      label: "Canberra, Melbourne, Sydney"),
    Entry(
      windowsName: "West Pacific Standard Time", iana: "Pacific/Port_Moresby",
      label: "Guam, Port Moresby"),
    Entry(windowsName: "Tasmania Standard Time", iana: "Australia/Hobart", label: "Hobart"),
    Entry(windowsName: "Vladivostok Standard Time", iana: "Asia/Vladivostok", label: "Vladivostok"),
    Entry(
      windowsName: "Central Pacific Standard Time", iana: "Pacific/Guadalcanal",
      label: "Solomon Is., New Caledonia"),
    Entry(
      windowsName: "New Zealand Standard Time", iana: "Pacific/Auckland",
      label: "Auckland, Wellington"),
    Entry(windowsName: "UTC+12", iana: "Etc/GMT-12", label: "Coordinated Universal Time+12"),
    Entry(windowsName: "Fiji Standard Time", iana: "Pacific/Fiji", label: "Fiji"),
    Entry(windowsName: "Tonga Standard Time", iana: "Pacific/Tongatapu", label: "Nuku'alofa"),
    Entry(windowsName: "Samoa Standard Time", iana: "Pacific/Apia", label: "Samoa"),
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
