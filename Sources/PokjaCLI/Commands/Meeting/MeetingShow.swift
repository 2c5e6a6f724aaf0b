import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.MeetingGroup {
  /// `pokja meeting show ID`: one meeting with its attendees and what they replied.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a meeting with its attendees, their replies and the invitations sent.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let details = try services.scheduler.details(of: id)
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.MeetingRecord(details)))
        return
      }
      let meeting = details.meeting
      let console = output.prose(services.console)
      console.write("Meeting \(meeting.id): \(meeting.title)")
      console.write(
        "  When:      \(LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone)) (\(meeting.timeZone.identifier))"
      )
      if let place = details.locationText { console.write("  Where:     \(place)") }
      if let repeats = RepetitionText.describe(
        meeting, language: services.environment.interfaceLanguage)
      {
        console.write(
          "  Repeats:   \(repeats)"
            + (meeting.onHoliday.map { ", on holidays: \($0.rawValue)" } ?? ""))
      }
      if let holiday = details.holiday {
        console.write("  Holiday:   \(holiday.name) (\(holiday.kind.rawValue))")
      }
      console.write("  Status:    \(meeting.status.rawValue), sequence \(meeting.sequence)")
      if !details.reminders.isEmpty {
        console.write(
          "  Reminders: \(details.reminders.map { "\($0.offset) before" }.joined(separator: ", ")), to \(meeting.reminderRecipients.rawValue)"
        )
      }
      console.write(
        "  Guests:    \(Self.guestListWords(details, default: services.config.guestList))")
      if let latest = try services.invitationLists.versions(of: "\(meeting.id)").1.last {
        console.write(
          latest.isApproved
            ? "  List:      version \(latest.number), approved by \(latest.approvedBy ?? "?")"
            : "  List:      version \(latest.number), not approved yet ('pokja meeting list-draft show \(meeting.id)')"
        )
      }
      if !details.programme.isEmpty {
        console.write(
          "  Programme: \(counted(details.programme.count, "session")) ('pokja programme show \(meeting.id)')"
        )
      }
      let documents = try services.documents.documents(of: .meeting(meeting.id))
      if !documents.isEmpty {
        console.write(
          "  Documents: "
            + documents.map { "\($0.filename) (\(DocumentLibrary.sizeText($0.size)))" }
            .joined(separator: ", "))
      }
      if let description = meeting.description { console.write("  Notes:     \(description)") }
      let counts = try services.outboxReader.counts(meeting: meeting.id)
      if !counts.isEmpty {
        let parts = OutboxStateOrder.all.compactMap { state in
          counts[state].map { "\($0) \(state.rawValue)" }
        }
        console.write("  Messages:  \(parts.joined(separator: ", "))")
      }
      if meeting.isSeries, meeting.status == .confirmed, let plan = details.plan {
        printOccurrences(plan, details: details, now: environment.clock.now(), console: console)
      }
      guard !details.attendees.isEmpty || output.csv else {
        console.write("  No attendees.")
        return
      }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Organisation", flexible: true),
        .init("Email", flexible: true), .init("Reply"),
      ])
      for attendee in details.attendees {
        table.add([
          attendee.contact.id.description, attendee.contact.name, attendee.organisation?.shortName,
          attendee.contact.email.value, attendee.attendee.participation.rawValue.lowercased(),
        ])
      }
      console.write("")
      output.write(table, to: console)
      let answered = details.replies.filter { $0.participation != .needsAction }
      if !answered.isEmpty {
        console.write("")
        console.write("Replies for single occurrences:")
        let names = Dictionary(
          details.attendees.map { ($0.contact.id, $0.contact.name) },
          uniquingKeysWith: { a, _ in a })
        for reply in answered {
          console.write(
            "  \(LocalTime.iso(reply.recurrenceID, in: meeting.timeZone).prefix(10))  \(names[reply.contactID] ?? reply.contactID.description): \(reply.participation.rawValue.lowercased())"
          )
        }
      }
    }

    /// Whether invitations list every attendee, and what decided it.
    static func guestListWords(_ details: MeetingDetails, default rule: GuestListDefault) -> String
    {
      let what =
        details.guestList == .hidden
        ? "hidden: each invitation lists only its recipient"
        : "visible: every invitation lists all attendees"
      guard details.meeting.guestList == nil else { return what }
      return rule.mode == .auto
        ? "\(what) (automatic: hidden above \(rule.hideAbove) attendees)"
        : "\(what) (the configuration's default)"
    }

    /// The next occurrences (and the changed, moved and skipped ones among them).
    private func printOccurrences(
      _ plan: SeriesPlan, details: MeetingDetails, now: Date, console: any Console
    ) {
      let zone = details.meeting.timeZone
      let ahead = plan.occurrences.filter { $0.occurrence.end > now }
      console.write(
        "  Planned:   \(counted(plan.occurrences.count, "occurrence"))"
          + (plan.isComplete
            ? "" : " through \(LocalTime.iso(plan.plannedThrough, in: zone).prefix(10)) (no end)")
          + ", \(ahead.count) still ahead")
      for planned in ahead.prefix(6) {
        var notes: [String] = []
        if planned.override != nil { notes.append("changed") }
        if let holiday = planned.movedFromHoliday {
          notes.append(
            "moved from \(LocalTime.iso(planned.occurrence.recurrenceID, in: zone).prefix(10)), \(holiday.name)"
          )
        }
        if let holiday = planned.onHoliday { notes.append("holiday: \(holiday.name)") }
        if let room = planned.occurrence.roomID, room != details.meeting.roomID {
          notes.append("in \(details.rooms[room]?.name ?? room.description)")
        }
        console.write(
          "             \(LocalTime.span(planned.occurrence.start, planned.occurrence.end, in: zone))"
            + (notes.isEmpty ? "" : "  (\(notes.joined(separator: "; ")))"))
      }
      if ahead.count > 6 {
        console.write("             … \(ahead.count - 6) more ('--json' lists all)")
      }
      for skipped in plan.skipped where skipped.recurrenceID > now {
        console.write(
          "  Skipped:   \(LocalTime.iso(skipped.recurrenceID, in: zone).prefix(10)) (\(skipped.holiday.name))"
        )
      }
      let cancelled = (details.meeting.recurrence?.exdates ?? []).filter { $0 > now }.sorted()
      if !cancelled.isEmpty {
        console.write(
          "  Left out:  \(cancelled.map { String(LocalTime.iso($0, in: zone).prefix(10)) }.joined(separator: ", "))"
        )
      }
    }
  }
}

/// The order outbox states are listed in.
enum OutboxStateOrder {
  static let all: [OutboxState] = [.sent, .queued, .sending, .dead, .cancelled]
}
