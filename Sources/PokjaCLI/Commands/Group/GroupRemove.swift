import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group rm NAME`: removes a group; its members stay in the directory.
  struct Remove: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "rm", abstract: "Remove a group (its people stay in the directory).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name.") var name: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let group = try services.directory.removeGroup(name)
      if output.json {
        services.console.write(JSONOutput.encode(GroupRecord(group, people: nil)))
      } else {
        services.console.write("Removed group @\(group.name)")
      }
    }
  }
}
