import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group show NAME`: a group's definition and the people it stands for now.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a group and the people it stands for now.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name (with or without @).") var name: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let directory = services.directory
      let group = try directory.group(name)
      let people = try directory.expand(group)
      let console = output.prose(services.console)
      if output.json {
        console.write(JSONOutput.encode(GroupRecord(group, people: people)))
        return
      }
      console.write("@\(group.name)\(group.description.map { " — \($0)" } ?? "")")
      if let query = group.query { console.write("  Query:   \(query)") }
      if !group.members.isEmpty { console.write("  Members: \(group.members.count) chosen") }
      guard !people.isEmpty || output.csv else {
        console.write("  Nobody matches yet.")
        return
      }
      let organisations = Dictionary(
        uniqueKeysWithValues: try directory.organisations().map { ($0.id, $0) })
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Organisation", flexible: true),
        .init("Email", flexible: true), .init("Phone"),
      ])
      for person in people {
        table.add([
          person.id.description, person.addressedName,
          person.organisationID.flatMap { organisations[$0]?.shortName }, person.email.value,
          person.phone?.formatted,
        ])
      }
      console.write("")
      output.write(table, to: console)
    }
  }
}
