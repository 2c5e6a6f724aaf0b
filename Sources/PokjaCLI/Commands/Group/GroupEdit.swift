import ArgumentParser
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group edit NAME --kelompok 2 --coordinator X`: makes a group a kelompok.
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract:
        "Make a group a numbered kelompok (sub-group) of the working group, with a coordinator.",
      discussion: """
        The work plan is kept per kelompok ('pokja plan list --kelompok 2'). Each number is one \
        group's; --kelompok 0 makes the group an ordinary one again, --coordinator '' takes the \
        coordinator away.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name.") var name: String
    @Option(help: "The kelompok's number (0: none).") var kelompok: Int?
    @Option(help: "Who coordinates it (a contact's ID or email; empty for nobody).")
    var coordinator: String?

    func validate() throws {
      if kelompok == nil && coordinator == nil {
        throw ValidationError("Give --kelompok or --coordinator.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let group = try services.directory.setKelompok(
        of: name, number: kelompok, coordinator: coordinator)
      if output.json {
        services.console.write(JSONOutput.encode(GroupRecord(group, people: nil)))
        return
      }
      let coordinatorName = try group.coordinatorID.map {
        try services.directory.contact("\($0)").name
      }
      services.console.write(
        "Group @\(group.name): "
          + (group.kelompok.map { "kelompok \($0)" } ?? "no kelompok")
          + (coordinatorName.map { ", coordinated by \($0)" } ?? ", no coordinator") + ".")
    }
  }
}
