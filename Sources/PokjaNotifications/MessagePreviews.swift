import Foundation
import PokjaCore
import PokjaScheduling

/// The message one attendee would get, composed by the same composer and templates as the
/// messages that are sent (`notify preview`), and queued nowhere. It decides what a preview is
/// about: the occurrence (the one asked for; for a reminder of a series, the next one), the
/// SEQUENCE (an update or cancellation shows the next one, as the change would send it) and the
/// reminder (the meeting's first, else one a day before).
///
/// ```swift
/// let previews = MessagePreviews(scheduler: scheduler, composer: composer)
/// let preview = try previews.preview(
///   MessagePreviews.Request(meeting: "12", attendee: "wulan@kemensos.example", kind: .update))
/// print(preview.parts.subject)
/// ```
public struct MessagePreviews: Sendable {
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer

  /// Previews of `scheduler`'s meetings, rendered by `composer` (whose clock says what "next" is).
  public init(scheduler: MeetingScheduler, composer: MessageComposer) {
    self.scheduler = scheduler
    self.composer = composer
  }

  /// What to preview.
  public struct Request: Sendable, Equatable {
    /// The meeting, as `MeetingScheduler.details(of:)` reads it (its ID).
    public var meeting: String
    /// The attendee: a contact ID, an email address, or (part of) a name.
    public var attendee: String
    /// An invitation, reminder, update or cancellation.
    public var kind: MessageKind
    /// One occurrence of a series (`2027-01-04`, or a date-time); nil for the whole meeting.
    public var occurrence: String?
    /// The language to render in instead of the contact's own.
    public var language: Language?

    /// A request for the message of `kind` about `meeting` for `attendee`.
    public init(
      meeting: String, attendee: String, kind: MessageKind, occurrence: String? = nil,
      language: Language? = nil
    ) {
      self.meeting = meeting
      self.attendee = attendee
      self.kind = kind
      self.occurrence = occurrence
      self.language = language
    }
  }

  /// A rendered preview.
  public struct Preview: Sendable {
    /// The recipient, in the language the message is written in.
    public var attendee: AttendeeDetails
    /// Subject, text and HTML as the templates render them.
    public var parts: MessageComposer.Parts
    /// The whole message as it would be queued (`content` is the RFC 5322 text).
    public var draft: OutboundDraft
  }

  /// The message `request` describes. Throws `MessagePreviewError` when the attendee is not one of
  /// the meeting's (or is ambiguous) or an invitation is asked for one occurrence; the scheduler's
  /// errors for an unknown meeting or occurrence; the composer's for a template.
  public func preview(_ request: Request) throws -> Preview {
    var details = try scheduler.details(of: request.meeting)
    var attendee = try Self.attendee(request.attendee, in: details)
    if let language = request.language { attendee.contact.language = language }
    var chosen: MeetingOccurrence?
    if let occurrence = request.occurrence {
      guard request.kind != .invitation else {
        throw MessagePreviewError.invitationOfOneOccurrence
      }
      if details.meeting.isSeries {
        chosen = try scheduler.occurrence(of: details, on: occurrence)
      }
    } else if request.kind == .reminder, details.meeting.isSeries {
      // A reminder is about one occurrence: the next one.
      let now = composer.now
      let planned = details.plan?.occurrences.map(\.occurrence) ?? []
      chosen = planned.first { $0.start >= now } ?? planned.last
    }
    if request.kind == .update || request.kind == .cancellation { details.meeting.sequence += 1 }
    let focused = chosen.map { details.focused(on: $0) } ?? details
    switch request.kind {
    case .signIn, .briefing, .planReminder:
      throw MessagePreviewError.notAboutAMeeting(request.kind)
    case .reminder:
      let dayBefore = try TimeSpan(parsing: "1d")
      let reminder =
        details.reminders.first
        ?? Reminder(id: ReminderID(rawValue: 0), meetingID: details.meeting.id, offset: dayBefore)
      return Preview(
        attendee: attendee, parts: try composer.reminderParts(focused, to: attendee),
        draft: try composer.reminder(focused, reminder, to: attendee))
    case .invitation, .update, .cancellation:
      let notice = ChangeNotice(
        kind: request.kind, details: chosen == nil ? details : focused, recipients: [attendee],
        occurrence: chosen?.recurrenceID)
      return Preview(
        attendee: attendee, parts: try composer.parts(notice, to: attendee),
        draft: try composer.notice(notice, to: attendee))
    }
  }

  /// The attendee `reference` names: a contact ID or an email address (any of the contact's), else
  /// the one attendee whose name contains it (case does not matter).
  public static func attendee(_ reference: String, in details: MeetingDetails)
    throws(MessagePreviewError) -> AttendeeDetails
  {
    let text = reference.trimmingCharacters(in: .whitespaces)
    let lowered = text.lowercased()
    let matches = details.attendees.filter {
      String($0.contact.id.rawValue) == text || $0.contact.email.value.lowercased() == lowered
        || $0.contact.emails.contains { $0.value.lowercased() == lowered }
    }
    let found =
      matches.isEmpty
      ? details.attendees.filter { $0.contact.name.lowercased().contains(lowered) } : matches
    guard found.count == 1, let attendee = found.first else {
      guard found.isEmpty else { throw .severalAttendees(reference) }
      throw .notAnAttendee(
        reference, meeting: details.meeting.id,
        attendees: details.attendees.map { "\($0.contact.id) \($0.contact.name)" })
    }
    return attendee
  }
}

/// Why a preview was refused: the request itself is wrong (the command line names no attendee of
/// the meeting, or asks for an invitation of one occurrence).
public enum MessagePreviewError: Error, Equatable, Sendable {
  /// No attendee of `meeting` matches; `attendees` lists them as `ID Name`.
  case notAnAttendee(String, meeting: MeetingID, attendees: [String])
  /// More than one attendee matches (by name).
  case severalAttendees(String)
  /// An invitation is always for the whole series.
  case invitationOfOneOccurrence
  /// A sign-in mail is about no meeting.
  case notAboutAMeeting(MessageKind)
}

extension MessagePreviewError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .notAnAttendee(let reference, let meeting, let attendees):
      let names = attendees.joined(separator: ", ")
      return "'\(reference)' is not an attendee of meeting \(meeting) (attendees: \(names))."
    case .severalAttendees(let reference):
      return "'\(reference)' names several attendees: give the contact ID or email."
    case .invitationOfOneOccurrence:
      return "An invitation covers the whole series: leave out --occurrence."
    case .notAboutAMeeting(.briefing), .notAboutAMeeting(.planReminder):
      return
        "A briefing goes to the people of a programme, not to an attendee: 'pokja programme brief MEETING --dry-run' shows them."
    case .notAboutAMeeting(let kind):
      return "A \(kind.rawValue) message is about no meeting: 'pokja access grant' sends it."
    }
  }
}
