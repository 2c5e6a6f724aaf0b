import Foundation
import PokjaCore
import PokjaRecurrence

/// Looking meetings up: by ID or UID, with their details, in an agenda, or due a reminder.
extension MeetingScheduler {
  /// Every meeting, by start.
  public func meetings() throws -> [Meeting] { try store.meetings() }

  /// The meeting named by its ID (or iCalendar UID).
  public func meeting(_ reference: String) throws -> Meeting {
    let trimmed = reference.trimmingCharacters(in: .whitespaces)
    if let id = MeetingID(parsing: trimmed), let meeting = try store.meeting(id) { return meeting }
    if trimmed.contains("@"), let meeting = try store.meeting(uid: trimmed) { return meeting }
    throw SchedulingError.meetingNotFound(reference)
  }

  /// The meeting whose iCalendar UID is exactly `uid` (never by ID: a UID from a mail must not
  /// name some other meeting).
  public func meeting(uid: String) throws -> Meeting? { try store.meeting(uid: uid) }

  /// The answer `contact` has on record for `meeting`: for `occurrence` when they answered for it
  /// alone, else for the whole meeting (`.needsAction` for someone not invited). Reads the
  /// answers only, not the meeting's details.
  public func recordedAnswer(of contact: ContactID, to meeting: MeetingID, occurrence: Date?)
    throws -> ParticipationStatus
  {
    if let occurrence,
      let reply = try store.occurrenceReplies(of: meeting).first(where: {
        $0.contactID == contact && $0.recurrenceID == occurrence
      })
    {
      return reply.participation
    }
    return try store.attendees(of: meeting).first { $0.contactID == contact }?.participation
      ?? .needsAction
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
    if !meeting.isSeries { details.programme = try programme(of: meeting) }
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
}
