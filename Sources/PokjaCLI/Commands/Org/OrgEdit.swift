import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.OrgGroup {
  /// `pokja org edit ORG`: changes an organisation; the change log records what changed.
  struct Edit: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change an organisation (an empty value clears a field).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The organisation: ID, exact name or acronym.") var organisation: String
    @Option(help: "New name.") var name: String?
    @Option(help: "New acronym.") var acronym: String?
    @Option(help: "New kind.") var kind: String?
    @Option(help: "New parent organisation (\"\" for none).") var parent: String?
    @Option(help: "New region (\"nasional\" for national coverage).") var region: String?
    @Option(help: "New website.") var website: String?
    @Option(help: "New postal address.") var address: String?
    @Option(help: "New notes.") var notes: String?
    @Option(help: "Add a service; repeat.") var addService: [String] = []
    @Option(help: "Remove a service; repeat.") var removeService: [String] = []
    @Option(help: "Add a tag; repeat.") var addTag: [String] = []
    @Option(help: "Remove a tag; repeat.") var removeTag: [String] = []
    @Option(help: "Add an email address; repeat.") var addEmail: [String] = []
    @Option(help: "Remove an email address; repeat.") var removeEmail: [String] = []
    @Option(help: "Add a phone number; repeat.") var addPhone: [String] = []
    @Option(help: "Remove a phone number; repeat.") var removePhone: [String] = []

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      var edit = OrganisationEdit()
      edit.name = name
      edit.acronym = acronym
      edit.kind = kind
      edit.parent = parent
      edit.region = region
      edit.website = website
      edit.address = address
      edit.notes = notes
      edit.addServices = addService
      edit.removeServices = removeService
      edit.addTags = addTag
      edit.removeTags = removeTag
      edit.addEmails = addEmail
      edit.removeEmails = removeEmail
      edit.addPhones = addPhone
      edit.removePhones = removePhone
      let changed = try services.directory.editOrganisation(organisation, edit)
      for term in changed.newTerms {
        services.console.error("pokja: new vocabulary term \(term) (not a synonym of a known one)")
      }
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.OrganisationJSON(changed.record)))
      } else {
        services.console.write("Updated organisation \(changed.record.id): \(changed.record.name)")
      }
    }
  }
}
