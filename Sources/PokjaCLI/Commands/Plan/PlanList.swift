import ArgumentParser
import PokjaWorkPlan

extension Pokja.PlanGroup {
  /// `pokja plan list [--kelompok 2] [--overdue]`: the items, by due day.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract:
        "List the work plan's open items by due day: of a kelompok, an owner, the overdue ones.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this kelompok (its number, or a group's name).") var kelompok: String?
    @Option(help: "Only items this organisation owns.") var owner: String?
    @Option(help: "Only items with this status.") var status: String?
    @Flag(help: "Only items past their due day and not done.") var overdue = false
    @Flag(help: "Done and dropped items too.") var all = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let items = try services.workPlan.list(
        .init(kelompok: kelompok, owner: owner, status: status, overdue: overdue, all: all))
      if output.json {
        services.console.write(
          JSONOutput.encode(
            items.map { Pokja.PlanGroup.ItemRecord($0, zone: services.config.timeZone) }))
        return
      }
      guard !items.isEmpty || output.csv else {
        services.console.write(
          overdue ? "Nothing is overdue." : "No items. Add one with 'pokja plan add --title …'.")
        return
      }
      var table = Table([
        .init("ID"), .init("Item", flexible: true), .init("Kelompok"), .init("Owner"),
        .init("Due"), .init("Status"), .init("Decided at", flexible: true),
      ])
      for details in items {
        let item = details.item
        table.add([
          item.id.description, item.title,
          details.group.map { $0.kelompok.map(String.init) ?? "@\($0.name)" },
          details.owner?.shortName,
          item.due.map { $0 + (details.isOverdue ? " !" : "") }, item.status.rawValue,
          details.meeting?.title,
        ])
      }
      output.write(table, to: services.console)
      let late = items.filter(\.isOverdue).count
      if late > 0 && !output.csv {
        services.console.write("\(counted(late, "item")) overdue (marked !).")
      }
    }
  }
}
