import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.OrgGroup {
  /// `pokja org list`: lists organisations.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List organisations.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let organisations = try services.directory.organisations()
      if output.json {
        services.console.write(
          JSONOutput.encode(organisations.map(JSONOutput.OrganisationJSON.init)))
        return
      }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Acronym"), .init("Kind"),
        .init("Region", flexible: true), .init("Services", flexible: true), .init("Phone"),
      ])
      // Kinds and services in the reader's language; CSV keeps the stored terms for programs.
      let vocabulary = try services.directory.vocabulary()
      let language: Language = output.csv ? .english : services.environment.interfaceLanguage
      let label = { (id: String, category: Vocabulary.Category) in
        output.csv ? id : vocabulary.label(id, in: category, language)
      }
      for organisation in organisations {
        table.add([
          organisation.id.description, organisation.name, organisation.acronym,
          organisation.kind.map { label($0, .kind) },
          organisation.region?.description ?? "nasional",
          organisation.services.map { label($0, .service) }.joined(separator: ", "),
          organisation.phone?.formatted,
        ])
      }
      if organisations.isEmpty && !output.csv {
        services.console.write("No organisations yet. Add one with 'pokja org add --name …'.")
      } else {
        output.write(table, to: services.console)
      }
    }
  }
}
