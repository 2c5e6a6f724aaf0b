import ArgumentParser
import PokjaCore

extension Pokja.OutboxGroup {
  /// `pokja outbox send`: delivers every message that is due.
  struct Send: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "send",
      abstract: "Deliver the messages that are due (for cron; 'remind --due' does this too).",
      discussion: """
        Any number of runs at once never deliver one message twice: each claims its messages under \
        a lease, and [smtp] rate_limit holds for all of them together. Exit status 75 means some \
        messages wait for a retry (not those another run is sending); 69 that the server refused \
        us (login, TLS) or could not be reached; 65 that a message was refused for good.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Show who would get what, and when; change and send nothing.") var dryRun = false

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, dryRun: dryRun)
      let report = try services.outbox().send([], meeting: nil)
      try services.report(report, noun: "message", json: output.json)
    }
  }
}
