import Foundation

/// Candidates: the rule's periods expanded one at a time, each into its wall-clock times.
extension RuleExpansion {
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
      if idle > idleLimit { finished = true }
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
}
