import Foundation
import PokjaRecurrence

/// The zone called `identifier`; tests use only zones every system has.
func zone(_ identifier: String) -> TimeZone {
  TimeZone(identifier: identifier)!
}

/// A wall-clock time such as `2026-01-05T09:00`.
func local(_ text: String) -> LocalDateTime {
  LocalDateTime(parsing: text)!
}

/// Expands `rule` from `start` (wall-clock in `timeZone`) and returns the occurrences' wall-clock
/// times as `2026-01-05T09:00:00`.
func expand(
  _ rule: String, start: String, in timeZone: String = "America/New_York", limit: Int = 1000,
  rdates: [String] = [], exdates: [String] = []
) throws -> [String] {
  let zone = zone(timeZone)
  let set = try RecurrenceSet(
    start: try local(start).date(in: zone), timeZone: zone,
    rule: try RecurrenceRule(parsing: rule),
    rdates: try rdates.map { try local($0).date(in: zone) },
    exdates: try exdates.map { try local($0).date(in: zone) })
  return set.occurrences(limit: limit).map(\.local.description)
}

/// The instances the rule alone gives from `start` (no DTSTART unless the rule gives it), as
/// `expand` writes them.
func ruleInstances(
  _ rule: String, start: String, in timeZone: String = "America/New_York", limit: Int = 1000
) throws -> [String] {
  let zone = zone(timeZone)
  let set = try RecurrenceSet(
    start: try local(start).date(in: zone), timeZone: zone,
    rule: try RecurrenceRule(parsing: rule))
  return set.ruleInstances.prefix(limit).map(\.local.description)
}

/// `["1997-09-02", …]` at `time` as expansion results: `1997-09-02T09:00:00`.
func at(_ time: String, _ days: [String]) -> [String] {
  days.map { "\($0)T\(time)" }
}
