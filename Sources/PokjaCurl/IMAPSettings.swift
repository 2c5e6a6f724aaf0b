import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where and how to reach an IMAP mailbox: parsed from `imaps://user@host:993/FOLDER` (TLS from the
/// first byte) or `imap://user@host:143/FOLDER` (STARTTLS); the folder is `INBOX` when the URL has
/// no path, and is percent-decoded (`/Arsip%20Rapat` is the folder `Arsip Rapat`).
///
/// The password never comes from the URL (a URL holding one is refused): the caller passes it,
/// it lives only in memory, is given to libcurl as an option (never in a URL or an argument), and
/// `description`, `debugDescription` and `customMirror` show only whether it is set.
public struct IMAPSettings: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// How TLS is reached.
  public enum Scheme: String, Sendable, Equatable, CaseIterable {
    /// `imap://`: a plain connection upgraded with STARTTLS (required unless the host is loopback).
    case imap
    /// `imaps://`: TLS from the first byte.
    case imaps

    /// 143 for `imap`, 993 for `imaps`.
    public var defaultPort: Int { self == .imap ? 143 : 993 }
  }

  /// What an `imap://` connection does about STARTTLS. Off loopback it is always `.required`,
  /// whatever is set: a password and mail leave this machine only over TLS.
  public enum STARTTLS: String, Sendable, Equatable, CaseIterable {
    /// Upgrade, or fail before logging in if the server does not offer it.
    case required
    /// Upgrade when the server offers it (the default on loopback).
    case whenOffered
    /// Never upgrade (loopback only: a local bridge with a certificate nobody can check).
    case never
  }

  public let scheme: Scheme
  /// The host name or IP address, lower-cased, without brackets around an IPv6 address.
  public let host: String
  public let port: Int
  /// The login name (percent-decoded from the URL).
  public let username: String
  /// The folder the URL names (percent-decoded; `INBOX` when it names none).
  public let folder: String
  /// The login password, from the caller. An empty string counts as not set.
  public var password: String? {
    didSet { if password?.isEmpty == true { password = nil } }
  }
  /// Where the password came from, named in messages about a refused login: an environment
  /// variable's name (`POKJA_IMAP_PASSWORD`) or `the password file /etc/pokja/imap-password`.
  public var passwordSource: String?
  /// A PEM file of CA certificates to trust instead of the system's (a private or self-signed server).
  public var caFile: String?
  /// STARTTLS for `imap://` (see `STARTTLS`); `.whenOffered` on loopback, else `.required`.
  public var startTLS: STARTTLS
  /// How long to wait for the connection: TCP, TLS, the greeting, STARTTLS and the login.
  public var connectTimeout: Duration = .seconds(15)
  /// How long the server may take to answer one command.
  public var replyTimeout: Duration = .seconds(120)
  /// A message download slower than this many bytes a second for `lowSpeedTime` is given up.
  public var lowSpeedLimit: Int = 1024
  public var lowSpeedTime: Duration = .seconds(60)
  /// The largest message `fetch` takes (10 MiB); a larger one is refused without being read.
  public var maxMessageSize: Int = 10 * 1024 * 1024

  /// Whether the host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
  public var isLoopback: Bool { SMTPSettings.isLoopback(host) }

  /// What `startTLS` comes to: `.required` off loopback whatever was set.
  public var effectiveSTARTTLS: STARTTLS { isLoopback ? startTLS : .required }

  /// Whether everything goes over TLS: `imaps://`, or `imap://` with STARTTLS required.
  public var requireTLS: Bool { scheme == .imaps || effectiveSTARTTLS == .required }

  /// `host:port`, with brackets around an IPv6 address: for messages.
  public var hostAndPort: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  /// `imap://host:port`: safe to show (no user, no password).
  public var destination: String { "\(scheme.rawValue)://\(hostAndPort)" }

  /// Parses `url` (`imap://user@host:port/FOLDER` or `imaps://…`; the port and folder are optional).
  ///
  /// - Parameters:
  ///   - url: The IMAP URL. A user name containing `@` may be written as is or as `%40`.
  ///   - password: The password; empty counts as nil.
  ///   - caFile: A PEM CA bundle to trust; empty counts as nil.
  ///   - passwordSource: Where the password came from, for messages (`POKJA_IMAP_PASSWORD`).
  /// - Throws: `IMAPSettingsError` saying what is wrong and how to fix it; never echoing a password.
  public init(
    url text: String, password: String?, caFile: String? = nil, passwordSource: String? = nil
  ) throws(IMAPSettingsError) {
    let parsed = try Self.parse(text)
    scheme = parsed.scheme
    host = parsed.host
    port = parsed.port
    username = parsed.username
    folder = parsed.folder
    self.password = (password?.isEmpty ?? true) ? nil : password
    self.caFile = (caFile?.isEmpty ?? true) ? nil : caFile
    self.passwordSource = (passwordSource?.isEmpty ?? true) ? nil : passwordSource
    startTLS = SMTPSettings.isLoopback(parsed.host) ? .whenOffered : .required
  }

  // MARK: Never print the password

  public var description: String {
    var parts = ["\(destination)/\(folder)", "user: \(username)"]
    parts.append("password: \(password == nil ? "not set" : "set (hidden)")")
    if let caFile { parts.append("caFile: \(caFile)") }
    return "IMAPSettings(\(parts.joined(separator: ", ")))"
  }

  public var debugDescription: String {
    description.dropLast()
      + ", startTLS: \(effectiveSTARTTLS.rawValue), connectTimeout: \(connectTimeout)"
      + ", replyTimeout: \(replyTimeout), lowSpeedLimit: \(lowSpeedLimit) B/s for \(lowSpeedTime)"
      + ", maxMessageSize: \(maxMessageSize))"
  }

  public var customMirror: Mirror {
    Mirror(
      self,
      children: [
        "destination": destination as Any,
        "folder": folder as Any,
        "username": username as Any,
        "password": (password == nil ? "not set" : "set (hidden)") as Any,
        "passwordSource": passwordSource as Any,
        "caFile": caFile as Any,
        "startTLS": effectiveSTARTTLS as Any,
        "connectTimeout": connectTimeout as Any,
        "replyTimeout": replyTimeout as Any,
        "maxMessageSize": maxMessageSize as Any,
      ],
      displayStyle: .struct)
  }

  // MARK: Parsing

  private struct Parsed {
    var scheme: Scheme
    var host: String
    var port: Int
    var username: String
    var folder: String
  }

  private static func parse(_ raw: String) throws(IMAPSettingsError) -> Parsed {
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw .empty }
    guard let schemeEnd = text.range(of: "://") else {
      throw .missingScheme(url: redactWithoutScheme(text))
    }
    let schemeText = String(text[..<schemeEnd.lowerBound])
    let rest = text[schemeEnd.upperBound...]
    // The user information ends at the last "@" before the path, since the folder may hold "@".
    // A password (refused below) may hold "/" too: `user:pa/ss@host` is recognised by its ":"
    // before the first "/" (`passwordAt`), so that nothing of it is taken for the host or folder
    // and echoed.
    var userinfo: Substring? = nil
    var afterUser = rest
    let firstSlash = rest.firstIndex(of: "/")
    let atBeforePath = rest[..<(firstSlash ?? rest.endIndex)].lastIndex(of: "@")
    if let at = atBeforePath ?? passwordAt(in: rest) {
      userinfo = rest[..<at]
      afterUser = rest[rest.index(after: at)...]
    }
    let authorityEnd =
      afterUser.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == ";" })
      ?? afterUser.endIndex
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

    guard let user, !user.isEmpty else { throw .missingUsername(url: redacted) }
    guard let username = String(user).removingPercentEncoding, !username.isEmpty,
      !username.contains(where: { $0.isNewline || $0 == "\0" })
    else { throw .invalidUsername(url: redacted) }

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

    // The folder: the path, percent-decoded. IMAP URL parameters (";UID=…"), a query or a
    // fragment have no meaning here: the URL names a mailbox, not a message.
    guard !tail.contains(";"), !tail.contains("?"), !tail.contains("#") else {
      throw .unexpectedPath(url: redacted)
    }
    var path = Substring(tail)
    if path.hasPrefix("/") { path = path.dropFirst() }
    if path.hasSuffix("/") { path = path.dropLast() }
    var folder = "INBOX"
    if !path.isEmpty {
      guard let decoded = String(path).removingPercentEncoding, !decoded.isEmpty,
        !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
      else { throw .invalidFolder(url: redacted) }
      folder = decoded
    }
    return Parsed(
      scheme: scheme, host: host, port: port, username: username, folder: folder)
  }

  /// The "@" ending a user information that holds a password with "/" in it (`user:pa/ss@host`):
  /// a ":" before the first "/", and a host after the last "@". A URL without a user but with "@"
  /// in its folder (`imap://host:143/a@b`) is taken for one too: it is refused either way.
  private static func passwordAt(in rest: Substring) -> Substring.Index? {
    guard let slash = rest.firstIndex(of: "/"), rest[..<slash].contains(":") else { return nil }
    guard let at = rest.lastIndex(of: "@") else { return nil }
    let hostPart = rest[rest.index(after: at)...].prefix(while: { $0 != "/" })
    return hostPart.isEmpty ? nil : at
  }

  /// For input without `://`: keep what precedes the first colon (`user@host`), hide the rest.
  private static func redactWithoutScheme(_ text: String) -> String {
    guard let at = text.lastIndex(of: "@") else { return text.count > 80 ? "…" : text }
    let before = text[..<at]
    if let colon = before.firstIndex(of: ":") {
      return "\(before[..<colon]):•••\(text[at...])"
    }
    return text
  }
}

/// Why an IMAP URL was refused. Every message says what is wrong and how to fix it, and none
/// contains a password: a URL with one is shown with the password removed.
public enum IMAPSettingsError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
  case empty
  /// `user:password@` in the URL. `urlWithoutPassword` is the same URL without it.
  case passwordInURL(urlWithoutPassword: String)
  /// Not `imap://…` or `imaps://…`.
  case missingScheme(url: String)
  case unsupportedScheme(String, url: String)
  case missingHost(url: String)
  case invalidHost(url: String)
  case invalidPort(String, url: String)
  /// No `user@` before the host: IMAP always logs in.
  case missingUsername(url: String)
  case invalidUsername(url: String)
  /// A `;PARAMETER=`, query or fragment after the folder.
  case unexpectedPath(url: String)
  /// The folder is not valid percent-encoding, or holds control characters.
  case invalidFolder(url: String)

  public var errorDescription: String? {
    switch self {
    case .empty:
      return
        "The IMAP URL is empty. Give it as imaps://user@host:993/INBOX (TLS) or "
        + "imap://user@host:143/INBOX (STARTTLS)."
    case .passwordInURL(let url):
      return
        "The IMAP URL must not contain a password. Write it without one (\(url)) and give the "
        + "password in the environment variable POKJA_IMAP_PASSWORD instead, so it stays out of "
        + "configuration files, shell history and logs."
    case .missingScheme(let url):
      return
        "'\(url)' is not an IMAP URL: write imaps://user@host:993/INBOX for TLS, or "
        + "imap://user@host:143/INBOX for STARTTLS."
    case .unsupportedScheme(let scheme, let url):
      return
        "'\(url)' uses '\(scheme)://', which Pokja cannot read mail with: use imaps:// (TLS, port "
        + "993 by default) or imap:// (STARTTLS, port 143 by default)."
    case .missingHost(let url):
      return
        "The IMAP URL '\(url)' names no server: write it as imaps://user@mail.example.org/INBOX."
    case .invalidHost(let url):
      return
        "The server name in the IMAP URL '\(url)' is not a valid host name or IP address (an IPv6 "
        + "address goes in brackets: imaps://user@[2001:db8::1]/INBOX)."
    case .invalidPort(let port, let url):
      return
        "The port '\(port)' in the IMAP URL '\(url)' is not a number from 1 to 65535: use e.g. 993 "
        + "(imaps) or 143 (imap), or leave it out for the default."
    case .missingUsername(let url):
      return
        "The IMAP URL '\(url)' names no user: write imaps://user@host/INBOX, with '@' inside the "
        + "user name written as %40 if your server's user names are mail addresses."
    case .invalidUsername(let url):
      return
        "The user name in the IMAP URL '\(url)' is malformed: write imaps://user@host/INBOX, with "
        + "'@' inside the user name written as %40 if your server's user names are mail addresses."
    case .unexpectedPath(let url):
      return
        "The IMAP URL '\(url)' has more than a folder after the host: remove the ';…' parameters, "
        + "query or fragment (imaps://user@host/INBOX); a ';', '?' or '#' inside a folder name is "
        + "written %3B, %3F or %23."
    case .invalidFolder(let url):
      return
        "The folder in the IMAP URL '\(url)' is not valid: percent-encode characters other than "
        + "letters and digits (a space is %20), and leave out control characters."
    }
  }

  public var description: String { errorDescription ?? "Invalid IMAP URL" }
}
