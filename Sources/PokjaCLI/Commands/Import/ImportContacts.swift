import ArgumentParser
import PokjaDirectory

extension Pokja.Import {
  /// `pokja import contacts FILE`: adds people from a spreadsheet or vCards, merging duplicates.
  struct Contacts: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "contacts",
      abstract:
        "Import contacts from CSV (Nama, Sapaan, Jabatan, Instansi, Email, No. HP, …) or vCards.",
      discussion: """
        A row with the same email, phone, or name in the same organisation as a contact already \
        in the directory (or an earlier row) is merged into it: existing values are kept, and new \
        addresses, numbers, organisations and tags are added. The organisation column is matched \
        by name or acronym; an unknown one is an error unless --create-orgs.
        """,
      aliases: ["kontak"])

    @OptionGroup var global: GlobalOptions
    @OptionGroup var arguments: ImportArguments
    @Flag(help: "Create organisations the directory does not know, instead of refusing the row.")
    var createOrgs = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let report = try services.directory.importContacts(
        try arguments.source(), options: try arguments.options(createOrganisations: createOrgs))
      ImportSummary(report).write(to: services.console, json: arguments.json)
    }
  }
}
