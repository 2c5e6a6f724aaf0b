import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaMIME

/// Cross-checks the reader with Python's standard `email` package on every fixture.
@Suite struct MailReaderPythonTests {
  /// Prints what Python sees: the message's identity and every part that carries a calendar,
  /// chosen by the same rule as `CalendarPart`, with its decoded text.
  static let script = """
    import email, email.policy, json, sys
    raw = open(sys.argv[1], "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    calendars = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if not (kind in ("text/calendar", "application/ics")
                or (kind == "application/octet-stream" and filename.endswith(".ics"))):
            continue
        if kind.startswith("text/"):
            text = part.get_content()
        else:
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        method = part.get_param("method")
        calendars.append({"method": method.upper() if method else None, "text": text})
    print(json.dumps({
        "message_id": str(msg["message-id"]).strip(),
        "from": [a.addr_spec for a in msg["from"].addresses],
        "to": [a.addr_spec for a in msg["to"].addresses],
        "subject": str(msg["subject"]),
        "date": msg["date"].datetime.timestamp(),
        "calendars": calendars,
        "defects": [type(d).__name__ for p in msg.walk() for d in p.defects],
    }))
    """

  @Test(arguments: MailFixtures.names)
  func pythonReadsTheSameCalendars(_ name: String) throws {
    let url = try MailFixtures.url(name)
    let python = try PythonTool.json(inline: Self.script, arguments: [url.path])
    let message = try ReceivedMessage.parse(Data(contentsOf: url))

    #expect((python["defects"] as? [String]) == [])
    #expect(python["message_id"] as? String == message.messageID.map { "<\($0)>" })
    #expect(python["subject"] as? String == message.subject)
    #expect(python["date"] as? Double == message.date?.timeIntervalSince1970)
    // Python keeps the domain's case; Pokja lowercases it.
    #expect((python["from"] as? [String])?.map(lowercasedDomain) == message.from)
    #expect((python["to"] as? [String])?.map(lowercasedDomain) == message.to)

    let calendars = try #require(python["calendars"] as? [[String: Any]])
    #expect(calendars.count == message.calendarParts.count)
    #expect(!calendars.isEmpty)
    for (theirs, ours) in zip(calendars, message.calendarParts) {
      #expect(theirs["text"] as? String == ours.text)
      #expect(theirs["method"] as? String == ours.method)
    }
  }

  private func lowercasedDomain(_ address: String) -> String {
    guard let at = address.lastIndex(of: "@") else { return address }
    return address[..<at] + address[at...].lowercased()
  }
}
