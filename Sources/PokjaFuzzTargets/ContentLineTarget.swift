import Foundation
import PokjaContentLine

/// Content lines (RFC 5545 §3.1, RFC 6350 §3.2): unfolding, then each logical line read as
/// `name *(";" param) ":" value`. Round trips: a logical line folded and unfolded again; a value
/// escaped and unescaped; a parameter value quoted as the writers quote it and read back.
enum ContentLineTarget {
  static let target = FuzzTarget(
    "content-line", "Content lines: unfolding, parameters, TEXT escaping, folding", run)

  static func run(_ input: Data) throws(FuzzFinding) {
    let text = input.text
    for logical in ContentLineFolding.unfold(text) {
      read(logical.scalars)
      let line = logical.text
      // A line starting with whitespace or a byte order mark is not one a writer produces.
      if let first = logical.scalars.first, first != " ", first != "\t", first != "\u{FEFF}" {
        let refolded = ContentLineFolding.unfold(ContentLineFolding.fold(line)).map(\.text)
        try expectEqual(refolded, [line], "fold then unfold")
        for physical in ContentLineFolding.physicalLines(ContentLineFolding.fold(line)) {
          let octets = physical.reduce(0) { $0 + UTF8.width($1) }
          try expect(
            octets <= ContentLineFolding.maximumOctets,
            "a folded line of \(octets) octets (at most \(ContentLineFolding.maximumOctets))")
        }
      }
      let clean = ContentLineText.removingControls(line, keepTab: true)
      try expectEqual(
        ContentLineText.unescape(ContentLineText.escape(clean)), clean, "escape then unescape")
      let parameter = ContentLineText.replacingDoubleQuotes(clean)
      var scanner = ContentLineScanner(
        Array(("X=" + ContentLineText.quotedIfNeeded(parameter) + ":v").unicodeScalars))
      _ = scanner.read(until: ["="])
      _ = scanner.skip("=")
      guard let values = try? scanner.readParameterValues() else {
        throw FuzzFinding(
          "the quoted parameter value \(parameter.debugDescription) did not read back")
      }
      try expectEqual(values, [parameter], "a quoted parameter value read back")
    }
  }

  /// Reads one logical line the way the iCalendar and vCard readers do, without judging it.
  private static func read(_ scalars: [Unicode.Scalar]) {
    var scanner = ContentLineScanner(scalars)
    _ = scanner.read(until: [";", ":"])
    while scanner.skip(";") {
      _ = scanner.read(until: ["=", ";", ":"])
      guard scanner.skip("=") else { continue }
      guard (try? scanner.readParameterValues(skippingAfterQuote: true)) != nil else { return }
    }
    if let value = scanner.readValue() {
      _ = ContentLineText.unescape(value)
    }
  }
}
