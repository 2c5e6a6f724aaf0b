import Foundation

/// Why a test helper could not do its job. Tests should let it propagate (`try`), so the test FAILS with
/// the message instead of being skipped.
public struct TestSupportError: Error, CustomStringConvertible, LocalizedError {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
  public var errorDescription: String? { message }
}
