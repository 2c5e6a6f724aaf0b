import ArgumentParser

extension Pokja {
  /// `pokja room …`: bookable rooms.
  struct RoomGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "room", abstract: "Add and list meeting rooms.",
      subcommands: [Add.self, List.self])
  }
}
