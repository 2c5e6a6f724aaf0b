import Foundation
import PokjaTestSupport
import Testing

/// `pokja --generate-completion-script bash|zsh|fish`; the bash one is loaded into a real bash and
/// asked to complete, as a user's shell would.
@Suite struct CompletionTests {
  func complete(_ words: [String], script: URL) throws -> [String] {
    let line = words.joined(separator: " ")
    let quoted = words.map { "'\($0)'" }.joined(separator: " ")
    let command = """
      source '\(script.path)'
      COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=\(line.count)
      COMPREPLY=(); _pokja pokja '\(words.last!)' '\(words[words.count - 2])'
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let run = try PythonTool.runProcess(executable: "/bin/bash", arguments: ["-c", command])
    return String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test func bashCompletesCommandsSubcommandsAndOptions() throws {
    let pokja = try PokjaBinary.url()
    let script = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-completion-\(UUID().uuidString).bash")
    let generated = try PythonTool.runProcess(
      executable: pokja.path, arguments: ["--generate-completion-script", "bash"])
    #expect(generated.status == 0)
    try generated.stdout.write(to: script)
    let syntax = try PythonTool.runProcess(executable: "/bin/bash", arguments: ["-n", script.path])
    #expect(syntax.status == 0)

    #expect(try complete(["pokja", "mee"], script: script) == ["meeting"])
    #expect(try complete(["pokja", "meeting", "sug"], script: script) == ["suggest"])
    let options = try complete(["pokja", "meeting", "add", "--remi"], script: script)
    #expect(Set(options) == ["--remind", "--remind-to", "--remind-via"])
    // Values with a fixed set complete too.
    #expect(
      try complete(["pokja", "outbox", "list", "--state", "q"], script: script) == ["queued"])
    #expect(
      Set(try complete(["pokja", "meeting", "add", "--remind-via", ""], script: script))
        == ["email", "webhook", "both"])
    #expect(try complete(["pokja", "agenda", "--format", "wh"], script: script) == ["whatsapp"])

    for shell in ["zsh", "fish"] {
      let other = try PythonTool.runProcess(
        executable: pokja.path, arguments: ["--generate-completion-script", shell])
      #expect(other.status == 0)
      let text = String(decoding: other.stdout, as: UTF8.self)
      #expect(text.contains("meeting") && text.contains("remind-via"), "\(shell)")
    }
  }
}
