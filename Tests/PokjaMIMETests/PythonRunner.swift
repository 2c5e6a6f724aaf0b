import Foundation

/// Runs `python3` scripts for cross-checking output with an independent implementation.
enum PythonRunner {
  /// Why a Python cross-check could not produce JSON.
  struct Failure: Error, CustomStringConvertible {
    /// What went wrong, including Python's stderr.
    let description: String
  }

  /// Runs `script` with `python3 -c`, passing `arguments`, and decodes its stdout as JSON.
  ///
  /// Throws (failing the test) when python3 or a module is missing; scripts/test installs them.
  static func json(script: String, arguments: [String] = []) throws -> [String: Any] {
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("pokja-python-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    process.standardOutput = out
    process.standardError = err
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot start python3 (\(error)); run scripts/test to install")
    }
    process.waitUntilExit()
    try out.close()
    try err.close()

    let stdout = try Data(contentsOf: outURL)
    let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw Failure(
        description: """
          python3 exited with \(process.terminationStatus); python3 and its modules are \
          required (scripts/test installs them).
          \(stderr)
          """)
    }
    guard let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
      let printed = String(decoding: stdout, as: UTF8.self)
      throw Failure(description: "python3 printed no JSON object: \(printed)")
    }
    return object
  }

  /// Writes `text` to a fresh temporary file and returns its path.
  static func temporaryFile(_ text: String, suffix: String) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pokja-\(UUID().uuidString)\(suffix)")
    try Data(text.utf8).write(to: url)
    return url.path
  }
}
