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

  /// Every meeting, by start.
  public func meetings() throws -> [Meeting] { try store.meetings() }

  /// The meeting named by its ID (or iCalendar UID).
  public func meeting(_ reference: String) throws -> Meeting {
    let trimmed = reference.trimmingCharacters(in: .whitespaces)
    if let id = MeetingID(parsing: trimmed), let meeting = try store.meeting(id) { return meeting }
    if trimmed.contains("@"), let meeting = try store.meeting(uid: trimmed) { return meeting }
    throw SchedulingError.meetingNotFound(reference)
  }

  /// A meeting with its room, attendees, reminders and plan, named by its ID.
  public func details(of reference: String) throws -> MeetingDetails {
    try details(of: meeting(reference))
  }

  /// A meeting with its room, attendees, reminders, changed occurrences and plan.
  public func details(of meeting: Meeting) throws -> MeetingDetails {
    let room = try meeting.roomID.flatMap { try store.room(.id($0)) }
    let attendees = try store.attendees(of: meeting.id)
    let people = Dictionary(
      uniqueKeysWithValues: try contacts.contacts(withIDs: attendees.map(\.contactID)).map {
        ($0.id, $0)
      })
    var organisations: [OrganisationID: Organisation] = [:]
    for contact in people.values {
      if let id = contact.organisationID, organisations[id] == nil {
        organisations[id] = try contacts.organisation(.id(id))
      }
    }
    let listed = attendees.compactMap { attendee -> AttendeeDetails? in
      guard let contact = people[attendee.contactID] else { return nil }
      return AttendeeDetails(
        attendee: attendee, contact: contact,
        organisation: contact.organisationID.flatMap { organisations[$0] })
    }
    let overrides = meeting.isSeries ? try store.overrides(of: meeting.id) : []
    let plan = try Validate.recurrence { () throws(RecurrenceError) in
      try planner.plan(meeting, overrides: overrides, now: clock.now())
    }
    var rooms: [RoomID: Room] = [:]
    if let room { rooms[room.id] = room }
    for change in overrides {
      if let id = change.roomID, rooms[id] == nil { rooms[id] = try store.room(.id(id)) }
    }
    var details = MeetingDetails(
      meeting: meeting, room: room, attendees: listed,
      reminders: try store.reminders(of: meeting.id),
      holiday: holidays?.holiday(on: meeting.start, in: meeting.timeZone), overrides: overrides,
      plan: plan, replies: meeting.isSeries ? try store.occurrenceReplies(of: meeting.id) : [],
      rooms: rooms)
    details.guestList = defaultGuestList.guestList(
      choice: meeting.guestList, attendees: listed.count)
    return details
  }

  /// The reminder due at `now` for each occurrence that has not started: of the reminders whose
  /// time has come, the one nearest the start (after downtime, the 1d reminder is not sent an hour
  /// before the meeting together with the 2h one). Each comes with the occurrence's details.
  public func dueReminders(at now: Date) throws -> [(MeetingDetails, Reminder)] {
    var series: [MeetingID: MeetingDetails] = [:]
    return try store.dueReminders(at: now).compactMap { meeting, occurrence, reminders in
      guard let nearest = reminders.min(by: { $0.offset < $1.offset }) else { return nil }
      if series[meeting.id] == nil { series[meeting.id] = try details(of: meeting) }
      guard let whole = series[meeting.id] else { return nil }
      return (whole.focused(on: occurrence), nearest)
    }
  }

  /// Reminders missed while Pokja was not running: occurrences that started within the last day
  /// with none of their reminders sent, each with the reminder nearest the start.
  public func missedReminders(at now: Date) throws -> [(MeetingDetails, Reminder)] {
    var series: [MeetingID: MeetingDetails] = [:]
    return try store.missedReminders(at: now, since: now.addingTimeInterval(-86_400)).compactMap {
      meeting, occurrence, reminders in
      guard let nearest = reminders.min(by: { $0.offset < $1.offset }) else { return nil }
      if series[meeting.id] == nil { series[meeting.id] = try details(of: meeting) }
      guard let whole = series[meeting.id] else { return nil }
      return (whole.focused(on: occurrence), nearest)
    }
  }

  /// Occurrences of confirmed meetings starting in `from..<to`, each with its details, by start.
  public func agenda(from: Date, to: Date, attendee: ContactID? = nil) throws
    -> [MeetingDetails]
  {
    var series: [MeetingID: MeetingDetails] = [:]
    return try store.occurrences(from: from, to: to, meeting: nil, attendee: attendee).compactMap {
      occurrence in
      if series[occurrence.meetingID] == nil {
        guard let meeting = try store.meeting(occurrence.meetingID) else { return nil }
        series[occurrence.meetingID] = try details(of: meeting)
      }
      return series[occurrence.meetingID]?.focused(on: occurrence)
    }
  }

  /// Plans again the series with a holiday policy when the holiday data changed since they were
  /// planned (a new decree in `$POKJA_HOME/holidays.json`); returns how many. Every command that
  /// books or changes meetings, and the cron commands, call it first.
  @discardableResult
  public func replanForHolidays() throws -> Int {
    guard let holidays else { return 0 }
    let fingerprint = holidays.fingerprint
    let known = try store.setting("holidays")
    guard known != fingerprint else { return 0 }
    let now = clock.now()
    let series = try store.meetings().filter {
      $0.status == .confirmed && $0.isSeries && $0.onHoliday != nil
    }
    var plans: [(MeetingID, SeriesPlan)] = []
    for meeting in series where known != nil {
      let overrides = try store.overrides(of: meeting.id)
      plans.append(
        (
          meeting.id,
          try Validate.recurrence { () throws(RecurrenceError) in
            try planner.plan(meeting, overrides: overrides, now: now)
          }
        ))
    }
    try store.write { transaction in
      for (id, plan) in plans { try transaction.store(plan, of: id) }
      try transaction.setSetting("holidays", fingerprint)
    }
    return plans.count
  }

  /// Plans unending series further ahead when their plan ends within `margin` of `now`; returns how
  /// many were extended. Cron commands call it, so occurrences are always there to remind about.
  @discardableResult
  public func extendPlans(margin: TimeInterval = SeriesPlanner.horizon / 2) throws -> Int {
    try replanForHolidays()
    let now = clock.now()
    let stale = try store.seriesPlanned(before: now.addingTimeInterval(margin))
    var extended = 0
    for meeting in stale {
      let overrides = try store.overrides(of: meeting.id)
      let plan = try Validate.recurrence { () throws(RecurrenceError) in
        try planner.plan(meeting, overrides: overrides, now: now)
      }
      // A series planned whole (COUNT or UNTIL reached) has nothing further to plan: marked as
      // planned for good, so later runs do not plan every finished series again.
      if !plan.isComplete { extended += 1 }
      try store.write { transaction in
        try transaction.replaceOccurrences(
          of: meeting.id, with: plan.occurrences.map(\.occurrence),
          plannedThrough: plan.isComplete ? .distantFuture : plan.plannedThrough)
      }
    }
    return extended
  }

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

  // MARK: - Shared validation

  func zone(_ name: String?) throws -> TimeZone {
    try Validate.field("--tz") { () throws(InputError) -> TimeZone in
      try name.map { name throws(InputError) in try DateTimeText.timeZone(named: name) }
        ?? defaultTimeZone
    }
  }

  /// A start in `zone`: a local time the clocks skip (DST gap) is refused, not moved.
  func parseStart(_ text: String, in zone: TimeZone, field: String = "--start") throws -> Date {
    try Validate.field(field) { () throws(InputError) in
      try DateTimeText.parse(text, in: zone)
    }
  }

  func parseEnd(_ endText: String?, duration durationText: String?, start: Date, zone: TimeZone)
    throws -> Date
  {
    let end: Date
    switch (endText, durationText) {
    case (nil, nil): throw SchedulingError.missingEnd
    case (.some, .some): throw SchedulingError.endAndDuration
    case (let endText?, nil):
      end = try Validate.field("--end") { () throws(InputError) in
        try DateTimeText.parseEnd(endText, startingAt: start, in: zone)
      }
    case (nil, let durationText?):
      let span = try Validate.field("--duration") { () throws(InputError) in
        try TimeSpan(parsing: durationText)
      }
      end = start.addingTimeInterval(span.timeInterval)
    }
    guard end > start else {
      throw InputError.endNotAfterStart(start: start, end: end, zone: zone)
    }
    let length = TimeSpan(seconds: Int(end.timeIntervalSince(start)))
    guard length.seconds <= 14 * 86_400 else { throw SchedulingError.meetingTooLong(length) }
    return end
  }

  func room(named reference: String) throws -> Room {
    guard let room = try store.room(Reference(reference)) else {
      throw SchedulingError.roomNotFound(reference)
    }
    return room
  }

  func resolveAttendees(_ references: [String]) throws -> [ContactID] {
    var attendeeIDs: [ContactID] = []
    for reference in references {
      for contact in try resolveAttendee(reference) where !attendeeIDs.contains(contact.id) {
        attendeeIDs.append(contact.id)
      }
    }
    return attendeeIDs
  }

  func resolveAttendee(_ reference: String) throws -> [Contact] {
    if let resolver {
      do {
        return try resolver.attendees(reference)
      } catch {
        throw SchedulingError.attendeeUnresolved(reference, reason: error.localizedDescription)
      }
    }
    guard let contact = try contacts.contact(Reference(reference)) else {
      throw SchedulingError.attendeeNotFound(reference)
    }
    return [contact]
  }

  /// `--remind-to`: all, not-declined or organiser.
  func parseRecipients(_ text: String) throws -> ReminderRecipients {
    guard let value = ReminderRecipients(rawValue: text.lowercased()) else {
      throw InputError.invalidChoice(
        field: "--remind-to", value: text, allowed: ReminderRecipients.allCases.map(\.rawValue))
    }
    return value
  }

  /// `--remind-via`: email, webhook or both.
  func parseReminderChannel(_ text: String) throws -> ReminderChannel {
    guard let value = ReminderChannel(rawValue: text.lowercased()) else {
      throw InputError.invalidChoice(
        field: "--remind-via", value: text, allowed: ReminderChannel.allCases.map(\.rawValue))
    }
    return value
  }

  /// `--guest-list`: visible, hidden, or auto (nil: the configuration decides).
  func parseGuestList(_ text: String) throws -> GuestList? {
    let text = text.lowercased()
    if text == GuestListDefault.Mode.auto.rawValue { return nil }
    guard let value = GuestList(rawValue: text) else {
      throw InputError.invalidChoice(
        field: "--guest-list", value: text,
        allowed: GuestListDefault.Mode.allCases.map(\.rawValue))
    }
    return value
  }

  func parseReminders(_ texts: [String]) throws -> [TimeSpan] {
    var reminders: [TimeSpan] = []
    for text in texts {
      let span = try Validate.field("--remind") { () throws(InputError) in
        try TimeSpan(parsing: text)
      }
      guard span.seconds <= 60 * 86_400 else { throw SchedulingError.reminderTooLong(span) }
      if !reminders.contains(span) { reminders.append(span) }
    }
    return reminders.sorted(by: >)
  }

  /// The recurrence a request asks for, checked; nil for a one-off. `notes` gets what was changed
  /// on the way (an UNTIL written in UTC).
  func recurrence(
    of request: MeetingRequest, start: Date, zone: TimeZone, notes: inout [SchedulingWarning]
  ) throws -> MeetingRecurrence? {
    if request.rrule != nil, request.every != nil { throw SchedulingError.ruleAndPhrase }
    var rule: RecurrenceRule?
    if let text = request.rrule {
      let value = text.hasPrefix("RRULE:") ? String(text.dropFirst(6)) : text
      rule = try Validate.recurrence(field: "--rrule") { () throws(RecurrenceError) in
        try RecurrenceRule(parsing: value)
      }
    } else if let phrase = request.every {
      rule = try Validate.recurrence(field: "--every") { () throws(RecurrenceError) in
        try RecurrencePhrase.rule(for: phrase)
      }
    }
    let hasEnd = request.count != nil || request.until != nil
    if hasEnd, rule == nil { throw SchedulingError.endWithoutRule }
    if let current = rule, hasEnd {
      if current.count != nil || current.until != nil
        || (request.count != nil && request.until != nil)
      {
        throw SchedulingError.twoEnds
      }
      if let count = request.count, count <= 0 {
        throw InputError.notPositive(field: "--count", value: String(count))
      }
      var until: RecurrenceRule.Until?
      if let text = request.until {
        // A date means through the end of that day (`DateAlone`); either way UNTIL is written in
        // UTC, as RFC 5545 requires for a DTSTART with a TZID.
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let endOfDay = DateAlone.until(trimmed, in: zone) {
          until = endOfDay
        } else {
          let instant = try Validate.field("--until") { () throws(InputError) in
            try DateTimeText.parse(trimmed, in: zone)
          }
          until = .utc(LocalDateTime(instant, in: .gmt))
        }
      }
      rule = try Validate.recurrence(field: request.until != nil ? "--until" : "--count") {
        () throws(RecurrenceError) in try current.ending(count: request.count, until: until)
      }
    }
    if let current = rule {
      // An UNTIL before the start is refused as the user wrote it, before it is put in UTC.
      _ = try Validate.recurrence(field: request.until != nil ? "--until" : "--rrule") {
        () throws(RecurrenceError) in try RecurrenceSet(start: start, timeZone: zone, rule: current)
      }
      let (stored, change) = try normalised(current, zone: zone, field: "--rrule")
      rule = stored
      if let change { notes.append(change) }
    }
    let exdates = try request.exdates.map { text in
      try occurrenceStart(text, seriesStart: start, zone: zone, field: "--exdate")
    }
    let rdates = try request.rdates.map { text in
      try parseStart(text, in: zone, field: "--rdate")
    }
    guard rule != nil || !rdates.isEmpty else {
      if !exdates.isEmpty { throw SchedulingError.endWithoutRule }
      return nil
    }
    return MeetingRecurrence(rule: rule?.description, rdates: rdates, exdates: exdates)
  }

  /// Refuses an `--exdate` that names no occurrence of the series (a mistyped date would otherwise
  /// leave the meeting it meant to cancel in place), naming the nearest occurrences.
  func checkExdates(_ texts: [String], of meeting: Meeting) throws {
    guard let recurrence = meeting.recurrence, !recurrence.exdates.isEmpty else { return }
    var whole = meeting
    whole.recurrence?.exdates = []
    let set = try Validate.recurrence { () throws(RecurrenceError) in
      try SeriesPlanner.recurrenceSet(of: whole)
    }
    for (text, date) in zip(texts, recurrence.exdates)
    where !set.occurrences(from: date, to: date, limit: 1).contains(where: { _ in true }) {
      let zone = meeting.timeZone
      let before = Array(
        set.occurrences(from: date.addingTimeInterval(-400 * 86_400), to: date).suffix(1))
      let after = Array(set.occurrences(from: date, limit: 1))
      throw SchedulingError.exdateNotAnOccurrence(
        text, near: (before + after).map { LocalTime.iso($0.date, in: zone) })
    }
  }

  /// `rule` with its UNTIL written in UTC, as RFC 5545 §3.3.10 requires beside a DTSTART with a
  /// zone (a series' start always has one): a local (floating) UNTIL is the same moment in `zone`;
  /// a DATE is the end of that day in `zone`. Returns the rule and, when it changed, a note saying
  /// so.
  func normalised(_ rule: RecurrenceRule, zone: TimeZone, field: String) throws
    -> (RecurrenceRule, SchedulingWarning?)
  {
    guard let until = rule.until else { return (rule, nil) }
    if case .utc = until { return (rule, nil) }
    if case .floating(let local) = until {
      // A local UNTIL the clocks skip is refused, as a start would be.
      _ = try Validate.recurrence(field: field) { () throws(RecurrenceError) in
        try local.date(in: zone)
      }
    }
    let utc = until.inUTC(zone: zone)
    let stored = try Validate.recurrence(field: field) { () throws(RecurrenceError) in
      try rule.ending(count: nil, until: utc)
    }
    return (
      stored,
      .untilInUTC(
        written: until.description, stored: utc.description, zone: zone,
        endOfDay: { if case .date = until { true } else { false } }())
    )
  }

  /// The RRULE text `text` with its UNTIL written in UTC (see `normalised`) and the note saying
  /// so; otherwise as written.
  func normalisedRule(_ text: String, zone: TimeZone) throws -> (String, SchedulingWarning?) {
    guard let rule = try? RecurrenceRule(parsing: text) else { return (text, nil) }
    let (stored, change) = try normalised(rule, zone: zone, field: "RRULE")
    return change == nil ? (text, nil) : (stored.description, change)
  }

  /// An occurrence's start from `2026-12-07` (that day at the series' time: `DateAlone`) or a
  /// full date-time.
  func occurrenceStart(_ text: String, seriesStart: Date, zone: TimeZone, field: String) throws
    -> Date
  {
    let day = DateAlone.seriesTime(of: seriesStart, in: zone)
    let dateAlone = try Validate.recurrence(field: field) { () throws(RecurrenceError) in
      try day.instant(text, in: zone)
    }
    if let dateAlone { return dateAlone }
    return try parseStart(text.trimmingCharacters(in: .whitespaces), in: zone, field: field)
  }

  /// Checks a booking inside the write transaction: room clashes refuse it (or become warnings
  /// with `allowConflict`); attendee clashes and capacity become warnings.
  func checkBooking(
    _ transaction: any SchedulingTransaction, occurrences: [MeetingOccurrence], room: Room?,
    attendees: [ContactID], excluding: MeetingID?, zone: TimeZone, allowConflict: Bool
  ) throws -> [SchedulingWarning] {
    var warnings: [SchedulingWarning] = []
    let now = clock.now()
    // Past occurrences happened where they happened: only what is still ahead is checked.
    let ahead = occurrences.filter { $0.end > now || occurrences.count == 1 }
    // Changed occurrences may be in a room of their own: each room is checked for its occurrences.
    var booked = room.map { [$0] } ?? []
    for id in Set(ahead.compactMap(\.roomID)).sorted(by: { $0.rawValue < $1.rawValue })
    where !booked.contains(where: { $0.id == id }) {
      if let other = try store.room(.id(id)) { booked.append(other) }
    }
    for place in booked {
      let byRoom = ahead.filter { ($0.roomID ?? room?.id) == place.id }
      let clashes = try transaction.roomClashes(
        room: place.id, intervals: byRoom.map { DateInterval(start: $0.start, end: $0.end) },
        excluding: excluding, limit: allowConflict ? 20 : 1)
      if let clash = clashes.first, !allowConflict {
        throw SchedulingError.roomDoubleBooked(
          room: place.name, by: clash.meeting.id, title: clash.meeting.title,
          start: clash.occurrence.start, end: clash.occurrence.end, zone: clash.meeting.timeZone,
          requested: occurrences.count > 1 ? clash.requested.start : nil, requestedZone: zone)
      }
      warnings += clashes.map { .roomConflictAllowed(room: place.name, $0, zone: zone) }
    }
    if let room, let capacity = room.capacity, attendees.count > capacity {
      warnings.append(
        .overCapacity(room: room.name, capacity: capacity, attendees: attendees.count))
    }
    let people = try attendeeClashes(
      transaction, attendees: attendees, occurrences: ahead, excluding: excluding)
    warnings += people
    return warnings
  }

  private func attendeeClashes(
    _ transaction: any SchedulingTransaction, attendees: [ContactID],
    occurrences: [MeetingOccurrence], excluding: MeetingID?
  ) throws -> [SchedulingWarning] {
    let clashes = try transaction.attendeeClashes(
      contacts: attendees,
      intervals: occurrences.map { DateInterval(start: $0.start, end: $0.end) },
      excluding: excluding, limit: 20)
    guard !clashes.isEmpty else { return [] }
    let names = Dictionary(
      uniqueKeysWithValues: try contacts.contacts(withIDs: Array(Set(clashes.map(\.contactID))))
        .map { ($0.id, $0.name) })
    return clashes.map {
      .attendeeBusy(name: names[$0.contactID] ?? "contact \($0.contactID)", $0.clash)
    }
  }

  func holidayWarnings(_ plan: SeriesPlan, zone: TimeZone) -> [SchedulingWarning] {
    let now = clock.now()
    var warnings: [SchedulingWarning] = []
    for planned in plan.occurrences where planned.occurrence.end > now {
      if let holiday = planned.onHoliday {
        warnings.append(.onHoliday(planned.occurrence.start, holiday, zone: zone))
      }
      if let holiday = planned.movedFromHoliday {
        warnings.append(
          .movedForHoliday(
            from: planned.occurrence.recurrenceID, to: planned.occurrence.start, holiday,
            zone: zone))
      }
    }
    for skipped in plan.skipped where skipped.recurrenceID > now {
      warnings.append(.skippedForHoliday(skipped.recurrenceID, skipped.holiday, zone: zone))
    }
    return warnings
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

/// Something worth a second look that does not stop a booking.
public enum SchedulingWarning: Sendable, Hashable, CustomStringConvertible {
  /// An attendee is due at another meeting at the same time.
  case attendeeBusy(name: String, Clash)
  /// More attendees than the room seats.
  case overCapacity(room: String, capacity: Int, attendees: Int)
  /// Booked over another meeting with `--allow-conflict`.
  case roomConflictAllowed(room: String, Clash, zone: TimeZone)
  /// An occurrence falls on a public holiday and stays there.
  case onHoliday(Date, Holiday, zone: TimeZone)
  case movedForHoliday(from: Date, to: Date, Holiday, zone: TimeZone)
  case skippedForHoliday(Date, Holiday, zone: TimeZone)
  /// The start is not an occurrence of the rule: the series starts at its first occurrence.
  case startMovedToFirstOccurrence(from: Date, to: Date, zone: TimeZone)
  /// An RRULE's UNTIL given as a local time or a date, stored in UTC (RFC 5545 §3.3.10).
  case untilInUTC(written: String, stored: String, zone: TimeZone, endOfDay: Bool)
  /// An imported series with COUNT and a DTSTART off its rule: other calendars may show `extra`.
  case countReadTwoWays(title: String, start: Date, count: Int, extra: Date, zone: TimeZone)

  public var description: String {
    switch self {
    case .attendeeBusy(let name, let clash):
      "\(name) is also invited to meeting \(clash.meeting.id) '\(clash.meeting.title)' (\(LocalTime.span(clash.occurrence.start, clash.occurrence.end, in: clash.meeting.timeZone)))."
    case .overCapacity(let room, let capacity, let attendees):
      "\(attendees) attendees, but '\(room)' seats \(capacity)."
    case .roomConflictAllowed(let room, let clash, _):
      "'\(room)' is also booked by meeting \(clash.meeting.id) '\(clash.meeting.title)' (\(LocalTime.span(clash.occurrence.start, clash.occurrence.end, in: clash.meeting.timeZone))); booked anyway (--allow-conflict)."
    case .onHoliday(let date, let holiday, let zone):
      "\(LocalTime.iso(date, in: zone).prefix(10)) is a public holiday in Indonesia: \(holiday.name)"
        + (holiday.kind == .collectiveLeave ? " (cuti bersama)" : "")
        + (holiday.estimated ? " (date estimated)" : "")
        + ". Move it, or for a series use --on-holiday skip|next-workday|previous-workday."
    case .movedForHoliday(let from, let to, let holiday, let zone):
      "\(LocalTime.iso(from, in: zone).prefix(10)) is a holiday (\(holiday.name)): that occurrence moves to \(LocalTime.iso(to, in: zone).prefix(10))."
    case .startMovedToFirstOccurrence(let from, let to, let zone):
      "\(LocalTime.iso(from, in: zone)) is not a day the rule gives, so the series starts on its first occurrence, \(LocalTime.iso(to, in: zone))."
    case .untilInUTC(let written, let stored, let zone, let endOfDay):
      endOfDay
        ? "UNTIL=\(written) is stored as UNTIL=\(stored), the end of that day in \(zone.identifier) in UTC: RFC 5545 wants UNTIL in UTC when the start has a time zone."
        : "UNTIL=\(written) is stored as UNTIL=\(stored), that time in \(zone.identifier) in UTC: RFC 5545 wants UNTIL in UTC when the start has a time zone."
    case .countReadTwoWays(let title, let start, let count, let extra, let zone):
      "\(title): the rule does not give the start, \(LocalTime.iso(start, in: zone)); as RFC 5545 says it is the first meeting and the first of COUNT=\(count), but Google Calendar counts COUNT after it and also shows \(LocalTime.iso(extra, in: zone)). Ask the organiser which is meant."
    case .skippedForHoliday(let date, let holiday, let zone):
      "\(LocalTime.iso(date, in: zone).prefix(10)) is a holiday (\(holiday.name)): that occurrence is skipped."
    }
  }
}

/// A meeting with everything needed to show it, export it or invite to it.
public struct MeetingDetails: Sendable, Hashable {
  /// The meeting; when `occurrence` is set, its times, title and location are that occurrence's.
  public var meeting: Meeting
  public var room: Room?
  public var attendees: [AttendeeDetails]
  public var reminders: [Reminder]
  /// The public holiday the meeting (or this occurrence) falls on, if any.
  public var holiday: Holiday?
  /// Occurrences of the series changed on their own.
  public var overrides: [MeetingOverride]
  /// The occurrences as planned (a one-off has one).
  public var plan: SeriesPlan?
  /// Answers given for single occurrences.
  public var replies: [OccurrenceReply]
  /// Rooms of the meeting and of its changed occurrences, by ID.
  public var rooms: [RoomID: Room]
  /// Set when these details are about one occurrence of the meeting.
  public var occurrence: MeetingOccurrence?
  /// Whether invitations list every attendee or only their recipient: the meeting's own choice,
  /// else the configuration's (`MeetingScheduler.defaultGuestList`) for its number of attendees.
  public var guestList: GuestList = .visible

  public init(
    meeting: Meeting, room: Room?, attendees: [AttendeeDetails], reminders: [Reminder],
    holiday: Holiday? = nil, overrides: [MeetingOverride] = [], plan: SeriesPlan? = nil,
    replies: [OccurrenceReply] = [], rooms: [RoomID: Room] = [:],
    occurrence: MeetingOccurrence? = nil
  ) {
    self.meeting = meeting
    self.room = room
    self.attendees = attendees
    self.reminders = reminders
    self.holiday = holiday
    self.overrides = overrides
    self.plan = plan
    self.replies = replies
    self.rooms = rooms
    self.occurrence = occurrence
  }

  /// The room's name and place, then the free-text location: what calendars show as LOCATION.
  public var locationText: String? {
    let parts = [room?.displayLocation, meeting.location].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " — ")
  }

  /// The same details about one occurrence: its times, room, title and location, and each
  /// attendee's answer for it.
  public func focused(on occurrence: MeetingOccurrence) -> MeetingDetails {
    var copy = self
    copy.occurrence = occurrence
    copy.meeting.start = occurrence.start
    copy.meeting.end = occurrence.end
    if let change = overrides.first(where: { $0.recurrenceID == occurrence.recurrenceID }) {
      if let title = change.title { copy.meeting.title = title }
      if let location = change.location { copy.meeting.location = location }
    }
    if let id = occurrence.roomID, id != meeting.roomID {
      copy.room = rooms[id]
      copy.meeting.roomID = id
    }
    let answers = replies.filter { $0.recurrenceID == occurrence.recurrenceID }
    for index in copy.attendees.indices {
      if let answer = answers.first(where: { $0.contactID == copy.attendees[index].contact.id }) {
        copy.attendees[index].attendee.participation = answer.participation
      }
    }
    copy.holiday =
      plan?.occurrences.first { $0.occurrence.recurrenceID == occurrence.recurrenceID }?
      .onHoliday
    return copy
  }

  /// The planned occurrence whose original or current start is on `day` (`2026-12-07`, local).
  public func occurrence(onDay day: String) -> MeetingOccurrence? {
    let zone = meeting.timeZone
    let planned = plan?.occurrences.map(\.occurrence) ?? []
    return planned.first { LocalTime.iso($0.recurrenceID, in: zone).hasPrefix(day) }
      ?? planned.first { LocalTime.iso($0.start, in: zone).hasPrefix(day) }
  }
}

/// An attendee with the contact and organisation behind it.
public struct AttendeeDetails: Sendable, Hashable {
  public var attendee: Attendee
  public var contact: Contact
  public var organisation: Organisation?

  public init(attendee: Attendee, contact: Contact, organisation: Organisation?) {
    self.attendee = attendee
    self.contact = contact
    self.organisation = organisation
  }
}
