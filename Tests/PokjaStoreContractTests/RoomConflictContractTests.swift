import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

/// The room-conflict guarantee: a write transaction sees every occurrence in the way of a booking,
/// and two bookings of one room at one time never both succeed, however many handles try at once.
@Suite struct RoomConflictContractTests {
  let clock = ManualClock(contractNow)
  let monday = instant("2026-12-07T10:00:00+07:00")

  func interval(_ start: String, _ end: String) -> DateInterval {
    DateInterval(
      start: instant("2026-12-07T\(start):00+07:00"), end: instant("2026-12-07T\(end):00+07:00"))
  }

  @Test(arguments: StoreKind.available)
  func roomClashesAreOverlapsOfAnotherMeetingInTheSameRoom(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    // 10:00–12:00 in the room.
    let pleno = try store.add(meeting("Rapat Pleno", at: monday, minutes: 120, room: setup.room.id))
    let asked = [
      interval("11:00", "13:00"), interval("12:00", "13:00"), interval("09:00", "10:00"),
      interval("09:00", "10:30"), interval("10:30", "11:00"),
    ]
    let clashes = try store.write { transaction in
      try transaction.roomClashes(room: setup.room.id, intervals: asked, excluding: nil, limit: 10)
    }
    // Meetings that only touch do not clash.
    #expect(clashes.map(\.requested) == [asked[0], asked[3], asked[4]])
    #expect(clashes.allSatisfy { $0.meeting == pleno })
    #expect(
      clashes.first?.occurrence
        == MeetingOccurrence(
          meetingID: pleno.id, recurrenceID: monday, start: monday,
          end: monday.addingTimeInterval(7_200), roomID: setup.room.id))
    let (limited, elsewhere, itself) = try store.write { transaction in
      (
        try transaction.roomClashes(
          room: setup.room.id, intervals: asked, excluding: nil, limit: 1),
        try transaction.roomClashes(
          room: setup.otherRoom.id, intervals: asked, excluding: nil, limit: 10),
        try transaction.roomClashes(
          room: setup.room.id, intervals: asked, excluding: pleno.id, limit: 10)
      )
    }
    #expect(limited.map(\.requested) == [asked[0]])
    #expect(elsewhere.isEmpty)
    // The meeting being changed is not in its own way.
    #expect(itself.isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func aLongMeetingThatBeganDaysEarlierStillHoldsItsRoom(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let workshop = try store.add(
      meeting(
        "Lokakarya", at: monday.addingTimeInterval(-3 * 86_400), minutes: 4 * 24 * 60,
        room: setup.room.id))
    let clashes = try store.write { transaction in
      try transaction.roomClashes(
        room: setup.room.id, intervals: [interval("10:00", "11:00")], excluding: nil, limit: 10)
    }
    #expect(clashes.map(\.meeting.id) == [workshop.id])
  }

  @Test(arguments: StoreKind.available)
  func everyOccurrenceOfASeriesIsChecked(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let week: TimeInterval = 7 * 86_400
    let series = try store.add(
      meeting(
        "Rapat Mingguan", at: monday, room: setup.room.id,
        recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY;COUNT=4")),
      starts: (0..<4).map { monday.addingTimeInterval(TimeInterval($0) * week) })
    // A one-off on the third Monday is refused, naming the series' occurrence in the way.
    let third = monday.addingTimeInterval(2 * week)
    #expect(
      throws: RoomTaken(by: series.id, requested: DateInterval(start: third, duration: 3_600))
    ) {
      try store.add(
        meeting("Wawancara", at: third, room: setup.room.id), checkingRoom: true)
    }
    #expect(try store.meetings() == [series])
    // The week after the series is free.
    let after = monday.addingTimeInterval(4 * week)
    let booked = try store.add(
      meeting("Wawancara", at: after, room: setup.room.id), checkingRoom: true)
    #expect(try store.meetings().map(\.id) == [series.id, booked.id])
  }

  /// The room is held by occurrences, not by the meeting's status: cancelling (as the scheduler
  /// does) empties the plan, and that is what frees the room.
  @Test(arguments: StoreKind.available)
  func aMeetingWhosePlanIsEmptiedFreesItsRoom(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    var pleno = try store.add(meeting("Rapat Pleno", at: monday, room: setup.room.id))
    pleno.status = .cancelled
    try store.write { transaction in
      try transaction.update(pleno)
      try transaction.replaceOccurrences(of: pleno.id, with: [], plannedThrough: contractNow)
    }
    let booked = try store.add(
      meeting("Rapat Pengganti", at: monday, room: setup.room.id), checkingRoom: true)
    #expect(booked.title == "Rapat Pengganti")
  }

  @Test(arguments: StoreKind.available)
  func attendeeClashesNameWhoIsDueElsewhereUnlessTheyDeclined(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let pleno = try store.add(
      meeting("Rapat Pleno", at: monday, minutes: 120, room: setup.room.id),
      attendees: [setup.wulan.id, setup.hannah.id])
    try store.write { transaction in
      try transaction.setReply(
        meeting: pleno.id, occurrence: nil, contact: setup.hannah.id, participation: .declined)
    }
    let asked = [interval("11:00", "12:00"), interval("12:00", "13:00")]
    try store.write { transaction in
      let clashes = try transaction.attendeeClashes(
        contacts: [setup.wulan.id, setup.hannah.id], intervals: asked, excluding: nil, limit: 10)
      #expect(clashes.map(\.contactID) == [setup.wulan.id])
      #expect(clashes.first?.clash.meeting == pleno)
      #expect(clashes.first?.clash.requested == asked[0])
      #expect(
        try transaction.attendeeClashes(
          contacts: [setup.wulan.id], intervals: asked, excluding: pleno.id, limit: 10
        ).isEmpty)
      #expect(
        try transaction.attendeeClashes(
          contacts: [], intervals: asked, excluding: nil, limit: 10
        ).isEmpty)
    }
  }

  /// Several secretaries (separate handles: on a file, separate connections) book one room for
  /// overlapping times at the same moment: exactly one booking per room is kept.
  @Test(arguments: StoreKind.available)
  func bookingsOfOneRoomAtOnceFromSeveralHandlesKeepExactlyOne(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let handles = try (0..<8).map { _ in try setup.opened.anotherHandle() }
    let rooms = [setup.room.id, setup.otherRoom.id]
    let monday = self.monday
    let results = concurrently(handles.count) { index in
      // Each asks for a slightly different time: all overlap the others in the same room.
      let start = monday.addingTimeInterval(TimeInterval(index * 5 * 60))
      return try handles[index].add(
        meeting("Rapat \(index)", at: start, room: rooms[index % 2]), checkingRoom: true,
        pause: 0.005)
    }
    let kept = results.compactMap { try? $0.get() }
    #expect(kept.count == 2)
    #expect(Set(kept.compactMap(\.roomID)) == Set(rooms))
    for case .failure(let error) in results {
      #expect(error is RoomTaken, "\(error)")
    }
    #expect(try setup.store.meetings().map(\.id).sorted() == kept.map(\.id).sorted())
    for room in rooms {
      #expect(
        try setup.store.busyTimes(
          from: monday.addingTimeInterval(-3_600), to: monday.addingTimeInterval(86_400),
          contacts: []
        ).rooms[room]?.count == 1)
    }
  }
}
