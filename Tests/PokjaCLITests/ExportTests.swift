import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

@Suite struct ExportTests {
  func seeded() throws -> CLIHarness {
    let cli = try CLIHarness()
    let steps: [[String]] = [
      ["init"],
      [
        "org", "add", "--name", "LBH APIK Jakarta", "--acronym", "LBH APIK", "--kind", "lsm",
        "--province", "DKI Jakarta", "--service", "bantuan hukum", "--phone", "(021) 8779 7289",
      ],
      [
        "contact", "add", "--honorific", "Ibu", "--name", "Désirée Kusuma", "--org", "LBH APIK",
        "--position", "Koordinator; Pelayanan, Hukum", "--email", "desiree@lbhapik.example",
        "--email", "d.kusuma@mail.example", "--phone", "0812-3456-7890", "--phone",
        "(021) 8779 7289",
        "--tag", "pleno", "--notes", "Baris satu\nBaris dua, dengan \"kutip\"",
      ],
      [
        "contact", "add", "--name", "Hannah de Vries", "--email", "hannah@kpi.example", "--lang",
        "en",
        "--tag", "pleno",
      ],
      ["group", "add", "pleno", "--tag", "pleno"],
    ]
    for step in steps {
      let result = cli.run(step)
      guard result.status == 0 else {
        throw CLIHarness.HarnessError.failed(step.joined(separator: " "), result.errors)
      }
    }
    return cli
  }

  static let vobjectScript = """
    import json, sys, vobject
    cards = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for card in vobject.readComponents(f.read()):
            tel = [{"value": t.value, "type": [x.lower() for x in t.params.get("TYPE", [])]}
                   for t in card.contents.get("tel", [])]
            cards.append({
                "fn": card.fn.value,
                "prefix": card.n.value.prefix if "n" in card.contents else None,
                "org": card.org.value if "org" in card.contents else None,
                "title": card.title.value if "title" in card.contents else None,
                "tel": tel,
                "email": [e.value for e in card.contents.get("email", [])],
                "note": card.note.value if "note" in card.contents else None,
                "categories": card.categories.value if "categories" in card.contents else [],
            })
    print(json.dumps({"cards": cards}))
    """

  @Test func aGroupExportsAsVCardsPhonesAndVobjectRead() throws {
    let cli = try seeded()
    let result = cli.run("export", "group", "pleno", "--format", "vcard")
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n"))
    let path = try PythonTool.temporaryFile(result.output, suffix: ".vcf")
    let parsed = try PythonTool.json(inline: Self.vobjectScript, arguments: [path])
    let cards = try #require(parsed["cards"] as? [[String: Any]])
    #expect(cards.count == 2)
    let desiree = try #require(cards.first { ($0["fn"] as? String)?.contains("Désirée") == true })
    #expect(desiree["fn"] as? String == "Ibu Désirée Kusuma")
    #expect(desiree["org"] as? [String] == ["LBH APIK Jakarta"])
    #expect(desiree["title"] as? String == "Koordinator; Pelayanan, Hukum")
    #expect(desiree["email"] as? [String] == ["desiree@lbhapik.example", "d.kusuma@mail.example"])
    let tel = try #require(desiree["tel"] as? [[String: Any]])
    #expect(tel.first?["value"] as? String == "+6281234567890")
    #expect((tel.first?["type"] as? [String])?.contains("cell") == true)
    #expect(desiree["note"] as? String == "Baris satu\nBaris dua, dengan \"kutip\"")
    #expect(desiree["categories"] as? [String] == ["pleno"])
  }

  @Test func contactsExportAsCSVThatPythonReads() throws {
    let cli = try seeded()
    let result = cli.run("export", "contacts", "--format", "csv", "--delimiter", ";", "--bom")
    #expect(result.status == 0)
    #expect(result.output.hasPrefix("\u{FEFF}Sapaan;Nama;Jabatan;Instansi;"))
    let path = try PythonTool.temporaryFile(result.output, suffix: ".csv")
    let parsed = try PythonTool.json(
      inline: """
        import csv, json, sys
        with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        print(json.dumps({"rows": rows}))
        """, arguments: [path])
    let rows = try #require(parsed["rows"] as? [[String: String]])
    #expect(rows.count == 2)
    let desiree = try #require(rows.first { $0["Nama"] == "Désirée Kusuma" })
    #expect(desiree["Sapaan"] == "Ibu")
    #expect(desiree["Instansi"] == "LBH APIK Jakarta")
    // A spreadsheet would run "+62 …" as a formula: the cell starts with an apostrophe.
    #expect(desiree["No. HP"] == "'+62 812-3456-7890; +62 21 87797289")
    #expect(desiree["Catatan"] == "Baris satu\nBaris dua, dengan \"kutip\"")
    let organisations = cli.run("export", "organisations", "--format", "json")
    let json =
      try JSONSerialization.jsonObject(with: Data(organisations.output.utf8)) as? [[String: Any]]
    #expect(json?.first?["services"] as? [String] == ["legal-aid"])
    #expect(cli.run("export", "group").status == 64)
    #expect(cli.run("export", "group", "nobody").status == 65)
  }
}

/// Every CSV pokja writes (the exports and each listing's `--csv`) read back by Python's `csv`:
/// line breaks of every kind, quotes, semicolons and commas stay inside their cell, and a cell a
/// spreadsheet would run as a formula starts with an apostrophe. An export imports back unchanged.
@Suite struct CSVRoundTripTests {
  static let orgName = "=HYPERLINK(\"http://evil.example\";\"klik\"), 1"
  static let orgNotes = "Baris satu\r\nBaris dua"
  static let address = "+Jl. Merdeka; No. 3, \"Blok A\""
  static let contactName = "@Wulan \"Sari\"; Dewi, S.H."
  static let position = "-Kasubdit; Hukum, HAM"
  static let contactNotes = "Catatan\rdengan CR saja\r\n\"kutip\"; koma, =1+1\nakhir"
  static let roomName = "=Ruang; \"A\", 1"
  static let title = "+Rapat \"Pleno\"; 1, 2"

  func seeded() throws -> CLIHarness {
    let cli = try CLIHarness()
    let steps: [[String]] = [
      ["init"],
      [
        "org", "add", "--name", Self.orgName, "--kind", "lsm", "--province", "DKI Jakarta",
        "--phone", "(021) 8779 7289", "--phone", "+31 20 123 4567",
        "--address", Self.address, "--notes", Self.orgNotes, "--tag", "pleno",
      ],
      ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--parent", "1"],
      [
        "contact", "add", "--name", Self.contactName, "--org", "1", "--position=" + Self.position,
        "--email", "wulan@example.org", "--phone", "0812-3456-7890", "--phone", "(021) 3103591",
        "--whatsapp", "0812-3456-7890", "--telegram=-wulan", "--tag", "pleno",
        "--notes", Self.contactNotes,
      ],
      ["org", "edit", "1", "--notes", Self.orgNotes + "\r\n-tambahan"],
      ["group", "add", "pleno", "--tag", "pleno"],
      ["room", "add", "--name", Self.roomName, "--capacity", "10"],
      [
        "meeting", "add", "--title", Self.title, "--start", "2027-01-04T09:00", "--duration", "1h",
        "--room", "1", "--attendee", "wulan@example.org",
      ],
      ["meeting", "invite", "1"],
    ]
    for step in steps {
      let result = cli.run(step)
      guard result.status == 0 else {
        throw CLIHarness.HarnessError.failed(step.joined(separator: " "), result.errors)
      }
    }
    return cli
  }

  /// Parses each (text, delimiter) with Python's csv (strict) and returns the rows of each.
  static func parse(_ outputs: [(String, String)]) throws -> [[[String]]] {
    var arguments: [String] = []
    for (text, delimiter) in outputs {
      arguments += [try PythonTool.temporaryFile(text, suffix: ".csv"), delimiter]
    }
    let parsed = try PythonTool.json(
      inline: """
        import csv, json, sys
        files = []
        for path, delimiter in zip(sys.argv[1::2], sys.argv[2::2]):
            with open(path, encoding="utf-8-sig", newline="") as f:
                files.append(list(csv.reader(f, delimiter=delimiter, strict=True)))
        print(json.dumps({"files": files}))
        """, arguments: arguments)
    return try #require(parsed["files"] as? [[[String]]])
  }

  /// No cell a spreadsheet would run: none starts with = + - @ unless behind an apostrophe.
  static func expectNoFormula(_ rows: [[String]], _ what: String) {
    for cell in rows.joined() {
      guard let first = cell.unicodeScalars.first, cell.unicodeScalars.count > 1 else { continue }
      #expect(!"=+-@\t\r".unicodeScalars.contains(first), "\(what): \(cell)")
    }
  }

  @Test func everyCSVOutputReadsBackCellByCell() throws {
    let cli = try seeded()
    let commands: [[String]] = [
      ["export", "organisations", "--format", "csv"],
      ["export", "contacts", "--format", "csv", "--delimiter", ";", "--bom"],
      ["export", "group", "pleno", "--format", "csv", "--lang", "en"],
      ["org", "list", "--csv"], ["org", "show", "1", "--csv"], ["contact", "list", "--csv"],
      ["find", "wulan", "--csv"], ["find", "021 8779 7289", "--csv"], ["group", "list", "--csv"],
      ["group", "show", "pleno", "--csv"], ["log", "--csv"], ["room", "list", "--csv"],
      ["meeting", "list", "--csv"], ["meeting", "show", "1", "--csv"],
      ["agenda", "--from", "2027-01-01", "--to", "2027-01-31", "--csv"],
      ["outbox", "list", "--csv"],
    ]
    var outputs: [(String, String)] = []
    for command in commands {
      let result = cli.run(command)
      #expect(result.status == 0, "\(command): \(result.errors)")
      outputs.append((result.output, command.contains(";") ? ";" : ","))
    }
    let files = try Self.parse(outputs)
    for (command, rows) in zip(commands, files) {
      let what = command.joined(separator: " ")
      #expect(rows.count >= 2, "\(what) has no rows")
      for row in rows { #expect(row.count == rows[0].count, "\(what): \(row)") }
      Self.expectNoFormula(rows, what)
    }
    let organisations = files[0]
    let kementerian = try #require(organisations.first { $0[0] == "'" + Self.orgName })
    #expect(kementerian[11] == "'" + Self.address)
    #expect(kementerian[10] == "'+62 21 87797289; +31201234567")
    #expect(kementerian[12] == Self.orgNotes + "\r\n-tambahan")
    let contact = try #require(files[1].dropFirst().first)
    #expect(contact[1] == "'" + Self.contactName)
    #expect(contact[2] == "'" + Self.position)
    #expect(contact[6] == "'+62 812-3456-7890; +62 21 3103591")
    #expect(contact[7] == "'+62 812-3456-7890")
    #expect(contact[8] == "'-wulan")
    #expect(contact[11] == Self.contactNotes)
    #expect(files[2].dropFirst().first?[1] == "'" + Self.contactName)
    // Listings: the same names, guarded, each on its one line.
    let listed = Set(files[3...].joined().joined())
    for name in [Self.orgName, Self.contactName, Self.roomName, Self.title] {
      #expect(listed.contains { $0.hasPrefix("'") && $0.contains(name) }, "\(name) not listed")
    }
    #expect(!listed.contains { $0.contains("\r") || $0.contains("\n") })
  }

  @Test func anExportImportsBackAsItWas() throws {
    let cli = try seeded()
    let organisations = cli.run("export", "organisations", "--format", "csv")
    let contacts = cli.run("export", "contacts", "--format", "csv", "--delimiter", ";", "--bom")
    let copy = try CLIHarness()
    #expect(copy.run("init").status == 0)
    let organisationsFile = try PythonTool.temporaryFile(organisations.output, suffix: ".csv")
    let contactsFile = try PythonTool.temporaryFile(contacts.output, suffix: ".csv")
    let importedOrganisations = copy.run("import", "organisations", organisationsFile)
    #expect(importedOrganisations.status == 0, "\(importedOrganisations.errors)")
    let importedContacts = copy.run("import", "contacts", contactsFile)
    #expect(importedContacts.status == 0, "\(importedContacts.errors)")
    let again = [
      copy.run("export", "organisations", "--format", "csv").output,
      copy.run("export", "contacts", "--format", "csv", "--delimiter", ";", "--bom").output,
    ]
    // The importer reads every line break inside a cell as LF (CSVReader); nothing else changes.
    func lf(_ text: String) -> String {
      text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    let before = try Self.parse([(organisations.output, ","), (contacts.output, ";")])
    let after = try Self.parse([(again[0], ","), (again[1], ";")])
    #expect(before.map { $0.map { $0.map(lf) } } == after.map { $0.map { $0.map(lf) } })
    // The numbers are numbers again, not text with an apostrophe.
    let wulan = try #require(try copy.json("contact", "list") as? [[String: Any]]).first
    #expect(wulan?["phones"] as? [String] == ["+6281234567890", "+62213103591"])
    #expect(wulan?["whatsapp"] as? String == "+6281234567890")
    #expect(wulan?["name"] as? String == Self.contactName)
    let organisation = try #require(try copy.json("org", "show", "1") as? [String: Any])
    let record = organisation["organisation"] as? [String: Any]
    #expect(record?["phones"] as? [String] == ["+622187797289", "+31201234567"])
    #expect(record?["name"] as? String == Self.orgName)
  }
}
