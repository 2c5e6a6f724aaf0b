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

/// What only the SQLite store has: its file, its migrations, read-only lookups. The behaviour
/// every store shares is checked by the store contract (`PokjaStoreContractTests`).
@Suite struct SQLiteStoreTests {
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
    #expect(PokjaDatabase.migrationNames.count == 13)
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
    #expect(hook.route == .webhook)
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
