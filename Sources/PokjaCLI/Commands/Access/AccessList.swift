import ArgumentParser
import Foundation
import PokjaAccess
import PokjaCore

extension Pokja.AccessGroup {
  /// `pokja access list`.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "Who has web access, since when, and when they last signed in.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Also those whose access was revoked.") var all = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let access = try services.access
      let grants = try access.store.accessGrants().filter { all || $0.isActive }
      // The newest sign-in of each, from the log (read once per grant).
      let lastSignIns = try grants.map { grant in
        try access.store.accessEvents(of: grant.contactID, limit: 1000)
          .first { $0.kind == .signedIn }?.at
      }
      let records = zip(grants, lastSignIns).map { grant, lastSignIn in
        let contact = try? services.directory.contact(grant.contactID.description)
        return AccessGrantRecord(
          grant, name: contact?.name ?? "?", email: contact?.email.value ?? "",
          lastSignIn: lastSignIn)
      }
      if output.json {
        services.console.write(JSONOutput.encode(records))
        return
      }
      guard !records.isEmpty else {
        services.console.write("Nobody has web access yet: 'pokja access grant CONTACT' gives it.")
        return
      }
      let zone = services.config.timeZone
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Role"), .init("Granted"),
        .init("Last sign-in"),
      ])
      for ((grant, record), lastSignIn) in zip(zip(grants, records), lastSignIns) {
        let role = grant.isActive ? grant.role.rawValue : "revoked"
        table.add([
          String(record.contactId), record.name, role,
          DateTimeText.display(grant.grantedAt, in: zone),
          lastSignIn.map { DateTimeText.display($0, in: zone) } ?? "never",
        ])
      }
      output.write(table, to: services.console)
    }
  }

  /// `pokja access log [CONTACT]`.
  struct AccessLog: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Sign-ins, refused links, grants, revocations and feeds, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Only this contact (ID or email).") var contact: String?
    @Option(help: "At most this many entries.") var limit = 50

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be greater than zero.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let access = try services.access
      let person = try contact.map { try services.directory.contact($0) }
      let events = try access.store.accessEvents(of: person?.id, limit: limit)
      var names: [ContactID: String] = [:]
      for id in Set(events.compactMap(\.contactID)) {
        names[id] = (try? services.directory.contact(id.description))?.name
      }
      let records = events.map { AccessEventRecord($0, name: $0.contactID.flatMap { names[$0] }) }
      if output.json {
        services.console.write(JSONOutput.encode(records))
        return
      }
      guard !events.isEmpty else {
        services.console.write("The access log is empty.")
        return
      }
      let zone = services.config.timeZone
      var table = Table([
        .init("When"), .init("What"), .init("Who", flexible: true), .init("From"),
        .init("Detail", flexible: true),
      ])
      for record in zip(events, records) {
        table.add([
          DateTimeText.display(record.0.at, in: zone), record.1.kind, record.1.name ?? "",
          record.1.address ?? "", record.1.detail ?? "",
        ])
      }
      output.write(table, to: services.console)
    }
  }
}
