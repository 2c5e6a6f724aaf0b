import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence

/// `pokja import organisations|contacts FILE.csv`: encodings, the CSV reader (RFC 4180 and what
/// spreadsheets write), header and `--map` column mapping, and every cell's value (emails, phone
/// numbers, regions, roles), run as a dry run on a directory in memory that knows two organisations.
/// Properties: a dry run leaves the directory as it was; each record the CSV reader reads, written by
/// the CSV writer `pokja export` uses, reads back as the same fields.
///
/// The first byte chooses the options: bit 0 organisations rather than contacts, bit 1
/// `--create-organisations`, bit 2 a `--map`, bits 3–4 the delimiter (detected, `,`, `;`, tab).
enum CSVImportTarget {
  static let target = FuzzTarget(
    "csv-import", "import organisations|contacts: CSV, column mapping and cell values", run)

  private static let directory: Directory = {
    do {
      // A fixed day (2026-12-07, Jakarta), so every run reads memberships the same way.
      let clock = FixedClock(Date(timeIntervalSince1970: 1_796_601_600))
      let store = SQLiteStore(try PokjaDatabase.inMemory(), today: Today(clock: clock))
      let directory = Directory(store: store, actor: "fuzz", clock: clock)
      _ = try directory.addOrganisation(
        OrganisationInput(
          name: "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", acronym: "KemenPPPA",
          kind: "ministry"))
      _ = try directory.addOrganisation(
        OrganisationInput(name: "Yayasan Contoh Peduli Anak", acronym: "YCPA", kind: "ngo"))
      return directory
    } catch {
      fatalError("The fuzz target's directory could not be made: \(error)")
    }
  }()

  static func run(_ input: Data) throws(FuzzFinding) {
    guard let flags = input.first else { return }
    let file = input.dropFirst()
    let delimiters: [Character?] = [nil, ",", ";", "\t"]
    let options = ImportOptions(
      dryRun: true,
      mapping: flags & 4 == 0
        ? ColumnMapping() : ColumnMapping([.init(header: "Kolom", field: "email")]),
      delimiter: delimiters[Int(flags >> 3) & 3], createOrganisations: flags & 2 != 0)
    let source = ImportSource(name: "fuzz.csv", data: Data(file), format: .csv)
    let before = counts()
    do {
      _ =
        flags & 1 == 0
        ? try directory.importContacts(source, options: options)
        : try directory.importOrganisations(source, options: options)
    } catch is ImportError {
      // The file refused, with its lines and fields named: what a wrong file should get.
    } catch {
      throw FuzzFinding("the import failed with something other than an import error: \(error)")
    }
    try expectEqual(counts(), before, "organisations and contacts after a dry run")
    try roundTrip(Array(file), delimiter: options.delimiter)
  }

  /// Every record of `bytes` through `CSVWriter` and back through `CSVReader`.
  private static func roundTrip(_ bytes: [UInt8], delimiter: Character?) throws(FuzzFinding) {
    var reader = CSVReader(bytes: bytes, delimiter: delimiter?.asciiValue)
    let writer = CSVWriter(delimiter: Character(Unicode.Scalar(reader.delimiter)))
    var count = 0
    while count < 50, let record = try? reader.next() {
      count += 1
      // After a first line, so a record that starts `sep=` is not read as Excel's delimiter line.
      let written = "x\r\n" + writer.row(record.fields)
      var back = CSVReader(bytes: Array(written.utf8), delimiter: reader.delimiter)
      _ = try? back.next()
      guard let again = try? back.next() else {
        throw FuzzFinding(
          "the record of line \(record.line) written as \(written.debugDescription) does not read back"
        )
      }
      try expectEqual(
        again.fields.map(SpreadsheetFormula.unguarded), record.fields,
        "line \(record.line) written by CSVWriter and read again")
      try expect(
        (try? back.next()) == nil, "\(written.debugDescription) reads as more than one record")
    }
  }

  private static func counts() -> [Int] {
    [
      (try? directory.organisations().count) ?? -1,
      (try? directory.contacts().count) ?? -1,
    ]
  }
}
