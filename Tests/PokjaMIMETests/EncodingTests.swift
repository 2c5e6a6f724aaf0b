import Foundation
import Testing

@testable import PokjaMIME

@Suite struct EncodedWordTests {
  @Test func asciiIsReturnedUnchanged() {
    #expect(EncodedWord.encode("Undangan rapat pleno") == "Undangan rapat pleno")
    #expect(EncodedWord.encode("") == "")
  }

  @Test func asciiThatLooksEncodedIsEncoded() throws {
    let encoded = EncodedWord.encode("literal =?UTF-8?Q?x?= text")
    #expect(encoded.hasPrefix("=?UTF-8?"))
    #expect(TestDecoders.encodedWords(encoded) == "literal =?UTF-8?Q?x?= text")
  }

  @Test(arguments: [
    "Undangan: Rapat Pleno — Pertemuan Nasional 2026 · Désirée",
    "Crème brûlée à l'hôtel Müller — Çağrı Öztürk, São Paulo",
    "🎉 Selamat! 👩🏽‍💻 Rapat 🇮🇩 berhasil 🌴🏝️🌋🌊🐉🦎🐅🦧🦜",
    "Pemberitahuan: perubahan jadwal rapat koordinasi kelompok kerja nasional bidang "
      + "kebijakan publik dan tata kelola — mohon perhatian Bapak/Ibu sekalian (penting!)",
    "日本語のテキストと한국어 텍스트",
    "é",
  ])
  func nonASCIIRoundTripsInShortWords(_ text: String) throws {
    let encoded = EncodedWord.encode(text)
    #expect(encoded.utf8.allSatisfy { (33...126).contains($0) || $0 == 0x20 })
    for word in encoded.split(separator: " ") {
      #expect(word.count <= 75, "word of \(word.count) characters")
      #expect(TestDecoders.encodedWords(String(word)) != nil, "word \(word) splits a sequence")
    }
    #expect(TestDecoders.encodedWords(encoded) == text)
  }

  @Test func choosesQForLatinAndBForEmoji() {
    #expect(EncodedWord.encode("Désirée Dupont dari Jakarta").hasPrefix("=?UTF-8?Q?"))
    #expect(EncodedWord.encode("Désirée").hasPrefix("=?UTF-8?B?"))
    #expect(EncodedWord.encode("🎉🎉🎉").hasPrefix("=?UTF-8?B?"))
  }

  @Test func firstWordRespectsFirstLimit() {
    let words = EncodedWord.words(for: String(repeating: "é", count: 60), firstLimit: 40)
    #expect(words[0].count <= 40)
    #expect(words.dropFirst().allSatisfy { $0.count <= 75 })
  }
}

@Suite struct QuotedPrintableTests {
  @Test(arguments: [
    "plain ascii\n",
    "Yth. Bapak/Ibu,\nSilakan hadir — terima kasih.\n\nSalam, Désirée 🎉",
    "equals = sign and trailing space \ntrailing tab\t\nend",
    String(repeating: "é", count: 100),
    String(repeating: "a", count: 200) + "\r\n" + String(repeating: "🌴", count: 40),
    "line with CRLF\r\nand LF\nand CR\rdone",
    "",
  ])
  func roundTripsWithShortLines(_ text: String) throws {
    let encoded = QuotedPrintable.encode(text)
    let lines = encoded.components(separatedBy: "\r\n")
    for line in lines {
      #expect(line.utf8.count <= 76, "line \(line)")
      #expect(line.utf8.allSatisfy { (32...126).contains($0) || $0 == 0x09 })
      #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing whitespace in \(line)")
    }
    #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
    #expect(TestDecoders.quotedPrintable(encoded) == normalized)
  }

  @Test func encodesSpecialBytes() {
    #expect(QuotedPrintable.encode("a=b") == "a=3Db")
    #expect(QuotedPrintable.encode("end \nnext\t") == "end=20\r\nnext=09")
    #expect(QuotedPrintable.encode("é") == "=C3=A9")
    #expect(QuotedPrintable.encode("bell\u{07}") == "bell=07")
  }

  @Test func softBreaksAtExactlySeventySix() {
    let exact = String(repeating: "a", count: 76)
    #expect(QuotedPrintable.encode(exact) == exact)
    let longer = String(repeating: "a", count: 77)
    #expect(QuotedPrintable.encode(longer) == String(repeating: "a", count: 75) + "=\r\naa")
    let escapes = String(repeating: "é", count: 13)  // 26 triplets = 78 characters
    let lines = QuotedPrintable.encode(escapes).components(separatedBy: "\r\n")
    #expect(lines[0] == String(repeating: "=C3=A9", count: 12) + "=")
    #expect(lines[1] == "=C3=A9")
  }
}

@Suite struct RFC5322DateTests {
  let moment = ISO8601DateFormatter().date(from: "2026-12-07T03:00:00Z") ?? Date()

  @Test(arguments: [
    ("Asia/Jakarta", "Mon, 07 Dec 2026 10:00:00 +0700"),
    ("America/New_York", "Sun, 06 Dec 2026 22:00:00 -0500"),
    ("UTC", "Mon, 07 Dec 2026 03:00:00 +0000"),
    ("Asia/Kolkata", "Mon, 07 Dec 2026 08:30:00 +0530"),
    ("Europe/Amsterdam", "Mon, 07 Dec 2026 04:00:00 +0100"),
  ])
  func formats(zone: String, expected: String) throws {
    let timeZone = try #require(TimeZone(identifier: zone))
    #expect(RFC5322Date.format(moment.addingTimeInterval(0.9), in: timeZone) == expected)
  }

  @Test func usesSummerOffsets() throws {
    let july = try #require(ISO8601DateFormatter().date(from: "2026-07-01T10:00:00Z"))
    let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
    #expect(RFC5322Date.format(july, in: amsterdam) == "Wed, 01 Jul 2026 12:00:00 +0200")
  }
}
