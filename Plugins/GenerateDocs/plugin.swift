import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-docs`: builds pokja, asks it for its
/// command tree (`--experimental-dump-help`) and writes docs/commands.md and the man page
/// docs/pokja.1 with pokja-docgen. A test (CommandReferenceTests) fails when they are stale.
@main
struct GenerateDocs: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    let build = try packageManager.build(
      .product("pokja"), parameters: .init(configuration: .debug, logging: .concise))
    guard build.succeeded,
      let pokja = build.builtArtifacts.first(where: { $0.url.lastPathComponent == "pokja" })
    else {
      throw GenerateDocsError("building pokja failed:\n\(build.logText)")
    }
    let dump = context.pluginWorkDirectoryURL.appendingPathComponent("pokja-help.json")
    let version = try run(pokja.url, ["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    try Data(try run(pokja.url, ["--experimental-dump-help"]).utf8).write(to: dump)
    let docs = context.package.directoryURL.appendingPathComponent("docs")
    let output = try run(
      try context.tool(named: "pokja-docgen").url,
      [
        dump.path, version, docs.appendingPathComponent("commands.md").path,
        docs.appendingPathComponent("pokja.1").path,
      ])
    print(output, terminator: "")
  }

  private func run(_ executable: URL, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw GenerateDocsError(
        "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) failed")
    }
    return String(decoding: data, as: UTF8.self)
  }
}

struct GenerateDocsError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
