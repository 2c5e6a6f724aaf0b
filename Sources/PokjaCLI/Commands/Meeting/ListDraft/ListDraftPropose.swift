import ArgumentParser

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft propose MEETING`: the first version of the list.
  struct Propose: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "propose", abstract: "Propose a meeting's invitation list (its first version).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @OptionGroup var entries: Pokja.MeetingGroup.ListDraft.Entries
    @Option(help: "Who must approve the list (a contact's ID or email); anyone when left out.")
    var approver: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let lists = services.invitationLists
      let report = try lists.propose(
        meeting: meeting, entries.text, approver: approver, limits: entries.limits,
        note: entries.note)
      try Pokja.MeetingGroup.ListDraft.print(
        report, lists: lists, output: output, services: services,
        language: environment.interfaceLanguage)
    }
  }
}
