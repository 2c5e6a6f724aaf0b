import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What every `SchedulingStore` must do: rooms, meetings kept whole with their attendees,
/// reminders and plans, occurrences found by window, answers per occurrence, reminders due and
/// missed, busy times, settings, and writes that keep all or nothing.
@Suite struct SchedulingStoreContractTests {
  let clock = ManualClock(contractNow)

  /// Monday 7 December 2026, 10:00 WIB, and the Mondays after it.
  let monday = instant("2026-12-07T10:00:00+07:00")
  var mondays: [Date] { (0..<3).map { monday.addingTimeInterval(TimeInterval($0) * 7 * 86_400) } }

  @Test(arguments: StoreKind.available)
  func aRoomIsKeptWholeAndFoundByIDOrNameAndItsNameIsItsOwn(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let room = Room(
      id: RoomID(42), name: "Ruang Rapat Lt 7", capacity: 40, location: "Jl. Salemba Raya 28",
      building: "Gedung Kemensos", floor: "7", facilities: ["projector", "video-call"])
    let stored = try store.insert(room)
    #expect(stored.id != room.id)
    var expected = room
    expected.id = stored.id
    #expect(stored == expected)
    #expect(try store.room(.id(stored.id)) == expected)
    #expect(try store.room(.key("RUANG rapat lt 7")) == expected)
    #expect(try store.room(.key("Ruang Rapat")) == nil)
    #expect(try store.room(.id(RoomID(9_999))) == nil)
    #expect(throws: SchedulingError.duplicateRoom(name: "ruang rapat LT 7", existing: stored.id)) {
      try store.insert(Room(id: .unassigned, name: "ruang rapat LT 7"))
    }
    #expect(try store.rooms() == [expected])
  }

  @Test(arguments: StoreKind.available)
  func aMeetingIsKeptWholeWithItsAttendeesRemindersAndPlan(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    var series = meeting(
      "Rapat Koordinasi", at: monday, minutes: 90, room: setup.room.id,
      recurrence: MeetingRecurrence(
        rule: "FREQ=WEEKLY;COUNT=3", rdates: [instant("2026-12-09T10:00:00+07:00")],
        exdates: [mondays[1]]),
      uid: "rakor@contract.example")
    series.id = MeetingID(77)
    series.description = "Koordinasi bulanan\nBawa data."
    series.timeZone = Zones.makassar
    series.location = "Lantai 7"
    series.sequence = 2
    series.onHoliday = .nextWorkday
    series.reminderRecipients = .all
    series.reminderChannel = .email
    series.guestList = .hidden
    let earlier = try store.add(
      meeting("Persiapan", at: instant("2026-12-03T10:00:00+07:00")), attendees: [setup.hannah.id])
    let stored = try store.add(
      series, attendees: [setup.hannah.id, setup.wulan.id],
      reminders: [TimeSpan(seconds: 7_200), TimeSpan(seconds: 86_400), TimeSpan(seconds: 900)],
      starts: [mondays[0], instant("2026-12-09T10:00:00+07:00"), mondays[2]],
      plannedThrough: instant("2027-01-01T00:00:00+07:00"))
    #expect(stored.id != series.id)
    var expected = series
    expected.id = stored.id
    #expect(stored == expected)
    #expect(try store.meeting(stored.id) == expected)
    #expect(try store.meeting(uid: "rakor@contract.example") == expected)
    #expect(try store.meeting(uid: "nothing@contract.example") == nil)
    #expect(try store.meeting(MeetingID(9_999)) == nil)
    #expect(try store.meetings() == [earlier, expected])
    // Attendees in the order given, each still to answer; reminders longest first.
    #expect(
      try store.attendees(of: stored.id) == [
        Attendee(meetingID: stored.id, contactID: setup.hannah.id),
        Attendee(meetingID: stored.id, contactID: setup.wulan.id),
      ])
    #expect(
      try store.reminders(of: stored.id).map(\.offset.seconds) == [86_400, 7_200, 900])
    #expect(try store.reminders(of: stored.id).allSatisfy { $0.meetingID == stored.id })
    #expect(
      try store.occurrences(
        from: monday, to: instant("2027-01-01T00:00:00+07:00"), meeting: stored.id, attendee: nil
      ).map(\.start) == [mondays[0], instant("2026-12-09T10:00:00+07:00"), mondays[2]])
  }

  @Test(arguments: StoreKind.available)
  func changesReplaceWhatTheyNameAndLeaveTheUIDAndCreationAlone(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let stored = try store.add(
      meeting("Rapat Pleno", at: monday, room: setup.room.id), attendees: [setup.wulan.id],
      reminders: [TimeSpan(seconds: 86_400)])
    var changed = stored
    changed.title = "Rapat Pleno (diundur)"
    changed.start = monday.addingTimeInterval(3_600)
    changed.end = monday.addingTimeInterval(3 * 3_600)
    changed.timeZone = Zones.jayapura
    changed.roomID = setup.otherRoom.id
    changed.location = "Aula"
    changed.sequence = 1
    changed.recurrence = MeetingRecurrence(rule: "FREQ=DAILY;COUNT=2")
    changed.guestList = .visible
    try store.write { transaction in
      var attempted = changed
      attempted.uid = "another@contract.example"
      attempted.createdAt = contractNow.addingTimeInterval(86_400)
      try transaction.update(attempted)
      try transaction.replaceAttendees(
        of: stored.id,
        with: [
          Attendee(
            meetingID: stored.id, contactID: setup.hannah.id, role: .chair,
            participation: .accepted),
          Attendee(
            meetingID: stored.id, contactID: setup.wulan.id, role: .optional,
            participation: .tentative),
        ])
      try transaction.replaceReminders(of: stored.id, with: [TimeSpan(seconds: 1_800)])
    }
    #expect(try store.meeting(stored.id) == changed)
    #expect(
      try store.attendees(of: stored.id) == [
        Attendee(
          meetingID: stored.id, contactID: setup.hannah.id, role: .chair, participation: .accepted),
        Attendee(
          meetingID: stored.id, contactID: setup.wulan.id, role: .optional,
          participation: .tentative),
      ])
    #expect(try store.reminders(of: stored.id).map(\.offset.seconds) == [1_800])
    // Cancelled, with its plan emptied as the scheduler does: nothing of it is planned any more.
    var cancelled = changed
    cancelled.status = .cancelled
    try store.write { transaction in
      try transaction.update(cancelled)
      try transaction.replaceOccurrences(of: stored.id, with: [], plannedThrough: contractNow)
    }
    #expect(try store.meeting(stored.id)?.status == .cancelled)
    #expect(
      try store.occurrences(
        from: contractNow, to: monday.addingTimeInterval(86_400 * 30), meeting: nil, attendee: nil
      ).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func occurrencesAreFoundByStartInAWindowByMeetingAndByAttendee(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let weekly = try store.add(
      meeting(
        "Rapat Mingguan", at: monday, room: setup.room.id,
        recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY;COUNT=3")),
      attendees: [setup.wulan.id], starts: mondays)
    let oneOff = try store.add(
      meeting("Wawancara", at: mondays[1], minutes: 30, room: setup.otherRoom.id),
      attendees: [setup.hannah.id])
    let window = try store.occurrences(
      from: monday, to: mondays[2], meeting: nil, attendee: nil)
    // By start, then by meeting; the start of the window is in it, its end is not.
    #expect(window.map(\.start) == [mondays[0], mondays[1], mondays[1]])
    #expect(window.map(\.meetingID) == [weekly.id, weekly.id, oneOff.id])
    #expect(
      window[0]
        == MeetingOccurrence(
          meetingID: weekly.id, recurrenceID: monday, start: monday,
          end: monday.addingTimeInterval(3_600), roomID: setup.room.id))
    #expect(
      try store.occurrences(
        from: monday.addingTimeInterval(1), to: mondays[2].addingTimeInterval(1), meeting: nil,
        attendee: nil
      ).map(\.start) == [mondays[1], mondays[1], mondays[2]])
    #expect(
      try store.occurrences(
        from: monday, to: instant("2027-01-01T00:00:00+07:00"), meeting: oneOff.id, attendee: nil
      ) == [
        MeetingOccurrence(
          meetingID: oneOff.id, recurrenceID: mondays[1], start: mondays[1],
          end: mondays[1].addingTimeInterval(1_800), roomID: setup.otherRoom.id)
      ])
    #expect(
      try store.occurrences(
        from: monday, to: instant("2027-01-01T00:00:00+07:00"), meeting: nil,
        attendee: setup.wulan.id
      ).map(\.meetingID) == [weekly.id, weekly.id, weekly.id])
    #expect(
      try store.occurrences(
        from: monday, to: instant("2027-01-01T00:00:00+07:00"), meeting: weekly.id,
        attendee: setup.hannah.id
      ).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func seriesPlannedOnlyUpToADateAreListedForPlanningFurther(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let weekly = MeetingRecurrence(rule: "FREQ=WEEKLY")
    let short = try store.add(
      meeting("Mingguan A", at: monday, recurrence: weekly), starts: mondays,
      plannedThrough: instant("2026-12-22T00:00:00+07:00"))
    let shorter = try store.add(
      meeting("Mingguan B", at: monday, recurrence: weekly), starts: [monday],
      plannedThrough: instant("2026-12-08T00:00:00+07:00"))
    try store.add(
      meeting("Mingguan C", at: monday, recurrence: weekly), starts: mondays,
      plannedThrough: instant("2027-06-01T00:00:00+07:00"))
    try store.add(
      meeting("Sekali", at: monday), plannedThrough: instant("2026-12-08T00:00:00+07:00"))
    let rdatesOnly = try store.add(
      meeting(
        "Tanggal Pilihan", at: monday,
        recurrence: MeetingRecurrence(rule: nil, rdates: [mondays[1]])),
      starts: [monday, mondays[1]], plannedThrough: instant("2026-12-15T00:00:00+07:00"))
    var cancelled = try store.add(
      meeting("Mingguan Batal", at: monday, recurrence: weekly), starts: mondays,
      plannedThrough: instant("2026-12-22T00:00:00+07:00"))
    cancelled.status = .cancelled
    try store.write { try $0.update(cancelled) }
    // Least planned first.
    #expect(
      try store.seriesPlanned(before: instant("2027-01-01T00:00:00+07:00")).map(\.id) == [
        shorter.id, rdatesOnly.id, short.id,
      ])
  }

  @Test(arguments: StoreKind.available)
  func overridesAndAnswersAreKeptPerOccurrence(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let series = try store.add(
      meeting(
        "Rapat Mingguan", at: monday, room: setup.room.id,
        recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY;COUNT=3")),
      attendees: [setup.wulan.id, setup.hannah.id], starts: mondays)
    let moved = MeetingOverride(
      meetingID: series.id, recurrenceID: mondays[2], start: mondays[2].addingTimeInterval(3_600),
      end: mondays[2].addingTimeInterval(7_200), title: "Rapat Mingguan (sore)",
      location: "Aula", roomID: setup.otherRoom.id, sequence: 1)
    let retitled = MeetingOverride(
      meetingID: series.id, recurrenceID: mondays[1], start: mondays[1],
      end: mondays[1].addingTimeInterval(3_600), title: "Rapat Khusus", sequence: 1)
    try store.write { transaction in
      try transaction.replaceOverrides(of: series.id, with: [moved, retitled])
      try transaction.setReply(
        meeting: series.id, occurrence: mondays[1], contact: setup.hannah.id,
        participation: .declined)
      try transaction.setReply(
        meeting: series.id, occurrence: mondays[0], contact: setup.wulan.id,
        participation: .tentative)
      try transaction.setReply(
        meeting: series.id, occurrence: mondays[0], contact: setup.wulan.id,
        participation: .accepted)
      // Without an occurrence: the answer for the whole series.
      try transaction.setReply(
        meeting: series.id, occurrence: nil, contact: setup.hannah.id, participation: .accepted)
    }
    // By original start.
    #expect(try store.overrides(of: series.id) == [retitled, moved])
    #expect(
      try store.occurrenceReplies(of: series.id) == [
        OccurrenceReply(
          recurrenceID: mondays[0], contactID: setup.wulan.id, participation: .accepted),
        OccurrenceReply(
          recurrenceID: mondays[1], contactID: setup.hannah.id, participation: .declined),
      ])
    #expect(
      try store.attendees(of: series.id).map(\.participation) == [.needsAction, .accepted])
    try store.write { try $0.replaceOverrides(of: series.id, with: [moved]) }
    #expect(try store.overrides(of: series.id) == [moved])
  }

  @Test(arguments: StoreKind.available)
  func remindersAreDueOnceTheirTimeHasComeUntilTheOccurrenceStarts(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let day = TimeSpan(seconds: 86_400)
    let twoHours = TimeSpan(seconds: 7_200)
    let series = try store.add(
      meeting("Rapat Mingguan", at: monday, recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY")),
      attendees: [setup.wulan.id], reminders: [twoHours, day], starts: mondays)
    try store.add(meeting("Tanpa Pengingat", at: monday), attendees: [setup.wulan.id])
    func due(_ now: Date) throws -> [[String]] {
      try store.dueReminders(at: now).map { meeting, occurrence, reminders in
        [meeting.title, "\(occurrence.start.timeIntervalSince(monday) / 86_400)"]
          + reminders.map(\.offset.description)
      }
    }
    #expect(try due(monday.addingTimeInterval(-86_401)).isEmpty)
    #expect(try due(monday.addingTimeInterval(-86_400)) == [["Rapat Mingguan", "0.0", "1d"]])
    #expect(try due(monday.addingTimeInterval(-3_600)) == [["Rapat Mingguan", "0.0", "1d", "2h"]])
    // Started: no longer due (missed, if nothing was sent); the next one's day has not come.
    #expect(try due(monday).isEmpty)
    #expect(
      try due(mondays[1].addingTimeInterval(-7_000)) == [["Rapat Mingguan", "7.0", "1d", "2h"]])
    let found = try #require(try store.dueReminders(at: monday.addingTimeInterval(-60)).first)
    #expect(found.0 == series)
    #expect(found.1.recurrenceID == monday)
    #expect(found.2.map(\.meetingID) == [series.id, series.id])
    // A cancelled meeting reminds no one.
    var cancelled = series
    cancelled.status = .cancelled
    try store.write { transaction in
      try transaction.update(cancelled)
      try transaction.replaceOccurrences(of: series.id, with: [], plannedThrough: contractNow)
    }
    #expect(try due(monday.addingTimeInterval(-60)).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func remindersAreMissedWhenTheOccurrenceStartedAndNoneWasQueued(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let series = try store.add(
      meeting("Rapat Mingguan", at: monday, recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY")),
      attendees: [setup.wulan.id], reminders: [TimeSpan(seconds: 3_600)], starts: mondays)
    try store.add(meeting("Tanpa Pengingat", at: monday), attendees: [setup.wulan.id])
    let since = monday.addingTimeInterval(-86_400)
    func missed(_ now: Date) throws -> [Date] {
      try store.missedReminders(at: now, since: since).map { meeting, occurrence, reminders in
        #expect(meeting.id == series.id)
        #expect(reminders.map(\.offset.seconds) == [3_600])
        return occurrence.recurrenceID
      }
    }
    #expect(try missed(monday.addingTimeInterval(-1)).isEmpty)
    // Starting at `now`: missed, not due (no occurrence is both).
    #expect(try missed(monday) == [monday])
    #expect(try store.dueReminders(at: monday).isEmpty)
    #expect(try missed(monday.addingTimeInterval(3_600)) == [monday])
    // An invitation about the occurrence is not its reminder; a reminder queued for it is.
    _ = try store.enqueue(
      [draft("invitation:1", kind: .invitation, meeting: series.id, occurrence: monday)],
      route: .smtp, at: monday)
    #expect(try missed(monday.addingTimeInterval(3_600)) == [monday])
    _ = try store.enqueue(
      [draft("reminder:1", kind: .reminder, meeting: series.id, occurrence: monday)],
      route: .smtp, at: monday)
    #expect(try missed(monday.addingTimeInterval(3_600)).isEmpty)
    // Only what started after `since` is looked at.
    #expect(
      try store.missedReminders(at: mondays[1], since: mondays[1].addingTimeInterval(-60))
        .map(\.1.recurrenceID) == [mondays[1]])
  }

  @Test(arguments: StoreKind.available)
  func busyTimesNameEveryRoomAndThePeopleWhoHaveNotDeclined(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let pleno = try store.add(
      meeting("Rapat Pleno", at: monday, minutes: 120, room: setup.room.id),
      attendees: [setup.wulan.id, setup.hannah.id])
    // A three-day workshop that began before the window still keeps its room and people busy.
    try store.add(
      meeting(
        "Lokakarya", at: monday.addingTimeInterval(-2 * 86_400), minutes: 3 * 24 * 60,
        room: setup.otherRoom.id), attendees: [setup.wulan.id])
    try store.add(
      meeting("Bulan Depan", at: monday.addingTimeInterval(30 * 86_400), room: setup.room.id),
      attendees: [setup.wulan.id])
    try store.write { transaction in
      try transaction.setReply(
        meeting: pleno.id, occurrence: nil, contact: setup.hannah.id, participation: .declined)
    }
    let busy = try store.busyTimes(
      from: monday.addingTimeInterval(-3_600), to: monday.addingTimeInterval(86_400),
      contacts: [setup.wulan.id, setup.hannah.id])
    let plenoTime = BusyInterval(
      start: monday, end: monday.addingTimeInterval(7_200), label: "Rapat Pleno")
    let workshop = BusyInterval(
      start: monday.addingTimeInterval(-2 * 86_400), end: monday.addingTimeInterval(86_400),
      label: "Lokakarya")
    #expect(Set(busy.people[setup.wulan.id] ?? []) == [plenoTime, workshop])
    #expect(busy.people[setup.hannah.id] == nil)
    #expect(busy.rooms[setup.room.id] == [plenoTime])
    #expect(busy.rooms[setup.otherRoom.id] == [workshop])
    #expect(
      try store.busyTimes(
        from: monday.addingTimeInterval(86_400), to: monday.addingTimeInterval(2 * 86_400),
        contacts: [setup.wulan.id]) == BusyTimes(people: [:], rooms: [:]))
  }

  @Test(arguments: StoreKind.available)
  func settingsAreKeptAndReplaced(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    #expect(try store.setting("holidays") == nil)
    try store.write { try $0.setSetting("holidays", "2026-1") }
    try store.write { try $0.setSetting("holidays", "2026-2") }
    try store.write { try $0.setSetting("other", "x") }
    #expect(try store.setting("holidays") == "2026-2")
    #expect(try store.setting("other") == "x")
  }

  @Test(arguments: StoreKind.available)
  func aWriteThatFailsKeepsNothingAndItsReadsSawItsWrites(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    #expect(throws: Deliberate.self) {
      try store.write { transaction in
        let stored = try transaction.insert(
          meeting("Rapat Pleno", at: monday, room: setup.room.id), attendees: [setup.wulan.id],
          reminders: [TimeSpan(seconds: 3_600)])
        try transaction.replaceOccurrences(
          of: stored.id,
          with: [
            MeetingOccurrence(
              meetingID: stored.id, recurrenceID: monday, start: monday,
              end: monday.addingTimeInterval(3_600), roomID: setup.room.id)
          ], plannedThrough: monday)
        try transaction.setSetting("holidays", "2026-1")
        // The scheduler reads through the store while it writes: it sees what it wrote.
        #expect(try store.meeting(stored.id)?.title == "Rapat Pleno")
        #expect(try store.attendees(of: stored.id).count == 1)
        throw Deliberate()
      }
    }
    #expect(try store.meetings().isEmpty)
    #expect(try store.setting("holidays") == nil)
    #expect(
      try store.occurrences(
        from: contractNow, to: monday.addingTimeInterval(86_400), meeting: nil, attendee: nil
      ).isEmpty)
    #expect(try store.meetings(attendedBy: setup.wulan.id).isEmpty)
    #expect(try store.dueReminders(at: monday.addingTimeInterval(-60)).isEmpty)
  }
}
