import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What every `InvitationListStore` must do: versions kept whole in order, a version number taken
/// once (two secretaries revising at once), approval recorded once, comments kept with their
/// entry, and a programme's sessions with their people.
@Suite struct InvitationListContractTests {
  let clock = ManualClock(contractNow)

  @Test(arguments: StoreKind.available)
  func versionsAreTakenOnceAndApprovedOnce(_ kind: StoreKind) throws {
    let opened = try kind.open(clock: clock)
    let store = opened.store
    let stored = try store.add(meeting("Pertemuan Nasional", at: contractNow))
    let first = InvitationListVersion(
      meetingID: stored.id, number: 1,
      entries: [
        .contact(ContactID(3)), .organisation(OrganisationID(2)),
        .group("provinsi", onePerOrganisation: true),
      ],
      createdAt: contractNow, createdBy: "sekretariat", note: "Usulan",
      approver: "Wulan <w@x.example>",
      maxPerOrganisation: 2)
    let kept = try #require(try store.insertListVersion(first))
    #expect(kept.id != .unassigned)
    // The same number again (another secretary at the same moment): nothing written.
    #expect(try store.insertListVersion(first) == nil)
    var second = first
    second.number = 2
    second.entries.removeFirst()
    _ = try #require(try store.insertListVersion(second))
    let versions = try store.listVersions(of: stored.id)
    #expect(versions.map(\.number) == [1, 2])
    #expect(versions[0].entries == first.entries)
    #expect(versions[0].maxPerOrganisation == 2)
    #expect(versions[0].maxPerProvince == nil)
    #expect(versions[0].note == "Usulan")
    #expect(
      try store.approveListVersion(meeting: stored.id, number: 2, by: "Wulan", at: contractNow))
    #expect(
      !(try store.approveListVersion(meeting: stored.id, number: 2, by: "Rudi", at: contractNow)))
    let approved = try store.listVersions(of: stored.id)[1]
    #expect(approved.approvedBy == "Wulan")
    #expect(approved.approvedAt == contractNow)

    let objection = try store.insertListComment(
      ListComment(
        meetingID: stored.id, version: 1, at: contractNow, author: "Rudi", isObjection: true,
        entry: .organisation(OrganisationID(2)), text: "Dua orang, mohon"))
    _ = try store.insertListComment(
      ListComment(
        meetingID: stored.id, version: 2, at: contractNow, author: "Ayu", isObjection: false,
        text: "Setuju"))
    let comments = try store.listComments(of: stored.id)
    #expect(comments.map(\.text) == ["Dua orang, mohon", "Setuju"])
    #expect(comments[0] == objection)
    #expect(comments[1].entry == nil)
  }
}
