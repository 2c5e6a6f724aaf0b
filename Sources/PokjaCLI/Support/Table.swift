import Foundation
import PokjaDirectory

/// A plain-text table that fits the terminal: columns marked `flexible` are cut (with `…`) when the
/// rows would be wider than the console. Piped output (no width) is never cut.
struct Table {
  struct Column {
    var title: String
    let flexible: Bool

    init(_ title: String, flexible: Bool = false) {
      self.title = title
      self.flexible = flexible
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
    var widths = columns.indices.map { index in
      max(
        Self.displayWidth(columns[index].title),
        rows.map { Self.displayWidth($0[index]) }.max() ?? 0)
    }
    let gap = 2
    if let width {
      var excess = widths.reduce(0, +) + gap * (columns.count - 1) - width
      // Shrink the widest flexible column first, never below 8 characters.
      while excess > 0 {
        guard
          let index = columns.indices.filter({ columns[$0].flexible && widths[$0] > 8 })
            .max(by: { widths[$0] < widths[$1] })
        else { break }
        let cut = min(excess, widths[index] - 8)
        widths[index] -= cut
        excess -= cut
      }
    }
    var lines = [Self.line(columns.map(\.title), widths, gap)]
    lines.append(Self.line(widths.map { String(repeating: "─", count: $0) }, widths, gap))
    lines += rows.map { Self.line($0, widths, gap) }
    return lines.joined(separator: "\n")
  }

  private static func line(_ cells: [String], _ widths: [Int], _ gap: Int) -> String {
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
