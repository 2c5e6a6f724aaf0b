import Foundation
import PokjaCore
import PokjaRecurrence
import PokjaScheduling

/// Says how a series repeats, in words, for messages: "setiap Senin pertama dalam sebulan, 12 kali"
/// or "on the first Monday of every month, 12 times". Rules without a plain wording are given as
/// their RRULE.
public enum RepetitionText {
  private static let indonesianDays = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
  ]
  private static let englishDays = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  ]

  /// The wording of `meeting`'s repetition, or nil for a one-off.
  public static func describe(_ meeting: Meeting, language: Language) -> String? {
    guard let recurrence = meeting.recurrence else { return nil }
    guard let ruleText = recurrence.rule, let rule = try? RecurrenceRule(parsing: ruleText) else {
      return language == .indonesian ? "pada tanggal tertentu" : "on set dates"
    }
    let id = language == .indonesian
    var base: String?
    let days = rule.byDay
    let plainDays = days.allSatisfy { $0.ordinal == nil }
    func dayName(_ day: RecurrenceRule.Weekday) -> String {
      // Weekday raw values run Monday = 0 … Sunday = 6 in PokjaRecurrence.
      let index = Self.index(of: day)
      return id ? indonesianDays[index] : englishDays[index]
    }
    func list(_ names: [String]) -> String {
      guard names.count > 1 else { return names.first ?? "" }
      return names.dropLast().joined(separator: ", ") + (id ? " dan " : " and ") + names.last!
    }
    let interval = rule.interval
    let onlySimple =
      rule.byMonth.isEmpty && rule.byYearDay.isEmpty && rule.byWeekNumber.isEmpty
      && rule.bySetPosition.isEmpty && rule.byHour.isEmpty && rule.byMinute.isEmpty
      && rule.bySecond.isEmpty
    if onlySimple {
      switch rule.frequency {
      case .daily where days.isEmpty && rule.byMonthDay.isEmpty:
        base =
          interval == 1
          ? (id ? "setiap hari" : "every day")
          : (id ? "setiap \(interval) hari" : "every \(interval) days")
      case .weekly where plainDays && rule.byMonthDay.isEmpty:
        let weekdaysOnly = Set(days.map { index(of: $0.weekday) }) == [0, 1, 2, 3, 4]
        if weekdaysOnly, interval == 1 {
          base = id ? "setiap hari kerja" : "every weekday"
        } else {
          let names = days.isEmpty ? [] : days.map { dayName($0.weekday) }
          let every =
            interval == 1
            ? (id ? "setiap" : "every")
            : (id ? "setiap \(interval) minggu," : "every \(interval) weeks on")
          base =
            names.isEmpty
            ? (interval == 1
              ? (id ? "setiap minggu" : "every week")
              : (id ? "setiap \(interval) minggu" : "every \(interval) weeks"))
            : "\(every) \(list(names))"
        }
      case .monthly where days.count == 1 && days[0].ordinal != nil && rule.byMonthDay.isEmpty:
        let ordinal = days[0].ordinal!
        let name = dayName(days[0].weekday)
        let months =
          interval == 1
          ? (id ? "setiap bulan" : "every month")
          : (id ? "setiap \(interval) bulan" : "every \(interval) months")
        base =
          id
          ? "\(name) \(indonesianOrdinal(ordinal)) \(months)"
          : "on the \(englishOrdinal(ordinal)) \(name) of \(months)"
      case .monthly where days.isEmpty && rule.byMonthDay.count == 1:
        let day = rule.byMonthDay[0]
        let months =
          interval == 1
          ? (id ? "setiap bulan" : "every month")
          : (id ? "setiap \(interval) bulan" : "every \(interval) months")
        base =
          day == -1
          ? (id ? "hari terakhir \(months)" : "on the last day of \(months)")
          : (id ? "setiap tanggal \(day), \(months)" : "on day \(day) of \(months)")
      case .monthly where days.isEmpty && rule.byMonthDay.isEmpty:
        base =
          interval == 1
          ? (id ? "setiap bulan" : "every month")
          : (id ? "setiap \(interval) bulan" : "every \(interval) months")
      case .yearly where days.isEmpty && rule.byMonthDay.isEmpty:
        base =
          interval == 1
          ? (id ? "setiap tahun" : "every year")
          : (id ? "setiap \(interval) tahun" : "every \(interval) years")
      default: break
      }
    }
    var text = base ?? "RRULE \(rule)"
    if let count = rule.count { text += id ? ", \(count) kali" : ", \(count) times" }
    if let until = rule.until, case .utc(let time) = until,
      let instant = try? time.date(in: .gmt)
    {
      // UNTIL just before an occurrence's time (as a split writes it) means the day before.
      let zone = meeting.timeZone
      let untilClock = LocalTime.components(instant, zone)
      let startClock = LocalTime.components(meeting.start, zone)
      let before =
        (untilClock.hour ?? 0, untilClock.minute ?? 0) < (
          startClock.hour ?? 0, startClock.minute ?? 0
        )
      let day = before ? instant.addingTimeInterval(-86_400) : instant
      text += (id ? ", sampai " : ", until ") + LocalizedDate.day(day, in: zone, language: language)
    }
    return text
  }

  private static func index(of day: RecurrenceRule.Weekday) -> Int {
    RecurrenceRule.Weekday.allCases.firstIndex(of: day) ?? 0
  }

  private static func indonesianOrdinal(_ value: Int) -> String {
    switch value {
    case 1: "pertama"
    case 2: "kedua"
    case 3: "ketiga"
    case 4: "keempat"
    case 5: "kelima"
    case -1: "terakhir"
    default: "ke-\(value)"
    }
  }

  private static func englishOrdinal(_ value: Int) -> String {
    switch value {
    case 1: "first"
    case 2: "second"
    case 3: "third"
    case 4: "fourth"
    case 5: "fifth"
    case -1: "last"
    case -2: "second-to-last"
    default: "\(value)th"
    }
  }
}
