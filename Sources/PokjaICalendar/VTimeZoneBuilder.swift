import Foundation

/// Builds `VTIMEZONE` components from Foundation's time-zone data.
public enum VTimeZoneBuilder {
  /// TZNAMEs Foundation does not know by abbreviation.
  private static let knownNames: [String: String] = [
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
  ]

  private static let year: TimeInterval = 366 * 24 * 3600

  /// A `VTIMEZONE` whose TZID is `zone.identifier`, valid for `interval`.
  ///
  /// A zone without DST transitions from one year before to one year after `interval` gets a
  /// single `STANDARD` observance from 1970. Otherwise each transition in that window becomes
  /// a `STANDARD` or `DAYLIGHT` observance whose DTSTART is the local wall-clock time just
  /// before the transition (i.e. in TZOFFSETFROM), as RFC 5545 requires.
  public static func component(for zone: TimeZone, covering interval: DateInterval)
    -> ICalendarComponent
  {
    let windowStart = interval.start.addingTimeInterval(-year)
    let windowEnd = interval.end.addingTimeInterval(year)
    var transitions: [Date] = []
    var cursor = windowStart
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= windowEnd {
      transitions.append(next)
      cursor = next
    }

    var observances: [ICalendarComponent] = []
    if transitions.isEmpty {
      let offset = zone.secondsFromGMT(for: interval.start)
      observances.append(
        observance(
          kind: "STANDARD", start: "19700101T000000", from: offset, to: offset,
          name: name(of: zone, at: interval.start, offset: offset)))
    } else {
      if let first = transitions.first, first > interval.start {
        let offset = zone.secondsFromGMT(for: windowStart)
        observances.append(
          observance(
            kind: zone.isDaylightSavingTime(for: windowStart) ? "DAYLIGHT" : "STANDARD",
            start: localTime(windowStart, offset: offset), from: offset, to: offset,
            name: name(of: zone, at: windowStart, offset: offset)))
      }
      for transition in transitions {
        let from = zone.secondsFromGMT(for: transition.addingTimeInterval(-1))
        let to = zone.secondsFromGMT(for: transition)
        observances.append(
          observance(
            kind: zone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD",
            start: localTime(transition, offset: from), from: from, to: to,
            name: name(of: zone, at: transition, offset: to)))
      }
    }
    return ICalendarComponent(
      "VTIMEZONE", properties: [ICalendarProperty("TZID", rawValue: zone.identifier)],
      components: observances)
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
