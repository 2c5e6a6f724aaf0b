import ArgumentParser
import Foundation
import PokjaCore

extension Pokja.OutboxGroup {
  /// `pokja outbox purge --sent-before DATE`: deletes old sent and withdrawn messages.
  struct Purge: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "purge",
      abstract: "Delete sent and withdrawn messages from before a date (queued and dead stay).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Delete those sent (or withdrawn) before this day, e.g. 2026-06-30.")
    var sentBefore: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let day = try Validate.day(sentBefore, field: "--sent-before")
      let date = try DateTimeText.parse(day, in: services.config.timeZone)
      let count = try services.outboxMaintenance.purge(before: date)
      services.console.write(
        "Deleted \(counted(count, "message")) sent or withdrawn before \(day).")
    }
  }
}
