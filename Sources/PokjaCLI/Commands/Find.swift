import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja {
  /// `pokja find TEXT`: searches organisations and contacts.
  struct Find: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "find",
      abstract: "Find organisations and contacts by name, acronym, email or phone.",
      discussion: "Case and accents do not matter: 'desiree' finds Désirée.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What to look for: names, acronyms, emails, phone numbers (or only filters).")
    var text: [String] = []
    @Option(help: "Only this kind of organisation (and their people): ministry, ngo, polisi, …")
    var kind: String?
    @Option(help: "Only records with this tag.") var tag: String?
    @Option(
      help: "Only this province or regency/city (\"Jawa Barat\", \"Kota Bandung\"), or nasional.")
    var region: String?
    @Option(help: "Only providers of this service (and their people): rumah aman, bantuan hukum, …")
    var service: String?
    @Option(help: "Only this organisation and its people (ID, name or acronym).") var org: String?
    @Option(help: "At most this many results.") var limit = 20

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be greater than zero.") }
      guard !text.isEmpty || [kind, tag, region, service, org].contains(where: { $0 != nil }) else {
        throw ValidationError(
          "Say what to look for (a name, acronym, email or phone), or filter with --kind, --tag, --region, --service or --org."
        )
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let hits = try services.directory.find(
        text.joined(separator: " "),
        filters: SearchFilters(
          kind: kind, tag: tag, region: region, service: service, organisation: org),
        limit: limit)
      if output.json {
        services.console.write(JSONOutput.encode(hits.map(SearchHitRecord.init)))
        return
      }
      guard !hits.isEmpty else {
        services.console.write(
          text.isEmpty
            ? "Nothing matches these filters."
            : "Nothing found for '\(text.joined(separator: " "))'.")
        return
      }
      var table = Table([
        .init("Type"), .init("ID"), .init("Name", flexible: true), .init("Details", flexible: true),
      ])
      for hit in hits {
        let record = SearchHitRecord(hit)
        table.add([record.type, record.id.description, record.name, record.detail])
      }
      output.write(table, to: services.console)
      if hits.count == limit && !output.csv {
        services.console.error("Showing the first \(limit); --limit N shows more.")
      }
    }
  }
}

/// One `find --json` result: `type` (organisation or contact), `id`, `name` and a one-line `detail`.
struct SearchHitRecord: Encodable {
  let type: String
  let id: Int64
  let name: String
  let detail: String
  let email: String?
  let phone: String?
  let organisation: String?

  init(_ hit: SearchHit) {
    switch hit.entry {
    case .organisation(let organisation):
      type = "organisation"
      id = organisation.id.rawValue
      name = organisation.name
      email = organisation.email?.value
      phone = organisation.phone?.value
      self.organisation = nil
      detail = [
        organisation.acronym, organisation.kind, organisation.region?.description,
        organisation.email?.value, organisation.phone?.formatted,
      ].compactMap { $0 }.joined(separator: " · ")
    case .contact(let contact, let organisation):
      type = "contact"
      id = contact.id.rawValue
      name = contact.name
      email = contact.email.value
      phone = contact.phone?.value
      self.organisation = organisation?.name
      detail = [
        contact.position, organisation?.shortName, contact.email.value, contact.phone?.formatted,
      ].compactMap { $0 }.joined(separator: " · ")
    }
  }
}
