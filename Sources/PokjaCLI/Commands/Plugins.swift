import ArgumentParser
import Foundation
import PokjaCore

extension Pokja {
  /// `pokja plugins`: the external subcommands found, with the first line of each one's `--help`.
  struct Plugins: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "plugins",
      abstract: "List the plugin commands found (pokja-NAME in the plugins folder or on PATH).",
      discussion: """
        'pokja NAME …' runs the executable pokja-NAME with the other arguments when NAME is \
        not a built-in command; it gets POKJA_DB, POKJA_HOME, POKJA_CONFIG, POKJA_VERSION, \
        POKJA_LANG and POKJA_EXECUTABLE. The plugins folder is $POKJA_HOME/plugins, else \
        ~/.local/share/pokja/plugins. Writing one: docs/plugins.md.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Print only the plugins folder, the place to install one (it is made if missing).")
    var folder = false

    struct Record: Encodable {
      let name: String
      let path: String
      let executable: Bool
      /// The first non-empty line of `pokja-NAME --help`; null when it gave none in 3 seconds.
      let summary: String?
    }

    func run(in environment: AppEnvironment) throws {
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      if folder {
        try? FileManager.default.createDirectory(
          atPath: paths.pluginsDirectory, withIntermediateDirectories: true)
        environment.console.writeRaw(paths.pluginsDirectory + "\n")
        return
      }
      let folders = ExternalCommand.searchPath(paths: paths, variables: environment.variables)
      let variables = ExternalCommand.environment(
        paths: paths, variables: environment.variables,
        language: ExternalCommand.language(environment.variables))
      let records = ExternalCommand.all(in: folders, builtIns: PokjaEntry.builtInNames).map {
        Record(
          name: $0.name, path: $0.path, executable: $0.isExecutable,
          summary: $0.isExecutable
            ? ExternalCommand.helpLine(path: $0.path, environment: variables) : nil)
      }
      let console = environment.console
      if output.json {
        console.write(JSONOutput.encode(records))
        return
      }
      if records.isEmpty && !output.csv {
        console.write(
          "No plugins. An executable named pokja-NAME in \(paths.pluginsDirectory) or on PATH adds 'pokja NAME' (docs/plugins.md)."
        )
        return
      }
      var table = Table([
        .init("Name"), .init("Path", flexible: true), .init("About", flexible: true),
      ])
      for record in records {
        let about =
          record.executable
          ? record.summary ?? "(no --help)" : "not executable: chmod +x \(record.path)"
        table.add([record.name, record.path, about])
      }
      output.write(table, to: console)
    }
  }
}
