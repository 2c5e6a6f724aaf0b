import Foundation

/// Where commands write: standard output for results, standard error for errors and progress.
/// Live: `StandardConsole`; tests: `BufferConsole`.
public protocol Console: Sendable {
  /// Writes `text` and a newline to standard output.
  func write(_ text: String)
  /// Writes `text` to standard output exactly as given (no newline added): for file formats.
  func writeRaw(_ text: String)
  /// Writes `text` and a newline to standard error.
  func error(_ text: String)
  /// The terminal's width in columns, or nil when output is not a terminal (then nothing is cut).
  var width: Int? { get }
  /// Whether output may use ANSI styles: a terminal, NO_COLOR unset, TERM not dumb.
  var usesColour: Bool { get }
}

/// The process's standard output and error.
public struct StandardConsole: Console {
  private let environment: [String: String]

  public init(environment: [String: String]) { self.environment = environment }

  public func write(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  public func writeRaw(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  public func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  public var usesColour: Bool {
    isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
      && environment["TERM"] != "dumb"
  }

  public var width: Int? {
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return nil }
    return Int(size.ws_col)
  }
}

/// A console that keeps what was written, for tests.
public final class BufferConsole: Console, @unchecked Sendable {
  // A lock guards both buffers: commands may write from any thread.
  private let lock = NSLock()
  private var out = ""
  private var err = ""
  public let width: Int?
  public let usesColour: Bool

  public init(width: Int? = nil, usesColour: Bool = false) {
    self.width = width
    self.usesColour = usesColour
  }

  public func write(_ text: String) { lock.withLock { out += text + "\n" } }
  public func writeRaw(_ text: String) { lock.withLock { out += text } }
  public func error(_ text: String) { lock.withLock { err += text + "\n" } }

  /// Everything written to standard output.
  public var output: String { lock.withLock { out } }
  /// Everything written to standard error.
  public var errors: String { lock.withLock { err } }
}
