import ArgumentParser
import PokjaCore

extension Pokja {
  /// `pokja remind --due`: sends every reminder that is due; for cron.
  struct Remind: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "remind",
      abstract: "Send the reminders that are due (run from cron every few minutes).",
      discussion: """
        A reminder is due once its time before the meeting has come and until the meeting starts. \
        A second run sends nothing new. Messages left queued by earlier failures are retried. \
        Exit status 75 means some messages wait for the next run.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Send the reminders due now (required: this command only sends what is due).")
    var due = false
    @Option(
      help: "Act as if it were this time (2026-12-07T09:30+07:00, or local in the configured zone)."
    )
    var now: String?
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func validate() throws {
      guard due else {
        throw ValidationError("Say --due: 'pokja remind --due' sends the reminders that are due.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      // --now only decides which reminders are due; queueing, leases and Date headers use the real clock.
      let dueAt =
        try now.map { text throws(InputError) in
          try Validate.field("--now") { () throws(InputError) in
            try DateTimeText.parse(text, in: services.config.timeZone)
          }
        } ?? environment.clock.now()
      // Unending series are planned years ahead; extend them before they run out.
      try services.scheduler.extendPlans()
      let report = try services.reminders.sendDue(at: dueAt)
      try services.report(report, noun: "reminder", json: output.json)
    }
  }
}
