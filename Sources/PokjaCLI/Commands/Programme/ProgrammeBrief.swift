import ArgumentParser
import PokjaCore
import PokjaNotifications
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme brief MEETING`: each speaker and moderator gets their sessions by mail.
  struct Brief: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "brief",
      abstract: "Mail each chair, moderator, speaker and panellist their sessions.",
      discussion: """
        One mail per person, in their language, with each session they have a role in (day, time, \
        place, who else is in it) and a calendar file of those sessions that reminds them 30 \
        minutes before. Running it again sends only to those whose sessions changed. Guests get it \
        in the language of --lang.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "Only the people of this session.") var session: String?
    @Flag(help: "Brief the rapporteurs too.") var allRoles = false
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let sessionID = try session.map { try services.scheduler.session($0).id }
      let (report, unreachable) = try services.briefings.send(
        meeting: meeting, session: sessionID, allRoles: allRoles,
        guestLanguage: environment.interfaceLanguage)
      for person in unreachable {
        services.console.error(
          "warning: \(person.name) (\(person.role.rawValue)) has no address to brief: add an email to the contact, or --guest-email."
        )
      }
      try services.report(report, noun: "briefing", meeting: report.meeting?.id, json: output.json)
    }
  }
}
