import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.ChannelGroup {
  /// `pokja channel test NAME`: one signed test event, sent now, not through the outbox.
  struct Test: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "test", abstract: "Send one signed test event to a channel now.",
      discussion: "Prints the HTTP status. Exit status 0 when the channel accepted it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var name: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      guard let channel = try services.channelStore.channel(named: name) else {
        throw ChannelError.notFound(name)
      }
      let now = environment.clock.now()
      let draft = try WebhookPublisher.draft(
        .test(channel: channel.name, at: now), details: nil, channel: channel,
        sender: services.config.mailFrom, templates: try services.templates())
      let message = OutboundMessage(draft, id: .unassigned, route: .webhook, at: now)
      var outcome: DeliveryOutcome?
      services.webhookTransport([channel]).deliver([message]) { event in
        if case .finished(_, let result) = event { outcome = result }
        return .proceed
      }
      switch outcome {
      case .delivered(let receipt)?:
        services.console.write("Channel '\(channel.name)' accepted the test event: \(receipt).")
      case .failed(let failure)?:
        // A test is not queued: nothing waits for a retry.
        var said = failure
        said.detail = failure.sentence
        said.note = .sentence("Nothing was queued (a test).")
        throw said
      case nil:
        throw DeliveryFailure(
          .temporary, .connectionLost, "Nothing was sent to channel '\(channel.name)'.")
      }
    }
  }
}
