import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja.OrgGroup {
  /// `pokja org add`: adds an organisation.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add an organisation.",
      discussion: """
        Kinds and services may be written in Indonesian or English (kementerian = ministry, lsm = \
        ngo, rumah aman = shelter, bantuan hukum = legal aid, …); a word not yet known becomes a \
        new term and is reported. Without a region the organisation covers the whole country.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Public name, e.g. \"Kementerian Sosial\".") var name: String
    @Option(help: "Short form people type, e.g. Kemensos.") var acronym: String?
    @Option(
      help: "What it is: kementerian/ministry, lembaga/agency, polisi, lsm/ngo, gugus tugas, …")
    var kind: String?
    @Option(help: "The organisation it belongs to (ID, name or acronym).") var parent: String?
    @Option(help: "Where it works: \"Kota Surabaya, Jawa Timur\", \"Jawa Barat\"; none = national.")
    var region: String?
    @Option(help: "Province (name, code or short form such as Jabar).") var province: String?
    @Option(help: "Regency or city within the province, e.g. \"Kota Bandung\".") var regency:
      String?
    @Option(help: "A service it offers for referrals (rumah aman, bantuan hukum, …); repeat.")
    var service: [String] = []
    @Option(help: "A tag; repeat or separate with commas.") var tag: [String] = []
    @Option(help: "Website.") var website: String?
    @Option(help: "Email address; repeat for several, the main one first.") var email: [String] = []
    @Option(
      help:
        "Phone number (0812…, (021) 3103591, +62…, or a hotline as dialled: 110, 129, 1500-771); repeat for several."
    )
    var phone: [String] = []
    @Option(help: "Postal address.") var address: String?
    @Option(help: "Notes.") var notes: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let added = try services.directory.addOrganisation(
        OrganisationInput(
          name: name, acronym: acronym, kind: kind, parent: parent, region: region,
          province: province, regency: regency, services: service, tags: tag, website: website,
          emails: email, phones: phone, address: address, notes: notes))
      let organisation = added.record
      for term in added.newTerms {
        services.console.error("pokja: new vocabulary term \(term) (not a synonym of a known one)")
      }
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.OrganisationJSON(organisation)))
      } else {
        let place = organisation.region.map { " — \($0)" } ?? ""
        services.console.write(
          "Added organisation \(organisation.id): \(organisation.name)\(place)")
      }
    }
  }
}
