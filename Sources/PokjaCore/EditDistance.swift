/// The Levenshtein distance between two words (insertions, deletions and substitutions of one
/// character each), for "did you mean …?" suggestions.
///
/// With a `limit`, it stops as soon as the distance must exceed it and returns `limit + 1`: a
/// suggestion only wants the near names, and most are far.
public func editDistance(_ a: String, _ b: String, limit: Int? = nil) -> Int {
  if let limit, abs(a.count - b.count) > limit { return limit + 1 }
  let a = Array(a)
  let b = Array(b)
  var previous = Array(0...b.count)
  for (i, x) in a.enumerated() {
    var current = [i + 1]
    for (j, y) in b.enumerated() {
      current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
    }
    // Every later row is at least this row's smallest value.
    if let limit, current.min()! > limit { return limit + 1 }
    previous = current
  }
  return previous[b.count]
}
