import Foundation
import GRDB
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import Testing

@testable import PokjaPersistence

/// A fresh folder for one test's database file.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "pokja-test-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func draft(_ key: String, to recipient: String = "wulan@example.org") -> OutboundDraft {
  OutboundDraft(
    dedupeKey: key, kind: .invitation, meetingID: nil, contactID: nil,
    sender: EmailAddress("sekretariat@example.org")!, destination: .email(EmailAddress(recipient)!),
    messageID: "\(key)@example.org", subject: "Undangan \(key)",
    content: "Subject: x\r\n\r\nbody\r\n")
}

@Suite struct SQLiteStoreTests {
  let now = Date(timeIntervalSince1970: 1_796_000_000)

  @Test func aDatabaseFileIsCreatedMigratedAndReopened() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("nested/pokja.sqlite").path
    #expect(throws: StorageError.databaseMissing(path)) {
      try PokjaDatabase.open(path: path, create: false)
    }
    let store = SQLiteStore(try PokjaDatabase.open(path: path, create: true))
    _ = try Directory(store: store).addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    // WAL mode: concurrent readers never block the cron writer.
    #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    let reopened = SQLiteStore(try PokjaDatabase.open(path: path, create: false))
    #expect(try reopened.organisations().map(\.acronym) == ["Kemensos"])
    #expect(PokjaDatabase.migrationNames.count == 6)
  }

  /// An idle cron run opens the database and finds nothing to do: the file must not be written
  /// (no journal table, no sync), whether or not the last run left a WAL file behind.
  @Test func openingAnUpToDateDatabaseWritesNothing() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("pokja.sqlite").path
    do {
      let store = SQLiteStore(try PokjaDatabase.open(path: path, create: true))
      _ = try Directory(store: store).addOrganisation(
        name: "Kementerian Sosial", acronym: "Kemensos")
    }
    // The last connection closed: SQLite checkpointed and removed the WAL file.
    #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    let changeCounter = { () throws -> [UInt8] in
      Array(try Data(contentsOf: URL(fileURLWithPath: path))[24..<28])
    }
    let before = try changeCounter()
    for _ in 0..<2 {
      let database = try PokjaDatabase.open(path: path, create: false)
      #expect(try SQLiteStore(database).organisations().count == 1)
      let mode = try database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
      #expect(mode == "wal")
    }
    #expect(try changeCounter() == before)
  }

  @Test func aVersion1DatabaseIsUpgradedWithItsDataSearchable() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("v1.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try PokjaDatabase.migrate(queue, upTo: "v1: directory, rooms, meetings, outbox")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO organisation (name, name_key, acronym, acronym_key, email, phone, search_text)
          VALUES ('Muslimat NU', 'muslimat nu', NULL, NULL, 'info@muslimatnu.example', '+62213103591',
                  'muslimat nu');
          INSERT INTO contact (name, organisation_id, email, phone, language, search_text)
          VALUES ('Nur Aini', 1, 'nur@mnu.example', '+6281234567890', 'id', 'nur aini');
          """)
    }
    try queue.close()
    let store = SQLiteStore(try PokjaDatabase.open(path: path, create: false))
    let organisation = try #require(try store.organisations().first)
    #expect(organisation.emails.map(\.value) == ["info@muslimatnu.example"])
    #expect(organisation.phones.map(\.value) == ["+62213103591"])
    let contact = try #require(try store.contacts().first)
    #expect(contact.memberships.map(\.organisationID) == [organisation.id])
    #expect(contact.phones.map(\.value) == ["+6281234567890"])
    let directory = Directory(store: store)
    #expect(try directory.find("muslinat").map(\.name) == ["Muslimat NU", "Nur Aini"])
    #expect(try directory.contact("nur@mnu.example").id == contact.id)
  }

  @Test func lookupsOpenTheDatabaseReadOnly() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("pokja.sqlite").path
    let store = SQLiteStore(try PokjaDatabase.open(path: path, create: true))
    _ = try Directory(store: store).addOrganisation(name: "Kementerian Sosial")
    let reader = SQLiteStore(try PokjaDatabase.open(path: path, create: false, readOnly: true))
    #expect(try reader.organisations().map(\.name) == ["Kementerian Sosial"])
    #expect(throws: (any Error).self) {
      try Directory(store: reader).addOrganisation(name: "Kementerian Luar Negeri")
    }
  }

  @Test func aFileThatIsNotADatabaseIsRefusedWithoutTouchingIt() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("notes.sqlite").path
    try "just some text, not SQLite".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: StorageError.self) { try PokjaDatabase.open(path: path, create: false) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "just some text, not SQLite")
  }

  @Test func enqueueingTheSameMessageTwiceQueuesItOnce() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    let first = try store.enqueue([draft("a"), draft("b")], route: .smtp, at: now)
    #expect(first.map(\.dedupeKey) == ["a", "b"])
    let second = try store.enqueue([draft("b"), draft("c")], route: .file, at: now)
    #expect(second.map(\.dedupeKey) == ["c"])
    #expect(try store.counts(meeting: nil) == [.queued: 3])
    let states = try store.states(ofKeys: ["a", "c", "zzz"])
    #expect(states.count == 2)
    #expect(states["a"]?.0 == .queued && states["a"]?.1 == .smtp)
    #expect(states["c"]?.1 == .file)
  }

  func claim(
    _ store: SQLiteStore, at time: Date? = nil, lease: TimeInterval = 300, limit: Int = 500,
    route: MessageRoute = .smtp, token: String = UUID().uuidString
  ) throws -> [OutboundMessage] {
    let at = time ?? now
    return try store.claim(
      dueAt: at, leaseUntil: at.addingTimeInterval(lease), limit: limit, after: nil, meeting: nil,
      route: route, token: token)
  }

  @Test func twoRunsClaimingAtOnceNeverGetTheSameMessage() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("pokja.sqlite").path
    let setup = SQLiteStore(try PokjaDatabase.open(path: path, create: true))
    _ = try setup.enqueue((1...200).map { draft("m\($0)") }, route: .smtp, at: now)
    // Two processes' worth of connections to one file, claiming concurrently.
    let stores = [
      SQLiteStore(try PokjaDatabase.open(path: path, create: false)),
      SQLiteStore(try PokjaDatabase.open(path: path, create: false)),
    ]
    let claimed = Claimed()
    let now = self.now
    DispatchQueue.concurrentPerform(iterations: 20) { index in
      let batch = try? stores[index % 2].claim(
        dueAt: now, leaseUntil: now.addingTimeInterval(300), limit: 10, after: nil, meeting: nil,
        route: .smtp, token: "run-\(index)")
      claimed.add(batch?.map(\.id) ?? [])
    }
    let ids = claimed.all
    #expect(ids.count == 200)
    #expect(Set(ids).count == 200)
    // Claimed messages are not due again until their lease lapses.
    #expect(try claim(setup).isEmpty)
    let lapsed = try claim(setup, at: now.addingTimeInterval(301))
    #expect(lapsed.count == 200)
    // Claims are not attempts: only what reaches the server counts.
    #expect(lapsed.allSatisfy { $0.attempts == 0 })
  }

  @Test func onlyTheRunHoldingTheClaimRecordsTheOutcome() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    let queued = try store.enqueue([draft("a"), draft("b")], route: .smtp, at: now)
    _ = try claim(store, token: "slow-run")
    // The slow run's lease lapses; another run takes both over.
    let takeover = try claim(store, at: now.addingTimeInterval(301), token: "second-run")
    #expect(takeover.count == 2)
    #expect(try !store.markSent(queued[0].id, token: "slow-run", at: now, receipt: "250"))
    #expect(try store.markSent(queued[0].id, token: "second-run", at: now, receipt: "250"))
    // Renewing keeps the claim; releasing puts untouched messages back. Claims are not attempts.
    // The slow run's renewal finds only what it still holds: none (the second run took both).
    #expect(try store.renew(token: "slow-run", until: now.addingTimeInterval(10_000)) == 0)
    #expect(try store.renew(token: "second-run", until: now.addingTimeInterval(10_000)) == 1)
    #expect(try claim(store, at: now.addingTimeInterval(5_000)).isEmpty)
    try store.release(token: "second-run", at: now, except: nil)
    let back = try claim(store)
    #expect(back.map(\.dedupeKey) == ["b"])
    #expect(back.first?.attempts == 0)
  }

  @Test func routesAreKeptApart() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    _ = try store.enqueue([draft("smtp")], route: .smtp, at: now)
    _ = try store.enqueue([draft("file")], route: .file, at: now)
    #expect(try claim(store, route: .file).map(\.dedupeKey) == ["file"])
    #expect(try claim(store, route: .smtp).map(\.dedupeKey) == ["smtp"])
  }

  @Test func outcomesAreRecorded() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], route: .smtp, at: now)
    _ = try claim(store, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250 OK"))
    #expect(
      try store.markFailed(
        queued[1].id, token: "run", error: "connection refused", at: now, retryAt: now,
        isAttempt: false))
    #expect(
      try store.markFailed(
        queued[2].id, token: "run", error: "550 no such user", at: now, retryAt: nil,
        isAttempt: true))
    #expect(try store.counts(meeting: nil) == [.sent: 1, .queued: 1, .dead: 1])
    let retry = try claim(store)
    #expect(retry.map(\.dedupeKey) == ["b"])
    #expect(retry.first?.lastError == "connection refused")
    // Only what reached the server counts: the delivery and the refusal, not the connection failure.
    #expect(retry.first?.attempts == 0)
    let all = try store.messages(state: nil, meeting: nil, limit: 10)
    #expect(all.first { $0.dedupeKey == "a" }?.attempts == 1)
    #expect(all.first { $0.dedupeKey == "c" }?.attempts == 1)
    #expect(
      try store.messages(state: .dead, meeting: nil, limit: 10).map(\.lastError) == [
        "550 no such user"
      ])
  }

  @Test func purgeDropsContentsAndKeepsTheRecordThatKeepsAKeyFromBeingQueuedAgain() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], route: .smtp, at: now)
    _ = try claim(store, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250"))
    #expect(try store.markSent(queued[1].id, token: "run", at: now, receipt: "250"))
    try store.release(token: "run", at: now, except: nil)
    let later = now.addingTimeInterval(86_400)
    let result = try store.purge(before: later, at: later)
    #expect(result.messages == 2)
    #expect(result.bytes == 2 * "Subject: x\r\n\r\nbody\r\n".utf8.count)
    #expect(result.sentRecords == 2)
    // The record stays, without its contents; the queued message keeps its body.
    let sent = try #require(try store.message(queued[0].id))
    #expect(sent.state == .sent && sent.content.isEmpty && sent.contentPurgedAt == later)
    #expect(try store.message(queued[2].id)?.content == "Subject: x\r\n\r\nbody\r\n")
    // What was sent is never queued again: its key is still taken.
    #expect(try store.enqueue([draft("a"), draft("b")], route: .smtp, at: later).isEmpty)
    #expect(try store.states(ofKeys: ["a", "b"]).mapValues(\.0) == ["a": .sent, "b": .sent])
    // A second purge finds nothing more to drop, and says the records are still there.
    #expect(
      try store.purge(before: later, at: later)
        == PurgeResult(messages: 0, bytes: 0, sentRecords: 2))
  }

  @Test func sendSlotsAreSharedByEveryoneUsingTheStore() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    // 30 a minute: one every 2 s. An idle destination sends at once; the next waits its turn, also
    // when asked "at the same moment" by another run.
    #expect(try store.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: now) == now)
    #expect(
      try store.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: now)
        == now.addingTimeInterval(2))
    #expect(
      try store.reserveSendSlot(
        endpoint: "smtp://a:587", spacing: 2, now: now.addingTimeInterval(1))
        == now.addingTimeInterval(4))
    // Another server has its own window; after a pause the window starts from now again.
    #expect(try store.reserveSendSlot(endpoint: "smtp://b:587", spacing: 2, now: now) == now)
    let idle = now.addingTimeInterval(60)
    #expect(try store.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: idle) == idle)
  }

  @Test func anUnreadableRowIsReportedNotCrashedOn() throws {
    let writer = try PokjaDatabase.inMemory()
    try writer.write { db in
      try db.execute(
        sql:
          "INSERT INTO contact (name, email, language) VALUES ('X', 'not an address', 'id')"
      )
    }
    let store = SQLiteStore(writer)
    #expect(throws: StorageError.corruptRow(table: "contact", id: 1, column: "email")) {
      try store.contacts()
    }
  }
}

/// Collects claimed IDs from concurrent closures.
final class Claimed: @unchecked Sendable {
  private let lock = NSLock()
  private var ids: [OutboundMessageID] = []
  func add(_ more: [OutboundMessageID]) { lock.withLock { ids += more } }
  var all: [OutboundMessageID] { lock.withLock { ids } }
}

/// Outbox destinations as the store keeps them.
@Suite struct OutboxDestinationStoreTests {
  /// A webhook message's destination is its channel (ID and name); one queued before version 6 named
  /// the channel as a made-up address, which the migration turns into the name.
  @Test func aChannelDestinationIsStoredAndReadBackAsAChannel() throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    let writer = try DatabaseQueue(configuration: configuration)
    try PokjaDatabase.migrate(
      writer, upTo: "v5: outbox records kept after purge, shared send rate, guest lists")
    try writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO channel (id, name, url, preset, created_at)
          VALUES (3, 'tim', 'https://hooks.example.org/x', 'json', '2026-12-01 00:00:00.000');
          INSERT INTO outbox_message (dedupe_key, kind, sender, recipient, message_id, subject, route,
                                      channel_id, created_at, next_attempt_at)
          VALUES ('webhook:old:3', 'reminder', 's@example.org', 'tim@webhook.invalid', 'msg_1',
                  'Pengingat', 'webhook', 3, '2026-12-01 00:00:00.000', '2026-12-01 00:00:00.000');
          INSERT INTO outbox_body (message_id, content) VALUES (1, '{}');
          """)
    }
    try PokjaDatabase.migrate(writer)
    let store = SQLiteStore(writer)
    #expect(try store.message(OutboundMessageID(1))?.destination == .channel(id: 3, name: "tim"))
    var hook = draft("webhook:new:3")
    hook.destination = .channel(id: 3, name: "tim")
    hook.route = .webhook
    let queued = try store.enqueue([hook, draft("mail")], route: .smtp, at: Date())
    #expect(
      queued.map(\.destination) == [
        .channel(id: 3, name: "tim"), .email(EmailAddress("wulan@example.org")!),
      ])
    let read = try store.messages(state: .queued, meeting: nil, limit: 10).map(\.destination)
    #expect(
      Set(read) == [.channel(id: 3, name: "tim"), .email(EmailAddress("wulan@example.org")!)])
  }
}
