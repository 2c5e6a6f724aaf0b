import Foundation
import PokjaDirectory
import Testing

@testable import PokjaPersistence

/// `DatabaseBackup.restore`: the live database is saved next to itself before it is replaced.
@Suite struct DatabaseBackupTests {
  /// 2026-11-29T08:30:00Z.
  let now = Date(timeIntervalSince1970: 1_795_941_000)

  /// A live database with one organisation, and a backup of it taken before a second was added.
  func liveAndBackup(in folder: URL) throws -> (live: String, backup: String) {
    let live = folder.appendingPathComponent("pokja.sqlite").path
    let directory = Directory(store: SQLiteStore(try PokjaDatabase.open(path: live, create: true)))
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    let backup = folder.appendingPathComponent("backup.sqlite").path
    _ = try DatabaseBackup.backup(livePath: live, to: backup)
    _ = try directory.addOrganisation(name: "LBH APIK Jakarta")
    return (live, backup)
  }

  func organisations(_ path: String) throws -> [String] {
    try SQLiteStore(PokjaDatabase.open(path: path, create: false, readOnly: true))
      .organisations().map(\.name)
  }

  @Test func theSafetyCopyIsNamedAfterTheTimeInUTCWithoutColons() throws {
    let folder = try temporaryFolder()
    let live = folder.appendingPathComponent("pokja.sqlite").path
    #expect(
      DatabaseBackup.safetyCopyPath(for: live, at: now)
        == live + ".before-restore-2026-11-29T083000Z")
  }

  @Test func aTakenNameGetsANumberSoNoEarlierCopyIsOverwritten() throws {
    let folder = try temporaryFolder()
    let live = folder.appendingPathComponent("pokja.sqlite").path
    let first = live + ".before-restore-2026-11-29T083000Z"
    #expect(FileManager.default.createFile(atPath: first, contents: Data("earlier".utf8)))
    #expect(DatabaseBackup.safetyCopyPath(for: live, at: now) == first + "-2")
    #expect(FileManager.default.createFile(atPath: first + "-2", contents: Data("earlier".utf8)))
    #expect(DatabaseBackup.safetyCopyPath(for: live, at: now) == first + "-3")
  }

  @Test func restoreKeepsTheLiveDatabaseAsItWasBeforeReplacingIt() throws {
    let folder = try temporaryFolder()
    let (live, backup) = try liveAndBackup(in: folder)
    let restored = try DatabaseBackup.restore(from: backup, livePath: live, at: now)
    #expect(restored.safetyCopy == live + ".before-restore-2026-11-29T083000Z")
    #expect(restored.summary.organisations == 1)
    #expect(try organisations(live) == ["Kementerian Sosial"])
    #expect(
      try organisations(restored.safetyCopy).sorted() == ["Kementerian Sosial", "LBH APIK Jakarta"])

    // A second restore in the same second keeps both copies.
    let again = try DatabaseBackup.restore(from: backup, livePath: live, at: now)
    #expect(again.safetyCopy == restored.safetyCopy + "-2")
    #expect(try organisations(again.safetyCopy) == ["Kementerian Sosial"])
    #expect(
      try organisations(restored.safetyCopy).sorted() == ["Kementerian Sosial", "LBH APIK Jakarta"])
  }

  @Test func aBackupThatIsNotSoundLeavesNoSafetyCopyAndChangesNothing() throws {
    let folder = try temporaryFolder()
    let (live, _) = try liveAndBackup(in: folder)
    let junk = folder.appendingPathComponent("junk.sqlite").path
    #expect(FileManager.default.createFile(atPath: junk, contents: Data("not a database".utf8)))
    #expect(throws: BackupError.self) {
      try DatabaseBackup.restore(from: junk, livePath: live, at: now)
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!names.contains { $0.contains("before-restore") })
    #expect(try organisations(live).count == 2)
  }
}
