import ArgumentParser
import PokjaAccess
import PokjaCore

extension Pokja.AccessGroup {
  /// `pokja access revoke CONTACT…`.
  struct Revoke: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke",
      abstract: "Take web access away: their browsers are signed out and unused links stop working."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Contacts (ID or email) or groups (@pleno).") var who: [String]

    func validate() throws {
      guard !who.isEmpty else { throw ValidationError("Name the contacts whose access to revoke.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let access = try services.access
      var people: [Contact] = []
      // Checked before anything changes: a typo in the third name revokes nobody. A group's
      // members without access are passed over.
      for reference in who {
        // A member who opted out after being given access loses it with the group too.
        let found = try services.directory.attendees(reference, includingOptedOut: true)
        if !reference.hasPrefix("@") {
          for person in found where try access.activeGrant(of: person.id) == nil {
            throw AccessError.notGranted(person.name)
          }
        }
        people += found
      }
      var revoked = 0
      for person in people where try access.revoke(person.id, by: services.actor) {
        revoked += 1
      }
      services.console.write("Access revoked for \(counted(revoked, "contact")).")
    }
  }
}
