import Foundation
import PokjaCore

/// Writes RFC 4180 CSV: CRLF line ends, fields quoted when they hold the delimiter, a quote, CR or LF
/// (quotes doubled). Optionally with a UTF-8 BOM, which Excel needs to read accents right. A cell a
/// spreadsheet would run as a formula gets an apostrophe in front (`SpreadsheetFormula`).
///
/// Fields are examined scalar by scalar, not by `Character`: Swift reads CRLF as one Character that
/// is neither "\r" nor "\n", and a delimiter followed by a combining mark as one Character that is
/// not the delimiter, yet a CSV reader splits on the bytes.
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

  private func field(_ value: String) -> String {
    let text = SpreadsheetFormula.guarded(value)
    let delimiterScalars = Set(delimiter.unicodeScalars)
    let needsQuotes =
      text.unicodeScalars.contains {
        $0 == "\"" || $0 == "\r" || $0 == "\n" || delimiterScalars.contains($0)
      }
      || text.unicodeScalars.first == " " || text.unicodeScalars.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacingScalars(["\"": "\"\""]) + "\""
  }
}

/// Spreadsheet formula injection (CWE-1236): Excel, LibreOffice and Google Sheets run a cell that
/// starts with `=`, `+`, `-` or `@` (or a tab or CR before one) as a formula, so a name such as
/// `=HYPERLINK(…)` in the directory would act in the spreadsheet of whoever opens the export.
///
/// Pokja keeps the data and defuses it: such a cell is written with an apostrophe in front
/// (`'+62 812-3456-7890`, `'=SUM(A1)`), as OWASP advises; a cell of one character (`-`) is no
/// formula and is left alone. A value that already starts with apostrophes before such a character
/// gets one more, so taking one apostrophe off, as `pokja import` does, always gives the value back.
public enum SpreadsheetFormula {
  private static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

  /// `text` as a CSV cell: with an apostrophe in front when a spreadsheet could run it.
  public static func guarded(_ text: String) -> String {
    needsGuard(text) ? "'" + text : text
  }

  /// A cell as `guarded` wrote it, without the apostrophe it added.
  public static func unguarded(_ cell: String) -> String {
    guard cell.unicodeScalars.first == "'", needsGuard(cell) else { return cell }
    return String(cell.unicodeScalars.dropFirst())
  }

  /// Whether `text`, after any leading apostrophes, starts like a formula.
  private static func needsGuard(_ text: String) -> Bool {
    let rest = text.unicodeScalars.drop { $0 == "'" }
    guard let first = rest.first, triggers.contains(first) else { return false }
    return rest.count > 1
  }
}
