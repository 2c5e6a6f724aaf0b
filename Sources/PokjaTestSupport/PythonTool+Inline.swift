import Foundation

extension PythonTool {
  /// Runs `script` with `python3 -c`, passing `arguments`, and decodes its stdout as a JSON object.
  ///
  /// Throws (failing the test) when python3 or a module is missing; scripts/test installs them.
  public static func json(inline script: String, arguments: [String] = []) throws -> [String: Any] {
    let result = try runProcess(executable: try python3(), arguments: ["-c", script] + arguments)
    guard result.status == 0 else {
      let stderr = String(decoding: result.stderr, as: UTF8.self)
      throw TestSupportError(
        "python3 exited with \(result.status); python3 and its modules (aiosmtpd, icalendar, vobject) are required: run scripts/test, which installs them.\n\(stderr)"
      )
    }
    guard let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
    else {
      throw TestSupportError(
        "python3 printed no JSON object: \(String(decoding: result.stdout, as: UTF8.self))")
    }
    return object
  }

  /// Writes `text` to a fresh temporary file and returns its path.
  public static func temporaryFile(_ text: String, suffix: String) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("pokja-\(UUID().uuidString)\(suffix)")
    try Data(text.utf8).write(to: url)
    return url.path
  }
}
