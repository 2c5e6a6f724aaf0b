import ArgumentParser
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling

extension Pokja {
  /// `pokja rsvp MEETING CONTACT accepted|declined|tentative`: records a reply given by phone or chat.
  struct Rsvp: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "rsvp",
      abstract: "Record an attendee's reply given by phone, chat or in person.",
      discussion: """
        Answers: accepted, declined, tentative (or diterima, ditolak, mungkin). With --occurrence \
        the answer is for that occurrence of a series only. Reminders skip those who declined.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Argument(help: "The attendee: contact ID or email.") var contact: String
    @Argument(help: "accepted, declined or tentative.") var answer: String
    @Option(help: "Only for the occurrence on this day (2027-01-04).") var occurrence: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let before = try? services.scheduler.details(of: meeting)
      let details: MeetingDetails
      do {
        details = try services.scheduler.reply(
          meeting: meeting, contact: contact, answer: answer, occurrence: occurrence)
      } catch SchedulingError.attendeeNotFound(let reference),
        SchedulingError.attendeeUnresolved(let reference, _)
      {
        // Here the contact is an argument, not --attendee.
        throw DirectoryError.contactNotFound(reference)
      }
      // The channels hear of a changed answer (`reply.received`), as from an RSVP link.
      if let before, let person = try? services.directory.contact(contact),
        let participation = try? MeetingScheduler.participation(answer),
        !(try services.channelStore.channels()).isEmpty
      {
        let recurrenceID = details.meeting.isSeries ? details.occurrence?.recurrenceID : nil
        if Replies.answer(of: person.id, in: before, occurrence: recurrenceID) != participation {
          let event = WebhookEvent.replied(
            details, contact: person, answer: participation, occurrence: recurrenceID,
            via: "cli", at: environment.clock.now())
          _ = try services.outbox().publish([(event, details)], meeting: details.meeting.id)
        }
      }
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.MeetingRecord(occurrence: details)))
        return
      }
      let replies = Dictionary(
        grouping: details.attendees, by: \.attendee.participation
      ).mapValues(\.count)
      let counts = ParticipationStatus.allCases.compactMap { status in
        replies[status].map { "\($0) \(status.rawValue.lowercased())" }
      }
      let when =
        details.occurrence.map {
          " on \(LocalTime.iso($0.start, in: details.meeting.timeZone).prefix(10))"
        } ?? ""
      services.console.write(
        "Recorded. Meeting \(details.meeting.id)\(when): \(counts.joined(separator: ", ")).")
    }
  }
}
