import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.ContactGroup {
  /// `pokja contact rm C`: removes a contact who is not invited to any meeting.
  struct Remove: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "rm",
      abstract:
        "Remove a contact (not one invited to meetings: mark them with contact edit --opt-out instead)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The contact: ID or any of their emails.") var contact: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let removed = try services.directory.removeContact(contact)
      if output.json {
        services.console.write(
          JSONOutput.encode(JSONOutput.ContactJSON(removed, organisation: nil)))
      } else {
        services.console.write("Removed contact \(removed.id): \(removed.name) <\(removed.email)>")
      }
    }
  }
}
