import Foundation
import PokjaDocs
import PokjaTestSupport
import Testing

/// docs/commands.md and docs/pokja.1 are what the command tree says now: regenerate them with
/// `swift package --allow-writing-to-package-directory generate-docs` when this fails.
@Suite struct CommandReferenceTests {
  static func pokja(_ arguments: [String]) throws -> String {
    let result = try PythonTool.runProcess(
      executable: try PokjaBinary.url("pokja").path, arguments: arguments)
    return String(decoding: result.stdout, as: UTF8.self)
  }

  static func reference() throws -> CommandReference {
    let version = try pokja(["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    return try CommandReference(
      json: Data(try pokja(["--experimental-dump-help"]).utf8), version: version)
  }

  @Test func theCommandReferenceAndManPageAreCurrent() throws {
    let reference = try Self.reference()
    let docs = try RepositoryRoot.url().appendingPathComponent("docs")
    let hint = "stale: run 'swift package --allow-writing-to-package-directory generate-docs'"
    let markdown = try String(
      contentsOf: docs.appendingPathComponent("commands.md"), encoding: .utf8)
    #expect(markdown == reference.markdown, "docs/commands.md is \(hint)")
    let man = try String(contentsOf: docs.appendingPathComponent("pokja.1"), encoding: .utf8)
    #expect(man == reference.manPage, "docs/pokja.1 is \(hint)")
  }

  @Test func everyCommandAndOptionHasHelpText() throws {
    let reference = try Self.reference()
    #expect(reference.commands.count > 40)
    for command in reference.commands {
      #expect(command.abstract?.isEmpty == false, "\(command.fullName) has no abstract")
      for argument in command.arguments ?? [] where argument.shouldDisplay != false {
        let name = argument.names?.first?.name ?? argument.valueName ?? "?"
        #expect(argument.abstract?.isEmpty == false, "\(command.fullName): \(name) has no help")
      }
    }
    let markdown = reference.markdown
    #expect(markdown.contains("## pokja meeting add"))
    #expect(markdown.contains("| `--db <path-or-url>` |"))
  }

  /// groff reads the page without a warning, and `man` shows the commands.
  @Test func theManPageFormatsCleanly() throws {
    let page = try Self.reference().manPage
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-\(UUID().uuidString).1")
    try page.write(to: file, atomically: true, encoding: .utf8)
    let groff = try PythonTool.runProcess(
      executable: "/usr/bin/env", arguments: ["groff", "-man", "-Tutf8", "-ww", "-z", file.path])
    #expect(groff.status == 0)
    #expect(String(decoding: groff.stderr, as: UTF8.self) == "")
    let text = try PythonTool.runProcess(
      executable: "/usr/bin/env", arguments: ["groff", "-man", "-Tascii", "-P-cbou", file.path])
    let rendered = String(decoding: text.stdout, as: UTF8.self)
    #expect(rendered.contains("pokja meeting add"))
    #expect(rendered.contains("EXIT STATUS"))
  }
}
