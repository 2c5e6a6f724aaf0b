import Foundation
import PokjaDocs

// Writes docs/commands.md and docs/pokja.1 from `pokja --experimental-dump-help` output. Run by the
// generate-docs command plugin: pokja-docgen DUMP.json VERSION COMMANDS.md MANPAGE.1
let arguments = CommandLine.arguments
guard arguments.count == 5 else {
  FileHandle.standardError.write(
    Data("usage: pokja-docgen DUMP.json VERSION COMMANDS.md MANPAGE.1\n".utf8))
  exit(64)
}
do {
  let reference = try CommandReference(
    json: try Data(contentsOf: URL(fileURLWithPath: arguments[1])), version: arguments[2])
  try reference.markdown.write(toFile: arguments[3], atomically: true, encoding: .utf8)
  try reference.manPage.write(toFile: arguments[4], atomically: true, encoding: .utf8)
  print("Wrote \(arguments[3]) and \(arguments[4]) (\(reference.commands.count) commands).")
} catch {
  FileHandle.standardError.write(Data("pokja-docgen: \(error)\n".utf8))
  exit(65)
}
