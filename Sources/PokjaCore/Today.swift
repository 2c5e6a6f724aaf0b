import Foundation
import Synchronization

/// Which day it is for the secretariat: the injected clock's instant as a civil date in the
/// configured zone (`[calendar] time_zone`). Membership dates (`since`, `until`) are such days, so
/// this decides who still belongs where.
///
/// ```swift
/// let today = Today(clock: FixedClock(date), timeZone: TimeZone(identifier: "Asia/Jayapura")!)
/// membership.isCurrent(on: today.day)
/// ```
///
/// The day is worked out once and kept until the clock leaves it: directories are read a contact
/// at a time, and formatting the date for each of 100,000 contacts doubled an import's time.
public struct Today: Sendable {
  /// The source of "now".
  public let clock: any WallClock
  /// The zone whose calendar says which day it is.
  public let timeZone: TimeZone
  private let cache = DayCache()

  /// The day of `clock` in `timeZone`. The defaults are the machine's clock in Asia/Jakarta, the
  /// configuration's default zone; commands pass the configured clock and zone.
  public init(
    clock: any WallClock = SystemClock(),
    timeZone: TimeZone = IndonesianTimeZone.wib.timeZone
  ) {
    self.clock = clock
    self.timeZone = timeZone
  }

  /// Today, `2026-11-29`.
  public var day: String { day(of: clock.now()) }

  /// `2026-11-29`: the day `date` falls on in the zone, as membership dates are written.
  public func day(of date: Date) -> String {
    if let known = cache.day(at: date) { return known }
    let offset = timeZone.secondsFromGMT(for: date)
    let local = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
    let dayNumber = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let (year, month, day) = CivilDate.date(dayNumber: dayNumber)
    let text = Self.text(year: year, month: month, day: day)
    // The day's bounds follow from the offset only when the zone's offset holds all day (a day
    // the clocks change is worked out afresh each time).
    let start = Date(timeIntervalSince1970: Double(dayNumber * 86_400 - offset))
    let end = start.addingTimeInterval(86_400)
    if (timeZone.nextDaylightSavingTimeTransition(after: start).map { $0 >= end }) ?? true {
      cache.keep(text, from: start, to: end)
    }
    return text
  }

  private static func text(year: Int, month: Int, day: Int) -> String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }
}

/// The last day worked out and the instants it covers.
private final class DayCache: Sendable {
  private struct Entry {
    let start: Date
    let end: Date
    let day: String
  }
  private let entry = Mutex<Entry?>(nil)

  func day(at date: Date) -> String? {
    entry.withLock { entry in
      guard let entry, entry.start <= date, date < entry.end else { return nil }
      return entry.day
    }
  }

  func keep(_ day: String, from start: Date, to end: Date) {
    entry.withLock { $0 = Entry(start: start, end: end, day: day) }
  }
}
