import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group add-member NAME --contact C --org O`: adds chosen members.
  struct AddMember: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-member", abstract: "Add contacts or organisations to a group.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name.") var name: String
    @OptionGroup var members: GroupMemberOptions

    func validate() throws { try members.requireSome() }

    func run(in environment: AppEnvironment) throws {
      try GroupMembershipChange(
        global: global, json: output.json, name: name, members: members, removing: false
      ).run(in: environment)
    }
  }

  /// `pokja group remove-member NAME --contact C --org O`: takes chosen members out.
  struct RemoveMember: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove-member", abstract: "Take contacts or organisations out of a group.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name.") var name: String
    @OptionGroup var members: GroupMemberOptions

    func validate() throws { try members.requireSome() }

    func run(in environment: AppEnvironment) throws {
      try GroupMembershipChange(
        global: global, json: output.json, name: name, members: members, removing: true
      ).run(in: environment)
    }
  }
}

/// What `add-member` and `remove-member` share.
private struct GroupMembershipChange {
  let global: GlobalOptions
  let json: Bool
  let name: String
  let members: GroupMemberOptions
  let removing: Bool

  func run(in environment: AppEnvironment) throws {
    let services = try Services(global, environment)
    let directory = services.directory
    let group = try directory.changeMembers(
      of: name, contacts: members.contact, organisations: members.org, removing: removing)
    let people = try directory.expand(group)
    if json {
      services.console.write(JSONOutput.encode(GroupRecord(group, people: people)))
    } else {
      services.console.write(
        "Group @\(group.name): \(counted(group.members.count, "chosen member")), \(counted(people.count, "person", plural: "people")) now"
      )
    }
  }
}
