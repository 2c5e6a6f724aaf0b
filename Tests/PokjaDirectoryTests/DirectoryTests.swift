import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaTestSupport
import Testing

/// The directory's expectations, on each store.
@Suite struct DirectoryTests {

  @Test(arguments: StoreKind.eachStore) func addsOrganisationsAndFindsThemByNameOrAcronym(_ kind: StoreKind) throws {
    let directory = Directory(store: try kind.freshStore())
    let kemensos = try directory.addOrganisation(
      name: "Kementerian Sosial", acronym: "Kemensos", kind: "Ministry", phone: "(021) 3103591")
    #expect(kemensos.kind == "ministry")
    #expect(kemensos.phone?.value == "+62213103591")
    #expect(try directory.organisation("kemensos") == kemensos)
    #expect(try directory.organisation("KEMENTERIAN SOSIAL") == kemensos)
    #expect(try directory.organisation(kemensos.id.description) == kemensos)
    #expect(throws: DirectoryError.organisationNotFound("Kemenlu")) {
      try directory.organisation("Kemenlu")
    }
  }

  @Test(arguments: StoreKind.eachStore) func refusesDuplicateNamesAcronymsAndEmails(_ kind: StoreKind) throws {
    let directory = Directory(store: try kind.freshStore())
    let first = try directory.addOrganisation(name: "LBH APIK", acronym: "APIK")
    #expect(throws: DirectoryError.duplicateOrganisation(name: "lbh apik", existing: first.id)) {
      try directory.addOrganisation(name: "lbh apik")
    }
    #expect(throws: DirectoryError.duplicateAcronym(acronym: "apik", existing: first.id)) {
      try directory.addOrganisation(name: "Another", acronym: "apik")
    }
    let contact = try directory.addContact(name: "Ayu", email: "ayu@example.org")
    #expect(throws: DirectoryError.duplicateContactEmail(contact.email, existing: contact.id)) {
      try directory.addContact(name: "Ayu Lestari", email: "AYU@EXAMPLE.ORG")
    }
  }

  @Test(arguments: StoreKind.eachStore) func validatesContactsFieldByField(_ kind: StoreKind) throws {
    let directory = Directory(store: try kind.freshStore())
    #expect(throws: InputError.invalidEmail(field: "--email", value: "ayu-at-example")) {
      try directory.addContact(name: "Ayu", email: "ayu-at-example")
    }
    #expect(throws: InputError.invalidPhone(field: "--phone", value: "12")) {
      try directory.addContact(name: "Ayu", email: "ayu@example.org", phone: "12")
    }
    #expect(throws: InputError.invalidLanguage("fr")) {
      try directory.addContact(name: "Ayu", email: "ayu@example.org", language: "fr")
    }
    #expect(throws: DirectoryError.organisationNotFound("Nowhere")) {
      try directory.addContact(name: "Ayu", organisation: "Nowhere", email: "ayu@example.org")
    }
    #expect(throws: InputError.controlCharacters(field: "--name")) {
      try directory.addContact(name: "Ayu\nBcc: x@example.org", email: "ayu@example.org")
    }
    #expect(try directory.contacts().isEmpty)
  }

  @Test(arguments: StoreKind.eachStore) func findIgnoresCaseAndAccentsAndRanksExactMatchesFirst(_ kind: StoreKind) throws {
    let directory = Directory(store: try kind.freshStore())
    let lbh = try directory.addOrganisation(name: "LBH APIK", kind: "ngo")
    let muslimat = try directory.addOrganisation(name: "Muslimat NU")
    _ = try directory.addContact(
      name: "Désirée Kusuma", organisation: "LBH APIK", email: "desiree@lbhapik.example",
      phone: "0812-1111-2222")
    _ = try directory.addContact(
      name: "Nur Aini", organisation: "Muslimat NU", email: "nur@mnu.example")

    let desiree = try directory.find("DESIREE")
    #expect(desiree.map(\.name) == ["Désirée Kusuma"])
    let apik = try directory.find("lbh apik")
    #expect(apik.first?.entry == .organisation(lbh))
    #expect(apik.count == 2)  // the organisation, then its person
    #expect(try directory.find("muslimat").first?.entry == .organisation(muslimat))
    #expect(try directory.find("+6281211112222").map(\.name) == ["Désirée Kusuma"])
    #expect(try directory.find("nobody").isEmpty)
    #expect(throws: InputError.empty(field: "search text")) { try directory.find("  ") }
  }
}
