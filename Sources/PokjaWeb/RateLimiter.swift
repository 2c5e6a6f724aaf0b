import Foundation

/// At most `limit` events per key in any `window` (a sliding log of times per key): sign-in link
/// requests per client address and per email address, and sign-in attempts per address. Kept in
/// the server's memory; keys whose events have all aged out are forgotten.
actor RateLimiter {
  private let limit: Int
  private let window: TimeInterval
  private var events: [String: [Date]] = [:]
  private var checks = 0

  init(limit: Int, window: TimeInterval) {
    self.limit = limit
    self.window = window
  }

  /// Counts one event for `key` at `now`; false (and nothing counted) when the key is over its limit.
  func allow(_ key: String, at now: Date) -> Bool {
    checks += 1
    if checks % 1024 == 0 { sweep(now) }
    let recent = (events[key] ?? []).filter { now.timeIntervalSince($0) < window }
    guard recent.count < limit else {
      events[key] = recent
      return false
    }
    events[key] = recent + [now]
    return true
  }

  /// Seconds until `key` may try again.
  func retryAfter(_ key: String, at now: Date) -> Int {
    guard let oldest = events[key]?.min() else { return 0 }
    return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
  }

  private func sweep(_ now: Date) {
    events = events.filter { _, times in times.contains { now.timeIntervalSince($0) < window } }
  }
}
