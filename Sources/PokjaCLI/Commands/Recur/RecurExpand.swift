import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaRecurrence

extension Pokja.RecurGroup {
  /// `pokja recur expand`: lists the occurrences of a recurrence rule.
  struct Expand: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "expand",
      abstract: "List the occurrences of a recurrence rule.",
      discussion: """
        Times are wall-clock times in --tz, and the rule keeps to the wall clock across \
        daylight-saving changes: a time the clocks skip moves forward by the gap, a time that \
        happens twice is the first. The start is an occurrence only when it matches the rule (as \
        RFC 5545 and python-dateutil count it). Needs no database.

        Example: pokja recur expand --start 2026-01-05T09:00 --rule "FREQ=MONTHLY;BYDAY=1MO" --json
        """)

    /// How many occurrences are listed when nothing else ends the series.
    static let defaultLimit = 100

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(
      help: ArgumentHelp(
        "The first occurrence (DTSTART), wall-clock time in --tz: 2026-01-05T09:00.",
        valueName: "date-time"))
    var start: String
    @Option(
      help:
        "Time zone: an IANA name (Asia/Jakarta, Europe/Amsterdam) or WIB, WITA, WIT (default: the configured zone, else Asia/Jakarta)."
    )
    var tz: String?
    @Option(help: "The rule (RRULE), e.g. \"FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10\".") var rule: String?
    @Option(
      help: ArgumentHelp(
        "Leave out this occurrence (EXDATE); repeat for several. A date alone means the start's time on that day.",
        valueName: "date-time"))
    var exdate: [String] = []
    @Option(
      help: ArgumentHelp(
        "Add this occurrence (RDATE); repeat for several. A date alone means the start's time on that day.",
        valueName: "date-time"))
    var rdate: [String] = []
    @Option(
      help:
        "At most this many occurrences (default \(defaultLimit) when neither the rule's COUNT or UNTIL nor --until ends the series)."
    )
    var limit: Int?
    @Option(
      help: ArgumentHelp(
        "List occurrences up to this wall-clock time, inclusive; a date alone means the end of that day.",
        valueName: "date-time"))
    var until: String?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run(in environment: AppEnvironment) throws {
      let zone = try timeZone(environment)
      let parsedRule = try rule.map { try RecurrenceRule(parsing: $0) }
      let first = try instant(start, option: "--start", in: zone)
      let startTime = LocalDateTime(first, in: zone)
      let set = try RecurrenceSet(
        start: first, timeZone: zone, rule: parsedRule,
        rdates: try rdate.map { try instant($0, option: "--rdate", in: zone, dayAt: startTime) },
        exdates: try exdate.map { try instant($0, option: "--exdate", in: zone, dayAt: startTime) })
      let last = try until.map { try instant($0, option: "--until", in: zone, endOfDay: true) }

      let ends = parsedRule.map { $0.count != nil || $0.until != nil } ?? true
      let cap = limit ?? (ends || last != nil ? nil : Self.defaultLimit)
      // One more than asked for tells whether the list was cut short.
      var occurrences = Array(set.occurrences(to: last, limit: cap.map { $0 + 1 }))
      let cut = cap.map { occurrences.count > $0 } ?? false
      if cut { occurrences.removeLast() }

      let console = environment.console
      if output.json {
        console.write(JSONOutput.encode(occurrences.map(\.local.description)))
      } else if occurrences.isEmpty && !output.csv {
        console.write("No occurrences: the rule gives none from \(startTime.description).")
      } else {
        var table = Table([
          .init("#"), .init("Local time"), .init("Hari", flexible: true),
          .init("Day", flexible: true),
        ])
        for (index, occurrence) in occurrences.enumerated() {
          let date = occurrence.date
          table.add([
            String(index + 1), Self.display(occurrence, in: zone),
            LocalizedDate.day(date, in: zone, language: .indonesian),
            LocalizedDate.day(date, in: zone, language: .english),
          ])
        }
        output.write(table, to: console)
      }
      if cut && limit == nil {
        console.error(
          "Showing the first \(Self.defaultLimit) occurrences: the rule has no COUNT or UNTIL. "
            + "Use --limit N or --until DATE for more.")
      }
    }

    /// `--tz`, else the configured zone (the config file need not exist: then Asia/Jakarta).
    private func timeZone(_ environment: AppEnvironment) throws -> TimeZone {
      if let tz { return try RecurrenceSet.timeZone(named: tz) }
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      return try PokjaConfig.load(path: paths.config, variables: environment.variables).timeZone
    }

    /// A wall-clock time in `zone` (refused when the clocks skip it), or a time with an offset.
    /// A date alone is `dayAt`'s time that day, the end of the day, or midnight.
    private func instant(
      _ text: String, option: String, in zone: TimeZone, dayAt: LocalDateTime? = nil,
      endOfDay: Bool = false
    ) throws -> Date {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      guard var local = LocalDateTime(parsing: trimmed) else {
        // An explicit offset or Z: an instant, whatever the zone.
        return try Validate.field(option) { () throws(InputError) in
          try DateTimeText.parse(trimmed, in: zone)
        }
      }
      if trimmed.count == 10 {
        if endOfDay {
          local =
            LocalDateTime(
              year: local.year, month: local.month, day: local.day, hour: 23, minute: 59,
              second: 59) ?? local
        } else if let dayAt {
          local =
            LocalDateTime(
              year: local.year, month: local.month, day: local.day, hour: dayAt.hour,
              minute: dayAt.minute, second: dayAt.second) ?? local
        }
      }
      return try local.date(in: zone)
    }

    /// `2026-01-05 09:00 WIB`, with seconds when they are not zero.
    private static func display(_ occurrence: Occurrence, in zone: TimeZone) -> String {
      let local = occurrence.local
      let text = local.description.replacingOccurrences(of: "T", with: " ")
      let shown = local.second == 0 ? String(text.dropLast(3)) : text
      return shown + " " + zone.displayAbbreviation(at: occurrence.date)
    }
  }
}
