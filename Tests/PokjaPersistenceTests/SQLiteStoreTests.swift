import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import Testing

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
    sender: EmailAddress("sekretariat@example.org")!, recipient: EmailAddress(recipient)!,
    messageID: "\(key)@example.org", subject: "Undangan \(key)", content: "Subject: x\r\n\r\nbody\r\n")
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
    #expect(PokjaDatabase.migrationNames.count == 1)
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
    let first = try store.enqueue([draft("a"), draft("b")], at: now)
    #expect(first.map(\.dedupeKey) == ["a", "b"])
    let second = try store.enqueue([draft("b"), draft("c")], at: now)
    #expect(second.map(\.dedupeKey) == ["c"])
    #expect(try store.counts(meeting: nil) == [.queued: 3])
  }

  @Test func twoRunsClaimingAtOnceNeverGetTheSameMessage() throws {
    let folder = try temporaryFolder()
    let path = folder.appendingPathComponent("pokja.sqlite").path
    let setup = SQLiteStore(try PokjaDatabase.open(path: path, create: true))
    _ = try setup.enqueue((1...200).map { draft("m\($0)") }, at: now)
    // Two processes' worth of connections to one file, claiming concurrently.
    let stores = [
      SQLiteStore(try PokjaDatabase.open(path: path, create: false)),
      SQLiteStore(try PokjaDatabase.open(path: path, create: false)),
    ]
    let claimed = Claimed()
    DispatchQueue.concurrentPerform(iterations: 20) { index in
      let batch = try? stores[index % 2].claim(
        dueAt: now, leaseUntil: now.addingTimeInterval(300), limit: 10, meeting: nil)
      claimed.add(batch?.map(\.id) ?? [])
    }
    let ids = claimed.all
    #expect(ids.count == 200)
    #expect(Set(ids).count == 200)
    // Claimed messages are not due again until their lease lapses.
    #expect(try setup.claim(dueAt: now, leaseUntil: now, limit: 10, meeting: nil).isEmpty)
    let lapsed = try setup.claim(
      dueAt: now.addingTimeInterval(301), leaseUntil: now.addingTimeInterval(600), limit: 500,
      meeting: nil)
    #expect(lapsed.count == 200)
    #expect(lapsed.allSatisfy { $0.attempts == 2 })
  }

  @Test func outcomesAreRecorded() throws {
    let store = SQLiteStore(try PokjaDatabase.inMemory())
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], at: now)
    _ = try store.claim(dueAt: now, leaseUntil: now.addingTimeInterval(300), limit: 10, meeting: nil)
    try store.markSent(queued[0].id, at: now, receipt: "250 OK")
    try store.markFailed(queued[1].id, error: "connection refused", at: now, retryAt: now)
    try store.markFailed(queued[2].id, error: "550 no such user", at: now, retryAt: nil)
    #expect(try store.counts(meeting: nil) == [.sent: 1, .queued: 1, .dead: 1])
    let retry = try store.claim(dueAt: now, leaseUntil: now.addingTimeInterval(300), limit: 10, meeting: nil)
    #expect(retry.map(\.dedupeKey) == ["b"])
    #expect(retry.first?.lastError == "connection refused")
    #expect(try store.messages(state: .dead, limit: 10).map(\.lastError) == ["550 no such user"])
  }
}

/// Collects claimed IDs from concurrent closures.
final class Claimed: @unchecked Sendable {
  private let lock = NSLock()
  private var ids: [OutboundMessageID] = []
  func add(_ more: [OutboundMessageID]) { lock.withLock { ids += more } }
  var all: [OutboundMessageID] { lock.withLock { ids } }
}
