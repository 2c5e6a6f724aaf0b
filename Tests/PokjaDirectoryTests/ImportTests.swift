import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaTestSupport
import PokjaVCard
import Testing

/// A directory on an in-memory database, and helpers to import text into it.
private struct ImportFixture {
  let directory: Directory

  init(_ kind: StoreKind) throws {
    directory = Directory(store: try kind.freshStore(), actor: "rina")
  }

  func organisations(
    _ text: String, name: String = "lembaga.csv", options: ImportOptions = ImportOptions()
  ) throws -> ImportReport {
    try directory.importOrganisations(
      ImportSource(name: name, data: Data(text.utf8), format: .csv), options: options)
  }

  func contacts(
    _ text: String, name: String = "anggota.csv", format: ImportFormat = .csv,
    options: ImportOptions = ImportOptions()
  ) throws -> ImportReport {
    try directory.importContacts(
      ImportSource(name: name, data: Data(text.utf8), format: format), options: options)
  }

  /// The problems an import was refused with, as `FILE:LINE: message` lines.
  func problems(_ body: () throws -> ImportReport) -> [String] {
    do {
      _ = try body()
      Issue.record("the import was not refused")
      return []
    } catch let error as ImportError {
      guard case .rejected(let file, let problems, _) = error else {
        Issue.record("unexpected \(error)")
        return []
      }
      return problems.map { "\(file):\($0.line): \($0.message)" }
    } catch {
      Issue.record("unexpected \(error)")
      return []
    }
  }

  /// Two organisations most contact tests need.
  func seedOrganisations() throws {
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    _ = try directory.addOrganisation(name: "LBH APIK Jakarta", acronym: "LBH APIK")
  }
}

@Suite struct OrganisationImportTests {
  @Test(arguments: StoreKind.eachStore) func addsOrganisationsWithVocabularyRegionsAndParentsNamedLater(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let report = try fixture.organisations(
      """
      Nama Lembaga;Singkatan;Jenis;Induk;Provinsi;Kabupaten/Kota;Layanan;Tag;Telepon;Email
      Direktorat Rehabilitasi Sosial;Dit. RSKBA;direktorat;Kemensos;;;rehabilitasi;;;
      Kementerian Sosial;Kemensos;Kementerian;;;;rehabilitasi, rumah aman;pokja;(021) 3103591;humas@kemensos.go.id
      UPTD PPA Kota Surabaya;;UPTD;;Jatim;Kota Surabaya;rumah aman/psikososial/pendampingan;pokja, pleno;;
      Yayasan Pulih;;LSM;;nasional;;konseling;;0812-1000-2000, 0813-1000-2000;
      """)
    #expect(report.count(.added) == 4)
    #expect(report.records.map(\.line) == [2, 3, 4, 5])
    #expect(report.newTerms == ["kind 'direktorat'", "service 'pendampingan'"])
    let directory = fixture.directory
    let kemensos = try directory.organisation("Kemensos")
    #expect(kemensos.kind == "ministry")
    #expect(kemensos.services == ["rehabilitation", "shelter"])
    #expect(kemensos.phones.map(\.value) == ["+62213103591"])
    #expect(try directory.organisation("Dit. RSKBA").parentID == kemensos.id)
    let surabaya = try directory.organisation("UPTD PPA Kota Surabaya")
    #expect(surabaya.region?.province.name == "Jawa Timur")
    #expect(surabaya.region?.regency == "Kota Surabaya")
    #expect(surabaya.kind == "service-unit")
    #expect(surabaya.services == ["shelter", "psychosocial", "pendampingan"])
    #expect(surabaya.tags == ["pokja", "pleno"])
    let pulih = try directory.organisation("Yayasan Pulih")
    #expect(pulih.region == nil)
    #expect(pulih.phones.count == 2)
    // The change log names the file and line, as hand edits name their author.
    let log = try directory.changes(organisation: "Kemensos")
    #expect(log.last?.summary == "import lembaga.csv:3")
    #expect(log.last?.actor == "rina")
  }

  @Test(arguments: StoreKind.eachStore) func updatesTheOrganisationWithTheSameNameOrAcronymInsteadOfDoublingIt(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let existing = try fixture.directory.addOrganisation(
      name: "Kementerian Sosial", acronym: "Kemensos", kind: "ministry")
    let file = """
      Nama,Singkatan,Jenis,Telepon,Layanan,Catatan
      Kementerian Sosial RI,KEMENSOS,lsm,(021) 3103591,rumah aman,Gedung Cawang
      kementerian sosial,,,(021) 3103592,,
      LBH APIK,,lsm,,,
      LBH Apik,,,,bantuan hukum,
      """
    let report = try fixture.organisations(file)
    #expect(report.records.map(\.outcome) == [.updated, .updated, .added, .merged])
    #expect(report.records[0].reason == "same acronym: Kemensos")
    #expect(report.records[1].reason == "same name: Kementerian Sosial")
    #expect(report.records[3].reason == "same name: LBH APIK")
    let kemensos = try fixture.directory.organisation("Kemensos")
    #expect(kemensos.id == existing.id)
    #expect(kemensos.name == "Kementerian Sosial")
    #expect(kemensos.kind == "ministry")  // kept: only missing fields are filled in
    #expect(kemensos.phones.map(\.value) == ["+62213103591", "+62213103592"])
    #expect(kemensos.services == ["shelter"])
    #expect(kemensos.notes == "Gedung Cawang")
    #expect(try fixture.directory.organisations().count == 2)
    // The same file again changes nothing.
    let again = try fixture.organisations(file)
    #expect(again.records.map(\.outcome) == [.unchanged, .unchanged, .unchanged, .unchanged])
    #expect(try fixture.directory.organisation("Kemensos") == kemensos)
  }

  @Test(arguments: StoreKind.eachStore) func refusesTheWholeFileNamingEveryWrongLineAndField(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let problems = fixture.problems {
      try fixture.organisations(
        """
        Nama;Provinsi;Telepon;Email;Induk
        Dinas Sosial Jabar;Jawa Barta;;;
        Dinas Sosial Jatim;Jawa Timur;12345;;
        UPTD PPA Bandung;Jawa Barat;;uptd@;
        Bidang PPA;Jawa Barat;;;Dinas Sosial Jateng
        ;Jawa Barat;;;
        """)
    }
    #expect(
      problems == [
        "lembaga.csv:2: field 'Provinsi': 'Jawa Barta' is not one of Indonesia's 38 provinces. Write its name (Jawa Barat), its code (32) or a common short form (Jabar).",
        "lembaga.csv:3: field 'Telepon': '12345' is not a phone number. Write an Indonesian number as 0812… or (021) 3103591, any other with its country code, e.g. +31 20 123 4567.",
        "lembaga.csv:4: field 'Email': 'uptd@' is not an email address. Write it as name@example.org.",
        "lembaga.csv:5: field 'Induk': no organisation 'Dinas Sosial Jateng' in the directory or in this file. Write the parent's exact name or acronym, or import it first.",
        "lembaga.csv:6: field 'Nama' must not be empty.",
      ])
    #expect(try fixture.directory.organisations().isEmpty)
    #expect(try fixture.directory.changes().isEmpty)
  }

  @Test(arguments: StoreKind.eachStore) func refusesVCardsForOrganisations(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    #expect(throws: ImportError.vCardOrganisations) {
      try fixture.directory.importOrganisations(
        ImportSource(name: "x.vcf", data: Data(), format: .vcard))
    }
  }
}

@Suite struct ContactImportTests {
  @Test(arguments: StoreKind.eachStore) func readsAnIndonesianExcelFileWithBOMAndSemicolons(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let text =
      "\u{FEFF}Nama;Sapaan;Jabatan;Instansi;Email;No. HP;Bahasa\r\n"
      + "Wulan Sari;Ibu;Direktur Rehabilitasi Sosial;Kemensos;wulan.s@kemensos.go.id;0812-3456-7890;Indonesia\r\n"
      + "Hannah de Vries;Ms.;Adviser;LBH APIK;hannah@apik.example;+31 20 123 4567;Inggris\r\n"
    let report = try fixture.contacts(text)
    #expect(report.count(.added) == 2)
    let wulan = try fixture.directory.contact("wulan.s@kemensos.go.id")
    #expect(wulan.addressedName == "Ibu Wulan Sari")
    #expect(wulan.position == "Direktur Rehabilitasi Sosial")
    #expect(wulan.phone?.value == "+6281234567890")
    #expect(wulan.language == .indonesian)
    #expect(try fixture.directory.organisation("Kemensos").id == wulan.organisationID)
    let hannah = try fixture.directory.contact("hannah@apik.example")
    #expect(hannah.language == .english)
    #expect(hannah.phone?.value == "+31201234567")
  }

  @Test(arguments: StoreKind.eachStore) func mergesRowsRepeatingAnEarlierRowBySameEmailPhoneOrNameInTheSameOrganisation(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let report = try fixture.contacts(
      """
      Nama,Instansi,Email,No. HP,Tag,Peran
      Wulan Sari,Kemensos,wulan.s@kemensos.go.id,0812-1111-2222,pokja,
      Wulan S.,Kementerian Sosial,Wulan.S@kemensos.go.id,,pleno,
      Budi Santoso,LBH APIK,budi@apik.example,0813-3333-4444,,narahubung
      Pak Budi,,budi.s@mail.example,+62 813 3333 4444,,
      Siti Rahayu,Kemensos,siti@kemensos.go.id,,,
      siti rahayu,KEMENSOS,siti.r@mail.example,,,
      Siti Rahayu,LBH APIK,siti@apik.example,,,
      """)
    #expect(
      report.records.map(\.outcome) == [.added, .merged, .added, .merged, .added, .merged, .added])
    #expect(
      report.records.compactMap(\.reason) == [
        "same email: Wulan.S@kemensos.go.id", "same phone: +62 813-3333-4444",
        "same name in Kemensos: siti rahayu",
      ])
    let directory = fixture.directory
    #expect(try directory.contacts().count == 4)
    let wulan = try directory.contact("wulan.s@kemensos.go.id")
    #expect(wulan.name == "Wulan Sari")
    #expect(wulan.emails.count == 1)
    #expect(wulan.tags == ["pokja", "pleno"])
    let budi = try directory.contact("budi@apik.example")
    #expect(budi.name == "Budi Santoso")
    #expect(budi.honorific == "Bapak")
    #expect(budi.emails.map(\.value) == ["budi@apik.example", "budi.s@mail.example"])
    #expect(budi.memberships.first?.role == .focalPoint)
    #expect(try directory.contact("siti.r@mail.example").email.value == "siti@kemensos.go.id")
    #expect(try directory.contact("siti@apik.example").email.value == "siti@apik.example")
  }

  @Test(arguments: StoreKind.eachStore) func aSharedOfficeLandlineDoesNotMakeTwoPeopleOne(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let report = try fixture.contacts(
      """
      Nama,Instansi,Email,Telepon
      Rina Wati,Kemensos,rina@kemensos.go.id,(021) 3103591
      Agus Salim,Kemensos,agus@kemensos.go.id,(021) 3103591
      """)
    #expect(report.records.map(\.outcome) == [.added, .added])
    #expect(try fixture.directory.contacts().count == 2)
  }

  @Test(arguments: StoreKind.eachStore) func rowsMatchingContactsAlreadyInTheDirectoryUpdateThem(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let existing = try fixture.directory.addContact(
      ContactInput(
        honorific: "Ibu", name: "Wulan Sari", organisations: ["Kemensos"],
        emails: ["wulan.s@kemensos.go.id"], notes: "Ruang 701"))
    let file = """
      Nama;Instansi;Email;WA;Catatan
      Wulan;LBH APIK;wulan.s@kemensos.go.id;0812 1111 2222;Ruang 701
      Budi;LBH APIK;budi@apik.example;;
      """
    let report = try fixture.contacts(file)
    #expect(report.records.map(\.outcome) == [.updated, .added])
    #expect(report.records[0].id == existing.id.rawValue)
    #expect(report.records[0].reason == "same email: wulan.s@kemensos.go.id")
    let wulan = try fixture.directory.contact("wulan.s@kemensos.go.id")
    #expect(wulan.name == "Wulan Sari")  // existing values win
    #expect(wulan.whatsapp?.e164 == "+6281211112222")
    #expect(wulan.phones.map(\.value) == ["+6281211112222"])
    #expect(wulan.memberships.count == 2)
    #expect(wulan.notes == "Ruang 701")
    let log = try fixture.directory.changes(contact: "wulan.s@kemensos.go.id")
    #expect(log.first?.action == .changed)
    #expect(log.first?.summary.hasSuffix("(import anggota.csv:2)") == true)
    // Importing it again finds nothing new.
    #expect(try fixture.contacts(file).records.map(\.outcome) == [.unchanged, .unchanged])
  }

  @Test(arguments: StoreKind.eachStore) func anUnknownOrganisationIsAnErrorUnlessCreateOrgs(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let file = """
      Nama,Instansi,Email
      Ani,Kementerian PPPA (KemenPPPA),ani@kemenpppa.go.id
      Dedi,KemenPPPA,dedi@kemenpppa.go.id
      """
    #expect(
      fixture.problems { try fixture.contacts(file) } == [
        "anggota.csv:2: field 'Instansi': no organisation 'Kementerian PPPA (KemenPPPA)' in the directory. Import organisations first (pokja import organisations FILE), write its exact name or acronym, or add --create-orgs.",
        "anggota.csv:3: field 'Instansi': no organisation 'KemenPPPA' in the directory. Import organisations first (pokja import organisations FILE), write its exact name or acronym, or add --create-orgs.",
      ])
    let report = try fixture.contacts(file, options: ImportOptions(createOrganisations: true))
    #expect(report.createdOrganisations.map(\.name) == ["Kementerian PPPA"])
    let created = try fixture.directory.organisation("KemenPPPA")
    #expect(try fixture.directory.members(of: created).count == 2)
  }

  @Test(arguments: StoreKind.eachStore) func aNewContactNeedsAnEmailAndOneRowCannotJoinTwoContacts(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    _ = try fixture.directory.addContact(name: "Ani", email: "ani@example.org")
    _ = try fixture.directory.addContact(name: "Dedi", email: "dedi@example.org")
    let problems = fixture.problems {
      try fixture.contacts(
        """
        Nama,Email,HP
        Tanpa Surel,,0812-5555-6666
        Ani atau Dedi,ani@example.org; dedi@example.org,
        Ani,ani@example.org,
        """)
    }
    #expect(
      problems == [
        "anggota.csv:2: field 'Email': Tanpa Surel has no email address; every new contact needs one (invitations go there). Add it, or leave the row out.",
        "anggota.csv:3: field 'Email': these addresses belong to two contacts (1 and 2). Merge them first (pokja contact merge 1 2), or split the row.",
      ])
  }

  @Test(arguments: StoreKind.eachStore) func aDryRunReportsWhatARealRunDoesAndKeepsNothing(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let file = """
      Nama;Instansi;Email;Layanan
      Wulan;Kemensos;wulan@kemensos.go.id;x
      Wulan;Kemensos;wulan@kemensos.go.id;x
      Budi;Dinas Baru;budi@dinas.example;x
      """
    let options = ImportOptions(dryRun: true, createOrganisations: true)
    let dry = try fixture.contacts(file, options: options)
    #expect(dry.dryRun)
    #expect(try fixture.directory.contacts().isEmpty)
    #expect(try fixture.directory.organisations().count == 2)
    #expect(try fixture.directory.changes().count == 2)  // the two organisations added above
    var real = try fixture.contacts(file, options: ImportOptions(createOrganisations: true))
    #expect(!real.dryRun)
    real.dryRun = true
    #expect(real == dry)
    #expect(real.ignoredColumns == ["Layanan"])
    #expect(try fixture.directory.contacts().count == 2)
  }

  @Test(arguments: StoreKind.eachStore) func collectsProblemsAcrossRowsUpToTheLimit(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let rows = (1...30).map { "Orang \($0),bukan-email-\($0)" }
    let text = (["Nama,Email"] + rows).joined(separator: "\n")
    do {
      _ = try fixture.contacts(text)
      Issue.record("expected an error")
    } catch let error as ImportError {
      guard case .rejected(_, let problems, let stoppedEarly) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(problems.count == 20)
      #expect(problems.map(\.line) == Array(2...21))
      #expect(stoppedEarly)
      #expect(error.localizedDescription.hasPrefix("anggota.csv: 20 or more problem(s)"))
    }
  }

  @Test(arguments: StoreKind.eachStore) func structuralCSVProblemsNameTheirLine(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let problems = fixture.problems {
      try fixture.contacts(
        """
        Nama;Email;No. HP
        Ani;ani@example.org;0812-1111-2222;ekstra
        Budi;budi@example.org
        Citra;citra@example.org;;
        Dedi;"dedi@example.org;0812
        Eko;eko@example.org;
        """)
    }
    #expect(
      problems == [
        "anggota.csv:2: line 2 has 4 fields, the header has 3. A value holding ';' must be in double quotes (\"Jl. Merdeka; No. 3\"); otherwise add or remove ';' so the row matches the header.",
        "anggota.csv:3: line 3 has 2 fields, the header has 3. A value holding ';' must be in double quotes (\"Jl. Merdeka; No. 3\"); otherwise add or remove ';' so the row matches the header.",
        "anggota.csv:5: unbalanced quote starting on line 5: a field opened with '\"' is never closed. Close it, or double a quote that belongs to the text (\"\").",
      ])
  }
}

@Suite struct VCardImportTests {
  @Test(arguments: StoreKind.eachStore) func importsCardsOurOwnWriterProduced(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let cards = [
      VCard(
        formattedName: "Ibu Wulan Sari",
        name: VCard.Name(family: "Sari", given: "Wulan", prefixes: ["Ibu"]),
        organisation: ["Kementerian Sosial"], title: "Direktur", role: "focal point",
        emails: [VCard.Email("wulan.s@kemensos.go.id", types: ["work"])],
        phones: [
          VCard.Phone("+6281234567890", types: ["cell"]),
          VCard.Phone("+6281311112222", types: ["cell"], label: "WhatsApp"),
        ],
        note: "Ruang 701,\nlantai 7", categories: ["pokja", "pleno"], language: "id"),
      VCard(
        formattedName: "Hannah de Vries", organisation: ["LBH APIK"],
        emails: [VCard.Email("hannah@apik.example")], language: "en"),
    ]
    for version in VCardVersion.allCases {
      let fresh = try ImportFixture(kind)
      try fresh.seedOrganisations()
      let report = try fresh.contacts(
        VCardWriter.serialize(cards, version: version), name: "pleno.vcf", format: .vcard)
      #expect(report.records.first?.line == 1)
      #expect(report.count(.added) == 2)
      let wulan = try fresh.directory.contact("wulan.s@kemensos.go.id")
      #expect(wulan.honorific == "Ibu")
      #expect(wulan.name == "Wulan Sari")
      #expect(wulan.position == "Direktur")
      #expect(wulan.memberships.first?.role == .focalPoint)
      #expect(wulan.phones.map(\.value) == ["+6281234567890", "+6281311112222"])
      #expect(wulan.whatsapp?.e164 == "+6281311112222")
      #expect(wulan.notes == "Ruang 701,\nlantai 7")
      #expect(wulan.tags == ["pokja", "pleno"])
      let hannah = try fresh.directory.contact("hannah@apik.example")
      #expect(hannah.language == .english)
      #expect(hannah.organisationID == (try fresh.directory.organisation("LBH APIK")).id)
    }
  }

  @Test(arguments: StoreKind.eachStore) func importsAGoogleContactsExport(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    try fixture.seedOrganisations()
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Fixtures/import/google-contacts.vcf")
    let report = try fixture.directory.importContacts(
      ImportSource(name: "contacts.vcf", data: try Data(contentsOf: url), format: .vcard))
    #expect(report.records.map(\.outcome) == [.added, .added, .merged])
    #expect(report.records.map(\.line) == [1, 15, 26])
    #expect(report.records[2].reason == "same phone: +62 812-3456-7890")
    let dodi = try fixture.directory.contact("dodi.p@gmail.com")
    #expect(dodi.honorific == "Bapak")
    #expect(dodi.name == "Dodi Pratama")
    #expect(dodi.position == "Konselor")
    #expect(dodi.tags == ["pokja"])
    #expect(dodi.whatsapp?.e164 == "+6281234567890")
    #expect(dodi.emails.map(\.value) == ["dodi.p@gmail.com", "dodi@apik.example"])
    let lina = try fixture.directory.contact("lina.marlina@kemensos.go.id")
    #expect(lina.addressedName == "Ibu Lina Marlina")
    #expect(lina.organisationID == (try fixture.directory.organisation("Kemensos")).id)
  }

  @Test(arguments: StoreKind.eachStore) func aCardWithoutFNOrNIsRefusedWithItsLine(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let text =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ani\r\nEMAIL:ani@example.org\r\nEND:VCARD\r\n"
      + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:tanpa.nama@example.org\r\nEND:VCARD\r\n"
    #expect(
      fixture.problems { try fixture.contacts(text, name: "hp.vcf", format: .vcard) } == [
        "hp.vcf:6: field 'FN': the card has neither FN nor N, so it has no name. Add FN:<full name> to it."
      ])
    #expect(try fixture.directory.contacts().isEmpty)
  }

  @Test(arguments: StoreKind.eachStore) func wrongValuesInACardNameTheCardsLineAndTheProperty(_ kind: StoreKind) throws {
    let fixture = try ImportFixture(kind)
    let text =
      "BEGIN:VCARD\nVERSION:3.0\nFN:Ani\nEMAIL:ani@example.org\nEND:VCARD\n"
      + "BEGIN:VCARD\nVERSION:3.0\nFN:Budi\nEMAIL:budi(at)example.org\nTEL:12345\nEND:VCARD\n"
    #expect(
      fixture.problems { try fixture.contacts(text, name: "hp.vcf", format: .vcard) } == [
        "hp.vcf:6: field 'EMAIL': 'budi(at)example.org' is not an email address. Write it as name@example.org.",
        "hp.vcf:6: field 'TEL': '12345' is not a phone number. Write an Indonesian number as 0812… or (021) 3103591, any other with its country code, e.g. +31 20 123 4567.",
      ])
  }
}
