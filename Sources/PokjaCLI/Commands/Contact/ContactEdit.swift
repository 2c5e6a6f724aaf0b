import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.ContactGroup {
  /// `pokja contact edit C`: changes a contact; the change log records what changed.
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change a contact (an empty value clears a field).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The contact: ID or any of their emails.") var contact: String
    @Option(help: "New name.") var name: String?
    @Option(help: "New honorific (Bapak, Ibu, …).") var honorific: String?
    @Option(help: "New position.") var position: String?
    @Option(
      help: "Role in the organisations added here (or, alone, in all): head, focal-point, member.")
    var role: String?
    @Option(help: "Add an organisation; repeat.") var addOrg: [String] = []
    @Option(help: "Remove an organisation (as if they had never belonged); repeat.")
    var removeOrg: [String] = []
    @Option(help: "They have left this organisation (the membership is kept, dated); repeat.")
    var leaveOrg: [String] = []
    @Option(help: "The day they left (with --leave-org; default today).") var until: String?
    @Option(help: "Member since this day, for the organisations added here.") var since: String?
    @Option(help: "Make this email the main one (added if new).") var mainEmail: String?
    @Option(help: "Add an email address; repeat.") var addEmail: [String] = []
    @Option(help: "Remove an email address; repeat.") var removeEmail: [String] = []
    @Option(help: "Add a phone number; repeat.") var addPhone: [String] = []
    @Option(help: "Remove a phone number; repeat.") var removePhone: [String] = []
    @Option(help: "New WhatsApp number.") var whatsapp: String?
    @Option(help: "New Telegram user name.") var telegram: String?
    @Option(help: "New message language: id or en.", completion: .list(["id", "en"])) var lang:
      String?
    @Option(help: "Add a tag; repeat.") var addTag: [String] = []
    @Option(help: "Remove a tag; repeat.") var removeTag: [String] = []
    @Flag(
      inversion: .prefixedEnableDisable,
      help: "Send this person nothing from now on (--enable-…), or again (--disable-…).")
    var doNotContact: Bool?
    @Flag(help: "The person opted out: send them nothing (same as --enable-do-not-contact).")
    var optOut = false
    @Flag(help: "The person opted in again (same as --disable-do-not-contact).") var optIn = false
    @Option(help: "New notes.") var notes: String?

    func validate() throws {
      if [optOut, optIn, doNotContact != nil].filter({ $0 }).count > 1 {
        throw ValidationError(
          "Give one of --opt-out, --opt-in, --enable-do-not-contact, --disable-do-not-contact.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      var edit = ContactEdit()
      edit.name = name
      edit.honorific = honorific
      edit.position = position
      edit.role = role
      edit.addOrganisations = addOrg
      edit.removeOrganisations = removeOrg
      edit.leaveOrganisations = leaveOrg
      edit.leaveDate = until
      edit.since = since
      edit.mainEmail = mainEmail
      edit.addEmails = addEmail
      edit.removeEmails = removeEmail
      edit.addPhones = addPhone
      edit.removePhones = removePhone
      edit.whatsapp = whatsapp
      edit.telegram = telegram
      edit.language = lang
      edit.addTags = addTag
      edit.removeTags = removeTag
      edit.doNotContact = optOut ? true : optIn ? false : doNotContact
      edit.notes = notes
      let directory = services.directory
      let changed = try directory.editContact(contact, edit)
      if output.json {
        let organisation = try changed.organisationID.map {
          try directory.organisation($0.description)
        }
        services.console.write(
          JSONOutput.encode(JSONOutput.ContactJSON(changed, organisation: organisation)))
      } else {
        services.console.write("Updated contact \(changed.id): \(changed.addressedName)")
      }
    }
  }
}
