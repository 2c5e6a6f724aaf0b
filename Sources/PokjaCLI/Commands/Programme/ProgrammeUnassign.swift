import ArgumentParser
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme unassign SESSION PERSON`: takes someone out of a session.
  struct Unassign: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "unassign", abstract: "Take someone out of a session.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The session's ID.") var session: String
    @Argument(help: "The contact (ID or email), or a guest's name.") var person: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let change = try services.scheduler.unassign(person, from: session)
      Pokja.ProgrammeGroup.report(change, verb: "Changed", json: output.json, services: services)
    }
  }
}
