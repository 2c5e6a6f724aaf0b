import ArgumentParser

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft revise MEETING`: a new version.
  struct Revise: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "revise",
      abstract: "Make a new version of the list: add and remove entries, change the limits.",
      discussion: """
        The new version needs approving again. --remove names an entry as 'list-draft show' lists \
        it: a contact's ID or email, an organisation's name or acronym, or @group.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @OptionGroup var entries: Pokja.MeetingGroup.ListDraft.Entries
    @Option(help: "Take this entry off the list; repeat.") var remove: [String] = []

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let lists = services.invitationLists
      let report = try lists.revise(
        meeting: meeting, add: entries.text, remove: remove, limits: entries.limits,
        note: entries.note)
      try Pokja.MeetingGroup.ListDraft.print(
        report, lists: lists, output: output, services: services,
        language: environment.interfaceLanguage)
    }
  }
}
