import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group list`: every group with how many people it stands for now.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List groups.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let directory = services.directory
      let groups = try directory.groups()
      let expanded = try groups.map { ($0, try directory.expand($0)) }
      if output.json {
        services.console.write(
          JSONOutput.encode(
            expanded.map { group, people in
              var record = GroupRecord(group, people: nil)
              record.count = people.count
              return record
            }))
        return
      }
      guard !groups.isEmpty || output.csv else {
        services.console.write(
          "No groups yet. Create one with 'pokja group add NAME --where \"tag=…\"'.")
        return
      }
      var table = Table([
        .init("Name"), .init("Kelompok"), .init("People"), .init("Members"),
        .init("Query", flexible: true),
        .init("Description", flexible: true),
      ])
      for (group, people) in expanded {
        table.add([
          "@" + group.name, group.kelompok.map(String.init), String(people.count),
          String(group.members.count),
          group.query?.description, group.description,
        ])
      }
      output.write(table, to: services.console)
    }
  }
}
