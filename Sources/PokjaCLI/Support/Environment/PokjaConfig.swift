import Foundation
import PokjaCore
import PokjaCurl
import PokjaNotifications
import TOMLKit

/// Pokja's settings: the config file, overridden by environment variables. Secrets are never read from
/// the file itself: the file names an environment variable or a file readable by its owner alone.
struct PokjaConfig: Sendable {
  var timeZone: TimeZone
  var organiserName: String
  var mailFrom: EmailAddress
  var smtpURL: String?
  /// The SMTP password, in memory only.
  var smtpPassword: String?
  /// Where the password comes (or would come) from, for messages: the variable's name, or
  /// `the password file PATH`.
  var smtpPasswordSource = "POKJA_SMTP_PASSWORD"
  /// Whether the password is only in the environment (which cron does not pass on): set there, and
  /// no `[smtp] password_file` to fall back on.
  var smtpPasswordOnlyInEnvironment = false
  var smtpCAFile: String?
  var outboxDirectory: String?
  /// A holiday data file replacing Pokja's own (`[calendar] holidays_file`).
  var holidaysFile: String?
  /// When failed messages are tried again (`[outbox] max_attempts`, `retry_base`, `retry_max`).
  var retry = RetryPolicy()
  /// How long a run may hold a claimed message (`[outbox] lease`).
  var lease: TimeInterval = 300
  /// At most this many messages a minute to the SMTP server (`[smtp] rate_limit`), for all runs
  /// sharing the database together.
  var smtpRateLimit: Int?
  /// `[smtp] connect_timeout`, `low_speed_limit` (bytes a second) and `low_speed_time`: how long to
  /// wait for the connection, and when a transfer that hardly moves is given up.
  var smtpConnectTimeout: TimeInterval = 15
  var smtpLowSpeedLimit = 1024
  var smtpLowSpeedTime: TimeInterval = 120
  /// `[smtp] reply_timeout`: how long the server may take to answer a command or accept a message.
  var smtpReplyTimeout: TimeInterval = 600
  /// Reminders of a meeting added without `--remind` (`[reminders] offsets`).
  var defaultReminders: [TimeSpan] = []
  /// Who gets reminders unless a meeting says (`[reminders] recipients`).
  var reminderRecipients: ReminderRecipients = .notDeclined
  /// How reminders go out unless a meeting says (`[reminders] channel`).
  var reminderChannel: ReminderChannel = .both
  /// Whether invitations list every attendee unless a meeting says (`[invitations] guest_list`,
  /// `hide_guest_list_above`).
  var guestList = GuestListDefault()
  /// `[webhooks] allow_private_webhooks`: channels may point to loopback and private addresses.
  var allowPrivateWebhooks = false
  /// `[webhooks] timeout` and `connect_timeout`: how long one POST may take, and its connection.
  var webhookTimeout: TimeInterval = 30
  var webhookConnectTimeout: TimeInterval = 10
  /// `[webhooks] proxy` (or `POKJA_WEBHOOK_PROXY`): the HTTP proxy webhooks go through. The
  /// environment's `http_proxy` and friends are never used for webhooks.
  var webhookProxy: WebhookProxy?
  /// `[database] url`: a shared PostgreSQL database, used unless `--db` or `POKJA_DB` names one.
  var databaseURL: String?
  /// The shared database's password, in memory only: `POKJA_DB_PASSWORD`, else the file named by
  /// `[database] password_file` (readable by its owner alone).
  var databasePassword: String?
  /// Whether that password is only in the environment (which cron does not pass on).
  var databasePasswordOnlyInEnvironment = false
  /// Where the values came from, for messages: the config file path (which may not exist).
  var path: String
  /// `[imap] url` (or `POKJA_IMAP_URL`): the secretariat's mailbox, where replies arrive.
  var imapURL: String?
  /// The IMAP password, in memory only.
  var imapPassword: String?
  /// Where it comes (or would come) from, for messages.
  var imapPasswordSource = "POKJA_IMAP_PASSWORD"
  /// Whether it is only in the environment (which cron does not pass on).
  var imapPasswordOnlyInEnvironment = false
  var imapCAFile: String?
  /// `[imap] done_folder` and `unmatched_folder`: where read replies are filed.
  var inboxFolders = InboxFolders()
  /// `[web] url` (or `POKJA_WEB_URL`): where members reach `pokja serve`; invitations carry
  /// RSVP links only when it is set.
  var webURL: URL?
  /// `[web] key_file`: the web key, when not beside the configuration.
  var webKeyFile: String?
  /// `[web] trusted_proxies`: reverse proxies whose X-Forwarded-For is believed.
  var webTrustedProxies: [String] = []
  /// `[web] listen`: where `pokja serve` listens when `--listen` is not given.
  var webListen: String?

  static let defaultTimeZone = "Asia/Jakarta"
  static let defaultOrganiserName = "Sekretariat Pokja"
  static let defaultMailFrom = "sekretariat@pokja.invalid"

  /// Reads `path` (missing is fine: defaults) and applies the environment on top.
  static func load(path: String, variables: [String: String]) throws(ConfigError) -> PokjaConfig {
    var table = TOMLTable()
    if FileManager.default.fileExists(atPath: path) {
      let text: String
      do {
        text = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw .unreadable(path, error.localizedDescription)
      }
      do {
        table = try TOMLTable(string: text)
      } catch let error as TOMLParseError {
        throw .syntax(
          path, line: error.source.begin.line, column: error.source.begin.column,
          error.description)
      } catch {
        throw .syntax(path, line: 0, column: 0, "\(error)")
      }
    }
    let file = ConfigFile(table: table, path: path)
    try file.refuseSecrets()

    let zoneFromEnvironment = nonEmpty(variables["POKJA_TIME_ZONE"])
    let zoneName = zoneFromEnvironment ?? file.string("calendar", "time_zone") ?? defaultTimeZone
    let timeZone: TimeZone
    do {
      timeZone = try DateTimeText.timeZone(named: zoneName)
    } catch {
      let source = zoneFromEnvironment == nil ? "calendar.time_zone" : "POKJA_TIME_ZONE"
      throw .invalidValue(path, source, error.localizedDescription)
    }

    var organiserName = file.string("mail", "from_name") ?? defaultOrganiserName
    let configuredFrom = nonEmpty(variables["POKJA_MAIL_FROM"]) ?? file.string("mail", "from")
    var fromText = configuredFrom ?? defaultMailFrom
    // "Sekretariat Pokja <sekretariat@example.org>" sets both the name and the address.
    if let match = fromText.wholeMatch(of: #/\s*(.*?)\s*<([^<>]+)>\s*/#) {
      if !match.1.isEmpty { organiserName = String(match.1).trimmingCharacters(in: ["\""]) }
      fromText = String(match.2)
    }
    if let name = variables["POKJA_MAIL_FROM_NAME"], !name.isEmpty { organiserName = name }
    guard let mailFrom = EmailAddress(fromText) else {
      throw .invalidValue(
        path, "mail.from / POKJA_MAIL_FROM", "'\(fromText)' is not an email address")
    }
    do {
      organiserName = try Validate.singleLine(organiserName, field: "mail.from_name")
    } catch {
      throw .invalidValue(path, "mail.from_name", error.localizedDescription)
    }

    let smtpURL = nonEmpty(variables["POKJA_SMTP_URL"]) ?? file.string("smtp", "url")
    // Real mail from the placeholder sender would bounce or be taken for spam.
    if smtpURL != nil && configuredFrom == nil { throw .missingSender(path) }
    let passwordVariable = file.string("smtp", "password_env") ?? "POKJA_SMTP_PASSWORD"
    var password = nonEmpty(variables[passwordVariable])
    var passwordSource = passwordVariable
    if password == nil,
      let passwordFile = file.string("smtp", "password_file").map({ Paths.expand($0, variables) })
    {
      password = try readSecretFile(passwordFile, configPath: path)
      passwordSource = "the password file \(passwordFile)"
    }
    let caFile = nonEmpty(variables["POKJA_SMTP_CA_FILE"]) ?? file.string("smtp", "ca_file")
    var config = PokjaConfig(
      timeZone: timeZone, organiserName: organiserName, mailFrom: mailFrom, smtpURL: smtpURL,
      smtpPassword: password, smtpCAFile: caFile,
      outboxDirectory: nonEmpty(variables["POKJA_OUTBOX_DIR"])
        ?? file.string("outbox", "directory"),
      holidaysFile: file.string("calendar", "holidays_file").map { Paths.expand($0, variables) },
      path: path)
    config.smtpPasswordSource = passwordSource
    config.smtpPasswordOnlyInEnvironment =
      nonEmpty(variables[passwordVariable]) != nil && file.string("smtp", "password_file") == nil
    if let attempts = try file.positiveInteger("outbox", "max_attempts") {
      config.retry.maxAttempts = attempts
    }
    if let base = try file.span("outbox", "retry_base") { config.retry.base = base }
    if let cap = try file.span("outbox", "retry_max") { config.retry.cap = cap }
    if let lease = try file.span("outbox", "lease") { config.lease = lease }
    config.smtpRateLimit = try file.positiveInteger("smtp", "rate_limit")
    if let connect = try file.span("smtp", "connect_timeout") {
      config.smtpConnectTimeout = connect
    }
    if let speed = try file.positiveInteger("smtp", "low_speed_limit") {
      config.smtpLowSpeedLimit = speed
    }
    if let stall = try file.span("smtp", "low_speed_time") { config.smtpLowSpeedTime = stall }
    if let reply = try file.span("smtp", "reply_timeout") { config.smtpReplyTimeout = reply }
    if let offsets = table["reminders"]?.table?["offsets"] {
      guard let list = offsets.array?.compactMap({ $0.string }),
        list.count == offsets.array?.count,
        let spans = try? list.map({ text throws(InputError) in try TimeSpan(parsing: text) })
      else {
        throw .invalidValue(
          path, "reminders.offsets",
          "'\(offsets)' is not a list of durations such as [\"1d\", \"2h\"]")
      }
      config.defaultReminders = Array(Set(spans)).sorted(by: >)
    }
    if let text = file.string("reminders", "recipients") {
      guard let recipients = ReminderRecipients(rawValue: text) else {
        throw .invalidValue(
          path, "reminders.recipients", "'\(text)' is not one of all, not-declined, organiser")
      }
      config.reminderRecipients = recipients
    }
    if let text = file.string("reminders", "channel") {
      guard let channel = ReminderChannel(rawValue: text) else {
        throw .invalidValue(
          path, "reminders.channel", "'\(text)' is not one of email, webhook, both")
      }
      config.reminderChannel = channel
    }
    if let text = file.string("invitations", "guest_list") {
      guard let mode = GuestListDefault.Mode(rawValue: text) else {
        throw .invalidValue(
          path, "invitations.guest_list", "'\(text)' is not one of auto, visible, hidden")
      }
      config.guestList.mode = mode
    }
    if let above = try file.positiveInteger("invitations", "hide_guest_list_above") {
      config.guestList.hideAbove = above
    }
    if let allow = file.table["webhooks"]?.table?["allow_private_webhooks"] {
      guard let flag = allow.bool else {
        throw .invalidValue(
          path, "webhooks.allow_private_webhooks", "'\(allow)' is not true or false")
      }
      config.allowPrivateWebhooks = flag
    }
    if let timeout = try file.span("webhooks", "timeout") { config.webhookTimeout = timeout }
    if let connect = try file.span("webhooks", "connect_timeout") {
      config.webhookConnectTimeout = connect
    }
    config.databaseURL = file.string("database", "url")
    if let url = config.databaseURL, !Paths.isServerURL(url) {
      throw .invalidValue(
        path, "database.url",
        "'\(url)' is not a PostgreSQL URL (postgres://USER@HOST/DATABASE); an SQLite file is named with --db or POKJA_DB"
      )
    }
    config.databasePassword = nonEmpty(variables["POKJA_DB_PASSWORD"])
    config.databasePasswordOnlyInEnvironment =
      config.databasePassword != nil && file.string("database", "password_file") == nil
    if config.databasePassword == nil,
      let passwordFile = file.string("database", "password_file").map({
        Paths.expand($0, variables)
      })
    {
      config.databasePassword = try readSecretFile(
        passwordFile, configPath: path, key: "database.password_file")
    }
    if let text = nonEmpty(variables["POKJA_WEB_URL"]) ?? file.string("web", "url") {
      guard let url = Self.webURL(text) else {
        throw .invalidValue(
          path, "web.url",
          "'\(text)' is not a web address: write https://pokja.example.go.id, with no path (http:// only for 127.0.0.1 or localhost)"
        )
      }
      config.webURL = url
    }
    config.webKeyFile =
      (nonEmpty(variables["POKJA_WEB_KEY_FILE"]) ?? file.string("web", "key_file")).map {
        Paths.expand($0, variables)
      }
    if let proxies = file.table["web"]?.table?["trusted_proxies"] {
      guard let list = proxies.array?.compactMap({ $0.string }),
        list.count == proxies.array?.count
      else {
        throw .invalidValue(
          path, "web.trusted_proxies", "write a list of addresses: [\"127.0.0.1\", \"::1\"]")
      }
      config.webTrustedProxies = list
    }
    config.webListen = file.string("web", "listen")
    try config.loadIMAP(file, variables: variables)
    let proxyFromEnvironment = nonEmpty(variables["POKJA_WEBHOOK_PROXY"])
    if let text = proxyFromEnvironment ?? file.string("webhooks", "proxy") {
      let source = proxyFromEnvironment == nil ? "webhooks.proxy" : "POKJA_WEBHOOK_PROXY"
      do {
        config.webhookProxy = try WebhookProxy(url: text)
      } catch {
        throw .invalidValue(path, source, error.description)
      }
    }
    return config
  }

  /// `[imap]`: the mailbox, its password (environment or a 0600 file, as for SMTP) and folders.
  private mutating func loadIMAP(_ file: ConfigFile, variables: [String: String])
    throws(ConfigError)
  {
    imapURL = Self.nonEmpty(variables["POKJA_IMAP_URL"]) ?? file.string("imap", "url")
    let passwordVariable = file.string("imap", "password_env") ?? "POKJA_IMAP_PASSWORD"
    imapPassword = Self.nonEmpty(variables[passwordVariable])
    imapPasswordSource = passwordVariable
    imapPasswordOnlyInEnvironment =
      imapPassword != nil && file.string("imap", "password_file") == nil
    if imapPassword == nil,
      let passwordFile = file.string("imap", "password_file").map({ Paths.expand($0, variables) })
    {
      imapPassword = try Self.readSecretFile(
        passwordFile, configPath: path, key: "imap.password_file")
      imapPasswordSource = "the password file \(passwordFile)"
    }
    imapCAFile = Self.nonEmpty(variables["POKJA_IMAP_CA_FILE"]) ?? file.string("imap", "ca_file")
    for (key, keyPath) in [("done_folder", \InboxFolders.done), ("unmatched_folder", \.unmatched)] {
      guard let name = file.string("imap", key) else { continue }
      guard
        !name.unicodeScalars.contains(where: {
          $0 == "\n" || $0 == "\r" || $0 == "\0" || $0 == "\""
        })
      else {
        throw .invalidValue(
          path, "imap.\(key)", "'\(name)' cannot be a folder name: it holds a line break or a quote"
        )
      }
      inboxFolders[keyPath: keyPath] = name
    }
    if inboxFolders.done == inboxFolders.unmatched {
      throw .invalidValue(
        path, "imap.unmatched_folder",
        "it is the same folder as imap.done_folder; unmatched replies need a folder of their own")
    }
  }

  /// An `https://` address, or `http://` on this machine only (cookies are Secure).
  static func webURL(_ text: String) -> URL? {
    guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
      let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty,
      components.user == nil, components.password == nil, components.query == nil,
      components.fragment == nil
    else { return nil }
    let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    guard scheme == "https" || (scheme == "http" && loopback) else { return nil }
    // Served from the root of its own host name: pages, cookies and redirects assume it.
    guard components.path.isEmpty || components.path == "/" else { return nil }
    var trimmed = components
    trimmed.path = ""
    trimmed.scheme = scheme
    // Browsers leave the default port out of Origin; so does the address form posts are checked by.
    if (scheme == "https" && components.port == 443) || (scheme == "http" && components.port == 80)
    {
      trimmed.port = nil
    }
    return trimmed.url
  }

  fileprivate static func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }

  /// Reads a password file (named by `key`), refusing one that others can read.
  fileprivate static func readSecretFile(
    _ path: String, configPath: String, key: String = "smtp.password_file"
  ) throws(ConfigError) -> String {
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw .invalidValue(configPath, key, "\(path) does not exist")
    }
    guard status.st_mode & 0o077 == 0 else {
      throw .insecureSecretFile(path)
    }
    do {
      return try String(contentsOfFile: path, encoding: .utf8)
        .trimmingCharacters(in: .newlines)
    } catch {
      throw .unreadable(path, error.localizedDescription)
    }
  }

  /// The commented file `pokja init` writes.
  /// `serverURL`: the shared database `pokja init` was given, written as `[database] url` so later
  /// commands use it without `--db`.
  static func template(databasePath: String, serverURL: String? = nil) -> String {
    """
    # Pokja configuration (TOML). Environment variables override every value here.
    # Database in use: \(databasePath)

    [database]
    # Without a URL, pokja keeps everything in one SQLite file (the path above). For several
    # secretaries and cron hosts on one shared PostgreSQL database, name it here (--db and POKJA_DB
    # still win): postgres://USER@HOST/DATABASE over TLS with the certificate checked (sslrootcert=
    # for a private CA), or postgres://USER@/DATABASE?host=/run/postgresql through the local socket.
    \(serverURL.map { "url = \"\($0)\"" } ?? "# url = \"postgres://sekretariat@db.example.go.id/pokja\"")
    #
    # The password is never written in this file: POKJA_DB_PASSWORD, or a file only its owner can
    # read (chmod 600).
    # password_file = "~/.config/pokja/db-password"

    [calendar]
    # The time zone meetings are scheduled in unless --tz says otherwise.
    # Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT), UTC, or any name of the
    # system's zone database (/usr/share/zoneinfo: Europe/Amsterdam, US/Eastern).   Env: POKJA_TIME_ZONE
    time_zone = "\(defaultTimeZone)"
    # Indonesian public holidays and cuti bersama ship with Pokja (this year and next); put a newer file
    # here, or at $POKJA_HOME/holidays.json, when the government publishes next year's decree.
    # holidays_file = "/etc/pokja/holidays-id.json"

    [mail]
    # Who invitations and reminders come from; also the ORGANIZER of calendar invitations.
    # Env: POKJA_MAIL_FROM ("Name <address>" or just the address), POKJA_MAIL_FROM_NAME
    from_name = "\(defaultOrganiserName)"
    # from = "sekretariat@example.go.id"

    [smtp]
    # Without a URL, messages are written as .eml files to the outbox folder instead of being sent.
    # smtp://user@host:587 uses STARTTLS (required for any host but this machine); smtps://user@host:465
    # is TLS from the start.                                               Env: POKJA_SMTP_URL
    # url = "smtp://sekretariat@mail.example.go.id:587"
    #
    # The password is never written in this file. Either name the environment variable that holds it
    # (default POKJA_SMTP_PASSWORD) or a file only its owner can read (chmod 600).
    # password_env = "POKJA_SMTP_PASSWORD"
    # password_file = "~/.config/pokja/smtp-password"
    #
    # A CA certificate bundle for a server whose certificate the system does not trust.
    # Env: POKJA_SMTP_CA_FILE
    # ca_file = "/etc/pokja/mail-ca.pem"
    #
    # At most this many messages a minute (many providers limit senders, e.g. to 30); unset: no limit.
    # Every run using this database counts towards it, also runs that overlap.
    # rate_limit = 30
    #
    # How long to wait for the connection (up to the login); a message that moves fewer than
    # low_speed_limit bytes a second for low_speed_time is given back to the queue; the server may
    # take reply_timeout to answer a command or to accept a message it has whole. There is no limit
    # on the whole: a large invitation over a slow line takes as long as it needs.
    # connect_timeout = "15s"
    # low_speed_limit = 1024
    # low_speed_time = "2m"
    # reply_timeout = "10m"

    [reminders]
    # Reminders of a meeting added without --remind, and who gets them unless --remind-to says:
    # all, not-declined (attendees who have not declined) or organiser (the secretariat only).
    # offsets = ["1d", "2h"]
    # recipients = "not-declined"
    # How they go out: email, webhook (only the channels of `pokja channel`) or both.
    # channel = "both"

    [invitations]
    # Whether each invitation's calendar lists every attendee (visible) or only the organiser and its
    # recipient (hidden: nobody's address goes to the others; replies still work). A meeting can
    # choose with --guest-list; the others follow this: auto hides the list of a meeting with more
    # than hide_guest_list_above attendees, decided at each sending.
    # guest_list = "auto"
    # hide_guest_list_above = \(GuestListDefault.defaultHideAbove)

    [outbox]
    # Where .eml files go when no SMTP server is configured (default: outbox/ beside the database,
    # or $POKJA_HOME/outbox).                                              Env: POKJA_OUTBOX_DIR
    # directory = "/var/lib/pokja/outbox"
    #
    # A message that fails for a passing reason (server unreachable, 4xx) is tried again after
    # retry_base, then twice as long each time up to retry_max (each wait shortened at random by up to
    # half, so queued messages do not retry in step), and given up after max_attempts. A run holds the
    # messages it is sending for `lease`; a run killed mid-send leaves them to the next run after that.
    # max_attempts = 8
    # retry_base = "1m"
    # retry_max = "6h"
    # lease = "5m"

    [webhooks]
    # Channels (pokja channel add) may not point to this machine or a private network unless this is
    # true. One POST may take `timeout` in all, `connect_timeout` to connect.
    # allow_private_webhooks = false
    # timeout = "30s"
    # connect_timeout = "10s"
    #
    # The HTTP proxy webhooks go through, if the network has one. http_proxy, https_proxy and
    # no_proxy in the environment are ignored for webhooks: only this is used. Pokja resolves each
    # channel's name itself, refuses a private address, and has the proxy tunnel (CONNECT) to the
    # address it checked, so the proxy must allow CONNECT to the webhook's port (443 for https).
    # A proxy password goes in the environment only.      Env: POKJA_WEBHOOK_PROXY (the whole URL)
    # proxy = "http://proxy.example.go.id:3128"

    [imap]
    # The secretariat's mailbox, where calendar replies (Accept / Decline in Outlook, Gmail,
    # Thunderbird, Apple Mail) arrive: `pokja inbox fetch` records them. imaps://user@host:993/INBOX
    # is TLS from the start; imap://user@host:143 uses STARTTLS (required for any host but this
    # machine). The folder defaults to INBOX.                              Env: POKJA_IMAP_URL
    # url = "imaps://sekretariat@mail.example.go.id/INBOX"
    #
    # The password is never written in this file: the environment variable named here (default
    # POKJA_IMAP_PASSWORD), or a file only its owner can read (chmod 600).
    # password_env = "POKJA_IMAP_PASSWORD"
    # password_file = "~/.config/pokja/imap-password"
    # ca_file = "/etc/pokja/mail-ca.pem"                                  Env: POKJA_IMAP_CA_FILE
    #
    # Where read replies are filed (created when missing): those recorded, and those no meeting or
    # attendee matches (`pokja inbox list` shows them). Other mail stays unread where it is.
    # done_folder = "\(InboxFolders.defaultDone)"
    # unmatched_folder = "\(InboxFolders.defaultUnmatched)"

    [web]
    # Where members reach `pokja serve` (behind a reverse proxy: its public https:// address).
    # With it set, invitations and reminders carry Accept / Tentative / Decline links, and
    # `pokja access grant` mails sign-in links.                         Env: POKJA_WEB_URL
    # url = "https://pokja.example.go.id"
    #
    # The web key signs those links, sessions and calendar feeds. `pokja init` writes it beside this
    # file (web.key, mode 0600); every host that sends invitations or serves needs the same file.
    # key_file = "/etc/pokja/web.key"                                  Env: POKJA_WEB_KEY_FILE
    #
    # Where `pokja serve` listens when --listen is not given, and the reverse proxies whose
    # X-Forwarded-For it believes (from anyone else the header is ignored).
    # listen = "127.0.0.1:8080"
    # trusted_proxies = ["127.0.0.1"]

    """
  }
}

/// Reads values out of the parsed TOML, naming the file and key in every complaint.
private struct ConfigFile {
  let table: TOMLTable
  let path: String

  func string(_ section: String, _ key: String) -> String? {
    guard let value = table[section]?.table?[key]?.string, !value.isEmpty else { return nil }
    return value
  }

  /// A whole number above zero, or nil when the key is absent.
  func positiveInteger(_ section: String, _ key: String) throws(ConfigError) -> Int? {
    guard let value = table[section]?.table?[key] else { return nil }
    guard let number = value.int, number > 0 else {
      throw .invalidValue(path, "\(section).\(key)", "'\(value)' is not a whole number above 0")
    }
    return number
  }

  /// A duration written `90s`, `5m`, `6h`, or nil when the key is absent.
  func span(_ section: String, _ key: String) throws(ConfigError) -> TimeInterval? {
    guard let value = table[section]?.table?[key] else { return nil }
    guard let text = value.string, let span = try? TimeSpan(parsing: text), span.seconds > 0 else {
      throw .invalidValue(
        path, "\(section).\(key)",
        "'\(value)' is not a duration; write it as \"30m\", \"5m\" or \"6h\"")
    }
    return span.timeInterval
  }

  func refuseSecrets() throws(ConfigError) {
    for section in ["smtp", "mail", "database", "imap"] {
      for key in ["password", "pass", "secret"] where table[section]?.table?[key] != nil {
        throw .secretInFile(path, "\(section).\(key)")
      }
    }
    if let url = string("smtp", "url"), let components = URLComponents(string: url),
      components.password != nil
    {
      throw .secretInFile(path, "smtp.url")
    }
    if let url = string("database", "url"), let components = URLComponents(string: url),
      components.password != nil
    {
      throw .secretInFile(path, "database.url")
    }
    if let url = string("imap", "url"), let components = URLComponents(string: url),
      components.password != nil
    {
      throw .secretInFile(path, "imap.url")
    }
    if let url = string("webhooks", "proxy"), let components = URLComponents(string: url),
      components.password != nil
    {
      throw .proxyPasswordInFile(path)
    }
  }
}

/// Why the configuration cannot be used.
enum ConfigError: Error, Equatable {
  case unreadable(String, String)
  case cannotWrite(String, String)
  /// SMTP is configured but nobody said who the mail comes from.
  case missingSender(String)
  case syntax(String, line: Int, column: Int, String)
  case invalidValue(String, String, String)
  case secretInFile(String, String)
  /// `[webhooks] proxy` holds a password.
  case proxyPasswordInFile(String)
  case insecureSecretFile(String)
}

extension ConfigError: LocalizedError {
  var errorDescription: String? {
    switch self {
    case .unreadable(let path, let reason):
      "Cannot read \(path): \(reason)."
    case .cannotWrite(let path, let reason):
      "Cannot write \(path): \(reason). Check the folder's permissions, or set POKJA_CONFIG."
    case .missingSender(let path):
      "An SMTP server is configured but no sender: set POKJA_MAIL_FROM (\"Sekretariat Pokja <sekretariat@example.go.id>\") or [mail] from in \(path)."
    case .syntax(let path, let line, let column, let reason):
      "\(path):\(line):\(column): \(reason). Fix the TOML syntax there."
    case .invalidValue(let path, let key, let reason):
      "\(path): \(key): \(reason)."
    case .secretInFile(let path, let key) where key.hasPrefix("database."):
      "\(path): \(key) holds a password. Remove it: put the password in the POKJA_DB_PASSWORD environment variable, or in a file readable only by you named by database.password_file."
    case .secretInFile(let path, let key) where key.hasPrefix("imap."):
      "\(path): \(key) holds a password. Remove it: put the password in the POKJA_IMAP_PASSWORD environment variable, or in a file readable only by you named by imap.password_file."
    case .secretInFile(let path, let key):
      "\(path): \(key) holds a password. Remove it: put the password in the POKJA_SMTP_PASSWORD environment variable, or in a file readable only by you named by smtp.password_file."
    case .proxyPasswordInFile(let path):
      "\(path): webhooks.proxy holds a password. Remove it from the file: set POKJA_WEBHOOK_PROXY to the whole proxy URL with its password instead (the environment only)."
    case .insecureSecretFile(let path):
      "The password file \(path) can be read by other users. Run: chmod 600 \(path)"
    }
  }
}
