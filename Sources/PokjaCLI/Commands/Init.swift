import ArgumentParser
import Foundation
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
      let existed = FileManager.default.fileExists(atPath: paths.database)
      _ = try PokjaDatabase.open(path: paths.database, create: true)
      let console = environment.console
      console.write(
        existed ? "Database ready: \(paths.database)" : "Created database \(paths.database)")
      if FileManager.default.fileExists(atPath: paths.config) {
        console.write("Config kept: \(paths.config)")
      } else {
        let folder = (paths.config as NSString).deletingLastPathComponent
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          try PokjaConfig.template(databasePath: paths.database)
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
      if config.smtpURL == nil {
        let outbox = paths.outboxDirectory(
          configured: config.outboxDirectory, variables: environment.variables)
        console.write("No SMTP server configured: messages will be written to \(outbox)")
      }
    }
  }
}
