import Foundation

// Writes a Swift file holding the text of data files, so one copied `pokja` binary is complete (no
// resource bundle beside it). Run by the EmbedData build-tool plugin at build time:
//   pokja-embed OUTPUT.swift FOLDER FILE...
// Each FILE (inside FOLDER) becomes `EmbeddedFiles.contents["relative/path"]`, except data that is
// turned into a table instead: CLDR's `windowsZones.xml` becomes `EmbeddedFiles.windowsZones`
// (WindowsZones.swift), so nothing parses XML when pokja runs.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  FileHandle.standardError.write(Data("usage: pokja-embed OUTPUT.swift FOLDER FILE...\n".utf8))
  exit(64)
}
let output = arguments[1]
let folder = URL(fileURLWithPath: arguments[2]).standardizedFileURL.path + "/"

/// A raw string literal that holds `text` unchanged: enough `#`s that no `"""#…` inside ends it.
func literal(_ text: String) -> String {
  var hashes = 1
  while text.contains("\"" + String(repeating: "#", count: hashes)) { hashes += 1 }
  let fence = String(repeating: "#", count: hashes)
  // In a multi-line literal the line break before the closing delimiter is not part of the string.
  return fence + "\"\"\"\n" + text + "\n\"\"\"" + fence
}

var entries: [(String, String)] = []
var tables = ""
for path in arguments.dropFirst(3).sorted() {
  let full = URL(fileURLWithPath: path).standardizedFileURL.path
  guard full.hasPrefix(folder) else {
    FileHandle.standardError.write(Data("pokja-embed: \(path) is not inside \(folder)\n".utf8))
    exit(65)
  }
  guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
    FileHandle.standardError.write(Data("pokja-embed: \(path) is not readable UTF-8 text\n".utf8))
    exit(65)
  }
  guard !text.contains("\r") else {
    FileHandle.standardError.write(Data("pokja-embed: \(path) has CR line ends; use LF\n".utf8))
    exit(65)
  }
  if full.hasSuffix("/windowsZones.xml") {
    do {
      tables += WindowsZones.source(try WindowsZones.entries(text, path: path), literal: literal)
    } catch {
      FileHandle.standardError.write(Data("pokja-embed: \(error)\n".utf8))
      exit(65)
    }
    continue
  }
  entries.append((String(full.dropFirst(folder.count)), text))
}

var source = """
  // Generated at build time by the EmbedData plugin (pokja-embed) from the target's Embedded/
  // folder; do not edit, edit those files.

  /// The files of this target's `Embedded/` folder, by path inside it.
  enum EmbeddedFiles {
    static let contents: [String: String] = [

  """
for (name, text) in entries {
  source += "    \(literal(name)): \(literal(text)),\n"
}
source += (entries.isEmpty ? "    :\n  ]\n" : "  ]\n") + tables + "}\n"
do {
  let existing = try? String(contentsOfFile: output, encoding: .utf8)
  // Unchanged output keeps its timestamp, so the target is not compiled again for nothing.
  if existing != source { try source.write(toFile: output, atomically: true, encoding: .utf8) }
} catch {
  FileHandle.standardError.write(Data("pokja-embed: cannot write \(output): \(error)\n".utf8))
  exit(74)
}
