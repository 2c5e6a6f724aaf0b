import Foundation
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite struct SlotFinderTests {
  let jakarta = Zones.jakarta
  let hour: TimeInterval = 3600

  // MARK: Fixtures

  /// `2026-12-07T09:00` in Jakarta.
  func time(_ text: String, in zone: TimeZone? = nil) -> Date {
    try! DateTimeText.parse(text, in: zone ?? jakarta)
  }

  /// Busy from `start` to `end` (`HH:MM` on the same day, or a full date-time).
  func busy(_ start: String, _ end: String) -> BusyInterval {
    let from = time(start)
    let to = try! DateTimeText.parseEnd(end, startingAt: from, in: jakarta)
    return BusyInterval(start: from, end: to)
  }

  func person(_ id: Int64, required: Bool = true, busy: [BusyInterval] = []) -> SlotPerson {
    SlotPerson(id: ContactID(id), name: "P\(id)", required: required, busy: busy)
  }

  func room(_ id: Int64, _ name: String, capacity: Int?, busy: [BusyInterval] = []) -> SlotRoom {
    SlotRoom(Room(id: RoomID(id), name: name, capacity: capacity), busy: busy)
  }

  /// Monday 7 December 2026, 09:00–16:00 Jakarta.
  func request(
    _ window: String = "2026-12-07", people: [SlotPerson], duration: TimeInterval = 3600,
    step: TimeInterval = 3600, hours: String = "09:00-16:00", rooms: RoomNeed = .notNeeded,
    quorum: Double = 1, holidays: HolidayCalendar? = nil, limit: Int = 10, now: Date? = nil
  ) -> SlotRequest {
    let days = try! SlotRequest.parseWindow(window)
    let clock = try! SlotRequest.parseHours(hours)
    return SlotRequest(
      firstDay: days.firstDay, lastDay: days.lastDay, timeZone: jakarta, duration: duration,
      people: people, dayStart: clock.start, dayEnd: clock.end, step: step, rooms: rooms,
      quorum: quorum, holidays: holidays, limit: limit, now: now)
  }

  func starts(_ suggestion: SlotSuggestion) -> [String] {
    suggestion.slots.map { LocalTime.iso($0.start, in: jakarta) }
  }

  // MARK: Ranking

  @Test func ranksByRequiredFreeThenOptionalBusyThenEarliest() throws {
    let people = [
      // Out of order and overlapping on purpose; 09:00–11:00 in all.
      person(1, busy: [busy("2026-12-07T10:00", "11:00"), busy("2026-12-07T09:00", "10:30")]),
      person(2, busy: [busy("2026-12-07T13:00", "14:00")]),
      person(3, required: false, busy: [busy("2026-12-07T11:00", "12:00")]),
      person(3, required: false, busy: [busy("2026-12-07T15:00", "16:00")]),
    ]
    let result = try SlotFinder.suggest(request(people: people, quorum: 0))
    #expect(
      starts(result) == [
        "2026-12-07T12:00", "2026-12-07T14:00", "2026-12-07T11:00", "2026-12-07T15:00",
        "2026-12-07T09:00", "2026-12-07T10:00", "2026-12-07T13:00",
      ])
    let best = try #require(result.slots.first)
    #expect(best.end == time("2026-12-07T13:00"))
    #expect(best.free == [ContactID(1), ContactID(2)])
    #expect(best.busy.isEmpty)
    #expect(best.optionalFree == [ContactID(3)] && best.optionalBusy.isEmpty)
    #expect(best.room == nil)
    let nine = result.slots[4]
    #expect(nine.free == [ContactID(2)] && nine.busy == [ContactID(1)])
    let eleven = result.slots[2]
    #expect(eleven.optionalBusy == [ContactID(3)] && eleven.optionalFree.isEmpty)
  }

  @Test func aMeetingEndingAtTheSlotStartDoesNotBlockIt() throws {
    let people = [
      person(1, busy: [busy("2026-12-07T08:00", "09:00"), busy("2026-12-07T10:00", "16:00")])
    ]
    let result = try SlotFinder.suggest(request(people: people))
    #expect(starts(result) == ["2026-12-07T09:00"])
  }

  @Test func picksDoNotOverlapOneAnother() throws {
    let result = try SlotFinder.suggest(
      request(
        "2026-12-07..2026-12-08", people: [person(1)], duration: 2 * hour, step: 1800, limit: 5))
    #expect(
      starts(result) == [
        "2026-12-07T09:00", "2026-12-07T11:00", "2026-12-07T13:00", "2026-12-08T09:00",
        "2026-12-08T11:00",
      ])
  }

  @Test func theSameContactTwiceCountsOnceAndIsRequiredIfEitherIs() throws {
    let people = [
      person(1, required: false, busy: [busy("2026-12-07T09:00", "12:00")]),
      person(2),
      person(1, busy: [busy("2026-12-07T13:00", "16:00")]),
    ]
    let result = try SlotFinder.suggest(request(people: people, quorum: 1))
    #expect(starts(result) == ["2026-12-07T12:00"])
    #expect(result.slots.first?.free == [ContactID(1), ContactID(2)])
  }

  // MARK: Quorum

  @Test func quorumKeepsOnlySlotsWhereEnoughRequiredPeopleAreFree() throws {
    let people = [
      person(1, busy: [busy("2026-12-07T09:00", "12:00")]),
      person(2, busy: [busy("2026-12-07T09:00", "16:00")]),
      person(3),
    ]
    let everyone = try SlotFinder.suggest(request(people: people, quorum: 1))
    #expect(everyone == .noSlot(.quorumNotReached(bestFree: 2, required: 3, needed: 3)))
    let most = try SlotFinder.suggest(request(people: people, quorum: 0.6))
    #expect(
      starts(most) == [
        "2026-12-07T12:00", "2026-12-07T13:00", "2026-12-07T14:00", "2026-12-07T15:00",
      ])
    #expect(most.slots.allSatisfy { $0.busy == [ContactID(2)] })
  }

  @Test func quorumCountRoundsUp() {
    #expect(SlotFinder.quorumCount(0.8, of: 50) == 40)
    #expect(SlotFinder.quorumCount(0.8, of: 7) == 6)
    #expect(SlotFinder.quorumCount(0.7, of: 10) == 7)
    #expect(SlotFinder.quorumCount(0, of: 5) == 0)
    #expect(SlotFinder.quorumCount(1, of: 5) == 5)
  }

  // MARK: Days

  @Test func weekendsHolidaysAndCollectiveLeaveAreSkipped() throws {
    let holidays = HolidayCalendar([
      Holiday(date: "2026-12-24", name: "Cuti Bersama Natal", kind: .collectiveLeave),
      Holiday(date: "2026-12-25", name: "Natal"),
    ])
    // Thursday 24 … Tuesday 29: only Monday 28 and Tuesday 29 are working days.
    let result = try SlotFinder.suggest(
      request(
        "2026-12-23..2026-12-29", people: [person(1)], duration: 7 * hour, holidays: holidays))
    #expect(starts(result) == ["2026-12-23T09:00", "2026-12-28T09:00", "2026-12-29T09:00"])
    #expect(result.slots.first?.end == time("2026-12-23T16:00"))
  }

  @Test func aWindowOfWeekendsAndHolidaysHasNoWorkingDays() throws {
    let leave = Holiday(date: "2026-12-24", name: "Cuti Bersama Natal", kind: .collectiveLeave)
    let christmas = Holiday(date: "2026-12-25", name: "Natal")
    let holidays = HolidayCalendar([leave, christmas])
    let result = try SlotFinder.suggest(
      request("2026-12-24..2026-12-27", people: [person(1)], holidays: holidays))
    #expect(
      result
        == .noSlot(
          .noWorkingDays(
            firstDay: "2026-12-24", lastDay: "2026-12-27", holidays: [leave, christmas])))
    let text = try #require(result.reason).description
    #expect(text.contains("2026-12-24 Cuti Bersama Natal, 2026-12-25 Natal"))
    #expect(text.contains("weekends are skipped"))

    let weekend = try SlotFinder.suggest(request("2026-12-05..2026-12-06", people: [person(1)]))
    #expect(
      weekend
        == .noSlot(.noWorkingDays(firstDay: "2026-12-05", lastDay: "2026-12-06", holidays: [])))
  }

  @Test func daylightSavingKeepsWorkingHoursInLocalTime() throws {
    let newYork = TimeZone(identifier: "America/New_York")!
    // Clocks go forward on Sunday 8 March 2026: Friday is EST (-5), Monday EDT (-4).
    var overDST = request("2026-03-06..2026-03-09", people: [person(1)], duration: 7 * hour)
    overDST.timeZone = newYork
    let result = try SlotFinder.suggest(overDST)
    #expect(
      result.slots.map(\.start) == [time("2026-03-06T14:00Z"), time("2026-03-09T13:00Z")])
    #expect(result.slots.map(\.end) == [time("2026-03-06T21:00Z"), time("2026-03-09T20:00Z")])
  }

  // MARK: Rooms

  @Test func aSpecificRoomMustBeFreeForTheWholeSlotAndSeatEveryone() throws {
    let people = [person(1), person(2)]
    let ruang7 = room(7, "Ruang 7", capacity: 10, busy: [busy("2026-12-07T09:30", "11:30")])
    let result = try SlotFinder.suggest(
      request(people: people, duration: 2 * hour, step: 1800, rooms: .specific(ruang7), limit: 1))
    #expect(starts(result) == ["2026-12-07T11:30"])
    #expect(result.slots.first?.room == ruang7.room)

    let small = room(3, "Ruang Kecil", capacity: 1)
    let tooSmall = try SlotFinder.suggest(request(people: people, rooms: .specific(small)))
    #expect(tooSmall == .noSlot(.roomTooSmall(room: "Ruang Kecil", capacity: 1, headcount: 2)))
    #expect(tooSmall.reason?.description.contains("seats 1, but there are 2 attendees") == true)

    let booked = room(7, "Ruang 7", capacity: nil, busy: [busy("2026-12-07T08:00", "17:00")])
    let neverFree = try SlotFinder.suggest(request(people: people, rooms: .specific(booked)))
    #expect(neverFree == .noSlot(.roomNeverFree(rooms: ["Ruang 7"], duration: hour)))
    #expect(neverFree.reason?.description.starts(with: "Room 'Ruang 7' is never free") == true)
  }

  @Test func anyRoomPicksTheSmallestFreeRoomThatSeatsEveryone() throws {
    let rooms = [
      room(1, "Aula", capacity: 100, busy: [busy("2026-12-07T09:00", "13:00")]),
      room(
        2, "Ruang 7", capacity: 10, busy: [busy("2026-12-07T09:00", "11:00")]),
      room(3, "Ruang 3", capacity: 2),
      room(4, "Ruang X", capacity: nil),
      room(
        5, "Ruang 5", capacity: 10,
        busy: [busy("2026-12-07T09:00", "11:00"), busy("2026-12-07T13:00", "15:00")]),
    ]
    let people = [person(1), person(2), person(3)]
    let result = try SlotFinder.suggest(
      request(
        people: people, duration: 2 * hour, step: 2 * hour, hours: "09:00-15:00",
        rooms: .any(rooms)))
    #expect(starts(result) == ["2026-12-07T09:00", "2026-12-07T11:00", "2026-12-07T13:00"])
    // 09:00: every room with a known size is busy or too small. 11:00: Ruang 5 before Ruang 7 by
    // name. 13:00: Ruang 5 is booked, Ruang 7 is the next best fit.
    #expect(result.slots.map { $0.room?.name } == ["Ruang X", "Ruang 5", "Ruang 7"])

    let allSmall = try SlotFinder.suggest(
      request(people: people, rooms: .any([rooms[2], room(6, "Ruang 6", capacity: 1)])))
    #expect(allSmall == .noSlot(.roomTooSmall(room: nil, capacity: 2, headcount: 3)))
    #expect(allSmall.reason?.description.contains("the largest seats 2") == true)

    let allDay = [busy("2026-12-07T00:00", "2026-12-08T00:00")]
    let neverFree = try SlotFinder.suggest(
      request(
        people: people,
        rooms: .any([
          room(1, "Aula", capacity: 100, busy: allDay), rooms[2],
          room(2, "Ruang 7", capacity: 10, busy: allDay),
        ])))
    #expect(neverFree == .noSlot(.roomNeverFree(rooms: ["Ruang 7", "Aula"], duration: hour)))
  }

  // MARK: Why nothing fits

  @Test func everyReasonNamesItsNumbers() throws {
    let hoursShort = try SlotFinder.suggest(
      request(people: [person(1)], duration: 2 * hour, hours: "09:00-10:00"))
    #expect(
      hoursShort
        == .noSlot(
          .hoursShorterThanDuration(
            start: ClockTime(hour: 9), end: ClockTime(hour: 10), duration: 2 * hour)))
    #expect(
      hoursShort.reason?.description
        == "--hours 09:00-10:00 is shorter than the meeting (2h); widen --hours or shorten --duration."
    )

    let past = try SlotFinder.suggest(
      request(
        people: [person(1)], duration: 2 * hour, step: 1800, now: time("2026-12-08T00:00")))
    #expect(
      past == .noSlot(.allInPast(count: 11, now: time("2026-12-08T00:00"), timeZone: jakarta)))
    #expect(
      past.reason?.description
        == "All 11 slots that fit start before now (2026-12-08 00:00 WIB); move --within to later days."
    )

    #expect(
      NoSlotReason.quorumNotReached(bestFree: 31, required: 50, needed: 40).description
        == "At most 31 of 50 required attendees are free at any time (the quorum needs 40); lower --quorum or widen --within."
    )
    #expect(
      NoSlotReason.roomNeverFree(rooms: ["A", "B"], duration: 5400).description.starts(
        with: "None of the 2 rooms large enough is free for a whole 1h30m slot"))
  }

  @Test func slotsBeforeNowAreNotOffered() throws {
    let result = try SlotFinder.suggest(
      request(
        people: [person(1)], duration: 2 * hour, step: 1800, now: time("2026-12-07T12:10")))
    #expect(starts(result) == ["2026-12-07T12:30"])
  }

  @Test func reasonsFollowTheDocumentedPrecedence() throws {
    let everyoneBusy = [person(1, busy: [busy("2026-12-01T00:00", "2026-12-31T00:00")])]
    let tiny = room(1, "Kecil", capacity: 0)
    let tinyBooked = room(3, "Sempit", capacity: 0, busy: everyoneBusy[0].busy)
    let booked = room(2, "Penuh", capacity: 5, busy: [busy("2026-12-01T00:00", "2026-12-31T00:00")])
    let later = time("2027-01-01T00:00")
    // Days before hours.
    #expect(
      try SlotFinder.suggest(
        request("2026-12-05", people: everyoneBusy, duration: 9 * hour, rooms: .specific(tiny))
      )
      .reason == .noWorkingDays(firstDay: "2026-12-05", lastDay: "2026-12-05", holidays: []))
    // Hours before rooms.
    #expect(
      try SlotFinder.suggest(
        request(people: everyoneBusy, duration: 9 * hour, rooms: .specific(tiny))
      ).reason
        == .hoursShorterThanDuration(
          start: ClockTime(hour: 9), end: ClockTime(hour: 16), duration: 9 * hour))
    // Room size before room bookings, bookings before the quorum.
    #expect(
      try SlotFinder.suggest(request(people: everyoneBusy, rooms: .specific(tinyBooked))).reason
        == .roomTooSmall(room: "Sempit", capacity: 0, headcount: 1))
    #expect(
      try SlotFinder.suggest(request(people: everyoneBusy, rooms: .any([tiny, booked]))).reason
        == .roomNeverFree(rooms: ["Penuh"], duration: hour))
    #expect(
      try SlotFinder.suggest(request(people: everyoneBusy, rooms: .any([tiny]))).reason
        == .roomTooSmall(room: nil, capacity: 0, headcount: 1))
    // The quorum before the clock.
    #expect(
      try SlotFinder.suggest(request(people: everyoneBusy, now: later)).reason
        == .quorumNotReached(bestFree: 0, required: 1, needed: 1))
    #expect(
      try SlotFinder.suggest(request(people: [person(1)], now: later)).reason
        == .allInPast(count: 7, now: later, timeZone: jakarta))
  }

  // MARK: Request errors

  @Test func badRequestsAreRefused() {
    let people = [person(1)]
    func refuses(_ error: SlotFinderError, _ change: (inout SlotRequest) -> Void) {
      var changed = request(people: people)
      change(&changed)
      #expect(throws: error) { try SlotFinder.suggest(changed) }
    }
    refuses(.windowEndsBeforeStart(firstDay: "2026-12-07", lastDay: "2026-12-06")) {
      $0.lastDay = "2026-12-06"
    }
    refuses(.windowTooLong(days: 367)) {
      $0.firstDay = "2026-01-01"
      $0.lastDay = "2027-01-02"
    }
    refuses(.invalidWindow("2026-12-07..7 Desember")) { $0.lastDay = "7 Desember" }
    refuses(.durationNotPositive(0)) { $0.duration = 0 }
    refuses(.durationNotPositive(-60)) { $0.duration = -60 }
    refuses(.hoursEndNotAfterStart(start: ClockTime(hour: 16), end: ClockTime(hour: 9))) {
      $0.dayStart = ClockTime(hour: 16)
      $0.dayEnd = ClockTime(hour: 9)
    }
    refuses(.hoursEndNotAfterStart(start: ClockTime(hour: 9), end: ClockTime(hour: 9))) {
      $0.dayEnd = ClockTime(hour: 9)
    }
    refuses(.invalidHours("09:00-24:00")) { $0.dayEnd = ClockTime(hour: 24) }
    refuses(.quorumOutOfRange(1.2)) { $0.quorum = 1.2 }
    refuses(.quorumOutOfRange(-0.1)) { $0.quorum = -0.1 }
    refuses(.stepNotPositive(0)) { $0.step = 0 }
    refuses(.limitNotPositive(0)) { $0.limit = 0 }
    refuses(.noRequiredAttendees) { $0.people = [person(1, required: false)] }
    refuses(.noRequiredAttendees) { $0.people = [] }
    refuses(.noRooms) { $0.rooms = .any([]) }
  }

  // MARK: Parsers

  @Test func windowParserAcceptsARangeOrOneDayAndNamesTheOption() throws {
    #expect(try SlotRequest.parseWindow("2026-12-01..2026-12-19") == ("2026-12-01", "2026-12-19"))
    #expect(try SlotRequest.parseWindow(" 2026-12-07 ") == ("2026-12-07", "2026-12-07"))
    #expect(try SlotRequest.parseWindow("2028-01-01..2028-12-31") == ("2028-01-01", "2028-12-31"))
    for bad in [
      "2026-12-01-2026-12-19", "2026-02-30..2026-03-01", "1..2", "", "2026-12-01..", "a..b..c",
    ] {
      #expect(throws: SlotFinderError.invalidWindow(bad)) { try SlotRequest.parseWindow(bad) }
    }
    #expect(
      throws: SlotFinderError.windowEndsBeforeStart(firstDay: "2026-12-19", lastDay: "2026-12-01")
    ) {
      try SlotRequest.parseWindow("2026-12-19..2026-12-01")
    }
    #expect(throws: SlotFinderError.windowTooLong(days: 367)) {
      try SlotRequest.parseWindow("2026-01-01..2027-01-02")
    }
    let message = SlotFinderError.invalidWindow("besok").localizedDescription
    #expect(message.contains("--within") && message.contains("2026-12-01..2026-12-19"))
    #expect(SlotFinderError.windowTooLong(days: 400).localizedDescription.contains("--within"))
  }

  @Test func hoursParserAcceptsColonsAndIndonesianDots() throws {
    let nineToFour = (ClockTime(hour: 9), ClockTime(hour: 16))
    for good in ["09:00-16:00", "09.00-16.00", "9:00–16:00", "09:00 - 16:00", "09.00..16.00"] {
      #expect(try SlotRequest.parseHours(good) == nineToFour)
    }
    #expect(
      try SlotRequest.parseHours("07:30-12:15")
        == (ClockTime(hour: 7, minute: 30), ClockTime(hour: 12, minute: 15)))
    for bad in ["9-16", "25:00-26:00", "09:60-10:00", "09:00", "pagi"] {
      #expect(throws: SlotFinderError.invalidHours(bad)) { try SlotRequest.parseHours(bad) }
    }
    #expect(
      throws: SlotFinderError.hoursEndNotAfterStart(
        start: ClockTime(hour: 16), end: ClockTime(hour: 9))
    ) { try SlotRequest.parseHours("16:00-09:00") }
    let message = SlotFinderError.invalidHours("pagi").localizedDescription
    #expect(message.contains("--hours") && message.contains("09:00-16:00"))
  }

  @Test func quorumParserReadsPercentagesAndFractions() throws {
    let cases: [(String, Double)] = [
      ("80%", 0.8), ("80 %", 0.8), ("0.8", 0.8), ("0,8", 0.8), ("40", 0.4), ("1", 1),
      ("100", 1), ("100%", 1), ("0", 0), ("12.5%", 0.125),
    ]
    for (text, fraction) in cases {
      #expect(abs(try SlotRequest.parseQuorum(text) - fraction) < 1e-12, "\(text)")
    }
    for bad in ["", "abc", "80%%", "%", "1/2"] {
      #expect(throws: SlotFinderError.invalidQuorum(bad)) { try SlotRequest.parseQuorum(bad) }
    }
    #expect(throws: SlotFinderError.quorumOutOfRange(1.5)) { try SlotRequest.parseQuorum("150%") }
    #expect(throws: SlotFinderError.quorumOutOfRange(-0.05)) { try SlotRequest.parseQuorum("-5%") }
    let message = SlotFinderError.invalidQuorum("abc").localizedDescription
    #expect(message.contains("--quorum") && message.contains("80%"))
    #expect(
      SlotFinderError.quorumOutOfRange(1.5).localizedDescription.starts(with: "--quorum 150%:"))
  }

  // MARK: Against a brute-force reference

  @Test(arguments: [1, 2])
  func agreesWithBruteForceOnFiftyPeopleNinetyDaysTenRooms(seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    let holidays = try HolidayCalendar.builtIn()
    let windowStart = time("2026-10-01T00:00")
    let windowEnd = time("2026-12-30T00:00")  // 90 days
    func intervals(_ count: Int, longest: Int) -> [BusyInterval] {
      let quarters = Int(windowEnd.timeIntervalSince(windowStart) / 900)
      var result: [BusyInterval] = []
      for _ in 0..<count {
        let start = windowStart.addingTimeInterval(Double(random.next(below: quarters)) * 900)
        // Zero and negative lengths are noise the finder must ignore.
        let length = Double(random.next(below: longest + 2) - 1) * 900
        result.append(BusyInterval(start: start, end: start.addingTimeInterval(length)))
      }
      // A few days of leave.
      let leave = windowStart.addingTimeInterval(Double(random.next(below: 88)) * 86_400)
      result.append(BusyInterval(start: leave, end: leave.addingTimeInterval(2 * 86_400)))
      return result
    }
    let people = (1...50).map { id in
      SlotPerson(
        id: ContactID(Int64(id)), name: "P\(id)", required: id <= 40,
        busy: intervals(90 * 3, longest: 12))
    }
    let capacities: [Int?] = [nil, 20, 50, 50, 60, 100, 40, nil, 55, 50]
    let rooms = capacities.enumerated().map { index, capacity in
      SlotRoom(
        Room(id: RoomID(Int64(index + 1)), name: "Ruang \(index % 4)", capacity: capacity),
        busy: intervals(90 * 4, longest: 16))
    }
    for quorum in [1, 0.875, 0.5] {
      for now in [nil, time("2026-11-15T10:20")] {
        let request = SlotRequest(
          firstDay: "2026-10-01", lastDay: "2026-12-29", timeZone: jakarta, duration: 2 * hour,
          people: people, step: 1800, rooms: .any(rooms), quorum: quorum, holidays: holidays,
          limit: 8, now: now)
        let expected = BruteForceSlotFinder.suggest(request)
        #expect(try SlotFinder.suggest(request) == expected, "quorum \(quorum), now \(now as Any)")
        // Keeps the data meaningful: everyone is never free at once, half of them often are.
        if quorum == 1 { #expect(expected.reason != nil) }
        if quorum == 0.5 { #expect(expected.slots.count == 8) }
      }
    }
    // The same people, one room, no room at all.
    for need in [RoomNeed.specific(rooms[2]), .notNeeded] {
      let request = SlotRequest(
        firstDay: "2026-10-01", lastDay: "2026-12-29", timeZone: jakarta, duration: 90 * 60,
        people: people, dayStart: ClockTime(hour: 8, minute: 30), step: 900, rooms: need,
        quorum: 0.4, holidays: holidays, limit: 5)
      #expect(try SlotFinder.suggest(request) == BruteForceSlotFinder.suggest(request))
    }
  }
}

/// A deterministic generator, so a random test is the same on every run (also the iTIP reader's
/// mutations).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The specification, written the slow and obvious way: every candidate against every interval.
private enum BruteForceSlotFinder {
  static func suggest(_ request: SlotRequest) -> SlotSuggestion {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = request.timeZone
    let headcount = request.people.count
    let required = request.people.filter(\.required)
    // Candidates.
    var day = DateTimeTextDay.start(request.firstDay, calendar)
    let last = DateTimeTextDay.start(request.lastDay, calendar)
    var starts: [Date] = []
    while day <= last {
      let weekday = calendar.component(.weekday, from: day)
      let holiday = request.holidays?.holiday(on: day, in: request.timeZone)
      if weekday != 1, weekday != 7, holiday == nil {
        let open = calendar.date(
          bySettingHour: request.dayStart.hour, minute: request.dayStart.minute, second: 0, of: day)!
        let close = calendar.date(
          bySettingHour: request.dayEnd.hour, minute: request.dayEnd.minute, second: 0, of: day)!
        var start = open
        while start.addingTimeInterval(request.duration) <= close {
          starts.append(start)
          start = start.addingTimeInterval(request.step)
        }
      }
      day = calendar.date(byAdding: .day, value: 1, to: day)!
    }
    func isFree(_ busy: [BusyInterval], _ start: Date, _ end: Date) -> Bool {
      !busy.contains { $0.start < $0.end && $0.start < end && start < $0.end }
    }
    var roomOrder: [SlotRoom]?
    switch request.rooms {
    case .notNeeded: roomOrder = nil
    case .specific(let room): roomOrder = [room]
    case .any(let rooms):
      roomOrder = rooms.filter { ($0.room.capacity ?? .max) >= headcount }.sorted {
        ($0.room.capacity ?? .max, $0.room.name, $0.room.id.rawValue)
          < ($1.room.capacity ?? .max, $1.room.name, $1.room.id.rawValue)
      }
    }
    let needed = Int((request.quorum * Double(required.count) - 1e-9).rounded(.up))
    var slots: [(slot: SuggestedSlot, optionalBusy: Int)] = []
    for start in starts where request.now.map({ start >= $0 }) ?? true {
      let end = start.addingTimeInterval(request.duration)
      var slot = SuggestedSlot(start: start, end: end, free: [], busy: [])
      if let roomOrder {
        guard let room = roomOrder.first(where: { isFree($0.busy, start, end) }) else { continue }
        slot.room = room.room
      }
      for person in request.people {
        let free = isFree(person.busy, start, end)
        if person.required {
          if free { slot.free.append(person.id) } else { slot.busy.append(person.id) }
        } else {
          if free {
            slot.optionalFree.append(person.id)
          } else {
            slot.optionalBusy.append(person.id)
          }
        }
      }
      if slot.free.count >= needed { slots.append((slot, slot.optionalBusy.count)) }
    }
    slots.sort {
      (-$0.slot.free.count, $0.optionalBusy, $0.slot.start.timeIntervalSinceReferenceDate)
        < (-$1.slot.free.count, $1.optionalBusy, $1.slot.start.timeIntervalSinceReferenceDate)
    }
    var picked: [SuggestedSlot] = []
    for (slot, _) in slots where picked.count < request.limit {
      if !picked.contains(where: { $0.start < slot.end && slot.start < $0.end }) {
        picked.append(slot)
      }
    }
    if picked.isEmpty {
      // Only the quorum can fail in these tests; the other reasons have their own tests.
      var best = 0
      for start in starts {
        let end = start.addingTimeInterval(request.duration)
        if let roomOrder, !roomOrder.contains(where: { isFree($0.busy, start, end) }) { continue }
        best = max(best, required.count { isFree($0.busy, start, end) })
      }
      return .noSlot(.quorumNotReached(bestFree: best, required: required.count, needed: needed))
    }
    return .found(picked)
  }
}

private enum DateTimeTextDay {
  static func start(_ day: String, _ calendar: Calendar) -> Date {
    calendar.startOfDay(for: try! DateTimeText.parse(day + "T12:00", in: calendar.timeZone))
  }
}
