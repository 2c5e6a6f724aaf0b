import Foundation

/// Why an IMAP operation failed, in words a secretariat can act on. No case ever carries the
/// password: the server's words are quoted with it blanked out.
public enum IMAPError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
  /// Whether trying again later can help (the same kinds as a delivery's).
  public enum Kind: String, Sendable, Equatable {
    /// The connection broke off, or the server said "not now": try again later.
    case temporary
    /// The server could not be reached (its name, the connection, no answer in time).
    case unreachable
    /// Settings to fix: the password, TLS, the certificate, the folder, libcurl itself.
    case configuration
    /// This message: it is gone, or too large to take. Trying again does not help.
    case permanent
  }

  /// libcurl could not be loaded or initialised (`detail` says why).
  case libcurlUnavailable(detail: String)
  /// No password was given for the account.
  case passwordMissing(server: String, user: String, passwordSource: String?)
  /// The server's name could not be found.
  case hostNotFound(server: String, detail: String)
  /// Nothing accepted a connection on the server's port.
  case connectionRefused(server: String, detail: String)
  /// The server did not answer in time (connecting, or a command).
  case timedOut(server: String, detail: String)
  /// The server refused the login: a wrong user name or password.
  case loginRefused(server: String, user: String, passwordSource: String?, serverReply: String)
  /// The server takes no login before TLS (`LOGINDISABLED`), and TLS was switched off.
  case tlsRequiredByServer(server: String, serverReply: String)
  /// The server offered no way to log in that libcurl can use.
  case noUsableLogin(server: String, serverReply: String)
  /// STARTTLS is required (always off loopback) and the server does not offer it.
  case startTLSNotOffered(server: String)
  /// The server's certificate was not vouched for by the trusted CAs (or names another host).
  case certificateRejected(server: String, caFile: String?, detail: String)
  /// TLS could not be set up (the handshake, a CA file that cannot be read).
  case tlsFailed(server: String, detail: String)
  /// The folder does not exist on the server.
  case folderMissing(folder: String, server: String, serverReply: String)
  /// No message with this UID in the folder (expunged or moved meanwhile, or never there).
  case messageMissing(folder: String, uid: UInt32)
  /// The message is larger than `IMAPSettings.maxMessageSize`; it was not downloaded.
  case messageTooLarge(folder: String, uid: UInt32, size: Int, limit: Int)
  /// A folder name that cannot be sent (empty, or holding a line break or NUL).
  case invalidFolderName(String)
  /// The server refused a command (`NO` or `BAD`).
  case commandRefused(command: String, server: String, serverReply: String, temporary: Bool)
  /// A server's response line too long to read whole (libcurl cuts such lines).
  case responseTooLong(command: String, server: String)
  /// The connection broke off, or the server closed it (`* BYE`).
  case connectionLost(server: String, detail: String)
  /// The server said something this client cannot read.
  case unexpectedReply(server: String, detail: String)

  /// Whether trying again later can help.
  public var kind: Kind {
    switch self {
    case .hostNotFound, .connectionRefused, .timedOut: .unreachable
    case .connectionLost, .unexpectedReply: .temporary
    case .commandRefused(_, _, _, let temporary): temporary ? .temporary : .permanent
    case .messageMissing, .messageTooLarge, .responseTooLong: .permanent
    case .libcurlUnavailable, .passwordMissing, .loginRefused, .tlsRequiredByServer,
      .noUsableLogin, .startTLSNotOffered, .certificateRejected, .tlsFailed, .folderMissing,
      .invalidFolderName:
      .configuration
    }
  }

  public var errorDescription: String? {
    switch self {
    case .libcurlUnavailable(let detail):
      return
        "Cannot read mail: \(detail). Run: apt-get install libcurl4 (scripts/test installs "
        + "libcurl4-openssl-dev)."
    case .passwordMissing(let server, let user, let source):
      let fix = source.map { "set \($0)" } ?? "give the account's password"
      return "No password for the IMAP account '\(user)' at \(server): \(fix)."
    case .hostNotFound(let server, let detail):
      return
        "Could not find the IMAP server \(server) (\(detail)). Check the host name in the IMAP "
        + "URL and the network."
    case .connectionRefused(let server, let detail):
      return
        "Could not connect to the IMAP server at \(server) (\(detail)). Is it running and "
        + "reachable on that port? (imaps:// is usually port 993, imap:// port 143.)"
    case .timedOut(let server, let detail):
      return "The IMAP server at \(server) did not answer in time (\(detail)). Try again later."
    case .loginRefused(let server, let user, let source, let reply):
      let fix =
        source.map { "check the password in \($0) and the user name in the IMAP URL" }
        ?? "check the user name in the IMAP URL and the password"
      return
        "The IMAP server at \(server) refused the login of '\(user)' (\(reply)): wrong user name "
        + "or password; \(fix)."
    case .tlsRequiredByServer(let server, let reply):
      return
        "The IMAP server at \(server) takes no login before TLS (\(reply)): use imaps:// or let "
        + "Pokja use STARTTLS."
    case .noUsableLogin(let server, let reply):
      return
        "The IMAP server at \(server) offered no way to log in that Pokja can use (\(reply)): "
        + "check that it offers AUTHENTICATE PLAIN or LOGIN (often only after STARTTLS)."
    case .startTLSNotOffered(let server):
      return
        "The IMAP server at \(server) does not offer STARTTLS, and Pokja sends passwords and "
        + "mail to a server that is not on this machine only over TLS. Use imaps:// (usually port "
        + "993), or enable STARTTLS on the server. Nothing was sent, not even the user name."
    case .certificateRejected(let server, let caFile, let detail):
      let fix =
        caFile.map {
          "The CA file \($0) does not vouch for it: give the CA certificate (PEM) that signed "
            + "the server's certificate, and check that the URL uses the name the certificate "
            + "was issued for."
        }
        ?? "If the server uses a private or self-signed certificate, give its CA certificate "
        + "(PEM) as the CA file; otherwise check that the URL uses the name the certificate was "
        + "issued for."
      return
        "The TLS certificate of the IMAP server at \(server) could not be verified (\(detail)). "
        + fix
    case .tlsFailed(let server, let detail):
      return
        "TLS with the IMAP server at \(server) failed (\(detail)). Check that the scheme matches "
        + "the port (imaps:// for TLS from the start, usually 993; imap:// for STARTTLS, usually "
        + "143) and that the CA file exists and holds PEM certificates."
    case .folderMissing(let folder, let server, let reply):
      return
        "The IMAP server at \(server) has no folder '\(folder)' (\(reply)). Check the folder's "
        + "name (names are case-sensitive, except INBOX), or create it."
    case .messageMissing(let folder, let uid):
      return
        "There is no message with UID \(uid) in '\(folder)': it was moved or deleted meanwhile."
    case .messageTooLarge(let folder, let uid, let size, let limit):
      return
        "The message with UID \(uid) in '\(folder)' has \(size) bytes, more than the \(limit) "
        + "Pokja takes; it was not downloaded. Deal with it in a mail program."
    case .invalidFolderName(let name):
      return
        "'\(name.debugDescription)' cannot be a folder name: it is empty or holds a line break."
    case .commandRefused(let command, let server, let reply, _):
      return "The IMAP server at \(server) refused \(command) (\(reply))."
    case .responseTooLong(let command, let server):
      return
        "The IMAP server at \(server) answered \(command) with a line too long to read whole; "
        + "nothing of it was used."
    case .connectionLost(let server, let detail):
      return
        "The connection to the IMAP server at \(server) broke off (\(detail)). Try again later."
    case .unexpectedReply(let server, let detail):
      return "The IMAP server at \(server) gave an answer Pokja cannot read (\(detail))."
    }
  }

  public var description: String { errorDescription ?? "IMAP error" }
}
