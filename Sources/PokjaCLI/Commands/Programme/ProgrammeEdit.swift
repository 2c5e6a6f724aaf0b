import ArgumentParser
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme edit SESSION`: changes a session.
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change a session's title, times, room, place or description.",
      discussion: """
        A new --start keeps the session's length unless --end or --duration is given too.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The session's ID ('pokja programme show MEETING' lists them).")
    var session: String
    @Option(help: "New title.") var title: String?
    @Option(help: "New start: HH:MM on the session's day, or a date-time.") var start: String?
    @Option(help: "New end: HH:MM or a date-time.") var end: String?
    @Option(help: "New length: 90m, 2h.") var duration: String?
    @Option(help: "New room (ID or name), or 'none'.") var room: String?
    @Option(help: "New place in words (empty to remove).") var place: String?
    @Option(help: "New description (empty to remove).") var description: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let change = try services.scheduler.editSession(
        session,
        SessionRequest(
          title: title, start: start, end: end, duration: duration, room: room, place: place,
          description: description))
      Pokja.ProgrammeGroup.report(change, verb: "Changed", json: output.json, services: services)
    }
  }
}
