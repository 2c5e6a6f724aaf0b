import ArgumentParser

extension Pokja {
  /// `pokja org …`: member and partner organisations.
  struct OrgGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "org", abstract: "Add and list organisations.",
      subcommands: [Add.self, List.self])
  }
}
