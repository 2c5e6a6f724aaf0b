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
    return try record(
      meeting: meeting, contact: person.id, participation: participation, occurrence: occurrence)
  }

  /// Records `contact`'s reply to `meeting` (to the occurrence originally starting at
  /// `occurrence`, when given), who must be an attendee of a meeting not cancelled; returns the
  /// meeting as it now stands (focused on that occurrence).
  public func reply(
    meeting id: MeetingID, contact: ContactID, participation: ParticipationStatus,
    occurrence: Date?
  ) throws -> MeetingDetails {
    guard let meeting = try store.meeting(id) else {
      throw SchedulingError.meetingNotFound(id.description)
    }
    guard meeting.status == .confirmed else { throw SchedulingError.meetingIsCancelled(meeting.id) }
    let before = try details(of: meeting)
    guard before.attendees.contains(where: { $0.contact.id == contact }) else {
      throw SchedulingError.notAnAttendee(contact: contact.description, meeting: meeting.id)
    }
    var occurrence = meeting.isSeries ? occurrence : nil
    if let wanted = occurrence {
      guard
        let planned = before.plan?.occurrences.first(where: {
          $0.occurrence.recurrenceID == wanted
        })
      else {
        throw SchedulingError.noOccurrence(
          meeting: meeting.id, day: String(LocalTime.iso(wanted, in: meeting.timeZone).prefix(10)),
          near: [])
      }
      occurrence = planned.occurrence.recurrenceID
    }
    return try record(
      meeting: meeting, contact: contact, participation: participation, occurrence: occurrence)
  }

  /// Writes `contact`'s answer to `meeting` (to the occurrence originally starting at
  /// `occurrence`), without loading the meeting: for a caller that has checked already that the
  /// meeting stands, the contact is one of its attendees and the occurrence one of its series
  /// (`InboxReplies`, reading hundreds of answers to one meeting).
  public func writeReply(
    meeting: MeetingID, contact: ContactID, participation: ParticipationStatus, occurrence: Date?
  ) throws {
    try store.write { transaction in
      try transaction.setReply(
        meeting: meeting, occurrence: occurrence, contact: contact, participation: participation)
    }
  }

  private func record(
    meeting: Meeting, contact: ContactID, participation: ParticipationStatus,
    occurrence: Date?
  ) throws -> MeetingDetails {
    try writeReply(
      meeting: meeting.id, contact: contact, participation: participation, occurrence: occurrence)
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
  public static func participation(_ text: String) throws -> ParticipationStatus {
    switch text.lowercased().trimmingCharacters(in: .whitespaces) {
    case "accepted", "accept", "yes", "diterima", "terima", "hadir", "ya": .accepted
    case "declined", "decline", "no", "ditolak", "tolak", "tidak hadir", "tidak": .declined
    case "tentative", "maybe", "mungkin", "belum pasti": .tentative
    case "needs-action", "none", "belum": .needsAction
    default: throw SchedulingError.invalidReply(text)
    }
  }
}
