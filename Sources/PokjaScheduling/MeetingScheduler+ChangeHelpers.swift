import Foundation
import PokjaCore
import PokjaRecurrence

/// What changes share: the occurrence a day names, an edit's fields and attendees applied.
extension MeetingScheduler {
  /// The occurrence of `details` on `day` (`2026-12-07`, or a full date-time).
  func occurrence(of details: MeetingDetails, day text: String, option: String) throws
    -> MeetingOccurrence
  {
    let zone = details.meeting.timeZone
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let day: String
    do {
      day = try Validate.day(String(trimmed.prefix(10)), field: option)
    } catch {
      // Quote what was typed, not the first ten characters of it.
      throw InputError.invalidDateTime(text).named(option)
    }
    let planned = details.plan?.occurrences.map(\.occurrence) ?? []
    if trimmed.count > 10 {
      // A date and time names one occurrence exactly (a series may meet twice a day).
      let instant = try Validate.field(option) { () throws(InputError) in
        try DateTimeText.parse(trimmed, in: zone)
      }
      if let found = planned.first(where: { $0.recurrenceID == instant })
        ?? planned.first(where: { $0.start == instant })
      {
        return found
      }
    } else if let found = details.occurrence(onDay: day) {
      return found
    }
    let target = try DateTimeText.parse(day, in: zone)
    let near = planned.sorted {
      abs($0.start.timeIntervalSince(target)) < abs($1.start.timeIntervalSince(target))
    }.prefix(3).map { String(LocalTime.iso($0.start, in: zone).prefix(10)) }.sorted()
    throw SchedulingError.noOccurrence(meeting: details.meeting.id, day: day, near: near)
  }

  /// Applies the event fields of `edit` (title, times, room, location, description) to `meeting`.
  func apply(_ edit: MeetingEdit, to meeting: inout Meeting, summary: inout [String])
    throws
  {
    let zone = meeting.timeZone
    if let title = edit.title {
      let title = try Validate.singleLine(title, field: "--title")
      if title != meeting.title { summary.append("title '\(meeting.title)' → '\(title)'") }
      meeting.title = title
    }
    let duration = meeting.duration
    let oldStart = meeting.start
    if let text = edit.start {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      meeting.start =
        trimmed.count <= 5
        ? try Validate.field("--start") { () throws(InputError) in
          try DateTimeText.parseEnd(trimmed, startingAt: meeting.start, in: zone)
        } : try parseStart(trimmed, in: zone)
    }
    if edit.end != nil || edit.duration != nil {
      meeting.end = try parseEnd(
        edit.end, duration: edit.duration, start: meeting.start, zone: zone)
    } else {
      meeting.end = meeting.start.addingTimeInterval(duration)
    }
    if meeting.start != oldStart || meeting.end != oldStart.addingTimeInterval(duration) {
      summary.append(
        "time \(LocalTime.span(oldStart, oldStart.addingTimeInterval(duration), in: zone)) → \(LocalTime.span(meeting.start, meeting.end, in: zone))"
      )
    }
    if let reference = edit.room {
      let lowered = reference.lowercased()
      let roomID = lowered == "none" || lowered.isEmpty ? nil : try room(named: reference).id
      if roomID != meeting.roomID { summary.append("room changed") }
      meeting.roomID = roomID
    }
    if let location = edit.location {
      meeting.location = try Validate.optionalSingleLine(location, field: "--location")
      summary.append("location changed")
    }
    if let description = edit.description {
      let trimmed = description.trimmingCharacters(in: .whitespacesAndNewlines)
      meeting.description = trimmed.isEmpty ? nil : trimmed
      summary.append("description changed")
    }
  }

  /// The attendees after `edit`, with the IDs added and removed.
  func changedAttendees(_ before: MeetingDetails, _ edit: MeetingEdit) throws
    -> ([Attendee], Set<ContactID>, Set<ContactID>)
  {
    var attendees = before.attendees.map(\.attendee)
    var added: Set<ContactID> = []
    var removed: Set<ContactID> = []
    for reference in edit.removeAttendees {
      for person in try resolveAttendee(reference) {
        guard attendees.contains(where: { $0.contactID == person.id }) else {
          throw SchedulingError.notAnAttendee(contact: reference, meeting: before.meeting.id)
        }
        attendees.removeAll { $0.contactID == person.id }
        removed.insert(person.id)
      }
    }
    for id in try resolveAttendees(edit.addAttendees)
    where !attendees.contains(where: { $0.contactID == id }) {
      attendees.append(Attendee(meetingID: before.meeting.id, contactID: id))
      added.insert(id)
      removed.remove(id)
    }
    return (attendees, added, removed)
  }
}
