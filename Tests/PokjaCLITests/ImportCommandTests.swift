import Foundation
import PokjaCLI
import Testing

@Suite struct ImportCommandTests {
  /// The fixtures folder (`Tests/Fixtures/import`).
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/import")

  /// A harness with a database, and a helper to write files into its home.
  private func harness() throws -> CLIHarness {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    return cli
  }

  private func write(_ bytes: [UInt8], _ name: String, in cli: CLIHarness) throws -> String {
    let url = cli.home.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  private func write(_ text: String, _ name: String, in cli: CLIHarness) throws -> String {
    try write(Array(text.utf8), name, in: cli)
  }

  private func fixture(_ name: String) -> String {
    Self.fixtures.appendingPathComponent(name).path
  }

  private func contacts(_ cli: CLIHarness) throws -> [[String: Any]] {
    try cli.json("contact", "list") as! [[String: Any]]
  }

  @Test func theSecretarysExcelFileImportsAsTheJourneyShows() throws {
    let cli = try harness()
    let organisations = cli.run("import", "organisations", fixture("lembaga.csv"))
    #expect(organisations.status == 0, "\(organisations.errors)")
    #expect(
      organisations.output.hasPrefix("3 organisations added, 0 updated, 0 merged, 0 errors\n"))
    #expect(organisations.output.contains("New vocabulary terms: kind 'dinas'") == false)
    let dry = cli.run("import", "contacts", fixture("anggota-pokja.csv"), "--dry-run")
    #expect(dry.status == 0, "\(dry.errors)")
    let summary =
      "4 contacts added, 0 updated, 1 merged (same email: wulan.s@kemensos.go.id), 0 errors"
    #expect(dry.output.hasPrefix(summary + "\n"))
    #expect(dry.output.contains("line 6  merged    into contact 1: Wulan Sari"))
    #expect(dry.output.contains("Dry run: nothing was imported."))
    #expect(try contacts(cli).isEmpty)
    let real = cli.run("import", "contacts", fixture("anggota-pokja.csv"))
    #expect(real.status == 0, "\(real.errors)")
    #expect(real.output.hasPrefix(summary + "\n"))
    #expect(!real.output.contains("Dry run"))
    let list = try contacts(cli)
    #expect(list.count == 4)
    let wulan = try #require(list.first { $0["email"] as? String == "wulan.s@kemensos.go.id" })
    #expect(wulan["honorific"] as? String == "Ibu")
    #expect(wulan["phones"] as? [String] == ["+6281234567890", "+6281311112222"])
    #expect((wulan["organisation"] as? [String: Any])?["acronym"] as? String == "Kemensos")
    let desiree = try #require(list.first { $0["name"] as? String == "Désirée Kusuma" })
    #expect((desiree["organisation"] as? [String: Any])?["name"] as? String == "LBH APIK Jakarta")
    let hannah = try #require(list.first { $0["name"] as? String == "Hannah de Vries" })
    #expect(hannah["language"] as? String == "en")
    // Found afterwards like any other contact.
    let found = try cli.json("find", "desiree") as! [[String: Any]]
    #expect(found.first?["name"] as? String == "Désirée Kusuma")
  }

  @Test func quotedFieldsKeepTheirCommasLineBreaksAndQuotes() throws {
    let cli = try harness()
    _ = cli.run("org", "add", "--name", "Dinas Sosial, Kota Bandung", "--acronym", "Dinsos Bdg")
    let path = try write(
      "Name,Position,Organisation,Email,Notes\r\n"
        + "\"Rahmat, S.H.\",\"Kepala Bidang, Perlindungan Anak\",\"Dinas Sosial, Kota Bandung\","
        + "rahmat@bandung.example,\"Baris satu,\r\nbaris \"\"dua\"\"\"\r\n"
        + "Ayu,Staf,Dinsos Bdg,ayu@bandung.example,\r\n",
      "kontak.csv", in: cli)
    let result = cli.run("import", "contacts", path)
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("line 4  added     contact 2: Ayu"))
    let list = try contacts(cli)
    let rahmat = try #require(list.first { $0["email"] as? String == "rahmat@bandung.example" })
    #expect(rahmat["name"] as? String == "Rahmat, S.H.")
    #expect(rahmat["position"] as? String == "Kepala Bidang, Perlindungan Anak")
    #expect(rahmat["notes"] as? String == "Baris satu,\nbaris \"dua\"")
    #expect(
      (rahmat["organisation"] as? [String: Any])?["name"] as? String
        == "Dinas Sosial, Kota Bandung")
  }

  @Test func mapNamesColumnsPokjaDoesNotKnowAndUnknownOnesAreReported() throws {
    let cli = try harness()
    _ = cli.run("org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos")
    let path = try write(
      "Nama;Kolom Aneh;Unit;Foto\nWulan;wulan@kemensos.go.id;Kemensos;wulan.jpg\n", "x.csv",
      in: cli)
    let unmapped = cli.run("import", "contacts", path)
    #expect(unmapped.status == 65)
    #expect(unmapped.errors.contains("\(path):2: field 'Email': Wulan has no email address"))
    let mapped = cli.run(
      "import", "contacts", path, "--map", "Kolom Aneh=email,Unit=organisation")
    #expect(mapped.status == 0, "\(mapped.errors)")
    #expect(
      mapped.output.contains(
        "Ignored columns: 'Foto'. If one matters, map it: --map \"Foto=field\"."))
    let wulan = try #require(try contacts(cli).first)
    #expect(wulan["email"] as? String == "wulan@kemensos.go.id")
    #expect((wulan["organisation"] as? [String: Any])?["acronym"] as? String == "Kemensos")
    let badField = cli.run("import", "contacts", path, "--map", "Kolom Aneh=shoe size")
    #expect(badField.status == 64)
    #expect(badField.errors.contains("--map: 'shoe size' is not a field of contacts."))
  }

  @Test func aDryRunReportsExactlyWhatTheRealRunThenDoes() throws {
    let cli = try harness()
    _ = cli.run("org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos")
    _ = cli.run("contact", "add", "--name", "Wulan Sari", "--email", "wulan@kemensos.go.id")
    let path = try write(
      """
      Nama,Instansi,Email,HP,Tag
      Wulan Sari,Kemensos,wulan@kemensos.go.id,0812-1111-2222,pokja
      Budi,Kemensos,budi@kemensos.go.id,0813-3333-4444,pokja
      Pak Budi,,,+62 813 3333 4444,pleno
      Siti,Dinas Baru,siti@dinas.example,,
      """, "anggota.csv", in: cli)
    let before = cli.run("contact", "list", "--json").output
    let dryRun = cli.run("import", "contacts", path, "--create-orgs", "--dry-run", "--json")
    #expect(dryRun.status == 0, "\(dryRun.errors)")
    #expect(cli.run("contact", "list", "--json").output == before)
    #expect(cli.run("log", "--json").output.contains("anggota.csv") == false)
    let real = cli.run("import", "contacts", path, "--create-orgs", "--json")
    #expect(real.status == 0, "\(real.errors)")
    var dry = try JSONSerialization.jsonObject(with: Data(dryRun.output.utf8)) as! [String: Any]
    let done = try JSONSerialization.jsonObject(with: Data(real.output.utf8)) as! [String: Any]
    #expect(dry["dryRun"] as? Bool == true)
    #expect(done["dryRun"] as? Bool == false)
    dry["dryRun"] = false
    #expect(NSDictionary(dictionary: dry) == NSDictionary(dictionary: done))
    #expect(done["added"] as? Int == 2)
    #expect(done["updated"] as? Int == 1)
    let merged = try #require(done["merged"] as? [[String: Any]])
    #expect(merged.count == 1)
    #expect(merged.first?["line"] as? Int == 4)
    #expect(merged.first?["into"] as? Int == 2)
    #expect(merged.first?["reason"] as? String == "same phone: +62 813-3333-4444")
    #expect(
      (done["createdOrganisations"] as? [[String: Any]])?.first?["name"] as? String
        == "Dinas Baru")
    #expect((done["records"] as? [[String: Any]])?.count == 4)
    #expect(try contacts(cli).count == 3)
  }

  /// Each bad file: what to import it as, its bytes, and what the message must name.
  struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let entity: String
    let bytes: [UInt8]
    let expected: [String]

    var testDescription: String { name }

    static let all: [BadInput] = [
      BadInput(
        name: "quote.csv", entity: "contacts",
        bytes: Array(
          "Nama;Email\nAni;ani@example.org\nBudi;\"budi@example.org\nCitra;c@x.org\n".utf8),
        expected: [":3: unbalanced quote starting on line 3"]),
      BadInput(
        name: "columns.csv", entity: "contacts",
        bytes: Array("Nama,Email,HP\nAni,ani@example.org,0812-1111-2222,x\n".utf8),
        expected: [":2: line 2 has 4 fields, the header has 3."]),
      BadInput(
        name: "province.csv", entity: "organisations",
        bytes: Array("Nama;Provinsi\nDinas Sosial;Jawa Barta\n".utf8),
        expected: [":2: field 'Provinsi': 'Jawa Barta' is not one of Indonesia's 38 provinces."]),
      BadInput(
        name: "phone.csv", entity: "contacts",
        bytes: Array("Nama;Email;No. HP\nAni;ani@example.org;12345\n".utf8),
        expected: [":2: field 'No. HP': '12345' is not a phone number."]),
      BadInput(
        name: "email.csv", entity: "contacts",
        bytes: Array("Nama;Email\nAni;ani@example.org\nBudi;budi(at)example.org\n".utf8),
        expected: [
          ":3: field 'Email': 'budi(at)example.org' is not an email address. Write it as name@example.org."
        ]),
      BadInput(
        name: "nofn.vcf", entity: "contacts",
        bytes: Array(
          ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ani\r\nEMAIL:ani@example.org\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@example.org\r\nEND:VCARD\r\n").utf8),
        expected: [":6: field 'FN': the card has neither FN nor N"]),
      BadInput(
        name: "windows.csv", entity: "contacts",
        bytes: Array("Nama;Email\r\nAni;ani@example.org\r\nD".utf8) + [0xE9]
          + Array("sir".utf8) + [0xE9] + Array("e;desiree@example.org\r\n".utf8),
        expected: [
          ":3: ", "is not UTF-8 (it looks like Windows-1252; this line reads 'Désirée;",
          "in Excel use Save As → CSV UTF-8",
        ]),
    ]
  }

  @Test(arguments: BadInput.all)
  func badInputIsRefusedWithItsLineAndFieldAndNothingIsImported(_ input: BadInput) throws {
    let cli = try harness()
    let path = try write(input.bytes, input.name, in: cli)
    let contactsBefore = cli.run("contact", "list", "--json").output
    let organisationsBefore = cli.run("org", "list", "--json").output
    let result = cli.run("import", input.entity, path)
    #expect(result.status == 65)
    #expect(result.output.isEmpty)
    for text in input.expected {
      #expect(result.errors.contains(text), "\(result.errors)")
    }
    #expect(result.errors.contains("\(path):"))
    #expect(cli.run("contact", "list", "--json").output == contactsBefore)
    #expect(cli.run("org", "list", "--json").output == organisationsBefore)
    #expect(try contacts(cli).isEmpty)
    // A dry run refuses it the same way.
    #expect(cli.run("import", input.entity, path, "--dry-run").status == 65)
  }

  @Test func aGoogleContactsExportImportsByItsExtension() throws {
    let cli = try harness()
    _ = cli.run("org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos")
    _ = cli.run("org", "add", "--name", "LBH APIK Jakarta", "--acronym", "LBH APIK")
    let result = cli.run("import", "contacts", fixture("google-contacts.vcf"))
    #expect(result.status == 0, "\(result.errors)")
    #expect(
      result.output.hasPrefix(
        "2 contacts added, 0 updated, 1 merged (same phone: +62 812-3456-7890), 0 errors"))
    let organisations = cli.run("import", "organisations", fixture("google-contacts.vcf"))
    #expect(organisations.status == 64)
    #expect(organisations.errors.contains("vCards hold people"))
  }

  @Test func whatPokjaExportsImportsBackIntoAnEmptyDirectory() throws {
    let source = try harness()
    #expect(source.run("import", "organisations", fixture("lembaga.csv")).status == 0)
    #expect(source.run("import", "contacts", fixture("anggota-pokja.csv")).status == 0)
    let organisations = source.run("export", "organisations", "--format", "csv").output
    let exported = try contacts(source)
    for format in ["csv", "vcard"] {
      let target = try harness()
      let orgPath = try write(organisations, "lembaga.csv", in: target)
      let imported = target.run("import", "organisations", orgPath)
      #expect(imported.status == 0, "\(imported.errors)")
      let contactFile = source.run("export", "contacts", "--format", format).output
      let path = try write(contactFile, format == "csv" ? "kontak.csv" : "kontak.vcf", in: target)
      let result = target.run("import", "contacts", path)
      #expect(result.status == 0, "\(format): \(result.errors)")
      let again = try contacts(target)
      #expect(again.count == exported.count, "\(format)")
      for contact in exported {
        let copy = try #require(
          again.first { $0["email"] as? String == contact["email"] as? String })
        for key in ["name", "honorific", "position", "phones", "emails", "language", "whatsapp"] {
          #expect(
            "\(copy[key] ?? "nil")" == "\(contact[key] ?? "nil")", "\(format) \(key)")
        }
      }
    }
  }

  @Test func anUnreadableFileExits66() throws {
    let cli = try harness()
    let result = cli.run("import", "contacts", cli.home.appendingPathComponent("none.csv").path)
    #expect(result.status == 66)
    #expect(result.errors.contains("Cannot read"))
  }
}
