import Foundation
import PokjaDirectory

/// A plain-text table that fits the terminal: columns marked `flexible` are cut (with `…`) when the
/// rows would be wider than the console. Piped output (no width) is never cut.
struct Table {
  struct Column {
    var title: String
    let flexible: Bool
    /// Cut before the other flexible columns (a subject beside what matters more).
    let yieldsFirst: Bool

    init(_ title: String, flexible: Bool = false, yieldsFirst: Bool = false) {
      self.title = title
      self.flexible = flexible || yieldsFirst
      self.yieldsFirst = yieldsFirst
    }
  }

  var columns: [Column]
  var rows: [[String]] = []

  init(_ columns: [Column]) { self.columns = columns }

  /// Adds a row; a line break in a cell (LF, CR, CRLF, or a Unicode line or paragraph separator)
  /// becomes a space, so every row stays one line in the terminal and in `--csv`.
  mutating func add(_ cells: [String?]) {
    rows.append(cells.map { Self.oneLine($0 ?? "") })
  }

  /// `text` with each line break made one space. Scalars, not Characters: CRLF is one Character
  /// that equals neither "\r" nor "\n".
  static func oneLine(_ text: String) -> String {
    let breaks: Set<Unicode.Scalar> = [
      "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
    ]
    guard text.unicodeScalars.contains(where: breaks.contains) else { return text }
    var result = String.UnicodeScalarView()
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      if breaks.contains(scalar) {
        if !(scalar == "\n" && previous == "\r") { result.append(" ") }
      } else {
        result.append(scalar)
      }
      previous = scalar
    }
    return String(result)
  }

  /// The table for `console`: aligned and cut to the terminal's width (header in bold unless
  /// NO_COLOR), or, when output is piped, tab-separated without padding for `cut` and `awk`.
  func render(for console: any Console) -> String {
    guard let width = console.width else {
      return ([columns.map(\.title)] + rows).map { $0.joined(separator: "\t") }
        .joined(separator: "\n")
    }
    let text = render(width: width)
    guard console.usesColour, let headerEnd = text.firstIndex(of: "\n") else { return text }
    return "\u{1B}[1m" + text[..<headerEnd] + "\u{1B}[0m" + text[headerEnd...]
  }

  /// The table as RFC 4180 CSV.
  func csv() -> String {
    CSVWriter().document(header: columns.map(\.title), rows: rows)
  }

  func render(width: Int?) -> String {
    let widths = widths(
      widest: columns.indices.map { index in rows.map { Self.displayWidth($0[index]) }.max() ?? 0 },
      width: width)
    var lines = [Self.line(columns.map(\.title), widths, Self.gap)]
    lines.append(Self.line(widths.map { String(repeating: "─", count: $0) }, widths, Self.gap))
    lines += rows.map { Self.line($0, widths, Self.gap) }
    return lines.joined(separator: "\n")
  }

  /// Spaces between columns.
  static let gap = 2

  /// The width of each column for cells at most `widest` wide (display columns, per column) and
  /// the titles, shrunk to fit `width` as `render` does.
  func widths(widest: [Int], width: Int?) -> [Int] {
    var widths = columns.indices.map { index in
      max(Self.displayWidth(columns[index].title), widest[index])
    }
    let gap = Self.gap
    if let width {
      var excess = widths.reduce(0, +) + gap * (columns.count - 1) - width
      // Shrink the widest flexible column first (those that yield first before the others),
      // never below 8 characters.
      while excess > 0 {
        let shrinkable = columns.indices.filter { columns[$0].flexible && widths[$0] > 8 }
        let yielding = shrinkable.filter { columns[$0].yieldsFirst }
        guard
          let index = (yielding.isEmpty ? shrinkable : yielding)
            .max(by: { widths[$0] < widths[$1] })
        else { break }
        let cut = min(excess, widths[index] - 8)
        widths[index] -= cut
        excess -= cut
      }
    }
    return widths
  }

  static func line(_ cells: [String], _ widths: [Int], _ gap: Int) -> String {
    var text = ""
    for (index, cell) in cells.enumerated() {
      let fitted = fit(cell, widths[index])
      let isLast = index == cells.count - 1
      text +=
        isLast
        ? fitted
        : fitted + String(repeating: " ", count: widths[index] - displayWidth(fitted) + gap)
    }
    return text.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
  }

  private static func fit(_ text: String, _ width: Int) -> String {
    guard displayWidth(text) > width else { return text }
    var result = ""
    for character in text {
      if displayWidth(result) + displayWidth(String(character)) > width - 1 { break }
      result.append(character)
    }
    return result + "…"
  }

  /// Columns a string takes in a terminal: East Asian wide characters and emoji take two.
  static func displayWidth(_ text: String) -> Int {
    text.reduce(0) { total, character in
      guard let scalar = character.unicodeScalars.first else { return total }
      let wide =
        (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
        || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
        || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
        || (0x1F300...0x1FAFF).contains(scalar.value)
      return total + (wide ? 2 : 1)
    }
  }
}

/// A table written a row at a time, for lists too long to hold in memory (`recur expand`): the same
/// text as `Table.render(for:)` or `Table.csv()` would give, in chunks through `writeRaw`. An aligned
/// table needs the widest cell of each column in advance (a first pass over the rows).
struct TableStream {
  enum Layout {
    /// RFC 4180 CSV, English titles.
    case csv
    /// Tab-separated, for a pipe.
    case tabs
    /// Aligned columns of these widths, for a terminal.
    case aligned([Int])
  }

  private let console: any Console
  private let layout: Layout
  private var buffer = ""

  /// Starts the table: writes its header (titles translated for a translating console, except in
  /// CSV). `widest`: each column's widest cell, needed when the console has a width.
  init(_ table: Table, csv: Bool, widest: [Int], to console: any Console) {
    self.console = console
    var table = table
    if !csv, let catalogue = (console as? TranslatingConsole)?.catalogue {
      for index in table.columns.indices {
        table.columns[index].title = catalogue.columnTitle(table.columns[index].title)
      }
    }
    let titles = table.columns.map(\.title)
    if csv {
      layout = .csv
      buffer = CSVWriter().row(titles)
    } else if let width = console.width {
      let widths = table.widths(widest: widest, width: width)
      layout = .aligned(widths)
      let header = Table.line(titles, widths, Table.gap)
      buffer = (console.usesColour ? "\u{1B}[1m" + header + "\u{1B}[0m" : header) + "\n"
      buffer +=
        Table.line(widths.map { String(repeating: "─", count: $0) }, widths, Table.gap)
        + "\n"
    } else {
      layout = .tabs
      buffer = titles.joined(separator: "\t") + "\n"
    }
  }

  /// Writes one row.
  mutating func add(_ cells: [String]) {
    switch layout {
    case .csv: buffer += CSVWriter().row(cells)
    case .tabs: buffer += cells.joined(separator: "\t") + "\n"
    case .aligned(let widths): buffer += Table.line(cells, widths, Table.gap) + "\n"
    }
    if buffer.utf8.count >= 1 << 16 { flush() }
  }

  /// Writes what is still buffered.
  mutating func finish() { flush() }

  private mutating func flush() {
    if !buffer.isEmpty { console.writeRaw(buffer) }
    buffer = ""
  }
}
