import Foundation

/// A bookable meeting room, e.g. "Ruang Rapat Lt 7".
public struct Room: Identifiable, Hashable, Sendable, Codable {
  public var id: RoomID
  public var name: String
  /// How many people it seats, when known.
  public var capacity: Int?
  /// Free text on where it is, e.g. an address.
  public var location: String?
  /// The building, e.g. "Gedung KemenPPPA".
  public var building: String?
  /// The floor as people say it: "7", "Lt 7", "G".
  public var floor: String?
  /// What it has: projector, video conference, wheelchair access…
  public var facilities: [String]

  public init(
    id: RoomID, name: String, capacity: Int? = nil, location: String? = nil,
    building: String? = nil, floor: String? = nil, facilities: [String] = []
  ) {
    self.id = id
    self.name = name
    self.capacity = capacity
    self.location = location
    self.building = building
    self.floor = floor
    self.facilities = facilities
  }

  /// "Ruang Rapat Lt 7, Gedung KemenPPPA, lantai 7": what calendars show as LOCATION.
  public var displayLocation: String {
    displayLocation(floorWord: "lantai")
  }

  /// The room, building, floor (with `floorWord`: "lantai", "floor") and free-text location.
  public func displayLocation(floorWord: String) -> String {
    let floorText = floor.map { text in
      text.lowercased().hasPrefix("l") || text.lowercased().hasPrefix("f")
        ? text : "\(floorWord) \(text)"
    }
    return [name, building, floorText, location].compactMap { $0 }.filter { !$0.isEmpty }
      .joined(separator: ", ")
  }
}
