/// Reads CSV (RFC 4180) record by record, remembering the physical line each record starts on.
///
/// Written here rather than taken from a package: the two CSV packages Pokja may use, SwiftCSV 0.10.0
/// and CSV.swift 2.5.2, report neither the line a record starts on nor an unbalanced quote (both read
/// a quote left open as one long last field), and SwiftCSV pads short rows, hiding a wrong column
/// count. An import must name the line of every problem, so the reader is ours, and small.
///
/// What it reads: fields separated by one delimiter byte (`,`, `;` as spreadsheets in an Indonesian
/// locale write, or tab); records ended by CRLF, LF or a lone CR; quoted fields holding delimiters,
/// line breaks and doubled quotes (`""`). Like spreadsheets, it is lenient where RFC 4180 is strict
/// but the meaning is plain: a quote inside an unquoted field is kept, and text after a closing quote
/// is appended. Line breaks inside quoted fields are kept as LF. An Excel `sep=;` first line sets the
/// delimiter. The input is UTF-8 bytes (see `ImportText`); every byte the reader looks for is ASCII,
/// which never occurs inside a multi-byte UTF-8 sequence.
package struct CSVReader {
  /// One record: its fields and the physical line (1-based) it starts on.
  package struct Record: Equatable, Sendable {
    package var line: Int
    package var fields: [String]

    /// True for an empty line or a row of empty cells (`;;;`), which spreadsheets leave behind.
    package var isBlank: Bool {
      fields.allSatisfy { $0.allSatisfy { $0 == " " || $0 == "\t" } }
    }
  }

  /// Why the text cannot be read.
  package enum Failure: Error, Equatable, Sendable {
    /// A quoted field opened on `line` runs to the end of the text.
    case unbalancedQuote(line: Int)
  }

  private let bytes: [UInt8]
  /// The delimiter byte in use.
  package let delimiter: UInt8
  private var index: Int
  private var line: Int

  private static let quote = UInt8(ascii: "\"")
  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")

  /// A reader over UTF-8 `bytes`; with no `delimiter`, it is detected from the header line.
  package init(bytes: [UInt8], delimiter: UInt8? = nil) {
    self.bytes = bytes
    index = 0
    line = 1
    if let separator = Self.separatorLine(bytes) {
      self.delimiter = delimiter ?? separator.delimiter
      index = separator.length
      line = 2
    } else {
      self.delimiter = delimiter ?? Self.detectDelimiter(bytes)
    }
  }

  /// The next record, or nil at the end of the text.
  package mutating func next() throws(Failure) -> Record? {
    guard index < bytes.count else { return nil }
    let start = line
    var fields: [String] = []
    while true {
      let field = try readField()
      fields.append(field)
      guard index < bytes.count else { return Record(line: start, fields: fields) }
      let byte = bytes[index]
      index += 1
      if byte == delimiter {
        // A delimiter at the very end still means one more (empty) field.
        if index == bytes.count {
          fields.append("")
          return Record(line: start, fields: fields)
        }
        continue
      }
      // A line break ends the record (CRLF counts once).
      if byte == Self.cr, index < bytes.count, bytes[index] == Self.lf { index += 1 }
      line += 1
      return Record(line: start, fields: fields)
    }
  }

  /// Reads one field, leaving `index` on the delimiter or line break after it (or at the end).
  private mutating func readField() throws(Failure) -> String {
    guard index < bytes.count, bytes[index] == Self.quote else {
      let start = index
      while index < bytes.count {
        let byte = bytes[index]
        if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }
    let opened = line
    index += 1
    var value: [UInt8] = []
    while true {
      guard index < bytes.count else { throw .unbalancedQuote(line: opened) }
      let byte = bytes[index]
      if byte == Self.quote {
        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
          value.append(Self.quote)
          index += 2
          continue
        }
        index += 1
        break
      }
      if byte == Self.cr || byte == Self.lf {
        if byte == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.lf { index += 1 }
        line += 1
        value.append(Self.lf)
        index += 1
        continue
      }
      value.append(byte)
      index += 1
    }
    // Text after the closing quote (`"Jl. Merdeka" 3`) is kept, as spreadsheets do.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
      value.append(byte)
      index += 1
    }
    return String(decoding: value, as: UTF8.self)
  }

  /// The delimiter the header line uses most: `,`, `;` or tab, counted outside quotes (`,` on a tie).
  static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
    var counts = [0, 0, 0]
    var inQuotes = false
    for byte in bytes {
      if byte == quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if byte == cr || byte == lf { break }
        if let position = candidates.firstIndex(of: byte) { counts[position] += 1 }
      }
    }
    var best = 0
    for position in 1..<candidates.count where counts[position] > counts[best] { best = position }
    return candidates[best]
  }

  /// Excel's `sep=;` first line: the delimiter it names and the length of the line with its break.
  private static func separatorLine(_ bytes: [UInt8]) -> (delimiter: UInt8, length: Int)? {
    guard bytes.count >= 5,
      String(decoding: bytes.prefix(4), as: UTF8.self).lowercased() == "sep="
    else { return nil }
    var length = 5
    if length < bytes.count, bytes[length] == cr { length += 1 }
    if length < bytes.count, bytes[length] == lf { length += 1 }
    guard length > 5 || bytes.count == 5 else { return nil }
    // A printable ASCII character other than the quote, or tab; anything else (`sep=` with nothing,
    // a line break, a byte of a UTF-8 sequence) is no delimiter line.
    let delimiter = bytes[4]
    guard delimiter == UInt8(ascii: "\t") || (0x21...0x7E).contains(delimiter), delimiter != quote
    else { return nil }
    return (delimiter, length)
  }
}
