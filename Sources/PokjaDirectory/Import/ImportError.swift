import Foundation
import PokjaCore
import PokjaVCard

/// Why an import was refused. Nothing is imported when any of these is thrown.
public enum ImportError: Error, Equatable, Sendable {
  /// The file's bytes are not UTF-8; `guess` names the encoding they look like ("Windows-1252").
  case notUTF8(file: String, line: Int, guess: String, sample: String)
  /// The file holds no header line (CSV) or no card (vCard).
  case empty(file: String, format: ImportFormat)
  /// No column gives the record's name; `headers` are the columns the file has.
  case noNameColumn(file: String, headers: [String], entity: ImportEntity)
  /// `--map` text that is not `Header=field,…`.
  case invalidMapping(String)
  /// `--map` names a field the entity does not have.
  case unknownField(String, entity: ImportEntity, known: [String])
  /// `--map` names a column the file does not have.
  case mappedColumnMissing(String, file: String, headers: [String])
  /// vCards hold people: organisations are imported from CSV.
  case vCardOrganisations
  /// One or more rows were wrong: each problem names its line and field.
  case rejected(file: String, problems: [ImportProblem], stoppedEarly: Bool)

  /// Whether the fault is in the command line (`--map`, `--format`) rather than in the file.
  public var isUsageError: Bool {
    switch self {
    case .invalidMapping, .unknownField, .mappedColumnMissing, .vCardOrganisations: true
    default: false
    }
  }
}

extension ImportError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .notUTF8(let file, let line, let guess, let sample):
      "\(file):\(line): \(file) is not UTF-8 (it looks like \(guess); this line reads"
        + " '\(sample)'): in Excel use Save As → CSV UTF-8 (Comma delimited), or convert it with"
        + " 'iconv -f \(guess.uppercased()) -t UTF-8 \(file)'. Nothing was imported."
    case .empty(let file, .csv):
      "\(file) is empty: the first line must name the columns (Nama;Email;…)."
    case .empty(let file, .vcard):
      "\(file) holds no vCard (BEGIN:VCARD … END:VCARD)."
    case .noNameColumn(let file, let headers, let entity):
      "\(file):1: no column gives the \(entity.noun)'s name. The header has "
        + (headers.isEmpty ? "no columns" : headers.map { "'\($0)'" }.joined(separator: ", "))
        + ". Call the column 'Nama' (or 'Name'), or map one: --map \"\(headers.first ?? "Kolom")=name\"."
    case .invalidMapping(let text):
      "--map '\(text)' is not a list of Header=field pairs. Write it as --map \"Kolom Aneh=email,Unit=organisation\"."
    case .unknownField(let field, let entity, let known):
      "--map: '\(field)' is not a field of \(entity.plural). Use one of: \(known.joined(separator: ", ")) (or 'ignore')."
    case .mappedColumnMissing(let column, let file, let headers):
      "--map: \(file) has no column '\(column)'. Its columns are: \(headers.joined(separator: ", "))."
    case .vCardOrganisations:
      "vCards hold people: import organisations from a CSV file (--format csv)."
    case .rejected(let file, let problems, let stoppedEarly):
      ([
        "\(file): \(problems.count)\(stoppedEarly ? " or more" : "") problem(s); nothing was"
          + " imported. Fix them and run the import again."
      ] + problems.map { "\(file):\($0.line): \($0.message)" }
        + (stoppedEarly ? ["(stopped after \(problems.count) problems)"] : []))
        .joined(separator: "\n")
    }
  }
}

/// What is being imported.
public enum ImportEntity: String, Sendable, Hashable, Codable {
  /// `import organisations`.
  case organisation
  /// `import contacts`.
  case contact

  var noun: String { rawValue }
  var plural: String { rawValue + "s" }
}

/// One wrong row or value: the physical line it starts on and what is wrong with it.
public struct ImportProblem: Error, Equatable, Sendable {
  /// The 1-based physical line (of a CSV record, or of a vCard's `BEGIN:VCARD`).
  public var line: Int
  /// What is wrong.
  public var kind: Kind

  public init(line: Int, _ kind: Kind) {
    self.line = line
    self.kind = kind
  }

  /// What is wrong.
  public enum Kind: Equatable, Sendable {
    /// A value that does not parse; the error names the field (`field 'Email'`).
    case invalid(InputError)
    /// A value the directory refused (an unknown province, role or region), in `column`.
    case refused(column: String, DirectoryError)
    /// A quoted field opened on this line is never closed.
    case unbalancedQuote
    /// The record has a different number of fields than the header.
    case fieldCount(found: Int, expected: Int, delimiter: Character)
    /// A new contact without an email address.
    case missingEmail(column: String, name: String)
    /// A contact's organisation is neither in the directory nor created by this import.
    case unknownOrganisation(column: String, value: String)
    /// A parent organisation that is neither in the directory nor in the file.
    case unknownParent(column: String, value: String)
    /// An organisation placed under itself, directly or through others.
    case parentCycle(column: String, name: String)
    /// The row's name and acronym match two different organisations.
    case nameAndAcronymDisagree(
      name: String, nameOwner: String, acronym: String, acronymOwner: String)
    /// The row's addresses belong to different contacts, so it cannot be merged into one.
    case emailsOfSeveralContacts(column: String, ContactID, ContactID)
    /// The vCard text could not be read.
    case vCard(VCardParseError)
  }

  /// The message after `FILE:LINE: `, saying what is wrong and how to fix it.
  public var message: String {
    switch kind {
    case .invalid(let error):
      error.localizedDescription
    case .refused(let column, let error):
      "field '\(column)': \(error.localizedDescription)"
    case .unbalancedQuote:
      "unbalanced quote starting on line \(line): a field opened with '\"' is never closed."
        + " Close it, or double a quote that belongs to the text (\"\")."
    case .fieldCount(let found, let expected, let delimiter):
      "line \(line) has \(found) fields, the header has \(expected)."
        + " A value holding '\(delimiter)' must be in double quotes (\"Jl. Merdeka\(delimiter) No. 3\");"
        + " otherwise add or remove '\(delimiter)' so the row matches the header."
    case .missingEmail(let column, let name):
      "field '\(column)': \(name) has no email address; every new contact needs one (invitations"
        + " go there). Add it, or leave the row out."
    case .unknownOrganisation(let column, let value):
      "field '\(column)': no organisation '\(value)' in the directory. Import organisations first"
        + " (pokja import organisations FILE), write its exact name or acronym, or add --create-orgs."
    case .unknownParent(let column, let value):
      "field '\(column)': no organisation '\(value)' in the directory or in this file. Write the"
        + " parent's exact name or acronym, or import it first."
    case .parentCycle(let column, let name):
      "field '\(column)': '\(name)' cannot be placed under itself. Choose another parent."
    case .nameAndAcronymDisagree(let name, let nameOwner, let acronym, let acronymOwner):
      "the name '\(name)' is organisation '\(nameOwner)' but the acronym '\(acronym)' belongs to"
        + " '\(acronymOwner)'. Correct one of them."
    case .emailsOfSeveralContacts(let column, let first, let second):
      "field '\(column)': these addresses belong to two contacts (\(first) and \(second)). Merge them"
        + " first (pokja contact merge \(first) \(second)), or split the row."
    case .vCard(.missingFormattedName):
      "field 'FN': the card has neither FN nor N, so it has no name. Add FN:<full name> to it."
    case .vCard(let error):
      error.localizedDescription
    }
  }
}
