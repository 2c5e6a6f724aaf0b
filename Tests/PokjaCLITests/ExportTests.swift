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
    #expect(desiree["No. HP"] == "+62 812-3456-7890; +62 21 87797289")
    #expect(desiree["Catatan"] == "Baris satu\nBaris dua, dengan \"kutip\"")
    let organisations = cli.run("export", "organisations", "--format", "json")
    let json =
      try JSONSerialization.jsonObject(with: Data(organisations.output.utf8)) as? [[String: Any]]
    #expect(json?.first?["services"] as? [String] == ["legal-aid"])
    #expect(cli.run("export", "group").status == 64)
    #expect(cli.run("export", "group", "nobody").status == 65)
  }
}
