import ArgumentParser
import Foundation
import PokjaAccess

extension Pokja {
  /// `pokja access …`: who may sign in to `pokja serve`.
  struct AccessGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "access",
      abstract:
        "Give members access to the web pages (pokja serve), take it away, see who signed in.",
      discussion: """
        Nothing in the directory is public. A member signs in with a link mailed by 'access \
        grant': it works once, for 30 minutes by default, and the browser then stays signed in for \
        30 days. 'access revoke' ends their sessions and links at once. Every sign-in is logged.
        """,
      subcommands: [Grant.self, Revoke.self, List.self, AccessLog.self])
  }
}

/// One grant as `access list --json` prints it.
struct AccessGrantRecord: Encodable {
  let contactId: Int64
  let name: String
  let email: String
  let role: String
  let grantedAt: String
  let grantedBy: String
  let revokedAt: String?
  let lastSignIn: String?

  init(_ grant: AccessGrant, name: String, email: String, lastSignIn: Date?) {
    let format = ISO8601DateFormatter()
    contactId = grant.contactID.rawValue
    self.name = name
    self.email = email
    role = grant.role.rawValue
    grantedAt = format.string(from: grant.grantedAt)
    grantedBy = grant.grantedBy
    revokedAt = grant.revokedAt.map { format.string(from: $0) }
    self.lastSignIn = lastSignIn.map { format.string(from: $0) }
  }
}

/// One access-log entry as `access log --json` prints it.
struct AccessEventRecord: Encodable {
  let id: Int64
  let at: String
  let kind: String
  let contactId: Int64?
  let name: String?
  let address: String?
  let detail: String?

  init(_ event: AccessEvent, name: String?) {
    id = event.id.rawValue
    at = ISO8601DateFormatter().string(from: event.at)
    kind = event.kind.rawValue
    contactId = event.contactID?.rawValue
    self.name = name
    address = event.address
    detail = event.detail
  }
}
