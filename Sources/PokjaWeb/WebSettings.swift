import Foundation

/// How `pokja serve` is reached and what it trusts.
public struct WebSettings: Sendable {
  /// The address members use (`[web] url`, else `http://` and the listening address): links in
  /// pages, mails and feeds are made from it, and form posts must come from its origin.
  public var baseURL: URL
  /// Addresses of reverse proxies whose `X-Forwarded-For` is believed (`[web] trusted_proxies`);
  /// from anyone else it is ignored. (Links are made from `baseURL`, so no other forwarded header
  /// is needed.)
  public var trustedProxies: Set<String>
  /// Browsers signed in at once per lane of work: store connections the server keeps.
  public var lanes: Int
  /// Sign-in link requests allowed per client address in `signInWindow`.
  public var signInRequestsPerAddress = 5
  /// Sign-in link requests allowed per email address in `signInWindow`.
  public var signInRequestsPerEmail = 3
  /// Sign-in attempts (links followed and posted) per client address in `signInWindow`.
  public var signInAttemptsPerAddress = 20
  public var signInWindow: TimeInterval = 15 * 60
  /// The zone the agenda's weeks and months are counted in (`[calendar] time_zone`).
  public var timeZone = TimeZone(identifier: "Asia/Jakarta")!

  public init(baseURL: URL, trustedProxies: Set<String> = [], lanes: Int = 4) {
    self.baseURL = baseURL
    self.trustedProxies = trustedProxies
    self.lanes = max(1, lanes)
  }

  /// `https://host[:port]`: what an `Origin` header of a form post must say.
  public var origin: String {
    var text = "\(baseURL.scheme ?? "https")://\(baseURL.host ?? "")"
    if let port = baseURL.port { text += ":\(port)" }
    return text
  }

  /// The base URL without a trailing slash, to append paths to.
  public var base: String {
    let text = baseURL.absoluteString
    return text.hasSuffix("/") ? String(text.dropLast()) : text
  }

  /// Whether members reach the server over HTTPS (then it asks browsers to keep to it: HSTS).
  public var isHTTPS: Bool { baseURL.scheme == "https" }
}
