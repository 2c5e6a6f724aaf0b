import Foundation

/// How a user names a record on the command line: by the ID `add` printed, or by a natural key (a contact's
/// email, a room's or organisation's exact name or acronym).
public enum Reference<Entity>: Hashable, Sendable, CustomStringConvertible {
  case id(EntityID<Entity>)
  case key(String)

  /// A whole positive number is an ID; anything else is a key.
  public init(_ text: String) {
    if let id = EntityID<Entity>(parsing: text) {
      self = .id(id)
    } else {
      self = .key(text.trimmingCharacters(in: .whitespaces))
    }
  }

  public var description: String {
    switch self {
    case .id(let id): String(id.rawValue)
    case .key(let key): key
    }
  }
}

/// Reads contacts; the directory's store provides it and the other features use it to resolve attendees.
public protocol ContactLookup: Sendable {
  /// The contact with this ID or email, or nil.
  func contact(_ reference: Reference<Contact>) throws -> Contact?
  /// The contacts with these IDs, in no particular order; unknown IDs are left out.
  func contacts(withIDs ids: [ContactID]) throws -> [Contact]
  /// The organisation with this ID, exact name or acronym, or nil.
  func organisation(_ reference: Reference<Organisation>) throws -> Organisation?
}
