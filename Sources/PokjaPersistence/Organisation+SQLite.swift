import Foundation
import GRDB
import PokjaCore

/// How the `organisation` table keeps an organisation: the one mapping that every read and write of
/// the table uses. Lists are JSON arrays; the `*_key` columns are folded for look-ups, and `email`
/// and `phone` repeat the main ones for SQL that wants a single value.
extension Organisation {
  static let tableMapping = TableMapping<Organisation>(
    "organisation",
    [
      .init("name") { $0.name },
      .init("name_key") { SearchKey.fold($0.name) },
      .init("acronym") { $0.acronym },
      .init("acronym_key") { $0.acronym.map(SearchKey.fold) },
      .init("kind") { $0.kind },
      .init("parent_id") { $0.parentID?.rawValue },
      .init("province_code") { $0.region?.province.code },
      .init("regency") { $0.region?.regency },
      .init("regency_key") { $0.region?.regencyKey },
      .init("services") { jsonList($0.services) },
      .init("tags") { jsonList($0.tags) },
      .init("website") { $0.website },
      .init("email") { $0.emails.first?.value },
      .init("emails") { jsonList($0.emails.map(\.value)) },
      .init("phone") { $0.phones.first?.value },
      .init("phones") { jsonList($0.phones.map(\.value)) },
      .init("address") { $0.address },
      .init("notes") { $0.notes },
    ])

  init(row: Row) throws {
    let table = Self.tableMapping.table
    let parentID: Int64? = row["parent_id"]
    var region: Region?
    if let code = row["province_code"] as String? {
      guard let province = Province.withCode(code) else {
        throw StorageError.corruptRow(table: table, id: row["id"], column: "province_code")
      }
      region = Region(province: province, regency: row["regency"])
    }
    self.init(
      id: OrganisationID(row["id"] as Int64), name: row["name"], acronym: row["acronym"],
      kind: row["kind"], parentID: parentID.map { OrganisationID($0) }, region: region,
      services: try row.stringList("services", table: table),
      tags: try row.stringList("tags", table: table), website: row["website"],
      emails: try row.emailList("emails", table: table),
      phones: try row.stringList("phones", table: table).map(PhoneNumber.init(stored:)),
      address: row["address"], notes: row["notes"])
  }
}
