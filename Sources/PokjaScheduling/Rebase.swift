import Foundation
import PokjaCore
import PokjaRecurrence

/// Moves an occurrence identity along with a series' start: the same number of days later or
/// earlier, at the new time of day.
struct Rebase {
  let days: Int
  let hour: Int
  let minute: Int
  let second: Int
  let calendar: Calendar

  /// `shiftDays`: whether the dates move with the start (a plain "every week" rule moved from
  /// Monday to Tuesday); for rules with BY… parts ("first monday") they keep their dates and only
  /// take the new time of day.
  init(from old: Date, to new: Date, zone: TimeZone, shiftDays: Bool = true) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    self.calendar = calendar
    days =
      shiftDays
      ? calendar.dateComponents(
        [.day], from: calendar.startOfDay(for: old), to: calendar.startOfDay(for: new)
      ).day ?? 0 : 0
    let time = calendar.dateComponents([.hour, .minute, .second], from: new)
    hour = time.hour ?? 0
    minute = time.minute ?? 0
    second = time.second ?? 0
  }

  func apply(_ date: Date) -> Date {
    guard let day = calendar.date(byAdding: .day, value: days, to: date),
      let moved = calendar.date(bySettingHour: hour, minute: minute, second: second, of: day)
    else { return date }
    return moved
  }

  /// A changed occurrence of a series whose occurrences last `length` and now `newLength`: its
  /// identity moves along; one still at its original time (only its title, place or room changed)
  /// follows the series to the new time and length, one moved on purpose stays where it was put.
  func apply(_ change: MeetingOverride, length: TimeInterval, newLength: TimeInterval)
    -> MeetingOverride
  {
    var moved = change
    moved.recurrenceID = apply(change.recurrenceID)
    if change.start == change.recurrenceID, change.end.timeIntervalSince(change.start) == length {
      moved.start = moved.recurrenceID
      moved.end = moved.recurrenceID.addingTimeInterval(newLength)
    }
    return moved
  }
}

extension MeetingScheduler {
  /// Whether a rule has no BY… parts (plain "every week", "every 2 months"): its dates move with
  /// the start.
  static func isPlainRule(_ text: String?) -> Bool {
    guard let text, let rule = try? RecurrenceRule(parsing: text) else { return true }
    return rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty
      && rule.byWeekNumber.isEmpty && rule.byMonth.isEmpty && rule.bySetPosition.isEmpty
      && rule.byHour.isEmpty && rule.byMinute.isEmpty && rule.bySecond.isEmpty
  }
}
