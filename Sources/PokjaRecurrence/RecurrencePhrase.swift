import Foundation

/// Turns how secretaries say a repetition, in English or Bahasa Indonesia, into an RRULE:
/// "first monday of the month" and "senin pertama setiap bulan" both give `FREQ=MONTHLY;BYDAY=1MO`.
///
/// Understood (case and extra spaces do not matter; `tiap` = `setiap`, `pekan` = `minggu`):
/// - every day / daily / setiap hari; every weekday / setiap hari kerja
/// - every week / weekly / setiap minggu; every 2 weeks / setiap 2 minggu
/// - every monday (and thursday) / setiap senin (dan kamis) / setiap hari senin; every 2 weeks on tuesday
/// - first|second|third|fourth|fifth|last|1st… monday of the month / senin pertama|kedua|ke-3|terakhir setiap bulan
/// - every month / monthly / setiap bulan; every 3 months / every quarter / setiap 3 bulan / setiap triwulan
/// - the 15th of every month / monthly on the 15th / setiap tanggal 15 / tanggal 15 setiap bulan
/// - last day of the month / hari terakhir setiap bulan
/// - every year / yearly / annually / setiap tahun
public enum RecurrencePhrase {
  /// The RRULE for `text`, or `unknownPhrase`.
  public static func rule(for text: String) throws(RecurrenceError) -> RecurrenceRule {
    let words = normalise(text)
    guard let rule = interpret(words) else { throw .unknownPhrase(text) }
    return rule
  }

  private static func normalise(_ text: String) -> [String] {
    var cleaned = text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
    for (from, to) in [
      ("jum'at", "jumat"), ("ke-", "ke "), (",", " "), ("&", " and "), ("setiap", "tiap"),
      ("tiap", "setiap"), ("pekan", "minggu"),
    ] {
      cleaned = cleaned.replacingOccurrences(of: from, with: to)
    }
    let filler: Set<String> = ["the", "of", "on", "a", "at", "in", "pada", "di", "and", "dan"]
    let words = cleaned.split(whereSeparator: \.isWhitespace).map(String.init)
      .filter { !filler.contains($0) }
    var kept: [String] = []
    var index = 0
    while index < words.count {
      let next = index + 1 < words.count ? words[index + 1] : nil
      if words[index] == "hari", next == "minggu" {
        // "hari minggu" is Sunday; "minggu" alone is a week.
        kept.append("sunday")
        index += 2
        continue
      }
      if words[index] == "hari", let next, weekdays[next] != nil {
        index += 1
        continue
      }
      kept.append(words[index])
      index += 1
    }
    return kept
  }

  private static let weekdays: [String: RecurrenceRule.Weekday] = [
    "monday": .monday, "mon": .monday, "senin": .monday,
    "tuesday": .tuesday, "tue": .tuesday, "selasa": .tuesday,
    "wednesday": .wednesday, "wed": .wednesday, "rabu": .wednesday,
    "thursday": .thursday, "thu": .thursday, "kamis": .thursday,
    "friday": .friday, "fri": .friday, "jumat": .friday,
    "saturday": .saturday, "sat": .saturday, "sabtu": .saturday,
    "sunday": .sunday, "sun": .sunday, "ahad": .sunday,
  ]

  private static let ordinals: [String: Int] = [
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
    "kelima": 5, "terakhir": -1,
  ]

  private static func interpret(_ words: [String]) -> RecurrenceRule? {
    var rest = words
    if rest.first == "every" || rest.first == "setiap" { rest.removeFirst() }
    // "ke 2" → 2 (ordinal), "2" alone → interval or day number.
    func build(
      _ frequency: RecurrenceRule.Frequency, interval: Int = 1,
      byDay: [RecurrenceRule.WeekdayNumber] = [], byMonthDay: [Int] = []
    ) -> RecurrenceRule? {
      try? RecurrenceRule(
        frequency: frequency, interval: interval, byDay: byDay, byMonthDay: byMonthDay)
    }
    switch rest {
    case ["day"], ["daily"], ["hari"], ["harian"]: return build(.daily)
    case ["weekday"], ["working", "day"], ["workday"], ["hari", "kerja"]:
      return build(
        .weekly, byDay: [.monday, .tuesday, .wednesday, .thursday, .friday].map { .init($0) })
    case ["week"], ["weekly"], ["minggu"], ["mingguan"]: return build(.weekly)
    case ["month"], ["monthly"], ["bulan"], ["bulanan"]: return build(.monthly)
    case ["quarter"], ["quarterly"], ["triwulan"], ["kuartal"]: return build(.monthly, interval: 3)
    case ["year"], ["yearly"], ["annually"], ["tahun"], ["tahunan"]: return build(.yearly)
    case ["last", "day", "month"], ["hari", "terakhir", "bulan"],
      ["hari", "terakhir", "setiap", "bulan"],
      ["last", "day", "every", "month"]:
      return build(.monthly, byMonthDay: [-1])
    default: break
    }
    // "2 weeks", "3 bulan", optionally followed by "on monday".
    if let first = rest.first, let interval = Int(first), interval > 0, rest.count >= 2 {
      let unit = rest[1]
      let days = rest.dropFirst(2).compactMap { weekdays[$0] }
      guard days.count == rest.count - 2 else { return nil }
      switch unit {
      case "days", "day", "hari": return days.isEmpty ? build(.daily, interval: interval) : nil
      case "weeks", "week", "minggu":
        return build(.weekly, interval: interval, byDay: days.map { .init($0) })
      case "months", "month", "bulan":
        return days.isEmpty ? build(.monthly, interval: interval) : nil
      case "years", "year", "tahun": return days.isEmpty ? build(.yearly, interval: interval) : nil
      default: return nil
      }
    }
    // "monday and thursday", "senin kamis".
    if !rest.isEmpty, rest.allSatisfy({ weekdays[$0] != nil }) {
      return build(.weekly, byDay: rest.compactMap { weekdays[$0] }.map { .init($0) })
    }
    // Day of the month: "15th month", "month 15th", "tanggal 15 (setiap) bulan", "tanggal 15".
    let withoutMonth = rest.filter {
      !["month", "every", "monthly", "bulan", "setiap"].contains($0)
    }
    if withoutMonth.count == 1 || withoutMonth.first == "tanggal" && withoutMonth.count == 2 {
      let token = withoutMonth.last!
      let digits = token.prefix { $0.isNumber }
      let suffix = token.dropFirst(digits.count)
      if let day = Int(digits), (1...31).contains(day),
        ["", "st", "nd", "rd", "th"].contains(String(suffix)),
        withoutMonth.first == "tanggal" || !suffix.isEmpty || rest.contains("day")
      {
        return build(.monthly, byMonthDay: [day])
      }
    }
    // Numbered weekdays: "first monday month", "senin pertama setiap bulan", "senin ke 2 bulan",
    // "first and third monday of the month", "senin kedua dan keempat setiap bulan".
    var ordinalList: [Int] = []
    var weekdayList: [RecurrenceRule.Weekday] = []
    var index = 0
    while index < rest.count {
      let word = rest[index]
      if let value = ordinals[word] {
        ordinalList.append(value)
      } else if word == "ke", index + 1 < rest.count, let value = Int(rest[index + 1]) {
        ordinalList.append(value)
        index += 1
      } else if let day = weekdays[word] {
        weekdayList.append(day)
      } else if !["month", "bulan", "every", "setiap", "monthly"].contains(word) {
        return nil
      }
      index += 1
    }
    if !ordinalList.isEmpty, !weekdayList.isEmpty,
      ordinalList.allSatisfy({ (1...5).contains(abs($0)) })
    {
      let days = weekdayList.flatMap { day in
        ordinalList.map { RecurrenceRule.WeekdayNumber(day, ordinal: $0) }
      }
      return build(.monthly, byDay: days)
    }
    return nil
  }
}
