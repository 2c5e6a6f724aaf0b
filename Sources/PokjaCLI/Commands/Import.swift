import ArgumentParser
import Foundation
import PokjaDirectory

extension Pokja {
  /// `pokja import organisations|contacts FILE`: spreadsheets and vCards into the directory.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Import organisations or contacts from a CSV file or vCards, all or nothing.",
      discussion: """
        CSV: comma- or semicolon-delimited (as Excel writes it in an Indonesian locale), UTF-8 \
        with or without BOM; the first line names the columns, in Indonesian or English (Nama, \
        Instansi, Jabatan, Sapaan, Email/Surel, No. HP, WA, Provinsi, Kabupaten/Kota, Layanan, \
        Bahasa, Catatan, …). Map others with --map "Kolom Aneh=email". vCard (3.0, 4.0, 2.1): \
        contacts only.

        Rows matching a record the directory has (an organisation's name or acronym; a \
        contact's email, phone, or name in the same organisation) update it; rows repeating an \
        earlier row are merged into it. Any wrong row stops the import: every problem is listed \
        with its line and field, nothing is imported, and the exit status is 65. Try it first \
        with --dry-run.
        """,
      subcommands: [Organisations.self, Contacts.self])
  }
}

/// The arguments both imports take.
struct ImportArguments: ParsableArguments {
  @Argument(help: "The CSV or vCard file.") var file: String
  @Option(help: "csv or vcard (default: from the extension: .csv/.txt → csv, .vcf/.vcard → vcard).")
  var format: String?
  @Flag(help: "Check everything and report what would be added, updated and merged; keep nothing.")
  var dryRun = false
  @Option(
    help: ArgumentHelp(
      "Read a column as a field: \"Kolom Aneh=email,Unit=organisation\" (or =ignore); repeatable.",
      valueName: "Header=field,…"))
  var map: [String] = []
  @Option(help: "CSV delimiter: ',' ';' or tab (default: detected from the header line).")
  var delimiter: String?
  @Flag(help: "Print the report as JSON (schema in docs/json.md).") var json = false

  func validate() throws {
    if let format, ImportFormat(rawValue: format.lowercased()) == nil {
      throw ValidationError("--format is csv or vcard.")
    }
    if let delimiter, Self.delimiter(delimiter) == nil {
      throw ValidationError("--delimiter is ',', ';' or tab.")
    }
  }

  /// `,` `;` `|`, `tab` or `\t`.
  static func delimiter(_ text: String) -> Character? {
    switch text.lowercased() {
    case "tab", "\\t", "\t": "\t"
    case ",", "comma": ","
    case ";", "semicolon": ";"
    case "|": "|"
    default: nil
    }
  }

  /// The file's bytes, named as the user typed it, in the format asked for or implied.
  func source() throws -> ImportSource {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ImportFileError.unreadable(file)
    }
    let format =
      format.flatMap { ImportFormat(rawValue: $0.lowercased()) }
      ?? ImportFormat(fileName: file) ?? ImportFormat(sniffing: data)
    return ImportSource(name: file, data: data, format: format)
  }

  func options(createOrganisations: Bool = false) throws -> ImportOptions {
    ImportOptions(
      dryRun: dryRun, mapping: try ColumnMapping(parsing: map),
      delimiter: delimiter.flatMap(Self.delimiter), createOrganisations: createOrganisations)
  }
}

/// The import file could not be read.
enum ImportFileError: Error, UserFacingError {
  case unreadable(String)

  var exitStatus: ExitStatus { .noInput }

  var errorDescription: String? {
    switch self {
    case .unreadable(let path):
      "Cannot read '\(path)': check the path, and that it is a file you may read."
    }
  }
}
