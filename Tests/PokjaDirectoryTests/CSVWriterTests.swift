import Foundation
import Testing

@testable import PokjaDirectory

@Suite struct CSVWriterTests {
  /// Fields as `CSVWriter` writes them and `CSVReader` (the importer's) reads them back.
  private func roundTrip(_ fields: [String], delimiter: Character) throws -> [String] {
    let text = CSVWriter(delimiter: delimiter).row(fields)
    var reader = CSVReader(bytes: Array(text.utf8), delimiter: delimiter.asciiValue)
    let record = try #require(try reader.next())
    #expect(try reader.next() == nil, "\(text.debugDescription) is more than one record")
    return record.fields.map(SpreadsheetFormula.unguarded)
  }

  /// CRLF is one Swift Character, equal to neither "\r" nor "\n": quoting looks at scalars.
  @Test(arguments: [",", ";", "\t"] as [Character])
  func quotesEveryLineBreakQuoteAndDelimiter(delimiter: Character) throws {
    let fields = [
      "Baris satu\r\nBaris dua", "CR\rsaja", "LF\nsaja", "\"kutip\"", "a,b", "a;b", "a\tb",
      " spasi ", "biasa",
    ]
    let written = CSVWriter(delimiter: delimiter).row(fields)
    #expect(written.hasPrefix("\"Baris satu\r\nBaris dua\"\(delimiter)\"CR\rsaja\"\(delimiter)"))
    #expect(written.hasSuffix("\(delimiter)biasa\r\n"))
    // The importer reads line breaks inside a cell as LF.
    let expected = fields.map {
      $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    #expect(try roundTrip(fields, delimiter: delimiter) == expected)
  }

  /// `"` + U+0301 is one Character, so `replacingOccurrences` left it single and the cell ended
  /// there for every CSV reader (found while fuzzing the content lines: the same mistake).
  @Test func aQuoteWithACombiningMarkIsDoubled() throws {
    let fields = ["\"\u{301}Budi\"\u{301}", "a\"\u{301},b"]
    #expect(CSVWriter().row(fields) == "\"\"\"\u{301}Budi\"\"\u{301}\",\"a\"\"\u{301},b\"\r\n")
    #expect(try roundTrip(fields, delimiter: ",") == fields)
  }

  @Test func aDelimiterWithACombiningMarkIsStillQuoted() {
    // "," + U+0301 is one Character that is not ",", but a CSV reader splits at the comma.
    #expect(CSVWriter().row(["a,\u{301}b"]) == "\"a,\u{301}b\"\r\n")
  }

  @Test(arguments: [
    ("=SUM(A1)", "'=SUM(A1)"), ("+62 812-3456-7890", "'+62 812-3456-7890"), ("-1", "'-1"),
    ("@tim", "'@tim"), ("\t=1", "'\t=1"), ("'=x", "''=x"), ("''+1", "'''+1"), ("-", "-"),
    ("'-", "'-"), ("'", "'"), ("a=b", "a=b"), ("Budi", "Budi"), ("", ""),
  ])
  func defusesFormulasAndImportsThemBack(value: String, cell: String) throws {
    #expect(SpreadsheetFormula.guarded(value) == cell)
    #expect(SpreadsheetFormula.unguarded(cell) == value)
    #expect(try roundTrip([value, "x"], delimiter: ",") == [value, "x"])
  }
}
