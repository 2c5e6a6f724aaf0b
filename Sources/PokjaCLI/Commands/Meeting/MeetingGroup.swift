import ArgumentParser

extension Pokja {
  /// `pokja meeting …`: scheduling and invitations.
  struct MeetingGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "meeting", abstract: "Schedule meetings, export them and send invitations.",
      subcommands: [
        Add.self, List.self, Show.self, Edit.self, Cancel.self, Invite.self, Upcoming.self,
        Suggest.self, Export.self, ListDraft.self,
      ])
  }
}
