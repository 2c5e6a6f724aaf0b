import Foundation
import Synchronization

/// The transitions of one zone fetched so far, shared by every iterator of one recurrence set, so
/// expanding a series again asks Foundation (ICU) nothing.
final class ZoneTransitionStore: Sendable {
  private struct State {
    var initialOffsets: [Int64: Int64] = [:]
    /// Transitions in order, each the next after the one before it (or after the seed).
    var transitions: [ZoneOffsets.Transition] = []
    var seed: Int64?
    var exhausted = false
  }
  private let state = Mutex(State())

  func initialOffset(at instant: Int64, compute: () -> Int64) -> Int64 {
    if let known = state.withLock({ $0.initialOffsets[instant] }) { return known }
    let offset = compute()
    state.withLock { $0.initialOffsets[instant] = offset }
    return offset
  }

  /// The transition after `instant` (the seed or a transition already known), or nil with
  /// `exhausted` when there is none; `compute` asks Foundation when the store does not know yet.
  func next(
    after instant: Int64, seed: Int64, compute: () -> ZoneOffsets.Transition?
  ) -> ZoneOffsets.Transition? {
    let known: ZoneOffsets.Transition?? = state.withLock { state in
      guard state.seed == seed else { return .none }
      if let index = state.transitions.firstIndex(where: { $0.instant > instant }) {
        return .some(state.transitions[index])
      }
      if state.exhausted { return .some(nil) }
      return .none
    }
    if case .some(let answer) = known { return answer }
    let computed = compute()
    state.withLock { state in
      if state.seed == nil { state.seed = seed }
      guard state.seed == seed, state.transitions.last.map({ $0.instant <= instant }) ?? true
      else { return }
      if let computed { state.transitions.append(computed) } else { state.exhausted = true }
    }
    return computed
  }
}

/// Turns nominal local times of one zone into instants, with the zone's transitions cached.
///
/// Transitions are fetched forward from a starting instant, one `nextDaylightSavingTimeTransition`
/// call each (it also reports changes of standard offset), so converting a long series costs a
/// few comparisons per time instead of a `Calendar` call. A local time that does not exist (the
/// clocks skip it) uses the offset from before the gap, which moves it forward by the gap's length;
/// a local time that exists twice is the first of the two. That is RFC 5545 §3.3.5 and what
/// Python's `zoneinfo` does with `fold=0`.
struct ZoneOffsets {
  struct Transition {
    /// The instant of the change, in seconds since 1970 (UTC).
    let instant: Int64
    let before: Int64
    let after: Int64
    /// Local times below this (nominally) are still before the change, including the gap and the
    /// first of the repeated times.
    var localThreshold: Int64 { instant + max(before, after) }
    var isGap: Bool { after > before }
  }

  /// A resolved local time: the instant and the zone's offset at that instant.
  struct Resolved {
    let instant: Int64
    let offset: Int64
    /// True when the local time fell into a gap and was moved forward.
    let shifted: Bool
  }

  private let zone: TimeZone
  private let seed: Int64
  /// Shared with the set's other iterators until this one jumps ahead (see `seek`).
  private var store: ZoneTransitionStore?
  private var transitions: [Transition] = []
  private let initialOffset: Int64
  private var exhausted = false
  private var cursor = 0

  /// Covers local times from shortly after `instant` on (earlier ones use the offset at `instant`).
  init(zone: TimeZone, from instant: Int64, store: ZoneTransitionStore? = nil) {
    self.zone = zone
    self.store = store
    seed = instant
    let compute = {
      Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }
    initialOffset = store?.initialOffset(at: instant, compute: compute) ?? compute()
    extend(after: instant)
  }

  private mutating func extend(after instant: Int64) {
    guard !exhausted else { return }
    guard let store else {
      fetch(after: instant)
      return
    }
    let zone = self.zone
    let next = store.next(after: instant, seed: seed) {
      var probe = ZoneOffsets(unstoredZone: zone, seed: instant)
      probe.fetch(after: instant)
      return probe.transitions.first
    }
    if let next { transitions.append(next) } else { exhausted = true }
  }

  /// A bare instance for one `fetch`.
  private init(unstoredZone zone: TimeZone, seed: Int64) {
    self.zone = zone
    self.seed = seed
    store = nil
    initialOffset = 0
  }

  /// Asks Foundation for the next transition that changes the offset after `instant`.
  private mutating func fetch(after instant: Int64) {
    guard !exhausted else { return }
    var from = instant
    // Skip reported transitions that change nothing but the abbreviation.
    while true {
      guard
        let next = zone.nextDaylightSavingTimeTransition(
          after: Date(timeIntervalSince1970: Double(from)))
      else {
        exhausted = true
        return
      }
      let moment = Int64(next.timeIntervalSince1970.rounded())
      let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(moment - 1))))
      let after = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(moment))))
      if before != after {
        transitions.append(Transition(instant: moment, before: before, after: after))
        return
      }
      guard moment > from else {
        exhausted = true
        return
      }
      from = moment
    }
  }

  /// A local time further than this past the last transition known is not reached by fetching
  /// every transition in between (two a year in a zone with daylight saving: `FREQ=YEARLY;
  /// INTERVAL=7000` asked for 14,000, seconds of work; found by fuzzing) but by a jump.
  private static let jumpDistance: Int64 = 4 * 366 * 86_400
  /// How far before the local time a jump lands: a period's times (a year at most) lie after it.
  private static let jumpMargin: Int64 = 2 * 366 * 86_400

  /// Continues from `instant` on, skipping the transitions before it: an anchor with the offset at
  /// `instant` stands for them. The transitions now have a hole, so they are this iterator's own
  /// from here (each iterator moves forward through its periods and never comes back this far).
  private mutating func jump(to instant: Int64) {
    store = nil
    let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    transitions.append(Transition(instant: instant, before: offset, after: offset))
  }

  /// Moves the cursor to the first transition whose threshold lies after `local`.
  private mutating func seek(_ local: Int64) {
    while cursor > 0 && local < transitions[cursor - 1].localThreshold { cursor -= 1 }
    while true {
      if cursor == transitions.count {
        guard !exhausted else { return }
        if local - (transitions.last?.instant ?? seed) > Self.jumpDistance {
          jump(to: local - Self.jumpMargin)
          continue
        }
        let last = transitions.last?.instant ?? seed
        let count = transitions.count
        extend(after: last)
        if transitions.count == count { return }
      }
      if local < transitions[cursor].localThreshold { return }
      cursor += 1
    }
  }

  /// The instant a nominal local time (seconds since 1970 in local terms) stands for.
  mutating func resolve(_ local: Int64) -> Resolved {
    seek(local)
    if cursor < transitions.count {
      let next = transitions[cursor]
      if next.isGap && local >= next.instant + next.before {
        return Resolved(instant: local - next.before, offset: next.after, shifted: true)
      }
      return Resolved(instant: local - next.before, offset: next.before, shifted: false)
    }
    let offset = transitions.last?.after ?? initialOffset
    return Resolved(instant: local - offset, offset: offset, shifted: false)
  }

  /// The earliest instant any local time after `local` can resolve to, below the instant of `local`
  /// itself: the start of the next gap (times just after a gap resolve to earlier instants than
  /// times inside it). `Int64.max` when no gap lies ahead.
  mutating func nextGapInstant(after local: Int64) -> Int64 {
    seek(local)
    var index = cursor
    while true {
      if index == transitions.count {
        guard !exhausted else { return .max }
        let count = transitions.count
        extend(after: transitions.last?.instant ?? seed)
        if transitions.count == count { return .max }
      }
      if transitions[index].isGap { return transitions[index].instant }
      index += 1
    }
  }
}
