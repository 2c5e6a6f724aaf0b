import Foundation
import Testing

@testable import PokjaMIME

/// The reader's bounds, hostile input and speed.
@Suite struct MailReaderLimitsTests {
  /// `levels` multiparts, each holding the next, the innermost holding a text part.
  func nested(_ levels: Int) -> Data {
    var lines: [String] = []
    for level in 0..<levels {
      lines += ["Content-Type: multipart/mixed; boundary=b\(level)", "", "--b\(level)"]
    }
    lines += ["Content-Type: text/plain", "", "innermost"]
    for level in (0..<levels).reversed() { lines.append("--b\(level)--") }
    return MailFixtures.message(lines)
  }

  /// A multipart/mixed holding `count` text parts.
  func flat(_ count: Int) -> Data {
    var lines = ["Content-Type: multipart/mixed; boundary=x", ""]
    for index in 0..<count { lines += ["--x", "", "part \(index)"] }
    lines.append("--x--")
    return MailFixtures.message(lines)
  }

  @Test func refusesMultipartsNestedDeeperThanTheLimit() throws {
    let ten = try ReceivedMessage.parse(nested(10))
    #expect(ten.allParts.count == 11)
    #expect(ten.allParts.last?.text == "innermost")
    #expect(throws: MailReadError.nestingTooDeep(limit: 10)) {
      try ReceivedMessage.parse(nested(11))
    }
    #expect(throws: MailReadError.nestingTooDeep(limit: 3)) {
      try ReceivedMessage.parse(nested(4), limits: MailLimits(maximumNestingDepth: 3))
    }
    // A thousand levels fail at the limit rather than recursing a thousand deep.
    #expect(throws: MailReadError.nestingTooDeep(limit: 10)) {
      try ReceivedMessage.parse(nested(1000))
    }
  }

  @Test func countsAttachedMessagesAsNestingLevels() throws {
    var lines: [String] = []
    for _ in 0..<11 { lines += ["Content-Type: message/rfc822", ""] }
    lines += ["Subject: deepest", "", "body"]
    #expect(throws: MailReadError.nestingTooDeep(limit: 10)) {
      try ReceivedMessage.parse(MailFixtures.message(lines))
    }
    let shallow = try ReceivedMessage.parse(MailFixtures.message(Array(lines.dropFirst(2))))
    var message: ReceivedMessage? = shallow
    var depth = 0
    while let inner = message?.body.message {
      message = inner
      depth += 1
    }
    #expect(depth == 10)
    #expect(message?.subject == "deepest")
  }

  @Test func refusesMoreThanTheLimitOfParts() throws {
    #expect(try ReceivedMessage.parse(flat(199)).allParts.count == 200)
    #expect(throws: MailReadError.tooManyParts(limit: 200)) {
      try ReceivedMessage.parse(flat(200))
    }
    #expect(throws: MailReadError.tooManyParts(limit: 200)) {
      try ReceivedMessage.parse(flat(201))
    }
    #expect(throws: MailReadError.tooManyParts(limit: 200)) {
      try ReceivedMessage.parse(flat(100_000))
    }
    #expect(throws: MailReadError.tooManyParts(limit: 5)) {
      try ReceivedMessage.parse(flat(5), limits: MailLimits(maximumPartCount: 5))
    }
  }

  @Test func refusesAHeaderSectionOverTheLimit() throws {
    let line = "X-Padding: " + String(repeating: "a", count: 30 * 1024)
    let big = MailFixtures.message(Array(repeating: line, count: 10) + ["", "body"])
    #expect(big.count > 300 * 1024)
    #expect(throws: MailReadError.headerSectionTooLarge(limit: 256 * 1024)) {
      try ReceivedMessage.parse(big)
    }
    // The same bytes in the body are fine.
    let body = MailFixtures.message(["Subject: x", ""] + Array(repeating: line, count: 10))
    #expect(try ReceivedMessage.parse(body).body.decodedBody.count > 300 * 1024)
    // And the limit applies to a part's headers too.
    let part = MailFixtures.message(
      ["Content-Type: multipart/mixed; boundary=b", "", "--b"] + Array(repeating: line, count: 10)
        + ["", "x", "--b--"])
    #expect(throws: MailReadError.headerSectionTooLarge(limit: 256 * 1024)) {
      try ReceivedMessage.parse(part)
    }
  }

  @Test func refusesTooManyHeaders() throws {
    let fields = (0..<1000).map { "X-N\($0): v" }
    #expect(
      try ReceivedMessage.parse(MailFixtures.message(fields + ["", ""])).headers.fields.count
        == 1000)
    #expect(throws: MailReadError.tooManyHeaders(limit: 1000)) {
      try ReceivedMessage.parse(MailFixtures.message(fields + ["X-One-More: v", "", ""]))
    }
  }

  @Test func refusesAHeaderLineTooLongAfterUnfolding() throws {
    let folded =
      ["X-Long: start"] + Array(repeating: " " + String(repeating: "b", count: 1000), count: 66)
    #expect(throws: MailReadError.headerLineTooLong(field: "X-Long", limit: 64 * 1024)) {
      try ReceivedMessage.parse(MailFixtures.message(folded + ["", "body"]))
    }
    let fits =
      ["X-Long: start"] + Array(repeating: " " + String(repeating: "b", count: 1000), count: 60)
    let message = try ReceivedMessage.parse(MailFixtures.message(fits + ["", "body"]))
    #expect(message.headers["x-long"]?.utf8.count == 5 + 60 * 1001)
  }

  @Test func refusesAMessageOverTheSizeLimit() throws {
    let limit = 10 * 1024 * 1024
    let data = Data("Subject: big\r\n\r\n".utf8) + Data(repeating: 0x61, count: limit)
    #expect(throws: MailReadError.messageTooLarge(size: data.count, limit: limit)) {
      try ReceivedMessage.parse(data)
    }
    #expect(throws: MailReadError.messageTooLarge(size: 100, limit: 99)) {
      try ReceivedMessage.parse(Data(count: 100), limits: MailLimits(maximumMessageSize: 99))
    }
  }

  @Test func refusesADecodedPartOverTheLimit() throws {
    let limits = MailLimits(maximumDecodedPartSize: 1000)
    let base64 = MIMEPart.base64Lines(Data(count: 1001))
    let message = MailFixtures.message([
      "Content-Type: application/ics", "Content-Transfer-Encoding: base64", "", base64,
    ])
    #expect(throws: MailReadError.decodedPartTooLarge(contentType: "application/ics", limit: 1000))
    {
      try ReceivedMessage.parse(message, limits: limits)
    }
    let plain = MailFixtures.message(["", String(repeating: "x", count: 1001)])
    #expect(throws: MailReadError.decodedPartTooLarge(contentType: "text/plain", limit: 1000)) {
      try ReceivedMessage.parse(plain, limits: limits)
    }
    #expect(try ReceivedMessage.parse(message).body.decodedBody.count == 1001)
  }

  @Test func describesEachLimitForPeople() {
    let descriptions: [(MailReadError, String)] = [
      (
        .messageTooLarge(size: 12 * 1024 * 1024 + 512 * 1024, limit: 10 * 1024 * 1024),
        "The message is 12.5 MiB; messages over 10 MiB are not read."
      ),
      (.headerSectionTooLarge(limit: 256 * 1024), "over 256 KiB"),
      (.tooManyHeaders(limit: 1000), "more than 1000 header fields"),
      (.headerLineTooLong(field: "X-Long", limit: 64 * 1024), "X-Long is over 64 KiB long"),
      (.nestingTooDeep(limit: 10), "nested more than 10 deep"),
      (.tooManyParts(limit: 200), "more than 200 MIME parts"),
      (
        .decodedPartTooLarge(contentType: "text/calendar", limit: 10 * 1024 * 1024),
        "A text/calendar part decodes to more than 10 MiB"
      ),
      (.invalidBase64(contentType: "image/png"), "image/png part's base64 body"),
    ]
    for (error, text) in descriptions {
      #expect(error.localizedDescription.contains(text), "\(error.localizedDescription)")
    }
    #expect(MailReadError.bytes(512) == "512 bytes")
  }

  // MARK: Hostile input

  /// Parses `data` and reads every derived value, as a caller would; errors are fine.
  func exercise(_ data: Data) {
    guard let message = try? ReceivedMessage.parse(data) else { return }
    _ = (message.subject, message.date, message.from, message.to, message.messageID)
    _ = message.decodedHeader("From")
    for part in message.allParts {
      _ = (part.text, part.filename, part.charset, part.message?.subject)
    }
    for calendar in message.calendarParts { _ = calendar.text.count }
  }

  @Test func survivesRandomBytes() {
    var random = SeededGenerator(seed: 0x5EED_0001)
    for round in 0..<400 {
      let count = Int.random(in: 0...4096, using: &random)
      var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
      // Every other round, mostly MIME punctuation, which reaches deeper into the parser.
      if round % 2 == 1 {
        let alphabet = Array("-:;=?\"<>()@,\r\n \tbBqQ=_/\\*'%".utf8)
        bytes = bytes.map { alphabet[Int($0) % alphabet.count] }
      }
      exercise(Data(bytes))
    }
  }

  @Test func survivesMutatedFixtures() throws {
    let fixtures = try MailFixtures.names.map(MailFixtures.data)
    let snippets = [
      "\r\n--", "\r\n\r\n", "=?utf-8?b?", "?=", "=?", "Content-Type: multipart/mixed; boundary=",
      "message/rfc822\r\n\r\n", "*0*=utf-8''%", "base64", "quoted-printable", "=\r\n", "\"", "(",
      "<", ">", ":", ";", "\n", "\r", "=E2=80", "--000000000000a1b2c2061f2e4d5a", "\u{0}",
    ].map { Array($0.utf8) }
    var random = SeededGenerator(seed: 0x5EED_0002)
    let clock = ContinuousClock()
    let start = clock.now
    var rounds = 0
    while rounds < 5000 && clock.now - start < .seconds(2) {
      var bytes = Array(fixtures[rounds % fixtures.count])
      for _ in 0..<Int.random(in: 1...8, using: &random) {
        let at = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.insert(contentsOf: snippets.randomElement(using: &random) ?? [], at: at)
        case 2:
          let end = min(bytes.count, at + Int.random(in: 0...200, using: &random))
          bytes.removeSubrange(at..<end)
        case 3:
          let end = min(bytes.count, at + Int.random(in: 0...300, using: &random))
          bytes.insert(
            contentsOf: Array(bytes[at..<end]), at: Int.random(in: 0...bytes.count, using: &random))
        case 4: bytes.removeSubrange(at...)
        default:
          bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
        }
      }
      exercise(Data(bytes))
      rounds += 1
    }
    #expect(rounds >= 1000, "only \(rounds) mutations in two seconds")
  }

  @Test func staysLinearOnPathologicalHeaders() {
    let clock = ContinuousClock()
    let words = String(repeating: "=?", count: 30_000)
    let open = String(repeating: "=?utf-8?q?", count: 5_000)
    let comments = String(repeating: "(", count: 50_000)
    let params = "text/plain" + String(repeating: "; a*1*=%41", count: 5_000)
    let elapsed = clock.measure {
      #expect(EncodedWord.decode(words) == words)
      #expect(EncodedWord.decode(open) == open)
      #expect(AddressList.addrSpecs(comments + "a@b").isEmpty)
      #expect(AddressList.addrSpecs(String(repeating: "a@b.c,", count: 10_000)).count == 10_000)
      #expect(HeaderParameters.parse(params).parameters.isEmpty)
      let many = MailFixtures.message(
        ["Content-Type: multipart/mixed; boundary=b", ""] + Array(repeating: "-", count: 200_000))
      let parsed = try? ReceivedMessage.parse(many)
      #expect(parsed?.body.children.isEmpty == true)
    }
    #expect(elapsed < .seconds(2))
  }

  // MARK: Speed

  @Test func readsAFiveMegabyteAttachmentQuickly() throws {
    var random = SeededGenerator(seed: 0x5EED_0003)
    var payload = Data(count: 3_900_000)
    payload.withUnsafeMutableBytes { raw in
      let words = raw.bindMemory(to: UInt64.self)
      for index in words.indices { words[index] = random.next() }
    }
    var data = Data(
      """
      From: a@example.com\r
      Content-Type: multipart/mixed; boundary="big"\r
      \r
      --big\r
      Content-Type: text/calendar; method=REPLY\r
      \r
      BEGIN:VCALENDAR\r
      --big\r
      Content-Type: application/octet-stream; name="minutes.zip"\r
      Content-Transfer-Encoding: base64\r
      \r

      """.utf8)
    data += Data(MIMEPart.base64Lines(payload).utf8)
    data += Data("\r\n--big--\r\n".utf8)
    #expect(data.count > 5_000_000)
    let clock = ContinuousClock()
    var message: ReceivedMessage?
    let elapsed = try clock.measure { message = try ReceivedMessage.parse(data) }
    #expect(elapsed < .seconds(2), "took \(elapsed)")
    #expect(message?.allParts.last?.decodedBody == payload)
    #expect(message?.calendarParts.map(\.text) == ["BEGIN:VCALENDAR"])
  }
}
