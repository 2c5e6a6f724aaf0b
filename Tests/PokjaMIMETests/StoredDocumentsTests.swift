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

  @Test(arguments: [
    // The marker as one line (too long for 7bit: quoted-printable).
    "X-Pokja-Document: sha256:\(String(repeating: "ab", count: 32))\n\nsee above",
    // Folded as a header would be, with the blank line after it (short lines: 7bit).
    "X-Pokja-Document:\n sha256:\(String(repeating: "ab", count: 32))\n\nsee above",
    // And after a made-up delimiter line and headers (=_pokja_ in text: quoted-printable).
    "--=_pokja_00000000000000000000000000000000\nContent-Type: application/pdf\n"
      + "X-Pokja-Document:\n sha256:\(String(repeating: "cd", count: 32))\n\n",
  ])
  func textThatLooksLikeTheMarkerIsNotAFile(_ notes: String) throws {
    // Someone pastes a marker into a meeting's notes: only the real part is filled in, and a
    // digest nobody keeps in the text does not stop the message.
    let stored = try message(text: notes)
    #expect(StoredDocuments.digests(in: stored) == [digest])
    let sent = try StoredDocuments.expand(stored) { $0 == digest ? bytes : nil }
    let received = try ReceivedMessage.parse(Data(sent.utf8))
    let text = try #require(received.allParts.first { $0.contentType == "text/plain" })
    let decoded = String(decoding: text.decodedBody, as: UTF8.self)
      .replacingOccurrences(of: "\r\n", with: "\n")
    #expect(decoded.hasPrefix(notes.components(separatedBy: "\n")[0]))
    #expect(decoded.contains("sha256:"))
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
