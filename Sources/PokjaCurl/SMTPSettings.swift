import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where and how to reach the SMTP server: parsed from `smtp://user@host:port` (STARTTLS, port 587 by
/// default) or `smtps://user@host:port` (TLS from the first byte, port 465 by default).
///
/// The password never comes from the URL (a URL holding one is rejected): it comes from
/// `POKJA_SMTP_PASSWORD`, lives only in memory, and `description`, `debugDescription` and `customMirror`
/// (hence `print`, `dump`, string interpolation) show only whether it is set.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// How TLS is reached.
  public enum Scheme: String, Sendable, Equatable, CaseIterable {
    /// `smtp://`: plain connection upgraded with STARTTLS (required unless the host is loopback).
    case smtp
    /// `smtps://`: TLS from the first byte ("implicit TLS").
    case smtps

    /// 587 (submission) for `smtp`, 465 for `smtps`.
    public var defaultPort: Int { self == .smtp ? 587 : 465 }
  }

  /// The server's address for libcurl: `smtp://host:port`, never with a user or password in it.
  public let url: URL
  public let scheme: Scheme
  /// The host name or IP address, lower-cased, without brackets around an IPv6 address.
  public let host: String
  public let port: Int
  /// The login name (percent-decoded from the URL), or nil to send without logging in.
  public var username: String?
  /// The login password, from `POKJA_SMTP_PASSWORD`. An empty string counts as not set.
  public var password: String? {
    didSet { if password?.isEmpty == true { password = nil } }
  }
  /// Where the password comes from, for messages: `POKJA_SMTP_PASSWORD` (the variable's name) or
  /// `the password file /etc/pokja/smtp-password`.
  public var passwordSource = "POKJA_SMTP_PASSWORD"
  /// A PEM file of CA certificates to trust instead of the system's (for a private or self-signed server).
  public var caFile: String?
  /// How long to wait for the connection: TCP, TLS, the greeting, EHLO, STARTTLS and the login
  /// (`[smtp] connect_timeout`).
  public var connectTimeout: Duration = .seconds(15)
  /// A transfer slower than this many bytes a second for `lowSpeedTime` is given up
  /// (`[smtp] low_speed_limit`). There is no limit on the whole: a 20 MB invitation over a slow
  /// office line takes as long as it takes, as long as it moves.
  public var lowSpeedLimit: Int = 1024
  /// How long an upload may stay under `lowSpeedLimit` (`[smtp] low_speed_time`) before the message
  /// is given back to the queue.
  public var lowSpeedTime: Duration = .seconds(120)
  /// How long the server may take to answer one command, and to accept a message it has whole
  /// (`[smtp] reply_timeout`; RFC 5321 §4.5.3.2 asks clients to wait up to 10 minutes for that).
  public var replyTimeout: Duration = .seconds(600)

  /// Whether everything must go over TLS: true for every host that is not loopback (`127.0.0.0/8`, `::1`,
  /// `localhost`). On loopback STARTTLS is still used whenever the server offers it.
  public var requireTLS: Bool { !Self.isLoopback(host) }

  /// `host:port`, with brackets around an IPv6 address: for messages.
  public var hostAndPort: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  /// `smtp://host:port`: safe to show (no user, no password).
  public var destination: String { "\(scheme.rawValue)://\(hostAndPort)" }

  /// Parses `url` (`smtp://user@host:port` or `smtps://user@host:port`; the user and port are optional).
  ///
  /// - Parameters:
  ///   - url: The SMTP URL. A user name containing `@` may be written as is or as `%40`.
  ///   - password: The password, normally from `POKJA_SMTP_PASSWORD`; empty counts as nil.
  ///   - caFile: A PEM CA bundle to trust, normally from `POKJA_SMTP_CA_FILE`; empty counts as nil.
  /// - Throws: `SMTPSettingsError` saying what is wrong and how to fix it; never echoing a password.
  public init(url text: String, password: String?, caFile: String?) throws(SMTPSettingsError) {
    let parsed = try Self.parse(text)
    scheme = parsed.scheme
    host = parsed.host
    port = parsed.port
    username = parsed.username
    self.password = (password?.isEmpty ?? true) ? nil : password
    self.caFile = (caFile?.isEmpty ?? true) ? nil : caFile
    var components = URLComponents()
    components.scheme = parsed.scheme.rawValue
    components.host = parsed.host.contains(":") ? "[\(parsed.host)]" : parsed.host
    components.port = parsed.port
    guard let url = components.url else { throw .invalidHost(url: parsed.redacted) }
    self.url = url
  }

  // MARK: Never print the password

  public var description: String {
    var parts = [destination]
    if let username { parts.append("user: \(username)") }
    parts.append("password: \(password == nil ? "not set" : "set (hidden)")")
    if let caFile { parts.append("caFile: \(caFile)") }
    return "SMTPSettings(\(parts.joined(separator: ", ")))"
  }

  public var debugDescription: String {
    description.dropLast()
      + ", connectTimeout: \(connectTimeout), lowSpeedLimit: \(lowSpeedLimit) B/s for \(lowSpeedTime)"
      + ", replyTimeout: \(replyTimeout)"
      + ", requireTLS: \(requireTLS))"
  }

  public var customMirror: Mirror {
    Mirror(
      self,
      children: [
        "url": url as Any,
        "username": username as Any,
        "password": (password == nil ? "not set" : "set (hidden)") as Any,
        "caFile": caFile as Any,
        "connectTimeout": connectTimeout as Any,
        "lowSpeedLimit": lowSpeedLimit as Any,
        "lowSpeedTime": lowSpeedTime as Any,
        "replyTimeout": replyTimeout as Any,
        "requireTLS": requireTLS as Any,
      ],
      displayStyle: .struct)
  }

  // MARK: Loopback

  /// Whether `host` is a loopback address: `localhost`, `127.0.0.0/8`, `::1` (also `::ffff:127.x.y.z`).
  public static func isLoopback(_ host: String) -> Bool {
    var name = host.lowercased()
    if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
    if name.hasSuffix(".") { name = String(name.dropLast()) }
    if name == "localhost" { return true }
    var v4 = in_addr()
    if inet_pton(AF_INET, name, &v4) == 1 {
      return withUnsafeBytes(of: &v4) { $0[0] == 127 }
    }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, name, &v6) == 1 {
      return withUnsafeBytes(of: &v6) { bytes in
        if bytes.prefix(15).allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
        // IPv4-mapped ::ffff:127.x.y.z
        return bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF
          && bytes[12] == 127
      }
    }
    return false
  }

  // MARK: Parsing

  private struct Parsed {
    var scheme: Scheme
    var host: String
    var port: Int
    var username: String?
    /// The input with any password replaced, for error messages.
    var redacted: String
  }

  private static func parse(_ raw: String) throws(SMTPSettingsError) -> Parsed {
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw .empty }
    guard let schemeEnd = text.range(of: "://") else {
      // Without a scheme we cannot tell a password from a port; show nothing of the input after a colon.
      throw .missingScheme(url: redactWithoutScheme(text))
    }
    let schemeText = String(text[..<schemeEnd.lowerBound])
    let rest = text[schemeEnd.upperBound...]
    // The user information is everything before the LAST "@", even if it holds "/", "?" or "#" (a
    // password may): an SMTP URL has no other use for "@", so nothing of a password can leak into the
    // host, port or path checked below.
    var userinfo: Substring? = nil
    var afterUser = rest
    if let at = rest.lastIndex(of: "@") {
      userinfo = rest[..<at]
      afterUser = rest[rest.index(after: at)...]
    }
    let authorityEnd =
      afterUser.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterUser.endIndex
    let hostPort = afterUser[..<authorityEnd]
    let tail = String(afterUser[authorityEnd...])
    let user = userinfo.map { info in
      info.firstIndex(of: ":").map { info[..<$0] } ?? info
    }
    let redacted: String = {
      guard let userinfo else { return text }
      let shownUser = user.map(String.init) ?? ""
      let shownInfo = userinfo.contains(":") ? "\(shownUser):•••" : shownUser
      return "\(schemeText)://\(shownInfo)@\(hostPort)\(tail)"
    }()
    let withoutPassword = "\(schemeText)://\(user.map { "\($0)@" } ?? "")\(hostPort)\(tail)"

    // A password in the URL is refused first, whatever else is wrong, so it is never echoed.
    if let userinfo, userinfo.contains(":") {
      throw .passwordInURL(urlWithoutPassword: withoutPassword)
    }

    guard let scheme = Scheme(rawValue: schemeText.lowercased()) else {
      throw .unsupportedScheme(schemeText, url: redacted)
    }
    guard tail.isEmpty || tail == "/" else { throw .unexpectedPath(url: redacted) }

    var username: String? = nil
    if let user {
      guard !user.isEmpty, let decoded = String(user).removingPercentEncoding, !decoded.isEmpty
      else { throw .invalidUsername(url: redacted) }
      guard !decoded.contains(where: { $0.isNewline || $0 == "\0" }) else {
        throw .invalidUsername(url: redacted)
      }
      username = decoded
    }

    let address: (host: String, port: Int?)
    do throws(ServerAddress.Problem) {
      address = try ServerAddress.parse(hostPort)
    } catch {
      switch error {
      case .invalidHost: throw .invalidHost(url: redacted)
      case .missingHost: throw .missingHost(url: redacted)
      case .invalidPort(let text): throw .invalidPort(text, url: redacted)
      }
    }
    let host = address.host
    let port = address.port ?? scheme.defaultPort
    return Parsed(
      scheme: scheme, host: host, port: port, username: username, redacted: redacted)
  }

  /// For input without `://`: keep what precedes the first colon (`user@host`), hide the rest.
  private static func redactWithoutScheme(_ text: String) -> String {
    guard let at = text.lastIndex(of: "@") else { return text.count > 80 ? "…" : text }
    let before = text[..<at]
    if before.contains(":") {
      let user = before[..<before.firstIndex(of: ":")!]
      return "\(user):•••\(text[at...])"
    }
    return text
  }
}

/// Why an SMTP URL was refused. Every message says what is wrong and how to fix it, and none contains a
/// password: a URL with one is shown with the password removed.
public enum SMTPSettingsError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
  /// No URL at all.
  case empty
  /// `user:password@` in the URL. `urlWithoutPassword` is the same URL without it.
  case passwordInURL(urlWithoutPassword: String)
  /// Not `smtp://…` or `smtps://…`.
  case missingScheme(url: String)
  case unsupportedScheme(String, url: String)
  case missingHost(url: String)
  case invalidHost(url: String)
  case invalidPort(String, url: String)
  case invalidUsername(url: String)
  /// A path, query or fragment after the host.
  case unexpectedPath(url: String)

  public var errorDescription: String? {
    switch self {
    case .empty:
      return
        "The SMTP URL is empty. Give it as smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS)."
    case .passwordInURL(let url):
      return
        "The SMTP URL must not contain a password. Write it without one (\(url)) and put the password "
        + "in the environment variable POKJA_SMTP_PASSWORD instead, so it stays out of configuration "
        + "files, shell history and logs."
    case .missingScheme(let url):
      return
        "'\(url)' is not an SMTP URL: write smtp://user@host:587 for STARTTLS, or smtps://user@host:465 "
        + "for TLS from the start."
    case .unsupportedScheme(let scheme, let url):
      return
        "'\(url)' uses '\(scheme)://', which Pokja cannot send mail with: use smtp:// (STARTTLS, port "
        + "587 by default) or smtps:// (TLS, port 465 by default)."
    case .missingHost(let url):
      return "The SMTP URL '\(url)' names no server: write it as smtp://user@mail.example.org:587."
    case .invalidHost(let url):
      return
        "The server name in the SMTP URL '\(url)' is not a valid host name or IP address (an IPv6 "
        + "address goes in brackets: smtp://user@[2001:db8::1]:587)."
    case .invalidPort(let port, let url):
      return
        "The port '\(port)' in the SMTP URL '\(url)' is not a number from 1 to 65535: use e.g. 587 "
        + "(STARTTLS) or 465 (smtps), or leave it out for the default."
    case .invalidUsername(let url):
      return
        "The user name in the SMTP URL '\(url)' is empty or malformed: write smtp://user@host:587, with "
        + "'@' inside the user name written as %40 if your server's user names are mail addresses."
    case .unexpectedPath(let url):
      return
        "The SMTP URL '\(url)' has something after the host and port: remove the path, query or fragment "
        + "(smtp://user@host:587)."
    }
  }

  public var description: String { errorDescription ?? "Invalid SMTP URL" }
}
