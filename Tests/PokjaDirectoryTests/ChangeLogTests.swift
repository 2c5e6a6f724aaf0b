import Foundation
import PokjaCore
import PokjaDirectory
import Testing

/// The change log names a record's fields as the code does (`parentID`, `otherEmails`), whatever
/// the JSON contract calls them, and writes each value as its own type encodes it.
@Suite struct ChangeLogTests {
  @Test func anOrganisationsChangesAreNamedByItsFields() throws {
    let before = Organisation(
      id: OrganisationID(7), name: "Kementerian Sosial", kind: "ministry",
      parentID: OrganisationID(3),
      region: Region(
        province: try #require(Province.named("Jawa Timur")), regency: "Kota Surabaya"),
      tags: ["pleno"],
      emails: [
        try #require(EmailAddress("a@kemensos.go.id")),
        try #require(EmailAddress("b@kemensos.go.id")),
      ])
    var after = before
    after.parentID = nil
    after.region = Region(province: try #require(Province.named("Jawa Barat")))
    after.emails.reverse()
    after.tags = []
    after.kind = "ngo"
    #expect(
      ChangeEntry.difference(from: before, to: after)
        == "emails: a@kemensos.go.id, b@kemensos.go.id → b@kemensos.go.id, a@kemensos.go.id; "
        + "kind: ministry → ngo; parentID: 3 → –; "
        + #"region: {"province":"35","regency":"Kota Surabaya"} → {"province":"32"}; "#
        + "tags: pleno → –")
    #expect(ChangeEntry.difference(from: before, to: before).isEmpty)
  }

  @Test func aContactsChangesAreNamedByItsFields() throws {
    let before = Contact(
      id: ContactID(9), honorific: "Ibu", name: "Wulan Sari", organisationID: OrganisationID(7),
      memberships: [
        Membership(organisationID: OrganisationID(7), role: .head, since: "2024-01-15"),
        Membership(organisationID: OrganisationID(8), until: "2025-01-01"),
      ],
      email: try #require(EmailAddress("wulan@x.id")),
      otherEmails: [try #require(EmailAddress("w2@x.id"))], doNotContact: true)
    var after = before
    after.memberships.reverse()
    after.organisationID = OrganisationID(8)
    after.otherEmails = []
    after.doNotContact = false
    after.honorific = "Bu"
    #expect(
      ChangeEntry.difference(from: before, to: after)
        == "doNotContact: yes → –; honorific: Ibu → Bu; memberships: "
        + #"{"organisationID":7,"role":"head","since":"2024-01-15"}, "#
        + #"{"organisationID":8,"role":"member","until":"2025-01-01"} → "#
        + #"{"organisationID":8,"role":"member","until":"2025-01-01"}, "#
        + #"{"organisationID":7,"role":"head","since":"2024-01-15"}; "#
        + "organisationID: 7 → 8; otherEmails: w2@x.id → –")
  }
}
