import Foundation
import PokjaCore

/// What `pokja meeting suggest` asks for, in the words of the command line.
public struct SuggestRequest: Sendable, Hashable {
  /// Required attendees: contacts or `@group`.
  public var attendees: [String]
  /// Attendees whose absence does not rule a slot out.
  public var optionalAttendees: [String]
  public var duration: String
  /// `2026-12-01..2026-12-19`.
  public var within: String
  /// `09:00-16:00`; nil for the default.
  public var hours: String?
  /// A room's ID or name, `any`, or nil for no room.
  public var room: String?
  /// `80%`; nil for everyone.
  public var quorum: String?
  public var timeZone: String?
  public var limit: Int

  public init(
    attendees: [String], optionalAttendees: [String] = [], duration: String, within: String,
    hours: String? = nil, room: String? = nil, quorum: String? = nil, timeZone: String? = nil,
    limit: Int = 5
  ) {
    self.attendees = attendees
    self.optionalAttendees = optionalAttendees
    self.duration = duration
    self.within = within
    self.hours = hours
    self.room = room
    self.quorum = quorum
    self.timeZone = timeZone
    self.limit = limit
  }
}

/// The slots found, with the people they were found for.
public struct Suggestion: Sendable, Hashable {
  public var result: SlotSuggestion
  public var people: [ContactID: Contact]
  public var requiredCount: Int
  public var timeZone: TimeZone
}

extension MeetingScheduler {
  /// The best times for a meeting of these people within the window: ranked by how many required
  /// attendees are free, in a room free for the whole slot, skipping weekends and holidays.
  public func suggest(_ request: SuggestRequest) throws -> Suggestion {
    let zone = try zone(request.timeZone)
    let window = try SlotRequest.parseWindow(request.within)
    let span = try Validate.field("--duration") { () throws(InputError) in
      try TimeSpan(parsing: request.duration)
    }
    let hours = try request.hours.map { text throws(SlotFinderError) in
      try SlotRequest.parseHours(text)
    }
    let quorum = try request.quorum.map { text throws(SlotFinderError) in
      try SlotRequest.parseQuorum(text)
    }
    var required: [Contact] = []
    for reference in request.attendees {
      for contact in try resolveAttendee(reference) where !required.contains(contact) {
        required.append(contact)
      }
    }
    var optional: [Contact] = []
    for reference in request.optionalAttendees {
      for contact in try resolveAttendee(reference)
      where !required.contains(contact) && !optional.contains(contact) {
        optional.append(contact)
      }
    }
    let from = try DateTimeText.parse(window.firstDay, in: zone)
    let to = try DateTimeText.parse(window.lastDay, in: zone).addingTimeInterval(86_400)
    let everyone = required + optional
    let busy = try store.busyTimes(from: from, to: to, contacts: everyone.map(\.id))
    let people =
      required.map { SlotPerson(id: $0.id, name: $0.name, busy: busy.people[$0.id] ?? []) }
      + optional.map {
        SlotPerson(id: $0.id, name: $0.name, required: false, busy: busy.people[$0.id] ?? [])
      }
    let rooms: RoomNeed
    switch request.room?.lowercased() {
    case nil: rooms = .notNeeded
    case "any":
      rooms = .any(try store.rooms().map { SlotRoom($0, busy: busy.rooms[$0.id] ?? []) })
    default:
      let room = try room(named: request.room!)
      rooms = .specific(SlotRoom(room, busy: busy.rooms[room.id] ?? []))
    }
    let slotRequest = SlotRequest(
      firstDay: window.firstDay, lastDay: window.lastDay, timeZone: zone,
      duration: span.timeInterval, people: people, dayStart: hours?.start ?? ClockTime(hour: 9),
      dayEnd: hours?.end ?? ClockTime(hour: 16), rooms: rooms, quorum: quorum ?? 1,
      holidays: holidays, limit: request.limit, now: clock.now())
    let result = try SlotFinder.suggest(slotRequest)
    return Suggestion(
      result: result,
      people: Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0) }),
      requiredCount: required.count, timeZone: zone)
  }
}
