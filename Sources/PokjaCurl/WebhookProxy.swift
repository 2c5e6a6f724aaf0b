import Foundation
import PokjaCore

/// The HTTP proxy webhooks go through (`[webhooks] proxy`, or `POKJA_WEBHOOK_PROXY` when it holds
/// a password). Only a proxy named here is used: `http_proxy`, `https_proxy`, `all_proxy` and
/// `no_proxy` in the environment are ignored for webhooks.
public struct WebhookProxy: Sendable, Hashable, CustomStringConvertible {
  /// The whole URL, with the user and password if any: given to libcurl, never printed.
  let url: String
  /// The URL as it may be shown: the password (if any) replaced by `***`.
  public let displayURL: String
  /// Whether the URL carries a password.
  public let hasPassword: Bool

  /// Why a proxy setting cannot be used. The text never holds the password.
  public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case scheme(String)
    case path(String)

    public var description: String {
      switch self {
      case .unreadable(let shown):
        "'\(shown)' is not a proxy URL such as \"http://proxy.example.go.id:3128\""
      case .scheme(let shown):
        "'\(shown)' is not an http:// or https:// proxy URL (such as \"http://proxy.example.go.id:3128\")"
      case .path(let shown):
        "'\(shown)' has a path or query; give only the scheme, host and port (\"http://proxy.example.go.id:3128\")"
      }
    }
  }

  /// Reads `http://[user[:password]@]host[:port]` or `https://…`.
  public init(url text: String) throws(Invalid) {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard !text.contains(where: { $0.isWhitespace || $0.isNewline }),
      let components = URLComponents(string: text)
    else { throw .unreadable(Self.redacted(text)) }
    let shown = Self.redacted(text, components)
    guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https"
    else { throw .scheme(shown) }
    guard let host = components.host, !host.isEmpty else { throw .unreadable(shown) }
    guard components.path.isEmpty || components.path == "/", components.query == nil,
      components.fragment == nil
    else { throw .path(shown) }
    url = text
    displayURL = shown
    hasPassword = components.password.map { !$0.isEmpty } ?? false
  }

  public var description: String { displayURL }

  /// `text` with its password, if any, replaced by `***`.
  static func redacted(_ text: String, _ parsed: URLComponents? = nil) -> String {
    guard let components = parsed ?? URLComponents(string: text),
      let password = components.percentEncodedPassword, !password.isEmpty,
      let range = text.range(of: ":\(password)@")
    else {
      // Unreadable: hide whatever sits between a ':' and the last '@' before the host.
      guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"),
        scheme.upperBound < at,
        let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
      else { return text }
      return text.replacingCharacters(in: text.index(after: colon)..<at, with: "***")
    }
    return text.replacingCharacters(in: range, with: ":***@")
  }
}

/// How one webhook POST leaves this machine.
enum WebhookRoute: Equatable, Sendable {
  /// Straight to the URL's host, with no proxy (not even the environment's). Unless private
  /// addresses are allowed, the address libcurl connected to is checked before anything is sent.
  case direct
  /// Through the proxy, which resolves the name (private addresses allowed); loopback goes direct.
  case proxy(WebhookProxy)
  /// Through the proxy, in a CONNECT tunnel to `address`: the host's address Pokja resolved and
  /// checked itself, so the proxy cannot be led anywhere else (no DNS rebinding in between).
  case pinned(WebhookProxy, address: String)

  /// Hosts that never go through the proxy (when private addresses are allowed).
  static let loopback = "localhost,127.0.0.0/8,::1"

  /// The route of `target`'s POSTs: direct without a proxy; with one, the destination's own
  /// addresses are resolved and checked here (the address libcurl connects to is the proxy's).
  static func of(
    _ target: WebhookTarget, proxy: WebhookProxy?, resolve: (String) -> [String]?
  ) throws(DeliveryFailure) -> WebhookRoute {
    guard let proxy else { return .direct }
    if target.allowPrivateAddresses { return .proxy(proxy) }
    guard var host = URLComponents(string: target.url)?.host, !host.isEmpty else {
      throw DeliveryFailure(
        .configuration, .badURL, "The webhook URL of channel '\(target.name)' names no host.",
        isLocal: true)
    }
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard let addresses = resolve(host), let first = addresses.first else {
      throw DeliveryFailure(
        .unreachable, .unreachable,
        "Could not resolve \(host), the host of the webhook of channel '\(target.name)'. Pokja "
          + "resolves it itself to check its address before asking the proxy \(proxy) to connect "
          + "there. Check the name; where only the proxy can resolve outside names, set "
          + "allow_private_webhooks = true under [webhooks] (nothing is checked then).",
        note: .messageStaysQueued)
    }
    if let refused = addresses.first(where: NetworkAddress.isPrivate) {
      throw WebhookTransfer.privateAddressRefusal(channel: target.name, address: refused)
    }
    return .pinned(proxy, address: first)
  }
}

extension CurlWebhookTransport {
  /// The system resolver (`getaddrinfo`): the numeric addresses of `host`, or nil when it has
  /// none.
  public static func systemResolve(_ host: String) -> [String]? {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
    defer { freeaddrinfo(list) }
    var addresses: [String] = []
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let current = entry {
      var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
      if let address = current.pointee.ai_addr,
        getnameinfo(
          address, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
          NI_NUMERICHOST) == 0
      {
        let text = String(
          decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !addresses.contains(text) { addresses.append(text) }
      }
      entry = current.pointee.ai_next
    }
    return addresses.isEmpty ? nil : addresses
  }
}
