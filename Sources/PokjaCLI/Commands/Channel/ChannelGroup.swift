import ArgumentParser
import Foundation
import PokjaNotifications

extension Pokja {
  /// `pokja channel …`: webhooks that get meeting events besides the mail.
  struct ChannelGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "channel",
      abstract: "Manage webhook channels (Slack, Mattermost, Discord, Telegram, ntfy, JSON).",
      discussion: """
        Every channel gets every event (meeting.created, meeting.updated, meeting.cancelled, \
        invitation.sent, reminder) unless added with --events. Events go through the outbox like \
        mail: retried, never sent twice, signed per Standard Webhooks when the channel has a secret.
        """,
      subcommands: [Add.self, List.self, Remove.self, Test.self])
  }
}

/// One channel as `channel list --json` prints it. Never the secret: only its variable's name.
struct ChannelRecord: Encodable {
  let id: Int64
  let name: String
  let url: String
  let preset: String
  let secretEnv: String?
  let events: [String]
  /// `id` or `en`: the language of the chat text.
  let language: String
  let createdAt: String

  init(_ channel: Channel) {
    id = channel.id.rawValue
    name = channel.name
    url = channel.url
    preset = channel.preset.rawValue
    secretEnv = channel.secretEnv
    events = channel.events.map(\.rawValue)
    language = channel.language.rawValue
    createdAt = ISO8601DateFormatter().string(from: channel.createdAt)
  }
}
