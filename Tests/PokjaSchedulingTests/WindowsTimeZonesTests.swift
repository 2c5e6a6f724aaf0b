import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaScheduling

/// Windows zone names (Outlook, Exchange) come from Unicode CLDR's windowsZones.xml, the copy in
/// `Sources/PokjaScheduling/Embedded/`, turned into a table at build time; here the XML is read again
/// on its own and every primary zone must work.
@Suite struct WindowsTimeZonesTests {
  static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/PokjaScheduling/Embedded/windowsZones.xml")

  /// `(Windows name, IANA zone)` for every `territory="001"` mapZone of the committed file.
  static func primaryZones() throws -> [(windows: String, zone: String)] {
    let text = try String(contentsOf: file, encoding: .utf8)
    let pattern = #/<mapZone other="([^"]+)" territory="001" type="([^"]+)"/>/#
    return text.matches(of: pattern).map { (String($0.1), String($0.2)) }
  }

  /// The zone a VEVENT with `TZID="name"` is read in.
  func zone(forTZID name: String) throws -> TimeZone {
    let contents = try CalendarFileReader.read(
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:w\nDTSTART;TZID=\"\(name)\":20270601T090000\nEND:VEVENT\nEND:VCALENDAR\n",
      file: "outlook.ics", defaultTimeZone: Zones.jakarta)
    return try #require(contents.series.first?.master.timeZone)
  }

  @Test func anOutlookExportFromCentralAsiaIsRead() throws {
    // One of the zones the hand-written table did not have.
    #expect(try zone(forTZID: "Central Asia Standard Time").identifier == "Asia/Almaty")
    #expect(try zone(forTZID: "Aleutian Standard Time").identifier == "America/Adak")
    #expect(try zone(forTZID: "Marquesas Standard Time").identifier == "Pacific/Marquesas")
  }

  @Test func everyPrimaryZoneOfCLDRIsKnownToFoundation() throws {
    let primary = try Self.primaryZones()
    // CLDR 41 has 139 Windows zones.
    #expect(primary.count >= 139)
    #expect(WindowsTimeZones.entries.count == primary.count)
    for (windows, cldr) in primary {
      let expected = WindowsTimeZones.renamed[cldr] ?? cldr
      #expect(TimeZone(identifier: expected)?.identifier == expected, "\(windows): \(expected)")
      #expect(WindowsTimeZones.iana(windowsName: windows) == expected, "\(windows)")
      #expect(try zone(forTZID: windows).identifier == expected, "\(windows)")
      // The same clock as CLDR's own name for it.
      let now = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00:00Z
      #expect(
        TimeZone(identifier: expected)?.secondsFromGMT(for: now)
          == TimeZone(identifier: cldr)?.secondsFromGMT(for: now), "\(windows)")
    }
    // Each Windows label leads back to its zone too.
    for entry in WindowsTimeZones.entries {
      #expect(WindowsTimeZones.iana(label: "(UTC+00:00) \(entry.label)") == entry.iana)
    }
  }

  /// CLDR keeps some zones under names tzdata now has only as links (`backward`); those are mapped
  /// to the current name, and the list of them is complete for this system's tzdata.
  @Test func oldNamesInCLDRAreMappedToTheCurrentOnes() throws {
    let links = try String(contentsOfFile: "/usr/share/zoneinfo/tzdata.zi", encoding: .utf8)
    var target: [String: String] = [:]
    for line in links.split(separator: "\n") where line.hasPrefix("L ") {
      let parts = line.split(separator: " ")
      if parts.count == 3 { target[String(parts[2])] = String(parts[1]) }
    }
    for (windows, cldr) in try Self.primaryZones() {
      guard let current = target[cldr], !cldr.hasPrefix("Etc/") else { continue }
      #expect(WindowsTimeZones.renamed[cldr] == current, "\(windows): \(cldr) is now \(current)")
    }
    #expect(WindowsTimeZones.iana(windowsName: "India Standard Time") == "Asia/Kolkata")
  }
}
