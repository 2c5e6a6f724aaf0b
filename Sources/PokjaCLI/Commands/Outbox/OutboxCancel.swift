import ArgumentParser
import PokjaCore

extension Pokja.OutboxGroup {
  /// `pokja outbox cancel ID`: withdraws a message that has not gone out.
  struct Cancel: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "cancel", abstract: "Withdraw a queued or given-up message; it is never sent.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's ID.") var id: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let message = try services.outboxMaintenance.cancel(id)
      services.console.write(
        "Message \(message.id) to \(message.destination.jsonRecipient) withdrawn: \(message.subject)"
      )
    }
  }
}
