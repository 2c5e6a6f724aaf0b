import ArgumentParser
import Foundation
import PokjaCore
import PokjaScheduling

extension Pokja {
  /// `pokja cron`: a crontab block for the reminders, the outbox and the daily invitations.
  struct Cron: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "cron",
      abstract:
        "Print a crontab block: reminders and the outbox every 5 minutes, invitations daily.",
      discussion: """
        Paste it into 'crontab -e' as the user who runs pokja. Paths are absolute (this pokja, the \
        database, the configuration); output goes to a log file. Runs may overlap safely: every \
        message is claimed under a lease, so none is sent twice. Creates the log's folder.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Minutes between reminder/outbox runs (1–30).") var every = 5
    @Option(help: "When to invite to upcoming occurrences each day (HH:MM).") var daily = "06:00"
    @Option(help: "How far ahead the daily run invites (14d).") var within = "14d"
    @Option(help: "The log file (default: $XDG_STATE_HOME/pokja/pokja.log, ~/.local/state/...).")
    var log: String?
    @Option(
      help: "A file to source first, holding 'export VAR=…' lines for webhook secrets (chmod 600)."
    )
    var secretsFile: String?

    func validate() throws {
      guard (1...30).contains(every) else { throw ValidationError("--every is 1 to 30 minutes.") }
    }

    func run(in environment: AppEnvironment) throws {
      let variables = environment.variables
      let paths = Paths(databaseOption: global.db, variables: variables)
      let clock = try Self.clock(daily)
      _ = try Validate.field("--within") { () throws(InputError) in try TimeSpan(parsing: within) }
      guard
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path,
        executable.hasSuffix("/pokja")
      else {
        throw ValidationError("Run 'pokja cron' from the installed pokja binary.")
      }
      let userHome = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
      let stateHome =
        variables["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        ?? userHome + "/.local/state"
      let logFile = log.map { Paths.expand($0, variables) } ?? stateHome + "/pokja/pokja.log"
      try? FileManager.default.createDirectory(
        atPath: (logFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      let secrets = secretsFile.map { Paths.expand($0, variables) }
      let lines = Self.block(
        executable: executable, paths: paths, config: paths.config, every: every,
        daily: clock, within: within, logFile: logFile, secretsFile: secrets,
        date: environment.clock.now(),
        configExists: FileManager.default.fileExists(atPath: paths.config))
      environment.console.write(lines.joined(separator: "\n"))
    }

    /// `06:00` as (hour, minute).
    static func clock(_ text: String) throws -> (Int, Int) {
      let parts = text.split(separator: ":").compactMap { Int($0) }
      guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
        throw ValidationError("--daily '\(text)': write the time as HH:MM, e.g. 06:00.")
      }
      return (parts[0], parts[1])
    }

    /// The crontab lines. Values are single-quoted for /bin/sh, which cron runs them with.
    static func block(
      executable: String, paths: Paths, config: String, every: Int, daily: (Int, Int),
      within: String, logFile: String, secretsFile: String?, date: Date, configExists: Bool
    ) -> [String] {
      // Single quotes for /bin/sh; `%` is a newline to cron unless escaped.
      let quote = { (text: String) in
        ("'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'")
          .replacingOccurrences(of: "%", with: "\\%")
      }
      let pokja = quote(executable)
      let output = ">> \(quote(logFile)) 2>&1"
      let prefix = secretsFile.map { ". \(quote($0)) && " } ?? ""
      var lines = [
        "# Pokja's jobs, from 'pokja cron' (\(LocalTime.iso(date, in: TimeZone.current).prefix(10))).",
        "# Install: crontab -e, then paste; or: pokja cron | crontab -   (replaces the whole crontab)",
        "# Runs may overlap safely: messages are claimed under a lease, none is sent twice.",
        "# Each run writes the time, then what it did, to the log; rotate it with logrotate (docs/guide-ops.md).",
        "# The SMTP password belongs in [smtp] password_file (chmod 600), never in this file.",
      ]
      if secretsFile == nil {
        lines.append(
          "# Webhook secrets (channel add --secret-env VAR): add --secrets-file FILE with 'export VAR=…'."
        )
      }
      lines += [
        "SHELL=/bin/sh",
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "POKJA_DB=\(paths.database)",
      ]
      if configExists { lines.append("POKJA_CONFIG=\(config)") }
      if let home = paths.home { lines.append("POKJA_HOME=\(home)") }
      lines += [
        "# Every \(every) minutes: reminders that are due, then everything waiting in the outbox (mail and webhooks).",
        "*/\(every) * * * * { date -Iseconds; \(prefix)\(pokja) remind --due; } \(output)",
        "# Daily: invitations to occurrences in the next \(within) not yet invited (series go on for years).",
        "\(daily.1) \(daily.0) * * * { date -Iseconds; \(prefix)\(pokja) meeting upcoming --within \(within) --invite; } \(output)",
        "",
      ]
      return lines
    }
  }
}
