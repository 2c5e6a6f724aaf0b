import PokjaContentLine
import Testing

/// The physical lines of folded output as octets, without their CRLF.
private func octetLines(_ folded: String) -> [[UInt8]] {
  folded.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast().map {
    Array($0.utf8)
  }
}

@Suite struct FoldingTests {
  @Test func aLineOfExactly75OctetsIsNotFolded() {
    let line = String(repeating: "x", count: 75)
    #expect(ContentLineFolding.fold(line) == line + "\r\n")
    #expect(ContentLineFolding.fold(line + "y") == line + "\r\n y\r\n")
  }

  @Test(arguments: ["é", "€", "🌴"])
  func aMultiByteScalarEndingAtOctet75StaysOnTheLine(_ scalar: String) {
    let line = String(repeating: "x", count: 75 - scalar.utf8.count) + scalar
    #expect(line.utf8.count == 75)
    #expect(ContentLineFolding.fold(line) == line + "\r\n")
  }

  @Test(arguments: ["é", "€", "🌴"])
  func aMultiByteScalarCrossingOctet75StartsTheNextLine(_ scalar: String) {
    let prefix = String(repeating: "x", count: 76 - scalar.utf8.count)
    #expect(ContentLineFolding.fold(prefix + scalar) == prefix + "\r\n " + scalar + "\r\n")
  }

  @Test func longLinesFoldIntoValidLinesOfAtMost75Octets() {
    let line =
      "DESCRIPTION:" + String(repeating: "Rapat 🌴 di Gedung Sate, Bandung — é€ ", count: 12)
    let folded = ContentLineFolding.fold(line)
    let lines = octetLines(folded)
    #expect(lines.count > 5)
    for (index, octets) in lines.enumerated() {
      #expect(octets.count <= 75, "line \(index) has \(octets.count) octets")
      #expect(String(validating: octets, as: UTF8.self) != nil, "line \(index) splits a scalar")
      #expect((index == 0) == (octets.first != 0x20))
    }
    // A line stops short of 75 octets only when the next scalar would not fit.
    for index in lines.indices.dropLast() {
      let next = String(decoding: lines[index + 1].dropFirst(), as: UTF8.self)
      #expect(lines[index].count + UTF8.width(next.unicodeScalars.first!) > 75)
    }
    #expect(ContentLineFolding.unfold(folded).map(\.text) == [line])
  }
}

@Suite struct UnfoldingTests {
  @Test(arguments: ["\r\n", "\n", "\r"])
  func continuationLinesJoinAfterAnyLineBreak(_ lineBreak: String) {
    let text = ["BEGIN:VEVENT", "SUMMARY:Rapat", " koordinasi", "\t pokja", "END:VEVENT", ""]
      .joined(separator: lineBreak)
    let lines = ContentLineFolding.unfold(text)
    #expect(lines.map(\.text) == ["BEGIN:VEVENT", "SUMMARY:Rapatkoordinasi pokja", "END:VEVENT"])
    #expect(lines.map(\.line) == [1, 2, 5])
  }

  @Test func mixedLineBreaksBlankLinesAndAByteOrderMark() {
    let text = "\u{FEFF}A:1\r\n\r\nB:2\n \n C\rD:3\r\n"
    let lines = ContentLineFolding.unfold(text)
    #expect(lines.map(\.text) == ["A:1", "B:2C", "D:3"])
    #expect(lines.map(\.line) == [1, 3, 6])
  }

  @Test func aLeadingContinuationStartsALine() {
    #expect(ContentLineFolding.unfold(" A:1\r\n B").map(\.text) == ["A:1B"])
  }

  @Test func physicalLinesSplitOnEveryLineBreak() {
    let lines = ContentLineFolding.physicalLines("a\r\nb\nc\rd").map {
      String(String.UnicodeScalarView($0))
    }
    #expect(lines == ["a", "b", "c", "d"])
  }

  @Test func softBreaksAppendTheNextLineWhole() {
    let text = "NOTE:a=\r\n b=\r\nc\r\nSTOP=\r\nEND\r\nX:1"
    func softBreak(_ scalars: inout [Unicode.Scalar]) -> Bool {
      guard scalars.last == "=" else { return false }
      scalars.removeLast()
      return true
    }
    let lines = ContentLineFolding.unfold(
      text, softBreak: softBreak, endsSoftBreak: { $0.first == "E" })
    #expect(lines.map(\.text) == ["NOTE:a bc", "STOP", "END", "X:1"])
  }
}
