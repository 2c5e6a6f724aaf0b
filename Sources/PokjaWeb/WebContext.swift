import Foundation
import Hummingbird
import NIOCore
import PokjaAccess
import PokjaCore

/// The signed-in person a request is made for.
public struct Viewer: Sendable {
  public var contact: Contact
  public var role: AccessRole
  public var session: WebSession
  /// The token this browser's forms carry (CSRF).
  public var formToken: String

  public var isSecretary: Bool { role == .secretary }
}

/// Pokja's request context: the peer's address and, once the session is checked, the viewer and
/// the language pages are written in.
public struct WebContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The address of the connection's other end (a proxy, when behind one).
  public let peer: String?
  /// The client's address: `peer`, or what a trusted proxy forwarded.
  public var client: String?
  public var viewer: Viewer?
  public var language: Language = .indonesian

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    peer = source.channel.remoteAddress?.ipAddress
    client = peer
  }

  /// Requests are small forms; anything bigger is refused.
  public var maxUploadSize: Int { 64 * 1024 }
}
