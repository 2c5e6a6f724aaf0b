import ArgumentParser

extension Pokja {
  /// `pokja meeting …`: scheduling and invitations.
  struct MeetingGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "meeting", abstract: "Schedule meetings, export them and send invitations.",
      subcommands: [Add.self, List.self, Show.self, Export.self, Invite.self])
  }
}
