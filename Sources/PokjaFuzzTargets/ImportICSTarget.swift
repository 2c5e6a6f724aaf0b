import Foundation
import PokjaCore
import PokjaRecurrence
import PokjaScheduling

/// `pokja meeting import-ics`'s reader: events, series and their changed occurrences, time zones,
/// RRULE, RDATE and EXDATE, from exports of every calendar program; then the first occurrences of
/// each series, as the import and the agenda expand them.
enum ImportICSTarget {
  static let target = FuzzTarget(
    "import-ics", "import-ics: events and series from another program's .ics export", run)

  private static let jakarta = IndonesianTimeZone.wib.timeZone

  static func run(_ input: Data) throws(FuzzFinding) {
    guard
      let contents = try? CalendarFileReader.read(
        input.text, file: "fuzz.ics", defaultTimeZone: jakarta)
    else { return }
    for series in contents.series {
      let master = series.master
      try expect(!master.uid.isEmpty, "an imported event without UID (line \(master.line))")
      guard let text = master.rrule else { continue }
      guard let rule = try? RecurrenceRule(parsing: text),
        let set = try? RecurrenceSet(
          start: master.start, timeZone: master.timeZone, rule: rule, rdates: master.rdates,
          exdates: master.exdates)
      else { continue }
      var previous: Occurrence?
      for occurrence in set.occurrences(limit: 20) {
        if let previous {
          try expect(
            previous.date < occurrence.date,
            "occurrences out of order: \(previous) then \(occurrence) for \(text)")
        }
        previous = occurrence
      }
    }
  }
}
