import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.InboxGroup {
  /// `pokja inbox dismiss ID…`: takes entries off `inbox list` once dealt with.
  struct Dismiss: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "dismiss",
      abstract: "Mark replies from 'inbox list' as dealt with.",
      discussion: "The entries stay on record ('inbox list --all'); the mail is not touched.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entries' IDs, as 'inbox list' shows them.") var ids: [String]

    func validate() throws {
      guard !ids.isEmpty else { throw ValidationError("Name at least one entry ID.") }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let store = services.inboxStore
      var chosen: [InboxEntryID] = []
      for text in ids {
        guard let id = InboxEntryID(parsing: text), try store.inboxEntry(id) != nil else {
          throw InboxCommandError.entryNotFound(text)
        }
        chosen.append(id)
      }
      let dismissed = try store.dismissInboxEntries(
        chosen, at: environment.clock.now(), by: services.actor)
      let already = chosen.count - dismissed
      services.console.write(
        "Dismissed \(counted(dismissed, "entry", plural: "entries"))"
          + (already > 0 ? " (\(already) dismissed before)." : "."))
    }
  }
}
