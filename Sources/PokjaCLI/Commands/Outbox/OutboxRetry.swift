import ArgumentParser
import PokjaCore

extension Pokja.OutboxGroup {
  /// `pokja outbox retry ID|--all`: makes waiting or given-up messages due now.
  struct Retry: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "retry",
      abstract: "Make a queued or given-up message due now (or all of them with --all).",
      discussion: "The next 'outbox send' (or 'remind --due') delivers them; attempts start again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The message's ID.") var id: String?
    @Flag(help: "Every queued and given-up message.") var all = false

    func validate() throws {
      guard (id == nil) != (!all) else {
        throw ValidationError("Name one message ID, or --all.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      if all {
        let count = try services.outboxMaintenance.retryAll()
        services.console.write(
          "\(counted(count, "message")) due now. Send them with: pokja outbox send")
      } else if let id {
        try services.outboxMaintenance.retry(id)
        services.console.write("Message \(id) is due now. Send it with: pokja outbox send")
      }
    }
  }
}
