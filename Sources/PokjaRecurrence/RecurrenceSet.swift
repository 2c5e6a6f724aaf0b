import Foundation
import PokjaCore

/// One instance of a recurring series: the instant and the wall-clock time it shows in the zone.
public struct Occurrence: Hashable, Sendable, CustomStringConvertible {
  /// Seconds since 1970 (UTC).
  let instant: Int64
  /// The zone's offset from UTC at that instant, in seconds.
  let offset: Int64

  /// The instant.
  public var date: Date { Date(timeIntervalSince1970: Double(instant)) }

  /// The wall-clock time in the series' zone (after any daylight-saving shift).
  public var local: LocalDateTime { LocalDateTime(nominalSeconds: instant + offset) }

  /// The zone's offset from UTC at this occurrence, in seconds.
  public var secondsFromGMT: Int { Int(offset) }

  /// The local time, `2026-01-05T09:00:00`.
  public var description: String { local.description }
}

/// An RFC 5545 recurrence set: DTSTART with an RRULE, plus RDATEs, minus EXDATEs, evaluated in the
/// wall-clock time of an IANA zone.
///
/// ```swift
/// let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1MO;COUNT=12")
/// let series = try RecurrenceSet(start: start, timeZone: jakarta, rule: rule)
/// let firstThree = series.occurrences(limit: 3).map(\.local)  // 2026-01-05T09:00:00, …
/// ```
///
/// - DTSTART is always the first occurrence, even when the rule would not give it, and it counts as
///   the first of COUNT (RFC 5545 §3.8.5.1 and §3.3.10; python-dateutil leaves such a DTSTART out).
///   `ruleInstances` are the rule's own instances, for callers that want to put DTSTART on the
///   rule. Without a rule the set is DTSTART and the RDATEs.
/// - The rule runs on the zone's wall clock, so a 09:00 meeting stays at 09:00 across daylight-saving
///   changes. A wall-clock time the clocks skip is moved forward by the gap (02:30 becomes 03:30);
///   one that happens twice is the first (RFC 5545 §3.3.5). Invalid dates (30 February, the 31st of
///   April) are skipped, never rolled over.
/// - Occurrences come in order of their instants, each instant once, to the second.
/// - A rule that can never give anything (BYMONTHDAY=31;BYMONTH=2) gives an empty sequence.
public struct RecurrenceSet: Sequence, Sendable {
  public let start: Date
  public let timeZone: TimeZone
  public let rule: RecurrenceRule?
  public let rdates: [Date]
  public let exdates: [Date]

  private let startInstant: Int64
  private let startLocal: Int64
  private let sortedRDates: [Int64]
  private let sortedExDates: [Int64]
  /// The zone's transitions, fetched once for every expansion of this set.
  private let transitions = ZoneTransitionStore()

  /// A series; throws `untilBeforeStart` when the rule's UNTIL comes before `start`.
  public init(
    start: Date, timeZone: TimeZone, rule: RecurrenceRule?, rdates: [Date] = [],
    exdates: [Date] = []
  ) throws(RecurrenceError) {
    self.start = start
    self.timeZone = timeZone
    self.rule = rule
    self.rdates = rdates
    self.exdates = exdates
    startInstant = Self.seconds(start)
    let local = LocalDateTime(start, in: timeZone)
    startLocal = local.nominalSeconds
    if let until = rule?.until {
      let before =
        switch until {
        case .date(let year, let month, let day):
          CivilCalendar.dayNumber(year: year, month: month, day: day) < local.dayNumber
        case .floating(let time): time < local
        case .utc(let time): time.nominalSeconds < startInstant
        }
      if before { throw .untilBeforeStart(until: until.description, start: local) }
    }
    var rdateInstants = rdates.map(Self.seconds)
    if rule == nil { rdateInstants.append(startInstant) }
    sortedRDates = Array(Set(rdateInstants)).sorted()
    sortedExDates = Array(Set(exdates.map(Self.seconds))).sorted()
  }

  /// Looks up a zone by its name in the system's zone database (`Asia/Jakarta`, `UTC`, links such as
  /// `US/Eastern`) or as WIB, WITA, WIT.
  public static func timeZone(named name: String) throws(RecurrenceError) -> TimeZone {
    do throws(InputError) {
      return try DateTimeText.timeZone(named: name)
    } catch {
      guard case .unknownTimeZone(_, let suggestion) = error else { throw .unknownTimeZone(name) }
      throw .unknownTimeZone(name, suggestion: suggestion)
    }
  }

  private static func seconds(_ date: Date) -> Int64 {
    Int64(date.timeIntervalSince1970.rounded(.down))
  }

  /// Every occurrence, in order; unbounded when the rule has no COUNT or UNTIL.
  public func makeIterator() -> Iterator { makeIterator(from: nil) }

  /// The occurrences from `from` (an instant) on; the rule's periods wholly before it are skipped
  /// without being expanded when the rule has no COUNT.
  func makeIterator(from: Int64?) -> Iterator {
    // No zone is more than 14 hours off UTC, and two days more cover any daylight-saving shift.
    let skip = from.map { $0 - 2 * CivilCalendar.secondsPerDay }
    return Iterator(
      rules: RuleStream(
        rule.map {
          RuleExpansion(
            rule: $0, startInstant: startInstant, startLocal: startLocal, zone: timeZone,
            transitions: transitions, skippingTo: skip)
        }),
      rdates: sortedRDates, exdates: sortedExDates, zone: timeZone)
  }

  /// The occurrences from `from` through `to` (both inclusive), at most `limit` of them, lazily.
  /// A window far from the start costs little when the rule has no COUNT: the periods before it
  /// are stepped over.
  public func occurrences(from: Date? = nil, to: Date? = nil, limit: Int? = nil) -> Occurrences {
    Occurrences(set: self, from: from.map(Self.seconds), to: to.map(Self.seconds), limit: limit)
  }

  /// The instances the RRULE itself gives from DTSTART on, lazily: DTSTART only when the rule
  /// gives it, no RDATE, no EXDATE, COUNT counting the rule's own instances (python-dateutil's
  /// reading). Empty without a rule.
  public var ruleInstances: RuleInstances { RuleInstances(set: self) }

  /// The first instance the RRULE itself gives (DTSTART when it matches the rule), or nil when
  /// there is no rule or it gives nothing.
  public func firstRuleInstance() -> Occurrence? {
    var iterator = ruleInstances.makeIterator()
    return iterator.next()
  }

  /// The instances of a set's RRULE alone; see ``RecurrenceSet/ruleInstances``.
  public struct RuleInstances: Sequence, Sendable {
    let set: RecurrenceSet

    public func makeIterator() -> Iterator {
      Iterator(
        rules: RuleStream(
          set.rule.map {
            RuleExpansion(
              rule: $0, startInstant: set.startInstant, startLocal: set.startLocal,
              zone: set.timeZone, transitions: set.transitions, includesStart: false)
          }))
    }

    /// Walks the rule's instances.
    public struct Iterator: IteratorProtocol {
      var rules: RuleStream

      public mutating func next() -> Occurrence? { rules.next() }
    }
  }

  /// A window on a recurrence set.
  public struct Occurrences: Sequence, Sendable {
    let set: RecurrenceSet
    let from: Int64?
    let to: Int64?
    let limit: Int?

    public func makeIterator() -> Iterator {
      Iterator(base: set.makeIterator(from: from), from: from, to: to, remaining: limit)
    }

    /// Walks one window.
    public struct Iterator: IteratorProtocol {
      var base: RecurrenceSet.Iterator
      let from: Int64?
      let to: Int64?
      var remaining: Int?

      public mutating func next() -> Occurrence? {
        if let remaining {
          guard remaining > 0 else { return nil }
        }
        while let occurrence = base.next() {
          if let to, occurrence.instant > to {
            remaining = 0
            return nil
          }
          if let from, occurrence.instant < from { continue }
          remaining = remaining.map { $0 - 1 }
          return occurrence
        }
        remaining = 0
        return nil
      }
    }
  }

  /// Merges the rule's occurrences with the RDATEs and drops the EXDATEs.
  public struct Iterator: IteratorProtocol {
    var rules: RuleStream
    let rdates: [Int64]
    let exdates: [Int64]
    let zone: TimeZone
    var rdateIndex = 0
    var exdateIndex = 0
    var pending: Occurrence?
    var last = Int64.min

    init(rules: RuleStream, rdates: [Int64], exdates: [Int64], zone: TimeZone) {
      self.rules = rules
      self.rdates = rdates
      self.exdates = exdates
      self.zone = zone
    }

    public mutating func next() -> Occurrence? {
      while true {
        if pending == nil { pending = rules.next() }
        let rdate = rdateIndex < rdates.count ? rdates[rdateIndex] : nil
        let occurrence: Occurrence
        if let rule = pending, rdate.map({ rule.instant <= $0 }) ?? true {
          occurrence = rule
          pending = nil
        } else if let rdate {
          rdateIndex += 1
          let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(rdate)))
          occurrence = Occurrence(instant: rdate, offset: Int64(offset))
        } else {
          return nil
        }
        if occurrence.instant == last { continue }
        last = occurrence.instant
        while exdateIndex < exdates.count && exdates[exdateIndex] < occurrence.instant {
          exdateIndex += 1
        }
        if exdateIndex < exdates.count && exdates[exdateIndex] == occurrence.instant { continue }
        return occurrence
      }
    }
  }
}

/// The rule's candidates in order of their instants: a candidate waits while a later one (just
/// after a daylight-saving gap) could still resolve to an earlier instant.
struct RuleStream {
  private var expansion: RuleExpansion
  private var waiting: [Occurrence] = []
  private var head = 0
  private var floor = Int64.min
  private var exhausted = false

  /// The stream of `expansion`, or an empty one.
  init(_ expansion: RuleExpansion?) {
    // Not stored as an optional: mutating through `?.` copies the whole expansion on every call.
    self.expansion = expansion ?? RuleExpansion.empty
    exhausted = expansion == nil
  }

  mutating func next() -> Occurrence? {
    while true {
      if head < waiting.count && (exhausted || waiting[head].instant <= floor) {
        let occurrence = waiting[head]
        head += 1
        if head == waiting.count {
          waiting.removeAll(keepingCapacity: true)
          head = 0
        }
        return occurrence
      }
      if exhausted { return nil }
      guard let candidate = expansion.next() else {
        exhausted = true
        continue
      }
      let occurrence = Occurrence(instant: candidate.instant, offset: candidate.offset)
      // The usual case: nothing waits and no later candidate can come before this one (it is at or
      // below the new floor), so it goes out without passing through the buffer.
      if head == waiting.count && occurrence.instant <= candidate.floor {
        floor = candidate.floor
        return occurrence
      }
      if head > 4096 {
        waiting.removeFirst(head)
        head = 0
      }
      var index = waiting.count
      while index > head && waiting[index - 1].instant > occurrence.instant { index -= 1 }
      waiting.insert(occurrence, at: index)
      floor = candidate.floor
    }
  }
}
