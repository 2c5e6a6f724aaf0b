import Foundation
import PokjaRecurrence

/// RRULE parsing (RFC 5545 §3.3.10) and bounded expansion, and the phrases secretaries type
/// (`senin pertama setiap bulan`). Round trip: a rule's canonical text parses to the same rule.
/// Expansion, in a zone without daylight saving (Jakarta) or one with it (New York), chosen by the
/// input: the first occurrences within ten years come in order, each once, and COUNT is kept; the
/// next ones without a window are found, or found missing, in time.
enum RRuleTarget {
  static let target = FuzzTarget(
    "rrule", "RRULE text and phrases, and the first occurrences of each rule", run)

  private static let zones = [
    TimeZone(identifier: "Asia/Jakarta")!, TimeZone(identifier: "America/New_York")!,
  ]
  /// 2026-03-08 01:30 in New York: the night its clocks go forward.
  private static let start = Date(timeIntervalSince1970: 1_772_951_400)
  private static let horizon = start.addingTimeInterval(10 * 366 * 86_400)

  static func run(_ input: Data) throws(FuzzFinding) {
    let text = input.text
    _ = try? RecurrencePhrase.rule(for: text)
    guard let rule = try? RecurrenceRule(parsing: text) else { return }
    guard let back = try? RecurrenceRule(parsing: rule.description) else {
      throw FuzzFinding("the rule's own text \(rule.description) does not parse")
    }
    try expectEqual(back, rule, "parse, write, parse")
    let zone = zones[input.count % zones.count]
    guard let set = try? RecurrenceSet(start: start, timeZone: zone, rule: rule) else { return }
    var seen = 0
    var previous: Date?
    for occurrence in set.occurrences(to: horizon, limit: 50) {
      if let previous {
        try expect(
          previous < occurrence.date,
          "\(rule) in \(zone.identifier): \(occurrence) does not come after \(previous)")
      }
      previous = occurrence.date
      seen += 1
    }
    if let count = rule.count { try expect(seen <= count, "\(rule): \(seen) occurrences") }
    // The next occurrences with no window, as `meeting list` looks for a series' next one: a rule
    // that never gives another is searched to year 9999, which must still take well under a second.
    var unbounded = set.makeIterator()
    for _ in 0..<3 {
      guard unbounded.next() != nil else { break }
    }
  }
}
