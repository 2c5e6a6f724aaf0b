import ArgumentParser

extension Pokja {
  /// `pokja db …`: the database as a whole.
  struct DbGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "db",
      abstract: "Move the whole database between SQLite and a shared PostgreSQL database.",
      subcommands: [Copy.self])
  }
}
