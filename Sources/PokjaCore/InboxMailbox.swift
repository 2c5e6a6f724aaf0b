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
  func unreadUIDs() throws -> [UInt32]
  /// The message's raw bytes, leaving it unread.
  func message(_ uid: UInt32) throws -> Data
  /// Marks the messages read and moves them to `folder` (which must exist); returns those that
  /// were no longer there.
  func file(_ uids: [UInt32], in folder: String) throws -> Set<UInt32>
  /// Creates `folder` unless it exists.
  func createFolderIfMissing(_ folder: String) throws
  /// Logs out.
  func close()
}

/// An error of a mailbox that may concern one message only: the run goes on with the next one.
/// Any other error stops the run.
public protocol MailboxMessageError: Error {
  /// What is wrong with the message asked for, or nil when the mailbox itself failed.
  var messageProblem: MailboxMessageProblem? { get }
}

/// What can be wrong with one message of a mailbox.
public enum MailboxMessageProblem: Sendable, Hashable {
  /// It is no longer there (another client moved or deleted it meanwhile).
  case gone
  /// It cannot be taken (too large, refused by the server): trying again does not help.
  case unreadable
}
