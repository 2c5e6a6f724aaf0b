import ArgumentParser
import PokjaCore

extension Pokja.OrgGroup {
  /// `pokja org add`: adds an organisation.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(abstract: "Add an organisation.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Public name, e.g. \"Kementerian Sosial\".") var name: String
    @Option(help: "Short form people type, e.g. Kemensos.") var acronym: String?
    @Option(help: "What it is: ministry, agency, police, ngo, task-force, …") var kind: String?
    @Option(help: "General email address.") var email: String?
    @Option(help: "Phone number: 0812…, (021) 3103591 or +62…") var phone: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let organisation = try services.directory.addOrganisation(
        name: name, acronym: acronym, kind: kind, email: email, phone: phone)
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.OrganisationRecord(organisation)))
      } else {
        services.console.write("Added organisation \(organisation.id): \(organisation.name)")
      }
    }
  }
}
