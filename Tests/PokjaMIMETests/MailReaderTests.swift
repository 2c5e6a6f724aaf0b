import Foundation
import Testing

@testable import PokjaMIME

/// What each client's fixture must yield.
struct ReplyFixture: Sendable, CustomTestStringConvertible {
  var name: String
  var messageID: String
  var from: String
  var subject: String
  var methods: [String?]
  var partstat: String
  var testDescription: String { name }

  static let all = [
    ReplyFixture(
      name: "outlook-reply.eml",
      messageID: "PH0PR11MB5000C3D2A1F0E9B8A7@PH0PR11MB5000.namprd11.prod.outlook.com",
      from: "budi.santoso@contoso.example",
      subject: "Diterima: Rapat Pleno Pokja — Pertemuan Nasional", methods: ["REPLY"],
      partstat: "PARTSTAT=ACCEPTED"),
    ReplyFixture(
      name: "gmail-reply.eml",
      messageID: "calendar-6f2b1c9e-3d4a-4b8e-9f1a-2c3d4e5f6a7b@google.com",
      from: "wulan.sari@gmail.com",
      subject:
        "Accepted: Rapat Pleno Pokja @ Mon Dec 7, 2026 10am - 12pm (WIB) (sekretariat@pokja.example)",
      methods: ["REPLY", nil], partstat: "PARTSTAT=ACCEPTED"),
    ReplyFixture(
      name: "thunderbird-reply.eml",
      messageID: "5d1f0c2a-8b7e-4c3d-9a1b-2e3f4a5b6c7d@example.org", from: "desiree@example.org",
      subject: "Diterima: Rapat Mingguan Pokja — Sel, 8 Des", methods: ["REPLY"],
      partstat: "PARTSTAT=ACCEPTED"),
    ReplyFixture(
      name: "apple-reply.eml", messageID: "7F3A2B1C-4D5E-4F6A-8B9C-0D1E2F3A4B5C@icloud.example",
      from: "rizky@icloud.example", subject: "Accepted: Rapat Pleno Pokja", methods: [nil],
      partstat: "PARTSTAT=ACCEPTED"),
    ReplyFixture(
      name: "exchange-counter.eml",
      messageID: "SG2PR06MB3712E4C1B0A9F8E7D6@SG2PR06MB3712.apcprd06.prod.outlook.com",
      from: "andi.wijaya@kementerian.example", subject: "New Time Proposed: Rapat Pleno Pokja",
      methods: ["COUNTER"], partstat: "PARTSTAT=TENTATIVE"),
  ]
}

@Suite struct MailReaderTests {
  // MARK: Fixtures

  @Test(arguments: ReplyFixture.all)
  func readsEachClientsReply(_ fixture: ReplyFixture) throws {
    let message = try ReceivedMessage.parse(MailFixtures.data(fixture.name))
    #expect(message.messageID == fixture.messageID)
    #expect(message.from == [fixture.from])
    #expect(message.to == ["sekretariat@pokja.example"])
    #expect(message.subject == fixture.subject)
    #expect(message.date != nil)
    let calendars = message.calendarParts
    #expect(calendars.map(\.method) == fixture.methods)
    for calendar in calendars {
      #expect(calendar.text.hasPrefix("BEGIN:VCALENDAR"))
      #expect(calendar.text.contains(fixture.partstat))
      #expect(calendar.text.contains("UID:rapat-"))
      #expect(calendar.text.contains("SEQUENCE:"))
      #expect(calendar.part.bodyError == nil)
    }
  }

  @Test func outlookSendsOneBase64CalendarBody() throws {
    let message = try ReceivedMessage.parse(MailFixtures.data("outlook-reply.eml"))
    #expect(message.body.contentType == "text/calendar")
    #expect(message.body.transferEncoding == "base64")
    #expect(message.body.charset == "utf-8")
    #expect(message.allParts.count == 1)
    #expect(message.headers.values("received").count == 2)
    #expect(message.headers.values("Received")[1].hasPrefix("from PH0PR11MB5000"))
    #expect(message.headers["x-ms-has-attach"] == "")
    #expect(message.date == Date(timeIntervalSince1970: 1_793_671_964))
    let text = try #require(message.calendarParts.first?.text)
    #expect(text.contains("COMMENT;LANGUAGE=id-ID:Terima kasih\\, saya akan hadir tepat waktu."))
    #expect(text.contains("SUMMARY;LANGUAGE=id-ID:Diterima: Rapat Pleno Pokja — Pertemuan"))
    #expect(text.contains("\r\n"))
  }

  @Test func gmailSendsAnInlineCalendarAndAnInviteAttachment() throws {
    let message = try ReceivedMessage.parse(MailFixtures.data("gmail-reply.eml"))
    #expect(
      message.allParts.map(\.contentType) == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
        "application/ics",
      ])
    let parts = message.allParts
    #expect(parts[2].text?.hasPrefix("Wulan Sari has accepted this invitation.") == true)
    #expect(parts[3].text?.contains("10am – 12pm") == true)
    #expect(parts[3].transferEncoding == "quoted-printable")
    let calendars = message.calendarParts
    #expect(calendars[0].part.disposition == nil)
    #expect(calendars[1].part.filename == "invite.ics")
    #expect(calendars[1].part.disposition == "attachment")
    #expect(calendars[0].text == calendars[1].text)
    #expect(calendars[0].text.contains("CN=Wulan \r\n Sari;X-NUM-GUESTS=0"))
    #expect(message.headers["sender"] == "Google Calendar <calendar-notification@google.com>")
  }

  @Test func thunderbirdSendsQuotedPrintableWithFoldedLines() throws {
    let message = try ReceivedMessage.parse(MailFixtures.data("thunderbird-reply.eml"))
    #expect(message.decodedHeader("From") == "Désirée Wulandari <desiree@Example.ORG>")
    let calendar = try #require(message.calendarParts.first)
    #expect(calendar.part.transferEncoding == "quoted-printable")
    #expect(calendar.text.contains("RECURRENCE-ID;TZID=Asia/Jakarta:20261208T090000\r\n"))
    #expect(
      calendar.text.contains("CN=Désirée Wulandari;PARTSTAT=ACCEPTED;ROLE=REQ-PARTIC\r\n IPANT"))
    #expect(calendar.text.contains("sekretariat\\, pemba\r\n hasan agenda Désirée"))
    #expect(message.allParts[1].text == "Désirée Wulandari telah menerima undangan ini.\r\n")
    #expect(message.allParts[1].transferEncoding == "8bit")
  }

  @Test func appleMailAttachesTheCalendarWithTheMethodOnlyInside() throws {
    let data = try MailFixtures.data("apple-reply.eml")
    #expect(!data.contains(0x0D))
    let message = try ReceivedMessage.parse(data)
    let calendar = try #require(message.calendarParts.first)
    #expect(calendar.method == nil)
    #expect(calendar.text.contains("\nMETHOD:REPLY\n"))
    #expect(calendar.part.disposition == "attachment")
    #expect(calendar.part.filename == "iCal-20261103-110217.ics")
    #expect(calendar.part.parameter("X-Unix-Mode") == "0644")
    #expect(message.allParts[1].text == "Rizky Pratama has accepted this invitation.\n")
  }

  @Test func exchangeCounterHasALatin1TextPart() throws {
    let message = try ReceivedMessage.parse(MailFixtures.data("exchange-counter.eml"))
    #expect(message.allParts[1].charset == "iso-8859-1")
    #expect(message.allParts[1].text?.contains("Salam, André") == true)
    let calendar = try #require(message.calendarParts.first)
    #expect(calendar.text.contains("METHOD:COUNTER"))
    #expect(calendar.text.contains("COMMENT;LANGUAGE=id-ID:Bisakah rapat dimundurkan satu jam?"))
  }

  @Test(arguments: MailFixtures.names)
  func readsTheSameFromLFOnlyInput(_ name: String) throws {
    let crlf = try MailFixtures.data(name)
    let lf = Data(
      String(decoding: crlf, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
    let original = try ReceivedMessage.parse(crlf)
    let unixy = try ReceivedMessage.parse(lf)
    #expect(unixy.messageID == original.messageID)
    #expect(unixy.subject == original.subject)
    #expect(unixy.allParts.map(\.contentType) == original.allParts.map(\.contentType))
    // Base64 bodies keep their CRLF inside the encoding, so compare the texts with LF only.
    func calendarsWithLF(_ message: ReceivedMessage) -> [String] {
      message.calendarParts.map { $0.text.replacingOccurrences(of: "\r\n", with: "\n") }
    }
    #expect(calendarsWithLF(unixy) == calendarsWithLF(original))
    #expect(unixy.calendarParts.map(\.method) == original.calendarParts.map(\.method))
  }

  // MARK: Headers

  @Test func decodesEncodedWords() {
    #expect(EncodedWord.decode("=?UTF-8?B?RMOpc2lyw6ll?=") == "Désirée")
    #expect(EncodedWord.decode("=?utf-8?q?D=C3=A9sir=c3=a9e_W?=") == "Désirée W")
    #expect(EncodedWord.decode("=?ISO-8859-1?Q?Andr=E9?= Wijaya") == "André Wijaya")
    #expect(EncodedWord.decode("=?iso-8859-1?b?QW5kcuk=?=") == "André")
    #expect(EncodedWord.decode("=?windows-1252?Q?=93Rapat=94?=") == "“Rapat”")
    #expect(EncodedWord.decode("=?utf-8?q?a?= =?utf-8?q?b?=\t=?utf-8?q?c?=") == "abc")
    #expect(EncodedWord.decode("Re: =?utf-8?q?Rapat?= pleno") == "Re: Rapat pleno")
    // A character split across two words still decodes.
    #expect(EncodedWord.decode("=?utf-8?b?4oA=?= =?utf-8?b?lA==?=") == "—")
    #expect(EncodedWord.decode("=?utf-8*id?q?Halo?=") == "Halo")
    // Malformed words stay as written.
    #expect(EncodedWord.decode("=?utf-8?x?abc?=") == "=?utf-8?x?abc?=")
    #expect(EncodedWord.decode("=?utf-8?b?!!!?=") == "=?utf-8?b?!!!?=")
    #expect(EncodedWord.decode("=?utf-8?q?no end") == "=?utf-8?q?no end")
    #expect(EncodedWord.decode("plain = text ?") == "plain = text ?")
  }

  @Test(arguments: [
    ("=?UTF-8?B?UmFwYXQgUGxlbm8g4oCUIETDqXNpcsOpZQ==?=", "Rapat Pleno — Désirée"),
    ("=?utf-8?Q?Rapat_Pleno_=E2=80=94_D=C3=A9sir=C3=A9e?=", "Rapat Pleno — Désirée"),
    ("=?ISO-8859-1?Q?Diterima:_Andr=E9?=", "Diterima: André"),
    ("Re: =?iso-8859-1?B?QW5kcuk=?=\r\n =?UTF-8?Q?_=F0=9F=8C=B4?=", "Re: André 🌴"),
  ])
  func decodesEncodedWordSubjects(_ raw: String, _ subject: String) throws {
    let message = try ReceivedMessage.parse(Data("Subject: \(raw)\r\n\r\n".utf8))
    #expect(message.subject == subject)
    #expect(message.headers["Subject"] == raw.replacingOccurrences(of: "\r\n", with: ""))
  }

  @Test func roundTripsTheWritersEncodedWords() {
    for text in [
      subjectText, "Çağrı Öztürk — 🎉", String(repeating: "Désirée 🎉 rapat — ", count: 5),
    ] {
      #expect(EncodedWord.decode(EncodedWord.encode(text)) == text)
    }
  }

  @Test func readsHeadersCaseInsensitivelyInOrder() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "From nobody Tue Nov  3 02:12:44 2026",
        "subject: =?utf-8?B?UmFwYXQg8J+MtA==?=",
        "X-Tag: one", "X-TAG: two", "x-tag: three",
        "Comments: folded", "\tacross", "  lines",
        "", "body",
      ]))
    #expect(message.subject == "Rapat 🌴")
    #expect(message.headers.values("x-tag") == ["one", "two", "three"])
    #expect(message.headers["X-Tag"] == "one")
    #expect(message.headers["COMMENTS"] == "folded\tacross  lines")
    #expect(message.headers.fields.count == 5)
    #expect(message.body.decodedBody == Data("body".utf8))
    #expect(message.body.contentType == "text/plain")
    #expect(message.decodedHeader("Subject") == "Rapat 🌴")
    #expect(message.decodedHeader("Missing") == nil)
  }

  @Test func takesAMessageWithoutABlankLineAsAllHeaders() throws {
    let message = try ReceivedMessage.parse(
      Data("Subject: only headers\nFrom: a@example.com\n".utf8))
    #expect(message.subject == "only headers")
    #expect(message.from == ["a@example.com"])
    #expect(message.body.decodedBody.isEmpty)
    let empty = try ReceivedMessage.parse(Data())
    #expect(empty.headers.fields.isEmpty)
    #expect(empty.calendarParts.isEmpty)
  }

  @Test func startsTheBodyAtALineThatIsNoHeader() throws {
    let message = try ReceivedMessage.parse(
      Data("Subject: x\nthis is not a header\nmore\n".utf8))
    #expect(message.headers.fields.count == 1)
    #expect(message.body.text == "this is not a header\nmore\n")
  }

  @Test func readsAddressLists() {
    let list =
      "\"Santoso, Budi\" <Budi@Example.COM>, ani@Example.com (Ani, Kantor), "
      + "Panitia: a@x.org, \"b c\"@Y.org;, undisclosed-recipients:;, "
      + "=?utf-8?q?D=C3=A9sir=C3=A9e?= <desiree@example.org>, (not@this.one) real@x.org, "
      + "<@relay.example,@two.example:route@Example.org>, no address here, Budi <budi@x>"
    #expect(
      AddressList.addrSpecs(list) == [
        "Budi@example.com", "ani@example.com", "a@x.org", "\"b c\"@y.org",
        "desiree@example.org", "real@x.org", "route@example.org", "budi@x",
      ])
    #expect(AddressList.addrSpecs("") == [])
    #expect(AddressList.addrSpecs("<>, @, a@, @b") == [])
    #expect(AddressList.addrSpecs("Name (comment (nested) <x@y>) <z@w>") == ["z@w"])
  }

  @Test func stripsTheMessageIDsBrackets() throws {
    let message = try ReceivedMessage.parse(
      Data("Message-ID: (comment)\n <abc@host.example> \nTo: a@b.c, D <d@E.F>\n\n".utf8))
    #expect(message.messageID == "abc@host.example")
    #expect(message.to == ["a@b.c", "d@e.f"])
    #expect(try ReceivedMessage.parse(Data("Message-ID: bare@id\n\n".utf8)).messageID == "bare@id")
    #expect(try ReceivedMessage.parse(Data("Message-ID: <>\n\n".utf8)).messageID == nil)
  }

  @Test func parsesCommonDateForms() throws {
    func date(_ iso: String) -> Date? { ISO8601DateFormatter().date(from: iso) }
    #expect(RFC5322Date.parse("Tue, 3 Nov 2026 10:20:31 +0700") == date("2026-11-03T03:20:31Z"))
    #expect(RFC5322Date.parse("03 Nov 2026 03:15:02 +0000 (UTC)") == date("2026-11-03T03:15:02Z"))
    #expect(
      RFC5322Date.parse("Mon, 2 Nov 2026 19:15:02 -0800 (PST)") == date("2026-11-03T03:15:02Z"))
    #expect(RFC5322Date.parse("Mon, 2 Nov 2026 19:15:02 PST") == date("2026-11-03T03:15:02Z"))
    #expect(RFC5322Date.parse("3 Nov 26 10:20 GMT") == date("2026-11-03T10:20:00Z"))
    #expect(RFC5322Date.parse("Tue,  3 Nov 2026 10:20:31 +07:00") == date("2026-11-03T03:20:31Z"))
    #expect(RFC5322Date.parse("Tuesday, Nov 3 2026 10:20:31 Z") == date("2026-11-03T10:20:31Z"))
    #expect(RFC5322Date.parse("3 Nov 99 10:20:31 +0000") == date("1999-11-03T10:20:31Z"))
    for bad in [
      "", "garbage", "31 Feb 2026 10:00:00 +0000", "3 Nov 2026", "3 Foo 2026 10:00 Z",
      "3 Nov 2026 25:00:00 +0000", "3 Nov 2026 10:61 +0000",
    ] {
      #expect(RFC5322Date.parse(bad) == nil, "\(bad)")
    }
    let now = Date(timeIntervalSince1970: 1_793_671_964)
    let zone = TimeZone(identifier: "Asia/Jakarta") ?? .gmt
    #expect(RFC5322Date.parse(RFC5322Date.format(now, in: zone)) == now)
  }

  // MARK: Parameters

  @Test func readsParametersCaseInsensitively() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: TEXT/Calendar; METHOD=\"reply\"; Charset=UTF-8 ; Name = \"a \\\"b\\\".ics\"",
        "", "BEGIN:VCALENDAR",
      ]))
    #expect(message.body.contentType == "text/calendar")
    #expect(message.body.parameter("charset") == "UTF-8")
    #expect(message.body.parameter("CHARSET") == "UTF-8")
    #expect(message.body.charset == "utf-8")
    #expect(message.body.filename == "a \"b\".ics")
    #expect(message.calendarParts.map(\.method) == ["REPLY"])
  }

  @Test func decodesRFC2231Filenames() {
    func parameters(_ value: String) -> [String: String] {
      Dictionary(
        HeaderParameters.parse(value).parameters.map { ($0.name, $0.value) },
        uniquingKeysWith: { first, _ in first })
    }
    #expect(
      parameters(
        "attachment; filename*=utf-8''Notulen%20rapat%20%E2%80%94%20D%C3%A9sir%C3%A9e.ics")[
          "filename"] == "Notulen rapat — Désirée.ics")
    #expect(
      parameters(
        "attachment; FILENAME*0*=UTF-8'id'Lap%C3%B3ran; filename*1=\" akhir\"; filename*2*=%2Eics")[
          "filename"] == "Lapóran akhir.ics")
    // Continuations may arrive out of order.
    #expect(parameters("x; name*1=\"def.ics\"; name*0=\"abc\"")["name"] == "abcdef.ics")
    #expect(parameters("x; filename*=iso-8859-1'de'Stra%DFe.ics")["filename"] == "Straße.ics")
    // The RFC 2231 form wins over a plain one; a gap in the pieces keeps the plain value.
    #expect(parameters("x; name=plain.ics; name*=utf-8''%C3%A9.ics")["name"] == "é.ics")
    #expect(parameters("x; name=plain.ics; name*1=\"tail\"")["name"] == "plain.ics")
    #expect(parameters("x; name*=utf-8''bad%zz%4")["name"] == "bad%zz%4")
    #expect(HeaderParameters.parse("text/plain (comment); a=1").value == "text/plain")
    #expect(HeaderParameters.parse("text/plain; ; =x; b").parameters.map(\.name) == ["b"])
  }

  @Test func decodesEncodedWordFilenames() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: application/octet-stream; name=\"=?utf-8?B?VW5kYW5nYW4g4oCUIHJhcGF0Lmljcw==?=\"",
        "Content-Transfer-Encoding: base64", "", "QkVHSU46VkNBTEVOREFS",
      ]))
    #expect(message.body.filename == "Undangan — rapat.ics")
    #expect(message.calendarParts.map(\.text) == ["BEGIN:VCALENDAR"])
  }

  // MARK: Bodies

  @Test func decodesBase64WithLineBreaksAndWhitespace() {
    func decode(_ text: String) -> String? {
      Array(text.utf8).withUnsafeBufferPointer { TransferDecoding.base64($0) }
        .map { String(decoding: $0, as: UTF8.self) }
    }
    #expect(decode("SGVs bG8s\r\n IHdv\tcmxk\nIQ==\r\n") == "Hello, world!")
    #expect(decode("SGVsbG8") == "Hello")
    #expect(decode("SGVsbA") == "Hell")
    #expect(decode("SGVsbA==SGVsbA==") == "HellHell")
    #expect(decode("") == "")
    #expect(decode("SGVsbG8*d29ybGQ=") == nil)
    #expect(decode("SGVsbG8gd29ybGQ=Q") == nil)
    #expect(decode("S") == nil)
    #expect(decode("SGVsbG8=\u{00}") == nil)
    let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    let lines = Array(MIMEPart.base64Lines(data).utf8)
    #expect(lines.withUnsafeBufferPointer { TransferDecoding.base64($0) } == Array(data))
  }

  @Test func refusesGarbageBase64InOnePartOnly() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: multipart/mixed; boundary=b", "", "--b",
        "Content-Type: image/png", "Content-Transfer-Encoding: base64", "",
        "iVBORw0KGgo!!!<script>", "--b",
        "Content-Type: text/calendar; method=reply", "Content-Transfer-Encoding: BASE64", "",
        "QkVHSU46VkNB", "TEVOREFS", "--b--",
      ]))
    let image = message.allParts[1]
    #expect(image.bodyError == .invalidBase64(contentType: "image/png"))
    #expect(image.decodedBody.isEmpty)
    #expect(image.text == nil)
    #expect(message.calendarParts.map(\.text) == ["BEGIN:VCALENDAR"])
    #expect(message.calendarParts.map(\.method) == ["REPLY"])
  }

  @Test func decodesQuotedPrintable() {
    func decode(_ text: String) -> String {
      String(decoding: QuotedPrintable.decode(Data(text.utf8)), as: UTF8.self)
    }
    #expect(decode("soft=\r\nbreak=\nhere") == "softbreakhere")
    #expect(decode("D=C3=A9sir=c3=a9e") == "Désirée")
    #expect(decode("a=3D=3d") == "a==")
    #expect(decode("bad =XZ =4 =\u{20}x ==41") == "bad =XZ =4 = x =A")
    #expect(decode("padded  \r\nline\t \nend=  \r\nx") == "padded\r\nline\nendx")
    #expect(decode("last=") == "last")
    #expect(decode("=") == "")
    #expect(decode("keep\r\n\r\n") == "keep\r\n\r\n")
    for text in [plainText, htmlText, calendarText, String(repeating: "Désirée 🎉 ", count: 40)] {
      let expected = text.replacingOccurrences(of: "\r\n", with: "\n")
        .replacingOccurrences(of: "\n", with: "\r\n")
      #expect(decode(QuotedPrintable.encode(text)) == expected)
    }
  }

  @Test func decodesTextInItsCharset() throws {
    func text(_ charset: String?, _ bytes: [UInt8], type: String = "text/plain") throws -> String? {
      let header = "Content-Type: \(type)" + (charset.map { "; charset=\($0)" } ?? "") + "\r\n\r\n"
      return try ReceivedMessage.parse(Data(header.utf8) + Data(bytes)).body.text
    }
    #expect(try text("utf-8", Array("Désirée".utf8)) == "Désirée")
    #expect(try text("\"UTF-8\"", [0xEF, 0xBB, 0xBF] + Array("BOM".utf8)) == "BOM")
    #expect(try text("utf-8", [0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
    #expect(try text("us-ascii", Array("plain".utf8)) == "plain")
    #expect(try text("us-ascii", Array("Désirée".utf8)) == "Désirée")
    #expect(try text("iso-8859-1", [0x41, 0x6E, 0x64, 0x72, 0xE9]) == "André")
    #expect(try text("latin1", [0xE9]) == "é")
    #expect(try text("windows-1252", [0x93, 0x80, 0x94, 0xE9]) == "“€”é")
    #expect(try text("iso-8859-15", [0xA4, 0xE9]) == "€é")
    #expect(try text("utf-16le", [0x41, 0x00, 0x42, 0x00]) == "AB")
    #expect(try text("x-unknown", Array("Désirée".utf8)) == "Désirée")
    #expect(try text("x-unknown", [0x41, 0xE9]) == "Aé")
    #expect(try text(nil, [0x41, 0xE9]) == "Aé")
    #expect(try text(nil, [0x41, 0xE9], type: "application/ics") == "Aé")
  }

  @Test func toleratesCommonlyMalformedMultiparts() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        // No MIME-Version; the boundary parameter ends in spaces.
        "Content-Type: multipart/alternative; boundary=\"pad  \"", "",
        "preamble, ignored", "--pad  \t",
        "Content-Type: text/plain", "Content-Transfer-Encoding: x-uuencode", "", "as is",
        "--padding is not this boundary", "--pad\t",
        "Content-Type: text/calendar; method=REPLY", "", "BEGIN:VCALENDAR", "--pad-- ",
        "epilogue, ignored", "--pad", "Content-Type: text/plain", "", "after the end",
      ]))
    #expect(
      message.allParts.map(\.contentType) == [
        "multipart/alternative", "text/plain", "text/calendar",
      ])
    #expect(message.allParts[1].transferEncoding == "x-uuencode")
    #expect(message.allParts[1].text == "as is\r\n--padding is not this boundary")
    #expect(message.calendarParts.map(\.text) == ["BEGIN:VCALENDAR"])
  }

  @Test func readsNestedMultipartsAndEmptyParts() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: multipart/mixed; boundary=outer", "", "--outer",
        "Content-Type: multipart/alternative; boundary=inner", "", "--inner", "", "default type",
        "--inner", "--inner--", "--outer", "Content-Type: text/html", "", "<p>hi</p>", "--outer--",
        "",
      ]))
    #expect(
      message.allParts.map(\.contentType) == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/plain", "text/html",
      ])
    #expect(message.allParts[2].text == "default type")
    #expect(message.allParts[3].decodedBody.isEmpty)
    #expect(message.body.children.count == 2)
    #expect(message.body.isMultipart)
    #expect(message.body.text == nil)
  }

  @Test func keepsThePartsBeforeAMissingFinalBoundary() throws {
    let gmail = try MailFixtures.data("gmail-reply.eml")
    let closing = Data("--000000000000a1b2c3061f2e4d5c--".utf8)
    let end = try #require(gmail.range(of: closing, options: .backwards))
    let unclosed = try ReceivedMessage.parse(gmail[..<end.lowerBound])
    let complete = try ReceivedMessage.parse(gmail)
    #expect(unclosed.calendarParts.count == 2)
    #expect(unclosed.calendarParts.map(\.text) == complete.calendarParts.map(\.text))

    let attachment = try #require(gmail.range(of: Data("application/ics".utf8)))
    let cut = try ReceivedMessage.parse(gmail[..<(attachment.lowerBound + 200)])
    #expect(cut.calendarParts.first?.method == "REPLY")
    #expect(cut.calendarParts.first?.text.contains("PARTSTAT=ACCEPTED") == true)

    let inCalendar = try #require(gmail.range(of: Data("BEGIN:VEVENT".utf8)))
    let short = try ReceivedMessage.parse(gmail[..<inCalendar.upperBound])
    #expect(
      short.allParts.map(\.contentType).prefix(4) == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html",
      ])
    #expect(short.calendarParts.first?.text.hasSuffix("BEGIN:VEVENT") == true)
  }

  @Test func findsCalendarAttachmentsByTypeAndFileName() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: multipart/mixed; boundary=b", "", "--b",
        "Content-Type: application/octet-stream; name=\"Reply.ICS\"", "", "BEGIN:VCALENDAR", "--b",
        "Content-Type: application/octet-stream; name=\"notes.pdf\"", "", "%PDF", "--b",
        "Content-Type: application/octet-stream", "Content-Disposition: attachment; filename=x.ics",
        "", "BEGIN:VCALENDAR", "--b",
        "Content-Type: application/ics", "", "BEGIN:VCALENDAR", "--b",
        "Content-Type: text/plain; name=looks.ics", "", "not a calendar type", "--b",
        "Content-Type: message/rfc822", "",
        "Subject: forwarded", "Content-Type: text/calendar; method=REQUEST", "", "BEGIN:VCALENDAR",
        "--b--",
      ]))
    #expect(message.calendarParts.map { $0.part.filename } == ["Reply.ICS", "x.ics", nil])
    let forwarded = try #require(message.allParts.last?.message)
    #expect(forwarded.subject == "forwarded")
    #expect(forwarded.calendarParts.map(\.method) == ["REQUEST"])
    #expect(message.allParts.last?.decodedBody.starts(with: Data("Subject".utf8)) == true)
  }

  @Test func readsADigestsPartsAsMessages() throws {
    let message = try ReceivedMessage.parse(
      MailFixtures.message([
        "Content-Type: multipart/digest; boundary=d", "", "--d", "", "Subject: one", "", "first",
        "--d", "Content-Type: text/plain", "", "plain", "--d--",
      ]))
    #expect(message.body.children.map(\.contentType) == ["message/rfc822", "text/plain"])
    #expect(message.body.children[0].message?.subject == "one")
    #expect(message.body.children[0].message?.body.text == "first")
  }
}
