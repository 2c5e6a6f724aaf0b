import ArgumentParser
import PokjaCore
import PokjaDirectory

extension Pokja {
  /// `pokja refer --service S --region R`: who to refer a survivor to.
  struct Refer: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "refer",
      abstract:
        "Find providers of a service for a place: local first, then provincial, then national.",
      discussion: """
        Example: pokja refer --service "rumah aman" --region "Kota Surabaya"
        Providers covering another regency or city of the same province are left out.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The service needed: rumah aman/shelter, bantuan hukum/legal aid, kesehatan, …")
    var service: String
    @Option(
      help: "Where the person is: \"Kota Surabaya\", \"Kota Surabaya, Jawa Timur\", \"Jawa Timur\"."
    )
    var region: String

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let referrals = try services.directory.refer(service: service, region: region)
      let console = services.console
      if output.json {
        console.write(JSONOutput.encode(referrals.map(ReferralRecord.init)))
        return
      }
      guard !referrals.isEmpty else {
        console.write("No provider of '\(service)' covers \(region) yet.")
        return
      }
      for (index, referral) in referrals.enumerated() {
        let organisation = referral.organisation
        let coverage =
          switch referral.coverage {
          case .regency, .province: organisation.region?.description ?? ""
          case .national: "nasional"
          }
        var line = "\(index + 1). \(organisation.name) (\(coverage))"
        if let phone = organisation.phone { line += "  \(phone.formatted)" }
        console.write(line)
        for contact in referral.contacts {
          let reach = [
            contact.phone?.formatted, contact.whatsapp.map { "WA \($0.formatted)" },
            contact.email.value,
          ].compactMap { $0 }
          console.write("     \(contact.addressedName) · \(reach.joined(separator: " · "))")
        }
      }
    }
  }
}

/// One `refer --json` result.
struct ReferralRecord: Encodable {
  let coverage: String
  let organisation: JSONOutput.OrganisationJSON
  let contacts: [JSONOutput.ContactJSON]

  init(_ referral: Referral) {
    coverage = referral.coverage.rawValue
    organisation = JSONOutput.OrganisationJSON(referral.organisation)
    contacts = referral.contacts.map {
      JSONOutput.ContactJSON($0, organisation: referral.organisation)
    }
  }
}
