import Foundation

/// The built `pokja` (or another product of the package) run as a user runs it: a separate process
/// with exactly the environment a test gives it.
///
/// ```swift
/// let home = try PokjaBinary.home()
/// let run = try PokjaBinary.run(["init"], ["POKJA_HOME": home.path])
/// #expect(run.status == 0, "\(run.errors)")
/// ```
public enum PokjaBinary {
  /// The product `name` built beside the test bundle (`pokja`, `pokja-embed`, …), else in
  /// `.build/debug`.
  public static func url(_ name: String = "pokja") throws -> URL {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    let built = try RepositoryRoot.url().appendingPathComponent(".build/debug/\(name)")
    guard FileManager.default.isExecutableFile(atPath: built.path) else {
      throw TestSupportError(
        "The \(name) binary is not built: run scripts/test (swift build --build-tests).")
    }
    return built
  }

  /// Runs `pokja` with `arguments` and exactly `environment` (plus PATH).
  public static func run(_ arguments: [String], _ environment: [String: String]) throws -> PokjaRun
  {
    let result = try PythonTool.runProcess(
      executable: try url().path, arguments: arguments,
      environment: environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first })
    return PokjaRun(
      status: result.status, output: String(decoding: result.stdout, as: UTF8.self),
      errors: String(decoding: result.stderr, as: UTF8.self))
  }

  /// Runs each of `steps` in turn; throws, naming the step, at the first that does not exit 0.
  public static func runSteps(_ steps: [[String]], _ environment: [String: String]) throws {
    for step in steps {
      let run = try run(step, environment)
      guard run.status == 0 else {
        throw TestSupportError("pokja \(step.joined(separator: " ")) failed: \(run.errors)")
      }
    }
  }

  /// A new empty folder for one test's `POKJA_HOME`.
  public static func home() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pokja-e2e-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// What one run of `pokja` did.
public struct PokjaRun: Sendable {
  public let status: Int32
  /// Standard output.
  public let output: String
  /// Standard error.
  public let errors: String

  public init(status: Int32, output: String, errors: String) {
    self.status = status
    self.output = output
    self.errors = errors
  }

  /// Throws the run's standard error unless it exited 0 (or one of `allowing`).
  public func expectSuccess(allowing: [Int32] = []) throws {
    guard status == 0 || allowing.contains(status) else {
      throw TestSupportError("pokja exited \(status): \(errors)\(output)")
    }
  }
}
