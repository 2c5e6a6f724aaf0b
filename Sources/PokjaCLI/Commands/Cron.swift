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
        "Print a crontab block: reminders and the outbox every 5 minutes, invitations and work-plan reminders daily.",
      discussion: """
        Paste it into 'crontab -e' as the user who runs pokja. Paths are absolute (this pokja, the \
        database, the configuration); output goes to a log file. Runs may overlap safely: every \
        message is claimed under a lease, so none is sent twice. With [imap] url set, the block also \
        reads calendar replies ('inbox fetch') as often as the reminders. Creates the log's folder.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Minutes between reminder/outbox runs (1–30).") var every = 5
    @Option(help: "When to invite to upcoming occurrences each day (HH:MM).") var daily = "06:00"
    @Option(help: "How far ahead the daily run invites (14d).") var within = "14d"
    @Option(
      help:
        "The log file (default: $POKJA_HOME/pokja.log, else $XDG_STATE_HOME/pokja/pokja.log or ~/.local/state/pokja/pokja.log)."
    )
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
      let logFile =
        log.map { Paths.expand($0, variables) } ?? paths.home.map { $0 + "/pokja.log" }
        ?? stateHome + "/pokja/pokja.log"
      try? FileManager.default.createDirectory(
        atPath: (logFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      let secrets = secretsFile.map { Paths.expand($0, variables) }
      let config = try PokjaConfig.load(path: paths.config, variables: variables)
      // A URL the sender would refuse (a password in it, above all) is not copied into a crontab.
      if let url = config.smtpURL { _ = try config.smtpSettings(url: url) }
      var notes: [String] = []
      if config.smtpURL == nil {
        let folder = paths.outboxDirectory(configured: config.outboxDirectory, variables: variables)
        notes.append(
          "No SMTP server is configured: mail is written to \(folder) as .eml files (docs/configuration.md)."
        )
      } else if config.smtpPasswordOnlyInEnvironment && secrets == nil {
        let warning =
          "The SMTP password is in \(config.smtpPasswordSource), which cron does not have: put it in a file only you can read, named by [smtp] password_file, or pass --secrets-file FILE holding 'export \(config.smtpPasswordSource)=…' (chmod 600)."
        environment.console.error("warning: \(warning)")
        notes.append(warning)
      }
      if let url = config.imapURL {
        _ = try config.imapSettings(url: url)
        if config.imapPassword == nil && secrets == nil {
          let warning =
            "No IMAP password is set: put it in a file only you can read, named by [imap] password_file (chmod 600), or pass --secrets-file FILE holding 'export \(config.imapPasswordSource)=…'."
          environment.console.error("warning: \(warning)")
          notes.append(warning)
        } else if config.imapPasswordOnlyInEnvironment && secrets == nil {
          let warning =
            "The IMAP password is in \(config.imapPasswordSource), which cron does not have: put it in a file only you can read, named by [imap] password_file, or pass --secrets-file FILE holding 'export \(config.imapPasswordSource)=…' (chmod 600)."
          environment.console.error("warning: \(warning)")
          notes.append(warning)
        }
      }
      if try DatabaseChoice(paths, config).isServer, secrets == nil,
        config.databasePasswordOnlyInEnvironment
      {
        let warning =
          "The database password is in POKJA_DB_PASSWORD, which cron does not have: put it in a file only you can read, named by [database] password_file, or pass --secrets-file FILE holding 'export POKJA_DB_PASSWORD=…' (chmod 600)."
        environment.console.error("warning: \(warning)")
        notes.append(warning)
      }
      let carried = Self.carriedVariables(paths: paths, variables: variables)
      for (name, value) in carried + [("--log", logFile), ("--secrets-file", secrets ?? "")]
      // Scalars: CRLF is one Character that is neither "\r" nor "\n".
      where value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\\" }) {
        throw ValidationError(
          "\(name) holds a line break or a backslash, which a crontab line cannot carry safely; use a path or value without them."
        )
      }
      let lines = Self.block(
        executable: executable, database: try DatabaseChoice(paths, config).url,
        variables: carried, every: every, readsInbox: config.imapURL != nil,
        daily: clock, within: within, logFile: logFile, secretsFile: secrets, notes: notes,
        zone: config.timeZone.identifier,
        date: environment.clock.now())
      environment.console.write(lines.joined(separator: "\n"))
    }

    /// The variables pokja reads that are set now and that cron would not have: the folders and the
    /// configuration, and the settings given by environment (`POKJA_SMTP_URL`, `POKJA_MAIL_FROM`, …).
    /// Never a secret: those come from files.
    static func carriedVariables(paths: Paths, variables: [String: String]) -> [(String, String)] {
      var carried: [(String, String)] = []
      if let home = paths.home { carried.append(("POKJA_HOME", home)) }
      if FileManager.default.fileExists(atPath: paths.config) || variables["POKJA_CONFIG"] != nil {
        carried.append(("POKJA_CONFIG", paths.config))
      }
      for name in [
        "POKJA_SMTP_URL", "POKJA_SMTP_CA_FILE", "POKJA_MAIL_FROM", "POKJA_MAIL_FROM_NAME",
        "POKJA_TIME_ZONE", "POKJA_OUTBOX_DIR", "POKJA_USER", "POKJA_LANG", "POKJA_WEB_URL",
        "POKJA_WEB_KEY_FILE", "POKJA_IMAP_URL", "POKJA_IMAP_CA_FILE",
      ] {
        if let value = variables[name], !value.isEmpty { carried.append((name, value)) }
      }
      return carried
    }

    /// `06:00` as (hour, minute).
    static func clock(_ text: String) throws -> (Int, Int) {
      let parts = text.split(separator: ":").compactMap { Int($0) }
      guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
        throw ValidationError("--daily '\(text)': write the time as HH:MM, e.g. 06:00.")
      }
      return (parts[0], parts[1])
    }

    /// The crontab lines: each job stands alone (absolute paths, its variables on its own line, so
    /// other jobs in the crontab are not affected). Values are single-quoted for /bin/sh, which cron
    /// runs them with.
    static func block(
      executable: String, database: String, variables: [(String, String)], every: Int,
      readsInbox: Bool = false, daily: (Int, Int), within: String, logFile: String,
      secretsFile: String?, notes: [String],
      zone: String, date: Date
    ) -> [String] {
      // Single quotes for /bin/sh; `%` is a newline to cron unless escaped.
      let quote = { (text: String) in
        ("'" + text.replacingScalars(["'": "'\\''"]) + "'").replacingScalars(["%": "\\%"])
      }
      let output = ">> \(quote(logFile)) 2>&1"
      // Each run's time in the zone pokja's messages use, not the server's (often UTC).
      let stamp = "TZ=\(quote(zone)) date -Iseconds"
      let secrets = secretsFile.map { ". \(quote($0)) && " } ?? ""
      let assignments = variables.map { "\($0.0)=\(quote($0.1)) " }.joined()
      let pokja = "\(secrets)\(assignments)\(quote(executable)) --db \(quote(database))"
      var lines = [
        "# BEGIN pokja",
        "# Pokja's jobs, from 'pokja cron' (\(LocalTime.iso(date, in: TimeZone.current).prefix(10))).",
        "# Install or replace: (crontab -l 2>/dev/null | sed '/^# BEGIN pokja/,/^# END pokja/d'; pokja cron) | crontab -",
        "# The times below are this server's clock (\(TimeZone.current.identifier)); the log's stamps are in \(zone).",
        "# Runs may overlap safely: messages are claimed under a lease, none is sent twice.",
        "# Each run writes the time, then what it did, to the log; rotate it with logrotate (docs/guide-ops.md).",
        "# The SMTP password belongs in [smtp] password_file (chmod 600), never in this file.",
      ]
      if secretsFile == nil {
        lines.append(
          "# Webhook secrets (channel add --secret-env VAR): add --secrets-file FILE with 'export VAR=…'."
        )
      }
      lines += notes.map { "# " + $0 }
      lines += [
        "# Every \(every) minutes: reminders that are due, then everything waiting in the outbox (mail and webhooks).",
        "*/\(every) * * * * { \(stamp); \(pokja) remind --due; } \(output)",
      ]
      if readsInbox {
        lines += [
          "# Every \(every) minutes: calendar replies from the secretariat's mailbox ([imap] url), recorded and filed.",
          "*/\(every) * * * * { \(stamp); \(pokja) inbox fetch; } \(output)",
        ]
      }
      lines += [
        "# Daily: invitations to occurrences in the next \(within) not yet invited (series go on for years).",
        "\(daily.1) \(daily.0) * * * { \(stamp); \(pokja) meeting upcoming --within \(within) --invite; } \(output)",
        "# Daily: reminders to the owners of work-plan items due in 14 days or tomorrow, or overdue.",
        "\(daily.1) \(daily.0) * * * { \(stamp); \(pokja) plan remind; } \(output)",
        "# END pokja",
        "",
      ]
      return lines
    }
  }
}
