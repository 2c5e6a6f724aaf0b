import Foundation
import PokjaCore
import PokjaRecurrence

/// Changing one occurrence of a series on its own (an override).
extension MeetingScheduler {
  func editOccurrence(
    _ before: MeetingDetails, _ occurrence: MeetingOccurrence, _ edit: MeetingEdit
  ) throws -> MeetingChange {
    guard edit.addAttendees.isEmpty, edit.removeAttendees.isEmpty else {
      throw SchedulingError.attendeesForWholeSeries
    }
    if let room = edit.room, room.lowercased() == "none" || room.isEmpty,
      before.meeting.roomID != nil
    {
      throw SchedulingError.occurrenceWithoutRoom
    }
    let meeting = before.meeting
    let zone = meeting.timeZone
    var focused = before.focused(on: occurrence).meeting
    var summary: [String] = []
    try apply(edit, to: &focused, summary: &summary)
    var updated = meeting
    updated.sequence += 1
    let recurrenceID = occurrence.recurrenceID
    let existing = before.overrides.first { $0.recurrenceID == recurrenceID }
    let change = MeetingOverride(
      meetingID: meeting.id, recurrenceID: recurrenceID, start: focused.start, end: focused.end,
      // Given the series' own value, an occurrence's title or place goes back to the series'.
      title: edit.title == nil
        ? existing?.title : focused.title != meeting.title ? focused.title : nil,
      location: edit.location == nil
        ? existing?.location : focused.location != meeting.location ? focused.location : nil,
      roomID: focused.roomID != meeting.roomID ? focused.roomID : nil,
      sequence: updated.sequence)
    if let existing, existing.start == change.start, existing.end == change.end,
      existing.title == change.title, existing.location == change.location,
      existing.roomID == change.roomID
    {
      throw SchedulingError.nothingToChange
    }
    if existing == nil, change.start == occurrence.start, change.end == occurrence.end,
      change.title == nil, change.location == nil,
      (change.roomID ?? meeting.roomID) == occurrence.roomID
    {
      throw SchedulingError.nothingToChange
    }
    let overrides = before.overrides.filter { $0.recurrenceID != recurrenceID } + [change]
    let plan = try Validate.recurrence { () throws(RecurrenceError) in
      try planner.plan(updated, overrides: overrides, now: clock.now())
    }
    let room = try focused.roomID.flatMap { try store.room(.id($0)) }
    let moved = MeetingOccurrence(
      meetingID: meeting.id, recurrenceID: recurrenceID, start: change.start, end: change.end,
      roomID: focused.roomID)
    let (warnings, withdrawn) = try store.write { transaction in
      try transaction.update(updated)
      try transaction.replaceOverrides(of: meeting.id, with: overrides)
      try transaction.store(plan, of: meeting.id)
      let warnings = try checkBooking(
        transaction, occurrences: [moved], room: room,
        attendees: before.attendees.map(\.contact.id), excluding: meeting.id, zone: zone,
        allowConflict: edit.allowConflict)
      let withdrawn =
        edit.changesTime
        ? try transaction.withdrawQueuedMessages(
          meeting: meeting.id, occurrences: recurrenceID...recurrenceID, kinds: [.reminder]) : 0
      // The occurrence's REQUEST brings everyone who had the series up to the new version: a later
      // `invite` must not send them the whole series again.
      try transaction.carryForwardInvitations(
        meeting: meeting.id, from: meeting.sequence, to: updated.sequence,
        contacts: before.attendees.map(\.contact.id))
      return (warnings, withdrawn)
    }
    let after = try details(of: updated)
    let notice = after.focused(on: moved)
    return MeetingChange(
      details: after, earlierPart: nil,
      notices: [
        ChangeNotice(
          kind: .update, details: notice, recipients: after.attendees, occurrence: recurrenceID)
      ], warnings: warnings, withdrawn: withdrawn,
      summary: summary.map {
        "occurrence \(LocalTime.iso(recurrenceID, in: zone).prefix(10)): \($0)"
      })
  }
}
