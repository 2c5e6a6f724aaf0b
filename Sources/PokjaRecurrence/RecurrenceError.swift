import Foundation

/// Why a recurrence cannot be used. Each message names the part that is wrong and how to fix it.
public enum RecurrenceError: Error, Equatable, Sendable {
  case empty
  /// A part without `=`.
  case malformedPart(String)
  case unknownPart(String)
  case repeatedPart(String)
  /// `NAME=` with nothing after it.
  case missingValue(part: String)
  /// `1,,2`.
  case emptyListItem(part: String, value: String)
  case missingFrequency
  case unknownFrequency(String)
  case notANumber(part: String, value: String, allowed: String)
  case outOfRange(part: String, value: String, allowed: String)
  case invalidWeekday(part: String, value: String, weekday: String)
  /// `BYDAY=6MO` with FREQ=MONTHLY, `BYDAY=0MO`.
  case ordinalOutOfRange(value: String, allowed: String)
  /// `BYDAY=1MO` with FREQ=WEEKLY or finer.
  case ordinalNeedsMonthlyOrYearly(value: String, frequency: RecurrenceRule.Frequency)
  /// `BYDAY=1MO` with BYWEEKNO.
  case ordinalWithWeekNumber(value: String)
  /// BYWEEKNO other than yearly, BYYEARDAY daily to monthly, BYMONTHDAY weekly (RFC 5545 §3.3.10).
  case partNotAllowed(part: String, value: String, frequency: RecurrenceRule.Frequency)
  /// BYSETPOS needs another BY… part to pick from.
  case setPositionWithoutOtherPart(value: String)
  case countAndUntil
  case invalidUntil(String)
  case untilBeforeStart(until: String, start: LocalDateTime)
  case unknownTimeZone(String, suggestion: String? = nil)
  /// A wall-clock time the clocks skip in that zone.
  case nonexistentLocalTime(LocalDateTime, zone: String)
  /// An `--every` phrase that is not understood.
  case unknownPhrase(String)
}

extension RecurrenceError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .empty:
      "The rule is empty; write an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO"
    case .malformedPart(let part):
      "'\(part)' is not a rule part; write NAME=VALUE parts separated by ';', e.g. FREQ=MONTHLY;BYDAY=1MO"
    case .unknownPart(let name):
      "'\(name)' is not an RRULE part; use FREQ, INTERVAL, COUNT, UNTIL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS or WKST"
    case .repeatedPart(let name):
      "\(name) is given twice; keep one \(name)=… part"
    case .missingValue(let part):
      "\(part)= has no value; write e.g. \(part)=\(Self.example(part))"
    case .emptyListItem(let part, let value):
      "\(part)=\(value): an empty item between commas; remove the extra comma"
    case .missingFrequency:
      "The rule has no FREQ; start it with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY (or SECONDLY, MINUTELY, HOURLY)"
    case .unknownFrequency(let value):
      "FREQ=\(value): '\(value)' is not a frequency; use SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY"
    case .notANumber(let part, let value, let allowed):
      "\(part)=\(value): '\(value)' is not a whole number; use \(allowed)"
    case .outOfRange(let part, let value, let allowed):
      "\(part)=\(value): \(value) is out of range; use \(allowed)"
    case .invalidWeekday(let part, let value, let weekday):
      "\(part)=\(value): '\(weekday)' is not a weekday; use MO, TU, WE, TH, FR, SA or SU"
    case .ordinalOutOfRange(let value, let allowed):
      "BYDAY=\(value): the number before the weekday is out of range; use \(allowed)"
    case .ordinalNeedsMonthlyOrYearly(let value, let frequency):
      "BYDAY=\(value): a numbered weekday (first, last, …) needs FREQ=MONTHLY or FREQ=YEARLY, not FREQ=\(frequency.name); write BYDAY=\(Self.weekdayCode(value)) for every one"
    case .ordinalWithWeekNumber(let value):
      "BYDAY=\(value): a numbered weekday cannot be combined with BYWEEKNO; write BYDAY=\(Self.weekdayCode(value)) for that weekday of each week"
    case .partNotAllowed(let part, let value, let frequency):
      switch part {
      case "BYWEEKNO":
        "BYWEEKNO=\(value): week numbers do not work with FREQ=\(frequency.name); use FREQ=YEARLY"
      case "BYYEARDAY":
        "BYYEARDAY=\(value): days of the year do not work with FREQ=\(frequency.name); use FREQ=YEARLY"
      case "BYMONTHDAY":
        "BYMONTHDAY=\(value): days of the month do not work with FREQ=\(frequency.name); use FREQ=MONTHLY, or BYDAY for days of the week"
      default:
        "\(part)=\(value) cannot be used with FREQ=\(frequency.name)"
      }
    case .setPositionWithoutOtherPart(let value):
      "BYSETPOS=\(value): BYSETPOS picks from the set that other BY… parts make, and there is none; add one, e.g. BYDAY=MO,TU,WE,TH,FR"
    case .countAndUntil:
      "COUNT and UNTIL cannot both be given; keep one of them"
    case .invalidUntil(let value):
      "UNTIL=\(value): not a date or date-time; write 20261231, 20261231T235959Z (UTC) or 20261231T235959 (local time)"
    case .untilBeforeStart(let until, let start):
      "UNTIL=\(until) is before the start (\(start)), so the rule gives nothing; use a later UNTIL or an earlier start"
    case .unknownTimeZone(let name, nil):
      "'\(name)' is not a known time zone; use an IANA name such as Asia/Jakarta, Europe/Amsterdam or America/New_York (or WIB, WITA, WIT)"
    case .unknownTimeZone(let name, let suggestion?):
      "'\(name)' is not a known time zone; did you mean '\(suggestion)'? Use an IANA name such as Asia/Jakarta, Europe/Amsterdam or America/New_York (or WIB, WITA, WIT, UTC)"
    case .nonexistentLocalTime(let time, let zone):
      "\(time) does not exist in \(zone): the clocks jump past it (daylight saving time starts); choose a time outside the gap"
    case .unknownPhrase(let text):
      "'\(text)' is not a repetition Pokja understands; write e.g. \"first monday of the month\", \"senin pertama setiap bulan\", \"every 2 weeks on tuesday\", \"setiap tanggal 15\", \"every weekday\", or give an RRULE with --rrule"
    }
  }

  private static func weekdayCode(_ value: String) -> String {
    String(value.drop { $0 == "+" || $0 == "-" || $0.isNumber }).uppercased()
  }

  private static func example(_ part: String) -> String {
    switch part {
    case "FREQ": "WEEKLY"
    case "INTERVAL": "2"
    case "COUNT": "10"
    case "UNTIL": "20261231T235959Z"
    case "BYSECOND": "0"
    case "BYMINUTE": "30"
    case "BYHOUR": "9"
    case "BYDAY", "WKST": "MO"
    case "BYMONTHDAY": "1"
    case "BYYEARDAY": "100"
    case "BYWEEKNO": "20"
    case "BYMONTH": "6"
    case "BYSETPOS": "-1"
    default: "…"
    }
  }
}
