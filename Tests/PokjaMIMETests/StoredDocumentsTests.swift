import Foundation
import PokjaMIME
import PokjaTestSupport
import Testing

/// Attachments kept once outside the message: the marker the outbox stores, and the bytes put in
/// at sending time, read back by pokja's own reader (Python's `email` reads them in the CLI tests).
@Suite struct StoredDocumentsTests {
  let digest = String(repeating: "ab", count: 32)
  let bytes = Data((0..<5_000).map { UInt8($0 % 251) })

  func message(text: String = "Terlampir agenda.") throws -> String {
    try MailMessage(
      from: MailAddress("sekretariat@example.org"), to: [MailAddress("wulan@example.org")],
      subject: "Undangan", date: Date(timeIntervalSince1970: 1_796_000_000),
      messageID: "m1@example.org",
      body: .multipart(
        subtype: "mixed",
        parts: [
          .text(subtype: "plain", content: text),
          .storedDocument(
            contentType: "application/pdf", filename: "agenda rapat.pdf", digest: digest),
        ])
    ).rendered()
  }

  @Test func theMessageNamesTheFileAndHoldsNoneOfIt() throws {
    let stored = try message()
    #expect(StoredDocuments.mayName(stored))
    #expect(StoredDocuments.digests(in: stored) == [digest])
    #expect(stored.utf8.count < 1_500)
    // Folded after the colon: no header line over 78 characters.
    #expect(stored.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
  }

  @Test func sendingPutsTheBytesInAsAnOrdinaryAttachment() throws {
    var asked: [String] = []
    let sent = try StoredDocuments.expand(try message()) { digest in
      asked.append(digest)
      return bytes
    }
    #expect(asked == [digest])
    #expect(!sent.contains("X-Pokja-Document"))
    #expect(sent.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    let received = try ReceivedMessage.parse(Data(sent.utf8))
    let attachment = try #require(received.allParts.first { $0.disposition == "attachment" })
    #expect(attachment.contentType == "application/pdf")
    #expect(attachment.transferEncoding == "base64")
    #expect(attachment.decodedBody == bytes)
    #expect(attachment.bodyError == nil)
    let text = try #require(received.allParts.first { $0.contentType == "text/plain" })
    #expect(String(decoding: text.decodedBody, as: UTF8.self).contains("Terlampir agenda."))
  }

  @Test func aFileNoLongerKeptStopsTheMessage() throws {
    #expect(throws: StoredDocuments.ExpansionError.missing(digest)) {
      try StoredDocuments.expand(try message()) { _ in nil }
    }
  }

  @Test func aMessageWithoutStoredFilesIsLeftAsItIs() throws {
    let plain = try MailMessage(
      from: MailAddress("sekretariat@example.org"), to: [MailAddress("wulan@example.org")],
      subject: "Undangan", date: Date(timeIntervalSince1970: 1_796_000_000),
      messageID: "m2@example.org", body: .text(subtype: "plain", content: "Halo")
    ).rendered()
    #expect(!StoredDocuments.mayName(plain))
    #expect(
      try StoredDocuments.expand(plain) { _ in
        Issue.record("asked"); return nil
      } == plain)
  }

  @Test func textThatLooksLikeTheMarkerIsNotAFile() throws {
    // Someone pastes the marker into a meeting's notes: its line is too long for 7bit, so it goes
    // quoted-printable and never matches; only the real part is filled in.
    let stored = try message(text: "X-Pokja-Document: sha256:\(digest)\n\nsee above")
    let sent = try StoredDocuments.expand(stored) { _ in bytes }
    let received = try ReceivedMessage.parse(Data(sent.utf8))
    let text = try #require(received.allParts.first { $0.contentType == "text/plain" })
    #expect(
      String(decoding: text.decodedBody, as: UTF8.self).hasPrefix("X-Pokja-Document: sha256:"))
    #expect(received.allParts.first { $0.disposition == "attachment" }?.decodedBody == bytes)
  }

  @Test func aDigestMustBeSixtyFourHexDigits() {
    #expect(throws: MIMEError.invalidDocumentDigest) {
      try MailMessage(
        from: MailAddress("a@example.org"), to: [MailAddress("b@example.org")], subject: "x",
        date: Date(), messageID: "m3@example.org",
        body: .storedDocument(contentType: "text/plain", filename: "x.txt", digest: "abc")
      ).rendered()
    }
  }
}
