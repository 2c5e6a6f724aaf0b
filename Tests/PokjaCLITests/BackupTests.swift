import Foundation
import GRDB
import PokjaTestSupport
import Testing

/// `pokja backup` and `pokja restore` on real database files.
@Suite struct BackupTests {
  func organisationCount(_ cli: CLIHarness) throws -> Int {
    (try cli.json("org", "list") as! [Any]).count
  }

  @Test func aBackupIsConsistentWhileAnotherProcessWritesAndRestoresWithASafetyCopy() throws {
    let cli = try CLIHarness(onFile: true)
    _ = try cli.seedPlenary()
    let database = cli.home.appendingPathComponent("pokja.sqlite").path
    let backup = cli.home.appendingPathComponent("backups/pokja-1.sqlite").path
    try FileManager.default.createDirectory(
      atPath: (backup as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let before = try organisationCount(cli)

    // Another process holds a write transaction (a cron run mid-send) while the backup runs: the
    // backup waits for nothing and holds only what was committed.
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    writer.arguments = [
      "python3", "-c",
      """
      import sqlite3, sys, time
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("BEGIN IMMEDIATE")
      c.execute("CREATE TABLE held_by_another_process (x)")
      print("locked", flush=True)
      time.sleep(3)
      c.execute("ROLLBACK")
      """,
      database,
    ]
    let pipe = Pipe()
    writer.standardOutput = pipe
    try writer.run()
    #expect(
      String(decoding: pipe.fileHandleForReading.readData(ofLength: 7), as: UTF8.self) == "locked\n"
    )
    let started = ContinuousClock.now
    let made = cli.run("backup", backup, "--json")
    #expect(made.status == 0, "\(made.errors)")
    #expect(ContinuousClock.now - started < .seconds(3))
    // People's names and phones: the copy is the owner's alone.
    let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(writer.isRunning)
    writer.waitUntilExit()
    let record = try JSONSerialization.jsonObject(with: Data(made.output.utf8)) as! [String: Any]
    #expect(record["organisations"] as? Int == before)
    #expect(record["meetings"] as? Int == 1)
    #expect(record["schema"] as? String == "v13: documents kept once by their content")
    // One self-contained file, nothing half-written beside it.
    let folder = try FileManager.default.contentsOfDirectory(
      atPath: (backup as NSString).deletingLastPathComponent)
    #expect(folder == ["pokja-1.sqlite"])
    // An independent reader: Python's sqlite3 sees the data and a sound file.
    let check = try PythonTool.runProcess(
      executable: "/usr/bin/env",
      arguments: [
        "python3", "-c",
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma integrity_check').fetchone()[0], c.execute('select count(*) from meeting').fetchone()[0])",
        backup,
      ])
    #expect(String(decoding: check.stdout, as: UTF8.self) == "ok 1\n")

    #expect(cli.run("backup", backup).status == 65)  // exists
    #expect(cli.run("backup", backup, "--force").status == 0)
    // A folder that is not there is named, with the command that makes it (EX_CANTCREAT).
    let nowhere = cli.home.appendingPathComponent("backups/pokja/x.sqlite").path
    let noFolder = cli.run("backup", nowhere)
    #expect(noFolder.status == 73)
    #expect(
      noFolder.errors.contains(
        "the folder \(cli.home.appendingPathComponent("backups/pokja").path) does not exist. Create it first: mkdir -p"
      ), "\(noFolder.errors)")

    #expect(cli.run("org", "add", "--name", "LBH APIK Jakarta").status == 0)
    #expect(try organisationCount(cli) == before + 1)
    let restored = cli.run("restore", backup)
    #expect(restored.status == 0, "\(restored.errors)")
    #expect(try organisationCount(cli) == before)
    #expect(try (cli.json("meeting", "list") as! [Any]).count == 1)
    let safety = try #require(
      try FileManager.default.contentsOfDirectory(atPath: cli.home.path).first {
        $0.hasPrefix("pokja.sqlite.before-restore-")
      })
    #expect(restored.output.contains(safety))
    // The safety copy is a backup too: restoring it brings the change back.
    let back = cli.run("restore", cli.home.appendingPathComponent(safety).path)
    #expect(back.status == 0, "\(back.errors)")
    #expect(try organisationCount(cli) == before + 1)
  }

  @Test func whatIsNotAPokjaBackupIsRefusedAndTheLiveDatabaseUntouched() throws {
    let cli = try CLIHarness(onFile: true)
    _ = try cli.seedPlenary()
    let before = try organisationCount(cli)
    let folder = cli.home.appendingPathComponent("bad")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

    let text = folder.appendingPathComponent("notes.sqlite")
    try "Daftar hadir rapat pleno\n".write(to: text, atomically: true, encoding: .utf8)
    let foreign = folder.appendingPathComponent("other.sqlite")
    try DatabaseQueue(path: foreign.path).write { try $0.execute(sql: "CREATE TABLE t (x)") }
    let newer = folder.appendingPathComponent("newer.sqlite")
    #expect(cli.run("backup", newer.path).status == 0)
    try DatabaseQueue(path: newer.path).write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')")
    }
    let damaged = folder.appendingPathComponent("damaged.sqlite")
    #expect(cli.run("backup", damaged.path).status == 0)
    // Overwrite a page in the middle of the file: SQLite's integrity check notices.
    var bytes = try Data(contentsOf: damaged)
    let page = 4096 * 5
    bytes.replaceSubrange(page..<(page + 4096), with: Data(repeating: 0x5A, count: 4096))
    try bytes.write(to: damaged)

    for (file, words) in [
      (text.path, "is not a Pokja database: it is not an SQLite database"),
      (foreign.path, "is an SQLite database, but not Pokja's"),
      (newer.path, "was written by a newer Pokja"),
      (damaged.path, "damaged"),
      (folder.appendingPathComponent("missing.sqlite").path, "does not exist"),
    ] {
      let run = cli.run("restore", file)
      #expect(run.status != 0, "\(file)")
      #expect(run.errors.contains(words), "\(file): \(run.errors)")
      #expect(try organisationCount(cli) == before)
    }
    // No safety copy either: nothing was started.
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: cli.home.path).allSatisfy {
        !$0.contains("before-restore")
      })
  }
}
