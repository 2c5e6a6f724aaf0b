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
  /// (BYMONTHDAY=31;BYMONTH=2). The calendar repeats every 400 years (146,097 days), so a daily rule
  /// idle that long never gives anything; rules that do give something are idle far shorter (a
  /// Monday 29 February comes every 40 years at most: about 15,000 days).
  static let idleLimit = 200_000

  private let frequency: RecurrenceRule.Frequency
  private let interval: Int
  private var remaining: Int?
  private let untilLocal: Int64?
  private let untilInstant: Int64?
  private let startLocal: Int64
  private let startInstant: Int64
  /// DTSTART is still to be given (RFC 5545: it is always the first instance).
  private var startPending: Bool
  private let includesStart: Bool
  private var zone: ZoneOffsets

  // Day filters.
  private let monthMask: Int
  private let hasMonthDays: Bool
  private let monthDaysFromStart: Int
  private let monthDaysFromEnd: Int
  /// BYMONTHDAY values, ascending: from the start, and from the end (as positive numbers).
  private let positiveMonthDays: [Int]
  private let negativeMonthDays: [Int]
  private let hasYearDays: Bool
  private let yearDaysFromStart: [Bool]
  private let yearDaysFromEnd: [Bool]
  private let yearDays: [Int]
  private let weekNumbers: [Int]
  private let hasWeekdays: Bool
  private let weekdayMask: Int
  private let numberedWeekdays: [(weekday: Int, ordinal: Int)]
  private let weekStart: Int
  /// FREQ=WEEKLY: the days of the week that BYDAY gives, counted from the week's start.
  private let weekOffsets: [Int]

  // Times of day.
  /// Seconds of the day each day gives (DAILY and coarser), ascending.
  private let times: [Int64]
  private let hourMask: Int
  private let minuteMask: Int
  private let secondMask: Int
  /// Minutes an hour gives (HOURLY) and seconds a minute gives (HOURLY, MINUTELY).
  private let minuteList: [Int64]
  private let secondList: [Int64]
  private let setPositions: [Int]

  // Where the expansion is. The current year is unpacked from `YearInfo` so that hot loops read
  // plain stored properties.
  private var yearNumber = Int.min
  private var yearLength = 365
  private var yearFirstDay = 0
  private var yearFirstWeekday = 0
  private var monthStarts: [Int] = []
  private var monthOfDay: [Int] = []
  private var dayOfMonth: [Int] = []
  private var dayOfMonthFromEnd: [Int] = []
  /// Days of the current year in a BYWEEKNO week, as a mask and as sorted indices.
  private var weekNumberMask: [Bool] = []
  private var weekNumberIndices: [Int] = []
  /// Days that are a numbered BYDAY weekday of the current range, as a mask and as sorted indices.
  private var numberedMask: [Bool] = []
  private var numberedIndices: [Int] = []
  /// Scratch lists, kept to spare an allocation per period.
  private var candidates: [Int] = []
  private var picked: [Int64] = []
  private var periodYear: Int
  private var periodMonth: Int
  private var periodDay: Int
  private var periodIndex: Int64
  private let firstPeriodIndex: Int64
  private let unit: Int64
  private var checkedDay = Int.min
  private var checkedDayMatches = false
  private var buffer: [Int64] = []
  private var bufferIndex = 0
  private var days: [Int] = []
  private var idle = 0
  private var finished = false

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

  // MARK: Candidates

  mutating func next() -> Candidate? {
    if startPending {
      // DTSTART is an instant, not a wall-clock time to resolve: the second of two equal local
      // times stays the second. It is never after UNTIL (RecurrenceSet refuses that).
      startPending = false
      if let count = remaining {
        remaining = count - 1
        if count == 1 { finished = true }
      }
      return Candidate(
        local: startLocal, instant: startInstant, offset: startLocal - startInstant,
        floor: min(startInstant, zone.nextGapInstant(after: startLocal)))
    }
    while !finished {
      if bufferIndex < buffer.count {
        let local = buffer[bufferIndex]
        bufferIndex += 1
        if let untilLocal, local > untilLocal { return finish() }
        if local < startLocal { continue }
        let resolved = zone.resolve(local)
        // DTSTART was given already, and nothing comes before it.
        if (includesStart && local == startLocal) || resolved.instant < startInstant { continue }
        if let untilInstant, resolved.instant > untilInstant { return finish() }
        if let count = remaining {
          if count == 0 { return finish() }
          remaining = count - 1
        }
        let gap = zone.nextGapInstant(after: local)
        return Candidate(
          local: local, instant: resolved.instant, offset: resolved.offset,
          floor: min(resolved.instant, gap))
      }
      fillNextPeriod()
    }
    return nil
  }

  /// Wall-clock seconds after which no candidate can be within UNTIL (no zone's clock runs more than
  /// 14 hours ahead of UTC).
  private var untilBound: Int64? {
    untilLocal ?? untilInstant.map { $0 + 15 * 3600 }
  }

  /// Wall-clock seconds at which the current period starts.
  private var periodStart: Int64 {
    switch frequency {
    case .yearly:
      Int64(CivilCalendar.dayNumber(year: periodYear, month: 1, day: 1))
        * CivilCalendar.secondsPerDay
    case .monthly:
      Int64(CivilCalendar.dayNumber(year: periodYear, month: periodMonth, day: 1))
        * CivilCalendar.secondsPerDay
    case .weekly, .daily: Int64(periodDay) * CivilCalendar.secondsPerDay
    case .hourly, .minutely, .secondly: periodIndex * unit
    }
  }

  private mutating func finish() -> Candidate? {
    finished = true
    return nil
  }

  private mutating func fillNextPeriod() {
    buffer.removeAll(keepingCapacity: true)
    bufferIndex = 0
    // A period that starts after UNTIL can give nothing: stop even when no candidate came up
    // to be compared with UNTIL (a rule that gives nothing before it).
    if let untilBound, periodStart > untilBound {
      finished = true
      return
    }
    switch frequency {
    case .yearly: fillYear()
    case .monthly: fillMonth()
    case .weekly: fillWeek()
    case .daily: fillDay()
    case .hourly, .minutely, .secondly: fillSubDaily()
    }
    if !setPositions.isEmpty && !buffer.isEmpty { pickSetPositions() }
    if buffer.isEmpty {
      idle += 1
      if idle > Self.idleLimit { finished = true }
    } else {
      idle = 0
    }
  }

  private mutating func appendDays() {
    for day in days {
      let base = Int64(day) * CivilCalendar.secondsPerDay
      for time in times { buffer.append(base + time) }
    }
  }

  /// BYSETPOS: the nth candidates of the period (counted from the end when negative), in order.
  private mutating func pickSetPositions() {
    picked.removeAll(keepingCapacity: true)
    let count = buffer.count
    for position in setPositions {
      let index = position > 0 ? position - 1 : count + position
      if index >= 0 && index < count { picked.append(buffer[index]) }
    }
    picked.sort()
    buffer.removeAll(keepingCapacity: true)
    for value in picked where buffer.last != value { buffer.append(value) }
  }

  private mutating func fillYear() {
    guard periodYear <= 9999 else {
      finished = true
      return
    }
    rebuildYear(periodYear)
    days.removeAll(keepingCapacity: true)
    if !weekNumbers.isEmpty {
      collectWeekNumberDays()
    } else if hasYearDays {
      collectYearDays()
    } else if monthMask != 0 || hasMonthDays {
      for month in 1...12 where monthMask == 0 || monthMask & 1 << month != 0 {
        collectDays(from: monthStarts[month - 1], to: monthStarts[month])
      }
    } else {
      collectDays(from: 0, to: yearLength)
    }
    appendDays()
    periodYear += interval
  }

  private mutating func fillMonth() {
    guard periodYear <= 9999 else {
      finished = true
      return
    }
    rebuildYear(periodYear)
    days.removeAll(keepingCapacity: true)
    if monthMask == 0 || monthMask & 1 << periodMonth != 0 {
      let first = monthStarts[periodMonth - 1]
      let end = monthStarts[periodMonth]
      if !numberedWeekdays.isEmpty {
        clearNumberedWeekdays()
        markNumberedWeekdays(first: first, last: end - 1)
      }
      collectDays(from: first, to: end)
    }
    appendDays()
    let months = periodMonth - 1 + interval
    periodYear += months / 12
    periodMonth = months % 12 + 1
  }

  /// Adds the days of `first..<end` (indices in the current year; one month, or the whole year
  /// when BYMONTHDAY is not given) that pass every day-level part, in order. Only the days a part
  /// names are looked at when one can name them (BYMONTHDAY, numbered weekdays alone).
  private mutating func collectDays(from first: Int, to end: Int) {
    // Filled while `self` is only read: calling `matches` between mutations of `self` would make
    // the compiler copy the whole expansion for every call.
    var found: [Int] = []
    swap(&found, &days)
    defer { swap(&found, &days) }
    if hasMonthDays {
      var indices: [Int] = []
      swap(&indices, &candidates)
      defer { swap(&indices, &candidates) }
      indices.removeAll(keepingCapacity: true)
      let length = end - first
      var fromStart = 0
      var fromEnd = negativeMonthDays.count - 1
      // Merge the days counted from the start with those counted from the end, ascending.
      while true {
        let next = fromStart < positiveMonthDays.count ? positiveMonthDays[fromStart] : Int.max
        let last = fromEnd >= 0 ? length + 1 - negativeMonthDays[fromEnd] : Int.max
        let day = min(next, last)
        if day == Int.max { break }
        if day == next { fromStart += 1 }
        if day == last { fromEnd -= 1 }
        if day >= 1 && day <= length && indices.last != first + day - 1 {
          indices.append(first + day - 1)
        }
      }
      for index in indices where matches(index) { found.append(yearFirstDay + index) }
    } else if weekdayMask == 0 && !numberedWeekdays.isEmpty {
      for index in numberedIndices where index >= first && index < end && matches(index) {
        found.append(yearFirstDay + index)
      }
    } else {
      for index in first..<end where matches(index) { found.append(yearFirstDay + index) }
    }
  }

  /// Adds the BYYEARDAY days of the current year that pass every day-level part, in order.
  private mutating func collectYearDays() {
    var found: [Int] = []
    swap(&found, &days)
    defer { swap(&found, &days) }
    var indices: [Int] = []
    swap(&indices, &candidates)
    defer { swap(&indices, &candidates) }
    indices.removeAll(keepingCapacity: true)
    for day in yearDays {
      if day > 0 && day <= yearLength { indices.append(day - 1) }
      if day < 0 && -day <= yearLength { indices.append(yearLength + day) }
    }
    indices.sort()
    var previous = -1
    for index in indices where index != previous {
      previous = index
      if matches(index) { found.append(yearFirstDay + index) }
    }
  }

  /// Adds the days of the BYWEEKNO weeks that pass every day-level part, in order.
  private mutating func collectWeekNumberDays() {
    var found: [Int] = []
    swap(&found, &days)
    defer { swap(&found, &days) }
    for index in weekNumberIndices where matches(index) { found.append(yearFirstDay + index) }
  }

  private mutating func fillWeek() {
    guard periodDay <= CivilCalendar.lastDay else {
      finished = true
      return
    }
    days.removeAll(keepingCapacity: true)
    for offset in weekOffsets {
      let day = periodDay + offset
      if monthMask != 0 {
        if !yearContains(day) { rebuildYear(CivilCalendar.date(dayNumber: day).year) }
        if monthMask & 1 << monthOfDay[day - yearFirstDay] == 0 { continue }
      }
      days.append(day)
    }
    appendDays()
    periodDay += 7 * interval
  }

  private mutating func fillDay() {
    guard periodDay <= CivilCalendar.lastDay else {
      finished = true
      return
    }
    if dayMatches(periodDay) {
      let base = Int64(periodDay) * CivilCalendar.secondsPerDay
      for time in times { buffer.append(base + time) }
    }
    periodDay += interval
  }

  private mutating func fillSubDaily() {
    let secondsFromEpoch = periodIndex * unit
    let day = Int(CivilCalendar.floorDivide(secondsFromEpoch, CivilCalendar.secondsPerDay))
    guard day <= CivilCalendar.lastDay else {
      finished = true
      return
    }
    if day != checkedDay {
      checkedDay = day
      checkedDayMatches = dayMatches(day)
    }
    let dayStart = Int64(day) * CivilCalendar.secondsPerDay
    guard checkedDayMatches else {
      jump(to: dayStart + CivilCalendar.secondsPerDay)
      return
    }
    let secondOfDay = secondsFromEpoch - dayStart
    let hour = Int(secondOfDay / 3600)
    if hourMask != 0 && hourMask & 1 << hour == 0 {
      jump(to: dayStart + Int64(hour + 1) * 3600)
      return
    }
    switch frequency {
    case .hourly:
      let base = dayStart + Int64(hour) * 3600
      for minute in minuteList {
        for second in secondList { buffer.append(base + minute * 60 + second) }
      }
    case .minutely:
      let minute = Int(secondOfDay / 60 % 60)
      if minuteMask != 0 && minuteMask & 1 << minute == 0 {
        jump(to: dayStart + Int64(hour * 3600 + (minute + 1) * 60))
        return
      }
      let base = dayStart + Int64(hour * 3600 + minute * 60)
      for second in secondList { buffer.append(base + second) }
    default:
      let minute = Int(secondOfDay / 60 % 60)
      if minuteMask != 0 && minuteMask & 1 << minute == 0 {
        jump(to: dayStart + Int64(hour * 3600 + (minute + 1) * 60))
        return
      }
      let second = Int(secondOfDay % 60)
      if secondMask == 0 || secondMask & 1 << second != 0 { buffer.append(secondsFromEpoch) }
    }
    periodIndex += Int64(interval)
  }

  /// Moves to the first period, in steps of INTERVAL from DTSTART's, at or after `local` seconds.
  private mutating func jump(to local: Int64) {
    let boundary = CivilCalendar.floorDivide(local + unit - 1, unit)
    let step = Int64(interval)
    let steps = max(1, (boundary - firstPeriodIndex + step - 1) / step)
    periodIndex = max(periodIndex + step, firstPeriodIndex + steps * step)
  }

  // MARK: Days

  private func yearContains(_ day: Int) -> Bool {
    day >= yearFirstDay && day < yearFirstDay + yearLength
  }

  /// The weekday (0 = Monday) of the `index`th day of the current year (any integer index).
  private func weekday(ofIndex index: Int) -> Int {
    ((yearFirstWeekday + index) % 7 + 7) % 7
  }

  /// Whether a day (by day number) passes BYMONTH, BYYEARDAY, BYMONTHDAY and BYDAY.
  private mutating func dayMatches(_ day: Int) -> Bool {
    if !yearContains(day) { rebuildYear(CivilCalendar.date(dayNumber: day).year) }
    return matches(day - yearFirstDay)
  }

  /// Whether the `index`th day of the current year passes every day-level part.
  private func matches(_ index: Int) -> Bool {
    if monthMask != 0 && monthMask & 1 << monthOfDay[index] == 0 { return false }
    if !weekNumbers.isEmpty && !weekNumberMask[index] { return false }
    if hasWeekdays {
      // A plain weekday or a numbered one: either admits the day (BYDAY=MO,1FR is every Monday
      // and the first Friday).
      let weekday = weekday(ofIndex: index)
      if weekdayMask & 1 << weekday == 0 && (numberedWeekdays.isEmpty || !numberedMask[index]) {
        return false
      }
    }
    if hasMonthDays && monthDaysFromStart & 1 << dayOfMonth[index] == 0
      && monthDaysFromEnd & 1 << dayOfMonthFromEnd[index] == 0
    {
      return false
    }
    if hasYearDays && !yearDaysFromStart[index + 1] && !yearDaysFromEnd[yearLength - index] {
      return false
    }
    return true
  }

  /// Switches to `year`, rebuilding what depends on it: week numbers and, for FREQ=YEARLY, the
  /// numbered weekdays of the year (or of each BYMONTH month).
  private mutating func rebuildYear(_ number: Int, force: Bool = false) {
    guard force || number != yearNumber else { return }
    let length = CivilCalendar.isLeap(number) ? 366 : 365
    // The day tables depend only on whether the year is a leap year: swapped only when that
    // changes (copying four arrays' references for every year was a tenth of a yearly rule's time).
    if force || length != yearLength || monthStarts.isEmpty {
      let tables = length == 366 ? YearTables.leap : YearTables.common
      monthStarts = tables.monthStarts
      monthOfDay = tables.monthOfDay
      dayOfMonth = tables.dayOfMonth
      dayOfMonthFromEnd = tables.dayOfMonthFromEnd
    }
    yearNumber = number
    yearLength = length
    yearFirstDay = CivilCalendar.dayNumber(year: number, month: 1, day: 1)
    yearFirstWeekday = CivilCalendar.weekday(dayNumber: yearFirstDay)
    if !weekNumbers.isEmpty { rebuildWeekNumbers() }
    if frequency == .yearly && !numberedWeekdays.isEmpty {
      clearNumberedWeekdays()
      if monthMask != 0 {
        for month in 1...12 where monthMask & 1 << month != 0 {
          markNumberedWeekdays(
            first: monthStarts[month - 1], last: monthStarts[month] - 1)
        }
        numberedIndices.sort()
      } else {
        markNumberedWeekdays(first: 0, last: yearLength - 1)
      }
    }
  }

  private mutating func clearNumberedWeekdays() {
    if numberedMask.isEmpty { numberedMask = [Bool](repeating: false, count: 366) }
    for index in numberedIndices { numberedMask[index] = false }
    numberedIndices.removeAll(keepingCapacity: true)
  }

  /// Marks the days that are the nth weekday of `first...last` (indices in the year), keeping
  /// `numberedIndices` sorted within the range.
  private mutating func markNumberedWeekdays(first: Int, last: Int) {
    let start = numberedIndices.count
    for (wanted, ordinal) in numberedWeekdays {
      var index: Int
      if ordinal > 0 {
        index = first + (ordinal - 1) * 7
        index += (wanted - weekday(ofIndex: index) + 7) % 7
      } else {
        index = last + (ordinal + 1) * 7
        index -= (weekday(ofIndex: index) - wanted + 7) % 7
      }
      if index >= first && index <= last && !numberedMask[index] {
        numberedMask[index] = true
        numberedIndices.append(index)
      }
    }
    numberedIndices[start...].sort()
  }

  /// Marks the days of the year whose week has a BYWEEKNO number, counted from the start or the end
  /// of the week's own year. Weeks start on WKST; week 1 is the first with at least four days in its
  /// year, so days at either end of the year may belong to the neighbouring year's weeks.
  private mutating func rebuildWeekNumbers() {
    if weekNumberMask.isEmpty { weekNumberMask = [Bool](repeating: false, count: 366) }
    for index in weekNumberIndices { weekNumberMask[index] = false }
    weekNumberIndices.removeAll(keepingCapacity: true)
    for weekYear in yearNumber - 1...yearNumber + 1 {
      let firstWeek = firstWeekStart(weekYear)
      let weeks = (firstWeekStart(weekYear + 1) - firstWeek) / 7
      for number in weekNumbers {
        let week = number > 0 ? number : weeks + number + 1
        guard week >= 1 && week <= weeks else { continue }
        let start = firstWeek + (week - 1) * 7 - yearFirstDay
        let lower = max(start, 0)
        let upper = min(start + 7, yearLength)
        guard lower < upper else { continue }
        for index in lower..<upper where !weekNumberMask[index] {
          weekNumberMask[index] = true
          weekNumberIndices.append(index)
        }
      }
    }
    weekNumberIndices.sort()
  }

  /// The day number on which week 1 of `year` starts.
  private func firstWeekStart(_ year: Int) -> Int {
    let januaryFirst = CivilCalendar.dayNumber(year: year, month: 1, day: 1)
    let intoWeek = (CivilCalendar.weekday(dayNumber: januaryFirst) - weekStart + 7) % 7
    // The week holding 1 January is week 1 when at least four of its days are in January.
    return intoWeek <= 3 ? januaryFirst - intoWeek : januaryFirst - intoWeek + 7
  }
}
