import Foundation
import PokjaCore

/// When a message that failed is tried again: exponential backoff with jitter, the server's
/// Retry-After when it gave one, and a limit after which the message is given up (`dead`).
///
/// Attempt n (1 after the first failure) waits `base × 2^(n-1)`, at most `cap`, then a random share
/// between half and all of that (jitter, so a crowd of messages does not retry in step). A
/// Retry-After longer than that wins. A permanent refusal is given up at once.
///
/// Only attempts count (`DeliveryFailure.isAttempt`: the server was put to this message). A server
/// that could not be reached, a refused login, a TLS failure or a connection that broke off before
/// the message was tried cost nothing: such a message is never given up because of them. A
/// configuration failure (wrong password, TLS) is the operator's to fix: it is due again at once
/// (the next run, after the fix, sends it).
public struct RetryPolicy: Sendable, Equatable {
  /// Attempts after which a message that keeps failing is given up.
  public var maxAttempts: Int
  public var base: TimeInterval
  public var cap: TimeInterval

  public init(maxAttempts: Int = 8, base: TimeInterval = 60, cap: TimeInterval = 6 * 3600) {
    self.maxAttempts = maxAttempts
    self.base = base
    self.cap = cap
  }

  /// When to try again after `failure` at `now`, `attempts` being the message's attempts so far
  /// (this one included when it counts); nil means give up. `random` gives a number in 0...1 (tests
  /// fix it).
  public func nextAttempt(
    after attempts: Int, failure: DeliveryFailure, at now: Date, random: () -> Double
  ) -> Date? {
    if failure.kind == .configuration { return now }
    if failure.isAttempt {
      if failure.kind == .permanent || attempts >= maxAttempts { return nil }
    }
    let exponent = Double(max(attempts - 1, 0))
    let delay = min(base * pow(2, exponent), cap)
    let jittered = delay * (0.5 + 0.5 * min(max(random(), 0), 1))
    return now.addingTimeInterval(max(jittered, failure.retryAfter ?? 0))
  }
}
