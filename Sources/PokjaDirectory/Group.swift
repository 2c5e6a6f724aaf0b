import Foundation
import PokjaCore

/// Identifies a group of contacts.
public typealias GroupID = EntityID<ContactGroup>

/// A named list of people to invite together: static (chosen contacts and organisations, an
/// organisation standing for its focal contacts) or a saved query (every organisation of a kind,
/// region, service or tag, and tagged people) that stays current as the directory changes.
public struct ContactGroup: Identifiable, Sendable, Hashable, Codable {
  public var id: GroupID
  public var name: String
  public var description: String?
  /// Set for a saved-query group.
  public var query: GroupQuery?
  /// The chosen members of a static group.
  public var members: [GroupMember]
  /// The sub-group's number when the group is a kelompok of the working group (`plan list
  /// --kelompok 2`); nil for other groups.
  public var kelompok: Int?
  /// Who coordinates the kelompok.
  public var coordinatorID: ContactID?

  public init(
    id: GroupID, name: String, description: String? = nil, query: GroupQuery? = nil,
    members: [GroupMember] = [], kelompok: Int? = nil, coordinatorID: ContactID? = nil
  ) {
    self.kelompok = kelompok
    self.coordinatorID = coordinatorID
    self.id = id
    self.name = name
    self.description = description
    self.query = query
    self.members = members
  }
}

/// A chosen member of a static group.
public enum GroupMember: Sendable, Hashable, Codable {
  case contact(ContactID)
  /// Stands for the organisation's focal contacts at the time of use.
  case organisation(OrganisationID)
}

/// What a saved-query group selects, in the user's words (read through the vocabulary when used).
public struct GroupQuery: Sendable, Hashable, Codable, CustomStringConvertible {
  public var kind: String?
  public var region: String?
  public var tag: String?
  public var service: String?

  public init(
    kind: String? = nil, region: String? = nil, tag: String? = nil, service: String? = nil
  ) {
    self.kind = kind
    self.region = region
    self.tag = tag
    self.service = service
  }

  /// Reads `tag=pokja,kind=ngo` (also `;`-separated, `jenis`, `wilayah`, `layanan`).
  public init(parsing text: String) throws(DirectoryError) {
    self.init()
    for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
      let pair = part.split(separator: "=", maxSplits: 1).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard pair.count == 2, !pair[1].isEmpty else { throw .invalidGroupQuery(text) }
      switch SearchKey.fold(pair[0]) {
      case "kind", "jenis": kind = pair[1]
      case "region", "wilayah", "province", "provinsi": region = pair[1]
      case "tag", "label": tag = pair[1]
      case "service", "layanan": service = pair[1]
      default: throw .invalidGroupQuery(text)
      }
    }
    guard !isEmpty else { throw .invalidGroupQuery(text) }
  }

  /// Whether nothing is selected.
  public var isEmpty: Bool { kind == nil && region == nil && tag == nil && service == nil }

  /// `kind=ngo, region=Jawa Barat`.
  public var description: String {
    [("kind", kind), ("region", region), ("tag", tag), ("service", service)]
      .compactMap { key, value in value.map { "\(key)=\($0)" } }.joined(separator: ", ")
  }

  var filters: SearchFilters {
    SearchFilters(kind: kind, tag: tag, region: region, service: service)
  }
}
