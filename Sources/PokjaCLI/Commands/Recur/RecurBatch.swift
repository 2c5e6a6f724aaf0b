import ArgumentParser
import Foundation
import PokjaCore
import PokjaRecurrence

extension Pokja.RecurGroup {
  /// `pokja recur batch FILE`: expands many rules in one process, for benchmarks and bulk checks.
  struct Batch: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "batch",
      abstract:
        "Expand many rules from a JSON-lines file and print a digest of each (for benchmarks).",
      discussion: """
        Each input line is {"start": "2026-01-05T09:00", "tz": "Asia/Jakarta", "rule": "FREQ=…", \
        "limit": 1000}. For each, prints {"count": N, "digest": "…"}, where the digest is FNV-1a \
        (64 bit, hex) over the local times joined by newlines (2026-01-05T09:00:00), so another \
        implementation can check it produced the same occurrences. The last line gives the time \
        spent expanding the rules into occurrences (not reading, formatting or printing), best of \
        --repeat rounds.
        """,
      shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The JSON-lines file of rules.") var file: String
    @Option(
      name: .customLong("repeat"),
      help: "Expand everything this many times; the fastest round is reported.")
    var rounds = 1
    @Option(
      name: .customLong("max"),
      help: "Refuse a line whose limit is above this.")
    var maximum = Expand.defaultMaximum

    struct Case: Decodable {
      let start: String
      let tz: String
      let rule: String
      let limit: Int
    }

    func validate() throws {
      if rounds < 1 { throw ValidationError("--repeat must be at least 1.") }
      if maximum < 1 { throw ValidationError("--max must be at least 1.") }
    }

    func run(in environment: AppEnvironment) throws {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw ImportFileError.unreadable(file)
      }
      var sets: [(RecurrenceSet, Int)] = []
      for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated()
      where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        let item: Case
        do {
          item = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
        } catch {
          throw ValidationError("\(file):\(index + 1): not a rule line: \(error)")
        }
        // Each line's occurrences are held (that is what is timed): bounded like `recur expand`.
        guard (1...maximum).contains(item.limit) else {
          throw ExpansionLimitError.lineLimit(
            file: file, line: index + 1, limit: item.limit, maximum: maximum)
        }
        let zone = try RecurrenceSet.timeZone(named: item.tz)
        guard let local = LocalDateTime(parsing: item.start) else {
          throw ValidationError("\(file):\(index + 1): start '\(item.start)' is not a date-time")
        }
        sets.append(
          (
            try RecurrenceSet(
              start: try local.date(in: zone), timeZone: zone,
              rule: try RecurrenceRule(parsing: item.rule)),
            item.limit
          ))
      }
      // Timed: expanding each rule into its occurrences (instants with their wall-clock times).
      // Not timed: formatting them and the digest, done once after the fastest round.
      var best = Duration.seconds(1_000_000)
      var expanded: [[Occurrence]] = []
      let clock = ContinuousClock()
      for _ in 0..<rounds {
        var round: [[Occurrence]] = []
        round.reserveCapacity(sets.count)
        let elapsed = clock.measure {
          for (set, limit) in sets {
            round.append(Array(set.occurrences(limit: limit)))
          }
        }
        best = min(best, elapsed)
        expanded = round
      }
      let results = expanded.map { occurrences -> (Int, UInt64) in
        var digest = FNV1a()
        for (index, occurrence) in occurrences.enumerated() {
          if index > 0 { digest.add(10) }
          digest.add(occurrence.local.description)
        }
        return (occurrences.count, digest.value)
      }
      let console = environment.console
      for (count, digest) in results {
        console.write("{\"count\":\(count),\"digest\":\"\(String(digest, radix: 16))\"}")
      }
      let seconds =
        Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
      let total = results.reduce(0) { $0 + $1.0 }
      console.write(
        "{\"rules\":\(results.count),\"occurrences\":\(total),\"seconds\":\(seconds)}")
    }
  }
}
