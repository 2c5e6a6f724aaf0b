import Foundation

/// A typed, integer identifier: `EntityID<Meeting>` cannot be passed where an `EntityID<Room>` is expected.
///
/// IDs are what `add` prints and what users type back (`pokja meeting show 12`).
public struct EntityID<Entity>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
  CustomStringConvertible
{
  /// The row number in the store.
  public let rawValue: Int64

  /// Wraps a stored row number.
  public init(rawValue: Int64) { self.rawValue = rawValue }

  /// Wraps a stored row number.
  public init(_ rawValue: Int64) { self.rawValue = rawValue }

  /// Parses what a user typed: a positive whole number, nothing else.
  public init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let value = Int64(trimmed), value > 0 else { return nil }
    self.rawValue = value
  }

  /// The ID of a record not stored yet: a store's `insert` assigns the real one (row numbers
  /// start at 1, and users can type only positive numbers).
  public static var unassigned: Self { Self(0) }

  public var description: String { String(rawValue) }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(Int64.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// Identifies an organisation in the directory.
public typealias OrganisationID = EntityID<Organisation>
/// Identifies a person in the directory.
public typealias ContactID = EntityID<Contact>
/// Identifies a bookable room.
public typealias RoomID = EntityID<Room>
/// Identifies a meeting.
public typealias MeetingID = EntityID<Meeting>
/// Identifies one reminder rule of a meeting.
public typealias ReminderID = EntityID<Reminder>
/// Identifies one message in the outbox.
public typealias OutboundMessageID = EntityID<OutboundMessage>
