import ArgumentParser

extension Pokja.PlanGroup {
  /// `pokja plan edit ID`: changes an item (its status, when it is done).
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change an item of the work plan: its status, due day, owner, ….")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The item's ID ('pokja plan list' shows them).") var id: String
    @OptionGroup var fields: Pokja.PlanGroup.Fields

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let details = try services.workPlan.edit(id, fields.input)
      Pokja.PlanGroup.print(details, verb: "Changed", json: output.json, services: services)
    }
  }

  /// `pokja plan show ID`: one item.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show an item of the work plan.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The item's ID.") var id: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      Pokja.PlanGroup.print(
        try services.workPlan.show(id), verb: "Work-plan", json: output.json, services: services)
    }
  }
}
