import ArgumentParser
import PokjaCore

extension Pokja.ContactGroup {
  /// `pokja contact list`: lists people.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List contacts.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let listings = try services.directory.contacts()
      if output.json {
        services.console.write(
          JSONOutput.encode(
            listings.map { JSONOutput.ContactJSON($0.contact, organisation: $0.organisation) }))
        return
      }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Organisation", flexible: true),
        .init("Email", flexible: true), .init("Phone"), .init("Lang"),
      ])
      for listing in listings {
        table.add([
          listing.contact.id.description, listing.contact.name, listing.organisation?.shortName,
          listing.contact.email.value, listing.contact.phone?.formatted,
          listing.contact.language.rawValue,
        ])
      }
      if listings.isEmpty && !output.csv {
        services.console.write(
          "No contacts yet. Add one with 'pokja contact add --name … --email …'.")
      } else {
        output.write(table, to: services.console)
      }
    }
  }
}
