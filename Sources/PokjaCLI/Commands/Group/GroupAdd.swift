import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.GroupGroup {
  /// `pokja group add NAME`: creates a group.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Create a group of chosen members, a saved query, or both.",
      discussion: """
        Examples:
          pokja group add pleno --where "tag=pokja"
          pokja group add kementerian --kind ministry
          pokja group add panel --contact wulan@example.go.id --org "LBH APIK"
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The group's name, used as @NAME.") var name: String
    @OptionGroup var members: GroupMemberOptions
    @Option(help: "A saved query: \"kind=ngo,region=Jawa Barat,tag=pokja,service=shelter\".")
    var `where`: String?
    @Option(help: "Query: organisations of this kind.") var kind: String?
    @Option(help: "Query: organisations in this province or regency/city.") var region: String?
    @Option(help: "Query: organisations and people with this tag.") var tag: String?
    @Option(help: "Query: providers of this service.") var service: String?
    @Option(help: "What the group is for.") var description: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      var query = try `where`.map { try GroupQuery(parsing: $0) } ?? GroupQuery()
      query.kind = kind ?? query.kind
      query.region = region ?? query.region
      query.tag = tag ?? query.tag
      query.service = service ?? query.service
      let directory = services.directory
      let group = try directory.addGroup(
        name: name, description: description, query: query.isEmpty ? nil : query,
        contacts: members.contact, organisations: members.org)
      let people = try directory.expand(group)
      if output.json {
        services.console.write(JSONOutput.encode(GroupRecord(group, people: people)))
      } else {
        services.console.write(
          "Added group @\(group.name): \(counted(people.count, "person", plural: "people")) now"
        )
      }
    }
  }
}

/// A group as `--json` prints it: its definition and, for `show`/`add`, the people it stands for.
/// A shape of its own, not `ContactGroup`'s: the contract lists chosen contacts and organisations
/// apart, by ID, and adds the people the group resolves to.
struct GroupRecord: Encodable {
  let id: Int64
  let name: String
  let description: String?
  let query: GroupQuery?
  let contacts: [Int64]
  let organisations: [Int64]
  let people: [JSONOutput.ContactJSON]?
  var count: Int
  /// The kelompok's number, for a sub-group of the working group.
  let kelompok: Int?
  let coordinatorId: Int64?

  init(_ group: ContactGroup, people: [Contact]?) {
    id = group.id.rawValue
    name = group.name
    description = group.description
    query = group.query
    contacts = group.members.compactMap {
      if case .contact(let id) = $0 { id.rawValue } else { nil }
    }
    organisations = group.members.compactMap {
      if case .organisation(let id) = $0 { id.rawValue } else { nil }
    }
    self.people = people.map { $0.map { JSONOutput.ContactJSON($0, organisation: nil) } }
    count = people?.count ?? 0
    kelompok = group.kelompok
    coordinatorId = group.coordinatorID?.rawValue
  }
}
