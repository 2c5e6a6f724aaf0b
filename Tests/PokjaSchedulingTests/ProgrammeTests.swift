import Foundation
import PokjaCore
import PokjaDirectory
import PokjaScheduling
import PokjaTestSupport
import Testing

/// A meeting's programme: sessions within the meeting, people in roles, what the secretary is
/// warned about, and what the directory keeps from losing. Runs on the store of `StoreKind.underTest`
/// (scripts/test runs it on PostgreSQL too).
@Suite struct ProgrammeTests {
  /// A two-day national meeting with Wulan and Hannah invited.
  static func nationalMeeting(_ fixture: SchedulingFixture) throws -> Meeting {
    try fixture.scheduler.schedule(
      MeetingRequest(
        title: "Rapat Koordinasi Nasional", start: "2026-12-09T08:00",
        end: "2026-12-10T16:00", room: "Ruang Rapat Lt 7",
        attendees: ["wulan@kemensos.example", fixture.hannah.id.description])
    ).meeting
  }

  @Test func sessionsAreKeptInOrderWithTheirPeopleAndRoles() throws {
    let fixture = try SchedulingFixture()
    let scheduler = fixture.scheduler
    let meeting = try Self.nationalMeeting(fixture)
    let panel = try scheduler.addSession(
      to: "\(meeting.id)",
      SessionRequest(
        title: "Panel: koordinasi lintas provinsi", start: "2026-12-10T09:30", duration: "2h",
        place: "Ruang Garuda", description: "Rujukan kasus antarprovinsi"))
    let opening = try scheduler.addSession(
      to: "\(meeting.id)", SessionRequest(title: "Pembukaan", start: "08:00", end: "09:00"))
    #expect(LocalTime.iso(opening.session.session.start, in: Zones.jakarta) == "2026-12-09T08:00")
    let panelID = "\(panel.session.session.id)"
    _ = try scheduler.assign(.contact("wulan@kemensos.example"), as: .moderator, to: panelID)
    _ = try scheduler.assign(
      .guest(name: "Dewi Lestari", organisation: "Kemlu", email: "dewi@kemlu.example"),
      as: .speaker, to: panelID)
    let changed = try scheduler.assign(
      .contact("\(fixture.hannah.id)"), as: .panellist, to: panelID)
    #expect(changed.warnings.isEmpty)
    // Someone already in the session changes role rather than appearing twice.
    let again = try scheduler.assign(.contact("\(fixture.wulan.id)"), as: .chair, to: panelID)
    #expect(again.session.people.map(\.role) == [.chair, .speaker, .panellist])

    let details = try scheduler.details(of: "\(meeting.id)")
    #expect(
      details.programme.map(\.session.title) == ["Pembukaan", "Panel: koordinasi lintas provinsi"])
    let people = details.programme[1].people
    #expect(
      people.map(\.nameWithOrganisation) == [
        "Wulan Sari (Kemensos)", "Dewi Lestari (Kemlu)", "Hannah de Vries",
      ])
    #expect(people[1].email?.value == "dewi@kemlu.example")
    #expect(people[1].contact == nil)
    #expect(details.chairs(fixture.wulan.id))
    #expect(!details.chairs(fixture.hannah.id))

    let unassigned = try scheduler.unassign("dewi lestari", from: panelID)
    #expect(unassigned.session.people.map(\.name) == ["Wulan Sari", "Hannah de Vries"])
    #expect(throws: SchedulingError.notInSession("Dewi Lestari", panel.session.session.id)) {
      try scheduler.unassign("Dewi Lestari", from: panelID)
    }
    _ = try scheduler.removeSession("\(opening.session.session.id)")
    #expect(
      try scheduler.programme(of: meeting).map(\.session.title) == [
        "Panel: koordinasi lintas provinsi"
      ])
  }

  @Test func editingMovesASessionKeepingItsLengthAndStaysWithinTheMeeting() throws {
    let fixture = try SchedulingFixture()
    let meeting = try Self.nationalMeeting(fixture)
    let added = try fixture.scheduler.addSession(
      to: "\(meeting.id)",
      SessionRequest(title: "Diskusi kelompok", start: "13:00", duration: "90m"))
    let id = "\(added.session.session.id)"
    let moved = try fixture.scheduler.editSession(id, SessionRequest(start: "14:00"))
    #expect(
      LocalTime.span(moved.session.session.start, moved.session.session.end, in: Zones.jakarta)
        == "2026-12-09 14:00–15:30 WIB")
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.editSession(id, SessionRequest(start: "2026-12-10T15:30"))
    }
    do {
      _ = try fixture.scheduler.addSession(
        to: "\(meeting.id)", SessionRequest(title: "Malam", start: "2026-12-10T19:00", end: "20:00")
      )
      Issue.record("a session after the meeting was accepted")
    } catch let error as SchedulingError {
      #expect(
        error.localizedDescription
          == "The session (2026-12-10 19:00–20:00 WIB) must lie within meeting \(meeting.id) (2026-12-09 08:00–2026-12-10 16:00 WIB). Change --start and --end, or the meeting's times with 'pokja meeting edit \(meeting.id)'."
      )
    }
    #expect(throws: InputError.self) {
      try fixture.scheduler.addSession(
        to: "\(meeting.id)", SessionRequest(title: "Dua\nbaris", start: "10:00", end: "11:00"))
    }
    #expect(throws: SchedulingError.nothingToChange) {
      try fixture.scheduler.editSession(id, SessionRequest())
    }
  }

  @Test func aSeriesHasNoProgrammeAndUnknownPeopleAreRefused() throws {
    let fixture = try SchedulingFixture()
    var request = fixture.plenary()
    request.every = "every monday"
    request.count = 3
    let series = try fixture.scheduler.schedule(request).meeting
    #expect(throws: SchedulingError.programmeOnSeries(series.id)) {
      try fixture.scheduler.addSession(
        to: "\(series.id)", SessionRequest(title: "Pembukaan", start: "10:00", end: "10:30"))
    }
    let meeting = try Self.nationalMeeting(fixture)
    let session = try fixture.scheduler.addSession(
      to: "\(meeting.id)", SessionRequest(title: "Pembukaan", start: "08:00", end: "09:00"))
    #expect(throws: SchedulingError.personNotFound("nobody@example.org")) {
      try fixture.scheduler.assign(
        .contact("nobody@example.org"), as: .speaker, to: "\(session.session.session.id)")
    }
    #expect(throws: SchedulingError.sessionNotFound("999")) {
      try fixture.scheduler.assign(.contact("\(fixture.wulan.id)"), as: .speaker, to: "999")
    }
    #expect(throws: InputError.self) {
      try fixture.scheduler.assign(
        .guest(name: "Tamu", organisation: nil, email: "not-an-address"), as: .speaker,
        to: "\(session.session.session.id)")
    }
  }

  @Test func theSecretaryIsWarnedOfSpeakersNotInvitedAndOfDoubleBookings() throws {
    let fixture = try SchedulingFixture()
    let directory = Directory(store: fixture.store)
    let outsider = try directory.addContact(name: "Rudi Hartono", email: "rudi@polri.example")
    let meeting = try Self.nationalMeeting(fixture)
    let first = try fixture.scheduler.addSession(
      to: "\(meeting.id)", SessionRequest(title: "Panel A", start: "10:00", end: "12:00"))
    let second = try fixture.scheduler.addSession(
      to: "\(meeting.id)", SessionRequest(title: "Panel B", start: "11:00", end: "13:00"))
    let notInvited = try fixture.scheduler.assign(
      .contact("rudi@polri.example"), as: .speaker, to: "\(first.session.session.id)")
    #expect(
      notInvited.warnings == [
        .notInvited(name: "Rudi Hartono", contact: outsider.id, meeting: meeting.id)
      ])
    let twice = try fixture.scheduler.assign(
      .contact("rudi@polri.example"), as: .moderator, to: "\(second.session.session.id)")
    #expect(
      twice.warnings.contains(
        .inTwoSessions(name: "Rudi Hartono", other: "Panel A", session: first.session.session.id)))
  }

  @Test func theDirectoryKeepsPeopleOfAProgrammeAndMergesMoveThem() throws {
    let fixture = try SchedulingFixture()
    let directory = Directory(store: fixture.store)
    let speaker = try directory.addContact(name: "Rudi Hartono", email: "rudi@polri.example")
    let duplicate = try directory.addContact(name: "Rudi H.", email: "rudi.h@polri.example")
    let meeting = try Self.nationalMeeting(fixture)
    let session = try fixture.scheduler.addSession(
      to: "\(meeting.id)", SessionRequest(title: "Panel", start: "10:00", end: "12:00"))
    let id = "\(session.session.session.id)"
    _ = try fixture.scheduler.assign(.contact("rudi.h@polri.example"), as: .speaker, to: id)
    // Named in a programme, not invited: still not deleted.
    #expect(throws: (any Error).self) { try directory.removeContact("rudi.h@polri.example") }
    _ = try directory.mergeContacts(keep: "\(speaker.id)", other: "\(duplicate.id)")
    let people = try fixture.scheduler.programme(of: meeting)[0].people
    #expect(people.map(\.contact?.id) == [speaker.id])
  }
}
