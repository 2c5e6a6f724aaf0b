import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What every `DirectoryStore` must do: records kept whole, found by ID, name, acronym and any
/// address, lists by name, search, edits, removals and merges, and batches that keep all or nothing.
@Suite struct DirectoryStoreContractTests {
  let clock = ManualClock(contractNow)

  @Test(arguments: StoreKind.available)
  func anOrganisationIsKeptWholeAndFoundByIDNameOrAcronym(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let parent = try store.insert(
      Organisation(id: .unassigned, name: "Kementerian Sosial", acronym: "Kemensos"))
    let unit = Organisation(
      id: OrganisationID(999), name: "UPTD PPA Kota Surabaya", acronym: "UPTD Sby",
      kind: "service-unit", parentID: parent.id,
      region: Region(
        province: try #require(Province.named("Jawa Timur")), regency: "Kota Surabaya"),
      services: ["shelter", "psychosocial"], tags: ["pleno", "pokja"],
      website: "https://ppa.surabaya.example",
      emails: [email("uptd@surabaya.example"), email("piket@surabaya.example")],
      phones: [try #require(PhoneNumber("(031) 5678910")), try #require(PhoneNumber("1500-771"))],
      address: "Jl. Jimerto 25, Surabaya", notes: "Buka 24 jam")
    let stored = try store.insert(unit)
    // The ID given is ignored: the store gives one of its own.
    #expect(stored.id != unit.id && stored.id != parent.id)
    var expected = unit
    expected.id = stored.id
    #expect(stored == expected)
    #expect(try store.organisation(.id(stored.id)) == expected)
    #expect(try store.organisation(.key("uptd ppa kota SURABAYA")) == expected)
    #expect(try store.organisation(.key("uptd sby")) == expected)
    #expect(try store.organisation(.key("UPTD PPA")) == nil)
    #expect(try store.organisation(.id(OrganisationID(9_999))) == nil)
    #expect(try store.organisations() == [parent, expected])
  }

  @Test(arguments: StoreKind.available)
  func aContactIsKeptWithEveryAddressAndMembershipAndNamedByTheDaysOrganisation(_ kind: StoreKind)
    throws
  {
    let store = try kind.open(clock: clock).store
    let ppa = try store.insert(Organisation(id: .unassigned, name: "UPTD PPA Kota Surabaya"))
    let kemensos = try store.insert(Organisation(id: .unassigned, name: "Kementerian Sosial"))
    let contact = Contact(
      id: .unassigned, honorific: "Ibu", name: "Wulan Sari", position: "Kepala Biro",
      memberships: [
        Membership(organisationID: ppa.id, since: "2020-01-01", until: "2025-07-01"),
        Membership(organisationID: kemensos.id, role: .head, since: "2025-07-01"),
      ],
      email: email("wulan@kemensos.example"), otherEmails: [email("wulan.sari@mail.example")],
      phones: [try #require(PhoneNumber("0812-3456-7890"))],
      whatsapp: try #require(E164Number("0812 3456 7890")), telegram: "@wulansari",
      language: .english, tags: ["pleno"], doNotContact: true, notes: "Pagi saja")
    let stored = try store.insert(contact)
    // She left the PPA on 1 July 2025: on the store's day she is Kemensos's.
    var expected = contact
    expected.id = stored.id
    expected.organisationID = kemensos.id
    #expect(stored == expected)
    #expect(try store.contact(.id(stored.id)) == expected)
    #expect(try store.contact(.key("wulan@kemensos.example")) == expected)
    // Any of her addresses names her, whatever the case of its local part.
    #expect(try store.contact(havingEmail: email("WULAN.SARI@mail.example")) == expected)
    #expect(try store.contact(havingEmail: email("nobody@mail.example")) == nil)
    #expect(try store.contacts(withIDs: [stored.id, ContactID(9_999)]) == [expected])
    #expect(try store.contacts(withIDs: []).isEmpty)
    // A former membership is still a membership.
    #expect(try store.members(of: ppa.id) == [expected])
    #expect(try store.members(of: kemensos.id) == [expected])
    // Read on a day she was still at the PPA, the PPA names her.
    clock.set(instant("2025-01-15T09:00:00+07:00"))
    #expect(try store.contact(.id(stored.id))?.organisationID == ppa.id)
  }

  @Test(arguments: StoreKind.available)
  func listsAreByNameWithCaseAndAccentsAside(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    for name in ["fajar Institute", "Élan Foundation", "Dian Desa"] {
      _ = try store.insert(Organisation(id: .unassigned, name: name))
    }
    #expect(
      try store.organisations().map(\.name) == ["Dian Desa", "Élan Foundation", "fajar Institute"])
    let home = try #require(try store.organisation(.key("Dian Desa")))
    for (name, address) in [
      ("fajar Siddiq", "fajar@example.org"), ("Élise Hartono", "elise@example.org"),
      ("Dimas Prakoso", "dimas@example.org"),
    ] {
      _ = try store.insert(
        Contact(id: .unassigned, name: name, organisationID: home.id, email: email(address)))
    }
    let byName = ["Dimas Prakoso", "Élise Hartono", "fajar Siddiq"]
    #expect(try store.contacts().map(\.name) == byName)
    #expect(try store.members(of: home.id).map(\.name) == byName)
    for name in ["tim Pleno", "Évaluasi", "Dewan"] {
      _ = try store.insert(ContactGroup(id: .unassigned, name: name))
    }
    #expect(try store.groups().map(\.name) == ["Dewan", "Évaluasi", "tim Pleno"])
    for name in ["ruang Kecil", "Átrium", "Aula"] {
      _ = try store.insert(Room(id: .unassigned, name: name))
    }
    #expect(try store.rooms().map(\.name) == ["Átrium", "Aula", "ruang Kecil"])
  }

  @Test(arguments: StoreKind.available)
  func aSecondRecordWithATakenNameAcronymOrAddressIsRefusedAndLeavesNothing(_ kind: StoreKind)
    throws
  {
    let store = try kind.open(clock: clock).store
    let kemensos = try store.insert(
      Organisation(id: .unassigned, name: "Kementerian Sosial", acronym: "Kemensos"))
    #expect(
      throws: DirectoryError.duplicateOrganisation(
        name: "KEMENTERIAN SOSÍAL", existing: kemensos.id)
    ) {
      try store.insert(Organisation(id: .unassigned, name: "KEMENTERIAN SOSÍAL"))
    }
    #expect(throws: DirectoryError.duplicateAcronym(acronym: "KEMENSOS", existing: kemensos.id)) {
      try store.insert(Organisation(id: .unassigned, name: "Kemensos Baru", acronym: "KEMENSOS"))
    }
    #expect(try store.organisations() == [kemensos])
    let wulan = try store.insert(
      Contact(
        id: .unassigned, name: "Wulan Sari", email: email("wulan@kemensos.example"),
        otherEmails: [email("wulan@mail.example")]))
    #expect(throws: DirectoryError.duplicateContactEmail(wulan.email, existing: wulan.id)) {
      try store.insert(
        Contact(
          id: .unassigned, name: "Wulan S.", email: email("new@example.org"),
          otherEmails: [email("WULAN@mail.example")]))
    }
    #expect(try store.contacts() == [wulan])
    #expect(try store.contact(havingEmail: email("new@example.org")) == nil)
  }

  @Test(arguments: StoreKind.available)
  func anUpdateKeepsEveryFieldAndChangesWhatFindsTheRecord(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let pulih = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pulih"))
    let other = try store.insert(Organisation(id: .unassigned, name: "Kementerian Sosial"))
    let rina = try store.insert(
      Contact(
        id: .unassigned, name: "Rina Wijaya", organisationID: pulih.id,
        email: email("rina@pulih.example"), otherEmails: [email("rina@old.example")]))
    var renamed = pulih
    renamed.name = "Yayasan Pulih Indonesia"
    renamed.acronym = "YPI"
    renamed.tags = ["pokja"]
    renamed.emails = [email("info@pulih.example")]
    try store.update(renamed)
    #expect(try store.organisation(.id(pulih.id)) == renamed)
    #expect(try store.organisation(.key("ypi")) == renamed)
    #expect(try store.organisation(.key("Yayasan Pulih")) == nil)
    // The search finds it by its new name, and its people by it too.
    #expect(
      try names(store.search(query("indonesia", entity: .organisation)))
        == ["Yayasan Pulih Indonesia"])
    #expect(
      Set(try names(store.search(query("ypi")))) == ["Yayasan Pulih Indonesia", "Rina Wijaya"])

    var moved = rina
    moved.otherEmails = [email("rina.w@mail.example")]
    moved.memberships = [Membership(organisationID: other.id, role: .focalPoint)]
    moved.organisationID = other.id
    moved.position = "Narahubung"
    moved.doNotContact = true
    try store.update(moved)
    #expect(try store.contact(.id(rina.id)) == moved)
    #expect(try store.contact(havingEmail: email("rina.w@mail.example")) == moved)
    #expect(try store.contact(havingEmail: email("rina@old.example")) == nil)
    #expect(try store.members(of: pulih.id).isEmpty)
    #expect(try store.members(of: other.id) == [moved])
    #expect(try names(store.search(query("narahubung"))) == ["Rina Wijaya"])
    // The address she gave up is free for someone else.
    let someone = try store.insert(
      Contact(id: .unassigned, name: "Someone Else", email: email("rina@old.example")))
    #expect(try store.contact(havingEmail: email("rina@old.example")) == someone)
  }

  @Test(arguments: StoreKind.available)
  func theSearchFindsPrefixesAccentsAcronymsTyposAndPhonesHoweverWritten(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let directory = Directory(store: store, clock: clock, timeZone: Zones.jakarta)
    _ = try directory.addOrganisation(
      OrganisationInput(
        name: "Kementerian Sosial", acronym: "Kemensos", kind: "kementerian",
        phones: ["(021) 3103591"]))
    _ = try directory.addOrganisation(
      OrganisationInput(
        name: "LBH APIK Jawa Barat", acronym: "LBH APIK Jabar", kind: "LSM", region: "Jawa Barat",
        tags: ["pokja"]))
    _ = try directory.addOrganisation(
      OrganisationInput(name: "Muslimat NU", kind: "ormas", tags: ["pokja", "pleno"]))
    _ = try directory.addOrganisation(
      OrganisationInput(name: "SAPA Kota Bandung", region: "Jawa Barat", phones: ["1500-771"]))
    _ = try directory.addContact(
      ContactInput(
        honorific: "Ibu", name: "Lina Marlina", organisations: ["Kemensos"],
        emails: ["lina@kemensos.example"], phones: ["0857-1000-2000"]))
    _ = try directory.addContact(
      ContactInput(
        name: "Désirée Kusuma", organisations: ["LBH APIK Jabar"], role: "focal point",
        emails: ["desiree@lbhapik.example"], tags: ["pleno"]))

    #expect(try directory.find("kemen").first?.name == "Kementerian Sosial")
    #expect(try directory.find("desiree").map(\.name) == ["Désirée Kusuma"])
    #expect(try directory.find("DÉSIRÉE kus").map(\.name) == ["Désirée Kusuma"])
    #expect(try directory.find("lbh apik jabar").first?.name == "LBH APIK Jawa Barat")
    #expect(try directory.find("muslinat").first?.name == "Muslimat NU")
    #expect(try directory.find("Ibu Lina").first?.name == "Lina Marlina")
    for written in ["0857-1000-2000", "+62 857 1000 2000", "6285710002000", "(0857) 10002000"] {
      #expect(try directory.find(written).map(\.name) == ["Lina Marlina"], "\(written)")
    }
    #expect(try directory.find("021 3103591").first?.name == "Kementerian Sosial")
    #expect(try directory.find("771").map(\.name) == ["SAPA Kota Bandung"])
    #expect(try directory.find("desiree@lbhapik.example").map(\.name) == ["Désirée Kusuma"])
    #expect(try directory.find("nobody").isEmpty)
    // Filters are part of the query: kind, tag and region; a contact carries her organisation's.
    func found(_ text: String, _ filters: SearchFilters) throws -> Set<String> {
      Set(try directory.find(text, filters: filters).map(\.name))
    }
    #expect(
      try found("", SearchFilters(tag: "pokja")) == ["LBH APIK Jawa Barat", "Muslimat NU"])
    #expect(
      try found("", SearchFilters(region: "Jawa Barat"))
        == ["LBH APIK Jawa Barat", "SAPA Kota Bandung", "Désirée Kusuma"])
    #expect(try found("", SearchFilters(kind: "ngo")) == ["LBH APIK Jawa Barat", "Désirée Kusuma"])
    #expect(try found("kusuma", SearchFilters(tag: "pleno")) == ["Désirée Kusuma"])
    #expect(try found("kusuma", SearchFilters(tag: "pokja")).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func theSearchRanksNamesAboveDetailsAndHonoursEntityAndLimit(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    _ = try store.insert(
      Contact(
        id: .unassigned, name: "Rina Wijaya", position: "Konselor Pulih",
        email: email("rina@example.org")))
    _ = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pulih"))
    #expect(try names(store.search(query("pulih"))) == ["Yayasan Pulih", "Rina Wijaya"])
    #expect(try names(store.search(query("pulih", entity: .contact))) == ["Rina Wijaya"])
    #expect(try names(store.search(query("pulih", entity: .organisation))) == ["Yayasan Pulih"])
    #expect(try store.search(query("pulih", limit: 1)).count == 1)
    // Every word must match; any alternative of a word may.
    #expect(try names(store.search(query("pulih", "rina"))) == ["Rina Wijaya"])
    let either = DirectoryQuery(
      words: [DirectoryQuery.Word(prefixes: ["zzz"], exact: ["yayasan"])], limit: 20)
    #expect(try names(store.search(either)) == ["Yayasan Pulih"])
    // A search result names a contact's organisation.
    let kemensos = try store.insert(
      Organisation(id: .unassigned, name: "Kementerian Sosial", acronym: "Kemensos"))
    let lina = try store.insert(
      Contact(
        id: .unassigned, name: "Lina Marlina", organisationID: kemensos.id,
        email: email("lina@kemensos.example")))
    #expect(try store.search(query("marlina")) == [.contact(lina, organisation: kemensos)])
  }

  @Test(arguments: StoreKind.available)
  func typoCandidatesComeFromTheWordsOfIndexedRecords(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    _ = try store.insert(Organisation(id: .unassigned, name: "Muslimat NU"))
    #expect(try store.isIndexedWord("muslimat"))
    #expect(try !store.isIndexedWord("muslinat"))
    #expect(try store.correctionCandidates(for: "muslinat").contains("muslimat"))
    #expect(try store.correctionCandidates(for: "muslimats").contains("muslimat"))
    #expect(try !store.correctionCandidates(for: "kemensos").contains("muslimat"))
  }

  @Test(arguments: StoreKind.available)
  func servicesRegionsAndLearnedTermsAreAnswered(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let jatim = try #require(Province.named("Jawa Timur"))
    let surabaya = Region(province: jatim, regency: "Kota Surabaya")
    let shelter = try store.insert(
      Organisation(
        id: .unassigned, name: "UPTD PPA Kota Surabaya", region: surabaya, services: ["shelter"]))
    let national = try store.insert(
      Organisation(
        id: .unassigned, name: "Kementerian Sosial", services: ["legal-aid", "shelter"]))
    _ = try store.insert(
      Organisation(id: .unassigned, name: "LBH APIK", region: Region(province: jatim)))
    #expect(try store.organisations(offering: "shelter") == [national, shelter])
    #expect(try store.organisations(offering: "legal-aid") == [national])
    #expect(try store.organisations(offering: "translation").isEmpty)
    #expect(try store.knownRegions(regencyKey: try #require(surabaya.regencyKey)) == [surabaya])
    #expect(try store.knownRegions(regencyKey: "kota malang").isEmpty)
    try store.learn("pendampingan-korban", in: .service)
    try store.learn("pendampingan-korban", in: .service)
    try store.learn("ada-layanan", in: .service)
    try store.learn("forum-warga", in: .kind)
    #expect(
      try store.learnedTerms() == [
        .service: ["ada-layanan", "pendampingan-korban"], .kind: ["forum-warga"],
      ])
  }

  @Test(arguments: StoreKind.available)
  func aRemovedContactIsGoneFromListsAddressesAndSearch(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    #expect(try store.meetings(attendedBy: setup.wulan.id).isEmpty)
    try store.add(
      meeting("Rapat Pleno", at: instant("2026-12-07T10:00:00+07:00")),
      attendees: [setup.wulan.id])
    try store.add(
      meeting("Rapat Persiapan", at: instant("2026-12-03T10:00:00+07:00")),
      attendees: [setup.hannah.id, setup.wulan.id])
    // Those invited are named with the meetings' titles, by start.
    #expect(try store.meetings(attendedBy: setup.wulan.id) == ["Rapat Persiapan", "Rapat Pleno"])

    let extra = try store.insert(
      Contact(
        id: .unassigned, name: "Budi Santoso", organisationID: setup.organisation.id,
        email: email("budi@kemensos.example"), otherEmails: [email("budi@mail.example")]))
    try store.delete(extra.id)
    #expect(try store.contact(.id(extra.id)) == nil)
    #expect(try store.contact(havingEmail: email("budi@mail.example")) == nil)
    #expect(try store.contacts().map(\.name) == ["Hannah de Vries", "Wulan Sari"])
    #expect(try store.members(of: setup.organisation.id) == [setup.wulan])
    #expect(try store.search(query("budi")).isEmpty)
    let again = try store.insert(
      Contact(id: .unassigned, name: "Budi Santoso", email: email("budi@mail.example")))
    #expect(try store.contact(havingEmail: email("budi@mail.example")) == again)
  }

  @Test(arguments: StoreKind.available)
  func mergingMovesMeetingsMessagesGroupsAndAddressesToTheKeptContact(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let duplicate = try store.insert(
      Contact(id: .unassigned, name: "W. Sari", email: email("wsari@mail.example")))
    let both = try store.add(
      meeting("Rapat Pleno", at: instant("2026-12-07T10:00:00+07:00")),
      attendees: [setup.wulan.id, duplicate.id, setup.hannah.id])
    let onlyDuplicate = try store.add(
      meeting("Rapat Persiapan", at: instant("2026-12-03T10:00:00+07:00")),
      attendees: [duplicate.id])
    _ = try store.insert(
      ContactGroup(
        id: .unassigned, name: "Tim Pleno",
        members: [.contact(duplicate.id), .contact(setup.hannah.id)]
      ))
    let queued = try store.enqueue(
      [draft("invitation:dup", to: "wsari@mail.example", contact: duplicate.id)], route: .smtp,
      at: contractNow)

    var kept = setup.wulan
    kept.otherEmails = [duplicate.email]
    try store.merge(duplicate.id, into: kept)
    #expect(try store.contact(.id(duplicate.id)) == nil)
    #expect(try store.contact(.id(kept.id)) == kept)
    #expect(try store.contact(havingEmail: duplicate.email) == kept)
    #expect(try store.contacts().map(\.name) == ["Hannah de Vries", "Wulan Sari"])
    // Invited once where both were; in the other's place where only the other was.
    #expect(try store.attendees(of: both.id).map(\.contactID) == [kept.id, setup.hannah.id])
    #expect(try store.attendees(of: onlyDuplicate.id).map(\.contactID) == [kept.id])
    #expect(
      try store.group(named: "Tim Pleno")?.members == [
        .contact(kept.id), .contact(setup.hannah.id),
      ])
    #expect(try store.message(queued[0].id)?.contactID == kept.id)
    #expect(try store.search(query("sari")).count == 1)
  }

  @Test(arguments: StoreKind.available)
  func aGroupKeepsItsMembersInOrderItsQueryAndItsDescription(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let group = ContactGroup(
      id: GroupID(77), name: "Tím Pleno", description: "Anggota pleno",
      members: [
        .contact(setup.hannah.id), .organisation(setup.organisation.id), .contact(setup.wulan.id),
      ])
    let stored = try store.insert(group)
    var expected = group
    expected.id = stored.id
    #expect(stored == expected)
    #expect(try store.group(named: "TIM PLENO") == expected)
    #expect(try store.group(named: "Tim") == nil)
    var changed = expected
    changed.members = [.contact(setup.wulan.id)]
    changed.description = nil
    changed.query = GroupQuery(kind: "ministry", tag: "pleno")
    try store.update(changed)
    #expect(try store.groups() == [changed])
    try store.delete(changed.id)
    #expect(try store.groups().isEmpty)
    #expect(try store.group(named: "Tim Pleno") == nil)
    // Its members stay in the directory.
    #expect(try store.contacts().count == 2)
  }

  @Test(arguments: StoreKind.available)
  func facetsAloneSelectWhatASavedQueryGroupHolds(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let kemensos = try store.insert(
      Organisation(id: .unassigned, name: "Kementerian Sosial", kind: "ministry", tags: ["pleno"]))
    _ = try store.insert(
      Organisation(id: .unassigned, name: "Muslimat NU", kind: "mass-organisation"))
    _ = try store.insert(
      Contact(
        id: .unassigned, name: "Lina Marlina", organisationID: kemensos.id,
        email: email("lina@kemensos.example")))
    let ministry = [DirectoryFacet.kind("ministry")]
    let entries = try store.entries(withFacets: ministry, entity: nil)
    #expect(Set(names(entries)) == ["Kementerian Sosial", "Lina Marlina"])
    #expect(names(try store.entries(withFacets: ministry, entity: .contact)) == ["Lina Marlina"])
    #expect(
      try store.entries(withFacets: ministry + [DirectoryFacet.tag("pleno")], entity: nil)
        == [.organisation(kemensos)])
    #expect(try store.entries(withFacets: [DirectoryFacet.tag("nothing")], entity: nil).isEmpty)
  }

  // MARK: Batches

  @Test(arguments: StoreKind.available)
  func aBatchThatFailsKeepsNothingAndItsReadsSawItsWrites(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    #expect(throws: Deliberate.self) {
      try store.atomically {
        let pulih = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
        _ = try store.insert(
          Contact(
            id: .unassigned, name: "Rina Wijaya", organisationID: pulih.id,
            email: email("rina@pelangi.example")))
        try store.log(
          ChangeEntry(
            at: contractNow, actor: "wulan", entity: .organisation, entityID: pulih.id.rawValue,
            name: pulih.name, action: .added, summary: ""))
        // What the batch wrote is there for the batch's own reads.
        #expect(try store.organisation(.key("yayasan pelangi")) == pulih)
        #expect(
          try store.contact(havingEmail: email("rina@pelangi.example"))?.name == "Rina Wijaya")
        throw Deliberate()
      }
    }
    #expect(try store.organisations().isEmpty)
    #expect(try store.contacts().isEmpty)
    #expect(try store.changes(entity: nil, id: nil, limit: 10).isEmpty)
    #expect(try store.search(query("pelangi")).isEmpty)
    #expect(try !store.isIndexedWord("pelangi"))

    // A store write refused inside a batch undoes the batch too.
    let kept = try store.insert(
      Contact(id: .unassigned, name: "Wulan Sari", email: email("wulan@kemensos.example")))
    #expect(throws: DirectoryError.duplicateContactEmail(kept.email, existing: kept.id)) {
      try store.atomically {
        _ = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
        _ = try store.insert(
          Contact(id: .unassigned, name: "Wulan Lain", email: email("WULAN@kemensos.example")))
      }
    }
    #expect(try store.organisations().isEmpty)
    #expect(try store.contacts() == [kept])
    // What a batch did keep, it kept whole, and the words it indexed find it.
    try store.atomically {
      _ = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
    }
    #expect(try names(store.search(query("pelangi"))) == ["Yayasan Pelangi"])
    #expect(try store.isIndexedWord("pelangi"))
  }

  @Test(arguments: StoreKind.available)
  func aDryRunReportsWhatItDidAndKeepsNothing(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let seen = try store.rollingBack {
      _ = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
      return try store.organisations().map(\.name)
    }
    #expect(seen == ["Yayasan Pelangi"])
    #expect(try store.organisations().isEmpty)
    #expect(try !store.isIndexedWord("pelangi"))
    // A dry run that fails keeps nothing either.
    #expect(throws: Deliberate.self) {
      try store.rollingBack {
        _ = try store.insert(Organisation(id: .unassigned, name: "Forum Warga Sejahtera"))
        throw Deliberate()
      }
    }
    #expect(try store.organisations().isEmpty)
    // Neither leaves anything behind that stops a real run from indexing the same words.
    _ = try store.insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
    _ = try store.insert(Organisation(id: .unassigned, name: "Forum Warga Sejahtera"))
    #expect(try store.isIndexedWord("pelangi"))
    #expect(try store.isIndexedWord("sejahtera"))
    #expect(try store.correctionCandidates(for: "sejahtra").contains("sejahtera"))
  }

  @Test(arguments: StoreKind.available)
  func twoHandlesAddingOneOrganisationAtOnceKeepOne(_ kind: StoreKind) throws {
    let opened = try kind.open(clock: clock)
    let handles = try (0..<6).map { _ in try opened.anotherHandle() }
    let results = concurrently(handles.count) { index in
      try handles[index].insert(Organisation(id: .unassigned, name: "Yayasan Pelangi"))
    }
    let added = results.compactMap { try? $0.get() }
    #expect(added.count == 1)
    let existing = try #require(added.first).id
    for result in results {
      if case .failure(let error) = result {
        #expect(
          error as? DirectoryError
            == .duplicateOrganisation(name: "Yayasan Pelangi", existing: existing))
      }
    }
    #expect(try opened.store.organisations().map(\.id) == [existing])
  }
}
