import Foundation
import PokjaRecurrence
import Testing

/// A window far from DTSTART steps over the rule's periods before it (RecurrenceSet.occurrences
/// with `from`); it must give exactly what walking the whole series from DTSTART gives.
@Suite struct WindowSkipTests {
  @Test(arguments: [
    ("FREQ=YEARLY;INTERVAL=3;BYMONTH=3,10;BYDAY=-1SU", "Europe/Amsterdam"),
    ("FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO", "UTC"),
    ("FREQ=MONTHLY;INTERVAL=5;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "Asia/Jakarta"),
    ("FREQ=MONTHLY;BYMONTHDAY=31", "Asia/Makassar"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SU;WKST=SU", "America/New_York"),
    ("FREQ=DAILY;INTERVAL=11;BYMONTH=2,3", "Europe/Amsterdam"),
    ("FREQ=HOURLY;INTERVAL=7;BYHOUR=1,2,3,9", "America/New_York"),
    ("FREQ=MINUTELY;INTERVAL=97;BYDAY=SU", "Europe/Amsterdam"),
    ("FREQ=SECONDLY;INTERVAL=7919;BYMINUTE=0,1,2", "Asia/Jakarta"),
    ("FREQ=WEEKLY;UNTIL=20330101T000000Z;BYDAY=MO,FR", "Asia/Jayapura"),
  ])
  func aFarWindowGivesWhatTheWholeWalkGives(rule: String, timeZone: String) throws {
    let zone = TimeZone(identifier: timeZone)!
    let set = try RecurrenceSet(
      start: try LocalDateTime(parsing: "2021-01-04T09:30")!.date(in: zone), timeZone: zone,
      rule: try RecurrenceRule(parsing: rule))
    let from = try LocalDateTime(parsing: "2032-03-20T00:00")!.date(in: zone)
    let to = try LocalDateTime(parsing: "2034-01-10T00:00")!.date(in: zone)
    var walked: [String] = []
    for occurrence in set {
      if occurrence.date > to { break }
      if occurrence.date >= from { walked.append(occurrence.description) }
    }
    let windowed = set.occurrences(from: from, to: to).map(\.description)
    #expect(windowed == walked, "\(rule)")
    if !rule.contains("UNTIL") { #expect(!windowed.isEmpty, "\(rule)") }
  }
}
