import ArgumentParser
import Foundation
import PokjaCore

extension Pokja.PlanGroup {
  /// `pokja plan remind`: reminders to owners before the due day (for cron, daily).
  struct Remind: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "remind",
      abstract:
        "Remind the owners of open items before their due day, through the outbox (for cron).",
      discussion: """
        The owner organisation's focal point (else the kelompok's coordinator) gets a mail in \
        their language --before days ahead (14 and 1 unless given) and once when the item is \
        overdue. Each reminder goes once: run it daily. Done and dropped items get nothing.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Remind this long before the due day: 14d, 1d; repeat. (default: 14d and 1d)")
    var before: [String] = []
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let offsets = try (before.isEmpty ? ["14d", "1d"] : before).map { text -> Int in
        let span = try Validate.field("--before") { () throws(InputError) in
          try TimeSpan(parsing: text)
        }
        guard span.seconds % 86_400 == 0, span.seconds > 0 else {
          throw ValidationError("--before \(text): give whole days, such as 14d or 1d.")
        }
        return span.seconds / 86_400
      }
      let services = try Services(global, environment, dryRun: dryRun)
      let (report, unreachable) = try services.planReminders.send(before: offsets)
      for missing in unreachable {
        services.console.error(
          "warning: item \(missing.item.id) '\(missing.item.title)' has nobody to remind: give it an --owner with a focal point, or its kelompok a --coordinator."
        )
      }
      try services.report(report, noun: "plan reminder", json: output.json)
    }
  }
}
