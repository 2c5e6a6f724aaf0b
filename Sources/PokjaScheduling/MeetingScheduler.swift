import Foundation
import PokjaCore
import PokjaRecurrence

/// A meeting as a user asks for it, in the words of the command line. `MeetingScheduler` validates it.
public struct MeetingRequest: Sendable, Hashable {
  public var title: String
  /// `2026-12-07T10:00` (local in the zone) or with an offset.
  public var start: String
  /// A date-time or `HH:MM` on the start's day.
  public var end: String?
  /// `2h`, `90m`, …
  public var duration: String?
  /// IANA name or WIB/WITA/WIT; nil means the configured default.
  public var timeZone: String?
  /// Room ID or exact name.
  public var room: String?
  public var location: String?
  /// Contact IDs or emails, or `@group`.
  public var attendees: [String]
  /// Offsets before the start: `1d`, `2h`.
  public var reminders: [String]
  public var description: String?
  /// An RFC 5545 RRULE value, e.g. `FREQ=MONTHLY;BYDAY=1MO`.
  public var rrule: String?
  /// The same said in words: `first monday of the month`, `senin pertama setiap bulan`.
  public var every: String?
  /// How many occurrences (added to `every` or `rrule` as COUNT).
  public var count: Int?
  /// The last day (or date-time) of the series (as UNTIL).
  public var until: String?
  /// Occurrences left out, by their start (date-time, or a date for the occurrence on that day).
  public var exdates: [String]
  /// Extra occurrences (date-times).
  public var rdates: [String]
  /// `skip`, `next-workday` or `previous-workday`.
  public var onHoliday: String?
  /// Book the room even when another meeting has it (the clash is reported as a warning).
  public var allowConflict: Bool
  /// Who gets the reminders: `all`, `not-declined`, `organiser`; nil for the default.
  public var remindTo: String?
  /// No reminders, not even the configured default ones.
  public var noReminders: Bool
  /// How reminders go out: `email`, `webhook`, `both`; nil for the default.
  public var remindVia: String? = nil
  /// Whether invitations list every attendee: `visible`, `hidden`, or `auto`/nil to let the
  /// configuration decide at each sending.
  public var guestList: String? = nil

  public init(
    title: String, start: String, end: String? = nil, duration: String? = nil,
    timeZone: String? = nil, room: String? = nil, location: String? = nil,
    attendees: [String] = [], reminders: [String] = [], description: String? = nil,
    rrule: String? = nil, every: String? = nil, count: Int? = nil, until: String? = nil,
    exdates: [String] = [], rdates: [String] = [], onHoliday: String? = nil,
    allowConflict: Bool = false, remindTo: String? = nil, noReminders: Bool = false,
    remindVia: String? = nil, guestList: String? = nil
  ) {
    self.guestList = guestList
    self.remindVia = remindVia
    self.remindTo = remindTo
    self.noReminders = noReminders
    self.title = title
    self.start = start
    self.end = end
    self.duration = duration
    self.timeZone = timeZone
    self.room = room
    self.location = location
    self.attendees = attendees
    self.reminders = reminders
    self.description = description
    self.rrule = rrule
    self.every = every
    self.count = count
    self.until = until
    self.exdates = exdates
    self.rdates = rdates
    self.onHoliday = onHoliday
    self.allowConflict = allowConflict
  }
}

/// Schedules meetings and series and books rooms, refusing a room that is taken at an overlapping
/// time by any occurrence of another meeting.
public struct MeetingScheduler: Sendable {
  let store: any SchedulingStore
  let contacts: any ContactLookup
  let resolver: (any AttendeeResolver)?
  let clock: any WallClock
  let defaultTimeZone: TimeZone
  let holidays: HolidayCalendar?
  let makeUID: @Sendable () -> String
  /// Reminders of a meeting added without `--remind` (`[reminders] offsets` in the config).
  public var defaultReminders: [TimeSpan] = []
  /// Who gets reminders unless a meeting says (`[reminders] recipients`).
  public var defaultReminderRecipients: ReminderRecipients = .notDeclined
  /// How reminders go out unless a meeting says (`[reminders] channel`).
  public var defaultReminderChannel: ReminderChannel = .both
  /// The guest list of meetings that do not choose one (`[invitations] guest_list`).
  public var defaultGuestList = GuestListDefault()

  /// Creates a scheduler. `uidDomain` ends every iCalendar UID (`<uuid>@uidDomain`).
  public init(
    store: any SchedulingStore, contacts: any ContactLookup,
    attendees resolver: (any AttendeeResolver)? = nil, clock: any WallClock,
    defaultTimeZone: TimeZone, holidays: HolidayCalendar? = nil, uidDomain: String = "pokja.local",
    makeUID: (@Sendable () -> String)? = nil
  ) {
    self.holidays = holidays
    self.store = store
    self.contacts = contacts
    self.resolver = resolver
    self.clock = clock
    self.defaultTimeZone = defaultTimeZone
    self.makeUID = makeUID ?? { "\(UUID().uuidString.lowercased())@\(uidDomain)" }
  }

  var planner: SeriesPlanner { SeriesPlanner(holidays: holidays) }

  /// Adds a room; names must be unique.
  public func addRoom(
    name: String, capacity: Int? = nil, location: String? = nil, building: String? = nil,
    floor: String? = nil, facilities: [String] = []
  ) throws -> Room {
    let name = try Validate.singleLine(name, field: "--name")
    let location = try Validate.optionalSingleLine(location, field: "--location")
    let building = try Validate.optionalSingleLine(building, field: "--building")
    let floor = try Validate.optionalSingleLine(floor, field: "--floor")
    var cleaned: [String] = []
    for facility in facilities {
      for part in facility.split(separator: ",") {
        let text = try Validate.singleLine(String(part), field: "--facility")
        if !cleaned.contains(text) { cleaned.append(text) }
      }
    }
    if let capacity, capacity <= 0 {
      throw InputError.notPositive(field: "--capacity", value: String(capacity))
    }
    if let existing = try store.room(.key(name)) {
      throw SchedulingError.duplicateRoom(name: name, existing: existing.id)
    }
    return try store.insert(
      Room(
        id: .unassigned, name: name, capacity: capacity, location: location, building: building,
        floor: floor, facilities: cleaned))
  }

  /// Every room, by name.
  public func rooms() throws -> [Room] { try store.rooms() }

  /// Validates `request` and stores the meeting (or series) with its attendees, reminders and
  /// planned occurrences in one transaction. Refuses, naming the other meeting and the date, when
  /// any occurrence would share the room with an occurrence of another meeting, unless
  /// `allowConflict`; attendee clashes and a room too small come back as warnings.
  public func schedule(_ request: MeetingRequest) throws -> ScheduledMeeting {
    try replanForHolidays()
    let title = try Validate.singleLine(request.title, field: "--title")
    let zone = try zone(request.timeZone)
    let start = try parseStart(request.start, in: zone)
    let end = try parseEnd(request.end, duration: request.duration, start: start, zone: zone)
    let location = try Validate.optionalSingleLine(request.location, field: "--location")
    let description = request.description.flatMap {
      $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
    }
    let room = try request.room.map(room(named:))
    let attendeeIDs = try resolveAttendees(request.attendees)
    let reminders =
      request.noReminders
      ? [] : request.reminders.isEmpty ? defaultReminders : try parseReminders(request.reminders)
    let recipients = try request.remindTo.map(parseRecipients) ?? defaultReminderRecipients
    var notes: [SchedulingWarning] = []
    let recurrence = try recurrence(of: request, start: start, zone: zone, notes: &notes)
    let onHoliday = try request.onHoliday.map { text in
      guard let policy = HolidayPolicy(rawValue: text.lowercased()) else {
        throw InputError.invalidChoice(
          field: "--on-holiday", value: text, allowed: HolidayPolicy.allCases.map(\.rawValue))
      }
      return policy
    }
    if onHoliday != nil, recurrence == nil {
      throw SchedulingError.holidayPolicyNeedsSeries
    }
    var draft = Meeting(
      id: .unassigned, uid: makeUID(), title: title, description: description, start: start,
      end: end, timeZone: zone, roomID: room?.id, location: location, createdAt: clock.now(),
      recurrence: recurrence, onHoliday: onHoliday)
    draft.reminderRecipients = recipients
    draft.reminderChannel =
      try request.remindVia.map(parseReminderChannel) ?? defaultReminderChannel
    draft.guestList = try request.guestList.flatMap(parseGuestList)
    // Plan before storing: an impossible rule or an empty series is refused before anything is written.
    let ruleOption =
      request.until != nil ? "--until" : request.rrule != nil ? "--rrule" : "--every"
    let field = recurrence == nil ? nil : ruleOption
    // RFC 5545 would make a start the rule does not give an extra first occurrence; a start typed
    // beside a rule ("first monday", from a Tuesday) means the rule's first one instead.
    let onRule = try Validate.recurrence(field: field) { () throws(RecurrenceError) in
      try SeriesPlanner.startOnRule(of: draft)
    }
    guard let first = onRule else { throw SchedulingError.seriesEmpty }
    if first != start {
      notes.append(.startMovedToFirstOccurrence(from: start, to: first, zone: zone))
      draft.start = first
      draft.end = first.addingTimeInterval(end.timeIntervalSince(start))
    }
    let plan = try Validate.recurrence(field: field) { () throws(RecurrenceError) in
      try planner.plan(draft, overrides: [], now: clock.now())
    }
    guard !plan.occurrences.isEmpty else { throw SchedulingError.seriesEmpty }
    guard !plan.capped else {
      throw SchedulingError.seriesTooLong(SeriesPlanner.maximumOccurrences)
    }
    try checkExdates(request.exdates, of: draft)
    let (meeting, warnings) = try store.write { transaction in
      let warnings = try checkBooking(
        transaction, occurrences: plan.occurrences.map(\.occurrence), room: room,
        attendees: attendeeIDs, excluding: nil, zone: zone, allowConflict: request.allowConflict)
      let meeting = try transaction.insert(draft, attendees: attendeeIDs, reminders: reminders)
      try transaction.replaceOccurrences(
        of: meeting.id,
        with: plan.occurrences.map {
          var occurrence = $0.occurrence
          occurrence.meetingID = meeting.id
          return occurrence
        }, plannedThrough: plan.plannedThrough)
      return (meeting, warnings)
    }
    return ScheduledMeeting(
      details: try details(of: meeting),
      warnings: notes + warnings + holidayWarnings(plan, zone: zone))
  }
}

/// A meeting just scheduled, with what the secretary should know about it. Reads as its details
/// (`scheduled.meeting`, `scheduled.attendees`).
@dynamicMemberLookup
public struct ScheduledMeeting: Sendable, Hashable {
  public var details: MeetingDetails
  public var warnings: [SchedulingWarning]

  public init(details: MeetingDetails, warnings: [SchedulingWarning]) {
    self.details = details
    self.warnings = warnings
  }

  public subscript<T>(dynamicMember keyPath: KeyPath<MeetingDetails, T>) -> T {
    details[keyPath: keyPath]
  }
}
