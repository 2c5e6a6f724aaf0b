import Foundation
import PokjaTestSupport

/// The received-mail fixtures in `Tests/Fixtures/mail`, written after each client's format.
enum MailFixtures {
  /// Every fixture's file name.
  static let names = [
    "outlook-reply.eml", "gmail-reply.eml", "thunderbird-reply.eml", "apple-reply.eml",
    "exchange-counter.eml",
  ]

  static func url(_ name: String) throws -> URL {
    try RepositoryRoot.url().appendingPathComponent("Tests/Fixtures/mail/\(name)")
  }

  static func data(_ name: String) throws -> Data {
    try Data(contentsOf: url(name))
  }

  /// A message assembled from lines joined with CRLF.
  static func message(_ lines: [String]) -> Data {
    Data(lines.joined(separator: "\r\n").utf8)
  }
}

/// A small deterministic generator (SplitMix64), so fuzz runs repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
