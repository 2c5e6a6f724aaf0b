import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// Planning an unending series ahead, and suggesting times.
@Suite struct SeriesPlanningTests {
  let jakarta = SchedulingFixture.jakarta

  private func iso(_ date: Date?) -> String? {
    date.map { LocalTime.iso($0, in: jakarta) }
  }

  // MARK: - Planning ahead

  @Test func extendPlansPlansAnUnendingSeriesFurtherAhead() throws {
    let clock = ManualClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    let unending = try fixture.scheduler.schedule(fixture.weekly(count: nil)).meeting
    let bounded = try fixture.scheduler.schedule(
      fixture.weekly(start: "2026-12-08T10:00", count: 3, title: "Selasa")
    ).meeting
    let plannedFirst = try fixture.occurrences(unending.id)
    let firstThrough = try #require(
      try fixture.scheduler.details(of: unending).plan?.plannedThrough)
    // Planned three years ahead: nothing to do yet. The bounded series, planned whole, is not
    // planned again on later runs either.
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(unending.id) == plannedFirst)
    #expect(try fixture.occurrences(bounded.id).count == 3)
    #expect(
      try fixture.store.seriesPlanned(
        before: clock.now().addingTimeInterval(SeriesPlanner.horizon / 2)
      ).isEmpty)

    // Two years on, less than half the horizon is left: it is planned further.
    clock.advance(by: 2 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 1)
    let extended = try fixture.occurrences(unending.id)
    #expect(extended.count > plannedFirst.count)
    #expect(Array(extended.prefix(plannedFirst.count)) == plannedFirst)
    let last = try #require(extended.last)
    #expect(last.start > firstThrough)
    #expect(last.start <= clock.now().addingTimeInterval(SeriesPlanner.horizon))
    #expect(
      last.start.addingTimeInterval(7 * 86_400)
        > clock.now().addingTimeInterval(SeriesPlanner.horizon))
    // Done once, it is not due again; the bounded series never is.
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(bounded.id).count == 3)

    // An unending series of a cancelled meeting is not planned.
    _ = try fixture.scheduler.cancel("\(unending.id)")
    clock.advance(by: 3 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 0)
    #expect(try fixture.occurrences(unending.id).isEmpty)
  }

  @Test func extendedOccurrencesKeepTheirChanges() throws {
    let clock = ManualClock(try DateTimeText.parse("2026-11-30T08:00+07:00", in: .gmt))
    let fixture = try SchedulingFixture(clock: clock)
    let meeting = try fixture.scheduler.schedule(fixture.weekly(count: nil)).meeting
    _ = try fixture.scheduler.edit(
      "\(meeting.id)", MeetingEdit(start: "2026-12-15T09:00", occurrence: "2026-12-14"))
    clock.advance(by: 2 * 365 * 86_400)
    #expect(try fixture.scheduler.extendPlans() == 1)
    let moved = try fixture.occurrences(meeting.id).first {
      $0.recurrenceID == (try? fixture.at("2026-12-14T10:00"))
    }
    #expect(iso(moved?.start) == "2026-12-15T09:00")
  }

  // MARK: - Suggest

  @Test func suggestionsAvoidTheOccurrencesOfSeries() throws {
    let fixture = try SchedulingFixture()
    // Wulan meets every Monday 09:00–11:00 (no room); the room is booked every Monday 13:00–15:00.
    var wulanWeekly = fixture.weekly(start: "2026-12-07T09:00", room: nil, title: "Wulan")
    wulanWeekly.attendees = ["wulan@kemensos.example"]
    let hers = try fixture.scheduler.schedule(wulanWeekly).meeting
    var roomWeekly = fixture.weekly(start: "2026-12-07T13:00", title: "Ruang")
    roomWeekly.attendees = []
    _ = try fixture.scheduler.schedule(roomWeekly)

    let request = SuggestRequest(
      attendees: ["wulan@kemensos.example"], duration: "1h", within: "2026-12-14",
      hours: "09:00-16:00", room: "Ruang Rapat Lt 7", limit: 10)
    let slots = try fixture.scheduler.suggest(request).result.slots
    #expect(
      slots.compactMap { iso($0.start) }.sorted() == [
        "2026-12-14T11:00", "2026-12-14T12:00", "2026-12-14T15:00",
      ])
    #expect(slots.allSatisfy { $0.free == [fixture.wulan.id] && $0.room?.id == fixture.room.id })

    // Declining the series frees her mornings.
    _ = try fixture.scheduler.reply(
      meeting: "\(hers.id)", contact: "wulan@kemensos.example", answer: "declined")
    let freed = try fixture.scheduler.suggest(request).result.slots
    #expect(freed.contains { iso($0.start) == "2026-12-14T09:00" })
    #expect(!freed.contains { iso($0.start) == "2026-12-14T13:00" })
  }

  @Test func aCancelledOccurrenceIsFreeForSuggestions() throws {
    let fixture = try SchedulingFixture()
    var weekly = fixture.weekly(start: "2026-12-07T09:00", title: "Pagi")
    weekly.duration = "7h"
    let meeting = try fixture.scheduler.schedule(weekly).meeting
    let request = SuggestRequest(
      attendees: ["hannah@kpi.example"], duration: "2h", within: "2026-12-21",
      hours: "09:00-16:00", room: "Ruang Rapat Lt 7")
    #expect(try fixture.scheduler.suggest(request).result.slots.isEmpty)
    _ = try fixture.scheduler.cancel("\(meeting.id)", occurrence: "2026-12-21")
    #expect(
      try fixture.scheduler.suggest(request).result.slots.first.map { iso($0.start) }
        == "2026-12-21T09:00")
  }
}
