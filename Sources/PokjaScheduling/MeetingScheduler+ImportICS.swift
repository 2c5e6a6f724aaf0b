import Foundation
import PokjaCore
import PokjaRecurrence

/// What `pokja import-ics` did with each event of a file.
public struct CalendarImportReport: Sendable, Hashable {
  public enum Outcome: String, Sendable, Hashable {
    case created
    /// A newer version (higher SEQUENCE) of a meeting imported before.
    case updated
    /// Already imported at this version.
    case unchanged
    /// Cancelled in the file: a meeting imported before is cancelled, else nothing is stored.
    case cancelled
    /// Not stored, for the reason given.
    case skipped
  }

  public struct Entry: Sendable, Hashable {
    public var uid: String
    public var title: String
    public var line: Int
    public var outcome: Outcome
    public var meetingID: MeetingID?
    public var occurrences: Int
    public var note: String?
  }

  public var entries: [Entry] = []
  /// Attendee addresses that are not in the directory (left off the meetings).
  public var unknownAttendees: [String] = []
  public var warnings: [String] = []
  public var dryRun = false

  public func count(_ outcome: Outcome) -> Int { entries.filter { $0.outcome == outcome }.count }
}

extension MeetingScheduler {
  /// Stores the events of a calendar file (Google, Outlook, Thunderbird, Apple exports) as meetings:
  /// series with their RRULE, RDATE, EXDATE and changed occurrences, in their own zones; attendees
  /// found in the directory by email; a LOCATION naming a room books that room. All or nothing: a
  /// room clash (without `allowConflict`) stops the import, naming the event and line.
  public func importCalendar(
    _ contents: CalendarFileContents, file: String, dryRun: Bool = false,
    allowConflict: Bool = false
  ) throws -> CalendarImportReport {
    var report = CalendarImportReport(warnings: contents.warnings, dryRun: dryRun)
    let rooms = try store.rooms()
    var unknown: [String] = []
    struct DryRun: Error { let report: CalendarImportReport }
    do {
      try store.write { transaction in
        for series in contents.series {
          let entry = try importSeries(
            series, file: file, rooms: rooms, transaction: transaction, unknown: &unknown,
            warnings: &report.warnings, allowConflict: allowConflict)
          report.entries.append(entry)
        }
        report.unknownAttendees = unknown
        if dryRun { throw DryRun(report: report) }
      }
    } catch let dry as DryRun {
      return dry.report
    }
    return report
  }

  private func importSeries(
    _ series: ImportedSeries, file: String, rooms: [Room],
    transaction: any SchedulingTransaction, unknown: inout [String], warnings: inout [String],
    allowConflict: Bool
  ) throws -> CalendarImportReport.Entry {
    let event = series.master
    func entry(
      _ outcome: CalendarImportReport.Outcome, _ id: MeetingID? = nil, occurrences: Int = 0,
      note: String? = nil
    ) -> CalendarImportReport.Entry {
      .init(
        uid: event.uid, title: event.title, line: event.line, outcome: outcome, meetingID: id,
        occurrences: occurrences, note: note)
    }
    let existing = try store.meeting(uid: event.uid)
    if let existing, existing.sequence >= event.sequence, !event.cancelled {
      return entry(
        .unchanged, existing.id, note: "already imported (SEQUENCE \(existing.sequence))")
    }
    if event.cancelled {
      guard var meeting = existing, meeting.status == .confirmed else {
        return entry(.skipped, existing?.id, note: "cancelled in the file")
      }
      meeting.status = .cancelled
      meeting.sequence = max(meeting.sequence + 1, event.sequence)
      try transaction.update(meeting)
      try transaction.replaceOccurrences(of: meeting.id, with: [], plannedThrough: clock.now())
      _ = try transaction.withdrawQueuedMessages(
        meeting: meeting.id, occurrences: nil, kinds: [.reminder, .invitation, .update])
      return entry(.cancelled, meeting.id)
    }
    guard event.end > event.start else {
      return entry(.skipped, note: "has no duration (DTEND equals DTSTART)")
    }
    guard event.end.timeIntervalSince(event.start) <= 14 * 86_400 else {
      return entry(.skipped, note: "lasts longer than 14 days")
    }
    let title = event.title.isEmpty ? "(no title)" : event.title
    // Outlook writes Jakarta as "SE Asia Standard Time" (Asia/Bangkok): a zone that keeps the
    // default zone's offset all year is read as the default, so times show as WIB, not UTC+7.
    let zone = sameClock(event.timeZone, defaultTimeZone) ? defaultTimeZone : event.timeZone
    // A LOCATION that names a room books it; anything else stays words.
    let roomMatch = event.location.flatMap { location in
      rooms.first { SearchKey.fold($0.name) == SearchKey.fold(location) }
    }
    var attendees: [ContactID] = []
    for person in event.attendees {
      guard let contact = try contacts.contact(.key(person.email)) else {
        if !unknown.contains(person.email) { unknown.append(person.email) }
        continue
      }
      if !attendees.contains(contact.id) { attendees.append(contact.id) }
    }
    // A floating or DATE UNTIL beside a DTSTART with a zone is written in UTC, as RFC 5545
    // requires (a DATE as the end of that day in the event's zone), and the report says so.
    var rule = event.rrule
    if let text = event.rrule {
      let (stored, change) = try normalisedRule(text, zone: event.timeZone)
      rule = stored
      if let change { warnings.append("\(file):\(event.line): \(change)") }
    }
    let recurrence: MeetingRecurrence? =
      rule == nil && event.rdates.isEmpty
      ? nil
      : MeetingRecurrence(
        rule: rule, rdates: event.rdates,
        exdates: event.exdates + series.overrides.filter(\.cancelled).compactMap(\.recurrenceID))
    var meeting = Meeting(
      id: existing?.id ?? MeetingID(0), uid: event.uid, title: title,
      description: event.description, start: event.start, end: event.end,
      timeZone: zone, roomID: roomMatch?.id,
      location: roomMatch == nil ? event.location : nil, sequence: event.sequence,
      createdAt: existing?.createdAt ?? clock.now(), recurrence: recurrence)
    if let existing {
      meeting.sequence = max(event.sequence, existing.sequence + 1)
      try transaction.update(meeting)
    } else {
      meeting = try transaction.insert(meeting, attendees: [], reminders: [])
    }
    let answers = Dictionary(
      event.attendees.map { ($0.email, $0.participationStatus ?? "") },
      uniquingKeysWith: { a, _ in a })
    let roles = Dictionary(
      event.attendees.map { ($0.email, $0.role ?? "") }, uniquingKeysWith: { a, _ in a })
    let people = try contacts.contacts(withIDs: attendees)
    try transaction.replaceAttendees(
      of: meeting.id,
      with: attendees.map { id in
        let email = people.first { $0.id == id }?.email.value.lowercased() ?? ""
        return Attendee(
          meetingID: meeting.id, contactID: id,
          role: AttendeeRole(rawValue: roles[email]?.uppercased() ?? "") ?? .required,
          participation: ParticipationStatus(rawValue: answers[email]?.uppercased() ?? "")
            ?? .needsAction)
      })
    let overrides = series.overrides.filter { !$0.cancelled }.compactMap {
      change -> MeetingOverride? in
      guard let recurrenceID = change.recurrenceID, change.end > change.start else { return nil }
      let room = change.location.flatMap { location in
        rooms.first { SearchKey.fold($0.name) == SearchKey.fold(location) }
      }
      return MeetingOverride(
        meetingID: meeting.id, recurrenceID: recurrenceID, start: change.start, end: change.end,
        title: change.title != event.title && !change.title.isEmpty ? change.title : nil,
        location: room == nil && change.location != event.location ? change.location : nil,
        roomID: room?.id, sequence: change.sequence)
    }
    try transaction.replaceOverrides(of: meeting.id, with: overrides)
    // An answer given for one occurrence (its VEVENT's PARTSTAT differs from the series').
    let byEmail = Dictionary(
      people.flatMap { person in
        ([person.email] + person.otherEmails).map { ($0.value.lowercased(), person.id) }
      }, uniquingKeysWith: { first, _ in first })
    for change in series.overrides where !change.cancelled {
      guard let recurrenceID = change.recurrenceID else { continue }
      for person in change.attendees {
        guard let id = byEmail[person.email.lowercased()],
          let status = person.participationStatus.flatMap({
            ParticipationStatus(rawValue: $0.uppercased())
          }),
          status.rawValue != answers[person.email]?.uppercased()
        else { continue }
        try transaction.setReply(
          meeting: meeting.id, occurrence: recurrenceID, contact: id, participation: status)
      }
    }
    let plan = try Validate.recurrence(field: "\(file):\(event.line)") {
      () throws(RecurrenceError) in
      try planner.plan(meeting, overrides: overrides, now: clock.now())
    }
    try transaction.store(plan, of: meeting.id)
    if let note = countReadTwoWays(meeting, title: title) {
      warnings.append("\(file):\(event.line): \(note)")
    }
    do {
      let booking = try checkBooking(
        transaction, occurrences: plan.occurrences.map(\.occurrence), room: roomMatch,
        attendees: [], excluding: meeting.id, zone: meeting.timeZone,
        allowConflict: allowConflict)
      warnings += booking.map { "\(file):\(event.line): \(event.title): \($0)" }
      // A changed occurrence whose LOCATION names another room is booked there: check that room.
      let now = clock.now()
      for occurrence in plan.occurrences.map(\.occurrence)
      where occurrence.roomID != roomMatch?.id && occurrence.end > now {
        guard let room = rooms.first(where: { $0.id == occurrence.roomID }) else { continue }
        let booking = try checkBooking(
          transaction, occurrences: [occurrence], room: room, attendees: [],
          excluding: meeting.id, zone: meeting.timeZone, allowConflict: allowConflict)
        warnings += booking.map { "\(file):\(event.line): \(event.title): \($0)" }
      }
    } catch let error as SchedulingError {
      throw SchedulingError.importRefused(file: file, line: event.line, error.localizedDescription)
    }
    return entry(
      existing == nil ? .created : .updated, meeting.id, occurrences: plan.occurrences.count)
  }

  /// A series with COUNT whose DTSTART its rule does not give: RFC 5545 counts DTSTART as the first
  /// of COUNT, Google Calendar and python-dateutil-based readers count COUNT instances of the rule
  /// after it and show one more meeting. The note names that meeting, so someone can ask.
  private func countReadTwoWays(_ meeting: Meeting, title: String) -> SchedulingWarning? {
    guard let text = meeting.recurrence?.rule, let rule = try? RecurrenceRule(parsing: text),
      let count = rule.count, count <= SeriesPlanner.maximumOccurrences,
      !(meeting.recurrence?.rdates.contains(meeting.start) ?? false)
    else { return nil }
    var whole = meeting
    whole.recurrence?.exdates = []
    guard let set = try? SeriesPlanner.recurrenceSet(of: whole) else { return nil }
    let instances = Array(set.ruleInstances.prefix(count))
    guard instances.count == count, let first = instances.first, first.date != meeting.start,
      let extra = instances.last
    else { return nil }
    return .countReadTwoWays(
      title: title, start: meeting.start, count: count, extra: extra.date, zone: meeting.timeZone)
  }

  /// Whether two zones show the same wall clock at every instant of the coming years (no daylight
  /// saving in either, same offset).
  private func sameClock(_ one: TimeZone, _ other: TimeZone) -> Bool {
    guard one.identifier != other.identifier else { return true }
    let now = clock.now()
    return one.secondsFromGMT(for: now) == other.secondsFromGMT(for: now)
      && one.nextDaylightSavingTimeTransition(after: now) == nil
      && other.nextDaylightSavingTimeTransition(after: now) == nil
  }
}
