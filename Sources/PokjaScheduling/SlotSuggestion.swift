import Foundation
import PokjaCore

/// One slot `SlotFinder` offers: when, who can come, and where.
public struct SuggestedSlot: Sendable, Hashable {
  public var start: Date
  public var end: Date
  /// Required attendees free for the whole slot, in the request's order.
  public var free: [ContactID]
  /// Required attendees busy at some point during the slot.
  public var busy: [ContactID]
  /// Optional attendees free for the whole slot.
  public var optionalFree: [ContactID]
  /// Optional attendees busy at some point during the slot.
  public var optionalBusy: [ContactID]
  /// The room to book: free for the whole slot and, when its capacity is known, seating everyone.
  /// Nil when the request needs no room.
  public var room: Room?

  /// A slot as the finder reports it.
  public init(
    start: Date, end: Date, free: [ContactID], busy: [ContactID], optionalFree: [ContactID] = [],
    optionalBusy: [ContactID] = [], room: Room? = nil
  ) {
    self.start = start
    self.end = end
    self.free = free
    self.busy = busy
    self.optionalFree = optionalFree
    self.optionalBusy = optionalBusy
    self.room = room
  }
}

/// What `SlotFinder.suggest` found: the best slots, or the constraint that ruled every slot out.
public enum SlotSuggestion: Sendable, Hashable {
  /// The best slots, best first, none overlapping another.
  case found([SuggestedSlot])
  /// Nothing fits, and why.
  case noSlot(NoSlotReason)

  /// The slots found; empty when nothing fits.
  public var slots: [SuggestedSlot] {
    if case .found(let slots) = self { slots } else { [] }
  }

  /// Why nothing fits; nil when slots were found.
  public var reason: NoSlotReason? {
    if case .noSlot(let reason) = self { reason } else { nil }
  }
}

/// The constraint that ruled out every slot. Constraints are applied in the order of these cases,
/// and the reason names the first one that left nothing: days, hours, room, quorum, then time.
public enum NoSlotReason: Error, Sendable, Hashable {
  /// Every day of the window is a Saturday, Sunday or holiday; `holidays` are the weekday holidays.
  case noWorkingDays(firstDay: String, lastDay: String, holidays: [Holiday])
  /// The working hours are shorter than the meeting.
  case hoursShorterThanDuration(start: ClockTime, end: ClockTime, duration: TimeInterval)
  /// No room seats everyone. `room` is the requested room's name, or nil with `--room any` (then
  /// `capacity` is the largest room's).
  case roomTooSmall(room: String?, capacity: Int, headcount: Int)
  /// None of `rooms` (those large enough) is free for the whole length of any slot.
  case roomNeverFree(rooms: [String], duration: TimeInterval)
  /// At most `bestFree` of `required` required attendees are free at once, fewer than the quorum's
  /// `needed`.
  case quorumNotReached(bestFree: Int, required: Int, needed: Int)
  /// `count` slots fit, but all start before `now`.
  case allInPast(count: Int, now: Date, timeZone: TimeZone)
}

extension NoSlotReason: LocalizedError, CustomStringConvertible {
  public var errorDescription: String? { description }

  /// What to tell the user, with the numbers and what to change.
  public var description: String {
    switch self {
    case .noWorkingDays(let first, let last, let holidays):
      let window = first == last ? first : "\(first)..\(last)"
      let listed = holidays.map { "\($0.date) \($0.name)" }.joined(separator: ", ")
      return holidays.isEmpty
        ? "--within \(window) has no working days (weekends are skipped); widen --within."
        : "--within \(window) has no working days: weekends are skipped, and it has the holidays "
          + "\(listed); widen --within."
    case .hoursShorterThanDuration(let start, let end, let duration):
      return
        "--hours \(start)-\(end) is shorter than the meeting (\(SlotFinderError.span(duration))); "
        + "widen --hours or shorten --duration."
    case .roomTooSmall(let room?, let capacity, let headcount):
      return
        "Room '\(room)' seats \(capacity), but there are \(headcount) attendees; choose a larger "
        + "room or --room any."
    case .roomTooSmall(nil, let capacity, let headcount):
      return
        "No room seats \(headcount) attendees (the largest seats \(capacity)); invite fewer people "
        + "or add a larger room."
    case .roomNeverFree(let rooms, let duration):
      let length = SlotFinderError.span(duration)
      return rooms.count == 1
        ? "Room '\(rooms[0])' is never free for a whole \(length) slot in the working hours of "
          + "--within; choose another room (or --room any) or widen --within."
        : "None of the \(rooms.count) rooms large enough is free for a whole \(length) slot in "
          + "the working hours of --within; widen --within or shorten --duration."
    case .quorumNotReached(let best, let required, let needed):
      return
        "At most \(best) of \(required) required attendees are free at any time (the quorum needs "
        + "\(needed)); lower --quorum or widen --within."
    case .allInPast(let count, let now, let zone):
      let slots =
        count == 1 ? "The only slot that fits starts" : "All \(count) slots that fit start"
      return
        "\(slots) before now (\(DateTimeText.display(now, in: zone))); move --within to later "
        + "days."
    }
  }
}
