import Foundation
import PokjaCore

/// Finds the best times for a meeting: the engine of `pokja meeting suggest`. Pure computation: the
/// caller loads everyone's busy times and the rooms' bookings.
///
/// ```swift
/// let request = SlotRequest(
///   firstDay: "2026-12-01", lastDay: "2026-12-19", timeZone: jakarta, duration: 2 * 3600,
///   people: attendees, rooms: .any(rooms), quorum: 0.8, holidays: try .builtIn(), now: clock.now())
/// switch try SlotFinder.suggest(request) {
/// case .found(let slots): …
/// case .noSlot(let reason): console.error(reason.description)
/// }
/// ```
///
/// Candidates start at the working-hours start of every weekday that is not a holiday, then every
/// `step`, and end by the working-hours end (wall-clock times in the request's zone, so days with a
/// DST change keep 09:00 local). A candidate qualifies when a room is free for its whole length
/// (if one is needed) and enough required people are free for its whole length. Qualifying slots
/// are ranked by required people free (most first), then optional people busy (fewest first), then
/// start (earliest first); the best `limit` that do not overlap one another are offered.
///
/// Cost: sorting and merging each person's and room's busy intervals, then one sweep per person
/// and room over the candidates in time order, O(I log I + (people + rooms) × candidates).
public enum SlotFinder {
  /// The best slots for `request`, or the constraint that ruled out every slot.
  public static func suggest(_ request: SlotRequest) throws(SlotFinderError) -> SlotSuggestion {
    let (firstNumber, lastNumber) = try validate(request)
    let people = mergedPeople(request.people)
    let requiredCount = people.count { $0.required }
    guard requiredCount > 0 else { throw .noRequiredAttendees }
    let headcount = people.count

    // Days: weekdays that are not holidays.
    var days: [Int] = []
    var holidaysHit: [Holiday] = []
    for number in firstNumber...lastNumber where !CivilDay.isWeekend(number) {
      if let holiday = request.holidays?.holiday(onDay: CivilDay.text(number)) {
        holidaysHit.append(holiday)
      } else {
        days.append(number)
      }
    }
    guard !days.isEmpty else {
      return .noSlot(
        .noWorkingDays(firstDay: request.firstDay, lastDay: request.lastDay, holidays: holidaysHit))
    }

    // Hours: candidate starts, in time order.
    let hoursTooShort = NoSlotReason.hoursShorterThanDuration(
      start: request.dayStart, end: request.dayEnd, duration: request.duration)
    guard TimeInterval(request.dayEnd.minutes - request.dayStart.minutes) * 60 >= request.duration
    else { return .noSlot(hoursTooShort) }
    let starts = candidateStarts(days, request)
    // Only a day shortened by a DST change can leave none here.
    guard let firstStart = starts.first, let lastStart = starts.last else {
      return .noSlot(hoursTooShort)
    }
    let duration = request.duration
    let horizon = (firstStart, lastStart + duration)

    // Rooms: those that seat everyone (capacity unknown counts as large enough), best fit first.
    var rooms: [SlotRoom]?
    switch request.rooms {
    case .notNeeded:
      rooms = nil
    case .specific(let room):
      if let capacity = room.room.capacity, capacity < headcount {
        return .noSlot(
          .roomTooSmall(room: room.room.name, capacity: capacity, headcount: headcount))
      }
      rooms = [room]
    case .any(let all):
      let fitting = all.filter { ($0.room.capacity ?? .max) >= headcount }
      guard !fitting.isEmpty else {
        let largest = all.compactMap(\.room.capacity).max() ?? 0
        return .noSlot(.roomTooSmall(room: nil, capacity: largest, headcount: headcount))
      }
      rooms = fitting.sorted(by: betterFit)
    }

    // Sweep every person and room over the candidates.
    let personTimes = Timelines(people.map(\.busy), within: horizon)
    var requiredFree = [Int32](repeating: 0, count: starts.count)
    var optionalBusy = [Int32](repeating: 0, count: starts.count)
    for (index, person) in people.enumerated() {
      personTimes.sweep(index, starts, duration) { candidate, free in
        if person.required {
          if free { requiredFree[candidate] += 1 }
        } else if !free {
          optionalBusy[candidate] += 1
        }
      }
    }
    // The index into `rooms` of the best free room; -1 when none is free (or none is needed).
    var roomChoice = [Int32](repeating: -1, count: starts.count)
    if let rooms {
      let roomTimes = Timelines(rooms.map(\.busy), within: horizon)
      for index in rooms.indices {
        roomTimes.sweep(index, starts, duration) { candidate, free in
          if free, roomChoice[candidate] < 0 { roomChoice[candidate] = Int32(index) }
        }
      }
    }

    // Apply the constraints in the order NoSlotReason reports them.
    let withRoom = starts.indices.filter { rooms == nil || roomChoice[$0] >= 0 }
    guard !withRoom.isEmpty else {
      let names = rooms?.map(\.room.name) ?? []
      return .noSlot(.roomNeverFree(rooms: names, duration: duration))
    }
    let needed = quorumCount(request.quorum, of: requiredCount)
    let bestFree = withRoom.lazy.map { Int(requiredFree[$0]) }.max() ?? 0
    guard bestFree >= needed else {
      return .noSlot(
        .quorumNotReached(bestFree: bestFree, required: requiredCount, needed: needed))
    }
    let quorate = withRoom.filter { requiredFree[$0] >= needed }
    var ranked = quorate
    if let now = request.now {
      let cutoff = now.timeIntervalSinceReferenceDate
      ranked.removeAll { starts[$0] < cutoff }
      guard !ranked.isEmpty else {
        return .noSlot(.allInPast(count: quorate.count, now: now, timeZone: request.timeZone))
      }
    }

    ranked.sort { left, right in
      if requiredFree[left] != requiredFree[right] {
        return requiredFree[left] > requiredFree[right]
      }
      if optionalBusy[left] != optionalBusy[right] {
        return optionalBusy[left] < optionalBusy[right]
      }
      return left < right  // candidates are in time order
    }
    var picked: [Int] = []
    for candidate in ranked where picked.count < request.limit {
      let start = starts[candidate]
      let overlaps = picked.contains {
        start < starts[$0] + duration && starts[$0] < start + duration
      }
      if !overlaps { picked.append(candidate) }
    }

    return .found(
      picked.map { candidate in
        let start = starts[candidate]
        var slot = SuggestedSlot(
          start: Date(timeIntervalSinceReferenceDate: start),
          end: Date(timeIntervalSinceReferenceDate: start + duration), free: [], busy: [])
        for (index, person) in people.enumerated() {
          switch (person.required, personTimes.isFree(index, start, start + duration)) {
          case (true, true): slot.free.append(person.id)
          case (true, false): slot.busy.append(person.id)
          case (false, true): slot.optionalFree.append(person.id)
          case (false, false): slot.optionalBusy.append(person.id)
          }
        }
        if let rooms { slot.room = rooms[Int(roomChoice[candidate])].room }
        return slot
      })
  }

  /// How many of `required` people a quorum of `fraction` needs: 80% of 50 is 40, 80% of 7 is 6.
  public static func quorumCount(_ fraction: Double, of required: Int) -> Int {
    // The tolerance keeps 0.7 × 10 (7.000000000000001 in binary) at 7.
    max(0, Int((fraction * Double(required) - 1e-9).rounded(.up)))
  }

  /// Checks the request and returns the window's day numbers.
  private static func validate(_ request: SlotRequest) throws(SlotFinderError) -> (Int, Int) {
    guard let first = CivilDay.number(request.firstDay),
      let last = CivilDay.number(request.lastDay)
    else { throw .invalidWindow("\(request.firstDay)..\(request.lastDay)") }
    try SlotRequest.checkWindow(request.firstDay, request.lastDay, first, last)
    guard request.dayStart.isValid, request.dayEnd.isValid else {
      throw .invalidHours("\(request.dayStart)-\(request.dayEnd)")
    }
    guard request.dayStart < request.dayEnd else {
      throw .hoursEndNotAfterStart(start: request.dayStart, end: request.dayEnd)
    }
    guard request.duration > 0, request.duration.isFinite else {
      throw .durationNotPositive(request.duration)
    }
    guard request.step > 0, request.step.isFinite else { throw .stepNotPositive(request.step) }
    guard request.limit > 0 else { throw .limitNotPositive(request.limit) }
    guard (0...1).contains(request.quorum) else { throw .quorumOutOfRange(request.quorum) }
    if case .any(let rooms) = request.rooms, rooms.isEmpty { throw .noRooms }
    return (first, last)
  }

  /// One entry per contact, in first-seen order: required if any entry is, busy whenever any is.
  private static func mergedPeople(_ people: [SlotPerson]) -> [SlotPerson] {
    var merged: [SlotPerson] = []
    var position: [ContactID: Int] = [:]
    for person in people {
      if let index = position[person.id] {
        merged[index].required = merged[index].required || person.required
        merged[index].busy += person.busy
      } else {
        position[person.id] = merged.count
        merged.append(person)
      }
    }
    return merged
  }

  /// Every candidate start (seconds since the reference date), in time order.
  private static func candidateStarts(_ days: [Int], _ request: SlotRequest) -> [Double] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = request.timeZone
    func instant(_ day: (year: Int, month: Int, day: Int), _ time: ClockTime) -> Double? {
      calendar.date(
        from: DateComponents(
          year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute)
      )?.timeIntervalSinceReferenceDate
    }
    var starts: [Double] = []
    for number in days {
      let day = CivilDay.date(number)
      guard let open = instant(day, request.dayStart), let close = instant(day, request.dayEnd)
      else { continue }
      // Multiplying, not adding up, so a long day does not drift.
      var step = 0.0
      while open + step * request.step + request.duration <= close {
        starts.append(open + step * request.step)
        step += 1
      }
    }
    return starts
  }

  /// Smallest known capacity first (unknown last), then name, then ID.
  private static func betterFit(_ left: SlotRoom, _ right: SlotRoom) -> Bool {
    let leftCapacity = left.room.capacity ?? .max
    let rightCapacity = right.room.capacity ?? .max
    if leftCapacity != rightCapacity { return leftCapacity < rightCapacity }
    if left.room.name != right.room.name { return left.room.name < right.room.name }
    return left.room.id < right.room.id
  }
}

/// The busy times of several people or rooms, each sorted and merged into disjoint intervals, stored
/// flat (seconds since the reference date) so sweeps touch contiguous memory.
private struct Timelines {
  private var starts: [Double] = []
  private var ends: [Double] = []
  /// Resource `i` owns `bounds[i]..<bounds[i + 1]`.
  private var bounds: [Int] = [0]

  /// Keeps only the parts that can matter: intervals touching `horizon`.
  init(_ busy: [[BusyInterval]], within horizon: (Double, Double)) {
    var spans: [(start: Double, end: Double)] = []
    for intervals in busy {
      spans.removeAll(keepingCapacity: true)
      for interval in intervals {
        let start = interval.start.timeIntervalSinceReferenceDate
        let end = interval.end.timeIntervalSinceReferenceDate
        if end > start, end > horizon.0, start < horizon.1 { spans.append((start, end)) }
      }
      spans.sort { $0.start < $1.start }
      let first = starts.count
      for span in spans {
        // Overlapping or touching intervals merge: [9, 10) and [10, 11) is [9, 11).
        if starts.count > first, span.start <= ends[ends.count - 1] {
          ends[ends.count - 1] = Swift.max(ends[ends.count - 1], span.end)
        } else {
          starts.append(span.start)
          ends.append(span.end)
        }
      }
      bounds.append(starts.count)
    }
  }

  /// Calls `body(candidate, free)` for each of `candidateStarts` (ascending) with whether resource
  /// `index` is free for `[start, start + duration)`: one pass, as both lists are in time order.
  func sweep(
    _ index: Int, _ candidateStarts: [Double], _ duration: Double,
    _ body: (Int, Bool) -> Void
  ) {
    var cursor = bounds[index]
    let end = bounds[index + 1]
    for (candidate, start) in candidateStarts.enumerated() {
      // Skip intervals over before this start; the next one, if any, decides.
      while cursor < end, ends[cursor] <= start { cursor += 1 }
      body(candidate, cursor == end || starts[cursor] >= start + duration)
    }
  }

  /// Whether resource `index` is free for all of `[start, end)`, by binary search.
  func isFree(_ index: Int, _ start: Double, _ end: Double) -> Bool {
    var low = bounds[index]
    var high = bounds[index + 1]
    let last = high
    while low < high {
      let middle = (low + high) / 2
      if ends[middle] <= start { low = middle + 1 } else { high = middle }
    }
    return low == last || starts[low] >= end
  }
}
