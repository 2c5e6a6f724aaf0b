import Foundation

/// Days: which days of the current year pass the rule's day-level parts.
extension RuleExpansion {
  func yearContains(_ day: Int) -> Bool {
    day >= yearFirstDay && day < yearFirstDay + yearLength
  }

  /// The weekday (0 = Monday) of the `index`th day of the current year (any integer index).
  private func weekday(ofIndex index: Int) -> Int {
    ((yearFirstWeekday + index) % 7 + 7) % 7
  }

  /// Whether a day (by day number) passes BYMONTH, BYYEARDAY, BYMONTHDAY and BYDAY.
  mutating func dayMatches(_ day: Int) -> Bool {
    if !yearContains(day) { rebuildYear(CivilCalendar.date(dayNumber: day).year) }
    return matches(day - yearFirstDay)
  }

  /// Whether the `index`th day of the current year passes every day-level part.
  func matches(_ index: Int) -> Bool {
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
  mutating func rebuildYear(_ number: Int, force: Bool = false) {
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

  mutating func clearNumberedWeekdays() {
    if numberedMask.isEmpty { numberedMask = [Bool](repeating: false, count: 366) }
    for index in numberedIndices { numberedMask[index] = false }
    numberedIndices.removeAll(keepingCapacity: true)
  }

  /// Marks the days that are the nth weekday of `first...last` (indices in the year), keeping
  /// `numberedIndices` sorted within the range.
  mutating func markNumberedWeekdays(first: Int, last: Int) {
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
