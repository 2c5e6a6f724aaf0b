import ArgumentParser
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme publish MEETING`: sends attendees the programme as it now is.
  struct Publish: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "publish",
      abstract: "Send every attendee an update of the meeting with the programme as it now is.",
      discussion: """
        Programme changes are kept until you publish them, so building a programme sends nobody \
        anything. Invitations sent after a change carry it already; publish when attendees were \
        invited before it.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let composer = try services.composer
      let change = try services.scheduler.publishProgramme(meeting)
      try ChangeReport(change: change, services: services, composer: composer, json: output.json)
        .render()
    }
  }
}
