import ArgumentParser
import Foundation
import PokjaNotifications

extension Pokja.NotifyGroup {
  /// `pokja notify templates [--dump DIR]`: the template keys, which are overridden, and where.
  struct Templates: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "templates",
      abstract: "List the template keys, which are overridden, and the templates folder.",
      discussion: """
        A template that does not compile is reported with its file, line and tag (exit 78). Files \
        in the folder that are no template Pokja uses are reported as warnings. --dump DIR writes \
        the built-in templates into DIR to start from (nothing is overwritten).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Write the built-in templates into this folder.") var dump: String?

    struct Record: Encodable {
      let folder: String
      let folderExists: Bool
      let templates: [Entry]
      let warnings: [String]
      struct Entry: Encodable {
        let key: String
        let overridden: Bool
        let file: String?
      }
    }

    func run(in environment: AppEnvironment) throws {
      let paths = Paths(databaseOption: global.db, variables: environment.variables)
      let console = environment.console
      if let dump {
        let folder = Paths.expand(dump, environment.variables)
        let written = try MessageTemplates.dumpBuiltIn(
          to: URL(fileURLWithPath: folder, isDirectory: true))
        if output.json {
          console.write(JSONOutput.encode(written))
        } else {
          console.write("Wrote \(written.count) built-in templates to \(folder).")
          console.write(
            "Copy the ones to change into \(paths.templatesDirectory) (keep the file names).")
        }
        return
      }
      let folder = paths.templatesDirectory
      let loaded = try MessageTemplates.load(
        directory: URL(fileURLWithPath: folder, isDirectory: true))
      var isFolder: ObjCBool = false
      let exists =
        FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
      let entries = MessageTemplates.allKeys.map {
        Record.Entry(
          key: $0.name, overridden: loaded.templates.isOverridden($0),
          file: loaded.templates.files[$0])
      }
      if output.json {
        console.write(
          JSONOutput.encode(
            Record(
              folder: folder, folderExists: exists, templates: entries, warnings: loaded.warnings)))
      } else {
        console.write(
          "Templates folder: \(folder)\(exists ? "" : " (not there: built-in templates only)")")
        for entry in entries {
          console.write(
            "  \(entry.key)\(entry.overridden ? "  overridden: \(entry.file ?? "")" : "")")
        }
        let count = entries.filter(\.overridden).count
        console.write("\(count) of \(entries.count) overridden.")
      }
      for warning in loaded.warnings { console.error("warning: \(warning)") }
    }
  }
}
