import Foundation

/// A scripted HTTP server (scripts/testing/webhook_server.py) on 127.0.0.1 for webhook tests: each
/// test starts its own. See the script for the answers by path.
public final class WebhookTestServer: @unchecked Sendable {
  public let port: Int
  public let logFile: URL
  private let process: Process

  public init() throws {
    let script = try RepositoryRoot.url().appendingPathComponent(
      "scripts/testing/webhook_server.py")
    logFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-webhooks-\(UUID().uuidString).jsonl")
    FileManager.default.createFile(atPath: logFile.path, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: try PythonTool.python3())
    process.arguments = [script.path, logFile.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var bytes: [UInt8] = []
    let deadline = ContinuousClock.now + .seconds(15)
    while ContinuousClock.now < deadline {
      let data = output.fileHandleForReading.availableData
      if data.isEmpty { break }
      bytes += data
      if bytes.contains(UInt8(ascii: "\n")) { break }
    }
    guard
      let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first,
      let port = Int(line.trimmingCharacters(in: .whitespaces))
    else {
      kill(process.processIdentifier, SIGKILL)
      throw TestSupportError("The webhook test server did not start (python3 required).")
    }
    self.port = port
  }

  deinit { stop() }

  /// `http://127.0.0.1:port/path`.
  public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  public func stop() {
    // SIGKILL: the test runner's children may inherit an ignored SIGTERM.
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Every request received so far: path, headers (lower-case names) and body.
  public func requests() throws -> [(path: String, headers: [String: String], body: String)] {
    let text = try String(contentsOf: logFile, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      return (
        object["path"] as? String ?? "", object["headers"] as? [String: String] ?? [:],
        object["body"] as? String ?? ""
      )
    }
  }

  /// Checks every signed request with the reference verifier (PyPI `standardwebhooks`); returns how
  /// many passed and the errors of those that did not.
  public func verifySignatures(secret: String) throws -> (verified: Int, errors: [String]) {
    let script = """
      import json, sys
      from standardwebhooks import Webhook
      wh = Webhook(sys.argv[2])
      ok, errors = 0, []
      for line in open(sys.argv[1], encoding="utf-8"):
          r = json.loads(line)
          if "webhook-signature" not in r["headers"]:
              continue
          try:
              wh.verify(r["body"], r["headers"])
              ok += 1
          except Exception as e:
              errors.append(repr(e))
      print(json.dumps({"verified": ok, "errors": errors}))
      """
    let result = try PythonTool.json(inline: script, arguments: [logFile.path, secret])
    return (result["verified"] as? Int ?? 0, result["errors"] as? [String] ?? ["no answer"])
  }
}
