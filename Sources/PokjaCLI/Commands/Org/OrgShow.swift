import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.OrgGroup {
  /// `pokja org show ORG`: one organisation with its people.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show an organisation with everything known about it and its people.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The organisation: ID, exact name or acronym.") var organisation: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let directory = services.directory
      let found = try directory.organisation(organisation)
      let members = try directory.members(of: found)
      let console = output.prose(services.console)
      if output.json {
        console.write(
          JSONOutput.encode(
            OrganisationDetailRecord(
              organisation: JSONOutput.OrganisationJSON(found),
              people: members.map { JSONOutput.ContactJSON($0, organisation: found) })))
        return
      }
      console.write("\(found.name)\(found.acronym.map { " (\($0))" } ?? "")  — ID \(found.id)")
      let parent = try found.parentID.map { try directory.organisation($0.description).name }
      let vocabulary = try directory.vocabulary()
      let language = services.environment.interfaceLanguage
      let lines: [(String, String?)] = [
        ("Kind", found.kind.map { vocabulary.label($0, in: .kind, language) }), ("Part of", parent),
        ("Region", found.region?.description ?? "nasional"),
        (
          "Services",
          found.services.map { vocabulary.label($0, in: .service, language) }
            .joined(separator: ", ").nilIfEmpty
        ),
        ("Tags", found.tags.joined(separator: ", ").nilIfEmpty),
        ("Email", found.emails.map(\.value).joined(separator: ", ").nilIfEmpty),
        ("Phone", found.phones.map(\.formatted).joined(separator: ", ").nilIfEmpty),
        ("Website", found.website), ("Address", found.address), ("Notes", found.notes),
      ]
      for (label, value) in lines {
        if let value {
          console.write("  \(label.padding(toLength: 9, withPad: " ", startingAt: 0)) \(value)")
        }
      }
      // Those who have left are named apart, with the day; the table is whom to call now.
      let today = directory.today.day
      let membership = { (contact: Contact) in
        contact.memberships.first { $0.organisationID == found.id }
      }
      let former = members.filter { membership($0)?.isCurrent(on: today) == false }
      if !former.isEmpty {
        let names = former.map { person in
          person.addressedName + (membership(person)?.until.map { " (left \($0))" } ?? "")
        }
        console.write("  Former    \(names.joined(separator: ", "))")
      }
      let current = members.filter { membership($0)?.isCurrent(on: today) != false }
      guard !current.isEmpty || output.csv else { return }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Role"),
        .init("Position", flexible: true),
        .init("Phone"), .init("Email", flexible: true),
      ])
      for member in current {
        let role = membership(member)?.role.rawValue
        table.add([
          member.id.description, member.addressedName, role, member.position,
          member.phone?.formatted, member.email.value,
        ])
      }
      console.write("")
      output.write(table, to: console)
    }
  }
}

/// `org show --json`: the organisation and its people.
struct OrganisationDetailRecord: Encodable {
  let organisation: JSONOutput.OrganisationJSON
  let people: [JSONOutput.ContactJSON]
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}
