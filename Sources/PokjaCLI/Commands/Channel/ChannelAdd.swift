import ArgumentParser
import PokjaCore
import PokjaNotifications

extension Pokja.ChannelGroup {
  /// `pokja channel add NAME --webhook URL`.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a webhook channel.",
      discussion: """
        The secret is never stored: --secret-env names the environment variable that holds it \
        (whsec_ followed by base64), which must be set now and whenever messages are sent. \
        Private and loopback addresses are refused unless the configuration says \
        allow_private_webhooks = true under [webhooks]. \
        Chat presets write the text of the webhook.EVENT.LANG templates ('pokja notify templates').
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A name for the channel (letters, digits, '-', '_', '.').") var name: String
    @Option(help: "The URL to POST to (http or https).") var webhook: String
    @Option(
      help: "json, slack, mattermost, discord, telegram or ntfy (default json).",
      completion: .list(WebhookPreset.allCases.map(\.rawValue)))
    var preset: String?
    @Option(help: "The environment variable holding the whsec_… signing secret.")
    var secretEnv: String?
    @Option(help: "Only these events, comma-separated (default: all).") var events: String?
    @Option(
      help: "Language of the chat text: id or en (default id).", completion: .list(["id", "en"]))
    var lang: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let name = try ChannelValidation.name(name)
      let preset = try ChannelValidation.preset(preset)
      let events = try ChannelValidation.events(events)
      let language = try lang.map { text in
        guard let language = Language(parsing: text) else {
          throw ValidationError("--lang must be id or en, not '\(text)'.")
        }
        return language
      }
      let url = try ChannelValidation.url(
        webhook, allowPrivate: services.config.allowPrivateWebhooks)
      if let secretEnv {
        try ChannelValidation.secret(variable: secretEnv, in: environment.variables)
      }
      let channel = try services.channelStore.addChannel(
        Channel(
          name: name, url: url.absoluteString, preset: preset, secretEnv: secretEnv,
          events: events, language: language ?? .indonesian, createdAt: environment.clock.now()))
      let signing: String =
        channel.secretEnv.map { ", signed with the secret in \($0)" } ?? ", unsigned"
      let which: String =
        channel.events.isEmpty
        ? "every event" : channel.events.map(\.rawValue).joined(separator: ", ")
      services.console.write(
        "Channel '\(channel.name)' added: \(channel.preset.rawValue) to \(channel.url)\(signing), \(which)."
      )
    }
  }
}
