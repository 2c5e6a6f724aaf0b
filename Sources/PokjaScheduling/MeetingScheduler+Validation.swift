import Foundation
import PokjaCore
import PokjaRecurrence

/// Reading and checking what a request or an edit says: times, room, attendees, recurrence.
extension MeetingScheduler {
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
}
