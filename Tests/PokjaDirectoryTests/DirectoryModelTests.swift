import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaTestSupport
import Testing

/// A small network: national ministries, provincial and city service units, NGOs, and their people.
struct NetworkFixture {
  let directory: Directory

  init(_ kind: StoreKind) throws {
    directory = Directory(store: try kind.freshStore())
    let organisations: [OrganisationInput] = [
      OrganisationInput(
        name: "Kementerian Sosial", acronym: "Kemensos", kind: "kementerian",
        services: ["rehabilitasi", "rumah aman"], phones: ["(021) 3103591"]),
      OrganisationInput(
        name: "UPTD PPA Kota Surabaya", kind: "layanan", region: "Kota Surabaya, Jawa Timur",
        services: ["Rumah Aman", "psikososial"]),
      OrganisationInput(
        name: "UPTD PPA Provinsi Jawa Timur", kind: "uptd", province: "Jatim",
        services: ["shelter", "bantuan hukum"]),
      OrganisationInput(
        name: "UPTD PPA Kabupaten Sidoarjo", kind: "layanan", province: "35",
        regency: "Kab. Sidoarjo", services: ["rumah aman"]),
      OrganisationInput(
        name: "LBH APIK Jawa Barat", acronym: "LBH APIK Jabar", kind: "LSM", region: "Jawa Barat",
        services: ["legal aid"], tags: ["pokja"]),
      OrganisationInput(name: "Muslimat NU", kind: "ormas", tags: ["pokja", "pleno"]),
    ]
    for input in organisations { _ = try directory.addOrganisation(input) }
    _ = try directory.addContact(
      ContactInput(
        honorific: "Ibu", name: "Lina Marlina", position: "Kepala UPTD",
        organisations: ["UPTD PPA Kota Surabaya"], role: "kepala",
        emails: ["lina@surabaya.example"],
        phones: ["0857-1000-2000"], whatsapp: "0857 1000 2000"))
    _ = try directory.addContact(
      ContactInput(
        name: "Staf Piket", organisations: ["UPTD PPA Kota Surabaya"],
        emails: ["piket@surabaya.example"]))
    _ = try directory.addContact(
      ContactInput(
        honorific: "Bapak", name: "Dimas Prakoso", organisations: ["UPTD PPA Provinsi Jawa Timur"],
        role: "narahubung", emails: ["dimas@jatimprov.example", "dimas.p@mail.example"],
        phones: ["+62 822 3000 4000"]))
    _ = try directory.addContact(
      ContactInput(
        name: "Désirée Kusuma", organisations: ["LBH APIK Jabar"], role: "focal point",
        emails: ["desiree@lbhapik.example"], tags: ["pleno"]))
    _ = try directory.addContact(
      ContactInput(
        name: "Nur Aini", organisations: ["Muslimat NU"], emails: ["nur@mnu.example"],
        doNotContact: true))
  }
}

@Suite struct DirectoryModelTests {
  @Test(arguments: StoreKind.eachStore) func kindsAndServicesAreReadThroughTheVocabulary(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let kemensos = try network.directory.organisation("Kemensos")
    #expect(kemensos.kind == "ministry")
    #expect(kemensos.services == ["rehabilitation", "shelter"])
    #expect(try network.directory.organisation("LBH APIK Jabar").kind == "ngo")
    #expect(try network.directory.organisation("Muslimat NU").kind == "mass-organisation")
    let added = try network.directory.addOrganisation(
      OrganisationInput(
        name: "Yayasan Pulih", kind: "ngo", services: ["Pendampingan Korban", "konseling"]))
    #expect(added.record.services == ["pendampingan-korban", "psychosocial"])
    #expect(added.newTerms == ["service 'pendampingan-korban'"])
    // Once learned, the term is known.
    let again = try network.directory.addOrganisation(
      OrganisationInput(name: "Yayasan Lain", services: ["pendampingan korban"]))
    #expect(again.newTerms.isEmpty)
  }

  @Test(arguments: StoreKind.eachStore) func regionsNameAProvinceAndARegencyWithinIt(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let surabaya = try network.directory.organisation("UPTD PPA Kota Surabaya")
    #expect(surabaya.region?.province.name == "Jawa Timur")
    #expect(surabaya.region?.regency == "Kota Surabaya")
    #expect(
      try network.directory.organisation("UPTD PPA Kabupaten Sidoarjo").region?.regency
        == "Kabupaten Sidoarjo")
    #expect(try network.directory.organisation("Kemensos").region == nil)
    // A regency the directory knows is enough on its own; one it does not know needs its province.
    #expect(try network.directory.region("kota surabaya")?.province.code == "35")
    #expect(throws: DirectoryError.unknownRegion("Kota Malang")) {
      try network.directory.region("Kota Malang")
    }
    #expect(try network.directory.region("Kota Malang, Jawa Timur")?.regency == "Kota Malang")
    #expect(try network.directory.region("West Java")?.province.name == "Jawa Barat")
    #expect(try network.directory.region("nasional") == nil)
    #expect(throws: DirectoryError.unknownProvince("Jawa Utara")) {
      try network.directory.addOrganisation(OrganisationInput(name: "X", province: "Jawa Utara"))
    }
    #expect(Province.all.count == 38)
    #expect(Set(Province.all.map(\.code)).count == 38)
  }

  @Test(arguments: StoreKind.eachStore) func contactsHaveMembershipsSeveralAddressesAndAnHonorific(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let dimas = try network.directory.contact("dimas.p@mail.example")
    #expect(dimas.name == "Dimas Prakoso")
    #expect(dimas.addressedName == "Bapak Dimas Prakoso")
    #expect(dimas.emails.map(\.value) == ["dimas@jatimprov.example", "dimas.p@mail.example"])
    #expect(dimas.memberships.first?.role == .focalPoint)
    #expect(throws: DirectoryError.duplicateContactEmail(dimas.email, existing: dimas.id)) {
      try network.directory.addContact(
        ContactInput(name: "Someone", emails: ["new@example.org", "DIMAS.P@mail.example"]))
    }
    #expect(throws: DirectoryError.unknownRole("boss")) {
      try network.directory.addContact(
        ContactInput(
          name: "X", organisations: ["Kemensos"], role: "boss", emails: ["x@example.org"]))
    }
  }

  @Test(arguments: StoreKind.eachStore) func findToleratesOneTypoAndFindsPhonesHoweverWritten(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let directory = network.directory
    #expect(try directory.find("muslinat").first?.name == "Muslimat NU")
    #expect(try directory.find("desiree").map(\.name) == ["Désirée Kusuma"])
    // Honorifics in the query are how people are addressed, not part of the name.
    #expect(try directory.find("Ibu Lina Marlina").first?.name == "Lina Marlina")
    #expect(try directory.find("Pak Dimas").first?.name == "Dimas Prakoso")
    #expect(try directory.find("kemen").first?.name == "Kementerian Sosial")
    #expect(try directory.find("lbh apik").first?.name == "LBH APIK Jawa Barat")
    for written in ["0857-1000-2000", "+62 857 1000 2000", "6285710002000", "(0857) 10002000"] {
      #expect(try directory.find(written).map(\.name) == ["Lina Marlina"], "\(written)")
    }
    #expect(try directory.find("021 3103591").first?.name == "Kementerian Sosial")
    #expect(try directory.find("dimas.p@mail.example").map(\.name) == ["Dimas Prakoso"])
    // Short words must be spelled right: no typo tolerance under five letters.
    #expect(try directory.find("lbj").isEmpty)
  }

  @Test(arguments: StoreKind.eachStore) func findFiltersByKindTagRegionServiceAndOrganisation(_ kind: StoreKind) throws {
    let directory = try NetworkFixture(kind).directory
    func names(_ text: String, _ filters: SearchFilters) throws -> Set<String> {
      Set(try directory.find(text, filters: filters).map(\.name))
    }
    // An organisation's people are found with it (their organisation is part of what they match).
    #expect(
      try names("uptd", SearchFilters(region: "Kota Surabaya"))
        == ["UPTD PPA Kota Surabaya", "Lina Marlina", "Staf Piket"])
    #expect(
      try names("uptd ppa", SearchFilters(region: "Jawa Timur"))
        == [
          "UPTD PPA Kota Surabaya", "UPTD PPA Provinsi Jawa Timur", "UPTD PPA Kabupaten Sidoarjo",
          "Lina Marlina", "Staf Piket", "Dimas Prakoso",
        ])
    #expect(
      try names("uptd", SearchFilters(service: "legal aid"))
        == ["UPTD PPA Provinsi Jawa Timur", "Dimas Prakoso"])
    #expect(try names("muslimat", SearchFilters(tag: "pleno")) == ["Muslimat NU"])
    #expect(try names("desiree", SearchFilters(tag: "pleno")) == ["Désirée Kusuma"])
    #expect(try names("desiree", SearchFilters(tag: "pokja")).isEmpty)
    #expect(try names("lina", SearchFilters(kind: "service unit")) == ["Lina Marlina"])
    #expect(try names("lina", SearchFilters(kind: "ministry")).isEmpty)
    #expect(try names("kementerian", SearchFilters(region: "nasional")) == ["Kementerian Sosial"])
    #expect(
      try names("uptd", SearchFilters(organisation: "UPTD PPA Kota Surabaya"))
        == ["UPTD PPA Kota Surabaya", "Lina Marlina", "Staf Piket"])
  }

  @Test(arguments: StoreKind.eachStore) func referralListsLocalThenProvincialThenNationalProviders(_ kind: StoreKind) throws {
    let directory = try NetworkFixture(kind).directory
    let referrals = try directory.refer(service: "rumah aman", region: "Kota Surabaya")
    #expect(
      referrals.map(\.organisation.name) == [
        "UPTD PPA Kota Surabaya", "UPTD PPA Provinsi Jawa Timur", "Kementerian Sosial",
      ])
    #expect(referrals.map(\.coverage) == [.regency, .province, .national])
    // Sidoarjo covers another regency of the same province: not listed.
    #expect(!referrals.contains { $0.organisation.name.contains("Sidoarjo") })
    // The head is listed, not the duty staff; the provincial focal point too.
    #expect(referrals[0].contacts.map(\.name) == ["Lina Marlina"])
    #expect(referrals[1].contacts.map(\.name) == ["Dimas Prakoso"])
    #expect(
      try directory.refer(service: "shelter", region: "Jawa Barat").map(\.organisation.name)
        == ["Kementerian Sosial"])
    #expect(throws: DirectoryError.self) {
      try directory.refer(service: "astronomy", region: "Jawa Barat")
    }
  }

  @Test(arguments: StoreKind.eachStore) func doNotContactPeopleAreNeverOfferedForReferral(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    _ = try network.directory.addOrganisation(
      OrganisationInput(name: "Posko", kind: "layanan", services: ["pengaduan"]))
    _ = try network.directory.addContact(
      ContactInput(
        name: "Ada", organisations: ["Posko"], role: "head", emails: ["ada@posko.example"],
        doNotContact: true))
    let referral = try #require(
      try network.directory.refer(service: "hotline", region: "Bali").first)
    #expect(referral.contacts.isEmpty)
  }
}
