import Foundation
import Testing

@testable import PokjaDirectory

@Suite struct ImportCSVReaderTests {
  private func records(_ text: String, delimiter: Character? = nil) throws -> [CSVReader.Record] {
    var reader = CSVReader(bytes: Array(text.utf8), delimiter: delimiter?.asciiValue)
    var records: [CSVReader.Record] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  @Test func readsQuotedFieldsWithDelimitersLineBreaksAndDoubledQuotes() throws {
    let text =
      "Nama,Alamat,Catatan\r\n"
      + "\"Sari, Wulan\",\"Jl. Merdeka 1\r\nJakarta\",\"Kata \"\"penting\"\"\"\r\n"
      + "Budi,,\r\n"
    let read = try records(text)
    #expect(read.map(\.line) == [1, 2, 4])
    #expect(read[1].fields == ["Sari, Wulan", "Jl. Merdeka 1\nJakarta", "Kata \"penting\""])
    #expect(read[2].fields == ["Budi", "", ""])
  }

  @Test func countsPhysicalLinesForLFCRLFAndLoneCR() throws {
    #expect(try records("a\nb\n\"c\nd\"\ne").map(\.line) == [1, 2, 3, 5])
    #expect(try records("a\r\nb\r\n").map(\.line) == [1, 2])
    #expect(try records("a\rb\rc").map(\.line) == [1, 2, 3])
    // A blank line is a record of one empty field, on its own line.
    let withBlank = try records("a;b\n\n;\nc;d\n")
    #expect(withBlank.map(\.line) == [1, 2, 3, 4])
    #expect(withBlank.map(\.isBlank) == [false, true, true, false])
  }

  @Test func reportsTheLineAnUnbalancedQuoteStartsOn() throws {
    #expect(throws: CSVReader.Failure.unbalancedQuote(line: 3)) {
      try records("Nama;Catatan\nBudi;ok\nSiti;\"tidak ditutup\nlagi\nlagi\n")
    }
  }

  @Test func detectsTheDelimiterFromTheHeaderOutsideQuotes() throws {
    #expect(
      CSVReader.detectDelimiter(Array("Nama;Email;No. HP\na,b;c;d".utf8)) == UInt8(ascii: ";"))
    #expect(CSVReader.detectDelimiter(Array("Nama,Email\n".utf8)) == UInt8(ascii: ","))
    #expect(CSVReader.detectDelimiter(Array("\"a;b;c\",d\n".utf8)) == UInt8(ascii: ","))
    #expect(CSVReader.detectDelimiter(Array("Nama\tEmail\n".utf8)) == UInt8(ascii: "\t"))
    #expect(CSVReader.detectDelimiter(Array("Nama\n".utf8)) == UInt8(ascii: ","))
    // Excel's "sep=" line names it and is skipped; lines still count from the top of the file.
    let read = try records("sep=;\r\nNama;Email\r\nBudi;b@example.org\r\n")
    #expect(read.map(\.fields) == [["Nama", "Email"], ["Budi", "b@example.org"]])
    #expect(read.map(\.line) == [2, 3])
    // Found by fuzzing: `sep=` with a line break, a quote or a non-ASCII byte after it named that
    // as the delimiter. Such a line is no delimiter line; it is read as the header.
    for text in ["sep=\r\nNama\r\n", "sep=\"\nNama\n", "sep=\u{E9}\nNama\n"] {
      #expect(
        try records(text).first?.fields.first?.hasPrefix("sep=") == true, "\(text.debugDescription)"
      )
    }
    #expect(try records("sep=\t\nNama\tEmail\n").first?.fields == ["Nama", "Email"])
  }

  @Test func keepsTextAroundStrayQuotesAsSpreadsheetsDo() throws {
    let read = try records("a,b\n5\" disk,\"x\"y\n")
    #expect(read[1].fields == ["5\" disk", "xy"])
    // A delimiter at the very end is one more empty field.
    #expect(try records("a,b,").first?.fields == ["a", "b", ""])
    #expect(try records("x", delimiter: ";").first?.fields == ["x"])
  }

  @Test func keepsMultiByteUTF8Intact() throws {
    let read = try records("Nama;Kota\nDésirée;Yogyakarta — DIY\n")
    #expect(read[1].fields == ["Désirée", "Yogyakarta — DIY"])
  }
}

@Suite struct ImportTextTests {
  @Test func dropsAUTF8ByteOrderMark() throws {
    let bytes = try ImportText.utf8Bytes(Data([0xEF, 0xBB, 0xBF] + Array("Nama".utf8)), file: "f")
    #expect(bytes == Array("Nama".utf8))
  }

  @Test func readsUTF16WithAByteOrderMark() throws {
    var data = Data([0xFF, 0xFE])
    data.append("Nama\tEmail\nDésirée".data(using: .utf16LittleEndian)!)
    #expect(try ImportText.utf8Bytes(data, file: "f") == Array("Nama\tEmail\nDésirée".utf8))
  }

  @Test func refusesWindows1252NamingTheLineAndShowingIt() throws {
    // "Désirée" as Excel's "CSV (Comma delimited)" writes it on Windows: é is the single byte 0xE9.
    var bytes = Array("Nama;Kota\r\nBudi;Bandung\r\n".utf8)
    bytes += [0x44, 0xE9, 0x73, 0x69, 0x72, 0xE9, 0x65] + Array(";Jakarta ".utf8) + [0x80]
    do {
      _ = try ImportText.utf8Bytes(Data(bytes), file: "anggota.csv")
      Issue.record("expected an error")
    } catch {
      guard case .notUTF8(let file, let line, let guess, let sample) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file == "anggota.csv")
      #expect(line == 3)
      #expect(guess == "Windows-1252")
      #expect(sample.hasPrefix("Désirée;Jakarta"))
      #expect(sample.hasSuffix("€"))
      let message = error.localizedDescription
      #expect(
        message.hasPrefix("anggota.csv:3: anggota.csv is not UTF-8 (it looks like Windows-1252"))
      #expect(message.contains("Save As → CSV UTF-8"))
    }
  }

  @Test func findsTheFirstMalformedSequence() {
    #expect(ImportText.firstInvalidOffset(Array("ok é ✓ 😀".utf8)) == nil)
    #expect(ImportText.firstInvalidOffset([0x61, 0xC3]) == 1)  // cut short
    #expect(ImportText.firstInvalidOffset([0x61, 0xC0, 0x80]) == 1)  // overlong
    #expect(ImportText.firstInvalidOffset([0xED, 0xA0, 0x80]) == 0)  // surrogate
    #expect(ImportText.firstInvalidOffset([0x61, 0x62, 0x93]) == 2)  // a lone 1252 quote
  }
}

@Suite struct ImportColumnsTests {
  private func layout(
    _ header: [String], map: [String] = []
  ) throws -> ColumnLayout<ContactField> {
    try ColumnLayout<ContactField>(
      header: header, mapping: try ColumnMapping(parsing: map), file: "kontak.csv")
  }

  @Test func recognisesIndonesianAndEnglishHeadersWhateverTheirCaseAccentsAndPunctuation() throws {
    let columns = try layout([
      "NAMA LENGKAP", "Sapaan", "Jabatan", "Instansi", "E-mail", "No. HP", "No. WA", "Bahasa",
      "Catatan", "Télégram", "Tags",
    ])
    #expect(
      columns.fields == [
        .name, .honorific, .position, .organisation, .email, .phone, .whatsapp, .language, .notes,
        .telegram, .tags,
      ])
    #expect(columns.unknown.isEmpty)
    let english = try layout(["Name", "Title", "Organisation", "Email", "Phone", "WhatsApp"])
    #expect(english.fields == [.name, .honorific, .organisation, .email, .phone, .whatsapp])
    let organisations = try ColumnLayout<OrganisationField>(
      header: ["Nama Lembaga", "Singkatan", "Kabupaten/Kota", "Provinsi", "Situs", "Surel"],
      mapping: ColumnMapping(), file: "f")
    #expect(organisations.fields == [.name, .acronym, .regency, .province, .website, .email])
  }

  @Test func mapAddsAndOverridesColumnsAndUnknownOnesAreReported() throws {
    let columns = try layout(
      ["Nama", "Kolom Aneh", "Unit", "Telepon", "Foto"],
      map: ["Kolom Aneh=email,Unit=organisation", "telepon=whatsapp"])
    #expect(columns.fields == [.name, .email, .organisation, .whatsapp, nil])
    #expect(columns.unknown == ["Foto"])
    let ignored = try layout(["Nama", "Foto"], map: ["Foto=ignore"])
    #expect(ignored.unknown.isEmpty)
  }

  @Test func refusesAFileWithoutANameColumnListingItsHeaders() {
    #expect(
      throws: ImportError.noNameColumn(
        file: "kontak.csv", headers: ["Surel", "HP"], entity: .contact)
    ) { try layout(["Surel", "HP"]) }
  }

  @Test func refusesMappingsToUnknownFieldsOrColumns() {
    #expect(throws: ImportError.invalidMapping("Kolom")) { try ColumnMapping(parsing: ["Kolom"]) }
    #expect(throws: ImportError.self) { try layout(["Nama", "X"], map: ["X=shoe size"]) }
    #expect(
      throws: ImportError.mappedColumnMissing("Y", file: "kontak.csv", headers: ["Nama", "X"])
    ) { try layout(["Nama", "X"], map: ["Y=email"]) }
  }

  @Test func splitsHonorificsOffNamesAndListsAtCommonSeparators() {
    #expect(ImportValues.splitHonorific("Ibu Wulan Sari") == ("Ibu", "Wulan Sari"))
    #expect(ImportValues.splitHonorific("Prof. Dr. Ani") == ("Prof. Dr.", "Ani"))
    #expect(ImportValues.splitHonorific("Bapak") == (nil, "Bapak"))
    #expect(ImportValues.splitHonorific("Wulan Sari") == (nil, "Wulan Sari"))
    #expect(
      ImportValues.items("a@x.org; b@x.org / c@x.org\nd@x.org,") == [
        "a@x.org", "b@x.org", "c@x.org", "d@x.org",
      ])
  }
}
