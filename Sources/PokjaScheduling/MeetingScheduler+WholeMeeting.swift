import Foundation
import PokjaCore
import PokjaRecurrence

/// Changing a whole meeting or series: its times, place, wording and attendees.
extension MeetingScheduler {
  func editWhole(_ before: MeetingDetails, _ edit: MeetingEdit) throws -> MeetingChange {
    let meeting = before.meeting
    let zone = meeting.timeZone
    var updated = meeting
    var summary: [String] = []
    try apply(edit, to: &updated, summary: &summary)
    let room = try updated.roomID.flatMap { try store.room(.id($0)) }
    // A series whose start or length changes takes its changed and cancelled occurrences along,
    // by day.
    var overrides = before.overrides
    if meeting.isSeries, updated.start != meeting.start || updated.duration != meeting.duration {
      let shift = Rebase(
        from: meeting.start, to: updated.start, zone: zone,
        shiftDays: Self.isPlainRule(meeting.recurrence?.rule))
      updated.recurrence?.exdates = meeting.recurrence?.exdates.map(shift.apply) ?? []
      overrides = overrides.map {
        shift.apply($0, length: meeting.duration, newLength: updated.duration)
      }
    }
    let (attendees, added, removed) = try changedAttendees(before, edit)
    // A CANCEL (to those removed) is a new version too (RFC 5546 §3.2.5): without it, the CANCEL and
    // a later re-invitation reuse the SEQUENCE of messages already sent, and neither goes out.
    if edit.changesEvent || !removed.isEmpty { updated.sequence += 1 }
    var notes: [SchedulingWarning] = []
    // A series moved to a start its rule does not give starts on the rule's first instance after
    // it (an imported series whose DTSTART was off its rule keeps it while its start stays).
    if updated.start != meeting.start {
      let onRule = try Validate.recurrence { () throws(RecurrenceError) in
        try SeriesPlanner.startOnRule(of: updated)
      }
      guard let first = onRule else { throw SchedulingError.seriesEmpty }
      if first != updated.start {
        notes.append(.startMovedToFirstOccurrence(from: updated.start, to: first, zone: zone))
        let length = updated.duration
        updated.start = first
        updated.end = first.addingTimeInterval(length)
      }
    }
    let plan = try Validate.recurrence { () throws(RecurrenceError) in
      try planner.plan(updated, overrides: overrides, now: clock.now())
    }
    guard !plan.occurrences.isEmpty else { throw SchedulingError.seriesEmpty }
    guard !plan.capped else {
      throw SchedulingError.seriesTooLong(SeriesPlanner.maximumOccurrences)
    }
    let (warnings, withdrawn) = try store.write { transaction in
      try transaction.update(updated)
      try transaction.replaceOverrides(of: meeting.id, with: overrides)
      try transaction.replaceAttendees(of: meeting.id, with: attendees)
      for contact in removed {
        try transaction.forgetMessages(meeting: meeting.id, contact: contact)
      }
      // Only who comes changed: those still invited keep their copy (it differs only in the list
      // of attendees) and count as having the new version, so no later `invite` sends it again.
      if !edit.changesEvent, updated.sequence != meeting.sequence {
        try transaction.carryForwardInvitations(
          meeting: meeting.id, from: meeting.sequence, to: updated.sequence,
          contacts: attendees.map(\.contactID))
      }
      try transaction.store(plan, of: meeting.id)
      let warnings = try checkBooking(
        transaction, occurrences: plan.occurrences.map(\.occurrence), room: room,
        attendees: attendees.map(\.contactID), excluding: meeting.id, zone: zone,
        allowConflict: edit.allowConflict)
      let withdrawn =
        edit.changesTime
        ? try transaction.withdrawQueuedMessages(
          meeting: meeting.id, occurrences: nil, kinds: [.reminder]) : 0
      return (warnings, withdrawn)
    }
    let after = try details(of: updated)
    var notices: [ChangeNotice] = []
    let addedDetails = after.attendees.filter { added.contains($0.contact.id) }
    if edit.changesEvent {
      notices.append(ChangeNotice(kind: .update, details: after, recipients: after.attendees))
    } else if !addedDetails.isEmpty {
      notices.append(ChangeNotice(kind: .invitation, details: after, recipients: addedDetails))
    }
    let removedDetails = before.attendees.filter { removed.contains($0.contact.id) }
    if !removedDetails.isEmpty {
      notices.append(ChangeNotice(kind: .cancellation, details: after, recipients: removedDetails))
    }
    summary += addedDetails.map { "added \($0.contact.name)" }
    summary += removedDetails.map { "removed \($0.contact.name)" }
    return MeetingChange(
      details: after, earlierPart: nil, notices: notices,
      warnings: notes + warnings + holidayWarnings(plan, zone: zone), withdrawn: withdrawn,
      summary: summary)
  }
}
