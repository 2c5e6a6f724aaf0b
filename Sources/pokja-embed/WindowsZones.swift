import Foundation

/// Unicode CLDR's `windowsZones.xml` as a Swift table: for each Windows zone name, its primary
/// (`territory="001"`) IANA zone and the Windows display label from the comment above it, in the
/// file's order. Read line by line (CLDR writes one element per line), so the build needs no XML
/// library; a file that does not look like that is refused rather than half read.
enum WindowsZones {
  struct Entry {
    let windows: String
    let zone: String
    let label: String
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// The entries of `text` (the file at `path`, for messages).
  static func entries(_ text: String, path: String) throws -> [Entry] {
    let comment = #/^\s*<!--\s*(.*?)\s*-->\s*$/#
    let mapZone = #/<mapZone\s+other="([^"]+)"\s+territory="([^"]+)"\s+type="([^"]+)"\s*/>/#
    var entries: [Entry] = []
    var seen: Set<String> = []
    var label: String?
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      if let match = line.wholeMatch(of: comment) {
        label = String(match.1)
        continue
      }
      guard let match = line.firstMatch(of: mapZone) else { continue }
      guard match.2 == "001" else { continue }
      let windows = String(match.1)
      // A primary zone is one IANA name; other territories may list several.
      guard !match.3.contains(" "), let label, label.hasPrefix("(UTC") else {
        throw Failure(
          description: "\(path):\(index + 1): \(windows): not a single zone under a (UTC…) label")
      }
      guard seen.insert(windows).inserted else {
        throw Failure(description: "\(path):\(index + 1): \(windows) has two primary zones")
      }
      // "(UTC+07:00) Bangkok, Hanoi, Jakarta" → "Bangkok, Hanoi, Jakarta".
      let name = label.drop { $0 != ")" }.dropFirst().trimmingCharacters(in: .whitespaces)
      entries.append(Entry(windows: windows, zone: String(match.3), label: name))
    }
    guard entries.count >= 100 else {
      throw Failure(description: "\(path): only \(entries.count) primary zones; is it CLDR's file?")
    }
    return entries
  }

  /// The Swift declaration of the table, inside `EmbeddedFiles`.
  static func source(_ entries: [Entry], literal: (String) -> String) -> String {
    var source = """

        /// Windows time-zone names with their primary IANA zone and Windows label, from Unicode
        /// CLDR's windowsZones.xml (Embedded/README.md says where it comes from).
        static let windowsZones: [(windows: String, zone: String, label: String)] = [

      """
    for entry in entries {
      source +=
        "    (\(literal(entry.windows)), \(literal(entry.zone)), \(literal(entry.label))),\n"
    }
    return source + "  ]\n"
  }
}
