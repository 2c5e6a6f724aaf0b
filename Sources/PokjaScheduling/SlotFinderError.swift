import Foundation
import PokjaCore

/// Why a slot request cannot even be searched: the request itself is wrong.
public enum SlotFinderError: Error, Equatable, Sendable {
  /// `--within` is not `2026-12-01..2026-12-19`.
  case invalidWindow(String)
  case windowEndsBeforeStart(firstDay: String, lastDay: String)
  case windowTooLong(days: Int)
  /// `--hours` is not `09:00-16:00`, or names a time that is not on a clock.
  case invalidHours(String)
  case hoursEndNotAfterStart(start: ClockTime, end: ClockTime)
  case durationNotPositive(TimeInterval)
  case stepNotPositive(TimeInterval)
  case limitNotPositive(Int)
  /// `--quorum` is not `80%`, `0.8` or `80`.
  case invalidQuorum(String)
  /// A quorum below 0% or above 100% (as a fraction).
  case quorumOutOfRange(Double)
  case noRequiredAttendees
  /// `--room any`, but there are no rooms to choose from.
  case noRooms
}

extension SlotFinderError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .invalidWindow(let text):
      "--within '\(text)': write the first and last day as 2026-12-01..2026-12-19 (or one day, 2026-12-07)."
    case .windowEndsBeforeStart(let first, let last):
      "--within \(first)..\(last): the last day is before the first. Write it as 2026-12-01..2026-12-19."
    case .windowTooLong(let days):
      "--within spans \(days) days; search at most \(SlotRequest.maximumWindowDays) days at a time, e.g. 2026-12-01..2027-02-28."
    case .invalidHours(let text):
      "--hours '\(text)': write the working hours as 09:00-16:00 (or 09.00-16.00)."
    case .hoursEndNotAfterStart(let start, let end):
      "--hours \(start)-\(end): the end must be after the start, e.g. 09:00-16:00."
    case .durationNotPositive(let seconds):
      "--duration \(Self.span(seconds)): the meeting must last some time, e.g. 2h or 90m."
    case .stepNotPositive(let seconds):
      "The step between candidate starts must be positive, not \(Self.span(seconds))."
    case .limitNotPositive(let limit):
      "--limit \(limit): ask for at least 1 slot."
    case .invalidQuorum(let text):
      "--quorum '\(text)': write the share of required attendees who must be free as 80% (or 0.8)."
    case .quorumOutOfRange(let fraction):
      "--quorum \(Self.percent(fraction)): the quorum must be between 0% and 100%, e.g. 80%."
    case .noRequiredAttendees:
      "No required attendees: name at least one with --attendee or --group."
    case .noRooms:
      "--room any: there are no rooms to choose from. Add one with 'pokja room add', or leave --room out."
    }
  }

  static func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    guard value.magnitude < 1e9 else { return String(format: "%g%%", value) }
    return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
  }

  /// `2h`, `-30m`: a length for messages, whatever the caller passed.
  static func span(_ seconds: TimeInterval) -> String {
    guard seconds.isFinite, seconds.magnitude < 1e12 else { return "\(seconds) seconds" }
    let whole = Int(seconds.rounded())
    return whole < 0 ? "-\(TimeSpan(seconds: -whole))" : "\(TimeSpan(seconds: whole))"
  }
}
