import ArgumentParser
import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling

extension Pokja {
  /// `pokja log`: who changed what in the directory, and when.
  struct Log: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Show the directory's change log: who changed what, and when (newest first).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this contact's changes (ID or email).") var contact: String?
    @Option(help: "Only this organisation's changes (ID, name or acronym).") var org: String?
    @Option(help: "At most this many entries.") var limit = 50

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let entries = try services.directory.changes(
        organisation: org, contact: contact, limit: limit)
      let console = services.console
      let zone = services.config.timeZone
      if output.json {
        console.write(JSONOutput.encode(entries.map { ChangeRecord($0, zone: zone) }))
        return
      }
      guard !entries.isEmpty || output.csv else {
        console.write("No changes recorded yet.")
        return
      }
      var table = Table([
        .init("When"), .init("Who"), .init("What"), .init("Record", flexible: true),
        .init("Change", flexible: true),
      ])
      for entry in entries {
        table.add([
          // On a shared database, the account and the database role: "rina (db sekretariat)".
          DateTimeText.display(entry.at, in: zone),
          entry.actor + (entry.databaseUser.map { " (db \($0))" } ?? ""), entry.action.rawValue,
          "\(entry.entity.rawValue) \(entry.entityID) \(entry.name)", entry.summary,
        ])
      }
      output.write(table, to: console)
    }
  }
}

/// One `log --json` entry.
struct ChangeRecord: Encodable {
  let at: String
  let actor: String
  /// The database role on a shared database; absent on SQLite.
  let databaseUser: String?
  let entity: String
  let entityId: Int64
  let name: String
  let action: String
  let summary: String

  init(_ entry: ChangeEntry, zone: TimeZone) {
    at = LocalTime.isoWithOffset(entry.at, in: zone)
    actor = entry.actor
    databaseUser = entry.databaseUser
    entity = entry.entity.rawValue
    entityId = entry.entityID
    name = entry.name
    action = entry.action.rawValue
    summary = entry.summary
  }
}
