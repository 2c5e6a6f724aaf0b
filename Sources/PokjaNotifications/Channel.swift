import Foundation
import PokjaCore

/// A channel's row number in the store.
public typealias ChannelID = EntityID<Channel>

/// Where events go besides mail: a webhook URL, the shape its body takes (`preset`) and, optionally,
/// the name of the environment variable holding its signing secret. The secret itself is never stored.
public struct Channel: Identifiable, Hashable, Sendable {
  /// `.unassigned` until the store adds it.
  public var id: ChannelID
  public var name: String
  public var url: String
  public var preset: WebhookPreset
  /// The environment variable that holds the `whsec_…` secret; nil: deliveries are not signed.
  public var secretEnv: String?
  /// The events it gets; empty means every event.
  public var events: [WebhookEventType]
  /// The language of the chat text (presets other than `json`).
  public var language: Language
  public var createdAt: Date

  public init(
    id: ChannelID = .unassigned, name: String, url: String, preset: WebhookPreset,
    secretEnv: String?,
    events: [WebhookEventType], language: Language = .indonesian, createdAt: Date
  ) {
    self.id = id
    self.name = name
    self.url = url
    self.preset = preset
    self.secretEnv = secretEnv
    self.events = events
    self.language = language
    self.createdAt = createdAt
  }

  /// Whether this channel gets events of `type`.
  public func wants(_ type: WebhookEventType) -> Bool { events.isEmpty || events.contains(type) }
}

/// How an event is written for the receiving service.
public enum WebhookPreset: String, Sendable, Codable, CaseIterable {
  /// The event itself, as JSON.
  case json
  case slack
  case mattermost
  case discord
  case telegram
  /// Plain text with a `Title` header (ntfy.sh).
  case ntfy

  /// The Content-Type of the body.
  public var contentType: String {
    self == .ntfy ? "text/plain; charset=utf-8" : "application/json"
  }

  /// Whether the title goes in a `Title` header (ntfy.sh reads it there; the body is the text).
  public var sendsTitleHeader: Bool { self == .ntfy }
}

/// The events Pokja publishes.
public enum WebhookEventType: String, Sendable, Codable, CaseIterable {
  case meetingCreated = "meeting.created"
  case meetingUpdated = "meeting.updated"
  case meetingCancelled = "meeting.cancelled"
  case invitationSent = "invitation.sent"
  case reminder = "reminder"
  /// An attendee answered (an RSVP link, or `pokja rsvp`).
  case replyReceived = "reply.received"
  /// `pokja channel test`: never queued.
  case test = "test"

  /// The events a channel may subscribe to with `--events`.
  public static var subscribable: [WebhookEventType] { allCases.filter { $0 != .test } }
}

/// What a channel store must do. Live: `SQLiteStore` in PokjaPersistence.
public protocol ChannelStore: Sendable {
  /// Adds a channel (validated by `ChannelValidation` first) and returns it with its ID; throws
  /// `ChannelError.duplicate` when the name (any case) is taken.
  func addChannel(_ channel: Channel) throws -> Channel
  /// Every channel, by name.
  func channels() throws -> [Channel]
  /// The channel with this name (any case), or nil.
  func channel(named name: String) throws -> Channel?
  /// Removes a channel and withdraws its messages not sent (queued, being sent, given up), in one
  /// transaction; nil when there was no such channel, else how many were withdrawn.
  func removeChannel(named name: String) throws -> Int?
}

/// Why a channel could not be added, found or used.
public enum ChannelError: Error, Equatable, Sendable, LocalizedError {
  case unknownPreset(String)
  case unknownEvent(String)
  case invalidName(String)
  case invalidURL(String, String)
  case privateAddress(String, String)
  case missingSecret(String)
  case invalidSecret(String)
  case duplicate(String)
  case notFound(String)

  /// Malformed input (exit 64) rather than input the data or the environment refuses (65).
  public var isUsageError: Bool {
    switch self {
    case .unknownPreset, .unknownEvent, .invalidName, .invalidURL: true
    default: false
    }
  }

  public var errorDescription: String? {
    switch self {
    case .unknownPreset(let value):
      "Unknown preset '\(value)'; use one of: "
        + WebhookPreset.allCases.map(\.rawValue).joined(separator: ", ") + "."
    case .unknownEvent(let value):
      "Unknown event '\(value)'; use one of: "
        + WebhookEventType.subscribable.map(\.rawValue).joined(separator: ", ") + "."
    case .invalidName(let value):
      "'\(value)' cannot name a channel: use letters, digits, '-', '_' or '.' (at most 64)."
    case .invalidURL(let value, let why):
      "'\(value)' is not a webhook URL: \(why)."
    case .privateAddress(let url, let host):
      "The webhook URL \(url) points to \(host), a private, loopback or reserved address; Pokja refuses those "
        + "unless the configuration says allow_private_webhooks = true under [webhooks]."
    case .missingSecret(let variable):
      "The environment variable \(variable) (--secret-env) is not set; set it to the channel's "
        + "whsec_… secret and try again."
    case .invalidSecret(let variable):
      "The environment variable \(variable) does not hold a Standard Webhooks secret: it must be "
        + "'whsec_' followed by base64."
    case .duplicate(let name): "A channel named '\(name)' exists already."
    case .notFound(let name): "No channel named '\(name)'; see 'pokja channel list'."
    }
  }
}

/// Checks what `channel add` is given, before anything is stored.
public enum ChannelValidation {
  /// Parses `--preset`.
  public static func preset(_ text: String?) throws(ChannelError) -> WebhookPreset {
    guard let text else { return .json }
    guard let preset = WebhookPreset(rawValue: text.lowercased()) else {
      throw .unknownPreset(text)
    }
    return preset
  }

  /// Parses `--events a,b`.
  public static func events(_ text: String?) throws(ChannelError) -> [WebhookEventType] {
    guard let text else { return [] }
    var events: [WebhookEventType] = []
    for part in text.split(separator: ",") {
      let name = part.trimmingCharacters(in: .whitespaces).lowercased()
      guard let event = WebhookEventType(rawValue: name), event != .test else {
        throw .unknownEvent(String(part))
      }
      if !events.contains(event) { events.append(event) }
    }
    guard !events.isEmpty else { throw .unknownEvent(text) }
    return events
  }

  public static func name(_ text: String) throws(ChannelError) -> String {
    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
    guard !text.isEmpty, text.count <= 64, text.unicodeScalars.allSatisfy(allowed.contains)
    else { throw .invalidName(text) }
    return text
  }

  /// An http or https URL with a host and no user or password in it; private and loopback hosts are
  /// refused unless `allowPrivate`.
  public static func url(_ text: String, allowPrivate: Bool) throws(ChannelError) -> URL {
    guard !text.contains(where: { $0.isWhitespace || $0.isNewline }),
      let components = URLComponents(string: text), let url = components.url
    else { throw .invalidURL(text, "it cannot be read as a URL") }
    guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https"
    else { throw .invalidURL(text, "only http:// and https:// are allowed") }
    guard let host = components.host, !host.isEmpty else {
      throw .invalidURL(text, "it names no host")
    }
    guard components.user == nil, components.password == nil else {
      throw .invalidURL(text, "put no user or password in it")
    }
    if !allowPrivate && isPrivate(host: host) { throw .privateAddress(text, host) }
    return url
  }

  /// Whether `host` is `localhost` or a literal private, loopback or reserved address
  /// (`NetworkAddress.isPrivate`). Names are resolved only when a webhook connects: the transport
  /// then refuses a name that leads to such an address.
  public static func isPrivate(host: String) -> Bool { NetworkAddress.isPrivate(host) }

  /// Checks that the secret variable is set and holds `whsec_<base64>`; the value is not returned.
  public static func secret(variable: String, in variables: [String: String]) throws(ChannelError) {
    guard let value = variables[variable], !value.isEmpty else { throw .missingSecret(variable) }
    guard WebhookSecret.key(from: value) != nil else { throw .invalidSecret(variable) }
  }
}

/// Standard Webhooks secrets: `whsec_` followed by the base64 of the key.
public enum WebhookSecret {
  /// The key bytes of `secret`, or nil when it is not `whsec_<base64>`.
  public static func key(from secret: String) -> [UInt8]? {
    guard secret.hasPrefix("whsec_") else { return nil }
    guard let data = Data(base64Encoded: String(secret.dropFirst(6))), !data.isEmpty else {
      return nil
    }
    return Array(data)
  }
}

/// What a channel needs when its messages are sent, by pokja's rules: the signing secret, read from
/// the environment variable the channel names at that moment (never stored), and why nothing may be
/// sent to it now — the secret missing, or the URL leading to a private address that the
/// configuration does not allow. The composition root hands this to the webhook transport.
public struct ChannelDelivery: Sendable {
  public var channel: Channel
  /// The `whsec_…` secret; nil when the channel signs nothing (or cannot be sent to).
  public var secret: String?
  /// Why its messages stay queued instead of being sent.
  public var refusal: DeliveryFailure?

  /// Applies the rules to `channel` with the process's `variables`; `allowPrivate` is
  /// `[webhooks] allow_private_webhooks`.
  public init(_ channel: Channel, variables: [String: String], allowPrivate: Bool) {
    self.channel = channel
    if let variable = channel.secretEnv {
      let value = variables[variable] ?? ""
      if WebhookSecret.key(from: value) == nil {
        refusal = DeliveryFailure(
          .configuration, .secretMissing,
          "The signing secret of channel '\(channel.name)' is missing: set \(variable) to its "
            + "whsec_… secret.", note: .messagesStayQueued, isLocal: true)
      } else {
        secret = value
      }
    }
    do {
      _ = try ChannelValidation.url(channel.url, allowPrivate: allowPrivate)
    } catch {
      let reason: DeliveryFailure.Reason
      if case .privateAddress = error { reason = .privateAddress } else { reason = .badURL }
      refusal = DeliveryFailure(
        .configuration, reason, error.localizedDescription,
        note: .messagesStayQueued, isLocal: true)
    }
  }
}
