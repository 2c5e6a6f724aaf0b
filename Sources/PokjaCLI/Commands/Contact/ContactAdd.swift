import ArgumentParser
import PokjaCore

extension Pokja.ContactGroup {
  /// `pokja contact add`: adds a person.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(abstract: "Add a contact.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Full name, without honorific.") var name: String
    @Option(help: "Organisation: its ID, exact name or acronym.") var org: String?
    @Option(help: "Email address (also names the contact later).") var email: String
    @Option(help: "Phone number: 0812…, (021) 3103591 or +62…") var phone: String?
    @Option(help: "Language of messages to this contact: id or en (default id).") var lang: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let directory = services.directory
      let contact = try directory.addContact(
        name: name, organisation: org, email: email, phone: phone, language: lang)
      let organisation = try contact.organisationID.map {
        try directory.organisation($0.description)
      }
      if output.json {
        services.console.write(
          JSONOutput.encode(JSONOutput.ContactRecord(contact, organisation: organisation)))
      } else {
        let suffix = organisation.map { " (\($0.shortName))" } ?? ""
        services.console.write(
          "Added contact \(contact.id): \(contact.name)\(suffix) <\(contact.email)>")
      }
    }
  }
}
