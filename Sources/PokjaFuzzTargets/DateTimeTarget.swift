import Foundation
import PokjaCore

/// The date-times, ends, lengths and zone names users type on the command line
/// (`2026-12-07 09:00`, `…+07:00`, `11:30`, `1h30m`, `2 jam`, `Asia/Jakarta`, `WITA`). Round trips:
/// a date-time shown as `display` shows reads back to the same minute; a length's text reads back
/// as the same length.
enum DateTimeTarget {
  static let target = FuzzTarget(
    "date-time", "Date-times, ends, lengths and zone names typed on the command line", run)

  private static let zones = IndonesianTimeZone.allCases.map(\.timeZone) + [TimeZone.gmt]

  static func run(_ input: Data) throws(FuzzFinding) {
    let zone = zones[Int(input.first ?? 0) % zones.count]
    let text = String(decoding: input.dropFirst(), as: UTF8.self)
    if let date = try? DateTimeText.parse(text, in: zone) {
      _ = try? DateTimeText.parseEnd(text, startingAt: date, in: zone)
      let shown = DateTimeText.display(date, in: zone)
      let wallClock = String(shown.prefix { $0 != " " } + " " + shown.split(separator: " ")[1])
      // `display` shows the local time to the minute; a zone's old local mean time can be seconds
      // off a whole minute (Jayapura's +9:22:48), so the local seconds are what it leaves out.
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      let second = calendar.component(.second, from: date)
      let minute = Date(
        timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down) - Double(second))
      guard let back = try? DateTimeText.parse(wallClock, in: zone) else {
        throw FuzzFinding("\(shown), as displayed, does not read back")
      }
      try expectEqual(back, minute, "\(shown) read back")
    }
    _ = try? DateTimeText.parseEnd(
      text, startingAt: Date(timeIntervalSince1970: 1_796_000_000), in: zone)
    if let span = try? TimeSpan(parsing: text) {
      guard let back = try? TimeSpan(parsing: span.description) else {
        throw FuzzFinding("the length \(span.description) does not read back")
      }
      try expectEqual(back, span, "a length's text read back")
    }
    _ = try? DateTimeText.timeZone(named: text)
  }
}
