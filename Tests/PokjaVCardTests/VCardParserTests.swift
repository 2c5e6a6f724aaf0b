import Foundation
import Testing

@testable import PokjaVCard

/// Joins `lines` with CRLF, as phones write them.
func crlf(_ lines: [String]) -> String {
  lines.map { $0 + "\r\n" }.joined()
}

@Suite struct VCardRoundTripTests {
  @Test(arguments: VCardVersion.allCases)
  func roundTripsAnIndonesianContact(version: VCardVersion) throws {
    let card = siti()
    let parsed = try VCardParser.parse(card.serialized(version: version))
    #expect(parsed == [card])
    let read = try #require(parsed.first)
    #expect(read.name?.prefixes == ["Ibu"])
    #expect(read.organisation[0] == "Kementerian Hukum, HAM; dan Perundang-undangan")
    #expect(read.note == longNote)
    #expect(read.phones.map(\.types) == [["cell"], ["work", "voice"]])
    #expect(read.emails.map(\.pref) == [1, nil])
  }

  @Test func readsSeveralCardsAndBlankLines() throws {
    let budi = VCard(formattedName: "Budi Santoso", phones: [VCard.Phone("+62811")])
    let text = "\u{FEFF}\r\n" + siti().serialized() + "\r\n\r\n" + budi.serialized(version: .v4)
    #expect(try VCardParser.parse(text) == [siti(), budi])
    #expect(try VCardParser.parse("") == [])
    #expect(try VCardParser.parse("\r\n\n  \r\n") == [])
  }

  @Test func acceptsLFAndTabFolding() throws {
    let text = """
      BEGIN:VCARD
      VERSION:3.0
      fn:Rapat\\, pleno
      \t dan diskusi
      Note;Language=id:baris
        satu\\nbaris dua
      END:VCARD
      """
    let card = try #require(try VCardParser.parse(text).first)
    #expect(card.formattedName == "Rapat, pleno dan diskusi")
    #expect(card.note == "baris satu\nbaris dua")
  }
}

@Suite struct VCardRealWorldTests {
  /// Google Contacts' "Export → vCard (for iOS Contacts)": 3.0, repeated TYPE, `item1.`
  /// groups with `X-ABLabel`, escaped colons in URLs, `myContacts` category.
  let google = crlf([
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Budi Santoso",
    "N:Santoso;Budi;;;",
    "EMAIL;TYPE=INTERNET;TYPE=WORK:budi.santoso@bappenas.go.id",
    "EMAIL;TYPE=INTERNET;TYPE=HOME:budi.s@gmail.com",
    "TEL;TYPE=CELL:+62 812-3456-7890",
    "item1.TEL:+62 21 3193 6207",
    "item1.X-ABLabel:Kantor pusat",
    "ADR;TYPE=WORK:;;Jl. Taman Suropati No.2;Jakarta Pusat;DKI Jakarta;10310;Indonesia",
    "item2.URL:https\\://www.bappenas.go.id",
    "item2.X-ABLabel:_$!<HomePage>!$_",
    "ORG:Bappenas;Direktorat Hukum dan Regulasi",
    "TITLE:Perencana Ahli Madya",
    "BDAY:1980-05-17",
    "NOTE:Kontak utama untuk Pokja\\, sesi 2.",
    "CATEGORIES:myContacts,Pokja Nasional",
    "END:VCARD",
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Rina",
    "N:;Rina;;;",
    "TEL;TYPE=CELL:0813 1111 2222",
    "CATEGORIES:myContacts",
    "END:VCARD",
  ])

  @Test func readsAGoogleContactsExport() throws {
    let cards = try VCardParser.parse(google)
    #expect(cards.count == 2)
    let budi = cards[0]
    #expect(budi.formattedName == "Budi Santoso")
    #expect(budi.name == VCard.Name(family: "Santoso", given: "Budi"))
    #expect(
      budi.emails == [
        VCard.Email("budi.santoso@bappenas.go.id", types: ["work"]),
        VCard.Email("budi.s@gmail.com", types: ["home"]),
      ])
    #expect(
      budi.phones == [
        VCard.Phone("+62 812-3456-7890", types: ["cell"]),
        VCard.Phone("+62 21 3193 6207", label: "Kantor pusat"),
      ])
    #expect(budi.addresses.first?.street == "Jl. Taman Suropati No.2")
    #expect(budi.addresses.first?.postalCode == "10310")
    #expect(budi.addresses.first?.types == ["work"])
    #expect(budi.urls == ["https://www.bappenas.go.id"])
    #expect(budi.organisation == ["Bappenas", "Direktorat Hukum dan Regulasi"])
    #expect(budi.title == "Perencana Ahli Madya")
    #expect(budi.note == "Kontak utama untuk Pokja, sesi 2.")
    #expect(budi.categories == ["myContacts", "Pokja Nasional"])
    // The URL's label has no TEL/EMAIL/ADR to belong to: it stays, with its group.
    #expect(budi.extra.map(\.name) == ["X-ABLABEL", "BDAY"])
    #expect(budi.extra.first?.group == "item2")
    #expect(cards[1].name == VCard.Name(given: "Rina"))
    // Written again and re-read, nothing changes.
    #expect(try VCardParser.parse(VCardWriter.serialize(cards)) == cards)
  }

  /// An Android 2.1 export: bare parameters, quoted-printable in UTF-8 with soft line breaks
  /// (one splitting a UTF-8 sequence), no FN on the second card, base64 photo.
  let android = crlf([
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Wibowo;=C3=89ndah;;Ibu;",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ibu =C3=89ndah Wibowo",
    "TEL;CELL;PREF:+6281398765432",
    "TEL;WORK;VOICE:0224232345",
    "TEL;WORK;FAX:0224232346",
    "EMAIL;HOME:endah@example.id",
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Pemprov Jawa Barat;Biro Pemerintahan",
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Rapat di Gedung Sate=2C lantai 2.=0D=0A=",
    "Bawa dokumen =E2=80=",
    "=94 lengkap=3B terima kasih",
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Endah;1;;;;;;;;;;;;;",
    "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
    "  /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBk=",
    "",
    "END:VCARD",
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Sitompul;Dame;;;S.E.",
    "TEL;HOME:+62614567890",
    "END:VCARD",
  ])

  @Test func readsAnAndroidQuotedPrintableExport() throws {
    let cards = try VCardParser.parse(android)
    #expect(cards.count == 2)
    let endah = cards[0]
    #expect(endah.formattedName == "Ibu Éndah Wibowo")
    #expect(endah.name == VCard.Name(family: "Wibowo", given: "Éndah", prefixes: ["Ibu"]))
    #expect(
      endah.phones == [
        VCard.Phone("+6281398765432", types: ["cell"], pref: 1),
        VCard.Phone("0224232345", types: ["work", "voice"]),
        VCard.Phone("0224232346", types: ["work", "fax"]),
      ])
    #expect(endah.emails == [VCard.Email("endah@example.id", types: ["home"])])
    #expect(endah.organisation == ["Pemprov Jawa Barat", "Biro Pemerintahan"])
    #expect(endah.note == "Rapat di Gedung Sate, lantai 2.\nBawa dokumen — lengkap; terima kasih")
    #expect(endah.extra.map(\.name) == ["X-ANDROID-CUSTOM", "PHOTO"])
    let photo = try #require(endah.extra.last)
    #expect(photo.parameterValues("ENCODING") == ["BASE64"])
    #expect(photo.parameterValues("TYPE") == ["JPEG"])
    #expect(photo.value == "/9j/4AAQSkZJRgABAQAAAQABAAD /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBk=")
    // FN derived from N: 2.1 does not require FN.
    #expect(cards[1].formattedName == "Dame Sitompul, S.E.")
    #expect(cards[1].name?.suffixes == ["S.E."])
    // A QP card re-written as 3.0 keeps its text.
    let again = try VCardParser.parse(VCardWriter.serialize(cards))
    #expect(again.map(\.note) == cards.map(\.note))
    #expect(again.map(\.formattedName) == cards.map(\.formattedName))
  }

  @Test func acceptsLFOnlyQuotedPrintableAndStopsSoftBreaksAtTheCardEnd() throws {
    let text = [
      "BEGIN:VCARD", "VERSION:2.1", "FN;ENCODING=QUOTED-PRINTABLE:A=", "B=",
      "END:VCARD",
    ].joined(separator: "\n")
    let cards = try VCardParser.parse(text)
    #expect(cards.first?.formattedName == "AB")
  }

  /// An iPhone export: 3.0, lowercase `type=` repeated, `type=pref`, labelled and grouped
  /// properties, trailing `;` in ORG.
  let iOS = crlf([
    "BEGIN:VCARD",
    "VERSION:3.0",
    "PRODID:-//Apple Inc.//iPhone OS 17.4//EN",
    "N:Hutapea;Maria;;dr.;Sp.A",
    "FN:dr. Maria Hutapea Sp.A",
    "ORG:RSUP Dr. Hasan Sadikin;",
    "TITLE:Dokter Spesialis Anak",
    "EMAIL;type=INTERNET;type=WORK;type=pref:maria.hutapea@rshs.or.id",
    "TEL;type=CELL;type=VOICE;type=pref:+62 811-2233-445",
    "TEL;type=WORK;type=VOICE:+62 22 2034953",
    "item1.TEL:+62 812 0000 1111",
    "item1.X-ABLabel:WhatsApp",
    "item2.ADR;type=WORK;type=pref:;;Jl. Pasteur No. 38;Bandung;Jawa Barat;40161;Indonesia",
    "item2.X-ABADR:id",
    "NOTE:Praktik Senin–Kamis\\nSore hari",
    "BDAY;value=date:1985-03-02",
    "END:VCARD",
  ])

  @Test func readsAnIPhoneExport() throws {
    let maria = try #require(try VCardParser.parse(iOS).first)
    #expect(maria.formattedName == "dr. Maria Hutapea Sp.A")
    #expect(maria.name?.prefixes == ["dr."])
    #expect(maria.organisation == ["RSUP Dr. Hasan Sadikin"])
    #expect(maria.emails == [VCard.Email("maria.hutapea@rshs.or.id", types: ["work"], pref: 1)])
    #expect(
      maria.phones == [
        VCard.Phone("+62 811-2233-445", types: ["cell", "voice"], pref: 1),
        VCard.Phone("+62 22 2034953", types: ["work", "voice"]),
        VCard.Phone("+62 812 0000 1111", label: "WhatsApp"),
      ])
    #expect(maria.addresses.first?.locality == "Bandung")
    #expect(maria.addresses.first?.pref == 1)
    #expect(maria.note == "Praktik Senin–Kamis\nSore hari")
    #expect(maria.extra.map(\.name) == ["PRODID", "X-ABADR", "BDAY"])
    #expect(maria.extra[2].parameterValues("value") == ["date"])
    #expect(try VCardParser.parse(maria.serialized()) == [maria])
  }

  @Test func readsFourZeroURIsQuotedTypesAndCaretEscapes() throws {
    let text = crlf([
      "BEGIN:VCARD",
      "VERSION:4.0",
      "KIND:Individual",
      "FN:Ahmad Fauzi",
      "TEL;VALUE=uri;TYPE=\"cell,voice\";PREF=1:tel:+62-812-1111-2222",
      "EMAIL;TYPE=work;PREF=2:ahmad@example.id",
      "LANG;PREF=1:id",
      "IMPP;X-SERVICE-TYPE=\"Jabber ^'XMPP^'^nchat\":xmpp:ahmad@example.id",
      "X-WHATSAPP:+6281211112222",
      "END:VCARD",
    ])
    let ahmad = try #require(try VCardParser.parse(text).first)
    #expect(ahmad.kind == "individual")
    #expect(ahmad.name == nil)
    #expect(ahmad.phones == [VCard.Phone("+62-812-1111-2222", types: ["cell", "voice"], pref: 1)])
    #expect(ahmad.emails == [VCard.Email("ahmad@example.id", types: ["work"], pref: 2)])
    #expect(ahmad.language == "id")
    #expect(ahmad.extra.first?.parameterValues("X-SERVICE-TYPE") == ["Jabber \"XMPP\"\nchat"])
    #expect(ahmad.extra.last?.value == "+6281211112222")
    #expect(try VCardParser.parse(ahmad.serialized(version: .v4)) == [ahmad])
  }
}

@Suite struct VCardFormattedNameTests {
  @Test func derivesFormattedNameFromN() throws {
    let text = crlf([
      "BEGIN:VCARD", "VERSION:3.0", "N:Rahayu;Siti;;Ibu;S.H.,M.Kn.", "FN:", "END:VCARD",
    ])
    let card = try #require(try VCardParser.parse(text).first)
    #expect(card.formattedName == "Ibu Siti Rahayu, S.H., M.Kn.")
  }

  @Test func keepsTheFirstNonEmptyFormattedNameAndMovesOthersToExtra() throws {
    let text = crlf([
      "BEGIN:VCARD", "VERSION:4.0", "FN:Budi", "FN;LANGUAGE=en:Bud", "TITLE:A", "TITLE:B",
      "END:VCARD",
    ])
    let card = try #require(try VCardParser.parse(text).first)
    #expect(card.formattedName == "Budi")
    #expect(card.title == "A")
    #expect(card.extra.map(\.value) == ["Bud", "B"])
  }

  @Test func formatsNamesWithoutEmptyParts() {
    #expect(VCard.Name(family: "Santoso").formatted == "Santoso")
    #expect(VCard.Name(given: "Budi", suffixes: ["S.T."]).formatted == "Budi, S.T.")
    #expect(VCard.Name().isEmpty)
  }
}

@Suite struct VCardParseErrorTests {
  @Test(arguments: [
    (
      crlf(["BEGIN:VCARD", "VERSION:3.0", "N:;;;;", "TEL:+62811", "END:VCARD"]),
      VCardParseError.missingFormattedName(line: 1)
    ),
    (
      crlf([
        "BEGIN:VCARD", "FN:A", "END:VCARD", "", "BEGIN:VCARD", "VERSION:4.0", "EMAIL:b@x.id",
        "END:VCARD",
      ]),
      .missingFormattedName(line: 5)
    ),
    (crlf(["BEGIN:VCARD", "VERSION:3.0", "FN:A"]), .missingEnd(line: 1)),
    (
      crlf(["BEGIN:VCARD", "FN:A", "END:VCARD", "BEGIN:VCARD", "FN:B"]),
      .missingEnd(line: 4)
    ),
    (
      crlf(["BEGIN:VCARD", "FN:A", "BEGIN:VCARD", "FN:B", "END:VCARD", "END:VCARD"]),
      .nestedBegin(line: 3, openedAt: 1)
    ),
    (crlf(["BEGIN:VCARD", "VERSION:3.0", "FN Budi", "END:VCARD"]), .missingColon(line: 3)),
    (crlf(["BEGIN:VCARD", "TEL;TYPE=CELL", "END:VCARD"]), .missingColon(line: 2)),
    (
      crlf(["BEGIN:VCARD", "VERSION:5.0", "FN:A", "END:VCARD"]),
      .unsupportedVersion(line: 2, version: "5.0")
    ),
    (crlf(["BEGIN:VCARD", "FN:A", "END:VCARD", "END:VCARD"]), .unexpectedEnd(line: 4)),
    (crlf(["FN:A", "BEGIN:VCARD", "END:VCARD"]), .propertyOutsideCard(line: 1, name: "FN")),
    (crlf(["BEGIN:VCALENDAR"]), .unexpectedComponent(line: 1, name: "VCALENDAR")),
    (
      crlf(["BEGIN:VCARD", "FN:A", "END:VEVENT"]),
      .unexpectedComponent(line: 3, name: "VEVENT")
    ),
    (
      crlf(["BEGIN:VCARD", "Nama Lengkap:A", "END:VCARD"]),
      .invalidName(line: 2, name: "Nama Lengkap")
    ),
    (crlf(["BEGIN:VCARD", "FN;X-A=\"open:A", "END:VCARD"]), .unterminatedQuote(line: 2)),
  ])
  func reportsErrorsWithLineNumbers(text: String, expected: VCardParseError) {
    #expect(throws: expected) { try VCardParser.parse(text) }
  }

  @Test func lineNumbersCountPhysicalLinesOfFoldedAndSoftBrokenInput() throws {
    let text = crlf([
      "BEGIN:VCARD", "VERSION:2.1", "NOTE;ENCODING=QUOTED-PRINTABLE:a=", "b=", "c", "FN:Budi",
      "X-LONG:abc", " def", "\tghi", "BROKEN", "END:VCARD",
    ])
    let error = #expect(throws: VCardParseError.self) { try VCardParser.parse(text) }
    #expect(error == .missingColon(line: 10))
    #expect(error?.line == 10)
  }

  @Test func messagesNameTheLineAndTheFix() {
    #expect(
      VCardParseError.missingFormattedName(line: 7).errorDescription
        == "vCard line 7: card has no FN (and no N to derive it from); add FN:<display name>")
    #expect(
      VCardParseError.nestedBegin(line: 9, openedAt: 2).errorDescription
        == "vCard line 9: BEGIN:VCARD inside the card begun at line 2; add END:VCARD before it")
    #expect(
      VCardParseError.unsupportedVersion(line: 2, version: "5.0").localizedDescription
        == "vCard line 2: VERSION:5.0 is not supported; use 2.1, 3.0 or 4.0")
    #expect(VCardParseError.missingEnd(line: 1).errorDescription?.contains("add END:VCARD") == true)
    #expect(
      VCardParseError.missingColon(line: 4).errorDescription?.hasPrefix("vCard line 4:") == true)
  }
}
