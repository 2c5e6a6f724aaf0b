import Foundation

/// Turns what a user wrote after `--attendee` into people: a contact's ID or email, or `@GROUP`.
/// Live: `Directory`, which expands groups.
public protocol AttendeeResolver: Sendable {
  /// The contacts `reference` stands for; throws when it names nobody.
  func attendees(_ reference: String) throws -> [Contact]
  /// The one person who stands for an organisation in an invitation list ("one person per
  /// organisation"): its focal point, else a current member, the first by name; nil when it has
  /// nobody to invite.
  func representative(of organisation: OrganisationID) throws -> Contact?
}
