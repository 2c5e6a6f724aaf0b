import Foundation
import PokjaCore
import PokjaDirectory
import PokjaPersistence
import PokjaRecurrence
import PokjaScheduling
import PokjaTestSupport
import Testing

/// A series and its rooms: never booked twice.
@Suite struct SeriesRoomTests {
  let jakarta = SchedulingFixture.jakarta

  private func iso(_ date: Date?) -> String? {
    date.map { LocalTime.iso($0, in: jakarta) }
  }

  // MARK: - Rooms

  @Test func aOneOffIsRefusedWhenItHitsAnyOccurrenceOfASeries() throws {
    let fixture = try SchedulingFixture()
    let series = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    // The third Monday, 11:00–12:00.
    let refusal = doubleBooking {
      _ = try fixture.scheduler.schedule(
        fixture.plenary(start: "2026-12-21T11:00", duration: "1h", title: "Kelompok 1"))
    }
    #expect(refusal?.by == series.id)
    #expect(refusal?.title == "Rapat mingguan")
    #expect(iso(refusal?.start) == "2026-12-21T10:00")
    #expect(iso(refusal?.end) == "2026-12-21T12:00")
    #expect(refusal?.requested == nil)
    #expect(refusal?.message.contains("meeting \(series.id) 'Rapat mingguan'") == true)
    #expect(refusal?.message.contains("2026-12-21 10:00–12:00 WIB") == true)
    #expect(try fixture.state() == before)
    // After the last occurrence, and on a Tuesday, the room is free.
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2027-01-04T10:00", title: "Sesudah"))
    _ = try fixture.scheduler.schedule(fixture.plenary(start: "2026-12-22T10:00", title: "Selasa"))
  }

  @Test func aSeriesIsRefusedWhenAnyOccurrenceHitsAOneOff() throws {
    let fixture = try SchedulingFixture()
    let oneOff = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-12-28T11:00", duration: "1h", title: "Rapat khusus")
    ).meeting
    let before = try fixture.state()
    let refusal = doubleBooking { _ = try fixture.scheduler.schedule(fixture.weekly()) }
    #expect(refusal?.by == oneOff.id)
    #expect(refusal?.title == "Rapat khusus")
    #expect(iso(refusal?.start) == "2026-12-28T11:00")
    // The series' own occurrence that clashes is named.
    #expect(iso(refusal?.requested) == "2026-12-28T10:00")
    #expect(refusal?.message.contains("when this series meets on 2026-12-28") == true)
    #expect(try fixture.state() == before)
    // Leaving that date out makes it fit.
    let fits = try fixture.scheduler.schedule(fixture.weekly(exdates: ["2026-12-28"]))
    #expect(try fixture.starts(fits.meeting.id).count == 3)
  }

  @Test func aSeriesIsRefusedWhenItHitsAnotherSeries() throws {
    let fixture = try SchedulingFixture()
    let weekly = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let before = try fixture.state()
    // The last Monday of the month, 11:00: first on 28 December, the weekly's fourth.
    var monthly = fixture.plenary(start: "2026-12-07T11:00", duration: "1h", title: "Bulanan")
    monthly.every = "senin terakhir setiap bulan"
    let refusal = doubleBooking { _ = try fixture.scheduler.schedule(monthly) }
    #expect(refusal?.by == weekly.id)
    #expect(iso(refusal?.start) == "2026-12-28T10:00")
    #expect(iso(refusal?.requested) == "2026-12-28T11:00")
    #expect(try fixture.state() == before)

    // With --allow-conflict it is booked, and each clash comes back as a warning.
    monthly.allowConflict = true
    let booked = try fixture.scheduler.schedule(monthly)
    let clashes = booked.warnings.compactMap { warning -> Clash? in
      if case .roomConflictAllowed(_, let clash, _) = warning { return clash }
      return nil
    }
    #expect(clashes.map(\.meeting.id) == [weekly.id])
    #expect(clashes.map { iso($0.occurrence.start) } == ["2026-12-28T10:00"])
    #expect(booked.warnings.contains { $0.description.contains("--allow-conflict") })
    // 7 December is no last Monday: the series starts on its first occurrence, and says so.
    #expect(iso(booked.meeting.start) == "2026-12-28T11:00")
    #expect(booked.warnings.first?.description.contains("starts on its first occurrence") == true)
    #expect(try fixture.scheduler.meetings().count == 2)
  }

  @Test func pastOccurrencesDoNotBlockABooking() throws {
    // A series that began before now is checked only from now on.
    let fixture = try SchedulingFixture()
    _ = try fixture.scheduler.schedule(
      fixture.plenary(start: "2026-11-23T10:00", title: "Sudah lewat"))
    let series = try fixture.scheduler.schedule(fixture.weekly(start: "2026-11-16T10:00"))
    #expect(try fixture.starts(series.meeting.id).first == "2026-11-16T10:00")
  }

  @Test func attendeeClashesAndCapacityAreWarnings() throws {
    let fixture = try SchedulingFixture()
    let weekly = try fixture.scheduler.schedule(fixture.weekly()).meeting
    let small = try fixture.scheduler.addRoom(name: "Ruang Kecil", capacity: 1)
    // Wulan is due at the weekly meeting on the 14th.
    var request = fixture.plenary(
      start: "2026-12-14T11:00", duration: "1h", room: "Ruang Kecil", title: "Kecil")
    request.attendees = ["wulan@kemensos.example", "hannah@kpi.example"]
    let scheduled = try fixture.scheduler.schedule(request)
    #expect(scheduled.warnings.contains(.overCapacity(room: small.name, capacity: 1, attendees: 2)))
    let busy = scheduled.warnings.compactMap { warning -> (String, Clash)? in
      if case .attendeeBusy(let name, let clash) = warning { return (name, clash) }
      return nil
    }
    #expect(Set(busy.map(\.0)) == ["Wulan Sari", "Hannah de Vries"])
    #expect(busy.allSatisfy { $0.1.meeting.id == weekly.id })
    #expect(busy.allSatisfy { iso($0.1.occurrence.start) == "2026-12-14T10:00" })

    // Someone who declined the series is not busy then.
    _ = try fixture.scheduler.reply(
      meeting: "\(weekly.id)", contact: "hannah@kpi.example", answer: "ditolak")
    var again = request
    again.title = "Kecil lagi"
    again.start = "2026-12-21T11:00"
    again.room = nil
    let second = try fixture.scheduler.schedule(again)
    let names = second.warnings.compactMap { warning -> String? in
      if case .attendeeBusy(let name, _) = warning { return name }
      return nil
    }
    #expect(names == ["Wulan Sari"])
  }
}
