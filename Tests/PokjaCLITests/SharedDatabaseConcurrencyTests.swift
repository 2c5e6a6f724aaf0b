import Foundation
import PokjaTestSupport
import Testing

/// Several `pokja` processes on one shared PostgreSQL database at the same moment, as a secretariat
/// with several secretaries and cron hosts runs it (issue 13): real processes of the built binary,
/// a real server (a throwaway cluster), a real SMTP server. One room is booked once; thousands of
/// messages go out once each, and when a sender is killed nothing is lost and at most its last
/// message arrives twice; no secretary's change to a contact, organisation or group is lost.
// On PostgreSQL by nature: run once, in the first pass (not again under POKJA_TEST_STORE=postgres).
@Suite(.serialized, .disabled(if: StoreKind.underTest == .postgres, "ran in the first pass"))
struct SharedDatabaseConcurrencyTests {

  // MARK: 1. Ten bookings of one room

  /// Ten secretaries book the same room for the same morning at the same instant: one gets it, the
  /// other nine are refused as SQLite refuses them (exit 65, the same words), and the database holds
  /// one meeting.
  @Test func tenBookingsOfOneRoomAtOnceLetExactlyOneThrough() throws {
    let started = ContinuousClock.now
    let shared = try SharedPostgres("booking")
    let room = "Ruang Rapat Lt 7"
    try shared.host("setup").run(["init"]).expectSuccess()
    try shared.host("setup").run(["room", "add", "--name", room, "--capacity", "40"])
      .expectSuccess()

    let bookings = (1...10).map { number in
      (
        [
          "meeting", "add", "--title", "Rapat Koordinasi \(number)", "--start", "2026-12-07T10:00",
          "--duration", "2h", "--room", room,
        ],
        shared.host("sekretaris\(number)").environment
      )
    }
    let runs = try Crowd(bookings).releaseAndWait()

    let winners = runs.indices.filter { runs[$0].status == 0 }
    let refused = runs.indices.filter { runs[$0].status == 65 }
    #expect(winners.count == 1, "\(runs.map(\.status)) \(runs.map(\.errors))")
    #expect(refused.count == 9, "\(runs.map(\.status)) \(runs.map(\.errors))")
    let winner = try #require(winners.first)
    // The database holds the winner's meeting alone, with one occurrence.
    #expect(
      try shared.psql("SELECT id || ' ' || title FROM meeting")
        == "1 Rapat Koordinasi \(winner + 1)")
    #expect(try shared.psql("SELECT count(*) FROM occurrence") == "1")

    // The refusal SQLite gives for the same second booking, word for word.
    let sqlite = try PokjaBinary.home()
    let local = ["POKJA_HOME": sqlite.path, "HOME": sqlite.path]
    try PokjaBinary.runSteps(
      [
        ["init"], ["room", "add", "--name", room, "--capacity", "40"],
        [
          "meeting", "add", "--title", "Rapat Koordinasi \(winner + 1)", "--start",
          "2026-12-07T10:00", "--duration", "2h", "--room", room,
        ],
      ], local)
    let onSQLite = try PokjaBinary.run(
      [
        "meeting", "add", "--title", "Rapat Koordinasi 99", "--start", "2026-12-07T10:00",
        "--duration", "2h", "--room", room,
      ], local)
    #expect(onSQLite.status == 65)
    #expect(
      onSQLite.errors.hasPrefix(
        "pokja: Room '\(room)' is already booked by meeting 1 'Rapat Koordinasi \(winner + 1)'"),
      "\(onSQLite.errors)")
    for index in refused {
      #expect(runs[index].errors == onSQLite.errors, "\(runs[index].errors)")
      #expect(runs[index].output.isEmpty, "\(runs[index].output)")
    }
    print(
      "room booking: 10 at once, winner #\(winner + 1), \(refused.count) refused (exit 65); "
        + "\(ContinuousClock.now - started)")
  }

  // MARK: 2. Four senders on two hosts, 10,000 messages

  static let messageCount = 10_000

  /// Four `outbox send` runs, two on each of two hosts (each host its own POKJA_HOME and config;
  /// only the database URL is shared), deliver 10,000 queued messages: every one arrives, none twice.
  @Test func fourSendersOnTwoHostsDeliverTenThousandMessagesOnceEach() throws {
    let started = ContinuousClock.now
    let (shared, server) = try Self.loadedOutbox("senders")
    defer { server.stop() }
    let hosts = [
      try Self.senderHost(shared, server, "a"), try Self.senderHost(shared, server, "b"),
    ]
    let senders = [hosts[0], hosts[0], hosts[1], hosts[1]].map {
      (["outbox", "send", "--json"], $0.environment)
    }
    let runs = try Crowd(senders).releaseAndWait()

    var delivered: [Int] = []
    for run in runs {
      #expect(run.status == 0, "\(run.errors)")
      delivered.append(try Self.deliveredCount(run))
    }
    let received = try server.receivedMessages()
    let copies = try Self.copiesByMessageID(received)
    print(
      "4 senders, 2 hosts: delivered \(delivered) (sum \(delivered.reduce(0, +))); server received "
        + "\(received.count) messages, \(copies.count) distinct Message-IDs; "
        + "\(ContinuousClock.now - started)")
    #expect(delivered.reduce(0, +) == Self.messageCount)
    // Each sender took part: the claims are shared out, not taken by the first.
    #expect(delivered.allSatisfy { $0 > 0 }, "\(delivered)")
    #expect(received.count == Self.messageCount)
    #expect(copies.count == Self.messageCount)
    #expect(copies.values.allSatisfy { $0.count == 1 })
    #expect(Set(copies.keys) == Self.seededMessageIDs)
    #expect(try shared.psql(Self.statesQuery) == "sent \(Self.messageCount)")
  }

  /// The same four senders, one of them killed with SIGKILL while it sends. Its claims lapse after
  /// the lease (5 s) and the next run on its host takes them over. Nothing is lost; what the killed
  /// process had handed to the server but not yet recorded may arrive a second time, with the same
  /// Message-ID and the same bytes: at most one message (it sends one at a time).
  ///
  /// The kill is aimed at that window: once a fifth of the messages are through, the outbox table
  /// is locked against writes for a moment, so each sender stops at its next write, which is
  /// nearly always recording a message the server has just taken; the victim is killed there. The
  /// server checks every 100 ms whether a session's client is still there
  /// (`client_connection_check_interval`), so the killed sender's record is never written: its
  /// message arrived, and the database does not know.
  @Test func aSenderKilledMidRunLosesNothingAndRepeatsAtMostOneMessage() throws {
    let started = ContinuousClock.now
    let (shared, server) = try Self.loadedOutbox("killed")
    defer { server.stop() }
    try shared.psql(
      "ALTER DATABASE \(shared.name) SET client_connection_check_interval = '100ms'")
    let hosts = [
      try Self.senderHost(shared, server, "a"), try Self.senderHost(shared, server, "b"),
    ]
    let senders = [hosts[0], hosts[0], hosts[1], hosts[1]].map {
      (["outbox", "send", "--json"], $0.environment)
    }
    let crowd = try Crowd(senders)
    crowd.release()
    // Mid-run: a fifth of the messages are through.
    let deadline = ContinuousClock.now + .seconds(90)
    while server.dataCommands < Self.messageCount / 5 && ContinuousClock.now < deadline {
      usleep(20_000)
    }
    let victim = crowd.members[0].process
    try #require(victim.isRunning, "the first sender ended before it could be killed")
    // Every sender waits at its next write to the outbox (the lock is given up in 20 s at most).
    let locker = try shared.psqlInBackground(
      "BEGIN; LOCK TABLE outbox_message IN EXCLUSIVE MODE; SELECT pg_sleep(20); COMMIT")
    let running = crowd.members.filter { $0.process.isRunning }.count
    let waiting = try shared.lockWaiters(until: { $0.count >= running }, timeout: .seconds(10))
    kill(victim.processIdentifier, SIGKILL)
    victim.waitUntilExit()
    let killedAt = server.dataCommands
    // The server notices that the victim is gone and ends its session, record unwritten.
    let left = try shared.lockWaiters(until: { $0.count < waiting.count }, timeout: .seconds(10))
    try shared.psql(
      "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND query LIKE '%LOCK TABLE%' AND pid <> pg_backend_pid()")
    locker.waitUntilExit()
    let runs = crowd.wait()
    #expect(runs[0].status == SIGKILL && victim.terminationReason == .uncaughtSignal)
    var delivered: [Int] = []
    for run in runs.dropFirst() {
      #expect(run.status == 0, "\(run.errors)")
      delivered.append(try Self.deliveredCount(run))
    }
    // Cron's next runs on the killed sender's host, until its claims have lapsed and are sent.
    var afterwards: [Int] = []
    while try shared.psql(Self.statesQuery) != "sent \(Self.messageCount)", afterwards.count < 30 {
      usleep(1_000_000)
      let run = try hosts[0].run(["outbox", "send", "--json"])
      #expect(run.status == 0, "\(run.errors)")
      afterwards.append(try Self.deliveredCount(run))
    }
    #expect(try shared.psql(Self.statesQuery) == "sent \(Self.messageCount)")

    let received = try server.receivedMessages()
    let copies = try Self.copiesByMessageID(received)
    let repeated = copies.filter { $0.value.count > 1 }
    let byVictim = received.count - delivered.reduce(0, +) - afterwards.reduce(0, +)
    let recording = waiting.filter { $0.contains("SET state = 'sent'") }.count
    print(
      "SIGKILL after \(killedAt) deliveries, with \(recording) of \(waiting.count) senders waiting "
        + "to record a delivery (\(left.count) after the kill); survivors delivered \(delivered), "
        + "the killed sender \(byVictim) (\(repeated.count) never recorded), cron afterwards "
        + "\(afterwards); server received \(received.count) messages, \(copies.count) distinct "
        + "Message-IDs, \(repeated.count) delivered twice; \(ContinuousClock.now - started)")
    // Nothing lost.
    #expect(Set(copies.keys) == Self.seededMessageIDs)
    #expect(byVictim > 0, "the killed sender had delivered nothing")
    // At most the one message the killed process was sending arrived twice, both copies alike;
    // exactly one when every sender, the victim among them, was waiting to record a delivery and
    // the victim's session ended without writing it.
    #expect(repeated.count <= 1, "\(repeated.keys.sorted())")
    if recording == running && waiting.count == running && left.count == running - 1 {
      #expect(repeated.count == 1, "the killed sender's unrecorded delivery was not sent again")
    }
    #expect(received.count == Self.messageCount + repeated.count)
    for (messageID, messages) in repeated {
      #expect(messages.count == 2, "\(messageID)")
      #expect(Set(messages.map(\.data)).count == 1, "\(messageID) arrived with different bytes")
      #expect(Set(messages.map(\.rcptTos)).count == 1, "\(messageID)")
    }
  }

  // MARK: 3. Ten secretaries edit one contact

  /// Ten secretaries, each connecting as their own database role, change one contact at once: each
  /// adds a tag of their own, nine also set a field of their own. Afterwards every change is there,
  /// and the change log has one entry per edit naming the role that made it.
  @Test func tenSecretariesEditingOneContactAtOnceLoseNoChange() throws {
    let started = ContinuousClock.now
    let shared = try SharedPostgres("editing")
    let setup = shared.host("setup")
    try setup.run(["init"]).expectSuccess()
    try setup.run(["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"])
      .expectSuccess()
    try setup.run(["contact", "add", "--name", "Wulan Sari", "--email", "wulan@kemensos.example"])
      .expectSuccess()
    // One role per secretary, allowed to read and write Pokja's tables (not to own them).
    let roles = (1...10).map { "\(shared.name)_sekretaris\($0)" }
    for role in roles { try shared.psql("CREATE ROLE \(role) LOGIN") }
    let grantees = roles.joined(separator: ", ")
    try shared.psql(
      "GRANT ALL ON ALL TABLES IN SCHEMA public TO \(grantees); "
        + "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \(grantees)")

    let fields: [[String]] = [
      ["--position", "Analis Kebijakan Ahli Muda"], ["--honorific", "Ibu"],
      ["--telegram", "wulansari"], ["--notes", "Koordinator wilayah timur"], ["--lang", "en"],
      ["--add-email", "wulan.sari@kemsos.example"], ["--whatsapp", "+6281234567890"],
      ["--add-phone", "+62 21 3103591"], ["--add-org", "Kemensos"], [],
    ]
    let edits = roles.enumerated().map { index, role in
      (
        ["contact", "edit", "wulan@kemensos.example", "--add-tag", "wilayah-\(index + 1)"]
          + fields[index],
        shared.host("sekretaris\(index + 1)", user: role).environment
      )
    }
    let runs = try Crowd(edits).releaseAndWait()
    for run in runs { #expect(run.status == 0, "\(run.errors)") }

    let show = try setup.run(["contact", "show", "wulan@kemensos.example", "--json"])
    try show.expectSuccess()
    let contact = try #require(
      try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
    #expect(
      Set(contact["tags"] as? [String] ?? []) == Set((1...10).map { "wilayah-\($0)" }),
      "\(contact["tags"] ?? "no tags")")
    #expect(contact["position"] as? String == "Analis Kebijakan Ahli Muda")
    #expect(contact["honorific"] as? String == "Ibu")
    #expect(contact["telegram"] as? String == "wulansari")
    #expect(contact["notes"] as? String == "Koordinator wilayah timur")
    #expect(contact["language"] as? String == "en")
    #expect(
      contact["emails"] as? [String] == ["wulan@kemensos.example", "wulan.sari@kemsos.example"])
    #expect(contact["whatsapp"] as? String == "+6281234567890")
    #expect(contact["phones"] as? [String] == ["+62213103591"])
    #expect((contact["organisation"] as? [String: Any])?["acronym"] as? String == "Kemensos")

    // One change per edit, each naming the secretary's role and their own change.
    let log = try setup.run(["log", "--contact", "wulan@kemensos.example", "--json"])
    try log.expectSuccess()
    let entries = try #require(
      try JSONSerialization.jsonObject(with: Data(log.output.utf8)) as? [[String: Any]])
    let changes = entries.filter { $0["action"] as? String == "changed" }
    #expect(changes.count == 10, "\(entries)")
    #expect(entries.count == 11, "\(entries)")
    #expect(Set(changes.compactMap { $0["databaseUser"] as? String }) == Set(roles))
    // The edits took turns: the first saw none of the others' tags, the last saw all nine.
    var tagsSeen: [Int] = []
    for (index, role) in roles.enumerated() {
      let entry = changes.first { $0["databaseUser"] as? String == role }
      #expect(entry?["actor"] as? String == "sekretaris\(index + 1)")
      let summary = entry?["summary"] as? String ?? ""
      // Its tags before and after: its own is added, none another secretary added is dropped.
      let tags =
        summary.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        .first { $0.hasPrefix("tags:") } ?? ""
      let sides = tags.dropFirst("tags:".count).components(separatedBy: " → ")
      let before = Set(Self.tagList(sides.first ?? ""))
      let after = Set(Self.tagList(sides.last ?? ""))
      #expect(
        sides.count == 2 && after == before.union(["wilayah-\(index + 1)"])
          && !before.contains("wilayah-\(index + 1)"), "\(role): \(summary)")
      tagsSeen.append(before.count)
    }
    #expect(tagsSeen.sorted() == Array(0..<10), "\(tagsSeen)")
    #expect(try shared.psql("SELECT count(*) FROM change_log WHERE action = 'changed'") == "10")
    print(
      "contact edits: 10 at once, \(changes.count) logged changes by \(Set(roles).count) roles; "
        + "\(ContinuousClock.now - started)")
  }

  /// The same for an organisation and a group: five secretaries tag one organisation while five
  /// others each add a member to one group, all at once. Every tag and every member is there.
  @Test func tagsOfOneOrganisationAndMembersOfOneGroupAddedAtOnceAreAllKept() throws {
    let started = ContinuousClock.now
    let shared = try SharedPostgres("groups")
    let setup = shared.host("setup")
    var steps: [[String]] = [
      ["init"], ["org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos"],
    ]
    for number in 0...5 {
      steps.append([
        "contact", "add", "--name", "Peserta \(number)", "--email",
        "peserta\(number)@kemensos.example",
      ])
    }
    steps.append(["group", "add", "Tim Inti", "--contact", "peserta0@kemensos.example"])
    try PokjaBinary.runSteps(steps, setup.environment)

    let changes = (1...5).flatMap { number in
      [
        (
          ["org", "edit", "Kemensos", "--add-tag", "mitra-\(number)"],
          shared.host("sekretaris\(number)").environment
        ),
        (
          ["group", "add-member", "Tim Inti", "--contact", "peserta\(number)@kemensos.example"],
          shared.host("sekretaris\(number + 5)").environment
        ),
      ]
    }
    let runs = try Crowd(changes).releaseAndWait()
    for run in runs { #expect(run.status == 0, "\(run.errors)") }

    let shown = try Self.json(setup.run(["org", "show", "Kemensos", "--json"]))
    let organisation = try #require(shown["organisation"] as? [String: Any], "\(shown)")
    #expect(
      Set(organisation["tags"] as? [String] ?? []) == Set((1...5).map { "mitra-\($0)" }),
      "\(organisation["tags"] ?? "no tags")")
    let group = try Self.json(setup.run(["group", "show", "Tim Inti", "--json"]))
    #expect(Set(group["contacts"] as? [Int] ?? []) == Set(1...6), "\(group["contacts"] ?? "none")")
    #expect(
      try shared.psql(
        "SELECT entity || ' ' || count(*) FROM change_log WHERE action = 'changed' "
          + "GROUP BY entity ORDER BY entity") == "group 5\norganisation 5")
    print(
      "organisation tags and group members: 10 changes at once; \(ContinuousClock.now - started)")
  }

  // MARK: Helpers

  /// A run's `--json` output as an object, once it succeeded.
  static func json(_ run: PokjaRun) throws -> [String: Any] {
    try run.expectSuccess()
    return try #require(
      try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any],
      "\(run.output)")
  }

  /// `wilayah-1, wilayah-2` (or `–`, none) from a change summary.
  static func tagList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("wilayah-") }
  }

  /// `state count` per state of the outbox, one line each.
  static let statesQuery =
    "SELECT state || ' ' || count(*) FROM outbox_message GROUP BY state ORDER BY state"

  /// The Message-IDs of the seeded messages.
  static let seededMessageIDs = Set((1...messageCount).map { "<load-\($0)@pokja.example>" })

  /// A shared database with `messageCount` messages queued for SMTP, as `enqueue` writes them (each
  /// its own recipient and Message-ID), and an SMTP server (STARTTLS and AUTH) to send them to.
  static func loadedOutbox(_ prefix: String) throws -> (SharedPostgres, SMTPTestServer) {
    var options = SMTPTestServer.Options()
    // Thousands of messages: the server syncs each file it writes, which in memory costs nothing.
    if FileManager.default.isWritableFile(atPath: "/dev/shm") {
      options.parentFolder = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
    }
    let server = try SMTPTestServer(options)
    let shared = try SharedPostgres(prefix)
    try shared.host("setup").run(["init"]).expectSuccess()
    try shared.psql(
      #"""
      INSERT INTO outbox_message (dedupe_key, kind, sender, recipient, message_id, subject, route,
                                  state, created_at, next_attempt_at)
      SELECT 'load:' || n, 'invitation', 'sekretariat@pokja.example',
             format('peserta%s@kemensos.example', n), format('load-%s@pokja.example', n),
             format('Pengumuman %s', n), 'smtp', 'queued', now() - interval '1 minute',
             now() - interval '1 minute'
      FROM generate_series(1, \#(messageCount)) AS n ORDER BY n;
      INSERT INTO outbox_body (message_id, content)
      SELECT id, format(E'Date: Mon, 07 Dec 2026 09:00:00 +0700\r\n'
                        || E'From: Sekretariat Pokja <sekretariat@pokja.example>\r\n'
                        || E'To: <%s>\r\nSubject: %s\r\nMessage-ID: <%s>\r\n'
                        || E'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n'
                        || E'Content-Transfer-Encoding: 7bit\r\n\r\n'
                        || E'Pesan uji nomor %s untuk Tim Pokja.\r\n',
                        recipient, subject, message_id, substr(dedupe_key, 6))
      FROM outbox_message WHERE dedupe_key LIKE 'load:%';
      """#)
    #expect(try shared.psql("SELECT count(*) FROM outbox_body") == "\(messageCount)")
    return (shared, server)
  }

  /// A sending host: its own POKJA_HOME and config (the shared database, a 5-second lease), the
  /// SMTP server's settings in its environment.
  static func senderHost(_ shared: SharedPostgres, _ server: SMTPTestServer, _ name: String)
    throws -> SharedPostgres.Host
  {
    var host = shared.host("host-\(name)", config: "[outbox]\nlease = \"5s\"\n")
    host.environment.merge(server.pokjaEnvironment(home: host.home)) { _, new in new }
    return host
  }

  /// `delivered` from `outbox send --json`.
  static func deliveredCount(_ run: PokjaRun) throws -> Int {
    let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
    return try #require(report?["delivered"] as? Int, "\(run.output)")
  }

  /// The received messages by their Message-ID header.
  static func copiesByMessageID(_ received: [SMTPTestServer.ReceivedMessage]) throws
    -> [String: [SMTPTestServer.ReceivedMessage]]
  {
    var copies: [String: [SMTPTestServer.ReceivedMessage]] = [:]
    for message in received {
      let header = try #require(
        message.text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") },
        "no Message-ID in \(message.file.path)")
      let id = header.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
      copies[id, default: []].append(message)
    }
    return copies
  }
}

/// One fresh database on the test process's PostgreSQL cluster, and the hosts that use it.
struct SharedPostgres {
  let server: PostgresTestServer
  let name: String
  let url: String

  init(_ prefix: String) throws {
    server = try PostgresTestServer.shared()
    name = PostgresTestServer.freshDatabaseName("concurrency_\(prefix)")
    url = try server.createDatabase(name)
  }

  /// Runs `sql` in the database as its owner; what it printed.
  @discardableResult
  func psql(_ sql: String) throws -> String { try server.psql(sql, database: name) }

  /// Starts `psql` running `sql` in the database and returns at once.
  func psqlInBackground(_ sql: String) throws -> Process {
    let root = "/usr/lib/postgresql"
    let newest = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
      .compactMap(Int.init).max()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "\(root)/\(newest ?? 0)/bin/psql")
    process.arguments = [
      "-X", "-q", "-A", "-t", "-h", server.folder.path, "-U", server.user, "-d", name, "-c", sql,
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// What the sessions of the database waiting for a lock are running (`UPDATE outbox_message
  /// SET state = 'sent'…`, shortened), once `done` holds for them or `timeout` has passed.
  func lockWaiters(until done: ([String]) -> Bool, timeout: Duration) throws -> [String] {
    let deadline = ContinuousClock.now + timeout
    while true {
      let queries = try psql(
        """
        SELECT regexp_replace(left(query, 60), '\\s+', ' ', 'g') FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
        """
      ).split(separator: "\n").map(String.init)
      if done(queries) || ContinuousClock.now >= deadline { return queries }
      usleep(20_000)
    }
  }

  /// A machine or an account using the database: its own POKJA_HOME with a config naming the
  /// database (as `user`, by default the cluster's superuser), plus `config`.
  func host(_ account: String, user: String? = nil, config: String = "") -> Host {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-\(name)-\(account)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let url = user.map { "postgresql://\($0)@/\(name)?host=\(server.folder.path)" } ?? self.url
    let text = "[database]\nurl = \"\(url)\"\n\n" + config
    try? text.write(
      to: home.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    return Host(
      home: home, environment: ["POKJA_HOME": home.path, "HOME": home.path, "USER": account])
  }

  struct Host {
    let home: URL
    var environment: [String: String]

    func run(_ arguments: [String]) throws -> PokjaRun {
      try PokjaBinary.run(arguments, environment)
    }
  }
}

/// `pokja` processes started together: each waits behind a barrier (a shell polling for a file)
/// until all are up, then all `exec` pokja at the same moment.
final class Crowd {
  struct Member {
    let process: Process
    let output: URL
    let errors: URL
  }

  let folder: URL
  private(set) var members: [Member] = []

  private static let barrier = #"""
    ready=$1; go=$2; shift 2; : > "$ready"
    while [ ! -e "$go" ]; do sleep 0.005; done
    exec "$@"
    """#

  /// Starts one process per run, each held at the barrier; returns once all of them wait there.
  init(_ runs: [([String], [String: String])]) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-crowd-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let pokja = try PokjaBinary.url().path
    for (index, (arguments, environment)) in runs.enumerated() {
      let output = folder.appendingPathComponent("\(index).out")
      let errors = folder.appendingPathComponent("\(index).err")
      for file in [output, errors] {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
      }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments =
        ["-c", Self.barrier, "sh", ready(index).path, go.path, pokja] + arguments
      process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
      process.standardInput = FileHandle.nullDevice
      let outputHandle = try FileHandle(forWritingTo: output)
      let errorsHandle = try FileHandle(forWritingTo: errors)
      process.standardOutput = outputHandle
      process.standardError = errorsHandle
      try process.run()
      try outputHandle.close()
      try errorsHandle.close()
      members.append(Member(process: process, output: output, errors: errors))
    }
    let deadline = ContinuousClock.now + .seconds(30)
    while !members.indices.allSatisfy({ FileManager.default.fileExists(atPath: ready($0).path) }) {
      guard ContinuousClock.now < deadline else {
        release()
        throw TestSupportError("the processes did not all reach the barrier within 30 s")
      }
      usleep(5_000)
    }
  }

  deinit {
    for member in members where member.process.isRunning {
      kill(member.process.processIdentifier, SIGKILL)
    }
    try? FileManager.default.removeItem(at: folder)
  }

  private var go: URL { folder.appendingPathComponent("go") }
  private func ready(_ index: Int) -> URL { folder.appendingPathComponent("\(index).ready") }

  /// Lets them all go.
  func release() { _ = FileManager.default.createFile(atPath: go.path, contents: nil) }

  /// Waits for every process; their exit statuses (the signal's number for one killed) and output.
  func wait() -> [PokjaRun] {
    members.map { member in
      member.process.waitUntilExit()
      return PokjaRun(
        status: member.process.terminationStatus,
        output: (try? String(contentsOf: member.output, encoding: .utf8)) ?? "",
        errors: (try? String(contentsOf: member.errors, encoding: .utf8)) ?? "")
    }
  }

  func releaseAndWait() -> [PokjaRun] {
    release()
    return wait()
  }
}
