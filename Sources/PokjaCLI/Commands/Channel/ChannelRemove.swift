import ArgumentParser
import PokjaNotifications

extension Pokja.ChannelGroup {
  /// `pokja channel rm NAME`.
  struct Remove: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "rm",
      abstract: "Remove a webhook channel; its unsent messages are withdrawn.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var name: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let withdrawn = try services.channelStore.removeChannel(named: name) else {
        throw ChannelError.notFound(name)
      }
      services.console.write(
        "Channel '\(name)' removed"
          + (withdrawn > 0 ? "; \(counted(withdrawn, "unsent message")) withdrawn." : "."))
    }
  }
}
