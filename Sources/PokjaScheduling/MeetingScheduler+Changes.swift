import Foundation
import PokjaCore
import PokjaRecurrence

/// A change to a meeting as a user asks for it (`pokja meeting edit`).
public struct MeetingEdit: Sendable, Hashable {
  public var title: String?
  /// A new start: a date-time, or `HH:MM` to keep the day.
  public var start: String?
  public var end: String?
  public var duration: String?
  /// Room ID or name; `none` for no room.
  public var room: String?
  /// Free-text location; empty to remove it.
  public var location: String?
  public var description: String?
  public var addAttendees: [String]
  public var removeAttendees: [String]
  /// Change only the occurrence on this day (`2026-12-07`).
  public var occurrence: String?
  /// Change the occurrence on this day and all after it (the series is split).
  public var thisAndFollowing: String?
  public var allowConflict: Bool
  /// New reminder offsets (`1d`, `2h`), replacing the meeting's; empty: unchanged.
  public var reminders: [String] = []
  /// No reminders any more.
  public var noReminders = false
  /// New recipients of reminders (`all`, `not-declined`, `organiser`).
  public var remindTo: String?
  /// New channel of reminders (`email`, `webhook`, `both`).
  public var remindVia: String?
  /// New guest list: `visible`, `hidden`, or `auto` (the configuration decides).
  public var guestList: String?

  public init(
    title: String? = nil, start: String? = nil, end: String? = nil, duration: String? = nil,
    room: String? = nil, location: String? = nil, description: String? = nil,
    addAttendees: [String] = [], removeAttendees: [String] = [], occurrence: String? = nil,
    thisAndFollowing: String? = nil, allowConflict: Bool = false
  ) {
    self.title = title
    self.start = start
    self.end = end
    self.duration = duration
    self.room = room
    self.location = location
    self.description = description
    self.addAttendees = addAttendees
    self.removeAttendees = removeAttendees
    self.occurrence = occurrence
    self.thisAndFollowing = thisAndFollowing
    self.allowConflict = allowConflict
  }

  /// Whether the time, place or wording changes (attendees must be sent an update).
  var changesEvent: Bool {
    title != nil || start != nil || end != nil || duration != nil || room != nil
      || location != nil || description != nil
  }

  var changesTime: Bool { start != nil || end != nil || duration != nil }

  /// Whether the reminder rules change (nobody is sent anything for that).
  var changesReminders: Bool {
    !reminders.isEmpty || noReminders || remindTo != nil || remindVia != nil
  }

  /// Whether settings change that nobody is sent anything for: the reminder rules, the guest list.
  var changesSettings: Bool { changesReminders || guestList != nil }
}

/// Settings parsed from a `MeetingEdit` that change nobody's calendar (the reminder rules and the
/// guest list): nil fields stay as they are.
struct MeetingRules {
  var offsets: [TimeSpan]?
  var recipients: ReminderRecipients?
  var channel: ReminderChannel?
  /// The new guest list; `.some(nil)`: the configuration decides.
  var guestList: GuestList??
}

/// A message calendars must get because of a change: an iTIP REQUEST (new or updated event) or
/// CANCEL, for the whole meeting or one occurrence.
public struct ChangeNotice: Sendable, Hashable {
  /// `.invitation` or `.update` (METHOD:REQUEST), `.cancellation` (METHOD:CANCEL).
  public var kind: MessageKind
  /// The meeting as it now is (focused on the occurrence when `occurrence` is set).
  public var details: MeetingDetails
  public var recipients: [AttendeeDetails]
  /// The original start of the one occurrence the notice is about (RECURRENCE-ID), if one.
  public var occurrence: Date?

  public init(
    kind: MessageKind, details: MeetingDetails, recipients: [AttendeeDetails],
    occurrence: Date? = nil
  ) {
    self.kind = kind
    self.details = details
    self.recipients = recipients
    self.occurrence = occurrence
  }
}

/// What a change did, and who must be told.
public struct MeetingChange: Sendable, Hashable {
  /// The meeting as it now is; after a split, the new series.
  public var details: MeetingDetails
  /// After a split: the earlier part, which now ends before the split.
  public var earlierPart: MeetingDetails?
  public var notices: [ChangeNotice]
  public var warnings: [SchedulingWarning]
  /// Queued reminders withdrawn because their occurrence moved or was cancelled.
  public var withdrawn: Int
  /// Queued invitations and updates withdrawn because the guest list changed (the next
  /// `meeting invite` or cron run writes them again with the new list).
  public var withdrawnInvitations = 0
  /// What changed, in words: "start 2026-12-07T09:00 → 2026-12-07T10:00".
  public var summary: [String]
}

extension MeetingScheduler {
  /// Changes a meeting, one occurrence of a series, or an occurrence and all after it (splitting
  /// the series); checks the room again, bumps SEQUENCE, and says who must get a REQUEST or CANCEL.
  public func edit(_ reference: String, _ edit: MeetingEdit) throws -> MeetingChange {
    try replanForHolidays()
    let meeting = try meeting(reference)
    guard meeting.status == .confirmed else { throw SchedulingError.meetingIsCancelled(meeting.id) }
    let rules = try rules(edit)
    let changesMeeting =
      edit.changesEvent || !edit.addAttendees.isEmpty || !edit.removeAttendees.isEmpty
    guard changesMeeting || rules != nil else { throw SchedulingError.nothingToChange }
    guard let rules else { return try change(meeting, edit) }
    // Reminder rules or the guest list alone: nothing for calendars, nobody to tell.
    guard changesMeeting else {
      let (summary, withdrawn, invitations) = try apply(rules, to: meeting.id)
      var change = MeetingChange(
        details: try details(of: try self.meeting("\(meeting.id.rawValue)")), earlierPart: nil,
        notices: [], warnings: [], withdrawn: withdrawn, summary: summary)
      change.withdrawnInvitations = invitations
      return change
    }
    // Both in one transaction: the rules go to the meeting as it now is (after a split, the later
    // part).
    return try store.write { _ in
      var change = try change(meeting, edit)
      let (summary, withdrawn, invitations) = try apply(rules, to: change.details.meeting.id)
      change.summary += summary
      change.withdrawn += withdrawn
      change.withdrawnInvitations += invitations
      change.details = try details(of: try self.meeting("\(change.details.meeting.id.rawValue)"))
      return change
    }
  }

  private func change(_ meeting: Meeting, _ edit: MeetingEdit) throws -> MeetingChange {
    let before = try details(of: meeting)
    if let day = edit.occurrence {
      let occurrence = try occurrence(of: before, day: day, option: "--occurrence")
      if !meeting.isSeries { return try editWhole(before, edit) }
      return try editOccurrence(before, occurrence, edit)
    }
    if let day = edit.thisAndFollowing {
      let occurrence = try occurrence(of: before, day: day, option: "--this-and-following")
      guard meeting.isSeries, occurrence.recurrenceID > meeting.start else {
        return try editWhole(before, edit)
      }
      return try split(before, at: occurrence, edit)
    }
    return try editWhole(before, edit)
  }

  /// The reminder rules and guest list `edit` asks for, checked; nil when it leaves them alone.
  func rules(_ edit: MeetingEdit) throws -> MeetingRules? {
    guard edit.changesSettings else { return nil }
    if edit.occurrence != nil {
      throw edit.changesReminders
        ? SchedulingError.remindersForWholeSeries : SchedulingError.guestListForWholeSeries
    }
    if edit.noReminders, !edit.reminders.isEmpty { throw SchedulingError.remindAndNoRemind }
    return MeetingRules(
      offsets: edit.noReminders
        ? [] : edit.reminders.isEmpty ? nil : try parseReminders(edit.reminders),
      recipients: try edit.remindTo.map(parseRecipients),
      channel: try edit.remindVia.map(parseReminderChannel),
      guestList: try edit.guestList.map(parseGuestList))
  }

  /// Stores new reminder rules or guest list for `meeting`. A change of reminder rules withdraws
  /// its queued reminders (the next run queues again whatever the new rules make due); a change of
  /// guest list its queued invitations and updates (the next `meeting invite` or cron run writes
  /// them with the new list, so none still waiting goes out with the old one). Returns what
  /// changed, in words, and how many reminders and invitations were withdrawn.
  func apply(_ rules: MeetingRules, to id: MeetingID) throws -> (
    summary: [String], withdrawn: Int, invitations: Int
  ) {
    guard var meeting = try store.meeting(id) else {
      throw SchedulingError.meetingNotFound("\(id)")
    }
    let oldOffsets = try store.reminders(of: id).map(\.offset)
    var summary: [String] = []
    func words(_ offsets: [TimeSpan]) -> String {
      offsets.isEmpty ? "none" : offsets.map(\.description).joined(separator: ", ")
    }
    if let offsets = rules.offsets, offsets != oldOffsets {
      summary.append("reminders \(words(oldOffsets)) → \(words(offsets))")
    }
    if let recipients = rules.recipients, recipients != meeting.reminderRecipients {
      summary.append("reminders to \(meeting.reminderRecipients.rawValue) → \(recipients.rawValue)")
      meeting.reminderRecipients = recipients
    }
    if let channel = rules.channel, channel != meeting.reminderChannel {
      summary.append("reminders by \(meeting.reminderChannel.rawValue) → \(channel.rawValue)")
      meeting.reminderChannel = channel
    }
    let remindersChanged = !summary.isEmpty
    var guestListChanged = false
    if let guestList = rules.guestList, guestList != meeting.guestList {
      func words(_ choice: GuestList?) -> String {
        choice?.rawValue ?? GuestListDefault.Mode.auto.rawValue
      }
      summary.append("guest list \(words(meeting.guestList)) → \(words(guestList))")
      meeting.guestList = guestList
      guestListChanged = true
    }
    guard !summary.isEmpty else {
      let given = [
        rules.offsets != nil || rules.recipients != nil || rules.channel != nil
          ? "reminders unchanged" : nil,
        rules.guestList != nil ? "guest list unchanged" : nil,
      ]
      return (given.compactMap { $0 }, 0, 0)
    }
    let (reminders, invitations) = try store.write { transaction in
      try transaction.update(meeting)
      if let offsets = rules.offsets { try transaction.replaceReminders(of: id, with: offsets) }
      return (
        remindersChanged
          ? try transaction.withdrawQueuedMessages(
            meeting: id, occurrences: nil, kinds: [.reminder]) : 0,
        guestListChanged
          ? try transaction.withdrawQueuedMessages(
            meeting: id, occurrences: nil, kinds: [.invitation, .update]) : 0
      )
    }
    return (summary, reminders, invitations)
  }

  /// Cancels a meeting (a whole series) or one occurrence of a series; says who must get a CANCEL.
  public func cancel(_ reference: String, occurrence day: String? = nil) throws -> MeetingChange {
    let meeting = try meeting(reference)
    guard meeting.status == .confirmed else { throw SchedulingError.meetingIsCancelled(meeting.id) }
    let before = try details(of: meeting)
    var updated = meeting
    updated.sequence += 1
    if let day, meeting.isSeries {
      let occurrence = try occurrence(of: before, day: day, option: "--occurrence")
      let recurrenceID = occurrence.recurrenceID
      updated.recurrence?.exdates.append(recurrenceID)
      let overrides = before.overrides.filter { $0.recurrenceID != recurrenceID }
      let plan = try Validate.recurrence { () throws(RecurrenceError) in
        try planner.plan(updated, overrides: overrides, now: clock.now())
      }
      let withdrawn = try store.write { transaction in
        try transaction.update(updated)
        try transaction.replaceOverrides(of: meeting.id, with: overrides)
        try transaction.store(plan, of: meeting.id)
        // Likewise, the occurrence's CANCEL brings everyone up to the new version.
        try transaction.carryForwardInvitations(
          meeting: meeting.id, from: meeting.sequence, to: updated.sequence,
          contacts: before.attendees.map(\.contact.id))
        return try transaction.withdrawQueuedMessages(
          meeting: meeting.id, occurrences: recurrenceID...recurrenceID, kinds: [.reminder])
      }
      var notice = before.focused(on: occurrence)
      notice.meeting.sequence = updated.sequence
      return MeetingChange(
        details: try details(of: updated), earlierPart: nil,
        notices: [
          ChangeNotice(
            kind: .cancellation, details: notice, recipients: before.attendees,
            occurrence: recurrenceID)
        ], warnings: [], withdrawn: withdrawn,
        summary: ["occurrence \(LocalTime.iso(occurrence.start, in: meeting.timeZone)) cancelled"])
    }
    if let day, !meeting.isSeries {
      _ = try occurrence(of: before, day: day, option: "--occurrence")
    }
    updated.status = .cancelled
    let withdrawn = try store.write { transaction in
      try transaction.update(updated)
      try transaction.replaceOccurrences(of: meeting.id, with: [], plannedThrough: clock.now())
      return try transaction.withdrawQueuedMessages(
        meeting: meeting.id, occurrences: nil, kinds: [.reminder, .invitation, .update])
    }
    let after = try details(of: updated)
    return MeetingChange(
      details: after, earlierPart: nil,
      notices: [ChangeNotice(kind: .cancellation, details: after, recipients: before.attendees)],
      warnings: [], withdrawn: withdrawn,
      summary: [meeting.isSeries ? "series cancelled" : "meeting cancelled"])
  }

  /// Records an attendee's answer by hand, for the whole meeting or one occurrence.
  public func reply(
    meeting reference: String, contact contactReference: String, answer: String,
    occurrence day: String? = nil
  ) throws -> MeetingDetails {
    let meeting = try meeting(reference)
    guard meeting.status == .confirmed else { throw SchedulingError.meetingIsCancelled(meeting.id) }
    let participation = try Self.participation(answer)
    let before = try details(of: meeting)
    let people = try resolveAttendee(contactReference)
    guard people.count == 1, let person = people.first,
      before.attendees.contains(where: { $0.contact.id == person.id })
    else {
      throw SchedulingError.notAnAttendee(contact: contactReference, meeting: meeting.id)
    }
    var occurrence: Date?
    if let day, meeting.isSeries {
      occurrence = try self.occurrence(of: before, day: day, option: "--occurrence").recurrenceID
    }
    try store.write { transaction in
      try transaction.setReply(
        meeting: meeting.id, occurrence: occurrence, contact: person.id,
        participation: participation)
    }
    let after = try details(of: meeting)
    if let occurrence,
      let planned = after.plan?.occurrences.first(where: {
        $0.occurrence.recurrenceID == occurrence
      })
    {
      return after.focused(on: planned.occurrence)
    }
    return after
  }

  /// `accepted`, `declined`, `tentative`, in English or Indonesian.
  static func participation(_ text: String) throws -> ParticipationStatus {
    switch text.lowercased().trimmingCharacters(in: .whitespaces) {
    case "accepted", "accept", "yes", "diterima", "terima", "hadir", "ya": .accepted
    case "declined", "decline", "no", "ditolak", "tolak", "tidak hadir", "tidak": .declined
    case "tentative", "maybe", "mungkin", "belum pasti": .tentative
    case "needs-action", "none", "belum": .needsAction
    default: throw SchedulingError.invalidReply(text)
    }
  }

  // MARK: - Whole meeting

  private func editWhole(_ before: MeetingDetails, _ edit: MeetingEdit) throws -> MeetingChange {
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

  // MARK: - One occurrence

  private func editOccurrence(
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

  // MARK: - This and following

  private func split(
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

  // MARK: - Helpers

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
  private func apply(_ edit: MeetingEdit, to meeting: inout Meeting, summary: inout [String])
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
  private func changedAttendees(_ before: MeetingDetails, _ edit: MeetingEdit) throws
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

/// Moves an occurrence identity along with a series' start: the same number of days later or
/// earlier, at the new time of day.
struct Rebase {
  let days: Int
  let hour: Int
  let minute: Int
  let second: Int
  let calendar: Calendar

  /// `shiftDays`: whether the dates move with the start (a plain "every week" rule moved from
  /// Monday to Tuesday); for rules with BY… parts ("first monday") they keep their dates and only
  /// take the new time of day.
  init(from old: Date, to new: Date, zone: TimeZone, shiftDays: Bool = true) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    self.calendar = calendar
    days =
      shiftDays
      ? calendar.dateComponents(
        [.day], from: calendar.startOfDay(for: old), to: calendar.startOfDay(for: new)
      ).day ?? 0 : 0
    let time = calendar.dateComponents([.hour, .minute, .second], from: new)
    hour = time.hour ?? 0
    minute = time.minute ?? 0
    second = time.second ?? 0
  }

  func apply(_ date: Date) -> Date {
    guard let day = calendar.date(byAdding: .day, value: days, to: date),
      let moved = calendar.date(bySettingHour: hour, minute: minute, second: second, of: day)
    else { return date }
    return moved
  }

  /// A changed occurrence of a series whose occurrences last `length` and now `newLength`: its
  /// identity moves along; one still at its original time (only its title, place or room changed)
  /// follows the series to the new time and length, one moved on purpose stays where it was put.
  func apply(_ change: MeetingOverride, length: TimeInterval, newLength: TimeInterval)
    -> MeetingOverride
  {
    var moved = change
    moved.recurrenceID = apply(change.recurrenceID)
    if change.start == change.recurrenceID, change.end.timeIntervalSince(change.start) == length {
      moved.start = moved.recurrenceID
      moved.end = moved.recurrenceID.addingTimeInterval(newLength)
    }
    return moved
  }
}

extension MeetingScheduler {
  /// Whether a rule has no BY… parts (plain "every week", "every 2 months"): its dates move with
  /// the start.
  static func isPlainRule(_ text: String?) -> Bool {
    guard let text, let rule = try? RecurrenceRule(parsing: text) else { return true }
    return rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty
      && rule.byWeekNumber.isEmpty && rule.byMonth.isEmpty && rule.bySetPosition.isEmpty
      && rule.byHour.isEmpty && rule.byMinute.isEmpty && rule.bySecond.isEmpty
  }
}
