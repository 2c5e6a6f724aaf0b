import PokjaContentLine
import Testing

@Suite struct ContentLineTextTests {
  @Test func escapesSpecialCharactersAndDropsControls() {
    #expect(ContentLineText.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
    #expect(ContentLineText.escape("one\r\ntwo\rthree") == "one\\ntwothree")
    #expect(
      ContentLineText.escape("tab\tkept, bell\u{07} dropped\u{85}") == "tab\tkept\\, bell dropped")
  }

  @Test func unescapesBothNewlineFormsAndKeepsOtherBackslashes() {
    #expect(ContentLineText.unescape("a\\nb\\Nc\\;d\\,e\\\\f") == "a\nb\nc;d,e\\f")
    #expect(ContentLineText.unescape("C:\\temp\\") == "C:\\temp\\")
    #expect(ContentLineText.unescape("https\\://x.id") == "https\\://x.id")
    #expect(ContentLineText.unescape("https\\://x.id", alsoUnescaping: [":"]) == "https://x.id")
  }

  @Test(arguments: [
    "", "plain", "Rapat; Pleno, 2026", "back\\slash\\n", "a\nb\n\nc", "\\", "\\\\;\\,",
    "tab\there", "Émoji 🌴, ütf-8; ok\n",
  ])
  func escapingRoundTrips(_ text: String) {
    let escaped = ContentLineText.escape(text)
    #expect(ContentLineText.unescape(escaped) == text)
    #expect(ContentLineText.unescape(escaped, alsoUnescaping: [":"]) == text)
    #expect(!escaped.unicodeScalars.contains("\n"))
  }

  @Test func normalisesLineBreaksToLF() {
    #expect(ContentLineText.normalizingLineBreaks("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n")
    let text = "one\r\ntwo\rthree"
    let escaped = ContentLineText.escape(ContentLineText.normalizingLineBreaks(text))
    #expect(ContentLineText.unescape(escaped) == "one\ntwo\nthree")
  }

  @Test func removesControlsKeepingTabsOnRequest() {
    #expect(ContentLineText.removingControls("a\tb\r\nc\u{7F}d", keepTab: true) == "a\tbcd")
    #expect(ContentLineText.removingControls("a\tb\r\nc\u{7F}d", keepTab: false) == "abcd")
    #expect(!ContentLineText.isControl(" "))
    #expect(ContentLineText.isControl("\u{9F}"))
  }

  @Test func quotesParameterValuesOnlyWhenNeeded() {
    #expect(ContentLineText.quotedIfNeeded("Budi") == "Budi")
    for value in ["a:b", "a;b", "a,b"] {
      #expect(ContentLineText.quotedIfNeeded(value) == "\"\(value)\"")
    }
  }

  @Test func namesAreUppercasedAndFiltered() {
    #expect(ContentLineName.normalized("x-whats_app\r\n") == "X-WHATSAPP")
    #expect(ContentLineName.normalized("x_a", allowing: { $0 != "-" }) == "X_A")
    #expect(ContentLineName.isNameScalar("-"))
    #expect(!ContentLineName.isNameScalar("_"))
  }
}
