import Foundation
import PokjaRecurrence
import Testing

/// The examples of RFC 5545 §3.8.5.3, with the dates the RFC lists. DTSTART is in
/// America/New_York, as there; the times stay at 09:00 local across the October change.
@Suite struct RFC5545ExampleTests {
  @Test func dailyForTenOccurrences() throws {
    #expect(
      try expand("FREQ=DAILY;COUNT=10", start: "1997-09-02T09:00")
        == at("09:00:00", (2...11).map { String(format: "1997-09-%02d", $0) }))
  }

  @Test func dailyUntilDecember24() throws {
    let days = try expand("FREQ=DAILY;UNTIL=19971224T000000Z", start: "1997-09-02T09:00")
    #expect(days.count == 113)
    #expect(days.first == "1997-09-02T09:00:00")
    #expect(days.last == "1997-12-23T09:00:00")
    // 09:00 EDT before 26 October, 09:00 EST after: the wall clock does not move.
    #expect(days.allSatisfy { $0.hasSuffix("T09:00:00") })
  }

  @Test func everyOtherDay() throws {
    let days = try expand("FREQ=DAILY;INTERVAL=2", start: "1997-09-02T09:00", limit: 5)
    #expect(
      days
        == at("09:00:00", ["1997-09-02", "1997-09-04", "1997-09-06", "1997-09-08", "1997-09-10"]))
  }

  @Test func everyTenDaysFiveTimes() throws {
    #expect(
      try expand("FREQ=DAILY;INTERVAL=10;COUNT=5", start: "1997-09-02T09:00")
        == at("09:00:00", ["1997-09-02", "1997-09-12", "1997-09-22", "1997-10-02", "1997-10-12"]))
  }

  @Test func everyDayInJanuaryForThreeYearsTwoWays() throws {
    let yearly = try expand(
      "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
      start: "1998-01-01T09:00")
    let daily = try expand("FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", start: "1998-01-01T09:00")
    let expected = [1998, 1999, 2000].flatMap { year in
      (1...31).map { String(format: "%d-01-%02dT09:00:00", year, $0) }
    }
    #expect(yearly == expected)
    #expect(daily == expected)
  }

  @Test func weeklyForTenOccurrences() throws {
    #expect(
      try expand("FREQ=WEEKLY;COUNT=10", start: "1997-09-02T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-02", "1997-09-09", "1997-09-16", "1997-09-23", "1997-09-30", "1997-10-07",
            "1997-10-14", "1997-10-21", "1997-10-28", "1997-11-04",
          ]))
  }

  @Test func everyOtherWeekForever() throws {
    #expect(
      try expand("FREQ=WEEKLY;INTERVAL=2;WKST=SU", start: "1997-09-02T09:00", limit: 13)
        == at(
          "09:00:00",
          [
            "1997-09-02", "1997-09-16", "1997-09-30", "1997-10-14", "1997-10-28", "1997-11-11",
            "1997-11-25", "1997-12-09", "1997-12-23", "1998-01-06", "1998-01-20", "1998-02-03",
            "1998-02-17",
          ]))
  }

  @Test func tuesdaysAndThursdaysForFiveWeeksByUntilOrCount() throws {
    let expected = at(
      "09:00:00",
      [
        "1997-09-02", "1997-09-04", "1997-09-09", "1997-09-11", "1997-09-16", "1997-09-18",
        "1997-09-23", "1997-09-25", "1997-09-30", "1997-10-02",
      ])
    #expect(
      try expand(
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", start: "1997-09-02T09:00")
        == expected)
    #expect(
      try expand("FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", start: "1997-09-02T09:00") == expected)
  }

  @Test func everyOtherWeekOnMondayWednesdayFriday() throws {
    #expect(
      try expand(
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
        start: "1997-09-01T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-01", "1997-09-03", "1997-09-05", "1997-09-15", "1997-09-17", "1997-09-19",
            "1997-09-29", "1997-10-01", "1997-10-03", "1997-10-13", "1997-10-15", "1997-10-17",
            "1997-10-27", "1997-10-29", "1997-10-31", "1997-11-10", "1997-11-12", "1997-11-14",
            "1997-11-24", "1997-11-26", "1997-11-28", "1997-12-08", "1997-12-10", "1997-12-12",
            "1997-12-22",
          ]))
  }

  @Test func monthlyOnTheFirstFriday() throws {
    #expect(
      try expand("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", start: "1997-09-05T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02", "1998-02-06",
            "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05",
          ]))
    #expect(
      try expand("FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", start: "1997-09-05T09:00")
        == at("09:00:00", ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"]))
  }

  @Test func everyOtherMonthOnTheFirstAndLastSunday() throws {
    #expect(
      try expand("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", start: "1997-09-07T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04", "1998-01-25",
            "1998-03-01", "1998-03-29", "1998-05-03", "1998-05-31",
          ]))
  }

  @Test func theSecondToLastMonday() throws {
    #expect(
      try expand("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", start: "1997-09-22T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16",
          ]))
  }

  @Test func theThirdToLastDayOfTheMonth() throws {
    #expect(
      try expand("FREQ=MONTHLY;BYMONTHDAY=-3", start: "1997-09-28T09:00", limit: 6)
        == at(
          "09:00:00",
          [
            "1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26",
          ]))
  }

  @Test func theFirstAndLastDayOfTheMonth() throws {
    #expect(
      try expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", start: "1997-09-30T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-30", "1997-10-01", "1997-10-31", "1997-11-01", "1997-11-30", "1997-12-01",
            "1997-12-31", "1998-01-01", "1998-01-31", "1998-02-01",
          ]))
  }

  @Test func theLastDayOfTheMonth() throws {
    #expect(
      try expand(
        "FREQ=MONTHLY;COUNT=4;BYMONTHDAY=-1", start: "2024-01-31T17:00", in: "Asia/Jakarta")
        == at("17:00:00", ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]))
  }

  @Test func everyEighteenMonthsOnTheTenthToFifteenth() throws {
    #expect(
      try expand(
        "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", start: "1997-09-10T09:00")
        == at(
          "09:00:00",
          [
            "1997-09-10", "1997-09-11", "1997-09-12", "1997-09-13", "1997-09-14", "1997-09-15",
            "1999-03-10", "1999-03-11", "1999-03-12", "1999-03-13",
          ]))
  }

  @Test func yearlyInJuneAndJuly() throws {
    #expect(
      try expand("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", start: "1997-06-10T09:00")
        == at(
          "09:00:00",
          [
            "1997-06-10", "1997-07-10", "1998-06-10", "1998-07-10", "1999-06-10", "1999-07-10",
            "2000-06-10", "2000-07-10", "2001-06-10", "2001-07-10",
          ]))
  }

  @Test func everyThirdYearOnThe1st100thAnd200thDay() throws {
    #expect(
      try expand("FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", start: "1997-01-01T09:00")
        == at(
          "09:00:00",
          [
            "1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09", "2000-07-18",
            "2003-01-01", "2003-04-10", "2003-07-19", "2006-01-01",
          ]))
  }

  @Test func everyTwentiethMondayOfTheYear() throws {
    #expect(
      try expand("FREQ=YEARLY;BYDAY=20MO", start: "1997-05-19T09:00", limit: 3)
        == at("09:00:00", ["1997-05-19", "1998-05-18", "1999-05-17"]))
  }

  @Test func mondayOfWeekTwenty() throws {
    #expect(
      try expand("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", start: "1997-05-12T09:00", limit: 3)
        == at("09:00:00", ["1997-05-12", "1998-05-11", "1999-05-17"]))
  }

  @Test func everyThursdayInMarch() throws {
    #expect(
      try expand("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", start: "1997-03-13T09:00", limit: 11)
        == at(
          "09:00:00",
          [
            "1997-03-13", "1997-03-20", "1997-03-27", "1998-03-05", "1998-03-12", "1998-03-19",
            "1998-03-26", "1999-03-04", "1999-03-11", "1999-03-18", "1999-03-25",
          ]))
  }

  @Test func everyFridayTheThirteenth() throws {
    // DTSTART (a Tuesday) is an instance though the rule does not give it, so the RFC adds
    // EXDATE:19970902T090000 to leave it out.
    #expect(
      try expand(
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "1997-09-02T09:00", limit: 5,
        exdates: ["1997-09-02T09:00"])
        == at("09:00:00", ["1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"]))
  }

  @Test func theFirstSaturdayAfterTheFirstSunday() throws {
    #expect(
      try expand(
        "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", start: "1997-09-13T09:00", limit: 10)
        == at(
          "09:00:00",
          [
            "1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10", "1998-02-07",
            "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13",
          ]))
  }

  @Test func usPresidentialElectionDay() throws {
    #expect(
      try expand(
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        start: "1996-11-05T09:00", limit: 3)
        == at("09:00:00", ["1996-11-05", "2000-11-07", "2004-11-02"]))
  }

  @Test func theThirdInstanceOfTuesdayWednesdayOrThursday() throws {
    #expect(
      try expand("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", start: "1997-09-04T09:00")
        == at("09:00:00", ["1997-09-04", "1997-10-07", "1997-11-06"]))
  }

  @Test func theSecondToLastWeekdayOfTheMonth() throws {
    #expect(
      try expand(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", start: "1997-09-29T09:00", limit: 7)
        == at(
          "09:00:00",
          [
            "1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29", "1998-02-26",
            "1998-03-30",
          ]))
  }

  @Test func everyThreeHoursUntilAnInstant() throws {
    // The RFC lists 09:00, 12:00 and 15:00 for "from 9:00 AM to 5:00 PM", but its UNTIL is
    // 17:00Z, which is 13:00 EDT: 15:00 EDT (19:00Z) is after it. Taken as written (as dateutil
    // also takes it) the series ends at 12:00.
    #expect(
      try expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", start: "1997-09-02T09:00")
        == ["1997-09-02T09:00:00", "1997-09-02T12:00:00"])
    #expect(
      try expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z", start: "1997-09-02T09:00")
        == ["1997-09-02T09:00:00", "1997-09-02T12:00:00", "1997-09-02T15:00:00"])
  }

  @Test func everyFifteenMinutesSixTimes() throws {
    #expect(
      try expand("FREQ=MINUTELY;INTERVAL=15;COUNT=6", start: "1997-09-02T09:00")
        == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"].map { "1997-09-02T\($0):00" })
  }

  @Test func everyHourAndAHalfFourTimes() throws {
    #expect(
      try expand("FREQ=MINUTELY;INTERVAL=90;COUNT=4", start: "1997-09-02T09:00")
        == ["09:00", "10:30", "12:00", "13:30"].map { "1997-09-02T\($0):00" })
  }

  @Test func everyTwentyMinutesFromNineToFourFortyTwoWays() throws {
    let daily = try expand(
      "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", start: "1997-09-02T09:00",
      limit: 48)
    let minutely = try expand(
      "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", start: "1997-09-02T09:00",
      limit: 48)
    let oneDay = (9...16).flatMap { hour in
      [0, 20, 40].map { String(format: "%02d:%02d:00", hour, $0) }
    }
    #expect(daily == oneDay.map { "1997-09-02T\($0)" } + oneDay.map { "1997-09-03T\($0)" })
    #expect(minutely == daily)
  }

  @Test func weekStartChangesWhichTuesdaysAndSundaysAreTaken() throws {
    #expect(
      try expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "1997-08-05T09:00")
        == at("09:00:00", ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]))
    #expect(
      try expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "1997-08-05T09:00")
        == at("09:00:00", ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]))
  }

  @Test func anInvalidDateIsSkippedNotRolledOver() throws {
    #expect(
      try expand("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", start: "2007-01-15T09:00")
        == at("09:00:00", ["2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15", "2007-03-30"]))
  }
}
