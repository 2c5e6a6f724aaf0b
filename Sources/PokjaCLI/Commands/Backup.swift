import ArgumentParser
import Foundation
import PokjaPersistence

extension Pokja {
  /// `pokja backup FILE`: a consistent copy of the live database, made while others may write.
  struct Backup: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "backup",
      abstract: "Copy the database to FILE (SQLite online backup; safe while cron jobs run).",
      discussion: """
        The copy is checked (SQLite integrity check, Pokja's schema) before it is given its name, \
        so FILE is either a sound backup or not there. Restore it with 'pokja restore FILE'.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Argument(help: "Where to write the copy (e.g. pokja-2026-11-29.sqlite).") var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false

    func run(in environment: AppEnvironment) throws {
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      try Self.refuseSharedDatabase(paths, environment, SharedDatabaseUse.backup)
      let target = Paths.expand(file, environment.variables)
      guard target != paths.database else {
        throw ValidationError("FILE is the database itself; choose another path.")
      }
      let summary = try DatabaseBackup.backup(
        livePath: paths.database, to: target, replace: force)
      BackupReport(summary: summary, file: target, verb: "Backed up", console: environment.console)
        .render(json: output.json)
    }

    /// Backups of a shared PostgreSQL database are pg_dump's job: says so instead of copying.
    static func refuseSharedDatabase(
      _ paths: Paths, _ environment: AppEnvironment, _ use: (String) -> SharedDatabaseUse
    ) throws {
      let config = try? PokjaConfig.load(path: paths.config, variables: environment.variables)
      let database = try DatabaseChoice(paths, config)
      if database.isServer { throw use(database.description) }
    }
  }

  /// `pokja restore FILE`: puts a backup in place of the live database, keeping a copy of it.
  struct Restore: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "restore",
      abstract: "Replace the database's contents with a backup made by 'pokja backup'.",
      discussion: """
        FILE is checked first (an SQLite file with Pokja's schema, no newer than this pokja, \
        passing SQLite's integrity check); when it is not, nothing changes. The live database is \
        first copied next to itself (pokja.sqlite.before-restore-TIME), then replaced in one step, \
        then brought up to this pokja's schema.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: JSONOption
    @Argument(help: "The backup to restore.") var file: String

    func run(in environment: AppEnvironment) throws {
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      try Backup.refuseSharedDatabase(paths, environment, SharedDatabaseUse.restore)
      let source = Paths.expand(file, environment.variables)
      guard source != paths.database else {
        throw ValidationError("FILE is the database itself; give the backup's path.")
      }
      let restored = try DatabaseBackup.restore(
        from: source, livePath: paths.database, at: environment.clock.now())
      BackupReport(
        summary: restored.summary, file: source, verb: "Restored", console: environment.console,
        safetyCopy: restored.safetyCopy
      )
      .render(json: output.json)
    }
  }
}

/// What `backup` and `restore` print.
struct BackupReport {
  let summary: DatabaseBackup.Summary
  let file: String
  let verb: String
  let console: any Console
  var safetyCopy: String?

  struct Record: Encodable {
    let file: String
    let schema: String
    let bytes: Int64
    let organisations: Int
    let contacts: Int
    let meetings: Int
    let outboxMessages: Int
    let previousDatabase: String?
  }

  func render(json: Bool) {
    if json {
      console.write(
        JSONOutput.encode(
          Record(
            file: file, schema: summary.schema, bytes: summary.bytes,
            organisations: summary.organisations, contacts: summary.contacts,
            meetings: summary.meetings, outboxMessages: summary.outboxMessages,
            previousDatabase: safetyCopy)))
      return
    }
    let size = ByteCountFormatter.string(fromByteCount: summary.bytes, countStyle: .file)
    console.write(
      "\(verb) \(file) (\(size), schema \(summary.schema.prefix(2))): \(counted(summary.organisations, "organisation")), \(counted(summary.contacts, "contact")), \(counted(summary.meetings, "meeting")), \(counted(summary.outboxMessages, "outbox message"))."
    )
    if let safetyCopy {
      console.write("The database as it was before is kept at \(safetyCopy).")
    }
  }
}
