import ArgumentParser
import PokjaNotifications

extension Pokja.ChannelGroup {
  /// `pokja channel list`.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the webhook channels.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let channels = try services.channelStore.channels()
      if output.json {
        services.console.write(JSONOutput.encode(channels.map(ChannelRecord.init)))
        return
      }
      if channels.isEmpty && !output.csv {
        services.console.write("No channels. Add one with: pokja channel add NAME --webhook URL")
        return
      }
      var table = Table([
        .init("Name"), .init("Preset"), .init("URL", flexible: true), .init("Secret"),
        .init("Events", flexible: true), .init("Lang"),
      ])
      for channel in channels {
        table.add([
          channel.name, channel.preset.rawValue, channel.url, channel.secretEnv ?? "-",
          channel.events.isEmpty ? "all" : channel.events.map(\.rawValue).joined(separator: ","),
          channel.language.rawValue,
        ])
      }
      output.write(table, to: services.console)
    }
  }
}
