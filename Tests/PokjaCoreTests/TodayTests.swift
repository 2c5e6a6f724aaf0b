import Foundation
import PokjaCore
import Testing

@Suite struct TodayTests {
  @Test func theDayIsTheClocksDayInTheZone() throws {
    let clock = FixedClock(try Date("2026-06-30T20:00:00Z", strategy: .iso8601))
    #expect(
      Today(clock: clock, timeZone: TimeZone(identifier: "Asia/Jakarta")!).day == "2026-07-01")
    #expect(Today(clock: clock, timeZone: TimeZone(identifier: "Etc/UTC")!).day == "2026-06-30")
    #expect(
      Today(clock: clock, timeZone: TimeZone(identifier: "America/Los_Angeles")!).day
        == "2026-06-30")
    #expect(
      Today(clock: clock, timeZone: TimeZone(identifier: "Pacific/Kiritimati")!).day
        == "2026-07-01")
  }

  @Test func theDayIsWorkedOutAgainWhenTheInstantLeavesIt() throws {
    let today = Today(clock: SystemClock(), timeZone: TimeZone(identifier: "Asia/Jakarta")!)
    for (instant, day) in [
      ("2026-06-30T16:59:59Z", "2026-06-30"), ("2026-06-30T17:00:00Z", "2026-07-01"),
      ("2026-06-30T16:00:00Z", "2026-06-30"), ("2026-07-01T16:59:59Z", "2026-07-01"),
    ] {
      #expect(today.day(of: try Date(instant, strategy: .iso8601)) == day, "\(instant)")
    }
  }

  @Test func daysTheClocksChangeEndAtLocalMidnight() throws {
    // New York springs forward on 8 March 2026 and falls back on 1 November.
    let today = Today(clock: SystemClock(), timeZone: TimeZone(identifier: "America/New_York")!)
    let cases = [
      ("2026-03-08T04:59:59Z", "2026-03-07"), ("2026-03-08T05:00:00Z", "2026-03-08"),
      ("2026-03-08T12:00:00Z", "2026-03-08"), ("2026-03-09T03:59:59Z", "2026-03-08"),
      ("2026-03-09T04:00:00Z", "2026-03-09"), ("2026-11-01T03:59:59Z", "2026-10-31"),
      ("2026-11-01T04:00:00Z", "2026-11-01"), ("2026-11-02T04:59:59Z", "2026-11-01"),
      ("2026-11-02T05:00:00Z", "2026-11-02"), ("2026-03-08T04:59:59Z", "2026-03-07"),
    ]
    for (instant, day) in cases {
      #expect(today.day(of: try Date(instant, strategy: .iso8601)) == day, "\(instant)")
    }
  }
}
