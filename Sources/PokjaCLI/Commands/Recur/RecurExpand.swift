import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications
import PokjaRecurrence
import PokjaScheduling

extension Pokja.RecurGroup {
  /// `pokja recur expand`: lists the occurrences of a recurrence rule.
  struct Expand: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "expand",
      abstract: "List the occurrences of a recurrence rule.",
      discussion: """
        Times are wall-clock times in --tz, and the rule keeps to the wall clock across \
        daylight-saving changes: a time the clocks skip moves forward by the gap, a time that \
        happens twice is the first. The start is always the first occurrence, even on a day or at \
        a time the rule does not give, and it counts as the first of COUNT (RFC 5545). Needs no \
        database.

        A list longer than --max occurrences (100000 unless given) is refused before anything is \
        printed; the list is written as it is worked out, so a long one takes no more memory than a \
        short one.

        Example: pokja recur expand --start 2026-01-05T09:00 --rule "FREQ=MONTHLY;BYDAY=1MO" --json
        """)

    /// How many occurrences are listed when nothing else ends the series.
    static let defaultLimit = 100
    /// The most occurrences listed unless `--max` says otherwise.
    static let defaultMaximum = 100_000

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
    @Option(
      name: .customLong("max"),
      help:
        "Refuse to list more than this many occurrences: COUNT=2000000000 or a secondly rule to 9999 is an error, not hours of output."
    )
    var maximum = defaultMaximum

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
      if maximum < 1 { throw ValidationError("--max must be at least 1.") }
    }

    func run(in environment: AppEnvironment) throws {
      let zone = try timeZone(environment)
      let parsedRule = try rule.map { try RecurrenceRule(parsing: $0) }
      let first = try instant(start, option: "--start", in: zone, dateAlone: .startOfDay)
      let startTime = LocalDateTime(first, in: zone)
      let day = DateAlone.seriesTime(of: first, in: zone)
      let set = try RecurrenceSet(
        start: first, timeZone: zone, rule: parsedRule,
        rdates: try rdate.map { try instant($0, option: "--rdate", in: zone, dateAlone: day) },
        exdates: try exdate.map { try instant($0, option: "--exdate", in: zone, dateAlone: day) })
      let last = try until.map {
        try instant($0, option: "--until", in: zone, dateAlone: .endOfDay)
      }

      let ends = parsedRule.map { $0.count != nil || $0.until != nil } ?? true
      let cap = limit ?? (ends || last != nil ? nil : Self.defaultLimit)
      let console = environment.console
      let aligned = !output.json && !output.csv && console.width != nil
      // First pass: how many there are (one more than asked for tells whether the list was cut
      // short; one more than --max that it is too long) and, for a terminal, how wide each column
      // gets. Nothing is kept, so memory does not grow with the list.
      let wanted = min(cap ?? Int.max, maximum)
      var count = 0
      var widest = [0, 0, 0, 0]
      for occurrence in set.occurrences(to: last, limit: wanted < Int.max ? wanted + 1 : nil) {
        count += 1
        if aligned, count <= wanted {
          for (index, cell) in row(count, occurrence, in: zone).enumerated() {
            widest[index] = max(widest[index], Table.displayWidth(cell))
          }
        }
      }
      if count > maximum, (cap ?? Int.max) > maximum {
        throw ExpansionLimitError.tooManyOccurrences(limit: maximum)
      }
      let cut = cap.map { count > $0 } ?? false
      let listed = min(count, wanted)

      // Second pass: the same occurrences again, written as they come.
      let occurrences = set.occurrences(to: last, limit: listed)
      if output.json {
        guard listed > 0 else { return console.write(JSONOutput.encode([String]())) }
        var text = "["
        for (index, occurrence) in occurrences.enumerated() {
          // Local times hold only digits, '-', ':' and 'T': nothing to escape.
          text += (index == 0 ? "\n  \"" : ",\n  \"") + occurrence.local.description + "\""
          if text.utf8.count >= 1 << 16 {
            console.writeRaw(text)
            text = ""
          }
        }
        console.writeRaw(text + "\n]\n")
      } else if listed == 0 && !output.csv {
        console.write("No occurrences: the rule gives none from \(startTime.description).")
      } else {
        var table = TableStream(
          Table([
            .init("#"), .init("Local time"), .init("Hari", flexible: true),
            .init("Day", flexible: true),
          ]), csv: output.csv, widest: widest, to: console)
        for (index, occurrence) in occurrences.enumerated() {
          table.add(row(index + 1, occurrence, in: zone))
        }
        table.finish()
      }
      if cut && limit == nil {
        console.error(
          "Showing the first \(Self.defaultLimit) occurrences: the rule has no COUNT or UNTIL. "
            + "Use --limit N or --until DATE for more.")
      }
    }

    /// One line of the table: number, local time, the day in Indonesian and in English.
    private func row(_ number: Int, _ occurrence: Occurrence, in zone: TimeZone) -> [String] {
      let date = occurrence.date
      return [
        String(number), Self.display(occurrence, in: zone),
        LocalizedDate.day(date, in: zone, language: .indonesian),
        LocalizedDate.day(date, in: zone, language: .english),
      ]
    }

    /// `--tz`, else the configured zone (the config file need not exist: then Asia/Jakarta).
    private func timeZone(_ environment: AppEnvironment) throws -> TimeZone {
      if let tz { return try RecurrenceSet.timeZone(named: tz) }
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      return try PokjaConfig.load(path: paths.config, variables: environment.variables).timeZone
    }

    /// A wall-clock time in `zone` (refused when the clocks skip it), or a time with an offset;
    /// a date alone means what `dateAlone` says (the rule `meeting add` follows too).
    private func instant(
      _ text: String, option: String, in zone: TimeZone, dateAlone: DateAlone
    ) throws -> Date {
      if let date = try dateAlone.instant(text, in: zone) { return date }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      guard let local = LocalDateTime(parsing: trimmed) else {
        // An explicit offset or Z: an instant, whatever the zone.
        return try Validate.field(option) { () throws(InputError) in
          try DateTimeText.parse(trimmed, in: zone)
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

/// A list the user asked for that is longer than the command's limit.
enum ExpansionLimitError: Error, UserFacingError {
  case tooManyOccurrences(limit: Int)
  /// A `recur batch` line whose `limit` is below 1 or above `--max`.
  case lineLimit(file: String, line: Int, limit: Int, maximum: Int)

  var exitStatus: ExitStatus { .dataError }

  var errorDescription: String? {
    switch self {
    case .tooManyOccurrences(let limit):
      "The rule gives more than \(limit) occurrences here, the most 'recur expand' lists; end the list sooner with --until DATE or --limit N, or raise the limit with --max N."
    case .lineLimit(let file, let line, let limit, let maximum):
      "\(file):\(line): limit \(limit) is not from 1 to \(maximum); lower it, or raise the most with --max N."
    }
  }
}
