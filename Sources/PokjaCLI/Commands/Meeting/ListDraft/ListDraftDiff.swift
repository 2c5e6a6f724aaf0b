import ArgumentParser
import PokjaScheduling

extension Pokja.MeetingGroup.ListDraft {
  /// `pokja meeting list-draft diff MEETING`: what changed between two versions.
  struct Diff: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff", abstract: "Show what changed between two versions of the list.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The meeting's ID.") var meeting: String
    @Option(help: "The older version; the one before --to when left out.") var from: Int?
    @Option(help: "The newer version; the latest when left out.") var to: Int?

    struct Record: Encodable {
      let from: Int
      let to: Int
      let addedEntries: [String]
      let removedEntries: [String]
      let addedPeople: [String]
      let removedPeople: [String]
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let lists = services.invitationLists
      let latest = try lists.report(meeting: meeting).version.number
      let to = self.to ?? latest
      let from = self.from ?? max(1, to - 1)
      let diff = try lists.diff(meeting: meeting, from: from, to: to)
      func person(_ listed: ListedPerson) -> String {
        listed.contact.name + (listed.organisation.map { " (\($0.shortName))" } ?? "")
      }
      let record = Record(
        from: from, to: to, addedEntries: try diff.addedEntries.map(lists.describe),
        removedEntries: try diff.removedEntries.map(lists.describe),
        addedPeople: diff.addedPeople.map(person), removedPeople: diff.removedPeople.map(person))
      if output.json {
        services.console.write(JSONOutput.encode(record))
        return
      }
      services.console.write(
        "Version \(from) → \(to), by \(diff.to.createdBy)" + (diff.to.note.map { ": \($0)" } ?? ""))
      for entry in record.addedEntries { services.console.write("  + \(entry)") }
      for entry in record.removedEntries { services.console.write("  - \(entry)") }
      if record.addedEntries.isEmpty && record.removedEntries.isEmpty {
        services.console.write("  The same entries.")
      }
      services.console.write("People:")
      for name in record.addedPeople { services.console.write("  + \(name)") }
      for name in record.removedPeople { services.console.write("  - \(name)") }
      if record.addedPeople.isEmpty && record.removedPeople.isEmpty {
        services.console.write("  The same people.")
      }
    }
  }
}
