import Foundation
import PokjaTestSupport
import Testing

/// `pokja-embed` (run by the EmbedData build-tool plugin): whatever a file holds comes back byte
/// for byte from the compiled code, raw-string delimiters and interpolation-like text included.
@Suite struct EmbedToolTests {
  @Test func filesComeBackExactlyFromTheGeneratedCode() throws {
    let tool = try PokjaBinary.url("pokja-embed")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-embed-\(UUID().uuidString)")
    let nested = folder.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    let tricky = "Yth. {{name}}\n\"\"\"# and \"## \\(not interpolated) \\n é 📅\n\n"
    let plain = "no final newline"
    try tricky.write(
      to: nested.appendingPathComponent("a.mustache"), atomically: true, encoding: .utf8)
    try plain.write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
    let output = folder.appendingPathComponent("EmbeddedFiles.swift")
    let run = try PythonTool.runProcess(
      executable: tool.path,
      arguments: [
        output.path, folder.path, folder.appendingPathComponent("b.json").path,
        nested.appendingPathComponent("a.mustache").path,
      ])
    #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")

    let main = folder.appendingPathComponent("main.swift")
    try """
    for key in EmbeddedFiles.contents.keys.sorted() {
      print(key, EmbeddedFiles.contents[key]!.utf8.map { String($0) }.joined(separator: ","))
    }
    """.write(to: main, atomically: true, encoding: .utf8)
    let program = folder.appendingPathComponent("check")
    let compiled = try PythonTool.runProcess(
      executable: "/usr/bin/env",
      arguments: ["swiftc", output.path, main.path, "-o", program.path], timeout: .seconds(180))
    #expect(compiled.status == 0, "\(String(decoding: compiled.stderr, as: UTF8.self))")
    let printed = try PythonTool.runProcess(executable: program.path, arguments: [])
    let expected = [("b.json", plain), ("templates/a.mustache", tricky)].map {
      "\($0.0) \($0.1.utf8.map { String($0) }.joined(separator: ","))"
    }
    #expect(
      String(decoding: printed.stdout, as: UTF8.self) == expected.joined(separator: "\n") + "\n")

    // A file outside the folder is refused.
    let outside = try PythonTool.runProcess(
      executable: tool.path,
      arguments: [output.path, nested.path, folder.appendingPathComponent("b.json").path])
    #expect(outside.status == 65)
  }
}
