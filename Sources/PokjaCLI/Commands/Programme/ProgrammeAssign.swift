import ArgumentParser
import PokjaScheduling

extension Pokja.ProgrammeGroup {
  /// `pokja programme assign SESSION ROLE CONTACT`: puts someone in a role.
  struct Assign: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "assign",
      abstract:
        "Put someone in a role in a session: chair, moderator, speaker, panellist, rapporteur.",
      discussion: """
        Name a contact by ID or email, or someone not in the directory with --guest NAME (and \
        --guest-org, --guest-email for their briefing). Someone already in the session changes \
        role. Roles can be typed in Indonesian too: ketua, narasumber, panelis, notulis.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The session's ID.") var session: String
    @Argument(help: "The role: chair, moderator, speaker, panellist or rapporteur.") var role:
      String
    @Argument(help: "The contact (ID or email); leave out with --guest.") var contact: String?
    @Option(help: "A guest's name, for someone not in the directory.") var guest: String?
    @Option(help: "The guest's organisation, as it should be printed.") var guestOrg: String?
    @Option(help: "The guest's email address, for their briefing.") var guestEmail: String?

    func validate() throws {
      if contact == nil && guest == nil {
        throw ValidationError("Name a contact (ID or email), or a guest with --guest NAME.")
      }
      if contact != nil && guest != nil {
        throw ValidationError("Name either a contact or --guest, not both.")
      }
      if guest == nil && (guestOrg != nil || guestEmail != nil) {
        throw ValidationError("--guest-org and --guest-email go with --guest NAME.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let role = try Pokja.ProgrammeGroup.role(self.role)
      let services = try Services(global, environment)
      let person: SessionPersonRequest =
        if let guest {
          .guest(name: guest, organisation: guestOrg, email: guestEmail)
        } else {
          .contact(contact ?? "")
        }
      let change = try services.scheduler.assign(person, as: role, to: session)
      Pokja.ProgrammeGroup.report(change, verb: "Changed", json: output.json, services: services)
    }
  }
}
