import ArgumentParser
import Foundation
import PokjaAccess
import PokjaCore
import PokjaPersistence

extension Pokja {
  /// `pokja init`: creates the database and a commented config file.
  struct Init: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create the database and a commented configuration file.",
      discussion: "Safe to run again: an existing database is migrated, an existing config kept.")

    @OptionGroup var global: GlobalOptions

    func run(in environment: AppEnvironment) throws {
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      let console = environment.console
      // A config already there may name a shared database ([database] url); the environment
      // gives its password (POKJA_DB_PASSWORD) also when there is no config yet.
      let existingConfig = try PokjaConfig.load(
        path: paths.config, variables: environment.variables)
      let database = try DatabaseChoice(paths, existingConfig)
      switch database {
      case .file(let path):
        let existed = FileManager.default.fileExists(atPath: path)
        _ = try PokjaDatabase.open(path: path, create: true)
        console.write(existed ? "Database ready: \(path)" : "Created database \(path)")
      case .server:
        // Creates the schema, or brings it up to date, under the migration lock.
        _ = try database.open(
          create: true, today: Today(clock: environment.clock, timeZone: .gmt))
        console.write("Database ready: \(database.description)")
      }
      if FileManager.default.fileExists(atPath: paths.config) {
        console.write("Config kept: \(paths.config)")
      } else {
        let folder = (paths.config as NSString).deletingLastPathComponent
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          try PokjaConfig.template(
            databasePath: database.description,
            serverURL: database.isServer && paths.databaseIsNamed ? paths.database : nil
          )
          .write(toFile: paths.config, atomically: true, encoding: .utf8)
        } catch {
          throw ConfigError.cannotWrite(paths.config, error.localizedDescription)
        }
        console.write("Created config \(paths.config) (edit it to set the sender and SMTP server)")
      }
      // Where `pokja NAME` finds plugins (docs/plugins.md); made now so installing one is one step.
      if !FileManager.default.fileExists(atPath: paths.pluginsDirectory) {
        try? FileManager.default.createDirectory(
          atPath: paths.pluginsDirectory, withIntermediateDirectories: true)
      }
      let config = try PokjaConfig.load(path: paths.config, variables: environment.variables)
      let keyPath =
        config.webKeyFile ?? (paths.config as NSString).deletingLastPathComponent + "/web.key"
      if try WebKeyFile.createIfMissing(keyPath) {
        console.write("Created web key \(keyPath) (signs sign-in, RSVP and calendar links)")
      }
      if config.smtpURL == nil {
        let outbox = paths.outboxDirectory(
          configured: config.outboxDirectory, variables: environment.variables)
        console.write("No SMTP server configured: messages will be written to \(outbox)")
      }
    }
  }
}
