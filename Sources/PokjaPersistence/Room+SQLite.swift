import Foundation
import GRDB
import PokjaCore

/// How the `room` table keeps a room: the one mapping its reads and writes use.
extension Room {
  static let tableMapping = TableMapping<Room>(
    "room",
    [
      .init("name") { $0.name },
      .init("name_key") { SearchKey.fold($0.name) },
      .init("capacity") { $0.capacity },
      .init("location") { $0.location },
      .init("building") { $0.building },
      .init("floor") { $0.floor },
      .init("facilities") { jsonList($0.facilities) },
    ])

  init(row: Row) throws {
    self.init(
      id: RoomID(row["id"] as Int64), name: row["name"], capacity: row["capacity"],
      location: row["location"], building: row["building"], floor: row["floor"],
      facilities: try row.stringList("facilities", table: Self.tableMapping.table))
  }
}
