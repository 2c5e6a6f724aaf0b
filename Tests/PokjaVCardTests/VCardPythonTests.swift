import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaVCard

/// Cross-checks our output with Python's independent `vobject` parser.
@Suite struct VCardPythonTests {
  static let script = """
    import json, sys
    try:
        import vobject
    except ImportError as error:
        sys.exit(f"missing Python module {error.name!r}: run scripts/test (pip install vobject)")
    def items(value):
        if isinstance(value, list):
            return value
        return [value] if value else []
    def typed(lines):
        return [{"value": line.value,
                 "types": sorted(t.lower() for t in line.params.get("TYPE", [])),
                 "pref": line.params.get("PREF", [""])[0]}
                for line in lines]
    text = open(sys.argv[1], encoding="utf-8", newline="").read()
    cards = []
    for card in vobject.readComponents(text):
        name = card.n.value
        cards.append({
            "version": card.version.value,
            "fn": card.fn.value,
            "n": [items(name.family), items(name.given), items(name.additional),
                  items(name.prefix), items(name.suffix)],
            "org": card.org.value,
            "title": card.title.value,
            "note": card.note.value,
            "categories": card.categories.value,
            "tel": typed(card.contents.get("tel", [])),
            "email": typed(card.contents.get("email", [])),
        })
    print(json.dumps({"cards": cards}))
    """

  /// What vobject read, one dictionary per card.
  func readWithVobject(_ text: String) throws -> [[String: Any]] {
    let path = try PythonTool.temporaryFile(text, suffix: ".vcf")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let json = try PythonTool.json(inline: Self.script, arguments: [path])
    return try #require(json["cards"] as? [[String: Any]], "vobject printed \(json)")
  }

  @Test(arguments: VCardVersion.allCases)
  func vobjectReadsOurOutput(version: VCardVersion) throws {
    let isV3 = version == .v3
    let card = siti()
    let other = VCard(
      formattedName: "Budi Santoso", name: VCard.Name(family: "Santoso", given: "Budi"),
      organisation: ["Bappenas"], title: "Perencana",
      emails: [VCard.Email("budi@bappenas.go.id")],
      phones: [VCard.Phone("+62811", types: ["cell"])], note: "-", categories: ["Pokja"])
    let cards = try readWithVobject(VCardWriter.serialize([card, other], version: version))
    #expect(cards.count == 2)
    let read = try #require(cards.first)
    #expect(read["version"] as? String == version.rawValue)
    #expect(read["fn"] as? String == card.formattedName)
    #expect(
      read["n"] as? [[String]] == [
        ["Ningsih"], ["Siti"], ["Rahayu"], ["Ibu"], ["S.H.", "M.Kn."],
      ])
    #expect(read["org"] as? [String] == card.organisation)
    #expect(read["title"] as? String == card.title)
    #expect(read["note"] as? String == longNote)
    #expect(read["categories"] as? [String] == card.categories)
    let phones = try #require(read["tel"] as? [[String: Any]])
    let phoneValues: [String?] = phones.map { $0["value"] as? String }
    let phoneTypes: [[String]?] = phones.map { $0["types"] as? [String] }
    #expect(phoneValues == ["+6281234567890", "+62215551234"])
    let phonePrefs: [String?] = phones.map { $0["pref"] as? String }
    #expect(
      phoneTypes
        == (isV3 ? [["cell", "pref"], ["voice", "work"]] : [["cell"], ["voice", "work"]]))
    #expect(phonePrefs == (isV3 ? ["", ""] : ["1", ""]))
    let emails = try #require(read["email"] as? [[String: Any]])
    let emailValues: [String?] = emails.map { $0["value"] as? String }
    let emailTypes: [[String]?] = emails.map { $0["types"] as? [String] }
    #expect(emailValues == card.emails.map(\.value))
    let emailPrefs: [String?] = emails.map { $0["pref"] as? String }
    #expect(
      emailTypes
        == (isV3 ? [["internet", "pref", "work"], ["home", "internet"]] : [["work"], ["home"]]))
    #expect(emailPrefs == (isV3 ? ["", ""] : ["1", ""]))
    #expect(cards.last?["fn"] as? String == "Budi Santoso")
    #expect(cards.last?["n"] as? [[String]] == [["Santoso"], ["Budi"], [], [], []])
  }
}
