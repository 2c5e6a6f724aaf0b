import Foundation
import Testing

@testable import PokjaMIME

let subjectText = "Undangan: Rapat Pleno — Pertemuan Nasional 2026 · Désirée"
let plainText =
  "Yth. Bapak/Ibu,\n\nDengan hormat, kami mengundang Anda ke Rapat Pleno — "
  + "Pertemuan Nasional 2026 di Gedung Sate, Bandung. Mohon konfirmasi kehadiran.\n\n"
  + "Salam hangat,\nSekretariat Pokja 🌴\n"
let htmlText =
  "<p>Yth. Bapak/Ibu,</p>\n<p>Dengan hormat, kami mengundang Anda ke "
  + "<b>Rapat Pleno</b> &mdash; Désirée.</p>\n"
let calendarText = [
  "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pokja//Tests//ID", "METHOD:REQUEST",
  "BEGIN:VEVENT", "UID:rapat-pleno-2026@pokja.example", "DTSTAMP:20261101T000000Z",
  "DTSTART:20261207T030000Z", "SUMMARY:Rapat Pleno — Pertemuan Nasional 2026 · Désirée",
  "END:VEVENT", "END:VCALENDAR", "",
].joined(separator: "\r\n")
let attachmentName = "Notulen rapat — Désirée (final).pdf"
let attachmentData = Data((0..<600).map { UInt8(truncatingIfNeeded: $0 * 7) })

/// The invitation shape Pokja sends: mixed → alternative(plain, html) + calendar + file.
func invitation(
  subject: String = subjectText, from: MailAddress? = nil, to: [MailAddress]? = nil,
  extraHeaders: [MailHeader] = [], messageID: String = "rapat-pleno-2026@pokja.example"
) -> MailMessage {
  MailMessage(
    from: from
      ?? MailAddress("sekretariat@pokja.example", displayName: "Sekretariat Pokja — Désirée"),
    to: to ?? [
      MailAddress("budi@example.com", displayName: "Budi Santoso, S.H."),
      MailAddress("ani@example.com", displayName: "Ani \"Bos\" Wijaya"),
      MailAddress("plain@example.com"),
    ],
    cc: [MailAddress("ketua@example.com", displayName: "Ketua")],
    subject: subject,
    date: ISO8601DateFormatter().date(from: "2026-11-01T03:00:00Z") ?? Date(),
    timeZone: TimeZone(identifier: "Asia/Jakarta") ?? .gmt,
    messageID: messageID,
    extraHeaders: extraHeaders,
    body: .multipart(
      subtype: "mixed",
      parts: [
        .multipart(
          subtype: "alternative",
          parts: [
            .text(subtype: "plain", content: plainText),
            .text(subtype: "html", content: htmlText),
          ]),
        .calendar(calendarText),
        .attachment(contentType: "application/pdf", data: attachmentData, filename: attachmentName),
      ]))
}

@Suite struct MailMessageTests {
  @Test func isSevenBitCleanWithCRLFOnly() throws {
    let rendered = try invitation().rendered()
    let bytes = Array(rendered.utf8)
    #expect(bytes.allSatisfy { $0 < 128 })
    for (index, byte) in bytes.enumerated() {
      if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
      if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
    }
    #expect(rendered.hasSuffix("\r\n"))
  }

  @Test func writesStandardHeaders() throws {
    let fields = TestDecoders.headerFields(try invitation().rendered())
    #expect(fields.contains("Date: Sun, 01 Nov 2026 10:00:00 +0700"))
    #expect(fields.contains("Message-ID: <rapat-pleno-2026@pokja.example>"))
    #expect(fields.contains("MIME-Version: 1.0"))
    #expect(
      fields.contains(
        "To: \"Budi Santoso, S.H.\" <budi@example.com>, \"Ani \\\"Bos\\\" Wijaya\" "
          + "<ani@example.com>, plain@example.com"))
    #expect(fields.contains("Cc: Ketua <ketua@example.com>"))
    let subject = try #require(fields.first { $0.hasPrefix("Subject: ") })
    #expect(TestDecoders.encodedWords(String(subject.dropFirst(9))) == subjectText)
    let from = try #require(fields.first { $0.hasPrefix("From: ") })
    #expect(from.hasSuffix(" <sekretariat@pokja.example>"))
    let name = from.dropFirst(6).dropLast(" <sekretariat@pokja.example>".count)
    #expect(TestDecoders.encodedWords(String(name)) == "Sekretariat Pokja — Désirée")
  }

  @Test func defaultsTheDateHeaderToUTC() throws {
    var message = invitation()
    message = MailMessage(
      from: message.from, to: message.to, subject: "x", date: message.date,
      messageID: message.messageID, body: .text(subtype: "plain", content: "hi\n"))
    let fields = TestDecoders.headerFields(try message.rendered())
    #expect(fields.contains("Date: Sun, 01 Nov 2026 03:00:00 +0000"))
  }

  @Test func foldsHeadersAtSeventyEight() throws {
    let longSubject = String(repeating: subjectText + " 🎉 ", count: 4)
    let many = (1...12).map {
      MailAddress("peserta\($0)@example.com", displayName: "Peserta \($0)")
    }
    let rendered = try invitation(subject: longSubject, to: many).rendered()
    let header = rendered.components(separatedBy: "\r\n\r\n")[0]
    let lines = header.components(separatedBy: "\r\n")
    #expect(lines.count > 10)
    for line in lines {
      #expect(line.count <= 78, "header line of \(line.count): \(line)")
      #expect(!line.trimmingCharacters(in: .whitespaces).isEmpty)
    }
    let fields = TestDecoders.headerFields(rendered)
    let subject = try #require(fields.first { $0.hasPrefix("Subject: ") })
    #expect(TestDecoders.encodedWords(String(subject.dropFirst(9))) == longSubject)
    let to = try #require(fields.first { $0.hasPrefix("To: ") })
    #expect(
      to == "To: "
        + many.map { "\($0.displayName ?? "") <\($0.address)>" }
        .joined(separator: ", "))
  }

  @Test func foldingKeepsASCIISubjectsVerbatim() throws {
    let subject = (1...30).map { "kata\($0)" }.joined(separator: " ")
    let rendered = try invitation(subject: subject).rendered()
    #expect(TestDecoders.headerFields(rendered).contains("Subject: " + subject))
    #expect(rendered.contains("\r\n kata"))
  }

  @Test func nestsMultipartsAndUsesUniqueBoundaries() throws {
    let rendered = try invitation().rendered()
    let boundaries = rendered.components(separatedBy: "boundary=\"").dropFirst().map {
      String($0.prefix { $0 != "\"" })
    }
    #expect(boundaries.count == 2)
    #expect(Set(boundaries).count == 2)
    for boundary in boundaries {
      #expect(rendered.contains("\r\n--" + boundary + "--\r\n"))
    }
    #expect(rendered.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\n"))
    #expect(rendered.contains("Content-Type: text/plain; charset=utf-8\r\n"))
  }

  @Test func boundaryNeverOccursInContent() throws {
    // Text with something boundary-like goes quoted-printable (`=` as `=3D`): no delimiter line of
    // pokja's can stand in a text part, and the boundary chosen is still another one.
    for _ in 0..<20 {
      let boundary = MIMEPart.makeBoundary()
      let part = MIMEPart.multipart(
        subtype: "mixed", parts: [.text(subtype: "plain", content: "--" + boundary + "\n")])
      let (headers, body) = try part.render()
      #expect(!headers[0].contains(boundary))
      #expect(!body.contains("--" + boundary))
      #expect(body.contains("--=3D_pokja_"))
      #expect(body.contains("Content-Transfer-Encoding: quoted-printable"))
    }
  }

  @Test func picksTransferEncodings() throws {
    func encoding(_ part: MIMEPart) throws -> String {
      try part.render().headers.first { $0.hasPrefix("Content-Transfer-Encoding") } ?? ""
    }
    #expect(try encoding(.text(subtype: "plain", content: "short ascii\n")).hasSuffix("7bit"))
    #expect(
      try encoding(.text(subtype: "plain", content: String(repeating: "x", count: 77)))
        .hasSuffix("quoted-printable"))
    #expect(try encoding(.text(subtype: "plain", content: "Désirée")).hasSuffix("quoted-printable"))
    #expect(
      try encoding(.text(subtype: "plain", content: "é", encoding: .base64)).hasSuffix("base64"))
    #expect(throws: MIMEError.sevenBitNotPossible) {
      try MIMEPart.text(subtype: "plain", content: "Désirée", encoding: .sevenBit).render()
    }
    let long = String(repeating: "y", count: 500)
    #expect(try encoding(.text(subtype: "plain", content: long, encoding: .sevenBit)) != "")
  }

  @Test func singlePartBodiesEndWithCRLFWithoutChangingContent() throws {
    var message = invitation()
    message.body = .text(subtype: "plain", content: "Salam — tanpa baris baru")
    let rendered = try message.rendered()
    #expect(rendered.hasSuffix("=\r\n"))
    let body = rendered.components(separatedBy: "\r\n\r\n").dropFirst().joined()
    #expect(TestDecoders.quotedPrintable(body) == "Salam — tanpa baris baru")
  }

  @Test func encodesNonASCIIFilenamesPerRFC2231() throws {
    let part = MIMEPart.attachment(
      contentType: "application/pdf", data: Data("x".utf8), filename: "Désirée.pdf")
    let headers = try part.render().headers
    #expect(
      headers.contains("Content-Disposition: attachment; filename*=utf-8''D%C3%A9sir%C3%A9e.pdf"))
    #expect(headers.contains("Content-Type: application/pdf; name*=utf-8''D%C3%A9sir%C3%A9e.pdf"))
    let ascii = MIMEPart.attachment(
      contentType: "text/csv", data: Data(), filename: "daftar hadir.csv", disposition: .inline)
    #expect(
      try ascii.render().headers.contains(
        "Content-Disposition: inline; filename=\"daftar hadir.csv\""))
  }

  @Test func continuesLongParameters() throws {
    let name = String(repeating: "Laporan-kegiatan-", count: 6) + "é.pdf"
    let part = MIMEPart.attachment(contentType: "application/pdf", data: Data(), filename: name)
    let disposition = try #require(
      try part.render().headers.first { $0.hasPrefix("Content-Disposition") })
    #expect(disposition.contains("filename*0*=utf-8''Laporan-kegiatan-"))
    #expect(disposition.contains("; filename*1*="))
    #expect(
      HeaderFolding.fold(disposition).components(separatedBy: "\r\n").allSatisfy {
        $0.count <= 78
      })
  }
}

@Suite struct HostileHeaderTests {
  static let evil = "Budi\r\nBcc: evil@example.com"

  @Test(arguments: [
    (invitation(subject: evil), MIMEError.headerInjection(field: "Subject")),
    (invitation(subject: "Rapat\nBcc: evil@example.com"), .headerInjection(field: "Subject")),
    (invitation(subject: "nul\u{0}byte"), .headerInjection(field: "Subject")),
    (invitation(subject: "tab\tinside"), .headerInjection(field: "Subject")),
    (invitation(subject: "next\u{85}line"), .headerInjection(field: "Subject")),
    (invitation(subject: "sep\u{2028}arator"), .headerInjection(field: "Subject")),
    (
      invitation(from: MailAddress("budi@example.com", displayName: evil)),
      .headerInjection(field: "From")
    ),
    (
      invitation(to: [MailAddress("budi@example.com\r\nBcc: evil@example.com")]),
      .headerInjection(field: "To")
    ),
    (
      invitation(to: [MailAddress("budi@example.com", displayName: "Budi\rX")]),
      .headerInjection(field: "To")
    ),
    (
      invitation(extraHeaders: [MailHeader(name: "X-Note", value: "ok\r\nBcc: evil@example.com")]),
      .headerInjection(field: "X-Note")
    ),
    (
      invitation(extraHeaders: [MailHeader(name: "X-A\r\nBcc", value: "evil@example.com")]),
      .headerInjection(field: "X-A??Bcc")
    ),
    (
      invitation(messageID: "id@pokja.example>\r\nBcc: evil@example.com"),
      .headerInjection(field: "Message-ID")
    ),
    (
      invitation(extraHeaders: [MailHeader(name: "Bcc", value: "evil@example.com")]),
      .reservedHeader("Bcc")
    ),
    (
      invitation(extraHeaders: [MailHeader(name: "subject", value: "x")]),
      .reservedHeader("subject")
    ),
    (invitation(extraHeaders: [MailHeader(name: "X A", value: "x")]), .invalidHeaderName("X A")),
    (invitation(extraHeaders: [MailHeader(name: "X:A", value: "x")]), .invalidHeaderName("X:A")),
    (invitation(messageID: "<id@pokja.example>"), .invalidMessageID("<id@pokja.example>")),
    (invitation(to: []), .noRecipients),
  ])
  func rejectsHostileAndMalformedHeaders(message: MailMessage, expected: MIMEError) {
    #expect(throws: expected) { try message.rendered() }
  }

  @Test(arguments: [
    "budi", "budi@", "@example.com", "a@b@example.com", "budi @example.com", "<budi@example.com>",
    "büdi@example.com", "budi@example.com, evil@example.com", "budi@example.com>",
  ])
  func rejectsInvalidAddresses(address: String) {
    #expect(throws: MIMEError.invalidAddress(address)) {
      try invitation(to: [MailAddress(address)]).rendered()
    }
  }

  @Test func rejectsHostileBodyHeaders() {
    let filename = MIMEPart.attachment(
      contentType: "application/pdf", data: Data(), filename: "a.pdf\r\nBcc: evil@example.com")
    #expect(throws: MIMEError.headerInjection(field: "Content-Type")) { try filename.render() }
    let type = MIMEPart.attachment(
      contentType: "text/plain\r\nBcc: x", data: Data(), filename: "a.txt")
    #expect(throws: MIMEError.headerInjection(field: "Content-Type")) { try type.render() }
    let parameter = MIMEPart.text(
      subtype: "calendar", content: "", parameters: [MIMEParameter(name: "method", value: "A\nB")])
    #expect(throws: MIMEError.headerInjection(field: "Content-Type")) { try parameter.render() }
    let badName = MIMEPart.text(
      subtype: "plain", content: "", parameters: [MIMEParameter(name: "a b", value: "x")])
    #expect(throws: MIMEError.invalidParameterName("a b")) { try badName.render() }
    #expect(throws: MIMEError.invalidContentType("pdf")) {
      try MIMEPart.attachment(contentType: "pdf", data: Data(), filename: "a").render()
    }
    #expect(throws: MIMEError.emptyMultipart(subtype: "mixed")) {
      try MIMEPart.multipart(subtype: "mixed", parts: []).render()
    }
  }

  @Test func errorsDescribeThemselves() {
    #expect(
      MIMEError.headerInjection(field: "Subject").errorDescription?.contains("Subject") == true)
    #expect(MIMEError.invalidAddress("x").localizedDescription.contains("'x'"))
  }

  @Test func quotesDisplayNamesWithSpecials() throws {
    #expect(
      try MailAddress("a@x.id", displayName: "Budi Santoso").rendered() == "Budi Santoso <a@x.id>")
    #expect(
      try MailAddress("a@x.id", displayName: "Santoso, Budi").rendered()
        == "\"Santoso, Budi\" <a@x.id>")
    #expect(
      try MailAddress("a@x.id", displayName: "Back\\slash \"q\"").rendered()
        == "\"Back\\\\slash \\\"q\\\"\" <a@x.id>")
    #expect(
      try MailAddress("a@x.id", displayName: "=?UTF-8?Q?x?=").rendered()
        == "\"=?UTF-8?Q?x?=\" <a@x.id>")
    #expect(try MailAddress("a@x.id", displayName: "").rendered() == "a@x.id")
    #expect(
      try MailAddress("a@x.id", displayName: "Désirée").rendered()
        == "=?UTF-8?B?RMOpc2lyw6ll?= <a@x.id>")
  }

  @Test func longDisplayNamesSplitIntoSeveralWords() throws {
    let name = String(repeating: "Çağrı Öztürk ", count: 6) + "dan Désirée"
    let rendered = try MailAddress("a@x.id", displayName: name).rendered(field: "To")
    #expect(rendered.hasSuffix(" <a@x.id>"))
    let phrase = String(rendered.dropLast(" <a@x.id>".count))
    #expect(phrase.split(separator: " ").count > 1)
    #expect(TestDecoders.encodedWords(phrase) == name)
  }
}
