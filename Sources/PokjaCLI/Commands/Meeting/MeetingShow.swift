import ArgumentParser
import PokjaCore
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
      let console = services.console
      console.write("Meeting \(meeting.id): \(meeting.title)")
      console.write(
        "  When:      \(LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone)) (\(meeting.timeZone.identifier))"
      )
      if let place = details.locationText { console.write("  Where:     \(place)") }
      if let holiday = details.holiday {
        console.write("  Holiday:   \(holiday.name) (\(holiday.kind.rawValue))")
      }
      console.write("  Status:    \(meeting.status.rawValue), sequence \(meeting.sequence)")
      if !details.reminders.isEmpty {
        console.write(
          "  Reminders: \(details.reminders.map { "\($0.offset) before" }.joined(separator: ", "))")
      }
      if let description = meeting.description { console.write("  Notes:     \(description)") }
      let counts = try services.outboxReader.counts(meeting: meeting.id)
      if !counts.isEmpty {
        let parts = OutboxStateOrder.all.compactMap { state in
          counts[state].map { "\($0) \(state.rawValue)" }
        }
        console.write("  Messages:  \(parts.joined(separator: ", "))")
      }
      guard !details.attendees.isEmpty else {
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
    }
  }
}

/// The order outbox states are listed in.
enum OutboxStateOrder {
  static let all: [OutboxState] = [.sent, .queued, .sending, .dead]
}
