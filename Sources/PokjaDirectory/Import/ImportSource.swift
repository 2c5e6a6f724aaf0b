import Foundation

/// How an import file is written.
public enum ImportFormat: String, Sendable, Hashable, CaseIterable, Codable {
  /// RFC 4180 text, comma-, semicolon- or tab-delimited.
  case csv
  /// vCard 2.1, 3.0 or 4.0 (contacts only).
  case vcard

  /// The format a file name's extension implies: `.csv`/`.txt` → CSV, `.vcf`/`.vcard` → vCard.
  public init?(fileName: String) {
    switch (fileName as NSString).pathExtension.lowercased() {
    case "csv", "txt", "tsv": self = .csv
    case "vcf", "vcard": self = .vcard
    default: return nil
    }
  }

  /// The format the content looks like: a vCard begins with `BEGIN:VCARD`, anything else is CSV.
  public init(sniffing data: Data) {
    let head = String(decoding: data.prefix(64), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"])).uppercased()
    self = head.hasPrefix("BEGIN:VCARD") ? .vcard : .csv
  }
}

/// A file to import: its bytes and the name messages call it by.
public struct ImportSource: Sendable {
  /// The name errors start with (`anggota.csv:12: …`): the path as the user typed it.
  public var name: String
  /// The file's bytes, as read.
  public var data: Data
  /// How to read them.
  public var format: ImportFormat

  public init(name: String, data: Data, format: ImportFormat) {
    self.name = name
    self.data = data
    self.format = format
  }
}

/// How to run an import.
public struct ImportOptions: Sendable {
  /// Run everything, report it, and keep nothing.
  public var dryRun: Bool
  /// Extra or overriding column mappings (`--map`).
  public var mapping: ColumnMapping
  /// The CSV delimiter; nil detects `,`, `;` or tab from the header line.
  public var delimiter: Character?
  /// Contacts only: create organisations the directory does not know instead of refusing the row.
  public var createOrganisations: Bool
  /// Stop collecting problems after this many.
  public var maxProblems: Int

  public init(
    dryRun: Bool = false, mapping: ColumnMapping = ColumnMapping(), delimiter: Character? = nil,
    createOrganisations: Bool = false, maxProblems: Int = 20
  ) {
    self.dryRun = dryRun
    self.mapping = mapping
    self.delimiter = delimiter
    self.createOrganisations = createOrganisations
    self.maxProblems = maxProblems
  }
}

/// Column mappings a user adds with `--map "Kolom Aneh=email,Unit=organisation"`.
public struct ColumnMapping: Sendable, Hashable {
  /// Header (as written) and field (as written), in order; later pairs win.
  public var pairs: [Pair]

  /// One `Header=field` pair.
  public struct Pair: Sendable, Hashable {
    /// The column's header as written (compared without case, accents or punctuation).
    public var header: String
    /// A field name (`email`), a header Pokja knows (`Surel`), or `ignore`.
    public var field: String

    public init(header: String, field: String) {
      self.header = header
      self.field = field
    }
  }

  public init(_ pairs: [Pair] = []) { self.pairs = pairs }

  /// Reads `Header=field` pairs separated by commas; several texts (repeated `--map`) add up.
  public init(parsing texts: [String]) throws(ImportError) {
    var pairs: [Pair] = []
    for text in texts {
      for item in text.split(separator: ",") {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let header = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard parts.count == 2, !header.isEmpty else { throw .invalidMapping(text) }
        pairs.append(Pair(header: header, field: parts[1].trimmingCharacters(in: .whitespaces)))
      }
    }
    self.pairs = pairs
  }
}
