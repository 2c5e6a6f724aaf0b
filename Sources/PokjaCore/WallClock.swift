import Foundation

/// The source of "now". Live: `SystemClock`; tests and `--now` use `FixedClock`.
///
/// ```swift
/// let scheduler = MeetingScheduler(store: store, contacts: store, clock: FixedClock(date))
/// ```
public protocol WallClock: Sendable {
  /// The current instant.
  func now() -> Date
}

/// The machine's clock.
public struct SystemClock: WallClock {
  public init() {}
  public func now() -> Date { Date() }
}

/// A clock that always says the same instant.
public struct FixedClock: WallClock {
  public let date: Date
  public init(_ date: Date) { self.date = date }
  public func now() -> Date { date }
}
