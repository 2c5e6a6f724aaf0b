import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling
import PokjaTestSupport
import Testing

/// An invitation list agreed before it is sent: versions, comments, approval by the named
/// approver, limits, the diff, and what `meeting invite` is refused. Runs on the store of
/// `StoreKind.underTest` (scripts/test runs it on PostgreSQL too).
@Suite struct InvitationListTests {
  /// The fixture's directory plus the police and two provincial task forces (Jawa Timur with a
  /// focal point and a member), a group of them, and a national meeting.
  struct World {
    let fixture: SchedulingFixture
    let lists: InvitationLists
    let meeting: Meeting
    let agus: Contact
    let budi: Contact
    let maria: Contact
    let rudi: Contact

    init() throws {
      fixture = try SchedulingFixture()
      let directory = Directory(store: fixture.store)
      _ = try directory.addOrganisation(
        name: "Kepolisian Negara RI", acronym: "Polri", kind: "polri")
      for (name, acronym, region) in [
        ("Gugus Tugas TPPO Jawa Timur", "GT Jatim", "Jawa Timur"),
        ("Gugus Tugas TPPO NTT", "GT NTT", "Nusa Tenggara Timur"),
      ] {
        _ = try directory.addOrganisation(
          OrganisationInput(
            name: name, acronym: acronym, kind: "gugus tugas", region: region, tags: ["provinsi"]))
      }
      rudi = try directory.addContact(
        name: "Rudi Hartono", organisation: "Polri", email: "rudi@polri.example")
      budi = try directory.addContact(
        name: "Budi", organisation: "GT Jatim", email: "budi@jatim.example")
      var focal = ContactInput(
        name: "Agus Prasetyo", organisations: ["GT Jatim"], emails: ["agus@jatim.example"])
      focal.role = "focal-point"
      agus = try directory.addContact(focal)
      maria = try directory.addContact(
        name: "Maria Kewa", organisation: "GT NTT", email: "maria@ntt.example")
      _ = try directory.addGroup(name: "provinsi", query: try GroupQuery(parsing: "tag=provinsi"))
      meeting = try fixture.scheduler.schedule(
        MeetingRequest(
          title: "Pertemuan Nasional", start: "2026-12-09T08:00", end: "2026-12-10T16:00")
      ).meeting
      lists = InvitationLists(
        store: fixture.store, scheduler: fixture.scheduler, contacts: fixture.store,
        resolver: directory,
        clock: FixedClock(try DateTimeText.parse("2026-11-30T09:00+07:00", in: .gmt)),
        actor: "sekretariat")
    }
  }

  @Test func aProposalResolvesPeopleAndCountsThemPerOrganisationProvinceAndBalance() throws {
    let world = try World()
    let report = try world.lists.propose(
      meeting: "\(world.meeting.id)",
      .init(
        contacts: ["wulan@kemensos.example"], organisations: ["Polri"],
        onePerOrganisation: ["@provinsi"]),
      approver: "wulan@kemensos.example", limits: .init(perOrganisation: 1), note: "Usulan pertama")
    #expect(report.version.number == 1)
    #expect(report.version.createdBy == "sekretariat")
    #expect(report.version.approver == "Wulan Sari <wulan@kemensos.example>")
    // One person per organisation of the group: the focal point of GT Jatim, not Budi.
    #expect(
      report.people.map(\.contact.name) == [
        "Wulan Sari", "Rudi Hartono", "Agus Prasetyo", "Maria Kewa",
      ])
    // Kemensos has no kind in the fixture: "other".
    #expect(report.byBalance.map(\.count) == [0, 1, 0, 2, 1])
    #expect(report.byProvince.first { $0.name == "Jawa Timur" }?.count == 1)
    #expect(report.overLimits.isEmpty)
    #expect(throws: SchedulingError.listExists(world.meeting.id)) {
      try world.lists.propose(
        meeting: "\(world.meeting.id)", .init(contacts: ["1"]), approver: nil, limits: .init(),
        note: nil)
    }
  }

  @Test func revisionsAreKeptAndDiffedAndNeedApprovingByTheNamedApprover() throws {
    let world = try World()
    let id = "\(world.meeting.id)"
    _ = try world.lists.propose(
      meeting: id, .init(contacts: ["wulan@kemensos.example"], organisations: ["GT Jatim"]),
      approver: "wulan@kemensos.example", limits: .init(perOrganisation: 1), note: nil)
    let objection = try world.lists.comment(
      meeting: id, text: "Jatim perlu dua orang", by: "Rudi", objectingTo: "GT Jatim")
    #expect(objection.isObjection)
    #expect(objection.entry == .organisation(world.agus.organisationID!))
    #expect(throws: SchedulingError.notOnList("Polri")) {
      try world.lists.comment(meeting: id, text: "x", by: nil, objectingTo: "Polri")
    }
    #expect(throws: SchedulingError.listNotApproved(world.meeting.id, version: 1)) {
      try world.lists.requireApproved(world.meeting.id)
    }
    let revised = try world.lists.revise(
      meeting: id, add: .init(contacts: ["budi@jatim.example"]), remove: ["wulan@kemensos.example"],
      limits: .init(), note: "Tambah Budi")
    #expect(revised.version.number == 2)
    #expect(revised.people.map(\.contact.name) == ["Agus Prasetyo", "Budi"])
    #expect(revised.overLimits.map(\.name) == ["GT Jatim"])
    // The comment stays with the version it was about.
    #expect(revised.comments.isEmpty)
    #expect(
      try world.lists.report(meeting: id, version: 1).comments.map(\.text) == [
        "Jatim perlu dua orang"
      ])
    let diff = try world.lists.diff(meeting: id, from: 1, to: 2)
    #expect(diff.addedEntries == [.contact(world.budi.id)])
    #expect(diff.removedEntries == [.contact(world.fixture.wulan.id)])
    #expect(diff.addedPeople.map(\.contact.name) == ["Budi"])
    #expect(diff.removedPeople.map(\.contact.name) == ["Wulan Sari"])

    #expect(
      throws: SchedulingError.notTheApprover(
        "rudi@polri.example", expected: "Wulan Sari <wulan@kemensos.example>")
    ) {
      try world.lists.approve(meeting: id, as: "rudi@polri.example", overLimits: false)
    }
    #expect(throws: SchedulingError.listOverLimit("GT Jatim", count: 2, limit: 1)) {
      try world.lists.approve(meeting: id, as: "Wulan Sari", overLimits: false)
    }
    let approved = try world.lists.approve(meeting: id, as: "Wulan Sari", overLimits: true)
    #expect(approved.version.approvedBy == "Wulan Sari <wulan@kemensos.example>")
    try world.lists.requireApproved(world.meeting.id)
    #expect(throws: SchedulingError.listApprovedAlready(world.meeting.id, version: 2)) {
      try world.lists.approve(meeting: id, as: "Wulan Sari", overLimits: true)
    }
    let changes = try world.lists.attendeeChanges(approved)
    #expect(changes.add == ["\(world.agus.id)", "\(world.budi.id)"])
    #expect(changes.remove == [])
    // A revision after approval needs approving again.
    _ = try world.lists.revise(
      meeting: id, add: .init(contacts: ["maria@ntt.example"]), remove: [], limits: .init(),
      note: nil)
    #expect(throws: SchedulingError.listNotApproved(world.meeting.id, version: 3)) {
      try world.lists.requireApproved(world.meeting.id)
    }
  }

  @Test func badEntriesAreRefusedNamingWhatIsWrong() throws {
    let world = try World()
    let id = "\(world.meeting.id)"
    #expect(throws: SchedulingError.emptyList) {
      try world.lists.propose(meeting: id, .init(), approver: nil, limits: .init(), note: nil)
    }
    #expect(throws: SchedulingError.organisationNotFound("Kemenlu")) {
      try world.lists.propose(
        meeting: id, .init(organisations: ["Kemenlu"]), approver: nil, limits: .init(), note: nil)
    }
    #expect(throws: SchedulingError.self) {
      try world.lists.propose(
        meeting: id, .init(groups: ["@tidak-ada"]), approver: nil, limits: .init(), note: nil)
    }
    #expect(throws: SchedulingError.noList(world.meeting.id)) {
      try world.lists.revise(
        meeting: id, add: .init(contacts: ["1"]), remove: [], limits: .init(), note: nil)
    }
    _ = try world.lists.propose(
      meeting: id, .init(contacts: ["1"]), approver: nil, limits: .init(), note: nil)
    #expect(throws: SchedulingError.nothingToChange) {
      try world.lists.revise(
        meeting: id, add: .init(contacts: ["1"]), remove: [], limits: .init(), note: nil)
    }
    #expect(throws: SchedulingError.emptyList) {
      try world.lists.revise(meeting: id, add: .init(), remove: ["1"], limits: .init(), note: nil)
    }
    // Anyone may approve a list that names no approver.
    _ = try world.lists.approve(meeting: id, as: "Ketua Pokja", overLimits: false)
    #expect(try world.lists.report(meeting: id).version.approvedBy == "Ketua Pokja")
  }
}
