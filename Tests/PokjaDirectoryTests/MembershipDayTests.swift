import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import Testing

/// Which day it is comes from the clock and the configured zone, never from the machine: Sari left
/// Yayasan Lama on 1 July 2090 and is still at Yayasan Baru.
@Suite struct MembershipDayTests {
  /// A store over the test's one database, whose day is `today`'s.
  let store: @Sendable (Today) -> SQLiteStore

  init() throws {
    let database = try PokjaDatabase.inMemory()
    store = { SQLiteStore(database, today: $0) }
    let directory = directory(at: "2090-06-01T00:00:00Z", in: "Asia/Jakarta")
    _ = try directory.addOrganisation(
      OrganisationInput(name: "Yayasan Lama", region: "Jawa Barat", services: ["rumah aman"]))
    _ = try directory.addOrganisation(OrganisationInput(name: "Yayasan Baru"))
    _ = try directory.addContact(
      ContactInput(
        name: "Sari", organisations: ["Yayasan Lama", "Yayasan Baru"], role: "focal point",
        emails: ["sari@example.org"]))
    var edit = ContactEdit()
    edit.leaveOrganisations = ["Yayasan Lama"]
    edit.leaveDate = "2090-07-01"
    _ = try directory.editContact("sari@example.org", edit)
  }

  /// A directory and store whose day is `instant` in `zone`.
  func directory(at instant: String, in zone: String) -> Directory {
    let clock = FixedClock(try! Date(instant, strategy: .iso8601))
    let zone = TimeZone(identifier: zone)!
    return Directory(
      store: store(Today(clock: clock, timeZone: zone)), clock: clock, timeZone: zone)
  }

  func namingOrganisation(at instant: String, in zone: String) throws -> String? {
    let directory = directory(at: instant, in: zone)
    let sari = try directory.contact("sari@example.org")
    return try sari.organisationID.map { try directory.organisation($0.description).name }
  }

  @Test func aMembershipEndingTodayInJakartaButNotYetInUTCNoLongerNamesThem() throws {
    // 20:00 UTC on 30 June is 03:00 on 1 July in Jakarta: she has left there, not yet in UTC.
    #expect(
      try namingOrganisation(at: "2090-06-30T20:00:00Z", in: "Asia/Jakarta") == "Yayasan Baru")
    #expect(try namingOrganisation(at: "2090-06-30T20:00:00Z", in: "Etc/UTC") == "Yayasan Lama")
    // Whom to call at Yayasan Lama: nobody in Jakarta, Sari still in UTC.
    for (zone, people) in [("Asia/Jakarta", [String]()), ("Etc/UTC", ["Sari"])] {
      let referrals = try directory(at: "2090-06-30T20:00:00Z", in: zone)
        .refer(service: "rumah aman", region: "Jawa Barat")
      #expect(referrals.map(\.organisation.name) == ["Yayasan Lama"])
      #expect(referrals.first?.contacts.map(\.name) == people, "\(zone)")
    }
  }

  @Test func theConfiguredZoneDecidesWhenTheDayBegins() throws {
    // 15:30 UTC is 22:30 on 30 June in Jakarta and 00:30 on 1 July in Jayapura.
    #expect(
      try namingOrganisation(at: "2090-06-30T15:30:00Z", in: "Asia/Jayapura") == "Yayasan Baru")
    #expect(
      try namingOrganisation(at: "2090-06-30T15:30:00Z", in: "Asia/Jakarta") == "Yayasan Lama")
  }

  @Test func leavingWithoutADateLeavesOnTheClocksDayInTheZone() throws {
    for (zone, day) in [("Asia/Jakarta", "2090-07-01"), ("Etc/UTC", "2090-06-30")] {
      let directory = directory(at: "2090-06-30T20:00:00Z", in: zone)
      var edit = ContactEdit()
      edit.leaveOrganisations = ["Yayasan Baru"]
      let left = try directory.editContact("sari@example.org", edit)
      let baru = try directory.organisation("Yayasan Baru").id
      #expect(left.memberships.first { $0.organisationID == baru }?.until == day, "\(zone)")
      var back = ContactEdit()
      back.addOrganisations = ["Yayasan Baru"]
      _ = try directory.editContact("sari@example.org", back)
    }
  }
}
