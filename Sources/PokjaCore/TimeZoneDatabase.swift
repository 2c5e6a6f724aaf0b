import Foundation

/// The system's time-zone database (tzdata in `/usr/share/zoneinfo`, which Foundation reads): every
/// zone and link it holds is a name Pokja accepts (`Asia/Jakarta`, `UTC`, `Etc/GMT-7`, `US/Eastern`,
/// `Asia/Calcutta`, `Asia/Ujung_Pandang`).
///
/// A name is checked by opening its one file, never by listing the database, so reading the
/// configured zone costs every command (`pokja find` included) a few microseconds. The whole list
/// is read only to suggest a name after a typo.
enum TimeZoneDatabase {
  /// Where tzdata keeps one TZif file per zone and link.
  static let directory = "/usr/share/zoneinfo"

  /// The zone `name` stands for, or nil when it is not in the database. The zone's identifier reads
  /// back as itself (`TimeZone(identifier: zone.identifier)` gives the same), so what is stored is
  /// what is shown: Foundation on Linux renames a zone asked for as `UTC` to `GMT`, so there the
  /// link is followed instead and `UTC` is `Etc/UTC`, as in the database.
  static func zone(named name: String) -> TimeZone? {
    guard contains(name), let zone = TimeZone(identifier: name) else { return nil }
    if zone.identifier == name { return zone }
    if let target = linkTarget(name), let linked = TimeZone(identifier: target),
      linked.identifier == target
    {
      return linked
    }
    return TimeZone(identifier: zone.identifier)?.identifier == zone.identifier ? zone : nil
  }

  /// Whether `name` is a zone or link of the database: its file exists and is TZif.
  static func contains(_ name: String) -> Bool {
    guard isWellFormed(name) else { return false }
    if isZoneFile(directory + "/" + name) { return true }
    // Without tzdata (another system), Foundation's own list is all there is.
    guard !FileManager.default.fileExists(atPath: directory) else { return false }
    return TimeZone.knownTimeZoneIdentifiers.contains(name) || ["UTC", "GMT"].contains(name)
  }

  /// The database name nearest to `name`, for "did you mean": the same name in another case
  /// (`utc`), one a few letters away (`Asia/Jakrta`), the zone a city belongs to (`Jakarta`), or the
  /// zone an offset written as `GMT+7` or `UTC+7` means (WIB; `Etc/GMT-5` for `UTC+5`, the sign of
  /// `Etc/GMT` names being POSIX's, inverted).
  static func suggestion(for name: String) -> String? {
    if let offset = name.wholeMatch(of: #/(?i:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?00)?/#),
      let hours = Int(offset.2), hours <= 14
    {
      let east = offset.1 == "+"
      switch (east, hours) {
      case (true, 7): return IndonesianTimeZone.wib.rawValue
      case (true, 8): return IndonesianTimeZone.wita.rawValue
      case (true, 9): return IndonesianTimeZone.wit.rawValue
      case (_, 0): return "UTC"
      default:
        let candidate = "Etc/GMT" + (east ? "-" : "+") + String(hours)
        return contains(candidate) ? candidate : nil
      }
    }
    let lowered = name.lowercased()
    let limit = max(1, min(3, lowered.count / 3))
    // A name longer than every zone's by more than the limit is near none of them (a pasted
    // paragraph); the others are compared with a bounded distance, which gives up early.
    guard lowered.count <= longestName + limit else { return nil }
    func distance(to other: String) -> Int { editDistance(lowered, other, limit: limit) }
    var best: (name: String, distance: Int)?
    for candidate in names() {
      let folded = candidate.lowercased()
      let city = folded.split(separator: "/").last.map(String.init) ?? folded
      let distance = min(distance(to: folded), distance(to: city))
      if distance <= limit,
        distance < (best?.distance ?? .max)
          || (distance == best?.distance && candidate.count < (best?.name.count ?? 0))
      {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// Every zone and link name in the database, sorted; read once per process, when first asked.
  static func names() -> [String] { allNames }

  private static let allNames = readNames()
  private static let longestName = allNames.map(\.count).max() ?? 0

  private static func readNames() -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: directory) else {
      return (TimeZone.knownTimeZoneIdentifiers + ["UTC", "GMT"]).sorted()
    }
    var names: [String] = []
    while let path = walker.nextObject() as? String {
      // posix/ and right/ repeat the database in other encodings.
      if path == "posix" || path == "right" {
        walker.skipDescendants()
        continue
      }
      if isWellFormed(path), isZoneFile(directory + "/" + path) { names.append(path) }
    }
    return names.sorted()
  }

  /// A relative name of letters, digits, `_`, `+`, `-` and `/`-separated parts; not one of the
  /// files beside the zones (`localtime`, `posixrules`) or in posix/ and right/.
  private static func isWellFormed(_ name: String) -> Bool {
    guard !name.isEmpty, name.utf8.count < 256,
      name.unicodeScalars.allSatisfy({
        ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
          || $0 == "_" || $0 == "+" || $0 == "-" || $0 == "/"
      })
    else { return false }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !parts.contains(where: \.isEmpty), !["posix", "right"].contains(parts[0]) else {
      return false
    }
    return !["localtime", "posixrules"].contains(name)
  }

  /// Whether `path` is a TZif file (a directory, a table or a missing file is not).
  private static func isZoneFile(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: 4)) == Data("TZif".utf8)
  }

  /// The database name a link points to (`Etc/UTC` for `UTC`), or nil when `name` is no link.
  private static func linkTarget(_ name: String) -> String? {
    let path = directory + "/" + name
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
      return nil
    }
    let base = URL(fileURLWithPath: path).deletingLastPathComponent()
    let resolved =
      target.hasPrefix("/")
      ? URL(fileURLWithPath: target).standardized.path
      : base.appendingPathComponent(target).standardized.path
    let prefix = URL(fileURLWithPath: directory).standardized.path + "/"
    guard resolved.hasPrefix(prefix) else { return nil }
    let relative = String(resolved.dropFirst(prefix.count))
    return isWellFormed(relative) ? relative : nil
  }
}
