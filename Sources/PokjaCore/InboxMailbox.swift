import Foundation

/// The secretariat's mailbox as `pokja inbox fetch` reads it: one folder of an IMAP account
/// (`CurlIMAPMailbox` in PokjaCurl; tests use a fake). Messages are named by UID, which stays the
/// same only while the folder's UIDVALIDITY does.
public protocol InboxMailbox: Sendable {
  /// The account and folder, for records and messages: `imaps://user@host:993/INBOX`. Never a
  /// secret.
  var address: String { get }
  /// Opens the folder: its UIDVALIDITY.
  func uidValidity() throws -> UInt32
  /// The UIDs of the messages nobody has read (no `\Seen`), ascending.
  func unseenUIDs() throws -> [UInt32]
  /// The message's raw bytes, leaving it unread.
  func fetch(_ uid: UInt32) throws -> Data
  /// Marks the message read and moves it to `folder` (which must exist).
  func file(_ uid: UInt32, in folder: String) throws
  /// Creates `folder` unless it exists.
  func createFolderIfMissing(_ folder: String) throws
  /// Logs out.
  func close()
}

/// An error of a mailbox that concerns one message only (gone, too large): the run goes on with
/// the next message. Any other error stops the run.
public protocol MailboxMessageError: Error {
  /// Whether the error concerns only the message asked for.
  var concernsOnlyThisMessage: Bool { get }
}
