import ArgumentParser

extension Pokja {
  /// `pokja contact …`: people in the directory.
  struct ContactGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "contact", abstract: "Add and list contacts.",
      subcommands: [Add.self, List.self])
  }
}
