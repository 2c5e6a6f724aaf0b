import Foundation
import Testing

@testable import PokjaVCard

/// 69 ASCII octets: after `NOTE:` (5 octets) the next scalar, a 4-octet emoji, cannot fit in
/// the first 75-octet line.
let notePrefix = "Catatan rapat koordinasi Pokja Nasional tahun anggaran 2026 di Depok "

/// A NOTE that folds over at least three lines, with multi-byte scalars at the folds,
/// escapes and line breaks.
let longNote =
  notePrefix + "🌴 Désirée Müller akan hadir, membawa dokumen; mohon siapkan ruang rapat.\n"
  + "Baris kedua: anggaran \\ realisasi, ñandú façade naïve — selesai ✅\n"
  + "Baris ketiga: Çağrı Öztürk; 👩🏽‍💻 tim TI; konfirmasi ke sekretariat@pokja.example"

/// An Indonesian contact exercising every typed field.
func siti() -> VCard {
  VCard(
    formattedName: "Ibu Siti Rahayu Ningsih, S.H., M.Kn.",
    name: VCard.Name(
      family: "Ningsih", given: "Siti", additional: ["Rahayu"], prefixes: ["Ibu"],
      suffixes: ["S.H.", "M.Kn."]),
    organisation: [
      "Kementerian Hukum, HAM; dan Perundang-undangan", "Direktorat Harmonisasi",
    ],
    title: "Kepala Subdirektorat Harmonisasi; Bidang Politik, Hukum & Keamanan",
    role: "Focal point — Pokja Désa",
    emails: [
      VCard.Email("siti.rahayu@kemenkumham.go.id", types: ["work"], pref: 1),
      VCard.Email("siti.rahayu@gmail.com", types: ["home"]),
    ],
    phones: [
      VCard.Phone("+6281234567890", types: ["cell"], pref: 1),
      VCard.Phone("+62215551234", types: ["work", "voice"]),
    ],
    urls: ["https://peraturan.go.id/profil?id=12&lang=id"],
    note: longNote,
    categories: ["Pokja Nasional", "Narasumber, Hukum", "Jawa Barat; Banten"],
    addresses: [
      VCard.Address(
        street: "Jl. H.R. Rasuna Said Kav. 6-7", locality: "Jakarta Selatan",
        region: "DKI Jakarta", postalCode: "12940", country: "Indonesia", types: ["work"])
    ],
    language: "id", uid: "urn:uuid:5f0c1e9a-3b7d-4c52-9a61-0e2f4d8b7c11", kind: "individual",
    extra: [
      VCardProperty(name: "X-WHATSAPP", value: "+6281234567890"),
      VCardProperty(
        name: "IMPP", parameters: [VCardParameter(name: "TYPE", values: ["personal"])],
        value: "xmpp:siti@pokja.example"),
    ])
}

/// The physical lines of `text` as octets, without their CRLF.
func physicalLines(_ text: String) -> [[UInt8]] {
  Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: true)
    .map { Array($0.dropLast()) }
}

/// The unfolded content lines of `text`.
func contentLines(_ text: String) -> [String] {
  VCardParser.unfoldedLines(text).map { String(String.UnicodeScalarView($0.scalars)) }
}

@Suite struct VCardTextTests {
  @Test func escapesSpecialCharacters() {
    #expect(VCardText.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
    #expect(VCardText.escape("one\r\ntwo\rthree") == "one\\ntwo\\nthree")
    #expect(VCardText.escape("tab\tkept, bell\u{07} dropped") == "tab\tkept\\, bell dropped")
  }

  @Test func unescapesBothNewlineFormsAndEscapedColons() {
    #expect(VCardText.unescape("a\\nb\\Nc\\;d\\,e\\\\f") == "a\nb\nc;d,e\\f")
    #expect(VCardText.unescape("https\\://x.id") == "https://x.id")
    #expect(VCardText.unescape("C:\\temp\\") == "C:\\temp\\")
  }

  @Test(arguments: ["", "plain", "Rapat; Pleno, 2026", "back\\slash\\n", "a\nb\n\nc", longNote])
  func roundTrips(_ text: String) {
    #expect(VCardText.unescape(VCardText.escape(text)) == text)
  }

  @Test func splitsOnlyOnUnescapedSeparators() {
    #expect(VCardText.split("a\\;b;c\\\\;d", on: ";") == ["a\\;b", "c\\\\", "d"])
    #expect(VCardText.list("S.H., M.Kn.,,a\\,b") == ["S.H.", "M.Kn.", "a,b"])
  }

  @Test func decodesQuotedPrintableInTheDeclaredCharset() {
    #expect(VCardText.decodeQuotedPrintable("=C3=89ndah=0D=0Ax", charset: "UTF-8") == "Éndah\\nx")
    #expect(VCardText.decodeQuotedPrintable("Caf=E9", charset: "ISO-8859-1") == "Café")
    #expect(VCardText.decodeQuotedPrintable("Caf=E9", charset: nil) == "Café")
    #expect(VCardText.decodeQuotedPrintable("a=ZZb=", charset: nil) == "a=ZZb=")
  }
}

@Suite struct VCardWriterTests {
  @Test func writesPhoneFriendlyThreeZero() {
    let lines = contentLines(siti().serialized())
    #expect(Array(lines.prefix(2)) == ["BEGIN:VCARD", "VERSION:3.0"])
    #expect(lines.last == "END:VCARD")
    let expected = [
      "FN:Ibu Siti Rahayu Ningsih\\, S.H.\\, M.Kn.",
      "N:Ningsih;Siti;Rahayu;Ibu;S.H.,M.Kn.",
      "ORG:Kementerian Hukum\\, HAM\\; dan Perundang-undangan;Direktorat Harmonisasi",
      "TITLE:Kepala Subdirektorat Harmonisasi\\; Bidang Politik\\, Hukum & Keamanan",
      "TEL;TYPE=CELL,PREF:+6281234567890",
      "TEL;TYPE=WORK,VOICE:+62215551234",
      "EMAIL;TYPE=INTERNET,WORK,PREF:siti.rahayu@kemenkumham.go.id",
      "EMAIL;TYPE=INTERNET,HOME:siti.rahayu@gmail.com",
      "ADR;TYPE=WORK:;;Jl. H.R. Rasuna Said Kav. 6-7;Jakarta Selatan;DKI Jakarta;12940;Indonesia",
      "URL:https://peraturan.go.id/profil?id=12&lang=id",
      "CATEGORIES:Pokja Nasional,Narasumber\\, Hukum,Jawa Barat\\; Banten",
      "X-POKJA-LANG:id",  // LANG is 4.0 only
      "X-ADDRESSBOOKSERVER-KIND:individual",
      "X-WHATSAPP:+6281234567890",
      "IMPP;TYPE=personal:xmpp:siti@pokja.example",
    ]
    for line in expected { #expect(lines.contains(line), "missing \(line)") }
    #expect(!lines.contains { $0.hasPrefix("KIND:") })
  }

  @Test func writesFourZeroWithTextPhoneNumbers() {
    let lines = contentLines(siti().serialized(version: .v4))
    #expect(Array(lines.prefix(3)) == ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual"])
    let expected = [
      "TEL;TYPE=cell;PREF=1:+6281234567890",
      "TEL;TYPE=work,voice:+62215551234",
      "EMAIL;TYPE=work;PREF=1:siti.rahayu@kemenkumham.go.id",
      "EMAIL;TYPE=home:siti.rahayu@gmail.com",
      "UID:urn:uuid:5f0c1e9a-3b7d-4c52-9a61-0e2f4d8b7c11",
    ]
    for line in expected { #expect(lines.contains(line), "missing \(line)") }
    #expect(!lines.contains { $0.contains("INTERNET") || $0.contains("X-ADDRESSBOOKSERVER") })
  }

  @Test func usesCRLFEverywhere() {
    for version in VCardVersion.allCases {
      let text = VCardWriter.serialize([siti(), siti()], version: version)
      let bytes = Array(text.utf8)
      #expect(text.hasPrefix("BEGIN:VCARD\r\n"))
      #expect(text.hasSuffix("END:VCARD\r\n"))
      for (index, byte) in bytes.enumerated() {
        if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
        if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
      }
    }
  }

  @Test(arguments: VCardVersion.allCases)
  func foldsTheLongNoteWithoutSplittingScalars(version: VCardVersion) throws {
    #expect(notePrefix.utf8.count == 69)
    let lines = physicalLines(siti().serialized(version: version))
    for (index, line) in lines.enumerated() {
      #expect(line.count <= 75, "line \(index) has \(line.count) octets")
      #expect(String(validating: line, as: UTF8.self) != nil, "line \(index) splits a scalar")
    }
    let start = try #require(lines.firstIndex { $0.starts(with: Array("NOTE:".utf8)) })
    var end = start
    while end + 1 < lines.count, lines[end + 1].first == 0x20 { end += 1 }
    #expect(end - start + 1 >= 3, "NOTE spans \(end - start + 1) lines")
    // The emoji after the 69-octet prefix would end at octet 78, so it starts line two.
    #expect(lines[start].count == 74)
    #expect(lines[start + 1].starts(with: Array(" 🌴".utf8)))
    // A folded line stops short of 75 only when the next scalar would not fit.
    for index in start..<end {
      let next = lines[index + 1]
      let width = UTF8.width(String(decoding: next[1...], as: UTF8.self).unicodeScalars.first!)
      #expect(lines[index].count + width > 75)
    }
  }

  @Test func shortLinesAreNotFolded() {
    let line = "NOTE:" + String(repeating: "x", count: 70)
    var card = VCard(formattedName: "Budi")
    card.note = String(line.dropFirst(5))
    #expect(card.serialized().contains("\r\n\(line)\r\nEND:VCARD\r\n"))
    card.note = line.dropFirst(5) + "y"
    #expect(card.serialized().contains("\r\n\(line)\r\n y\r\nEND:VCARD\r\n"))
  }

  @Test func threeZeroAlwaysHasN() throws {
    let card = VCard(formattedName: "Sekretariat Pokja, Bappenas")
    let three = contentLines(card.serialized())
    #expect(three.contains("N:;Sekretariat Pokja\\, Bappenas;;;"))
    #expect(!contentLines(card.serialized(version: .v4)).contains { $0.hasPrefix("N:") })
    let parsed = try #require(try VCardParser.parse(card.serialized()).first)
    #expect(parsed.formattedName == card.formattedName)
    #expect(parsed.name == VCard.Name(given: "Sekretariat Pokja, Bappenas"))
    #expect(try VCardParser.parse(card.serialized(version: .v4)) == [card])
  }

  @Test func emptyFormattedNameIsWrittenFromN() {
    let card = VCard(formattedName: "", name: VCard.Name(family: "Santoso", given: "Budi"))
    #expect(contentLines(card.serialized()).contains("FN:Budi Santoso"))
  }

  @Test func labelsUseFreeItemGroups() throws {
    let card = VCard(
      formattedName: "Budi", name: VCard.Name(given: "Budi"),
      emails: [VCard.Email("budi@x.id", label: "Kantor, pusat")],
      phones: [VCard.Phone("+62811", types: ["cell"], label: "WhatsApp")],
      extra: [
        VCardProperty(group: "item1", name: "X-ABRELATEDNAMES", value: "Ani"),
        VCardProperty(group: "item1", name: "X-ABLabel", value: "_$!<Spouse>!$_"),
      ])
    let lines = contentLines(card.serialized())
    #expect(lines.contains("item2.TEL;TYPE=CELL:+62811"))
    #expect(lines.contains("item2.X-ABLABEL:WhatsApp"))
    #expect(lines.contains("item3.EMAIL;TYPE=INTERNET:budi@x.id"))
    #expect(lines.contains("item3.X-ABLABEL:Kantor\\, pusat"))
    #expect(lines.contains("item1.X-ABLABEL:_$!<Spouse>!$_"))
    #expect(try VCardParser.parse(card.serialized()) == [card])
    #expect(try VCardParser.parse(card.serialized(version: .v4)) == [card])
  }

  @Test func parametersAreQuotedAndEncodedPerVersion() throws {
    let property = VCardProperty(
      name: "x-social",
      parameters: [
        VCardParameter(name: "x-label", values: ["Budi \"Bud\" S.", "a:b;c"]),
        VCardParameter(name: "x-note", values: ["baris^1\nbaris 2"]),
      ],
      value: "https://x.example/budi")
    #expect(
      property.contentLine(for: .v3)
        == "X-SOCIAL;X-LABEL=Budi 'Bud' S.,\"a:b;c\";X-NOTE=baris^1baris 2:https://x.example/budi")
    #expect(
      property.contentLine(for: .v4)
        == "X-SOCIAL;X-LABEL=Budi ^'Bud^' S.,\"a:b;c\";X-NOTE=baris^^1^nbaris 2"
        + ":https://x.example/budi")
    let card = VCard(formattedName: "Budi", extra: [property])
    #expect(try VCardParser.parse(card.serialized(version: .v4)) == [card])
  }

  @Test func valuesAndNamesCannotBreakTheCard() throws {
    let card = VCard(
      formattedName: "Budi\r\nEND:VCARD", title: "a\nb",
      extra: [
        VCardProperty(name: "x-evil\r\nBEGIN", value: "a\r\nEND:VCARD"),
        VCardProperty(name: "END", value: "VCARD"),
      ])
    let lines = contentLines(card.serialized())
    #expect(lines.contains("FN:Budi\\nEND:VCARD"))
    #expect(lines.contains("TITLE:a\\nb"))
    #expect(lines.contains("X-EVILBEGIN:aEND:VCARD"))
    #expect(lines.filter { $0 == "END:VCARD" }.count == 1)
    #expect(try VCardParser.parse(card.serialized()).count == 1)
  }
}
