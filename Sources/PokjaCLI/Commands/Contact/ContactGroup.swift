import ArgumentParser

extension Pokja {
  /// `pokja contact …`: people in the directory.
  struct ContactGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "contact", abstract: "Add, list, show, edit, remove and merge contacts.",
      subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Merge.self])
  }
}
