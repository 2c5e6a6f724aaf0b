import Foundation

/// Expands one RRULE from DTSTART in nominal wall-clock seconds, period by period, as RFC 5545
/// §3.3.10 describes: each period (year, month, week, day, hour, minute or second, every INTERVAL)
/// gives a set of candidates by the expand/limit table, BYSETPOS picks from that set, and
/// candidates before DTSTART are dropped. DTSTART itself comes first and counts as the first of
/// COUNT whether or not the rule gives it (RFC 5545 §3.8.5.1 and §3.3.10), unless the expansion is
/// of the rule alone (`includesStart: false`). Candidates come out in wall-clock order with their
/// instants; a candidate in a daylight-saving gap may resolve to an instant after the next one's.
///
/// All arithmetic is on integers (day numbers and seconds); the zone is consulted once per
/// transition, through `ZoneOffsets`.
struct RuleExpansion {
  struct Candidate {
    /// Nominal wall-clock seconds.
    let local: Int64
    let instant: Int64
    let offset: Int64
    /// No later candidate resolves to an instant below this.
    let floor: Int64
  }

  /// Periods in a row that may give nothing before the rule is taken to give nothing at all
  /// (BYMONTHDAY=31;BYMONTH=2). The calendar repeats every 400 years (146,097 days, 20,871 weeks,
  /// 4,800 months), so a rule idle for a whole cycle of its periods, its INTERVAL's multiples of the
  /// cycle included, never gives anything. Sub-daily rules keep a fixed limit (their periods skip
  /// the days that cannot match). Found by fuzzing: `FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=32`
  /// was searched month by month to the year 9999.
  static func idleLimit(_ frequency: RecurrenceRule.Frequency, interval: Int) -> Int {
    let cycle: Int
    switch frequency {
    case .yearly: cycle = 400
    case .monthly: cycle = 4_800
    case .weekly: cycle = 20_871
    case .daily: cycle = 146_097
    case .hourly, .minutely, .secondly: return 200_000
    }
    return cycle / greatestCommonDivisor(cycle, max(interval, 1)) + 1
  }

  let frequency: RecurrenceRule.Frequency
  let interval: Int
  var remaining: Int?
  let untilLocal: Int64?
  let untilInstant: Int64?
  let startLocal: Int64
  let startInstant: Int64
  /// DTSTART is still to be given (RFC 5545: it is always the first instance).
  var startPending: Bool
  let includesStart: Bool
  var zone: ZoneOffsets

  // Day filters.
  let monthMask: Int
  let hasMonthDays: Bool
  let monthDaysFromStart: Int
  let monthDaysFromEnd: Int
  /// BYMONTHDAY values, ascending: from the start, and from the end (as positive numbers).
  let positiveMonthDays: [Int]
  let negativeMonthDays: [Int]
  let hasYearDays: Bool
  let yearDaysFromStart: [Bool]
  let yearDaysFromEnd: [Bool]
  let yearDays: [Int]
  let weekNumbers: [Int]
  let hasWeekdays: Bool
  let weekdayMask: Int
  let numberedWeekdays: [(weekday: Int, ordinal: Int)]
  let weekStart: Int
  /// FREQ=WEEKLY: the days of the week that BYDAY gives, counted from the week's start.
  let weekOffsets: [Int]

  // Times of day.
  /// Seconds of the day each day gives (DAILY and coarser), ascending.
  let times: [Int64]
  let hourMask: Int
  let minuteMask: Int
  let secondMask: Int
  /// Minutes an hour gives (HOURLY) and seconds a minute gives (HOURLY, MINUTELY).
  let minuteList: [Int64]
  let secondList: [Int64]
  let setPositions: [Int]

  // Where the expansion is. The current year is unpacked from `YearInfo` so that hot loops read
  // plain stored properties.
  var yearNumber = Int.min
  var yearLength = 365
  var yearFirstDay = 0
  var yearFirstWeekday = 0
  var monthStarts: [Int] = []
  var monthOfDay: [Int] = []
  var dayOfMonth: [Int] = []
  var dayOfMonthFromEnd: [Int] = []
  /// Days of the current year in a BYWEEKNO week, as a mask and as sorted indices.
  var weekNumberMask: [Bool] = []
  var weekNumberIndices: [Int] = []
  /// Days that are a numbered BYDAY weekday of the current range, as a mask and as sorted indices.
  var numberedMask: [Bool] = []
  var numberedIndices: [Int] = []
  /// Scratch lists, kept to spare an allocation per period.
  var candidates: [Int] = []
  var picked: [Int64] = []
  var periodYear: Int
  var periodMonth: Int
  var periodDay: Int
  var periodIndex: Int64
  let firstPeriodIndex: Int64
  let unit: Int64
  var checkedDay = Int.min
  var checkedDayMatches = false
  var buffer: [Int64] = []
  var bufferIndex = 0
  var days: [Int] = []
  var idle = 0
  /// `idleLimit` for this rule.
  let idleLimit: Int
  var finished = false

  /// An expansion that gives nothing.
  static var empty: RuleExpansion {
    // A valid rule, so this cannot fail.
    var expansion = RuleExpansion(
      rule: try! RecurrenceRule(frequency: .yearly, count: 1), startInstant: 0, startLocal: 0,
      zone: TimeZone(identifier: "UTC")!, includesStart: false)
    expansion.finished = true
    return expansion
  }

  /// The expansion of `rule` from DTSTART (`startInstant`, `startLocal` on the zone's wall clock).
  /// `skippingTo`: wall-clock seconds before which nothing is wanted; whole periods before it are
  /// stepped over without being expanded when the rule has no COUNT (with COUNT every instance
  /// counts, so each is expanded; COUNT then bounds the work).
  init(
    rule: RecurrenceRule, startInstant: Int64, startLocal: Int64, zone: TimeZone,
    transitions: ZoneTransitionStore? = nil, includesStart: Bool = true,
    skippingTo skipLocal: Int64? = nil
  ) {
    frequency = rule.frequency
    interval = rule.interval
    idleLimit = Self.idleLimit(rule.frequency, interval: rule.interval)
    remaining = rule.count
    self.startLocal = startLocal
    self.startInstant = startInstant
    startPending = includesStart
    self.includesStart = includesStart
    self.zone = ZoneOffsets(
      zone: zone, from: startInstant - 3 * CivilCalendar.secondsPerDay, store: transitions)
    switch rule.until {
    case .none:
      untilLocal = nil
      untilInstant = nil
    case .date(let year, let month, let day):
      let dayNumber = CivilCalendar.dayNumber(year: year, month: month, day: day)
      untilLocal = Int64(dayNumber + 1) * CivilCalendar.secondsPerDay - 1
      untilInstant = nil
    case .floating(let time):
      untilLocal = time.nominalSeconds
      untilInstant = nil
    case .utc(let time):
      untilLocal = nil
      untilInstant = time.nominalSeconds
    }

    let start = LocalDateTime(nominalSeconds: startLocal)
    let startDay = start.dayNumber
    let startWeekday = CivilCalendar.weekday(dayNumber: startDay)

    // With no day-level part, the rule takes its day from DTSTART (RFC 5545 §3.3.10, as
    // python-dateutil does it).
    var months = rule.byMonth
    var monthDays = rule.byMonthDay
    var weekdays = rule.byDay
    if rule.byWeekNumber.isEmpty && rule.byYearDay.isEmpty && rule.byMonthDay.isEmpty
      && rule.byDay.isEmpty
    {
      switch rule.frequency {
      case .yearly:
        if months.isEmpty { months = [start.month] }
        monthDays = [start.day]
      case .monthly:
        monthDays = [start.day]
      case .weekly:
        weekdays = [RecurrenceRule.WeekdayNumber(start.weekday)]
      default:
        break
      }
    }
    monthMask = months.reduce(0) { $0 | 1 << $1 }
    hasMonthDays = !monthDays.isEmpty
    monthDaysFromStart = monthDays.filter { $0 > 0 }.reduce(0) { $0 | 1 << $1 }
    monthDaysFromEnd = monthDays.filter { $0 < 0 }.reduce(0) { $0 | 1 << -$1 }
    positiveMonthDays = monthDays.filter { $0 > 0 }.sorted()
    negativeMonthDays = monthDays.filter { $0 < 0 }.map { -$0 }.sorted()
    hasYearDays = !rule.byYearDay.isEmpty
    var fromStart = [Bool](repeating: false, count: 367)
    var fromEnd = [Bool](repeating: false, count: 367)
    for day in rule.byYearDay {
      if day > 0 { fromStart[day] = true } else { fromEnd[-day] = true }
    }
    yearDaysFromStart = fromStart
    yearDaysFromEnd = fromEnd
    yearDays = rule.byYearDay
    weekNumbers = rule.byWeekNumber
    hasWeekdays = !weekdays.isEmpty
    weekdayMask = weekdays.filter { $0.ordinal == nil }.reduce(0) { $0 | 1 << $1.weekday.rawValue }
    numberedWeekdays = weekdays.compactMap { day in
      day.ordinal.map { (weekday: day.weekday.rawValue, ordinal: $0) }
    }
    weekStart = rule.weekStart.rawValue
    weekOffsets = Array(
      Set(weekdays.map { ($0.weekday.rawValue - rule.weekStart.rawValue + 7) % 7 })
    ).sorted()

    // Times: BYHOUR, BYMINUTE, BYSECOND expand periods longer than themselves and limit the
    // others; a missing one takes DTSTART's value where it would expand.
    let hours = rule.byHour.isEmpty ? [start.hour] : rule.byHour
    let minutes = rule.byMinute.isEmpty ? [start.minute] : rule.byMinute
    // A leap second (BYSECOND=60) is a time no clock here shows: it gives nothing, like 30 February.
    let seconds = (rule.bySecond.isEmpty ? [start.second] : rule.bySecond).filter { $0 < 60 }
    var times: [Int64] = []
    for hour in hours {
      for minute in minutes {
        for second in seconds { times.append(Int64(hour * 3600 + minute * 60 + second)) }
      }
    }
    self.times = times.sorted()
    hourMask = rule.byHour.reduce(0) { $0 | 1 << $1 }
    minuteMask = rule.byMinute.reduce(0) { $0 | 1 << $1 }
    secondMask = rule.bySecond.reduce(0) { $0 | 1 << $1 }
    minuteList = minutes.sorted().map(Int64.init)
    secondList = seconds.sorted().map(Int64.init)
    setPositions = rule.bySetPosition

    periodYear = start.year
    periodMonth = start.month
    switch rule.frequency {
    case .weekly: periodDay = startDay - (startWeekday - weekStart + 7) % 7
    default: periodDay = startDay
    }
    switch rule.frequency {
    case .hourly: unit = 3600
    case .minutely: unit = 60
    default: unit = 1
    }
    firstPeriodIndex = CivilCalendar.floorDivide(startLocal, unit)
    periodIndex = firstPeriodIndex
    if self.times.isEmpty || secondList.isEmpty || !timesReachable(start: start) {
      finished = true
    }
    rebuildYear(start.year, force: true)
    if let skipLocal, rule.count == nil { skipPeriods(before: skipLocal) }
  }

  /// Moves to the period that holds `local` (wall-clock seconds), in steps of INTERVAL from
  /// DTSTART's period, so that a window far from DTSTART costs no expansion of the periods before
  /// it. Whole periods are skipped, so BYSETPOS still sees each period's full set.
  private mutating func skipPeriods(before local: Int64) {
    guard local > startLocal else { return }
    let target = LocalDateTime(nominalSeconds: local)
    let step = interval
    switch frequency {
    case .yearly:
      let years = target.year - periodYear
      if years > step { periodYear += years / step * step }
    case .monthly:
      let months = (target.year - periodYear) * 12 + target.month - periodMonth
      if months > step {
        let total = periodMonth - 1 + months / step * step
        periodYear += total / 12
        periodMonth = total % 12 + 1
      }
    case .weekly:
      let days = target.dayNumber - periodDay
      if days > 7 * step { periodDay += days / (7 * step) * 7 * step }
    case .daily:
      let days = target.dayNumber - periodDay
      if days > step { periodDay += days / step * step }
    case .hourly, .minutely, .secondly:
      let periods = CivilCalendar.floorDivide(local, unit) - periodIndex
      if periods > Int64(step) { periodIndex += periods / Int64(step) * Int64(step) }
    }
  }

  /// Whether a sub-daily rule can ever land on a time of day its BYHOUR, BYMINUTE and BYSECOND
  /// allow: steps of INTERVAL reach only the times of day in one residue class.
  private func timesReachable(start: LocalDateTime) -> Bool {
    guard frequency < .daily else { return true }
    let periodsPerDay = Int(CivilCalendar.secondsPerDay / unit)
    let step = Self.greatestCommonDivisor(interval, periodsPerDay)
    let first = Int(firstPeriodIndex % Int64(periodsPerDay) + Int64(periodsPerDay)) % periodsPerDay
    var period = first % step
    while period < periodsPerDay {
      let second = period * Int(unit)
      if periodAllowed(hour: second / 3600, minute: second / 60 % 60, second: second % 60) {
        return true
      }
      period += step
    }
    return false
  }

  private func periodAllowed(hour: Int, minute: Int, second: Int) -> Bool {
    if hourMask != 0 && hourMask & 1 << hour == 0 { return false }
    if frequency <= .minutely && minuteMask != 0 && minuteMask & 1 << minute == 0 { return false }
    if frequency == .secondly && secondMask != 0 && secondMask & 1 << second == 0 { return false }
    return true
  }

  private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    b == 0 ? a : greatestCommonDivisor(b, a % b)
  }
}
