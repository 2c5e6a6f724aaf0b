import Foundation
import PokjaCore

extension Directory {
  /// Imports organisations from a CSV file: each row adds an organisation, or updates the one with
  /// the same name or acronym (filling fields it lacks and adding services, tags, emails and phones).
  ///
  /// All or nothing: the whole import is one transaction, and any wrong row (every one found, up
  /// to `options.maxProblems`) throws `ImportError.rejected` naming its line and field, leaving the
  /// directory as it was. With `options.dryRun` the same work runs and is rolled back.
  public func importOrganisations(_ source: ImportSource, options: ImportOptions = ImportOptions())
    throws -> ImportReport
  {
    guard source.format == .csv else { throw ImportError.vCardOrganisations }
    let bytes = try ImportText.utf8Bytes(source.data, file: source.name)
    return try transaction(dryRun: options.dryRun) {
      let run = try ImportRun(
        directory: self, source: source, options: options, entity: .organisation)
      try run.importOrganisations(csv: bytes)
      return try run.finish()
    }
  }

  /// Imports contacts from a CSV or vCard file. A row that is the same person as a contact already
  /// in the directory or an earlier row (same email, same phone, or same name in the same
  /// organisation) is merged into that contact rather than doubled: it keeps its values and gains
  /// the row's addresses, numbers, organisations and tags. Organisations are matched by name or
  /// acronym; one the directory does not know is an error unless `options.createOrganisations`.
  ///
  /// All or nothing, like `importOrganisations`.
  public func importContacts(_ source: ImportSource, options: ImportOptions = ImportOptions())
    throws -> ImportReport
  {
    let bytes = try ImportText.utf8Bytes(source.data, file: source.name)
    return try transaction(dryRun: options.dryRun) {
      let run = try ImportRun(directory: self, source: source, options: options, entity: .contact)
      switch source.format {
      case .csv: try run.importContacts(csv: bytes)
      case .vcard: try run.importContacts(vCards: bytes)
      }
      return try run.finish()
    }
  }

  private func transaction<T>(dryRun: Bool, _ body: () throws -> T) throws -> T {
    dryRun ? try store.rollingBack(body) : try store.atomically(body)
  }
}

/// The state of one import while it runs inside its transaction: what the directory holds (in
/// memory, for matching without a query per row), what was done, and what was wrong.
final class ImportRun {
  let directory: Directory
  let source: ImportSource
  let options: ImportOptions
  let entity: ImportEntity
  var organisations: OrganisationIndex
  /// IDs of records this import added: a later row matching one of them is "merged".
  var addedOrganisations: Set<OrganisationID> = []
  var problems: ImportProblems
  var records: [ImportReport.Record] = []
  var createdOrganisations: [ImportReport.Record] = []
  var ignoredColumns: [String] = []
  private let vocabulary: Vocabulary
  private var learned: Set<String> = []
  private(set) var newTerms: [String] = []
  private var regions: [String: Region?] = [:]

  init(directory: Directory, source: ImportSource, options: ImportOptions, entity: ImportEntity)
    throws
  {
    self.directory = directory
    self.source = source
    self.options = options
    self.entity = entity
    organisations = OrganisationIndex(try directory.store.organisations())
    problems = ImportProblems(limit: options.maxProblems)
    vocabulary = try directory.vocabulary()
  }

  var store: any DirectoryStore { directory.store }

  /// The report, or the problems found as `ImportError.rejected` (which rolls everything back).
  func finish() throws -> ImportReport {
    guard problems.list.isEmpty else {
      // By line: problems found after every row was read (unknown parents) join their rows.
      let sorted = problems.list.enumerated().sorted {
        ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
      }
      .map(\.element)
      throw ImportError.rejected(
        file: source.name, problems: sorted, stoppedEarly: problems.stoppedEarly)
    }
    return ImportReport(
      entity: entity, file: source.name, format: source.format, records: records,
      createdOrganisations: createdOrganisations, newTerms: newTerms,
      ignoredColumns: ignoredColumns, dryRun: options.dryRun)
  }

  /// Reads the CSV header and yields each non-blank record with the right number of fields;
  /// reports the others, and stops at an unbalanced quote or when the problem list is full.
  func eachCSVRecord<Field: ImportField>(
    _ bytes: [UInt8], _ body: (ImportRow<Field>) throws -> Void
  ) throws {
    var reader = CSVReader(bytes: bytes, delimiter: options.delimiter?.asciiValue)
    let delimiter = Character(Unicode.Scalar(reader.delimiter))
    do {
      var header: CSVReader.Record?
      while let record = try reader.next() {
        if !record.isBlank {
          header = record
          break
        }
      }
      guard let header else { throw ImportError.empty(file: source.name, format: .csv) }
      let layout = try ColumnLayout<Field>(
        header: header.fields, mapping: options.mapping, file: source.name)
      ignoredColumns = layout.unknown
      while let record = try reader.next() {
        if problems.isFull {
          problems.stop()
          return
        }
        guard !record.isBlank else { continue }
        if record.fields.count != header.fields.count {
          // Trailing empty cells past the header's last column are what spreadsheets leave.
          let extra = record.fields.dropFirst(header.fields.count)
          if record.fields.count < header.fields.count || extra.contains(where: { !$0.isEmpty }) {
            problems.add(
              ImportProblem(
                line: record.line,
                .fieldCount(
                  found: record.fields.count, expected: header.fields.count,
                  delimiter: delimiter)))
            continue
          }
        }
        try body(layout.row(record))
      }
    } catch let failure as CSVReader.Failure {
      switch failure {
      case .unbalancedQuote(let line): problems.add(ImportProblem(line: line, .unbalancedQuote))
      }
    }
  }

  /// The vocabulary term `text` means in `category`; a new word is learned (once) and reported.
  func term(_ text: String, in category: Vocabulary.Category) throws -> String? {
    guard let resolved = vocabulary.resolve(text, in: category) else { return nil }
    if resolved.isNew, learned.insert("\(category.rawValue):\(resolved.term)").inserted {
      try store.learn(resolved.term, in: category)
      newTerms.append("\(category.rawValue) '\(resolved.term)'")
    }
    return resolved.term
  }

  /// The region a Provinsi / Kabupaten/Kota / Wilayah cell names (nil: national), remembering
  /// answers for the run.
  func region(province: String?, regency: String?, region: String?) throws -> Region? {
    let cacheKey = [province, regency, region].map { $0 ?? "" }.joined(separator: "\u{1F}")
    if let known = regions[cacheKey] { return known }
    let national: Set<String> = ["nasional", "national", "indonesia", "seluruh indonesia", "-"]
    var result: Region?
    if let province, !national.contains(SearchKey.fold(province)) {
      guard let found = Province.named(province) else {
        throw DirectoryError.unknownProvince(province)
      }
      result = Region(province: found, regency: regency)
    } else if let regency, province == nil {
      result = try directory.region(regency)
    } else if let region {
      result = try directory.region(region)
    }
    regions[cacheKey] = result
    return result
  }

  /// Appends to the change log as hand edits do, naming the file and line.
  func log(
    _ entity: ChangeEntry.Entity, _ id: Int64, _ name: String, _ action: ChangeEntry.Action,
    line: Int, _ summary: String = ""
  ) throws {
    let origin = "import \(source.name):\(line)"
    try directory.log(
      entity, id, name, action, summary.isEmpty ? origin : "\(summary) (\(origin))")
  }

  /// Adds an organisation, logs it and indexes it.
  func insert(_ organisation: Organisation, line: Int) throws -> Organisation {
    let added = try store.insert(organisation)
    try log(.organisation, added.id.rawValue, added.name, .added, line: line)
    organisations.put(added)
    addedOrganisations.insert(added.id)
    return added
  }
}
