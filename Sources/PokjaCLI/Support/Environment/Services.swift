import Foundation
import PokjaAccess
import PokjaCore
import PokjaCurl
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaScheduling
import PokjaWorkPlan
import Synchronization

/// The composition root: opens the database and configuration a command asked for and wires the
/// feature modules to the adapters. Commands get everything they need from here.
///
/// A command makes one `Services`, and each service is built the first time it is asked for and
/// then reused (copies share what was built): the templates are read and compiled once however
/// many services compose with them, and a command that never sends builds no transport.
struct Services {
  let environment: AppEnvironment
  let paths: Paths
  let config: PokjaConfig
  private let store: any PokjaStore
  /// The database in use: the SQLite file or the shared PostgreSQL database.
  let database: DatabaseChoice
  /// A dry run works on an in-memory copy of the database (on PostgreSQL, in a transaction never
  /// committed) and sends nothing (`--dry-run`).
  let isDryRun: Bool
  private let holidayCache = OnceCache<HolidayCalendar?>()
  private let templateCache = OnceCache<Result<MessageTemplates, any Error>>()
  private let composerCache = OnceCache<Result<MessageComposer, any Error>>()
  private let directoryCache = OnceCache<Directory>()
  private let schedulerCache = OnceCache<MeetingScheduler>()

  /// Reads the configuration and opens the database it names (which must exist: `pokja init`
  /// creates it), an SQLite file or a shared PostgreSQL database (`DatabaseChoice`).
  /// `readOnly` is for commands that only look things up: their connection cannot write, which
  /// also spares them the journal housekeeping a writer does on open and close. `dryRun` opens an
  /// in-memory copy instead: the command runs as usual against it, its transport only records, and
  /// the file is never written.
  init(
    _ global: GlobalOptions, _ environment: AppEnvironment, readOnly: Bool = false,
    dryRun: Bool = false
  ) throws {
    self.environment = environment
    paths = Paths(databaseOption: global.db, variables: environment.variables)
    config = try PokjaConfig.load(path: paths.config, variables: environment.variables)
    isDryRun = dryRun
    database = try DatabaseChoice(paths, config)
    store = try database.open(
      readOnly: readOnly, dryRun: dryRun,
      today: Today(clock: environment.clock, timeZone: config.timeZone))
  }

  var console: any Console { environment.console }

  var directory: Directory {
    directoryCache.value {
      Directory(store: store, actor: actor, clock: environment.clock, timeZone: config.timeZone)
    }
  }

  /// Who the change log names: `$POKJA_USER`, else the login name.
  var actor: String {
    let variables = environment.variables
    for key in ["POKJA_USER", "LOGNAME", "USER"] {
      if let value = variables[key], !value.isEmpty { return value }
    }
    // No login session (cron, `env -i`): the account the process runs as.
    if let name = getlogin() ?? getpwuid(geteuid())?.pointee.pw_name {
      return String(cString: name)
    }
    return "uid \(geteuid())"
  }

  var scheduler: MeetingScheduler {
    schedulerCache.value {
      var scheduler = MeetingScheduler(
        store: store, contacts: store, attendees: directory, clock: environment.clock,
        defaultTimeZone: config.timeZone, holidays: holidays,
        uidDomain: config.mailFrom.domain)
      scheduler.defaultReminders = config.defaultReminders
      scheduler.defaultReminderRecipients = config.reminderRecipients
      scheduler.defaultReminderChannel = config.reminderChannel
      scheduler.defaultGuestList = config.guestList
      return scheduler
    }
  }

  /// Outbox counts, without choosing a transport (so `meeting show` works with a broken SMTP setup).
  var outboxReader: OutboxReader { OutboxReader(store: store) }

  /// Retry, withdraw and purge by hand.
  var outboxMaintenance: OutboxMaintenance {
    OutboxMaintenance(store: store, clock: environment.clock)
  }

  /// The holiday calendar: `[calendar] holidays_file`, else `$POKJA_HOME/holidays.json` when present,
  /// else Pokja's own data. A broken file is reported, not silently ignored.
  var holidays: HolidayCalendar? {
    // Read once per command (several services use it), and only by commands that need it.
    holidayCache.value {
      let candidates = [config.holidaysFile, paths.home.map { $0 + "/holidays.json" }]
      for case let path? in candidates where FileManager.default.fileExists(atPath: path) {
        do {
          return try HolidayCalendar.load(URL(fileURLWithPath: path))
        } catch {
          console.error("pokja: \(error.localizedDescription)")
          return nil
        }
      }
      return try? HolidayCalendar.builtIn()
    }
  }

  var organiser: Organiser { Organiser(name: config.organiserName, email: config.mailFrom) }

  /// The message templates: the built-in ones with the overrides in `paths.templatesDirectory`.
  /// A template that does not compile is an error (nothing is composed); unknown files are warnings.
  /// Read, compiled and warned about once per command; later calls get the same templates (or the
  /// same error).
  func templates() throws -> MessageTemplates {
    try templateCache.value {
      Result {
        let folder = try MessageTemplates.load(
          directory: URL(fileURLWithPath: paths.templatesDirectory, isDirectory: true))
        for warning in folder.warnings { console.error("warning: \(warning)") }
        return folder.templates
      }
    }.get()
  }

  var composer: MessageComposer {
    get throws {
      try composerCache.value {
        Result {
          var composer = MessageComposer(
            organiser: organiser, templates: try templates(), clock: environment.clock)
          composer.replyLinks = try replyTickets()
          composer.checkInCodes = checkInCodes
          composer.documentLinks = try documentLinks()
          return composer
        }
      }.get()
    }
  }

  /// The outbox, delivering by SMTP when a server is configured, else to `.eml` files; and webhooks
  /// to the channels.
  func outbox() throws -> Outbox {
    let channels = try store.channels()
    let posting = webhookTransport(channels)
    let webhooks = Outbox.Webhooks(
      publisher: WebhookPublisher(
        channels: channels, organiser: config.mailFrom, templates: try templates()),
      transport: isDryRun ? DryRunTransport(like: posting) : posting)
    let transport = try transport()
    // `[smtp] rate_limit` is kept in the database, so overlapping runs share it.
    let rateLimit = config.smtpRateLimit.flatMap { limit in
      transport.isFileOutbox
        ? nil : SendRateLimit(endpoint: transport.endpoint, messagesPerMinute: limit)
    }
    return Outbox(
      store: store, transport: transport, clock: environment.clock, lease: config.lease,
      retry: config.retry, webhooks: webhooks, rateLimit: rateLimit, documents: store)
  }

  /// The channels (`pokja channel …`).
  var channelStore: any ChannelStore { store }

  /// Posts to `channels` with libcurl; each channel's secret is read from the environment now.
  func webhookTransport(_ channels: [Channel]) -> CurlWebhookTransport {
    var targets: [Int64: WebhookTarget] = [:]
    for channel in channels {
      let delivery = ChannelDelivery(
        channel, variables: environment.variables, allowPrivate: config.allowPrivateWebhooks)
      targets[channel.id.rawValue] = WebhookTarget(
        name: channel.name, url: channel.url, contentType: channel.preset.contentType,
        titleHeader: channel.preset.sendsTitleHeader, secret: delivery.secret,
        refusal: delivery.refusal,
        allowPrivateAddresses: config.allowPrivateWebhooks)
    }
    return CurlWebhookTransport(
      targets: targets, connectTimeout: .milliseconds(Int(config.webhookConnectTimeout * 1000)),
      totalTimeout: .milliseconds(Int(config.webhookTimeout * 1000)), proxy: config.webhookProxy)
  }

  func transport() throws -> any MessageTransport {
    let live = try liveTransport()
    return isDryRun ? DryRunTransport(like: live) : live
  }

  private func liveTransport() throws -> any MessageTransport {
    if let override = environment.transportOverride { return override }
    guard let url = config.smtpURL else {
      let folder = paths.outboxDirectory(
        configured: config.outboxDirectory, variables: environment.variables)
      return FileOutboxTransport(directory: URL(fileURLWithPath: folder, isDirectory: true))
    }
    return CurlSMTPTransport(settings: try config.smtpSettings(url: url))
  }

  /// The web key's file: `[web] key_file`, else `web.key` beside the configuration.
  var webKeyPath: String {
    config.webKeyFile ?? (paths.config as NSString).deletingLastPathComponent + "/web.key"
  }

  /// The web key (`pokja init` makes it); missing or readable by others is an error.
  func webKey() throws -> SigningKey { try WebKeyFile.load(webKeyPath) }

  /// Grants, sign-in links, sessions and feeds.
  var access: Access {
    get throws { Access(store: store, key: try webKey(), clock: environment.clock) }
  }

  /// RSVP links for mail, when `[web] url` says where members reach `pokja serve`.
  func replyTickets() throws -> ReplyTickets? {
    guard let url = config.webURL else { return nil }
    return ReplyTickets(key: try webKey(), baseURL: url.absoluteString)
  }

  /// Records answers and tells the channels.
  var replies: Replies {
    Replies(scheduler: scheduler, outbox: { try outbox() }, clock: environment.clock)
  }

  /// The secretariat's mailbox (`[imap] url`), or nil when none is configured.
  func inboxMailbox() throws -> CurlIMAPMailbox? {
    guard let url = config.imapURL else { return nil }
    return CurlIMAPMailbox(settings: try config.imapSettings(url: url))
  }

  /// What `pokja inbox` has read.
  var inboxStore: any InboxStore { store }

  /// Reads replies from `mailbox` into the meetings.
  func inboxFetch(_ mailbox: any InboxMailbox) -> InboxFetch {
    var fetch = InboxFetch(
      mailbox: mailbox, store: store,
      replies: InboxReplies(scheduler: scheduler, replies: replies), clock: environment.clock)
    fetch.folders = config.inboxFolders
    fetch.timeZone = config.timeZone
    fetch.uidDomain = config.mailFrom.domain
    return fetch
  }

  var invitations: Invitations {
    get throws {
      Invitations(
        scheduler: scheduler, composer: try composer, outbox: try outbox(), documents: documents)
    }
  }

  /// The files of meetings and plan items (`pokja doc`).
  var documents: DocumentLibrary {
    DocumentLibrary(store: store, clock: environment.clock, actor: actor)
  }

  /// Links to documents on `pokja serve`, when `[web] url` says where members reach it.
  func documentLinks() throws -> SignedDocumentLinks? {
    guard let url = config.webURL else { return nil }
    return SignedDocumentLinks(key: try webKey(), baseURL: url.absoluteString)
  }

  /// The codes invitations carry for the sign-in desk: signed with the web key; none without one
  /// (a database from before the key, or a key readable by others: `pokja doctor` says so).
  var checkInCodes: (any CheckInCodes)? {
    (try? webKey()).map { SignedCheckInCodes(key: $0) }
  }

  /// Check-ins and attendance (`pokja attend`, `pokja attendance`).
  var attendance: AttendanceBook {
    AttendanceBook(
      store: store, scheduler: scheduler, contacts: store, clock: environment.clock, actor: actor,
      codes: checkInCodes)
  }

  /// The work plan (`pokja plan`).
  var workPlan: WorkPlan {
    WorkPlan(
      store: store, directory: directory, scheduler: scheduler, contacts: store,
      today: Today(clock: environment.clock, timeZone: config.timeZone), actor: actor)
  }

  /// Reminders to the owners of work-plan items (`pokja plan remind`).
  var planReminders: PlanReminders {
    get throws {
      PlanReminders(
        plan: workPlan, composer: try composer, outbox: try outbox(), resolver: directory,
        zone: config.timeZone)
    }
  }

  /// Invitation lists agreed before they are sent (`meeting list-draft`).
  var invitationLists: InvitationLists {
    InvitationLists(
      store: store, scheduler: scheduler, contacts: store, resolver: directory,
      clock: environment.clock, actor: actor)
  }

  var briefings: Briefings {
    get throws {
      Briefings(scheduler: scheduler, composer: try composer, outbox: try outbox())
    }
  }

  var reminders: Reminders {
    get throws {
      Reminders(scheduler: scheduler, composer: try composer, outbox: try outbox())
    }
  }
}

/// A value computed on first use and kept for the life of the command.
final class OnceCache<Value: Sendable>: Sendable {
  private struct Box: Sendable { let value: Value }
  private let stored = Mutex<Box?>(nil)

  func value(_ make: () -> Value) -> Value {
    if let known = stored.withLock({ $0 }) { return known.value }
    let made = make()
    stored.withLock { $0 = Box(value: made) }
    return made
  }
}

extension PokjaConfig {
  /// The IMAP account's settings from the configured `url`, password and CA file.
  func imapSettings(url: String) throws(IMAPSettingsError) -> IMAPSettings {
    try IMAPSettings(
      url: url, password: imapPassword, caFile: imapCAFile, passwordSource: imapPasswordSource)
  }

  /// The SMTP server's settings from the configured `url`, password, CA file and timeouts.
  func smtpSettings(url: String) throws(SMTPSettingsError) -> SMTPSettings {
    var settings = try SMTPSettings(url: url, password: smtpPassword, caFile: smtpCAFile)
    settings.passwordSource = smtpPasswordSource
    settings.connectTimeout = .milliseconds(Int(smtpConnectTimeout * 1000))
    settings.lowSpeedLimit = smtpLowSpeedLimit
    settings.lowSpeedTime = .milliseconds(Int(smtpLowSpeedTime * 1000))
    settings.replyTimeout = .milliseconds(Int(smtpReplyTimeout * 1000))
    return settings
  }
}
