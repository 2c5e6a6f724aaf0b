import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// Hotlines in the directory: police 110, SAPA 129, `1500…` call centres, toll-free `0800…`. They
/// are kept as written, found by search, written to vCards, and never a WhatsApp number.
@Suite struct ServiceNumberTests {
  static let hotlines = ["110", "129", "1500-771", "(021) 129", "0800-1-401234", "14045"]

  func seeded() throws -> CLIHarness {
    let cli = try CLIHarness()
    let steps: [[String]] = [
      ["init"],
      [
        "org", "add", "--name", "Kementerian PPPA", "--acronym", "KemenPPPA", "--kind",
        "kementerian", "--service", "pengaduan",
      ] + Self.hotlines.flatMap { ["--phone", $0] } + ["--phone", "(021) 3842638"],
      [
        "contact", "add", "--name", "Rina Wati", "--org", "KemenPPPA", "--email",
        "rina@kemenpppa.example", "--phone", "129", "--phone", "0811-1129-129", "--whatsapp",
        "0811-1129-129",
      ],
    ]
    for step in steps {
      let result = cli.run(step)
      guard result.status == 0 else {
        throw CLIHarness.HarnessError.failed(step.joined(separator: " "), result.errors)
      }
    }
    return cli
  }

  @Test func hotlinesAreKeptAndShownAsWritten() throws {
    let cli = try seeded()
    let detail = try #require(try cli.json("org", "show", "KemenPPPA") as? [String: Any])
    let organisation = try #require(detail["organisation"] as? [String: Any])
    #expect(organisation["phones"] as? [String] == Self.hotlines + ["+62213842638"])
    #expect(organisation["phone"] as? String == "110")
    let shown = cli.run("org", "show", "KemenPPPA").output
    #expect(
      shown.contains(
        "Phone     110, 129, 1500-771, (021) 129, 0800-1-401234, 14045, +62 21 3842638"),
      "\(shown)")
    let contact = try #require(
      try cli.json("contact", "show", "rina@kemenpppa.example") as? [String: Any])
    #expect(contact["phones"] as? [String] == ["129", "+628111129129"])
    #expect(contact["whatsapp"] as? String == "+628111129129")
    // Editing keeps the hotline as written; removing it works however it is grouped.
    #expect(cli.run("org", "edit", "KemenPPPA", "--remove-phone", "1500 771").status == 0)
    let edited = try #require(try cli.json("org", "show", "KemenPPPA") as? [String: Any])
    #expect(
      (edited["organisation"] as? [String: Any])?["phones"] as? [String]
        == ["110", "129", "(021) 129", "0800-1-401234", "14045", "+62213842638"])
  }

  @Test(arguments: [
    "110", "1500771", "1500-771", "1500 771", "771", "129", "0800 1 401234", "14045",
  ])
  func hotlinesAreFoundHoweverTyped(query: String) throws {
    let cli = try seeded()
    let hits = try #require(try cli.json("find", query) as? [[String: Any]])
    #expect(hits.contains { $0["name"] as? String == "Kementerian PPPA" }, "\(query): \(hits)")
  }

  @Test func hotlinesAreTelephoneNumbersInVCardsAndNeverWhatsApp() throws {
    let cli = try seeded()
    let cards = cli.run("export", "organisations", "--format", "vcard").output
    for number in Self.hotlines {
      #expect(cards.contains("TEL;TYPE=WORK,VOICE:\(number)\r\n"), "\(number) in \(cards)")
    }
    let path = try PythonTool.temporaryFile(cards, suffix: ".vcf")
    let parsed = try PythonTool.json(inline: ExportTests.vobjectScript, arguments: [path])
    let card = try #require((parsed["cards"] as? [[String: Any]])?.first)
    let tel = try #require(card["tel"] as? [[String: Any]])
    #expect(tel.map { $0["value"] as? String } == Self.hotlines + ["+62213842638"])
    let people = cli.run("export", "contacts", "--format", "vcard").output
    #expect(people.contains("TEL;TYPE=WORK,VOICE,PREF:129\r\n"), "\(people)")
    #expect(people.contains("X-WHATSAPP:+628111129129\r\n"))
    #expect(!people.contains("X-WHATSAPP:129"))
    // A hotline is no WhatsApp number, on the command line or in a file.
    let refused = cli.run("contact", "edit", "rina@kemenpppa.example", "--whatsapp", "129")
    #expect(refused.status == 65)
    #expect(
      refused.errors.contains("--whatsapp: '129' is a service number, which has no WhatsApp."))
    let added = cli.run(
      "contact", "add", "--name", "Budi", "--email", "budi@example.org", "--whatsapp", "1500-771")
    #expect(added.status == 65)
    let refer = cli.run("refer", "--service", "pengaduan", "--region", "Jawa Timur").output
    #expect(
      refer.contains("Rina Wati · 129 · WA +62 811-1129-129 · rina@kemenpppa.example"), "\(refer)")
  }

  @Test func hotlinesSurviveAnExportAndAnImport() throws {
    let cli = try seeded()
    let organisations = try PythonTool.temporaryFile(
      cli.run("export", "organisations", "--format", "csv").output, suffix: ".csv")
    let contacts = try PythonTool.temporaryFile(
      cli.run("export", "contacts", "--format", "csv", "--delimiter", ";").output, suffix: ".csv")
    let copy = try CLIHarness()
    #expect(copy.run("init").status == 0)
    let first = copy.run("import", "organisations", organisations)
    #expect(first.status == 0, "\(first.errors)")
    let second = copy.run("import", "contacts", contacts)
    #expect(second.status == 0, "\(second.errors)")
    for (command, key) in [
      (["org", "list"], "phones"), (["contact", "list"], "phones"),
      (["contact", "list"], "whatsapp"),
    ] {
      let before = try #require(try cli.json(command[0], command[1]) as? [[String: Any]])
      let after = try #require(try copy.json(command[0], command[1]) as? [[String: Any]])
      #expect(
        before.map { "\($0[key] ?? "-")" } == after.map { "\($0[key] ?? "-")" }, "\(command) \(key)"
      )
    }
  }

  @Test func importsTakeHotlinesAndStillRefuseWhatIsNoNumber() throws {
    let cli = try CLIHarness()
    #expect(cli.run("init").status == 0)
    let organisations = try PythonTool.temporaryFile(
      "Nama;Telepon\r\nPolres Kota Surabaya;110; 112\r\nKemenPPPA;\"129, 1500-771\"\r\n",
      suffix: ".csv")
    let wrongColumns = cli.run("import", "organisations", organisations, "--dry-run")
    // "110; 112" unquoted is two fields: the row's shape is wrong, whatever the numbers.
    #expect(wrongColumns.status == 65)
    let good = try PythonTool.temporaryFile(
      "Nama;Telepon\r\nPolres Kota Surabaya;\"110, 112\"\r\nKemenPPPA;\"129, 1500-771\"\r\n"
        + "Layanan Bebas Pulsa;0800-1-401234\r\n", suffix: ".csv")
    let imported = cli.run("import", "organisations", good)
    #expect(imported.status == 0, "\(imported.errors)")
    let listed = try #require(try cli.json("org", "list") as? [[String: Any]])
    #expect(
      listed.map { $0["phones"] as? [String] ?? [] } == [
        ["129", "1500-771"], ["0800-1-401234"], ["110", "112"],
      ])
    let bad = try PythonTool.temporaryFile(
      "Nama;Telepon\r\nUnit A;SAPA 129\r\nUnit B;1500\r\nUnit C;12345\r\n", suffix: ".csv")
    let refused = cli.run("import", "organisations", bad)
    #expect(refused.status == 65)
    for (line, value) in [(2, "SAPA 129"), (3, "1500"), (4, "12345")] {
      #expect(
        refused.errors.contains(":\(line): field 'Telepon': '\(value)' is not a phone number."),
        "\(refused.errors)")
    }
    let contacts = try PythonTool.temporaryFile(
      "Nama,Email,No. HP,WhatsApp\r\nDewi,dewi@example.org,129,129\r\n", suffix: ".csv")
    let whatsapp = cli.run("import", "contacts", contacts)
    #expect(whatsapp.status == 65)
    #expect(
      whatsapp.errors.contains(
        ":2: field 'WhatsApp': '129' is a service number, which has no WhatsApp."),
      "\(whatsapp.errors)")
    let card = try PythonTool.temporaryFile(
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dewi\r\nEMAIL:dewi@example.org\r\n"
        + "TEL;VALUE=uri;TYPE=voice:tel:129;phone-context=+62\r\n"
        + "TEL;VALUE=uri;TYPE=cell:tel:+62-812-1111-2222\r\nEND:VCARD\r\n", suffix: ".vcf")
    let fromCard = cli.run("import", "contacts", card)
    #expect(fromCard.status == 0, "\(fromCard.errors)")
    let dewi = try #require(try cli.json("contact", "show", "dewi@example.org") as? [String: Any])
    #expect(dewi["phones"] as? [String] == ["129", "+6281211112222"])
  }
}
