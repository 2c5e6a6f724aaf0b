import Foundation

/// Turns what a user wrote after `--attendee` into people: a contact's ID or email, or `@GROUP`.
/// Live: `Directory`, which expands groups.
public protocol AttendeeResolver: Sendable {
  /// The contacts `reference` stands for; throws when it names nobody.
  func attendees(_ reference: String) throws -> [Contact]
}
