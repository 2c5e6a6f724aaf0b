import Foundation
import PokjaCore
import Testing

/// Which organisation names a contact, and who has left it, are decided on the day of the
/// command's clock in `[calendar] time_zone`, not the machine's: Sari leaves Yayasan Lama on
/// 1 July 2090 and stays at Yayasan Baru.
@Suite struct MembershipDayCommandTests {
  /// A directory set up on 1 June 2090 in `zone`, whose commands from then on run at `now`.
  func harness(zone: String, now: String) throws -> CLIHarness {
    var cli = try CLIHarness.fixed(at: "2090-06-01T00:00:00Z")
    try cli.setUp([["init"]])
    try Data("[calendar]\ntime_zone = \"\(zone)\"\n".utf8).write(
      to: cli.home.appendingPathComponent("config.toml"))
    try cli.setUp([
      ["org", "add", "--name", "Yayasan Lama"],
      ["org", "add", "--name", "Yayasan Baru"],
      [
        "contact", "add", "--name", "Sari", "--org", "Yayasan Lama", "--org", "Yayasan Baru",
        "--email", "sari@example.org",
      ],
      [
        "contact", "edit", "sari@example.org", "--leave-org", "Yayasan Lama", "--until",
        "2090-07-01",
      ],
    ])
    cli.clock = FixedClock(try Date(now, strategy: .iso8601))
    return cli
  }

  func namingOrganisation(_ cli: CLIHarness) throws -> String? {
    let sari = try cli.object(["contact", "show", "sari@example.org"])
    return (sari["organisation"] as? [String: Any])?["name"] as? String
  }

  @Test func aMembershipEndingTodayInJakartaButNotYetInUTCNoLongerNamesThem() throws {
    // 20:00 UTC on 30 June is 03:00 on 1 July in Jakarta.
    for (zone, named) in [("Asia/Jakarta", "Yayasan Baru"), ("Etc/UTC", "Yayasan Lama")] {
      let cli = try harness(zone: zone, now: "2090-06-30T20:00:00Z")
      #expect(try namingOrganisation(cli) == named, "\(zone)")
    }
  }

  @Test func theConfiguredZonesDayDecidesWhoHasLeft() throws {
    // 15:30 UTC on 30 June is 22:30 in Jakarta and 00:30 on 1 July in Jayapura.
    for (zone, named) in [("Asia/Jayapura", "Yayasan Baru"), ("Asia/Jakarta", "Yayasan Lama")] {
      let cli = try harness(zone: zone, now: "2090-06-30T15:30:00Z")
      #expect(try namingOrganisation(cli) == named, "\(zone)")
      let lama = try cli.must(["org", "show", "Yayasan Lama"]).output
      let former = lama.contains("Former    Sari (left 2090-07-01)")
      #expect(former == (zone == "Asia/Jayapura"), "\(zone): \(lama)")
    }
  }

  @Test func leavingWithoutADateLeavesOnTheClocksDayInTheZone() throws {
    for (zone, day) in [("Asia/Jayapura", "2090-07-01"), ("Asia/Jakarta", "2090-06-30")] {
      let cli = try harness(zone: zone, now: "2090-06-30T15:30:00Z")
      let sari = try cli.object([
        "contact", "edit", "sari@example.org", "--leave-org", "Yayasan Baru",
      ])
      let baru = try cli.object(["org", "show", "Yayasan Baru"])["organisation"] as? [String: Any]
      let memberships = sari["memberships"] as? [[String: Any]] ?? []
      let left = memberships.first { $0["organisationId"] as? Int == baru?["id"] as? Int }
      #expect(left?["until"] as? String == day, "\(zone): \(sari)")
    }
  }
}
