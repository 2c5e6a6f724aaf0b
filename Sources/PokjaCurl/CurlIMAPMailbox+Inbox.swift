import Foundation
import PokjaCore

/// The configured folder of the account as `pokja inbox fetch` reads it.
extension CurlIMAPMailbox: InboxMailbox {
  /// `imaps://user@host:993/INBOX`: never the password.
  public var address: String {
    "\(settings.scheme.rawValue)://\(settings.username)@\(settings.hostAndPort)/\(settings.folder)"
  }

  public func uidValidity() throws -> UInt32 { try select().uidValidity }

  public func unreadUIDs() throws -> [UInt32] { try unseenUIDs() }

  public func message(_ uid: UInt32) throws -> Data { try fetch(uid) }

  public func file(_ uids: [UInt32], in folder: String) throws -> Set<UInt32> {
    try file(uids, to: folder)
  }
}

extension IMAPError: MailboxMessageError {
  public var messageProblem: MailboxMessageProblem? {
    switch self {
    case .messageMissing: .gone
    case .messageTooLarge, .responseTooLong: .unreadable
    default: nil
    }
  }
}
