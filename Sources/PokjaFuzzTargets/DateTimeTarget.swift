import Foundation
import PokjaCore

/// The date-times, ends, lengths and zone names users type on the command line
/// (`2026-12-07 09:00`, `…+07:00`, `11:30`, `1h30m`, `2 jam`, `Asia/Jakarta`, `WITA`). Round trips:
/// a date-time shown as `display` shows reads back to what it shows; a length's text reads back
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
      // Compared as shown, not as instants: a wall-clock time that happened twice (Jakarta moved
      // its clocks back in 1945, 1948, 1950 and 1964) reads back as its first instant, and old
      // local mean time is seconds off a whole minute (Jayapura's +9:22:48).
      guard let back = try? DateTimeText.parse(wallClock, in: zone) else {
        throw FuzzFinding("\(shown), as displayed, does not read back")
      }
      try expectEqual(DateTimeText.display(back, in: zone), shown, "\(shown) read back")
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
