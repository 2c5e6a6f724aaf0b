import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.ContactGroup {
  /// `pokja contact add`: adds a person.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a contact.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Full name, without honorific.") var name: String
    @Option(help: "How letters address them: Bapak, Ibu, Dr., …") var honorific: String?
    @Option(help: "Job title, e.g. \"Direktur Rehabilitasi Sosial\".") var position: String?
    @Option(
      help: "Organisation (ID, exact name or acronym); repeat for several, the main one first.")
    var org: [String] = []
    @Option(help: "Role in those organisations: head, focal-point or member (default member).")
    var role: String?
    @Option(help: "Member since this day (2024-01-15).") var since: String?
    @Option(help: "Member until this day (for someone who has left).") var until: String?
    @Option(
      help: "Email address (also names the contact later); repeat for several, the main one first.")
    var email: [String] = []
    @Option(help: "Phone number: 0812…, (021) 3103591 or +62…; repeat for several.")
    var phone: [String] = []
    @Option(help: "WhatsApp number.") var whatsapp: String?
    @Option(help: "Telegram user name.") var telegram: String?
    @Option(
      help: "Language of messages to this contact: id or en (default id).",
      completion: .list(["id", "en"])) var lang: String?
    @Option(help: "A tag; repeat or separate with commas.") var tag: [String] = []
    @Flag(help: "Never send this person anything.") var doNotContact = false
    @Option(help: "Notes.") var notes: String?

    func validate() throws {
      guard !email.isEmpty else {
        throw ValidationError("Give the contact's email with --email: invitations go there.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let directory = services.directory
      let contact = try directory.addContact(
        ContactInput(
          honorific: honorific, name: name, position: position, organisations: org, role: role,
          since: since, until: until, emails: email, phones: phone, whatsapp: whatsapp,
          telegram: telegram, language: lang,
          tags: tag, doNotContact: doNotContact, notes: notes))
      let organisation = try contact.organisationID.map {
        try directory.organisation($0.description)
      }
      if output.json {
        services.console.write(
          JSONOutput.encode(JSONOutput.ContactJSON(contact, organisation: organisation)))
      } else {
        let suffix = organisation.map { " (\($0.shortName))" } ?? ""
        services.console.write(
          "Added contact \(contact.id): \(contact.addressedName)\(suffix) <\(contact.email)>")
      }
    }
  }
}
