import Foundation
import PokjaCore

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
  /// Contact IDs or emails.
  public var attendees: [String]
  /// Offsets before the start: `1d`, `2h`.
  public var reminders: [String]
  public var description: String?

  public init(
    title: String, start: String, end: String? = nil, duration: String? = nil,
    timeZone: String? = nil, room: String? = nil, location: String? = nil,
    attendees: [String] = [], reminders: [String] = [], description: String? = nil
  ) {
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
  }
}

/// Schedules meetings and books rooms, refusing a room that is taken at an overlapping time.
public struct MeetingScheduler: Sendable {
  private let store: any SchedulingStore
  private let contacts: any ContactLookup
  private let resolver: (any AttendeeResolver)?
  private let clock: any WallClock
  private let defaultTimeZone: TimeZone
  private let holidays: HolidayCalendar?
  private let makeUID: @Sendable () -> String

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

  /// Adds a room; names must be unique.
  public func addRoom(name: String, capacity: Int? = nil, location: String? = nil) throws -> Room {
    let name = try Validate.singleLine(name, field: "--name")
    let location = try Validate.optionalSingleLine(location, field: "--location")
    if let capacity, capacity <= 0 {
      throw InputError.notPositive(field: "--capacity", value: String(capacity))
    }
    if let existing = try store.room(.key(name)) {
      throw SchedulingError.duplicateRoom(name: name, existing: existing.id)
    }
    return try store.insert(NewRoom(name: name, capacity: capacity, location: location))
  }

  /// Every room, by name.
  public func rooms() throws -> [Room] { try store.rooms() }

  /// Every meeting, by start.
  public func meetings() throws -> [Meeting] { try store.meetings() }

  /// A meeting with its room, attendees and reminders, named by its ID.
  public func details(of reference: String) throws -> MeetingDetails {
    guard let id = MeetingID(parsing: reference), let meeting = try store.meeting(id) else {
      throw SchedulingError.meetingNotFound(reference)
    }
    return try details(of: meeting)
  }

  /// A meeting with its room, attendees and reminders.
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
    return MeetingDetails(
      meeting: meeting, room: room, attendees: listed,
      reminders: try store.reminders(of: meeting.id),
      holiday: holidays?.holiday(on: meeting.start, in: meeting.timeZone))
  }

  /// The reminder due at `now` for each confirmed meeting that has not started: of the reminders whose
  /// time has come, the one nearest the start (after downtime, the 1d reminder is not sent an hour
  /// before the meeting together with the 2h one).
  public func dueReminders(at now: Date) throws -> [(MeetingDetails, Reminder)] {
    try store.meetingsWithDueReminders(at: now).compactMap { meeting, reminders in
      guard let nearest = reminders.min(by: { $0.offset < $1.offset }) else { return nil }
      return (try details(of: meeting), nearest)
    }
  }

  /// Validates `request` and stores the meeting with its attendees and reminders in one transaction.
  /// Refuses, naming the other meeting, when the room is already booked at an overlapping time.
  public func schedule(_ request: MeetingRequest) throws -> MeetingDetails {
    let title = try Validate.singleLine(request.title, field: "--title")
    let zone = try Validate.field("--tz") {
      () throws(InputError) -> TimeZone in
      try request.timeZone.map { name throws(InputError) in try DateTimeText.timeZone(named: name) }
        ?? defaultTimeZone
    }
    let start = try Validate.field("--start") { () throws(InputError) in
      try DateTimeText.parse(request.start, in: zone)
    }
    let end: Date
    switch (request.end, request.duration) {
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
    let location = try Validate.optionalSingleLine(request.location, field: "--location")
    let description = request.description.flatMap {
      $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
    }
    let room = try request.room.map { reference in
      guard let room = try store.room(Reference(reference)) else {
        throw SchedulingError.roomNotFound(reference)
      }
      return room
    }
    var attendeeIDs: [ContactID] = []
    for reference in request.attendees {
      let people: [Contact]
      if let resolver {
        do {
          people = try resolver.attendees(reference)
        } catch {
          throw SchedulingError.attendeeUnresolved(reference, reason: error.localizedDescription)
        }
      } else {
        guard let contact = try contacts.contact(Reference(reference)) else {
          throw SchedulingError.attendeeNotFound(reference)
        }
        people = [contact]
      }
      for contact in people where !attendeeIDs.contains(contact.id) {
        attendeeIDs.append(contact.id)
      }
    }
    var reminders: [TimeSpan] = []
    for text in request.reminders {
      let span = try Validate.field("--remind") { () throws(InputError) in
        try TimeSpan(parsing: text)
      }
      guard span.seconds <= 60 * 86_400 else { throw SchedulingError.reminderTooLong(span) }
      if !reminders.contains(span) { reminders.append(span) }
    }
    let draft = MeetingDraft(
      uid: makeUID(), title: title, description: description, start: start, end: end,
      timeZone: zone, roomID: room?.id, location: location, attendees: attendeeIDs,
      reminders: reminders.sorted(by: >), createdAt: clock.now())
    let meeting = try store.write { transaction in
      if let room {
        let clashes = try transaction.meetings(
          inRoom: room.id, overlapping: DateInterval(start: start, end: end))
        if let other = clashes.first {
          throw SchedulingError.roomDoubleBooked(
            room: room.name, by: other.id, title: other.title, start: other.start, end: other.end,
            zone: other.timeZone)
        }
      }
      return try transaction.insert(draft)
    }
    return try details(of: meeting)
  }
}

/// A meeting with everything needed to show it or invite to it.
public struct MeetingDetails: Sendable, Hashable {
  public var meeting: Meeting
  public var room: Room?
  public var attendees: [AttendeeDetails]
  public var reminders: [Reminder]
  /// The public holiday the meeting falls on, if any: worth a second look before inviting.
  public var holiday: Holiday?

  public init(
    meeting: Meeting, room: Room?, attendees: [AttendeeDetails], reminders: [Reminder],
    holiday: Holiday? = nil
  ) {
    self.meeting = meeting
    self.room = room
    self.attendees = attendees
    self.reminders = reminders
    self.holiday = holiday
  }

  /// The room's name and place, then the free-text location: what calendars show as LOCATION.
  public var locationText: String? {
    let parts = [room?.displayLocation, meeting.location].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " — ")
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
