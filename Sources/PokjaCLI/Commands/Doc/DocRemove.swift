import ArgumentParser
import Foundation
import PokjaScheduling

extension Pokja.DocGroup {
  /// `pokja doc remove NAME --meeting ID | --plan ID`.
  struct Remove: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
      abstract: "Take a document off a meeting or plan item.",
      discussion: """
        Its contents are deleted once no other meeting or plan item has the file and no message \
        waiting in the outbox carries it; invitations already sent are not recalled.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var owner: Pokja.DocGroup.Owner
    @Argument(help: "The document's name, or the start of its SHA-256.") var name: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let target = try owner.target(services)
      let removed = try services.documents.remove(name, from: target)
      if output.json {
        services.console.write(
          JSONOutput.encode(Pokja.DocGroup.DocumentRecord(removed, zone: services.config.timeZone)))
        return
      }
      services.console.write("Removed \(removed.filename) from \(target.label).")
    }
  }
}
