import PokjaCore
import PokjaDirectory
import PokjaTestSupport
import PokjaPersistence
import Testing

@Suite struct GroupTests {
  @Test(arguments: StoreKind.eachStore) func aStaticGroupHoldsContactsAndOrganisationsStandingForTheirFocalPeople(_ kind: StoreKind) throws {
    let directory = try NetworkFixture(kind).directory
    let group = try directory.addGroup(
      name: "panel", contacts: ["desiree@lbhapik.example"],
      organisations: ["UPTD PPA Kota Surabaya"])
    #expect(try directory.expand(group).map(\.name) == ["Désirée Kusuma", "Lina Marlina"])
    #expect(try directory.attendees("@panel").count == 2)
    #expect(try directory.attendees("dimas@jatimprov.example").map(\.name) == ["Dimas Prakoso"])
    let smaller = try directory.changeMembers(
      of: "@panel", organisations: ["UPTD PPA Kota Surabaya"], removing: true)
    #expect(try directory.expand(smaller).map(\.name) == ["Désirée Kusuma"])
    #expect(throws: DirectoryError.emptyGroup("panel")) {
      try directory.changeMembers(
        of: "panel", contacts: ["desiree@lbhapik.example"], removing: true)
    }
  }

  @Test(arguments: StoreKind.eachStore) func aSavedQueryStaysCurrentAndLeavesOutDoNotContact(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let directory = network.directory
    let providers = try directory.addGroup(name: "jatim", query: GroupQuery(region: "Jawa Timur"))
    #expect(try directory.expand(providers).map(\.name) == ["Dimas Prakoso", "Lina Marlina"])
    // A new focal point in a matching organisation joins the group without anyone touching it.
    _ = try directory.addContact(
      ContactInput(
        name: "Agus Salim", organisations: ["UPTD PPA Kabupaten Sidoarjo"], role: "head",
        emails: ["agus@sidoarjo.example"]))
    #expect(try directory.expand(providers).map(\.name).contains("Agus Salim"))
    let tagged = try directory.addGroup(name: "pleno", query: try GroupQuery(parsing: "tag=pleno"))
    // Muslimat NU is tagged, but its only person is do-not-contact; Désirée is tagged herself.
    #expect(try directory.expand(tagged).map(\.name) == ["Désirée Kusuma"])
    #expect(throws: DirectoryError.invalidGroupQuery("colour=blue")) {
      try GroupQuery(parsing: "colour=blue")
    }
    #expect(throws: DirectoryError.duplicateGroup("Pleno")) {
      try directory.addGroup(name: "Pleno", query: GroupQuery(tag: "x"))
    }
    _ = try directory.removeGroup("@pleno")
    #expect(throws: DirectoryError.groupNotFound("pleno")) { try directory.group("pleno") }
  }
}

@Suite struct EditingTests {
  @Test(arguments: StoreKind.eachStore) func editsAreValidatedAndLogged(_ kind: StoreKind) throws {
    let directory = try NetworkFixture(kind).directory
    var edit = ContactEdit()
    edit.addPhones = ["0813-1111-2222"]
    edit.addTags = ["pleno"]
    edit.position = "Koordinator"
    let edited = try directory.editContact("lina@surabaya.example", edit)
    #expect(edited.phones.map(\.value) == ["+6285710002000", "+6281311112222"])
    #expect(try directory.find("0813 1111 2222").map(\.name) == ["Lina Marlina"])
    let log = try directory.changes(contact: "lina@surabaya.example")
    #expect(log.map(\.action) == [.changed, .added])
    #expect(log[0].summary.contains("position: Kepala UPTD → Koordinator"))
    #expect(log[0].summary.contains("+6281311112222"))

    var organisation = OrganisationEdit()
    organisation.region = "Kota Malang, Jawa Timur"
    organisation.addServices = ["kesehatan"]
    let moved = try directory.editOrganisation("UPTD PPA Kota Surabaya", organisation).record
    #expect(moved.region?.regency == "Kota Malang")
    #expect(moved.services.contains("health"))
    // Its people are found under the new region now.
    #expect(try directory.find("lina", filters: SearchFilters(region: "Kota Malang")).count == 1)

    var clash = ContactEdit()
    clash.addEmails = ["dimas@jatimprov.example"]
    #expect(throws: DirectoryError.self) {
      try directory.editContact("lina@surabaya.example", clash)
    }
    var cycle = OrganisationEdit()
    cycle.parent = "Kemensos"
    _ = try directory.editOrganisation("UPTD PPA Kota Surabaya", cycle)
    var back = OrganisationEdit()
    back.parent = "UPTD PPA Kota Surabaya"
    #expect(throws: DirectoryError.parentCycle("Kementerian Sosial")) {
      try directory.editOrganisation("Kemensos", back)
    }
  }

  @Test(arguments: StoreKind.eachStore) func mergingFoldsADuplicateIntoTheKeptContact(_ kind: StoreKind) throws {
    let directory = try NetworkFixture(kind).directory
    let duplicate = try directory.addContact(
      ContactInput(
        honorific: "Ibu", name: "Lina M.", organisations: ["Kemensos"],
        emails: ["lina.m@mail.example"],
        phones: ["0811-000-111"], tags: ["pokja"]))
    let merged = try directory.mergeContacts(
      keep: "lina@surabaya.example", other: "lina.m@mail.example")
    #expect(merged.name == "Lina Marlina")
    #expect(merged.emails.map(\.value) == ["lina@surabaya.example", "lina.m@mail.example"])
    #expect(merged.memberships.count == 2)
    #expect(merged.tags == ["pokja"])
    #expect(try directory.contact("lina.m@mail.example").id == merged.id)
    #expect(throws: DirectoryError.contactNotFound(duplicate.id.description)) {
      try directory.contact(duplicate.id.description)
    }
    let log = try directory.changes(contact: duplicate.id.description)
    #expect(log.first?.action == .removed)
    let removed = try directory.removeContact("piket@surabaya.example")
    #expect(removed.name == "Staf Piket")
  }
}

@Suite struct MembershipDateTests {
  @Test(arguments: StoreKind.eachStore) func someoneWhoLeftIsNoLongerAFocalPoint(_ kind: StoreKind) throws {
    let network = try NetworkFixture(kind)
    let directory = network.directory
    var edit = ContactEdit()
    edit.leaveOrganisations = ["UPTD PPA Kota Surabaya"]
    edit.leaveDate = "2025-06-30"
    let left = try directory.editContact("lina@surabaya.example", edit)
    #expect(left.memberships.first?.until == "2025-06-30")
    let referral = try directory.refer(service: "rumah aman", region: "Kota Surabaya")
    // Lina has left; the duty staff member is the one left to call.
    #expect(referral[0].contacts.map(\.name) == ["Staf Piket"])
    let newcomer = try directory.addContact(
      ContactInput(
        name: "Rudi", organisations: ["UPTD PPA Kota Surabaya"], role: "focal point",
        since: "2025-07-01", emails: ["rudi@surabaya.example"]))
    #expect(newcomer.memberships.first?.since == "2025-07-01")
    #expect(
      try directory.refer(service: "rumah aman", region: "Kota Surabaya")[0].contacts.map(\.name)
        == ["Rudi"])
    #expect(throws: InputError.inField("--since", .invalidDateTime("1 Juli"))) {
      try directory.addContact(
        ContactInput(
          name: "X", organisations: ["Kemensos"], since: "1 Juli", emails: ["x@example.org"]))
    }
  }
}
