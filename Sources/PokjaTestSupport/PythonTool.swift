import Foundation
import PokjaCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the Python helpers in `scripts/testing` (and other programs) for tests.
public enum PythonTool {
  /// The result of a finished program.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
  }

  /// The `python3` on PATH, or a `TestSupportError` saying how to get it.
  public static func python3() throws -> String {
    do {
      return try findExecutable("python3")
    } catch {
      throw TestSupportError(
        "python3 is not on PATH: run scripts/test, which installs python3's aiosmtpd and icalendar."
      )
    }
  }

  /// Runs `scripts/testing/<script>` (or a path relative to the repository root if `script` contains a
  /// `/`) with python3 and returns its stdout; throws, with its stderr, if it exits non-zero.
  public static func run(script: String, arguments: [String], input: Data? = nil) throws -> Data {
    let root = try RepositoryRoot.url()
    let path =
      script.contains("/")
      ? root.appendingPathComponent(script).path
      : root.appendingPathComponent("scripts/testing").appendingPathComponent(script).path
    let result = try runProcess(
      executable: try python3(), arguments: [path] + arguments, input: input)
    guard result.status == 0 else {
      let stderr = String(decoding: result.stderr, as: UTF8.self)
      let hint =
        stderr.contains("ModuleNotFoundError") || stderr.contains("No module named")
        ? " Run scripts/test, which installs aiosmtpd and icalendar." : ""
      throw TestSupportError(
        "\(script) \(arguments.joined(separator: " ")) failed (exit \(result.status)): \(stderr)\(hint)"
      )
    }
    return result.stdout
  }

  /// Parses a message with `scripts/testing/parse_mail.py` (Python's `email` + `icalendar`).
  public static func parseMail(_ message: Data) throws -> ParsedMail {
    let json = try run(script: "parse_mail.py", arguments: ["-"], input: message)
    return try decodeParsedMail(json)
  }

  /// Parses a stored `.eml` file with `scripts/testing/parse_mail.py`.
  public static func parseMail(file: URL) throws -> ParsedMail {
    let json = try run(script: "parse_mail.py", arguments: [file.path])
    return try decodeParsedMail(json)
  }

  private static func decodeParsedMail(_ json: Data) throws -> ParsedMail {
    do {
      return try JSONDecoder().decode(ParsedMail.self, from: json)
    } catch {
      throw TestSupportError(
        "parse_mail.py printed JSON that ParsedMail cannot read (\(error)): "
          + String(decoding: json.prefix(2000), as: UTF8.self))
    }
  }

  /// Finds `name` in PATH.
  public static func findExecutable(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where !folder.isEmpty {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestSupportError("\(name) is not on PATH (\(path)).")
  }

  /// Runs a program to completion. stdin comes from `input` (via a temporary file), stderr goes to a
  /// temporary file, so neither can fill a pipe and deadlock.
  public static func runProcess(
    executable: String, arguments: [String], input: Data? = nil,
    environment: [String: String]? = nil, timeout: Duration = .seconds(60)
  ) throws -> Result {
    let fileManager = FileManager.default
    let scratch = fileManager.temporaryDirectory.appendingPathComponent(
      "pokja-run-\(UUID().uuidString)", isDirectory: true)
    try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? fileManager.removeItem(at: scratch) }
    let inputURL = scratch.appendingPathComponent("stdin")
    let errorURL = scratch.appendingPathComponent("stderr")
    _ = fileManager.createFile(atPath: inputURL.path, contents: input ?? Data())
    _ = fileManager.createFile(atPath: errorURL.path, contents: nil)
    let inputHandle = try FileHandle(forReadingFrom: inputURL)
    let errorHandle = try FileHandle(forWritingTo: errorURL)
    defer {
      try? inputHandle.close()
      try? errorHandle.close()
    }
    let output = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardInput = inputHandle
    process.standardOutput = output
    process.standardError = errorHandle
    try process.run()
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    if !SMTPTestServer.wait(for: process, timeout: timeout) {
      process.terminate()
      SMTPTestServer.wait(for: process, timeout: .seconds(5))
      throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) timed out.")
    }
    let stderr = (try? Data(contentsOf: errorURL)) ?? Data()
    return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }
}

/// What `scripts/testing/parse_mail.py` saw in a message (its JSON, documented at the top of the script).
public struct ParsedMail: Decodable, Sendable, Equatable {
  public struct Part: Decodable, Sendable, Equatable {
    public var contentType: String
    public var params: [String: String]
    public var disposition: String?
    public var filename: String?
    public var transferEncoding: String?
    /// The decoded body's size and SHA-256 (hex); nil for a multipart.
    public var size: Int?
    public var sha256: String?

    enum CodingKeys: String, CodingKey {
      case contentType = "content_type", params, disposition, filename
      case transferEncoding = "transfer_encoding"
      case size, sha256
    }
  }

  public struct Text: Decodable, Sendable, Equatable {
    public var contentType: String
    public var text: String

    enum CodingKeys: String, CodingKey {
      case contentType = "content_type", text
    }
  }

  public struct Calendar: Decodable, Sendable, Equatable {
    public struct Address: Decodable, Sendable, Equatable {
      /// E.g. `mailto:wulan@example.org`.
      public var address: String
      public var cn: String?

      public init(address: String, cn: String? = nil) {
        self.address = address
        self.cn = cn
      }
    }

    public struct Attendee: Decodable, Sendable, Equatable {
      /// E.g. `mailto:budi@example.org`.
      public var address: String
      public var cn: String?
      public var role: String?
      public var partstat: String?
      /// `TRUE` / `FALSE` as written, or nil.
      public var rsvp: String?

      public init(
        address: String, cn: String? = nil, role: String? = nil, partstat: String? = nil,
        rsvp: String? = nil
      ) {
        self.address = address
        self.cn = cn
        self.role = role
        self.partstat = partstat
        self.rsvp = rsvp
      }
    }

    public var method: String?
    public var eventCount: Int
    public var uid: String?
    public var sequence: Int?
    public var summary: String?
    public var location: String?
    public var status: String?
    public var organizer: Address?
    public var attendees: [Attendee]
    public var dtstart: String?
    public var dtstartTZID: String?
    public var dtstartUTC: String?
    public var dtendUTC: String?
    public var tzids: [String]

    enum CodingKeys: String, CodingKey {
      case method, eventCount = "event_count", uid, sequence, summary, location, status, organizer
      case attendees, dtstart, dtstartTZID = "dtstart_tzid", dtstartUTC = "dtstart_utc"
      case dtendUTC = "dtend_utc", tzids
    }
  }

  public var subject: String?
  public var from: String?
  public var fromAddresses: [String]
  public var to: String?
  public var toAddresses: [String]
  public var cc: String?
  public var replyTo: String?
  public var date: String?
  public var dateUTC: String?
  public var messageID: String?
  public var mimeVersion: String?
  /// Every header in order: `[name, decoded value]`.
  public var headers: [[String]]
  public var contentTypes: [String]
  public var parts: [Part]
  public var texts: [Text]
  public var textPlain: String?
  public var textHTML: String?
  /// Defects Python's email parser noticed (empty for a well-formed message).
  public var defects: [String]
  public var calendar: Calendar?

  enum CodingKeys: String, CodingKey {
    case subject, from, fromAddresses = "from_addresses", to, toAddresses = "to_addresses", cc
    case replyTo = "reply_to", date, dateUTC = "date_utc", messageID = "message_id"
    case mimeVersion = "mime_version", headers, contentTypes = "content_types", parts, texts
    case textPlain = "text_plain", textHTML = "text_html", defects, calendar
  }

  /// The value of the first header called `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    headers.first { $0.first?.caseInsensitiveCompare(name) == .orderedSame }.flatMap { $0.last }
  }
}
