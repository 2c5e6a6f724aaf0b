import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.ContactGroup {
  /// `pokja contact merge A B`: folds duplicate B into A.
  struct Merge: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge",
      abstract: "Merge a duplicate contact B into A: A keeps its values and gains B's.",
      discussion: """
        A gains B's emails, phones, organisations and tags, and fields it lacks; B's meetings and \
        messages move to A; B is removed. The change log records both.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The contact to keep: ID or email.") var keep: String
    @Argument(help: "The duplicate to fold into it: ID or email.") var duplicate: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let directory = services.directory
      let merged = try directory.mergeContacts(keep: keep, other: duplicate)
      if output.json {
        let organisation = try merged.organisationID.map {
          try directory.organisation($0.description)
        }
        services.console.write(
          JSONOutput.encode(JSONOutput.ContactJSON(merged, organisation: organisation)))
      } else {
        services.console.write(
          "Merged into contact \(merged.id): \(merged.addressedName) <\(merged.email)>, "
            + "\(merged.emails.count) email(s), \(merged.phones.count) phone(s)")
      }
    }
  }
}
