import ArgumentParser

extension Pokja {
  /// `pokja group …`: named lists of people to invite together.
  struct GroupGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "group",
      abstract: "Groups of people to invite together: chosen members or a saved query.",
      discussion: "Use a group wherever an attendee is accepted: --attendee @pleno",
      subcommands: [
        Add.self, List.self, Show.self, Edit.self, AddMember.self, RemoveMember.self, Remove.self,
      ])
  }
}

/// `--contact` and `--org` members, shared by the group commands.
struct GroupMemberOptions: ParsableArguments {
  @Option(help: "A contact (ID or email); repeat.") var contact: [String] = []
  @Option(help: "An organisation, standing for its focal contacts (ID, name or acronym); repeat.")
  var org: [String] = []

  /// Refuses an empty list: `add-member` and `remove-member` need someone to add or take out.
  func requireSome() throws {
    guard !contact.isEmpty || !org.isEmpty else {
      throw ValidationError("Name members with --contact or --org.")
    }
  }
}
