import ArgumentParser
import Foundation
import PokjaCore
import PokjaCurl
import PokjaNotifications
import PokjaPersistence
import PokjaPostgres
import PokjaScheduling

extension Pokja {
  /// `pokja doctor`: checks what cron depends on and says what is wrong and how to fix it.
  struct Doctor: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "doctor",
      abstract: "Check the configuration, database, SMTP server and webhook channels.",
      discussion: """
        The SMTP check connects, says EHLO, upgrades to TLS, logs in and sends NOOP: everything \
        but a message. Each channel gets a HEAD request (nothing is posted; 'pokja channel test' \
        posts a signed test event). Exit status 0 when healthy (warnings allowed), else that of \
        the first problem: 78 configuration, 66/74 database, 69 a server.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption

    /// One finding.
    struct Check: Encodable {
      enum Status: String, Encodable { case ok, warning, error }
      let name: String
      let status: Status
      let detail: String
      let fix: String?
      /// The exit status an error gives the run.
      var exit: ExitStatus = .success

      enum CodingKeys: String, CodingKey { case name, status, detail, fix }
    }

    struct Report: Encodable {
      let healthy: Bool
      let checks: [Check]
    }

    func run(in environment: AppEnvironment) throws {
      let checks = Self.checks(global: global, environment: environment)
      let healthy = !checks.contains { $0.status == .error }
      let console = environment.console
      if output.json {
        console.write(JSONOutput.encode(Report(healthy: healthy, checks: checks)))
      } else {
        for check in checks {
          let mark =
            switch check.status {
            case .ok: "✓"
            case .warning: "!"
            case .error: "✗"
            }
          console.write("\(mark) \(check.name): \(check.detail)")
          if let fix = check.fix { console.write("    fix: \(fix)") }
        }
        let errors = checks.filter { $0.status == .error }.count
        let warnings = checks.filter { $0.status == .warning }.count
        console.write(
          errors == 0
            ? "Healthy"
              + (warnings > 0 ? ", with \(counted(warnings, "warning"))." : ".")
            : counted(errors, "problem")
              + (warnings > 0 ? " and \(counted(warnings, "warning"))" : "") + ".")
      }
      if let first = checks.first(where: { $0.status == .error }) {
        throw CommandFailed(status: first.exit)
      }
    }

    /// Whether the shared database answers and holds this pokja's schema.
    static func sharedDatabaseCheck(_ database: DatabaseChoice, environment: AppEnvironment)
      -> Check
    {
      do {
        _ = try database.open(today: Today(clock: environment.clock, timeZone: .gmt))
        return Check(
          name: "database", status: .ok,
          detail: "\(database.description) answers, with the current schema", fix: nil)
      } catch let error as SharedDatabaseError {
        let fix =
          switch error {
          case .noSchema: "run 'pokja init' with the same --db"
          case .newerSchema: "upgrade pokja on this host"
          case .connection:
            "check the URL, that the server runs and accepts this host (pg_hba.conf), and the "
              + "password (POKJA_DB_PASSWORD or [database] password_file)"
          case .tls:
            "check the server's certificate: its name must be the URL's host, signed by a CA the "
              + "system trusts or by the one given as ?sslrootcert=FILE"
          case .query, .corruptRow: "see the server's log"
          }
        return Check(
          name: "database", status: .error, detail: error.localizedDescription, fix: fix,
          exit: error.exitStatus)
      } catch {
        return Check(
          name: "database", status: .error, detail: error.localizedDescription,
          fix: "see the server's log", exit: .ioError)
      }
    }

    static func checks(global: GlobalOptions, environment: AppEnvironment) -> [Check] {
      let variables = environment.variables
      let paths = Paths(databaseOption: global.db, variables: variables)
      var checks: [Check] = []

      // Configuration.
      let config: PokjaConfig?
      do {
        config = try PokjaConfig.load(path: paths.config, variables: variables)
        let exists = FileManager.default.fileExists(atPath: paths.config)
        checks.append(
          Check(
            name: "config", status: .ok,
            detail: exists
              ? "\(paths.config) reads cleanly"
              : "no file at \(paths.config): built-in defaults", fix: nil))
      } catch {
        config = nil
        let fix: String
        if case ConfigError.insecureSecretFile(let file) = error {
          fix = "chmod 600 \(file)"
        } else {
          fix = "edit \(paths.config) (docs/configuration.md lists every key)"
        }
        checks.append(
          Check(
            name: "config", status: .error, detail: error.localizedDescription, fix: fix,
            exit: .config))
      }

      // Database.
      var databaseUsable = false
      let database = try? DatabaseChoice(paths, config)
      if let database, database.isServer {
        checks.append(sharedDatabaseCheck(database, environment: environment))
        databaseUsable = checks.last?.status == .ok
      } else {
        do {
          let health = try DatabaseHealth.inspect(path: paths.database)
          checks += databaseChecks(health, path: paths.database, now: environment.clock.now())
          databaseUsable = health.quickCheck == ["ok"] && health.unknownMigrations.isEmpty
        } catch StorageError.databaseMissing(let path) {
          checks.append(
            Check(
              name: "database", status: .error, detail: "no database at \(path)",
              fix: "run 'pokja init' (or point --db / POKJA_DB at the right file)", exit: .noInput))
        } catch {
          checks.append(
            Check(
              name: "database", status: .error, detail: error.localizedDescription,
              fix: "check the file's permissions; 'pokja restore BACKUP' if it is damaged",
              exit: .ioError))
        }
      }

      guard let config, databaseUsable,
        let services = try? Services(global, environment, readOnly: true)
      else { return checks + pluginChecks(paths: paths, variables: variables) }

      // Templates.
      do {
        let folder = try MessageTemplates.load(
          directory: URL(fileURLWithPath: paths.templatesDirectory, isDirectory: true))
        let count = MessageTemplates.allKeys.filter { folder.templates.isOverridden($0) }.count
        checks.append(
          Check(
            name: "templates",
            status: folder.warnings.isEmpty ? .ok : .warning,
            detail: folder.warnings.first
              ?? "\(counted(count, "override")) in \(paths.templatesDirectory) compile",
            fix: folder.warnings.isEmpty
              ? nil : "rename or remove the file ('pokja notify templates')"))
      } catch {
        checks.append(
          Check(
            name: "templates", status: .error, detail: error.localizedDescription,
            fix: "fix the template, or remove it to use the built-in one", exit: .config))
      }

      checks.append(smtpCheck(config: config, paths: paths, variables: variables))
      checks.append(webCheck(services: services))
      if let check = imapCheck(config: config, paths: paths) { checks.append(check) }
      checks += channelChecks(services: services)
      checks.append(holidayCheck(services.holidays, now: environment.clock.now(), config: config))
      return checks + pluginChecks(paths: paths, variables: variables)
    }

    static func databaseChecks(_ health: DatabaseHealth, path: String, now: Date) -> [Check] {
      var checks: [Check] = []
      if health.quickCheck != ["ok"] {
        checks.append(
          Check(
            name: "database", status: .error,
            detail: "\(path) is damaged: \(health.quickCheck.prefix(3).joined(separator: "; "))",
            fix: "restore the latest backup: pokja restore FILE", exit: .ioError))
        return checks
      }
      if !health.unknownMigrations.isEmpty {
        checks.append(
          Check(
            name: "database", status: .error,
            detail:
              "\(path) was written by a newer pokja (\(health.unknownMigrations.joined(separator: ", ")))",
            fix: "install the newer pokja", exit: .ioError))
        return checks
      }
      checks.append(
        Check(
          name: "database",
          status: health.pendingMigrations.isEmpty ? .ok : .warning,
          detail: health.pendingMigrations.isEmpty
            ? "\(path): sound, schema current, \(health.journalMode) journal"
            : "\(path): sound; \(health.pendingMigrations.count) schema upgrade(s) pending",
          fix: health.pendingMigrations.isEmpty
            ? nil : "any command that writes applies them (e.g. 'pokja remind --due')"))
      var outbox: [String] = []
      var fixes: [String] = []
      if health.deadMessages > 0 {
        outbox.append("\(health.deadMessages) message(s) given up")
        fixes.append("see 'pokja outbox list --state dead', then 'pokja outbox retry ID'")
      }
      if let oldest = health.oldestWaiting, now.timeIntervalSince(oldest) > 3600 {
        outbox.append(
          "\(health.waitingMessages) waiting, the oldest since \(DateTimeText.display(oldest, in: .current))"
        )
        fixes.append(
          "is cron running? ('pokja cron' prints the lines); 'pokja outbox send' tries now")
      }
      checks.append(
        Check(
          name: "outbox", status: outbox.isEmpty ? .ok : .warning,
          detail: outbox.isEmpty
            ? "\(health.waitingMessages) waiting, none given up" : outbox.joined(separator: "; "),
          fix: fixes.isEmpty ? nil : fixes.joined(separator: "; ")))
      return checks
    }

    /// The web key, which invitations with RSVP links, `access` and `serve` need: an error when
    /// `[web] url` asks for links and the key cannot be read, else a note.
    static func webCheck(services: Services) -> Check {
      let path = services.webKeyPath
      do {
        _ = try services.webKey()
        let url = services.config.webURL?.absoluteString
        return Check(
          name: "web", status: .ok,
          detail: url.map { "web key \(path) readable; links point to \($0)" }
            ?? "web key \(path) readable; no [web] url, so mail carries no RSVP links",
          fix: nil)
      } catch {
        let needed = services.config.webURL != nil
        return Check(
          name: "web", status: needed ? .error : .warning, detail: error.localizedDescription,
          fix: needed
            ? "copy web.key from the host that made it (mode 0600), or run 'pokja init' on the first host"
            : "run 'pokja init' to make it (needed for pokja serve and RSVP links)",
          exit: needed ? .config : .success)
      }
    }

    /// The secretariat's mailbox, when `[imap] url` is set: logs in and opens the folder (read-only).
    static func imapCheck(config: PokjaConfig, paths: Paths) -> Check? {
      guard let url = config.imapURL else { return nil }
      let settings: IMAPSettings
      do {
        settings = try config.imapSettings(url: url)
      } catch {
        return Check(
          name: "imap", status: .error, detail: error.localizedDescription,
          fix: "correct [imap] url in \(paths.config) (or POKJA_IMAP_URL)", exit: .config)
      }
      let mailbox = CurlIMAPMailbox(settings: settings)
      defer { mailbox.close() }
      do {
        let state = try mailbox.select()
        let unread = try mailbox.unseenUIDs().count
        return Check(
          name: "imap", status: .ok,
          detail:
            "\(mailbox.address): logged in\(settings.requireTLS ? " over TLS" : " (loopback: TLS if offered)"), \(counted(state.exists, "message")) (\(unread) unread)",
          fix: nil)
      } catch {
        let fix: String
        switch error {
        case .passwordMissing, .loginRefused:
          fix =
            "check the user in [imap] url and the password in \(config.imapPasswordSource) "
            + "(or [imap] password_file)"
        case .certificateRejected, .tlsFailed, .startTLSNotOffered, .tlsRequiredByServer:
          fix =
            "check the scheme and port (imaps://…:993 TLS, imap://…:143 STARTTLS), and [imap] "
            + "ca_file (POKJA_IMAP_CA_FILE) for a private certificate"
        case .folderMissing:
          fix = "check the folder at the end of [imap] url (INBOX unless the mail goes elsewhere)"
        default:
          fix = "check the host and port in [imap] url, and that this machine may reach it"
        }
        return Check(
          name: "imap", status: .error, detail: error.localizedDescription, fix: fix,
          exit: error.exitStatus)
      }
    }

    static func smtpCheck(config: PokjaConfig, paths: Paths, variables: [String: String]) -> Check {
      guard let url = config.smtpURL else {
        let folder = paths.outboxDirectory(configured: config.outboxDirectory, variables: variables)
        return Check(
          name: "smtp", status: .ok,
          detail: "no SMTP server set: messages are written to \(folder)",
          fix: nil)
      }
      let settings: SMTPSettings
      do {
        settings = try config.smtpSettings(url: url)
      } catch {
        return Check(
          name: "smtp", status: .error, detail: error.localizedDescription,
          fix: "correct [smtp] url in \(paths.config)", exit: .config)
      }
      switch CurlSMTPTransport(settings: settings).check() {
      case .success(let answer):
        let login = settings.username.map { ", logged in as \($0)" } ?? ""
        return Check(
          name: "smtp", status: .ok,
          detail:
            "\(settings.destination): connected\(settings.requireTLS ? ", TLS" : " (loopback: TLS if offered)")\(login) (\(answer))",
          fix: nil)
      case .failure(let failure):
        let fix: String
        switch failure.reason {
        case .loginRequired where settings.username == nil:
          fix =
            "put the user in the SMTP URL (smtp://user@host:587) and the password in "
            + "POKJA_SMTP_PASSWORD or [smtp] password_file"
        case .noUsableLogin:
          fix = "check that the server offers AUTH PLAIN or LOGIN (often only after STARTTLS)"
        case .loginRequired, .loginRefused:
          fix =
            settings.password == nil
            ? "set POKJA_SMTP_PASSWORD, or [smtp] password_file in \(paths.config)"
            : "check the password in \(config.smtpPasswordSource) and the user in the SMTP URL"
        case .tls:
          fix =
            "check the SMTP URL's scheme and port (smtp://…:587 STARTTLS, smtps://…:465 TLS), "
            + "and [smtp] ca_file (POKJA_SMTP_CA_FILE) for a private certificate"
        case .unreachable, .noAnswer, .connectionLost, .serverBusy, .stalled:
          fix = "check the host and port in [smtp] url, and that this machine may reach it"
        case .badURL:
          fix =
            "check the scheme of [smtp] url (smtp://…:587 or smtps://…:465), and that libcurl "
            + "has SMTP and TLS support (apt-get install libcurl4-openssl-dev)"
        case .localSetup:
          fix = "check libcurl on this machine (apt-get install libcurl4) and its free memory"
        default:
          fix = "check [smtp] url in \(paths.config) (or POKJA_SMTP_URL)"
        }
        return Check(
          name: "smtp", status: .error, detail: failure.sentence, fix: fix, exit: .unavailable)
      }
    }

    static func channelChecks(services: Services) -> [Check] {
      guard let channels = try? services.channelStore.channels(), !channels.isEmpty else {
        return []
      }
      let transport = services.webhookTransport(channels)
      var checks: [Check] = []
      let variables = services.environment.variables
      let ignored = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy"]
        .filter { !(variables[$0] ?? "").isEmpty }
      if let proxy = transport.proxy {
        checks.append(
          Check(
            name: "webhook proxy", status: .ok,
            detail: "webhooks go through \(proxy), tunnelled to each channel's checked address",
            fix: nil))
      } else if let variable = ignored.first {
        checks.append(
          Check(
            name: "webhook proxy", status: .warning,
            detail: "\(variable) is set, but webhooks do not use the environment's proxy",
            fix: "if channels can only be reached through it, set proxy under [webhooks]"))
      }
      return checks
        + channels.map { channel in
          let name = "channel \(channel.name)"
          guard let target = transport.targets[channel.id.rawValue] else {
            return Check(
              name: name, status: .error, detail: "not configured", fix: nil, exit: .software)
          }
          switch transport.probe(target) {
          case .reachable(let status):
            return Check(
              name: name, status: .ok, detail: "\(channel.url) answers (HTTP \(status) to HEAD)",
              fix: nil)
          case .gone(let status):
            return Check(
              name: name, status: .error,
              detail: "\(channel.url) answered HTTP \(status): the webhook is gone",
              fix:
                "get the new URL from the service, then 'pokja channel rm \(channel.name)' and 'pokja channel add'",
              exit: .unavailable)
          case .failed(let failure):
            return Check(
              name: name, status: .error, detail: failure.sentence,
              fix: failure.kind == .configuration
                ? "see above; 'pokja channel list' shows the channel"
                : "check the URL and that this machine may reach it", exit: .unavailable)
          }
        }
    }

    static func holidayCheck(_ holidays: HolidayCalendar?, now: Date, config: PokjaConfig) -> Check
    {
      let year =
        Calendar(identifier: .gregorian).dateComponents(in: config.timeZone, from: now).year ?? 0
      let years = Set((holidays?.all ?? []).compactMap { Int($0.date.prefix(4)) })
      let missing = [year, year + 1].filter { !years.contains($0) }
      guard missing.isEmpty else {
        return Check(
          name: "holidays", status: .warning,
          detail: "no holiday data for \(missing.map(String.init).joined(separator: " and "))",
          fix: "update the holiday file (docs/holidays.md): series skip holidays only when known")
      }
      return Check(
        name: "holidays", status: .ok,
        detail: "national holidays known for \(year) and \(year + 1)",
        fix: nil)
    }

    static func pluginChecks(paths: Paths, variables: [String: String]) -> [Check] {
      let folders = ExternalCommand.searchPath(paths: paths, variables: variables)
      return ExternalCommand.all(in: folders, builtIns: PokjaEntry.builtInNames)
        .filter { !$0.isExecutable }
        .map {
          Check(
            name: "plugin \($0.name)", status: .warning, detail: "\($0.path) is not executable",
            fix: "chmod +x \($0.path)")
        }
    }
  }
}
