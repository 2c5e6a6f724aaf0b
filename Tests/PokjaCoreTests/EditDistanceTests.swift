import PokjaCore
import Testing

@Suite struct EditDistanceTests {
  @Test func countsInsertionsDeletionsAndSubstitutions() {
    #expect(editDistance("meeting", "meeting") == 0)
    #expect(editDistance("meting", "meeting") == 1)
    #expect(editDistance("metting", "meeting") == 1)
    #expect(editDistance("", "org") == 3)
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(editDistance("undangan", "pengingat") == editDistance("pengingat", "undangan"))
  }

  /// With a limit, a distance within it is exact and one beyond it is `limit + 1`.
  @Test func stopsBeyondALimit() {
    #expect(editDistance("kitten", "sitting", limit: 3) == 3)
    #expect(editDistance("kitten", "sitting", limit: 2) == 3)
    #expect(editDistance("kitten", "sitting", limit: 1) == 2)
    #expect(editDistance("asia/jakrta", "asia/jakarta", limit: 3) == 1)
    #expect(editDistance(String(repeating: "x", count: 5000), "utc", limit: 3) == 4)
    #expect(editDistance("abcdef", "fedcba", limit: 10) == editDistance("abcdef", "fedcba"))
  }
}
