import ArgumentParser
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme add MEETING`: adds a session.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a session to a meeting's programme.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "What the session is called, e.g. \"Panel: coordination across provinces\".")
    var title: String
    @Option(help: "When it starts: HH:MM on the meeting's first day, or a date-time.")
    var start: String
    @Option(help: "When it ends: HH:MM on the session's day, or a date-time.") var end: String?
    @Option(help: "How long it lasts: 90m, 1h30m.") var duration: String?
    @Option(help: "The hall or room (ID or name from 'pokja room list').") var room: String?
    @Option(help: "Where, in words, e.g. \"Ruang Garuda\" or \"online\".") var place: String?
    @Option(help: "What it is about.") var description: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let change = try services.scheduler.addSession(
        to: meeting,
        SessionRequest(
          title: title, start: start, end: end, duration: duration, room: room, place: place,
          description: description))
      Pokja.ProgrammeGroup.report(change, verb: "Added", json: output.json, services: services)
    }
  }
}
