import Foundation
import PokjaCore
import Synchronization

/// A clock a test sets or moves forward by hand; thread-safe.
///
/// ```swift
/// let clock = ManualClock(try DateTimeText.parse("2026-12-07T09:00", in: Zones.jakarta))
/// clock.advance(by: 3_600)
/// ```
public final class ManualClock: WallClock, Sendable {
  private let current: Mutex<Date>

  public init(_ date: Date) { current = Mutex(date) }

  public func now() -> Date { current.withLock { $0 } }

  /// Makes it `date`.
  public func set(_ date: Date) { current.withLock { $0 = date } }

  /// Moves it on by `interval` seconds.
  public func advance(by interval: TimeInterval) { current.withLock { $0 += interval } }
}

/// The time zones tests use, by name.
public enum Zones {
  /// WIB, UTC+7 (Java, Sumatra): pokja's default.
  public static let jakarta = TimeZone(identifier: "Asia/Jakarta")!
  /// WITA, UTC+8 (Bali, Sulawesi).
  public static let makassar = TimeZone(identifier: "Asia/Makassar")!
  /// WIT, UTC+9 (Maluku, Papua).
  public static let jayapura = TimeZone(identifier: "Asia/Jayapura")!
  /// A zone with daylight saving time.
  public static let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
  public static let utc = TimeZone(identifier: "UTC")!
}
