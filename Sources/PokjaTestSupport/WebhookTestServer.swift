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
    (process, port) = try Self.start(script, [logFile.path], what: "The webhook test server")
  }

  /// Starts `python3 script arguments…` and reads the port it prints on its first line.
  static func start(_ script: URL, _ arguments: [String], what: String) throws -> (Process, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try PythonTool.python3())
    process.arguments = [script.path] + arguments
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
      throw TestSupportError("\(what) did not start (python3 required).")
    }
    return (process, port)
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

/// A small HTTP proxy (scripts/testing/http_proxy.py) on 127.0.0.1 that carries every request,
/// whatever host it names, to a `WebhookTestServer`, and logs what it was asked.
public final class HTTPProxyTestServer: @unchecked Sendable {
  public let port: Int
  public let logFile: URL
  private let process: Process

  /// A proxy in front of `server`; with `refuseConnect` it answers 403 to every CONNECT.
  public init(forwardingTo server: WebhookTestServer, refuseConnect: Bool = false) throws {
    let script = try RepositoryRoot.url().appendingPathComponent("scripts/testing/http_proxy.py")
    logFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-proxy-\(UUID().uuidString).jsonl")
    FileManager.default.createFile(atPath: logFile.path, contents: nil)
    (process, port) = try WebhookTestServer.start(
      script, [logFile.path, String(server.port)] + (refuseConnect ? ["--refuse-connect"] : []),
      what: "The test HTTP proxy")
  }

  deinit { stop() }

  /// `http://127.0.0.1:port`.
  public var url: String { "http://127.0.0.1:\(port)" }

  public func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Every request the proxy was asked to carry: its method (`CONNECT`, `POST`, …), its target
  /// (`host:port`, or the absolute URL) and its headers (lower-case names).
  public func requests() throws -> [(method: String, target: String, headers: [String: String])] {
    let text = try String(contentsOf: logFile, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      return (
        object["method"] as? String ?? "", object["target"] as? String ?? "",
        object["headers"] as? [String: String] ?? [:]
      )
    }
  }
}
