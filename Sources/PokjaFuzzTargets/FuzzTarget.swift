import Foundation

/// One parser under the fuzzer: a name for `scripts/fuzz`, and what it does with one input.
///
/// `run` must not crash or hang on any bytes (rejecting them with the parser's own error is fine) and
/// throws ``FuzzFinding`` when a property the parser promises does not hold, such as a round trip
/// through its writer. Under libFuzzer a finding aborts, so the input is saved; the replay tests
/// record it as a test failure.
public struct FuzzTarget: Sendable {
  /// The name used on the command line and as the corpus folder (`Tests/Fuzz/corpus/NAME`).
  public let name: String
  /// What the target reads, for `scripts/fuzz --list`.
  public let summary: String
  private let body: @Sendable (Data) throws(FuzzFinding) -> Void

  init(
    _ name: String, _ summary: String,
    _ body: @escaping @Sendable (Data) throws(FuzzFinding) -> Void
  ) {
    self.name = name
    self.summary = summary
    self.body = body
  }

  /// Feeds one input to the parser.
  public func run(_ input: Data) throws(FuzzFinding) { try body(input) }
}

/// A property of a parser that one input broke.
public struct FuzzFinding: Error, CustomStringConvertible, Sendable {
  /// What did not hold, with the values involved.
  public let description: String

  init(_ description: String) { self.description = description }
}

/// Fails with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFinding) {
  if !condition { throw FuzzFinding(message()) }
}

/// Fails unless `found` equals `expected`, showing both.
func expectEqual<Value: Equatable>(_ found: Value, _ expected: Value, _ what: String)
  throws(FuzzFinding)
{
  if found != expected {
    throw FuzzFinding(
      "\(what): expected\n  \(String(reflecting: expected))\nfound\n  \(String(reflecting: found))")
  }
}

extension Data {
  /// The bytes as text, invalid UTF-8 replaced by U+FFFD, as pokja reads a file it was given.
  var text: String { String(decoding: self, as: UTF8.self) }
}

/// Every fuzz target, in the order `scripts/fuzz` runs them.
public enum FuzzTargets {
  public static let all: [FuzzTarget] = [
    ContentLineTarget.target, ICalendarTarget.target, ImportICSTarget.target,
    ITIPReplyTarget.target, VCardTarget.target, CSVImportTarget.target, RRuleTarget.target,
    MailTarget.target, PhoneNumberTarget.target, DateTimeTarget.target,
  ]

  /// The target called `name`, if there is one.
  public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
