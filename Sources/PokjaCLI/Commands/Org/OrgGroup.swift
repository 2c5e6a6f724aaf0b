import ArgumentParser

extension Pokja {
  /// `pokja org …`: member and partner organisations.
  struct OrgGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "org", abstract: "Add, list, show and edit organisations.",
      subcommands: [Add.self, List.self, Show.self, Edit.self])
  }
}
