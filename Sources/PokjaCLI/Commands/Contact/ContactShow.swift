import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.ContactGroup {
  /// `pokja contact show C`: everything known about one person.
  struct Show: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a contact with their organisations and every way to reach them.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The contact: ID or any of their emails.") var contact: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let directory = services.directory
      let found = try directory.contact(contact)
      let organisation = try found.organisationID.map { try directory.organisation($0.description) }
      let console = services.console
      if output.json {
        console.write(
          JSONOutput.encode(JSONOutput.ContactJSON(found, organisation: organisation)))
        return
      }
      console.write("\(found.addressedName)  — ID \(found.id)")
      var lines: [(String, String?)] = [("Position", found.position)]
      for membership in found.memberships {
        let name = try directory.organisation(membership.organisationID.description).name
        let dates = [membership.since.map { "since \($0)" }, membership.until.map { "left \($0)" }]
          .compactMap { $0 }.joined(separator: ", ")
        lines.append(
          (
            "Member of",
            "\(name) (\(membership.role.rawValue))" + (dates.isEmpty ? "" : ", \(dates)")
          ))
      }
      lines += [
        ("Email", found.emails.map(\.value).joined(separator: ", ")),
        ("Phone", found.phones.map(\.formatted).joined(separator: ", ").nilIfEmpty),
        ("WhatsApp", found.whatsapp?.formatted), ("Telegram", found.telegram.map { "@" + $0 }),
        ("Language", found.language == .indonesian ? "Bahasa Indonesia" : "English"),
        ("Tags", found.tags.joined(separator: ", ").nilIfEmpty),
        ("Contact", found.doNotContact ? "DO NOT CONTACT" : nil), ("Notes", found.notes),
      ]
      for (label, value) in lines {
        if let value {
          console.write("  \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(value)")
        }
      }
    }
  }
}
