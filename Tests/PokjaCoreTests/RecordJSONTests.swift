import Foundation
import PokjaCore
import Testing

/// Records encode as docs/json-schema.json has them (`--json` adds `type`): contract names
/// (`parentId`, `organisationId`), the main email and phone beside the lists, the province named.
@Suite struct RecordJSONTests {
  func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test func anOrganisationEncodesAsTheContractHasIt() throws {
    let organisation = Organisation(
      id: OrganisationID(7), name: "Kementerian Sosial", acronym: "Kemensos", kind: "ministry",
      parentID: OrganisationID(3),
      region: Region(
        province: try #require(Province.named("Jawa Timur")), regency: "Kota Surabaya"),
      services: ["shelter", "legal-aid"], tags: ["pleno"], website: "https://kemensos.go.id",
      emails: [
        try #require(EmailAddress("a@kemensos.go.id")),
        try #require(EmailAddress("b@kemensos.go.id")),
      ],
      phones: [try #require(PhoneNumber("021 3103591")), try #require(PhoneNumber("129"))],
      address: "Jl. Salemba", notes: "n")
    #expect(
      try json(organisation)
        == #"{"acronym":"Kemensos","address":"Jl. Salemba","email":"a@kemensos.go.id","#
        + #""emails":["a@kemensos.go.id","b@kemensos.go.id"],"id":7,"kind":"ministry","#
        + #""name":"Kementerian Sosial","notes":"n","parentId":3,"phone":"+62213103591","#
        + #""phones":["+62213103591","129"],"#
        + #""region":{"province":"Jawa Timur","provinceCode":"35","regency":"Kota Surabaya"},"#
        + #""services":["shelter","legal-aid"],"tags":["pleno"],"website":"https://kemensos.go.id"}"#
    )
    #expect(
      try json(Organisation(id: OrganisationID(8), name: "LBH"))
        == #"{"emails":[],"id":8,"name":"LBH","phones":[],"services":[],"tags":[]}"#)
  }

  @Test func aContactEncodesAsTheContractHasIt() throws {
    let contact = Contact(
      id: ContactID(9), honorific: "Ibu", name: "Wulan Sari", position: "Direktur",
      organisationID: OrganisationID(7),
      memberships: [
        Membership(organisationID: OrganisationID(7), role: .head, since: "2024-01-15"),
        Membership(organisationID: OrganisationID(8), role: .focalPoint, until: "2025-01-01"),
      ],
      email: try #require(EmailAddress("wulan@x.id")),
      otherEmails: [try #require(EmailAddress("w2@x.id"))],
      phones: [try #require(PhoneNumber("+62 812 3456 7890")), try #require(PhoneNumber("129"))],
      whatsapp: E164Number(e164: "+6281234567890"), telegram: "wulan", language: .english,
      tags: ["a"], doNotContact: true, notes: "hi")
    #expect(
      try json(contact)
        == #"{"doNotContact":true,"email":"wulan@x.id","emails":["wulan@x.id","w2@x.id"],"#
        + #""honorific":"Ibu","id":9,"language":"en","memberships":["#
        + #"{"organisationId":7,"role":"head","since":"2024-01-15"},"#
        + #"{"organisationId":8,"role":"focal-point","until":"2025-01-01"}],"#
        + #""name":"Wulan Sari","notes":"hi","phone":"+6281234567890","#
        + #""phones":["+6281234567890","129"],"position":"Direktur","tags":["a"],"#
        + #""telegram":"wulan","whatsapp":"+6281234567890"}"#)
    let bare = Contact(id: ContactID(10), name: "Budi", email: try #require(EmailAddress("b@x.id")))
    #expect(
      try json(bare)
        == #"{"doNotContact":false,"email":"b@x.id","emails":["b@x.id"],"id":10,"#
        + #""language":"id","memberships":[],"name":"Budi","phones":[],"tags":[]}"#)
  }
}
