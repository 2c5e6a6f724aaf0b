import Foundation
import PokjaCore

/// Builds `VTIMEZONE` components from Foundation's time-zone data.
public enum VTimeZoneBuilder {
  /// TZNAMEs Foundation does not know by abbreviation.
  private static let knownNames: [String: String] = [
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
  ]

  private static let year: TimeInterval = 366 * 24 * 3600
  /// How far past the window a yearly pattern of changes must hold to be written as a rule.
  private static let ruleCheck: TimeInterval = 30 * year

  /// A `VTIMEZONE` whose TZID is `zone.identifier`, valid for `interval` and, where the zone
  /// follows a yearly rule, for ever after.
  ///
  /// A zone without changes of offset from one year before `interval` through thirty years after
  /// it gets a single `STANDARD` observance from 1970. A zone whose changes from some point on
  /// follow a yearly rule (as tzdata's current rules do: "last Sunday of March at 02:00") gets one
  /// `STANDARD` and one `DAYLIGHT` observance with an RRULE from that point, so a calendar that
  /// builds the zone from this VTIMEZONE keeps an unending series on its wall clock. Changes before
  /// that point, and all changes of a zone that follows no rule, are one-off observances over the
  /// window. Each observance's DTSTART is the local wall-clock time just before the change (in
  /// TZOFFSETFROM), as RFC 5545 requires.
  public static func component(for zone: TimeZone, covering interval: DateInterval)
    -> ICalendarComponent
  {
    let windowStart = interval.start.addingTimeInterval(-year)
    let windowEnd = interval.end.addingTimeInterval(year)
    let horizon = windowEnd.addingTimeInterval(ruleCheck)
    var changes: [Change] = []
    var cursor = windowStart
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= horizon {
      changes.append(Change(zone: zone, at: next))
      cursor = next
    }

    var observances: [ICalendarComponent] = []
    guard let first = changes.first else {
      let offset = zone.secondsFromGMT(for: interval.start)
      observances.append(
        observance(
          kind: "STANDARD", start: "19700101T000000", from: offset, to: offset,
          name: name(of: zone, at: interval.start, offset: offset)))
      return vtimezone(zone, observances)
    }
    if first.instant > interval.start {
      let offset = zone.secondsFromGMT(for: windowStart)
      observances.append(
        observance(
          kind: zone.isDaylightSavingTime(for: windowStart) ? "DAYLIGHT" : "STANDARD",
          start: localTime(windowStart, offset: offset), from: offset, to: offset,
          name: name(of: zone, at: windowStart, offset: offset)))
    }
    let rule = YearlyRule.tail(of: changes, reaching: horizon)
    let oneOffs =
      rule.map { changes[..<$0.start] }
      ?? changes[...].prefix { $0.instant <= windowEnd }
    for change in oneOffs { observances.append(change.observance(zone)) }
    if let rule {
      for group in rule.groups {
        var observance = changes[group.first].observance(zone)
        observance.properties.insert(
          ICalendarProperty("RRULE", rawValue: group.rule), at: 1)
        observances.append(observance)
      }
    }
    return vtimezone(zone, observances)
  }

  private static func vtimezone(_ zone: TimeZone, _ observances: [ICalendarComponent])
    -> ICalendarComponent
  {
    ICalendarComponent(
      "VTIMEZONE", properties: [ICalendarProperty("TZID", rawValue: zone.identifier)],
      components: observances)
  }

  /// One change of a zone's offset, with the wall-clock time it happens at.
  struct Change {
    let instant: Date
    let from: Int
    let to: Int
    let isDaylight: Bool
    /// The wall-clock time just before the change (in `from`).
    let year: Int
    let month: Int
    let day: Int
    /// 0 = Monday.
    let weekday: Int
    let secondOfDay: Int

    init(zone: TimeZone, at instant: Date) {
      self.instant = instant
      from = zone.secondsFromGMT(for: instant.addingTimeInterval(-1))
      to = zone.secondsFromGMT(for: instant)
      isDaylight = zone.isDaylightSavingTime(for: instant)
      let local = Int(instant.timeIntervalSince1970.rounded(.down)) + from
      let days = Int((Double(local) / 86_400).rounded(.down))
      secondOfDay = local - days * 86_400
      (year, month, day) = CivilDate.date(dayNumber: days)
      weekday = ((days + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }

    /// What must be the same every year for one rule: the kind, the offsets, the month and the
    /// time of day.
    var key: [Int] { [isDaylight ? 1 : 0, from, to, month, secondOfDay] }

    func observance(_ zone: TimeZone) -> ICalendarComponent {
      VTimeZoneBuilder.observance(
        kind: isDaylight ? "DAYLIGHT" : "STANDARD",
        start: ICalendarDateFormat.pad(year, 4) + ICalendarDateFormat.pad(month, 2)
          + ICalendarDateFormat.pad(day, 2) + "T" + ICalendarDateFormat.pad(secondOfDay / 3600, 2)
          + ICalendarDateFormat.pad(secondOfDay / 60 % 60, 2)
          + ICalendarDateFormat.pad(secondOfDay % 60, 2),
        from: from, to: to, name: VTimeZoneBuilder.name(of: zone, at: instant, offset: to))
    }
  }

  /// The yearly rule that the last changes before the horizon follow, if they do.
  struct YearlyRule {
    struct Group {
      /// Index of the group's first change at or after `start`.
      let first: Int
      /// `FREQ=YEARLY;BYMONTH=…;BYDAY=…`.
      let rule: String
    }

    /// Index of the first change that follows the rule.
    let start: Int
    let groups: [Group]

    /// The longest run of changes at the end of `changes` that two yearly rules describe (one into
    /// daylight saving time, one out of it), provided it lasts at least three years and goes on
    /// to `horizon`; nil when the zone follows no rule (or stops changing).
    static func tail(of changes: [Change], reaching horizon: Date) -> YearlyRule? {
      guard let last = changes.last,
        last.instant > horizon.addingTimeInterval(-VTimeZoneBuilder.year * 1.5)
      else { return nil }
      var best: YearlyRule?
      var start = changes.count - 1
      while start >= 0 {
        guard let rule = rule(for: changes[start...]) else { break }
        best = rule
        start -= 1
      }
      guard let best, best.groups.count == 2,
        changes.count - best.start >= 6
      else { return nil }
      return best
    }

    /// The rule `run` follows, or nil.
    private static func rule(for run: ArraySlice<Change>) -> YearlyRule? {
      var keys: [[Int]] = []
      for change in run where !keys.contains(change.key) { keys.append(change.key) }
      guard keys.count <= 2 else { return nil }
      if keys.count == 2 {
        // Into daylight saving time and back out of it.
        guard keys[0][0] != keys[1][0], keys[0][1] == keys[1][2], keys[0][2] == keys[1][1] else {
          return nil
        }
      }
      var groups: [Group] = []
      for key in keys {
        let members = run.indices.filter { run[$0].key == key }
        // One change a year, every year.
        for (previous, next) in zip(members, members.dropFirst())
        where run[next].year != run[previous].year + 1 {
          return nil
        }
        guard let days = dayRule(members.map { run[$0] }) else { return nil }
        groups.append(
          Group(first: members[0], rule: "FREQ=YEARLY;BYMONTH=\(run[members[0]].month);" + days))
      }
      return YearlyRule(start: run.startIndex, groups: groups)
    }

    private static let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// The BYDAY (and BYMONTHDAY) part that gives each change's day in its year, as tzdata writes
    /// rules: the last weekday of the month, the nth, the first on or after a day, or a fixed day.
    private static func dayRule(_ changes: [Change]) -> String? {
      guard let first = changes.first else { return nil }
      let days = changes.map(\.day)
      if changes.allSatisfy({ $0.weekday == first.weekday }) {
        let weekday = weekdays[first.weekday]
        if changes.allSatisfy({ $0.day + 7 > CivilDate.daysInMonth(year: $0.year, month: $0.month) }
        ) {
          return "BYDAY=-1" + weekday
        }
        let nth = (first.day - 1) / 7 + 1
        if changes.allSatisfy({ ($0.day - 1) / 7 + 1 == nth }) { return "BYDAY=\(nth)" + weekday }
        let lowest = days.max()! - 6
        if lowest <= days.min()! {
          let list = (max(1, lowest)...min(31, lowest + 6)).map(String.init)
          return "BYMONTHDAY=" + list.joined(separator: ",") + ";BYDAY=" + weekday
        }
        return nil
      }
      return days.allSatisfy({ $0 == first.day }) ? "BYMONTHDAY=\(first.day)" : nil
    }
  }

  private static func observance(
    kind: String, start: String, from: Int, to: Int, name: String
  ) -> ICalendarComponent {
    ICalendarComponent(
      kind,
      properties: [
        ICalendarProperty("DTSTART", rawValue: start),
        ICalendarProperty("TZOFFSETFROM", rawValue: ICalendarDateFormat.offset(from)),
        ICalendarProperty("TZOFFSETTO", rawValue: ICalendarDateFormat.offset(to)),
        ICalendarProperty.text("TZNAME", name),
      ])
  }

  /// The wall-clock time of `date` at a fixed UTC offset.
  private static func localTime(_ date: Date, offset: Int) -> String {
    ICalendarDateFormat.local(date, in: TimeZone(secondsFromGMT: offset) ?? .gmt)
  }

  /// WIB/WITA/WIT for Indonesia, else a real abbreviation (CET, EST, ...), else `+07`-style.
  static func name(of zone: TimeZone, at date: Date, offset: Int) -> String {
    if let known = knownNames[zone.identifier] { return known }
    let style: NSTimeZone.NameStyle =
      zone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
    let candidates =
      [zone.abbreviation(for: date)]
      + ["en_US", "en_GB"].map { zone.localizedName(for: style, locale: Locale(identifier: $0)) }
    for case let candidate? in candidates where isAlphabeticAbbreviation(candidate) {
      return candidate
    }
    let sign = offset < 0 ? "-" : "+"
    let magnitude = abs(offset)
    let minutes = magnitude % 3600 / 60
    return sign + ICalendarDateFormat.pad(magnitude / 3600, 2)
      + (minutes == 0 ? "" : ICalendarDateFormat.pad(minutes, 2))
  }

  /// True for names like `CET` or `UTC`, false for `GMT+7` or `GMT-04:00`.
  private static func isAlphabeticAbbreviation(_ name: String) -> Bool {
    name.count >= 2 && name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
  }
}
