import Foundation
import PokjaCore

/// A field an import column can fill, with the headers (Indonesian and English) that mean it.
protocol ImportField: Hashable, CaseIterable, Sendable {
  /// The name `--map` uses (`email`).
  var name: String { get }
  /// Headers that mean this field, as people write them; compared with `ColumnLayout.key`.
  var headers: [String] { get }
  /// The field that names the record; a file without it is refused.
  static var nameField: Self { get }
  static var entity: ImportEntity { get }
}

/// The columns of an organisations file.
enum OrganisationField: String, ImportField {
  case name, acronym, kind, parent, province, regency, region, services, tags, website, email
  case phone, address, notes

  var name: String { rawValue }
  static let nameField = Self.name
  static let entity = ImportEntity.organisation

  var headers: [String] {
    switch self {
    case .name:
      [
        "nama", "nama lembaga", "nama instansi", "nama organisasi", "lembaga", "instansi",
        "organisasi", "name", "organisation", "organization", "organisation name",
        "organization name",
      ]
    case .acronym:
      ["singkatan", "akronim", "nama singkat", "acronym", "abbreviation", "short name"]
    case .kind: ["jenis", "jenis lembaga", "jenis instansi", "tipe", "kind", "type"]
    case .parent: ["induk", "lembaga induk", "instansi induk", "parent", "parent organisation"]
    case .province: ["provinsi", "prov", "province"]
    case .regency:
      [
        "kabupaten", "kota", "kabupaten kota", "kab kota", "kabupaten atau kota", "regency", "city",
        "regency city",
      ]
    case .region: ["wilayah", "wilayah kerja", "cakupan", "cakupan wilayah", "region", "coverage"]
    case .services: ["layanan", "jenis layanan", "services", "service"]
    case .tags: ["tag", "tags", "label", "labels"]
    case .website: ["website", "situs", "situs web", "laman", "web", "url"]
    case .email: ["email", "e mail", "surel", "alamat email", "alamat surel"]
    case .phone:
      [
        "telepon", "telp", "no telp", "no telepon", "nomor telepon", "telepon kantor", "phone",
        "telephone", "tel", "hp", "no hp",
      ]
    case .address: ["alamat", "alamat kantor", "address"]
    case .notes: ["catatan", "keterangan", "ket", "notes", "note", "remarks", "comments"]
    }
  }
}

/// The columns of a contacts file.
enum ContactField: String, ImportField {
  case name, honorific, position, organisation, role, email, phone, whatsapp, telegram, language
  case tags, doNotContact = "do-not-contact", notes

  var name: String { rawValue }
  static let nameField = Self.name
  static let entity = ImportEntity.contact

  var headers: [String] {
    switch self {
    case .name: ["nama", "nama lengkap", "nama peserta", "nama anggota", "name", "full name"]
    case .honorific: ["sapaan", "panggilan", "honorific", "title", "salutation"]
    case .position: ["jabatan", "posisi", "position", "job title"]
    case .organisation:
      [
        "instansi", "lembaga", "organisasi", "nama instansi", "nama lembaga", "asal instansi",
        "asal lembaga", "organisation", "organization", "company",
      ]
    case .role: ["peran", "peran di pokja", "role"]
    case .email: ["email", "e mail", "surel", "alamat email", "alamat surel"]
    case .phone:
      [
        "no hp", "hp", "nomor hp", "no handphone", "handphone", "ponsel", "telepon", "telp",
        "no telp", "no telepon", "nomor telepon", "phone", "mobile", "telephone",
      ]
    case .whatsapp: ["wa", "no wa", "nomor wa", "whatsapp", "no whatsapp", "nomor whatsapp"]
    case .telegram: ["telegram"]
    case .language: ["bahasa", "language", "lang"]
    case .tags: ["tag", "tags", "label", "labels"]
    case .doNotContact: ["jangan dihubungi", "do not contact"]
    case .notes: ["catatan", "keterangan", "ket", "notes", "note", "remarks", "comments"]
    }
  }
}

/// Which field each column of a file fills, from its header and `--map`.
struct ColumnLayout<Field: ImportField> {
  /// The field of each column (nil: ignored), in file order.
  let fields: [Field?]
  /// Each column's header as written, for messages.
  let headers: [String]
  /// Headers Pokja does not know and `--map` did not name: reported, then ignored.
  let unknown: [String]

  init(header: [String], mapping: ColumnMapping, file: String) throws(ImportError) {
    let headers = header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    self.headers = headers
    var byKey: [String: Field] = [:]
    for field in Field.allCases {
      for text in [field.name] + field.headers {
        byKey[Self.key(text)] = byKey[Self.key(text)] ?? field
      }
    }
    var fields = headers.map { byKey[Self.key($0)] }
    var mapped = Set<Int>()
    for pair in mapping.pairs {
      let columns = headers.indices.filter { Self.key(headers[$0]) == Self.key(pair.header) }
      guard !columns.isEmpty else {
        throw .mappedColumnMissing(pair.header, file: file, headers: headers.filter { !$0.isEmpty })
      }
      let target: Field?
      if ["ignore", "abaikan", "-", ""].contains(Self.key(pair.field)) {
        target = nil
      } else if let field = byKey[Self.key(pair.field)] {
        target = field
      } else {
        throw .unknownField(pair.field, entity: Field.entity, known: Field.allCases.map(\.name))
      }
      for column in columns {
        fields[column] = target
        mapped.insert(column)
      }
    }
    self.fields = fields
    self.unknown = headers.indices.filter { fields[$0] == nil && !mapped.contains($0) }
      .map { headers[$0] }.filter { !$0.isEmpty }
    guard fields.contains(Field.nameField) else {
      throw .noNameColumn(
        file: file, headers: headers.filter { !$0.isEmpty }, entity: Field.entity)
    }
  }

  /// The columns' values for one record. The apostrophe `pokja export` puts before a cell a
  /// spreadsheet would run as a formula (`'+62 812…`) is taken off, so an export imports as it was.
  func row(_ record: CSVReader.Record) -> ImportRow<Field> {
    var cells: [Field: [ImportRow<Field>.Cell]] = [:]
    for (column, field) in fields.enumerated() {
      guard let field, column < record.fields.count else { continue }
      cells[field, default: []].append(
        .init(column: headers[column], text: SpreadsheetFormula.unguarded(record.fields[column])))
    }
    return ImportRow(line: record.line, cells: cells)
  }

  /// "No. HP" → "no hp", "E-mail" → "e mail", "Kabupaten/Kota" → "kabupaten kota": case, accents and
  /// punctuation do not matter.
  static func key(_ header: String) -> String {
    SearchKey.fold(header).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
      .joined(separator: " ")
  }
}

/// One record's values by field, each with the column it came from.
struct ImportRow<Field: ImportField> {
  /// A value and the header of its column (for messages).
  struct Cell {
    var column: String
    var text: String
  }

  var line: Int
  var cells: [Field: [Cell]]

  /// The first non-blank value of `field`, with line breaks and runs of spaces made one space.
  func value(_ field: Field) -> Cell? {
    for cell in cells[field] ?? [] {
      let text = ImportValues.oneLine(cell.text)
      if !text.isEmpty { return Cell(column: cell.column, text: text) }
    }
    return nil
  }

  /// The first non-blank value of `field`, line breaks kept (notes).
  func text(_ field: Field) -> Cell? {
    for cell in cells[field] ?? [] {
      let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
      if !text.isEmpty { return Cell(column: cell.column, text: text) }
    }
    return nil
  }

  /// Every item of `field` in every column: lists are split at `,` `;` `/` and line breaks.
  func list(_ field: Field, separators: Set<Character> = ImportValues.listSeparators) -> [Cell] {
    (cells[field] ?? []).flatMap { cell in
      ImportValues.items(cell.text, separators: separators).map {
        Cell(column: cell.column, text: $0)
      }
    }
  }

  /// The header a message about `field` names: its column, else the field's name ("Email").
  func column(_ field: Field) -> String {
    cells[field]?.first?.column ?? field.name.prefix(1).uppercased() + field.name.dropFirst()
  }
}

/// Helpers for reading spreadsheet cells.
enum ImportValues {
  /// What separates the items of a list in one cell.
  static let listSeparators: Set<Character> = [",", ";", "/", "\n", "\r", "\r\n"]

  /// Line breaks, tabs and runs of spaces as one space, trimmed.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
  }

  /// The non-blank items of a list cell.
  static func items(_ text: String, separators: Set<Character> = listSeparators) -> [String] {
    text.split(whereSeparator: { separators.contains($0) }).map { oneLine(String($0)) }
      .filter { !$0.isEmpty }
  }

  /// Words people put before a name, as a contact's honorific (folded form → as written).
  static let honorifics: [String: String] = [
    "bapak": "Bapak", "bpk": "Bapak", "bpk.": "Bapak", "pak": "Bapak", "ibu": "Ibu", "ibu.": "Ibu",
    "bu": "Ibu", "sdr": "Sdr.", "sdr.": "Sdr.", "sdri": "Sdri.", "sdri.": "Sdri.",
    "saudara": "Saudara", "saudari": "Saudari", "mr": "Mr.", "mr.": "Mr.", "mrs": "Mrs.",
    "mrs.": "Mrs.", "ms": "Ms.", "ms.": "Ms.", "dr": "Dr.", "dr.": "Dr.", "prof": "Prof.",
    "prof.": "Prof.",
  ]

  /// "Ibu Wulan Sari" → ("Ibu", "Wulan Sari"); "Prof. Dr. Ani" → ("Prof. Dr.", "Ani"). A name that
  /// is only an honorific is left alone.
  static func splitHonorific(_ name: String) -> (honorific: String?, name: String) {
    var words = name.split(separator: " ").map(String.init)
    var prefixes: [String] = []
    while words.count > 1, let honorific = honorifics[SearchKey.fold(words[0])] {
      prefixes.append(honorific)
      words.removeFirst()
    }
    return (prefixes.isEmpty ? nil : prefixes.joined(separator: " "), words.joined(separator: " "))
  }

  /// Yes-like cell values: ya, yes, y, x, 1, true, ✓.
  static func isYes(_ text: String) -> Bool {
    ["ya", "yes", "y", "x", "1", "true", "benar", "✓", "v"].contains(SearchKey.fold(text))
  }
}
