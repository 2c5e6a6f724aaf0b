import Foundation

extension RFC5322Date {
  private static let monthNames = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]

  /// Offsets in minutes of the zone names RFC 5322 section 4.3 keeps (obsolete but common).
  private static let zoneNames: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
  ]

  /// Parses the common forms of an RFC 5322 `date-time`, e.g. `Mon, 7 Dec 2026 10:00:00 +0700`.
  ///
  /// The weekday is optional (and not checked), seconds are optional, a two-digit year is
  /// 19xx from 50 up and 20xx below, the zone may be `+hhmm`, `+hh:mm`, `UT`, `GMT`, `Z` or
  /// a US zone name, and a missing or unknown zone is read as UTC. Comments such as `(WIB)`
  /// are ignored. Returns nil when the date or time is missing or out of range.
  public static func parse(_ text: String) -> Date? {
    var cleaned = ""
    var depth = 0
    for character in text.prefix(200) {
      if character == "(" {
        depth += 1
      } else if character == ")" && depth > 0 {
        depth -= 1
      } else if depth == 0 {
        cleaned.append(character == "," ? " " : character)
      }
    }
    var tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
      $0.lowercased()
    }
    if let first = tokens.first, first.first?.isLetter == true, first.count >= 3,
      !monthNames.contains(String(first.prefix(3))) || first.hasSuffix(".")
    {
      tokens.removeFirst()  // the weekday
    }
    guard tokens.count >= 4 else { return nil }
    var day: Int?
    var month: Int?
    // `7 Dec 2026` and the occasional `Dec 7 2026`.
    if let number = Int(tokens[0]), let index = monthIndex(tokens[1]) {
      day = number
      month = index
    } else if let index = monthIndex(tokens[0]), let number = Int(tokens[1]) {
      day = number
      month = index
    }
    let yearToken = tokens[2]
    guard let day, let month, let rawYear = Int(yearToken), rawYear >= 0 else { return nil }
    let year =
      switch yearToken.count {
      case 1, 2: rawYear < 50 ? 2000 + rawYear : 1900 + rawYear
      case 3: 1900 + rawYear
      default: rawYear
      }
    let time = tokens[3].split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(time.count), let hour = Int(time[0]), let minute = Int(time[1])
    else { return nil }
    let second = time.count == 3 ? Int(time[2].prefix(2)) : 0
    guard let second, (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
      (0...60).contains(second), (1...9999).contains(year)
    else { return nil }
    let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0

    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard day <= monthLengths[month - 1] else { return nil }
    let seconds =
      daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
      + min(second, 59) - offset * 60
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  /// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shifted = month <= 2 ? year - 1 : year
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func monthIndex(_ token: String) -> Int? {
    guard token.count >= 3, let index = monthNames.firstIndex(of: String(token.prefix(3))) else {
      return nil
    }
    return index + 1
  }

  /// The zone's offset in minutes; 0 for an unknown zone.
  private static func zoneOffset(_ token: String) -> Int {
    if let named = zoneNames[token] { return named }
    guard let sign = token.first, sign == "+" || sign == "-" else { return 0 }
    let digits = token.dropFirst().filter { $0 != ":" }
    guard digits.count == 4, digits.allSatisfy(\.isASCII), let value = Int(digits) else {
      return 0
    }
    let minutes = value / 100 * 60 + value % 100
    guard value % 100 < 60, minutes <= 14 * 60 else { return 0 }
    return sign == "-" ? -minutes : minutes
  }
}
