import Foundation
import PokjaCore
import PokjaRecurrence

/// Changing an occurrence and all after it: the series split in two at that occurrence.
extension MeetingScheduler {
  func split(
    _ before: MeetingDetails, at occurrence: MeetingOccurrence, _ edit: MeetingEdit
  ) throws -> MeetingChange {
    let meeting = before.meeting
    let zone = meeting.timeZone
    let cut = occurrence.recurrenceID
    let recurrence = meeting.recurrence ?? MeetingRecurrence(rule: nil)
    let rule = try recurrence.rule.map { text in
      try Validate.recurrence { () throws(RecurrenceError) in try RecurrenceRule(parsing: text) }
    }
    // The earlier part ends just before the cut: UNTIL in UTC, the rest of its dates before it.
    var earlier = meeting
    earlier.sequence += 1
    let untilLocal = LocalDateTime(cut.addingTimeInterval(-1), in: .gmt)
    var earlierRule: RecurrenceRule?
    if let rule {
      earlierRule = try Validate.recurrence { () throws(RecurrenceError) in
        try rule.ending(count: nil, until: .utc(untilLocal))
      }
    }
    earlier.recurrence = MeetingRecurrence(
      rule: earlierRule?.description, rdates: recurrence.rdates.filter { $0 < cut },
      exdates: recurrence.exdates.filter { $0 < cut })
    // The later part: a new series from the cut, with as many occurrences as were left.
    var laterRule = rule
    if let rule, let count = rule.count {
      let set = try Validate.recurrence { () throws(RecurrenceError) in
        try SeriesPlanner.recurrenceSet(
          of: Meeting(
            id: meeting.id, uid: meeting.uid, title: meeting.title, start: meeting.start,
            end: meeting.end, timeZone: zone, createdAt: meeting.createdAt,
            recurrence: MeetingRecurrence(rule: recurrence.rule)))
      }
      let used = set.occurrences(to: cut.addingTimeInterval(-1)).reduce(0) { total, _ in total + 1 }
      laterRule = try Validate.recurrence { () throws(RecurrenceError) in
        try rule.ending(count: max(count - used, 1), until: nil)
      }
    }
    var later = meeting
    later.uid = makeUID()
    later.sequence = 0
    later.start = cut
    later.end = cut.addingTimeInterval(meeting.duration)
    later.createdAt = clock.now()
    later.recurrence = MeetingRecurrence(
      rule: laterRule?.description, rdates: recurrence.rdates.filter { $0 >= cut },
      exdates: recurrence.exdates.filter { $0 >= cut })
    var summary: [String] = []
    try apply(edit, to: &later, summary: &summary)
    var laterOverrides = before.overrides.filter { $0.recurrenceID >= cut }
    if later.start != cut || later.duration != meeting.duration {
      let shift = Rebase(
        from: cut, to: later.start, zone: zone,
        shiftDays: Self.isPlainRule(later.recurrence?.rule))
      let exdates = later.recurrence?.exdates.map(shift.apply) ?? []
      later.recurrence?.exdates = exdates
      laterOverrides = laterOverrides.map {
        shift.apply($0, length: meeting.duration, newLength: later.duration)
      }
    }
    let earlierOverrides = before.overrides.filter { $0.recurrenceID < cut }
    let (attendees, _, _) = try changedAttendees(before, edit)
    let earlierPlan = try Validate.recurrence { () throws(RecurrenceError) in
      try planner.plan(earlier, overrides: earlierOverrides, now: clock.now())
    }
    let room = try later.roomID.flatMap { try store.room(.id($0)) }
    let (created, warnings, withdrawn) = try store.write {
      transaction -> (Meeting, [SchedulingWarning], Int) in
      try transaction.update(earlier)
      try transaction.replaceOverrides(of: meeting.id, with: earlierOverrides)
      try transaction.store(earlierPlan, of: meeting.id)
      let withdrawn = try transaction.withdrawQueuedMessages(
        meeting: meeting.id, occurrences: cut...Date.distantFuture, kinds: [.reminder])
      let inserted = try transaction.insert(
        later, attendees: [], reminders: before.reminders.map(\.offset))
      try transaction.replaceAttendees(
        of: inserted.id,
        with: attendees.map {
          Attendee(meetingID: inserted.id, contactID: $0.contactID, role: $0.role)
        })
      let overrides = laterOverrides.map {
        var change = $0
        change.meetingID = inserted.id
        return change
      }
      try transaction.replaceOverrides(of: inserted.id, with: overrides)
      let plan = try Validate.recurrence { () throws(RecurrenceError) in
        try planner.plan(inserted, overrides: overrides, now: clock.now())
      }
      try transaction.store(plan, of: inserted.id)
      let warnings = try checkBooking(
        transaction, occurrences: plan.occurrences.map(\.occurrence), room: room,
        attendees: attendees.map(\.contactID), excluding: inserted.id, zone: zone,
        allowConflict: edit.allowConflict)
      return (inserted, warnings, withdrawn)
    }
    let earlierDetails = try details(of: earlier)
    let laterDetails = try details(of: created)
    return MeetingChange(
      details: laterDetails, earlierPart: earlierDetails,
      notices: [
        ChangeNotice(kind: .update, details: earlierDetails, recipients: earlierDetails.attendees),
        ChangeNotice(kind: .invitation, details: laterDetails, recipients: laterDetails.attendees),
      ], warnings: warnings, withdrawn: withdrawn,
      summary: [
        "series split: meeting \(meeting.id) now ends before \(LocalTime.iso(cut, in: zone).prefix(10)); meeting \(created.id) continues from there"
      ] + summary)
  }
}
