import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Changing a series or one occurrence, and the answers attendees give.
@Suite struct SeriesEditingTests {
  let jakarta = SchedulingFixture.jakarta

  private func iso(_ date: Date?) -> String? {
    date.map { LocalTime.iso($0, in: jakarta) }
  }

  // MARK: - Editing

  @Test func movingTheWholeSeriesTakesItsChangesAlong() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(
      fixture.weekly(count: 5, exdates: ["2026-12-21"])
    ).meeting
    let id = "\(meeting.id)"
    // One occurrence retitled, one moved to Tuesday afternoon.
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    _ = try fixture.scheduler.edit(
      id, MeetingEdit(start: "2026-12-29T15:00", occurrence: "2026-12-28"))
    #expect(try fixture.scheduler.meeting(id).sequence == 2)

    let change = try fixture.scheduler.edit(id, MeetingEdit(start: "13:00"))
    let after = try fixture.scheduler.meeting(id)
    #expect(after.sequence == 3)
    #expect(iso(after.start) == "2026-12-07T13:00")
    #expect(after.duration == 7_200)
    // The cancelled occurrence stays cancelled at its new time.
    #expect(after.recurrence?.exdates == [try fixture.at("2026-12-21T13:00")])
    let overrides = try fixture.store.overrides(of: meeting.id)
    #expect(overrides.map { iso($0.recurrenceID) } == ["2026-12-14T13:00", "2026-12-28T13:00"])
    #expect(overrides.map(\.title) == ["Khusus", nil])
    #expect(overrides.map(\.sequence) == [1, 2])
    // The retitled one moves with the series; the one moved on purpose stays where it was put.
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T13:00", "2026-12-14T13:00", "2026-12-29T15:00", "2027-01-04T13:00",
      ])
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.allSatisfy { $0.end.timeIntervalSince($0.start) == 7_200 })
    // Everyone gets one update of the whole series.
    #expect(change.notices.count == 1)
    let notice = try #require(change.notices.first)
    #expect(notice.kind == .update)
    #expect(notice.occurrence == nil)
    #expect(notice.details.meeting.sequence == 3)
    #expect(notice.recipients.map(\.contact.id) == [fixture.wulan.id, fixture.hannah.id])
    #expect(change.summary.contains { $0.hasPrefix("time 2026-12-07 10:00–12:00 WIB → ") })
  }

  @Test func changingTheLengthOfTheSeriesChangesUnmovedOccurrences() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: 3)).meeting
    let id = "\(meeting.id)"
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    _ = try fixture.scheduler.edit(id, MeetingEdit(duration: "3h"))
    let stored = try fixture.occurrences(meeting.id)
    #expect(stored.map { $0.end.timeIntervalSince($0.start) } == [10_800, 10_800, 10_800])
  }

  @Test func oneOccurrenceIsChangedWithAnOverride() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let original = try fixture.at("2026-12-14T10:00")
    let change = try fixture.scheduler.edit(
      id, MeetingEdit(start: "14:00", occurrence: "2026-12-14"))
    #expect(change.details.meeting.sequence == 1)
    #expect(
      try fixture.store.overrides(of: meeting.id) == [
        MeetingOverride(
          meetingID: meeting.id, recurrenceID: original, start: try fixture.at("2026-12-14T14:00"),
          end: try fixture.at("2026-12-14T16:00"), sequence: 1)
      ])
    // The series itself is unchanged but for its SEQUENCE.
    let after = try fixture.scheduler.meeting(id)
    #expect(after.start == meeting.start && after.recurrence == meeting.recurrence)
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-14T14:00", "2026-12-21T10:00", "2026-12-28T10:00",
      ])
    let moved = try #require(
      try fixture.occurrences(meeting.id).first { $0.recurrenceID == original })
    #expect(iso(moved.start) == "2026-12-14T14:00")
    // One update, about that occurrence.
    #expect(change.notices.count == 1)
    let notice = try #require(change.notices.first)
    #expect(notice.kind == .update)
    #expect(notice.occurrence == original)
    #expect(notice.details.occurrence?.recurrenceID == original)
    #expect(iso(notice.details.meeting.start) == "2026-12-14T14:00")
    #expect(notice.details.meeting.sequence == 1)
    #expect(notice.recipients.count == 2)
    #expect(change.summary.allSatisfy { $0.hasPrefix("occurrence 2026-12-14: ") })

    // Named by its new day, the same occurrence is changed again: the title this time.
    let retitled = try fixture.scheduler.edit(
      id, MeetingEdit(title: "Khusus", occurrence: "2026-12-14"))
    let overrides = try fixture.store.overrides(of: meeting.id)
    #expect(overrides.count == 1)
    #expect(overrides.first?.title == "Khusus")
    #expect(iso(overrides.first?.start) == "2026-12-14T14:00")
    #expect(overrides.first?.sequence == 2)
    #expect(retitled.notices.first?.details.meeting.title == "Khusus")
    // Another title for one occurrence is not the series' title.
    #expect(try fixture.scheduler.meeting(id).title == "Rapat mingguan")

    // Attendees are for the whole series.
    #expect(throws: SchedulingError.attendeesForWholeSeries) {
      try fixture.scheduler.edit(
        id, MeetingEdit(addAttendees: ["wulan@kemensos.example"], occurrence: "2026-12-21"))
    }
  }

  @Test func movingOneOccurrenceIntoABookedRoomIsRefused() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let other = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-15T10:00", title: "Selasa")
    ).meeting
    let before = try fixture.state()
    let refusal = doubleBooking {
      _ = try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(start: "2026-12-15T11:00", occurrence: "2026-12-14"))
    }
    #expect(refusal?.by == other.id)
    #expect(try fixture.state() == before)
  }

  @Test func anOccurrenceInAnotherRoomIsCheckedInThatRoom() throws {
    let fixture = try SchedulingFixture()
    let garuda = try fixture.scheduler.addRoom(name: "Ruang Garuda")
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    // The 14th is held in Ruang Garuda; Garuda is booked at 13:00 that day.
    _ = try fixture.scheduler.edit(id, MeetingEdit(room: "Ruang Garuda", occurrence: "2026-12-14"))
    #expect(try fixture.occurrences(meeting.id)[1].roomID == garuda.id)
    let other = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-14T13:00", room: "Ruang Garuda", title: "Garuda siang"))
    let before = try fixture.state()
    // Moving the series to 12:00 would move the 14th into that booking.
    let refusal = doubleBooking {
      _ = try fixture.scheduler.edit(id, MeetingEdit(start: "12:00"))
    }
    #expect(refusal?.by == other.meeting.id)
    #expect(refusal?.message.contains("Room 'Ruang Garuda'") == true)
    #expect(try fixture.state() == before)
  }

  @Test func aTitleChangeIsAnUpdateWithoutMovingAnything() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let occurrences = try fixture.occurrences(meeting.id)
    let change = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(title: "Rapat mingguan Pokja"))
    #expect(change.details.meeting.title == "Rapat mingguan Pokja")
    #expect(change.details.meeting.sequence == 1)
    #expect(change.summary == ["title 'Rapat mingguan' → 'Rapat mingguan Pokja'"])
    #expect(change.notices.map(\.kind) == [.update])
    #expect(change.withdrawn == 0)
    #expect(try fixture.occurrences(meeting.id) == occurrences)
    #expect(throws: SchedulingError.nothingToChange) {
      try fixture.scheduler.edit("\(meeting.id)", MeetingEdit())
    }
  }

  @Test func addingAndRemovingAttendeesTellsOnlyThem() throws {
    let fixture = try SchedulingFixture()
    let budi = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let change = try fixture.scheduler.edit(
      "\(meeting.id)",
      MeetingEdit(
        addAttendees: ["budi.santoso@example.org"], removeAttendees: ["hannah@kpi.example"]))
    #expect(change.notices.map(\.kind) == [.invitation, .cancellation])
    #expect(change.notices[0].recipients.map(\.contact.id) == [budi.id])
    #expect(change.notices[1].recipients.map(\.contact.id) == [fixture.hannah.id])
    #expect(change.notices.allSatisfy { $0.occurrence == nil })
    #expect(change.notices.allSatisfy { $0.kind != .update })
    #expect(
      try fixture.store.attendees(of: meeting.id).map(\.contactID) == [fixture.wulan.id, budi.id])
    #expect(change.summary == ["added Budi Santoso", "removed Hannah de Vries"])
    // The occurrences are untouched.
    #expect(try fixture.starts(meeting.id).count == 4)
    #expect(
      throws: SchedulingError.notAnAttendee(contact: "hannah@kpi.example", meeting: meeting.id)
    ) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(removeAttendees: ["hannah@kpi.example"]))
    }
  }

  @Test func splittingASeriesWithACount() throws {
    let fixture = try SchedulingFixture()
    // Six Mondays from 7 December; the 14th and 4 January cancelled; the 28th retitled.
    let meeting = try fixture.scheduler.schedule(
      fixture.weekly(count: 6, exdates: ["2026-12-14", "2027-01-04"])
    ).meeting
    let id = "\(meeting.id)"
    _ = try fixture.scheduler.edit(id, MeetingEdit(title: "Khusus", occurrence: "2026-12-28"))

    let change = try fixture.scheduler.edit(
      id, MeetingEdit(start: "11:00", thisAndFollowing: "2026-12-21"))
    let earlier = try #require(change.earlierPart).meeting
    let later = change.details.meeting

    // The earlier part ends just before the cut (10:00 WIB is 03:00 UTC).
    #expect(earlier.id == meeting.id)
    #expect(earlier.uid == meeting.uid)
    #expect(earlier.sequence == 2)
    #expect(earlier.recurrence?.rule == "FREQ=WEEKLY;UNTIL=20261221T025959Z")
    #expect(earlier.recurrence?.exdates == [try fixture.at("2026-12-14T10:00")])
    #expect(try fixture.store.overrides(of: meeting.id).isEmpty)
    #expect(try fixture.starts(meeting.id) == ["2026-12-07T10:00"])

    // The later part is a new series with what was left: 6 − 2 occurrences (the cancelled 14th
    // counted, as COUNT does), at the new time, with its changes and cancellations.
    #expect(later.id != meeting.id)
    #expect(later.uid != meeting.uid)
    #expect(later.sequence == 0)
    #expect(iso(later.start) == "2026-12-21T11:00")
    #expect(later.recurrence?.rule == "FREQ=WEEKLY;COUNT=4")
    #expect(later.recurrence?.exdates == [try fixture.at("2027-01-04T11:00")])
    let overrides = try fixture.store.overrides(of: later.id)
    #expect(overrides.map { iso($0.recurrenceID) } == ["2026-12-28T11:00"])
    #expect(overrides.map(\.title) == ["Khusus"])
    #expect(overrides.map(\.meetingID) == [later.id])
    #expect(
      try fixture.starts(later.id) == ["2026-12-21T11:00", "2026-12-28T11:00", "2027-01-11T11:00"])
    #expect(
      try fixture.store.attendees(of: later.id).map(\.contactID) == [
        fixture.wulan.id, fixture.hannah.id,
      ])
    #expect(try fixture.store.reminders(of: later.id).map(\.offset.description) == ["1d", "2h"])
    #expect(later.roomID == fixture.room.id)

    // The earlier part's attendees get an update, the later part's an invitation.
    #expect(change.notices.map(\.kind) == [.update, .invitation])
    #expect(change.notices.map(\.details.meeting.id) == [meeting.id, later.id])
    #expect(change.notices.allSatisfy { $0.recipients.count == 2 })
    #expect(try fixture.scheduler.meetings().count == 2)
  }

  @Test func splittingAtTheFirstOccurrenceChangesTheWholeSeries() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let change = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(title: "Baru", thisAndFollowing: "2026-12-07"))
    #expect(change.earlierPart == nil)
    #expect(change.details.meeting.id == meeting.id)
    #expect(change.details.meeting.title == "Baru")
    #expect(try fixture.scheduler.meetings().count == 1)
  }

  @Test func cancellingTheWholeSeries() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let change = try fixture.scheduler.cancel(id)
    #expect(change.details.meeting.status == .cancelled)
    #expect(change.details.meeting.sequence == 1)
    #expect(try fixture.scheduler.meeting(id).status == .cancelled)
    #expect(try fixture.occurrences(meeting.id).isEmpty)
    #expect(change.notices.map(\.kind) == [.cancellation])
    #expect(change.notices.first?.occurrence == nil)
    #expect(change.notices.first?.recipients.count == 2)
    #expect(change.summary == ["series cancelled"])
    // Its room is free again.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-14T10:00", title: "Ganti"))
    // A cancelled meeting cannot be changed or cancelled again.
    #expect(throws: SchedulingError.meetingIsCancelled(meeting.id)) {
      try fixture.scheduler.edit(id, MeetingEdit(title: "Lagi"))
    }
    #expect(throws: SchedulingError.meetingIsCancelled(meeting.id)) {
      try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    }
    #expect(try fixture.store.seriesPlanned(before: .distantFuture).isEmpty)
  }

  @Test func cancellingOneOccurrenceAddsAnExdateAndDropsItsChange() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let original = try fixture.at("2026-12-14T10:00")
    _ = try fixture.scheduler.edit(id, MeetingEdit(start: "15:00", occurrence: "2026-12-14"))
    let change = try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    let after = try fixture.scheduler.meeting(id)
    #expect(after.status == .confirmed)
    #expect(after.sequence == 2)
    #expect(after.recurrence?.exdates == [original])
    #expect(try fixture.store.overrides(of: meeting.id).isEmpty)
    #expect(
      try fixture.starts(meeting.id) == [
        "2026-12-07T10:00", "2026-12-21T10:00", "2026-12-28T10:00",
      ])
    #expect(change.notices.map(\.kind) == [.cancellation])
    let notice = try #require(change.notices.first)
    #expect(notice.occurrence == original)
    #expect(notice.details.meeting.sequence == 2)
    #expect(notice.recipients.count == 2)
    // The afternoon slot it had moved to is free.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-14T15:00", title: "Ganti"))
    // It is gone: cancelling or changing it again finds no occurrence.
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.cancel(id, occurrence: "2026-12-14")
    }
  }

  @Test func anOccurrenceThatDoesNotExistIsNamedWithTheNearestOnes() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    #expect(
      throws: SchedulingError.noOccurrence(
        meeting: meeting.id, day: "2026-12-15", near: ["2026-12-07", "2026-12-14", "2026-12-21"])
    ) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", occurrence: "2026-12-15"))
    }
    #expect(throws: SchedulingError.self) {
      try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2027-03-01")
    }
    #expect(throws: InputError.inField("--occurrence", .invalidDateTime("15 Desember"))) {
      try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", occurrence: "15 Desember"))
    }
    do {
      _ = try fixture.scheduler.edit(
        "\(meeting.id)", MeetingEdit(title: "X", thisAndFollowing: "2026-12-15"))
    } catch let error as SchedulingError {
      #expect(error.localizedDescription.contains("no occurrence on 2026-12-15"))
      #expect(error.localizedDescription.contains("Nearest: 2026-12-07, 2026-12-14, 2026-12-21"))
    }
    #expect(try fixture.state() == before)
  }

  // MARK: - Answers

  @Test func answersForTheSeriesAndForOneOccurrence() throws {
    let fixture = try SchedulingFixture()
    let meeting = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let id = "\(meeting.id)"
    let focused = try fixture.scheduler.reply(
      meeting: id, contact: "wulan@kemensos.example", answer: "tidak hadir",
      occurrence: "2026-12-14")
    #expect(focused.occurrence?.recurrenceID == (try fixture.at("2026-12-14T10:00")))
    #expect(focused.attendees.map(\.attendee.participation) == [.declined, .needsAction])
    // The series' own answer is unchanged.
    let whole = try fixture.scheduler.details(of: id)
    #expect(whole.occurrence == nil)
    #expect(whole.attendees.map(\.attendee.participation) == [.needsAction, .needsAction])
    #expect(
      whole.replies == [
        OccurrenceReply(
          recurrenceID: try fixture.at("2026-12-14T10:00"), contactID: fixture.wulan.id,
          participation: .declined)
      ])

    // Accepting the series leaves the answer for that occurrence.
    let accepted = try fixture.scheduler.reply(
      meeting: id, contact: "wulan@kemensos.example", answer: "hadir")
    #expect(accepted.attendees.first?.attendee.participation == .accepted)
    let agenda = try fixture.scheduler.agenda(
      from: try fixture.at("2026-12-01T00:00"), to: try fixture.at("2027-01-01T00:00"))
    #expect(
      agenda.map { $0.attendees.first?.attendee.participation } == [
        .accepted, .declined, .accepted, .accepted,
      ])
    #expect(agenda.map { iso($0.meeting.start) }.first == "2026-12-07T10:00")

    #expect(throws: SchedulingError.invalidReply("perhaps")) {
      try fixture.scheduler.reply(meeting: id, contact: "wulan@kemensos.example", answer: "perhaps")
    }
    _ = try fixture.addContact("Budi Santoso", "budi.santoso@example.org")
    #expect(
      throws: SchedulingError.notAnAttendee(
        contact: "budi.santoso@example.org", meeting: meeting.id)
    ) {
      try fixture.scheduler.reply(
        meeting: id, contact: "budi.santoso@example.org", answer: "yes")
    }
  }
}
