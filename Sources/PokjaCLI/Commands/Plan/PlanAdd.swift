import ArgumentParser

extension Pokja.PlanGroup {
  /// `pokja plan add --title …`: a new item of the work plan.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add an item to the work plan.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fields: Pokja.PlanGroup.Fields

    func validate() throws {
      if fields.title == nil { throw ValidationError("Give the item's --title.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let details = try services.workPlan.add(fields.input)
      Pokja.PlanGroup.print(details, verb: "Added", json: output.json, services: services)
    }
  }
}
