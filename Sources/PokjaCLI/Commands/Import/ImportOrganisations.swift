import ArgumentParser
import PokjaDirectory

extension Pokja.Import {
  /// `pokja import organisations FILE`: adds or updates organisations from a spreadsheet.
  struct Organisations: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "organisations",
      abstract: "Import organisations from CSV (Nama, Singkatan, Jenis, Induk, Provinsi, …).",
      discussion: """
        An organisation with the same name or acronym as one in the directory is updated: fields \
        it lacks are filled in, and services, tags, emails and phones are added. Kinds and \
        services are read through the vocabulary; words it does not know become new terms and \
        are reported.
        """,
      aliases: ["orgs", "organizations", "lembaga"])

    @OptionGroup var global: GlobalOptions
    @OptionGroup var arguments: ImportArguments

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let report = try services.directory.importOrganisations(
        try arguments.source(), options: try arguments.options())
      ImportSummary(report).write(to: services.console, json: arguments.json)
    }
  }
}
