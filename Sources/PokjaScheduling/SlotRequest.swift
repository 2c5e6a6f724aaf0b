import Foundation
import PokjaCore

/// A time someone or something is taken: the half-open interval `[start, end)`.
public struct BusyInterval: Sendable, Hashable {
  public var start: Date
  /// Exclusive: a meeting ending at 10:00 leaves a 10:00 slot free.
  public var end: Date
  /// What keeps them busy ("Rapat koordinasi"), for explanations; the finder ignores it.
  public var label: String?

  /// An interval from `start` up to, not including, `end`.
  public init(start: Date, end: Date, label: String? = nil) {
    self.start = start
    self.end = end
    self.label = label
  }
}

/// A wall-clock time of day, `09:00`.
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// 0–23.
  public var hour: Int
  /// 0–59.
  public var minute: Int

  /// `hour:minute`; `SlotFinder.suggest` refuses values outside a day.
  public init(hour: Int, minute: Int = 0) {
    self.hour = hour
    self.minute = minute
  }

  /// Minutes since midnight.
  public var minutes: Int { hour * 60 + minute }

  /// `09:00`.
  public var description: String { String(format: "%02d:%02d", hour, minute) }

  var isValid: Bool { (0...23).contains(hour) && (0...59).contains(minute) }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.minutes < rhs.minutes }
}

/// Someone invited to the meeting, with the times they are busy.
public struct SlotPerson: Sendable, Hashable {
  public var id: ContactID
  public var name: String
  /// Required people count towards the quorum; optional ones only break ties.
  public var required: Bool
  /// Their other commitments, in any order; overlaps are fine.
  public var busy: [BusyInterval]

  /// A person to fit in.
  public init(id: ContactID, name: String, required: Bool = true, busy: [BusyInterval] = []) {
    self.id = id
    self.name = name
    self.required = required
    self.busy = busy
  }
}

/// A room that could host the meeting, with the times it is booked.
public struct SlotRoom: Sendable, Hashable {
  public var room: Room
  /// Its bookings, in any order; overlaps are fine.
  public var busy: [BusyInterval]

  /// A room and its bookings.
  public init(_ room: Room, busy: [BusyInterval] = []) {
    self.room = room
    self.busy = busy
  }
}

/// Which room the meeting needs.
public enum RoomNeed: Sendable, Hashable {
  /// No room: online, or somewhere Pokja does not book.
  case notNeeded
  /// This room and no other (`--room ROOM`).
  case specific(SlotRoom)
  /// Whichever of these is free and fits best (`--room any`): the smallest that seats everyone.
  case any([SlotRoom])
}

/// What `pokja meeting suggest` asks for: who, how long, within which days and hours, where.
public struct SlotRequest: Sendable {
  /// The first day to consider, `2026-12-01`, in `timeZone`.
  public var firstDay: String
  /// The last day to consider, inclusive.
  public var lastDay: String
  /// The zone whose calendar days and wall-clock hours the window and working hours mean.
  public var timeZone: TimeZone
  /// Working hours start; a slot never starts before it.
  public var dayStart: ClockTime
  /// Working hours end; a slot always ends by it.
  public var dayEnd: ClockTime
  /// How long the meeting lasts, in seconds.
  public var duration: TimeInterval
  /// Candidate starts are `dayStart`, `dayStart + step`, … (30 minutes unless changed).
  public var step: TimeInterval
  /// Everyone invited, required and optional. The same contact listed twice counts once (required
  /// if either entry is).
  public var people: [SlotPerson]
  public var rooms: RoomNeed
  /// The fraction (0…1) of required people who must be free. 1 (the default) offers only slots
  /// everyone required can attend; lower it for large groups. Slots are ranked by how many are free
  /// either way.
  public var quorum: Double
  /// Days on which no slot is offered (national holidays and collective leave); weekends are always
  /// skipped.
  public var holidays: HolidayCalendar?
  /// How many slots to offer at most (5 unless changed).
  public var limit: Int
  /// Slots starting before this are not offered; nil offers past slots too.
  public var now: Date?

  /// A request; everything after `people` has the command line's default.
  public init(
    firstDay: String, lastDay: String, timeZone: TimeZone, duration: TimeInterval,
    people: [SlotPerson], dayStart: ClockTime = ClockTime(hour: 9),
    dayEnd: ClockTime = ClockTime(hour: 16), step: TimeInterval = 30 * 60,
    rooms: RoomNeed = .notNeeded, quorum: Double = 1, holidays: HolidayCalendar? = nil,
    limit: Int = 5, now: Date? = nil
  ) {
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.timeZone = timeZone
    self.dayStart = dayStart
    self.dayEnd = dayEnd
    self.duration = duration
    self.step = step
    self.people = people
    self.rooms = rooms
    self.quorum = quorum
    self.holidays = holidays
    self.limit = limit
    self.now = now
  }
}

// MARK: - Parsers for the command line

extension SlotRequest {
  /// The longest window `suggest` searches, in days.
  public static let maximumWindowDays = 366

  /// Parses `--within`: `2026-12-01..2026-12-19` (both days included), or one day `2026-12-07`.
  public static func parseWindow(_ text: String) throws(SlotFinderError) -> (
    firstDay: String, lastDay: String
  ) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let parts = trimmed.components(separatedBy: "..")
    guard parts.count == 1 || parts.count == 2 else { throw .invalidWindow(text) }
    let first = parts[0].trimmingCharacters(in: .whitespaces)
    let last = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : first
    guard let firstNumber = CivilDay.number(first), let lastNumber = CivilDay.number(last) else {
      throw .invalidWindow(text)
    }
    try checkWindow(first, last, firstNumber, lastNumber)
    return (first, last)
  }

  /// Parses `--hours`: `09:00-16:00`, Indonesian `09.00-16.00`, `9:00–16:00` or `09:00..16:00`.
  public static func parseHours(_ text: String) throws(SlotFinderError) -> (
    start: ClockTime, end: ClockTime
  ) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let pattern = #/^(\d{1,2})[:.](\d{2})\s*(?:-|–|\.\.)\s*(\d{1,2})[:.](\d{2})$/#
    guard let match = trimmed.wholeMatch(of: pattern),
      let startHour = Int(match.1), let startMinute = Int(match.2),
      let endHour = Int(match.3), let endMinute = Int(match.4)
    else { throw .invalidHours(text) }
    let start = ClockTime(hour: startHour, minute: startMinute)
    let end = ClockTime(hour: endHour, minute: endMinute)
    guard start.isValid, end.isValid else { throw .invalidHours(text) }
    guard start < end else { throw .hoursEndNotAfterStart(start: start, end: end) }
    return (start, end)
  }

  /// Parses `--quorum` as a fraction 0…1: `80%`, `0.8` (or `0,8`), or a bare number above 1 read as
  /// a percentage (`80`). `1` means everyone.
  public static func parseQuorum(_ text: String) throws(SlotFinderError) -> Double {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let match = trimmed.wholeMatch(of: #/^(-?\d+(?:[.,]\d+)?)\s*(%?)$/#),
      let number = Double(match.1.replacingOccurrences(of: ",", with: "."))
    else { throw .invalidQuorum(text) }
    let fraction = !match.2.isEmpty || number > 1 ? number / 100 : number
    guard (0...1).contains(fraction) else { throw .quorumOutOfRange(fraction) }
    return fraction
  }

  static func checkWindow(_ first: String, _ last: String, _ firstNumber: Int, _ lastNumber: Int)
    throws(SlotFinderError)
  {
    guard lastNumber >= firstNumber else {
      throw .windowEndsBeforeStart(firstDay: first, lastDay: last)
    }
    let days = lastNumber - firstNumber + 1
    guard days <= maximumWindowDays else { throw .windowTooLong(days: days) }
  }
}

/// Calendar days as day numbers since 1970-01-01, by Howard Hinnant's civil-calendar arithmetic:
/// exact, zone-free and far cheaper than `Calendar` for walking a window day by day.
enum CivilDay {
  /// The day number of `2026-12-01`, or nil when the text is not a real date.
  static func number(_ text: String) -> Int? {
    guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#),
      let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
      (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
    else { return nil }
    return number(year: year, month: month, day: day)
  }

  static func number(year: Int, month: Int, day: Int) -> Int {
    CivilDate.dayNumber(year: year, month: month, day: day)
  }

  static func date(_ number: Int) -> (year: Int, month: Int, day: Int) {
    CivilDate.date(dayNumber: number)
  }

  /// `2026-12-01`.
  static func text(_ number: Int) -> String {
    let (year, month, day) = date(number)
    return String(format: "%04d-%02d-%02d", year, month, day)
  }

  /// True on Saturdays and Sundays.
  static func isWeekend(_ number: Int) -> Bool { CivilDate.weekday(dayNumber: number) >= 5 }
}
