import Foundation
import PackagePlugin

/// Embeds the files of a target's `Embedded/` folder (default templates, holiday data) in its code
/// at build time, as `EmbeddedFiles.contents`, so a copied `pokja` binary needs nothing beside it.
/// A build command (not prebuild): it runs again when one of the files changes.
@main
struct EmbedData: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let module = target as? SourceModuleTarget else { return [] }
    let folder = module.directoryURL.appendingPathComponent("Embedded")
    let files = Self.files(in: folder)
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(files.count) files in \(target.name)",
        executable: try context.tool(named: "pokja-embed").url,
        arguments: [output.path, folder.path] + files.map(\.path),
        inputFiles: files, outputFiles: [output])
    ]
  }

  /// Every regular file under `folder`, sorted; hidden files and `README.md` (which says where
  /// the data comes from, for people) left out.
  static func files(in folder: URL) -> [URL] {
    guard
      let walker = FileManager.default.enumerator(
        at: folder, includingPropertiesForKeys: [.isRegularFileKey],
        options: [.skipsHiddenFiles])
    else { return [] }
    return walker.compactMap { $0 as? URL }
      .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
      .filter { $0.lastPathComponent != "README.md" }
      .sorted { $0.path < $1.path }
  }
}
