import ArgumentParser

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft show MEETING`: a version with its people and counts.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract:
        "Show a version of the list: its people, the counts per organisation, province and balance, the comments."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "Which version; the latest when left out.") var version: Int?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let lists = services.invitationLists
      try Pokja.MeetingGroup.ListDraft.print(
        try lists.report(meeting: meeting, version: version), lists: lists, output: output,
        services: services, language: environment.interfaceLanguage)
    }
  }
}
