import Foundation
import PokjaCore

/// Ranking search hits: the words the index holds, near spellings and each hit's score.
extension Directory {
  /// The distinct words of `folded` text as the index splits them, for stores keeping typo
  /// candidates.
  public static func indexWords(_ folded: String) -> Set<String> { Set(tokens(folded)) }

  /// Words as the index splits them: letters and digits, folded.
  static func tokens(_ folded: String) -> [String] {
    if folded.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: split on anything but a-z, A-Z, 0-9 without Unicode property lookups.
      return folded.utf8.split(whereSeparator: { byte in
        !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
          || (byte >= 0x41 && byte <= 0x5A))
      }).map { String(decoding: $0, as: UTF8.self) }
    }
    return folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
  }

  /// Whether two words are at most one insertion, deletion, substitution or swap of neighbours apart.
  static func isOneEditApart(_ a: String, _ b: String) -> Bool {
    let x = Array(a)
    let y = Array(b)
    if x == y { return true }
    if abs(x.count - y.count) > 1 { return false }
    var i = 0
    while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
    if x.count == y.count {
      if x[(i + 1)...] == y[(i + 1)...] { return true }  // substitution
      return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i]
        && x[(i + 2)...] == y[(i + 2)...]  // neighbours swapped
    }
    let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
    return longer[(i + 1)...] == shorter[i...]
  }

  /// Ranks a candidate: an exact name, acronym or email first, then whole words, then word prefixes,
  /// then corrected typos. A contact found only through its organisation ranks below the organisation.
  static func score(_ entry: DirectoryEntry, tokens: [String], query: String) -> Int {
    let own: [String]
    var inherited: [String] = []
    switch entry {
    case .organisation(let organisation):
      own =
        [organisation.name, organisation.acronym].compactMap { $0 }
        + organisation.emails.map(\.value)
    case .contact(let contact, let organisation):
      own = [contact.name, contact.position].compactMap { $0 } + contact.emails.map(\.value)
      inherited = [organisation?.acronym, organisation?.name].compactMap { $0 }
    }
    let ownScore = fieldScore(own.map(SearchKey.fold), tokens: tokens, query: query)
    let inheritedScore = fieldScore(inherited.map(SearchKey.fold), tokens: tokens, query: query)
    // Organisations win ties with their own people.
    let kindBonus = if case .organisation = entry { 1 } else { 0 }
    return max(ownScore * 2, inheritedScore) + kindBonus
  }

  private static func fieldScore(_ fields: [String], tokens query: [String], query whole: String)
    -> Int
  {
    guard !fields.isEmpty else { return 0 }
    if fields.contains(whole) { return 1_000 }
    let words = fields.flatMap(Self.tokens)
    var score = fields.contains(where: { $0.hasPrefix(whole) }) ? 50 : 0
    for token in query {
      if words.contains(token) {
        score += 20
      } else if words.contains(where: { $0.hasPrefix(token) }) {
        score += 10
      } else if token.count >= 5, words.contains(where: { isOneEditApart($0, token) }) {
        score += 5
      }
    }
    return score
  }
}
