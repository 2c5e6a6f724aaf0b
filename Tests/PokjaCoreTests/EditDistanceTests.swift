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
}
