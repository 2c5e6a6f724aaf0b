import ArgumentParser
import PokjaCore

extension Pokja.MeetingGroup {
  /// `pokja meeting invite ID`: one iMIP invitation per attendee, through the outbox.
  struct Invite: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "invite",
      abstract: "Send the meeting's calendar invitation to every attendee.",
      discussion: """
        Each attendee gets one email in their language with a calendar invitation their calendar
        shows with Accept / Decline. Running it again sends nothing twice; messages a failure left
        queued are retried. Without an SMTP server, messages are written as .eml files.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var id: String
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let report = try services.invitations.send(meeting: id)
      if dryRun {
        return try DryRunReport(report, services: services, meeting: report.meeting?.id)
          .render(json: output.json, console: services.console, zone: services.config.timeZone)
      }
      try SendSummary(
        report: report, noun: "invitation", console: services.console,
        zone: services.config.timeZone
      )
      .render(json: output.json)
    }
  }
}
