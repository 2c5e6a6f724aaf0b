import Foundation

/// Writes RFC 4180 CSV: CRLF line ends, fields quoted when they hold the delimiter, a quote, CR or LF
/// (quotes doubled). Optionally with a UTF-8 BOM, which Excel needs to read accents right.
public struct CSVWriter: Sendable {
  public var delimiter: Character
  public var byteOrderMark: Bool

  public init(delimiter: Character = ",", byteOrderMark: Bool = false) {
    self.delimiter = delimiter
    self.byteOrderMark = byteOrderMark
  }

  /// The whole file: a header row, then one row per record.
  public func document(header: [String], rows: [[String]]) -> String {
    (byteOrderMark ? "\u{FEFF}" : "") + ([header] + rows).map(row).joined()
  }

  /// One line, ending in CRLF.
  public func row(_ fields: [String]) -> String {
    fields.map(field).joined(separator: String(delimiter)) + "\r\n"
  }

  private func field(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == delimiter || $0 == "\"" || $0 == "\r" || $0 == "\n" }
      || text.hasPrefix(" ") || text.hasSuffix(" ")
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
