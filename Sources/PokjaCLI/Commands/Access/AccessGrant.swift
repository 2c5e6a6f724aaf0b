import ArgumentParser
import Foundation
import PokjaAccess
import PokjaCore
import PokjaNotifications

extension Pokja.AccessGroup {
  /// `pokja access grant CONTACT|@GROUP…`: access, and a sign-in link by mail.
  struct Grant: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "grant",
      abstract: "Give contacts (or a @group) access to the web pages and mail each a sign-in link.",
      discussion: """
        Run again to send someone a fresh link; their role stays unless --secretary or --member \
        changes it. --secretary also shows who replied to each meeting. Needs [web] url in the \
        configuration: the links point there.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Contacts (ID or email) or groups (@pleno).") var who: [String]
    @Flag(help: "Secretariat access: also the replies to each meeting.") var secretary = false
    @Flag(help: "Member access only (takes secretariat access away).") var member = false
    @Option(help: "How long the link works (default 30m; at most 7d).") var valid: String?

    func validate() throws {
      guard !(secretary && member) else {
        throw ValidationError("Give --secretary or --member, not both.")
      }
      guard !who.isEmpty else {
        throw ValidationError("Name the contacts (ID or email) or groups (@pleno) to give access.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let base = services.config.webURL?.absoluteString else {
        throw AccessError.noWebAddress
      }
      let lifetime = try valid.map { text throws(AccessError) -> TimeInterval in
        guard let span = try? TimeSpan(parsing: text), span.seconds > 0,
          span.seconds <= 7 * 86_400
        else { throw .invalidDuration(text) }
        return TimeInterval(span.seconds)
      }
      var seen: Set<ContactID> = []
      var people: [Contact] = []
      var optedOut: [String] = []
      for reference in who {
        // Opted-out members too, so they are named below rather than left out silently.
        for contact in try services.directory.attendees(reference, includingOptedOut: true)
        where seen.insert(contact.id).inserted {
          // Named alone, an opted-out contact is an error; in a group, passed over (and said).
          if contact.doNotContact {
            guard reference.hasPrefix("@") else { throw AccessError.optedOut(contact.name) }
            optedOut.append(contact.name)
            continue
          }
          people.append(contact)
        }
      }
      if !optedOut.isEmpty {
        services.console.error(
          "Passed over (asked not to receive messages): \(optedOut.joined(separator: ", ")).")
      }
      let access = try services.access
      let composer = try services.composer
      var drafts: [OutboundDraft] = []
      for person in people {
        // Without --secretary or --member a grant keeps the role it has (a fresh link for a
        // secretary keeps them one).
        let current = try access.activeGrant(of: person.id)?.role
        let role: AccessRole =
          secretary ? .secretary : member ? .member : current ?? .member
        try access.grant(person.id, role: role, by: services.actor)
        let (link, token) = try access.newSignInLink(for: person.id, lifetime: lifetime)
        drafts.append(
          try composer.signInLink(
            to: person, url: base + "/signin/" + token, expires: link.expiresAt,
            link: link.id.rawValue, zone: services.config.timeZone))
      }
      if !output.json {
        services.console.write(
          "Access given to \(counted(people.count, "contact"))"
            + (secretary ? " (secretariat)." : "."))
      }
      let report = try services.outbox().send(drafts, meeting: nil)
      try SendSummary(
        report: report, noun: "sign-in link", console: services.console,
        zone: services.config.timeZone
      ).render(json: output.json)
    }
  }
}
