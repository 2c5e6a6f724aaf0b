import Foundation

/// What can go wrong with access, links and the web key; each case says what to do.
public enum AccessError: Error, Equatable, Sendable {
  /// The web key file is missing.
  case keyMissing(path: String)
  /// The web key file is readable by others.
  case keyTooOpen(path: String, mode: String)
  case keyUnreadable(path: String, reason: String)
  case keyTooShort(Int)
  /// The contact opted out of messages.
  case optedOut(String)
  /// `pokja access revoke` for someone without access.
  case notGranted(String)
  case feedNotFound(String)
  /// A sign-in link is asked for, but the web address is not configured.
  case noWebAddress
  case invalidWebAddress(String)
  case invalidDuration(String)
}

extension AccessError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .keyMissing(let path):
      "The web key \(path) does not exist. 'pokja init' creates it; on a second host, copy it from the first (mode 0600)."
    case .keyTooOpen(let path, let mode):
      "The web key \(path) can be read by others (mode \(mode)). Run: chmod 600 \(path)"
    case .keyUnreadable(let path, let reason):
      "Cannot read the web key \(path): \(reason)."
    case .keyTooShort(let count):
      "The web key holds \(count) bytes; it needs 32 (64 hex digits). Remove the file and run 'pokja init' to make a new one."
    case .optedOut(let name):
      "\(name) asked not to receive messages (opted out), so no sign-in link is sent."
    case .notGranted(let name):
      "\(name) has no access to revoke. 'pokja access list' shows who has."
    case .feedNotFound(let reference):
      "No calendar feed '\(reference)'. 'pokja feed list' shows the feeds."
    case .noWebAddress:
      "Set the address members reach pokja serve at: [web] url = \"https://pokja.example.go.id\" in the configuration."
    case .invalidWebAddress(let text):
      "'\(text)' is not a web address. Write it as https://pokja.example.go.id (http only for 127.0.0.1 or localhost)."
    case .invalidDuration(let text):
      "'\(text)' is not a duration. Write it as 30m, 2h or 1d."
    }
  }
}
