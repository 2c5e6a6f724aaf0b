import Foundation
import PokjaCore
import PokjaRecurrence

/// Why a scheduling request was refused.
public enum SchedulingError: Error, Equatable, Sendable {
  case roomNotFound(String)
  case meetingNotFound(String)
  case attendeeNotFound(String)
  /// `--attendee` named nobody: the resolver's reason (no such contact, no such group).
  case attendeeUnresolved(String, reason: String)
  case duplicateRoom(name: String, existing: RoomID)
  /// The room is taken at an overlapping time by another meeting.
  /// `requested` is the occurrence of the new series that clashes (nil for a one-off).
  case roomDoubleBooked(
    room: String, by: MeetingID, title: String, start: Date, end: Date, zone: TimeZone,
    requested: Date? = nil, requestedZone: TimeZone? = nil)
  /// An RRULE, `--every` phrase or UNTIL that cannot be used; `field` is the option.
  case recurrence(field: String?, RecurrenceError)
  case ruleAndPhrase
  /// `--count`, `--until` or `--exdate` without a repetition to apply them to.
  case endWithoutRule
  /// COUNT and UNTIL both given (in the rule and as options).
  case twoEnds
  /// The rule gives no occurrence at all (all excluded, or an impossible date).
  case seriesEmpty
  case holidayPolicyNeedsSeries
  /// `--occurrence DATE` names no occurrence of the series.
  case noOccurrence(meeting: MeetingID, day: String, near: [String])
  /// `--occurrence` or `--this-and-following` on a meeting that does not repeat.
  case notASeries(MeetingID, option: String)
  case meetingIsCancelled(MeetingID)
  /// Nothing to change: no option given.
  case nothingToChange
  /// The contact is not an attendee of the meeting.
  case notAnAttendee(contact: String, meeting: MeetingID)
  case invalidReply(String)
  /// `--room none` for one occurrence of a series that has a room.
  case occurrenceWithoutRoom
  /// More occurrences than Pokja plans for one series.
  case seriesTooLong(Int)
  /// `--exdate` names no occurrence of the series.
  case exdateNotAnOccurrence(String, near: [String])
  /// An event of a calendar file cannot be stored (a room clash): nothing of the file is.
  case importRefused(file: String, line: Int, String)
  /// Attendees are changed for the whole series (or from a date on), not one occurrence.
  case attendeesForWholeSeries
  case missingEnd
  case endAndDuration
  case meetingTooLong(TimeSpan)
  /// The holiday data file cannot be read.
  case holidayData(String, String)
  case reminderTooLong(TimeSpan)
  /// Reminder rules belong to the whole meeting (or, with --this-and-following, the later part).
  case remindersForWholeSeries
  /// `--remind` together with `--no-remind`.
  case remindAndNoRemind
  /// The guest list belongs to the whole meeting (or, with --this-and-following, the later part).
  case guestListForWholeSeries
  /// No session with this ID.
  case sessionNotFound(String)
  /// A programme is for a one-off meeting.
  case programmeOnSeries(MeetingID)
  /// A session must lie within its meeting's time.
  case sessionOutsideMeeting(session: String, meeting: MeetingID, span: String)
  /// No contact with this ID or email, for a role in a session.
  case personNotFound(String)
  /// The person is not in the session.
  case notInSession(String, SessionID)
  /// `programme publish` for a meeting without sessions.
  case noProgramme(MeetingID)
  /// No organisation with this ID, name or acronym, for an invitation list.
  case organisationNotFound(String)
  /// The meeting has an invitation list already: revise it.
  case listExists(MeetingID)
  /// The meeting has no invitation list yet.
  case noList(MeetingID)
  case noListVersion(MeetingID, version: Int)
  /// A list must invite someone.
  case emptyList
  /// The entry to remove or object to is not on the list.
  case notOnList(String)
  case listApprovedAlready(MeetingID, version: Int)
  /// Someone other than the named approver tried to approve.
  case notTheApprover(String, expected: String)
  case listOverLimit(String, count: Int, limit: Int)
  /// `meeting invite` before the latest version of the list was approved.
  case listNotApproved(MeetingID, version: Int)
  /// Another secretary revised the list at the same moment.
  case listChangedMeanwhile(MeetingID)
  /// A series has no occurrence today: the check-in needs --occurrence.
  case noOccurrenceToday(MeetingID, day: String)
  /// Check-in by code without the web key that makes the codes.
  case noCheckInCodes
  case unknownCheckInCode(String, meeting: MeetingID)
  case notCheckedIn(String, meeting: MeetingID)
}

extension SchedulingError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .roomNotFound(let reference):
      "No room '\(reference)'. Name it by the ID or exact name that 'pokja room list' shows, or add it with 'pokja room add'."
    case .meetingNotFound(let reference):
      "No meeting '\(reference)'. 'pokja meeting list' shows the IDs."
    case .attendeeNotFound(let reference):
      "--attendee '\(reference)': no such contact. Name contacts by the ID or email that 'pokja contact list' shows."
    case .attendeeUnresolved(let reference, let reason):
      "--attendee '\(reference)': \(reason)"
    case .duplicateRoom(let name, let existing):
      "A room named '\(name)' already exists (ID \(existing))."
    case .roomDoubleBooked(
      let room, let other, let title, let start, let end, let zone, let requested, let requestedZone
    ):
      "Room '\(room)' is already booked by meeting \(other) '\(title)' (\(LocalTime.span(start, end, in: zone)))\(requested.map { " when this series meets on \(LocalTime.iso($0, in: requestedZone ?? zone).prefix(10))" } ?? ""). Choose another room or time, leave that date out with --exdate, or book anyway with --allow-conflict."
    case .recurrence(let field, let error):
      (field.map { "\($0): " } ?? "") + (error.errorDescription ?? "\(error)") + "."
    case .ruleAndPhrase:
      "Give either --rrule or --every, not both."
    case .endWithoutRule:
      "--count, --until and --exdate apply to a repeating meeting: add --every or --rrule."
    case .twoEnds:
      "The series can end by a number of occurrences or by a date, not both: keep one of COUNT/--count and UNTIL/--until."
    case .seriesEmpty:
      "The series has no occurrence at all (every date is excluded or impossible). Check --rrule/--every, --exdate and --until."
    case .holidayPolicyNeedsSeries:
      "--on-holiday applies to repeating meetings; for a one-off meeting choose another date."
    case .noOccurrence(let meeting, let day, let near):
      "Meeting \(meeting) has no occurrence on \(day)."
        + (near.isEmpty ? "" : " Nearest: \(near.joined(separator: ", ")).")
        + " 'pokja meeting show \(meeting)' lists them."
    case .notASeries(let meeting, let option):
      "Meeting \(meeting) does not repeat, so \(option) does not apply: change or cancel the meeting itself."
    case .meetingIsCancelled(let meeting):
      "Meeting \(meeting) is cancelled; it cannot be changed."
    case .nothingToChange:
      "Nothing to change: give --title, --start, --end, --duration, --room, --location, --add-attendee, --remove-attendee, --remind, --no-remind, --remind-to, --remind-via or --guest-list."
    case .notAnAttendee(let contact, let meeting):
      "\(contact) is not invited to meeting \(meeting). Add them with 'pokja meeting edit \(meeting) --add-attendee …'."
    case .occurrenceWithoutRoom:
      "One occurrence cannot drop the series' room: book it in another room (--room NAME) or change the room of the whole series."
    case .seriesTooLong(let limit):
      "The series has more than \(limit) occurrences; Pokja plans at most that many. End it sooner (--count, --until) or repeat less often."
    case .exdateNotAnOccurrence(let text, let near):
      "--exdate \(text): the series has no occurrence then"
        + (near.isEmpty ? "." : " (nearest: \(near.joined(separator: ", ")))")
        + ". Give the date (or date-time) of an occurrence to leave out."
    case .importRefused(let file, let line, let reason):
      "\(file):\(line): \(reason) Nothing was imported; fix the event or pass --allow-conflict."
    case .remindersForWholeSeries:
      "Reminders are set for the whole series: change them without --occurrence (or with --this-and-following for the later part)."
    case .remindAndNoRemind:
      "Give --remind (the new reminders) or --no-remind (none), not both."
    case .guestListForWholeSeries:
      "The guest list is set for the whole series: change it without --occurrence (or with --this-and-following for the later part)."
    case .attendeesForWholeSeries:
      "Attendees are invited to the whole series: change them without --occurrence (or with --this-and-following)."
    case .invalidReply(let text):
      "'\(text)' is not an answer: use accepted, declined or tentative (diterima, ditolak, mungkin)."
    case .missingEnd:
      "Say when the meeting ends: --end 12:00 (or a full date-time) or --duration 2h."
    case .endAndDuration:
      "Give either --end or --duration, not both."
    case .sessionNotFound(let reference):
      "No session '\(reference)'. 'pokja programme show MEETING' shows the sessions' IDs."
    case .programmeOnSeries(let meeting):
      "Meeting \(meeting) is a series: a programme belongs to a one-off meeting (a national meeting, a workshop). Add the sessions to a meeting of its own."
    case .sessionOutsideMeeting(let session, let meeting, let span):
      "The session (\(session)) must lie within meeting \(meeting) (\(span)). Change --start and --end, or the meeting's times with 'pokja meeting edit \(meeting)'."
    case .personNotFound(let reference):
      "No contact '\(reference)'. Name contacts by the ID or email that 'pokja find' shows, or add someone from outside the directory with --guest NAME."
    case .organisationNotFound(let reference):
      "No organisation '\(reference)'. Name it by the ID, name or acronym that 'pokja org list' shows."
    case .listExists(let meeting):
      "Meeting \(meeting) has an invitation list already: change it with 'pokja meeting list-draft revise \(meeting)'."
    case .noList(let meeting):
      "Meeting \(meeting) has no invitation list yet: propose one with 'pokja meeting list-draft propose \(meeting)'."
    case .noListVersion(let meeting, let version):
      "The invitation list of meeting \(meeting) has no version \(version): 'pokja meeting list-draft log \(meeting)' lists them."
    case .emptyList:
      "An invitation list needs someone on it: give --contact, --org, --group or --one-per-org."
    case .notOnList(let typed):
      "'\(typed)' is not on the list. Name an entry as 'pokja meeting list-draft show' lists it: a contact's ID or email, an organisation's name or acronym, or @group."
    case .listApprovedAlready(let meeting, let version):
      "Version \(version) of the invitation list of meeting \(meeting) is approved already."
    case .notTheApprover(let who, let expected):
      "'\(who)' is not the approver of this list: \(expected) is. Ask them, or name them with --as."
    case .listOverLimit(let name, let count, let limit):
      "\(name) has \(count) people on the list, more than its limit of \(limit). Revise the list, or approve with --over-limits."
    case .listNotApproved(let meeting, let version):
      "The invitation list of meeting \(meeting) (version \(version)) is not approved yet: nothing was sent. Approve it with 'pokja meeting list-draft approve \(meeting) --as APPROVER', or send anyway with --unapproved."
    case .listChangedMeanwhile(let meeting):
      "The invitation list of meeting \(meeting) was changed by someone else just now. Look at it ('pokja meeting list-draft show \(meeting)') and try again."
    case .noOccurrenceToday(let meeting, let day):
      "Meeting \(meeting) has no occurrence today (\(day)): say which with --occurrence DATE."
    case .noCheckInCodes:
      "Check-in codes are made with the web key, which is missing: run 'pokja init' to create it, or check people in by name or email."
    case .unknownCheckInCode(let code, let meeting):
      "No invitee of meeting \(meeting) has the code '\(code)'. Check the code in their invitation, or check them in by email."
    case .notCheckedIn(let name, let meeting):
      "\(name) is not checked in at meeting \(meeting): nothing to take back."
    case .noProgramme(let meeting):
      "Meeting \(meeting) has no programme yet. Add sessions with 'pokja programme add \(meeting)'."
    case .notInSession(let person, let session):
      "'\(person)' has no role in session \(session). 'pokja programme show' lists who is in it."
    case .holidayData(let file, let reason):
      "The holiday data \(file) cannot be read: \(reason). Fix the file (see docs/holidays.md) or remove it to use Pokja's own."
    case .meetingTooLong(let span):
      "A meeting of \(span) is longer than Pokja allows (14 days). Check --end or --duration."
    case .reminderTooLong(let span):
      "--remind \(span): reminders can be at most 60 days before the start."
    }
  }
}

extension Validate {
  /// Runs `body`, turning a recurrence error into a scheduling error about `field`.
  static func recurrence<T>(field: String? = nil, _ body: () throws(RecurrenceError) -> T)
    throws(SchedulingError) -> T
  {
    do {
      return try body()
    } catch {
      throw .recurrence(field: field, error)
    }
  }
}
