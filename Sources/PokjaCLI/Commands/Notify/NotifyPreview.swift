import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.NotifyGroup {
  /// `pokja notify preview --meeting ID --contact C --kind …`: what would be sent, without sending.
  struct Preview: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "preview",
      abstract: "Show exactly the message a contact would get, without queuing anything.",
      discussion: """
        Renders through the same composer and templates (with overrides) as the sending commands. \
        --part raw prints the whole RFC 5322 message; all prints subject, text and HTML. An update \
        or cancellation is shown with the next SEQUENCE, as the change would send it.
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
      case invite, reminder, update, cancel
    }

    enum Part: String, ExpressibleByArgument, CaseIterable {
      case subject, text, html, all, raw
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The meeting's ID.") var meeting: String
    @Option(help: "The attendee: contact ID, email or name.") var contact: String
    @Option(help: "invite, reminder, update or cancel.") var kind: Kind
    @Option(help: "One occurrence of a series (2027-01-04).") var occurrence: String?
    @Option(
      help: "Render in this language (id or en) instead of the contact's.",
      completion: .list(["id", "en"])) var lang: String?
    @Option(help: "subject, text, html, all or raw.") var part: Part = .all

    struct Record: Encodable {
      let kind: String
      let recipient: String
      let language: String
      let subject: String
      let text: String
      let html: String
      let raw: String
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let composer = try services.composer
      let scheduler = services.scheduler
      var details = try scheduler.details(of: meeting)
      var attendee = try Self.attendee(contact, in: details)
      if let lang {
        guard let language = Language(parsing: lang) else {
          throw ValidationError("--lang must be id or en, not '\(lang)'.")
        }
        attendee.contact.language = language
      }
      var chosen: MeetingOccurrence?
      if let occurrence {
        guard kind != .invite else {
          throw ValidationError("An invitation covers the whole series: leave out --occurrence.")
        }
        if details.meeting.isSeries {
          chosen = try scheduler.occurrence(of: details, on: occurrence)
        }
      } else if kind == .reminder, details.meeting.isSeries {
        // A reminder is about one occurrence: the next one.
        let now = environment.clock.now()
        let planned = details.plan?.occurrences.map(\.occurrence) ?? []
        chosen = planned.first { $0.start >= now } ?? planned.last
      }
      if kind == .update || kind == .cancel { details.meeting.sequence += 1 }
      let focused = chosen.map { details.focused(on: $0) } ?? details
      let parts: MessageComposer.Parts
      let draft: OutboundDraft
      switch kind {
      case .reminder:
        let dayBefore = try TimeSpan(parsing: "1d")
        let reminder =
          details.reminders.first
          ?? Reminder(id: ReminderID(rawValue: 0), meetingID: details.meeting.id, offset: dayBefore)
        parts = try composer.reminderParts(focused, to: attendee)
        draft = try composer.reminder(focused, reminder, to: attendee)
      case .invite, .update, .cancel:
        let messageKind: MessageKind =
          kind == .invite ? .invitation : kind == .update ? .update : .cancellation
        let notice = ChangeNotice(
          kind: messageKind, details: chosen == nil ? details : focused, recipients: [attendee],
          occurrence: chosen?.recurrenceID)
        parts = try composer.parts(notice, to: attendee)
        draft = try composer.notice(notice, to: attendee)
      }
      let console = services.console
      if attendee.contact.doNotContact {
        console.error(
          "warning: \(attendee.contact.name) is marked do-not-contact (opted out): nothing would be sent."
        )
      }
      if output.json {
        console.write(
          JSONOutput.encode(
            Record(
              kind: draft.kind.rawValue, recipient: draft.destination.jsonRecipient,
              language: attendee.contact.language.rawValue, subject: parts.subject,
              text: parts.text, html: parts.html, raw: draft.content)))
        return
      }
      switch part {
      case .subject: console.write(parts.subject)
      case .text: console.write(parts.text)
      case .html: console.write(parts.html)
      case .raw: console.write(draft.content)
      case .all:
        console.write("To: \(attendee.contact.name) <\(draft.destination)>")
        console.write("Subject: \(parts.subject)")
        console.write("\n--- text/plain ---\n\(parts.text)")
        console.write("--- text/html ---\n\(parts.html)")
      }
    }

    /// The attendee `reference` names: a contact ID, an email address, or (part of) a name.
    static func attendee(_ reference: String, in details: MeetingDetails) throws -> AttendeeDetails
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
        let names = details.attendees.map { "\($0.contact.id) \($0.contact.name)" }
          .joined(separator: ", ")
        throw ValidationError(
          found.isEmpty
            ? "'\(reference)' is not an attendee of meeting \(details.meeting.id) (attendees: \(names))."
            : "'\(reference)' names several attendees: give the contact ID or email.")
      }
      return attendee
    }
  }
}
