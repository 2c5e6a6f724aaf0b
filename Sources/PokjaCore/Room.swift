import Foundation

/// A bookable meeting room, e.g. "Ruang Rapat Lt 7".
public struct Room: Identifiable, Hashable, Sendable, Codable {
  public var id: RoomID
  public var name: String
  /// How many people it seats, when known.
  public var capacity: Int?
  /// Where it is, e.g. "Gedung Kemensos, lantai 7".
  public var location: String?

  public init(id: RoomID, name: String, capacity: Int? = nil, location: String? = nil) {
    self.id = id
    self.name = name
    self.capacity = capacity
    self.location = location
  }

  /// "Ruang Rapat Lt 7, Gedung Kemensos, lantai 7": what calendars show as LOCATION.
  public var displayLocation: String {
    [name, location].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
  }
}

/// What a user supplies to add a room.
public struct NewRoom: Hashable, Sendable {
  public var name: String
  public var capacity: Int?
  public var location: String?

  public init(name: String, capacity: Int? = nil, location: String? = nil) {
    self.name = name
    self.capacity = capacity
    self.location = location
  }
}
