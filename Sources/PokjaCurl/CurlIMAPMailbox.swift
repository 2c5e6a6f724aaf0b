import Foundation
import Synchronization

/// Reads and files mail in an IMAP mailbox with libcurl: lists unseen messages, downloads one
/// without marking it seen, marks it seen, moves it to another folder, creates a folder.
///
/// One libcurl handle serves every call, so libcurl keeps one connection (and its login) open from
/// call to call; a connection that broke is made again on the next call. Calls are synchronous
/// and one at a time (a lock); `close()` or deinit logs out.
///
/// TLS: `imaps://` is TLS from the start; `imap://` upgrades with STARTTLS, required off loopback
/// (`IMAPSettings.startTLS`). Certificates and host names are always verified; `caFile` adds a CA
/// for a private or self-signed server. The password is given to libcurl as an option, never in a
/// URL, and never appears in an error.
///
/// ```swift
/// var settings = try IMAPSettings(
///   url: "imaps://sekretariat@mail.example.org/INBOX", password: env["POKJA_IMAP_PASSWORD"],
///   passwordSource: "POKJA_IMAP_PASSWORD")
/// let mailbox = CurlIMAPMailbox(settings: settings)
/// for uid in try mailbox.unseenUIDs() {
///   let raw = try mailbox.fetch(uid)       // \Seen untouched
///   ...
///   try mailbox.move(uid, to: "Diproses")
/// }
/// ```
public final class CurlIMAPMailbox: Sendable, CustomStringConvertible {
  public let settings: IMAPSettings
  private let session = Mutex<IMAPSession?>(nil)
  /// Whether `move` uses MOVE when the server offers it (tests switch it off to try the fallback).
  private let preferMove: Bool
  /// Called just before a message is downloaded (tests close the connection there).
  private let beforeDownload: (@Sendable () -> Void)?

  public convenience init(settings: IMAPSettings) {
    self.init(settings: settings, preferMove: true)
  }

  init(
    settings: IMAPSettings, preferMove: Bool, beforeDownload: (@Sendable () -> Void)? = nil
  ) {
    self.settings = settings
    self.preferMove = preferMove
    self.beforeDownload = beforeDownload
  }

  /// `CurlIMAPMailbox(imaps://host:port/INBOX, user: x)`: never the password.
  public var description: String {
    "CurlIMAPMailbox(\(settings.destination)/\(settings.folder), user: \(settings.username))"
  }

  /// Opens `folder` read-only (EXAMINE): its UIDVALIDITY and how many messages it holds.
  public func select(_ folder: String? = nil) throws(IMAPError) -> IMAPFolderState {
    try withSession { session throws(IMAPError) in
      try session.examine(folder ?? settings.folder)
    }
  }

  /// The UIDs of the messages in `folder` without `\Seen` (`UID SEARCH UNSEEN`), ascending.
  public func unseenUIDs(in folder: String? = nil) throws(IMAPError) -> [UInt32] {
    try withSession { session throws(IMAPError) in
      try session.unseenUIDs(in: folder ?? settings.folder)
    }
  }

  /// The message's raw RFC 822 bytes, exactly as the server keeps them, leaving its flags as they
  /// were (`\Seen` is not set). A message over `settings.maxMessageSize` is refused by its
  /// RFC822.SIZE before any of it is downloaded.
  public func fetch(_ uid: UInt32, in folder: String? = nil) throws(IMAPError) -> Data {
    try withSession { session throws(IMAPError) in
      try session.fetch(uid, in: folder ?? settings.folder)
    }
  }

  /// Sets `\Seen` on the message (`UID STORE n +FLAGS (\Seen)`).
  public func markSeen(_ uid: UInt32, in folder: String? = nil) throws(IMAPError) {
    try withSession { session throws(IMAPError) in
      try session.markSeen(uid, in: folder ?? settings.folder)
    }
  }

  /// Moves the message to `destination` (`UID MOVE` when the server offers MOVE, else `UID COPY`,
  /// `\Deleted` and `UID EXPUNGE`); it keeps its flags.
  public func move(_ uid: UInt32, from folder: String? = nil, to destination: String)
    throws(IMAPError)
  {
    try withSession { session throws(IMAPError) in
      try session.move(uid, from: folder ?? settings.folder, to: destination)
    }
  }

  /// Marks the messages `\Seen` and moves them to `destination`, many to a command; returns those
  /// that were no longer there.
  public func file(_ uids: [UInt32], from folder: String? = nil, to destination: String)
    throws(IMAPError) -> Set<UInt32>
  {
    guard !uids.isEmpty else { return [] }
    return try withSession { session throws(IMAPError) in
      try session.file(uids, from: folder ?? settings.folder, to: destination)
    }
  }

  /// Creates the folder unless it exists (`LIST`, then `CREATE`; "already exists" is fine).
  public func createFolderIfMissing(_ name: String) throws(IMAPError) {
    try withSession { session throws(IMAPError) in
      try session.createFolderIfMissing(name)
    }
  }

  /// Logs out and closes the connection; the next call connects again.
  public func close() {
    session.withLock { $0 = nil }
  }

  private func withSession<T: Sendable>(_ body: (IMAPSession) throws(IMAPError) -> T)
    throws(IMAPError) -> T
  {
    try session.withLock { (stored: inout IMAPSession?) throws(IMAPError) -> T in
      let current: IMAPSession
      if let stored {
        current = stored
      } else {
        current = try IMAPSession(settings: settings)
        current.preferMove = preferMove
        current.beforeDownload = beforeDownload
      }
      stored = current
      return try body(current)
    }
  }
}

/// What EXAMINE tells of a folder.
public struct IMAPFolderState: Sendable, Equatable {
  /// The folder's UIDVALIDITY: UIDs are only comparable while it stays the same.
  public var uidValidity: UInt32
  /// How many messages the folder holds.
  public var exists: Int
  /// The UID the next message will get, if the server said.
  public var uidNext: UInt32?

  public init(uidValidity: UInt32, exists: Int, uidNext: UInt32? = nil) {
    self.uidValidity = uidValidity
    self.exists = exists
    self.uidNext = uidNext
  }
}
