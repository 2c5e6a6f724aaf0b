import Foundation
import PokjaTestSupport
import Testing

@testable import PokjaMIME

/// Cross-checks rendered messages with Python's standard `email` package.
@Suite struct PythonEmailTests {
  static let script = """
    import base64, email, email.policy, json, sys
    raw = open(sys.argv[1], "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.walk():
        entry = {
            "type": part.get_content_type(),
            "params": dict(part["content-type"].params) if part["content-type"] else {},
            "defects": [repr(defect) for defect in part.defects],
        }
        if not part.is_multipart():
            content = part.get_content()
            if isinstance(content, bytes):
                entry["base64"] = base64.b64encode(content).decode("ascii")
            else:
                entry["text"] = content.replace("\\r\\n", "\\n")
            entry["filename"] = part.get_filename()
            entry["disposition"] = part.get_content_disposition()
        parts.append(entry)
    sender = msg["from"].addresses[0]
    print(json.dumps({
        "subject": str(msg["subject"]),
        "from_name": sender.display_name,
        "from_address": sender.addr_spec,
        "to": [[a.display_name, a.addr_spec] for a in msg["to"].addresses],
        "date": msg["date"].datetime.isoformat(),
        "message_id": str(msg["message-id"]),
        "defects": [repr(defect) for defect in msg.defects],
        "parts": parts,
    }))
    """

  func parse(_ message: MailMessage) throws -> [String: Any] {
    let path = try PythonTool.temporaryFile(try message.rendered(), suffix: ".eml")
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try PythonTool.json(inline: Self.script, arguments: [path])
  }

  @Test func pythonEmailReadsTheInvitation() throws {
    let json = try parse(invitation())
    #expect(json["subject"] as? String == subjectText)
    #expect(json["from_name"] as? String == "Sekretariat Pokja — Désirée")
    #expect(json["from_address"] as? String == "sekretariat@pokja.example")
    let to = json["to"] as? [[String]]
    #expect(
      to == [
        ["Budi Santoso, S.H.", "budi@example.com"], ["Ani \"Bos\" Wijaya", "ani@example.com"],
        ["", "plain@example.com"],
      ])
    #expect(json["date"] as? String == "2026-11-01T10:00:00+07:00")
    #expect(json["message_id"] as? String == "<rapat-pleno-2026@pokja.example>")
    #expect((json["defects"] as? [String])?.isEmpty == true)

    let parts = try #require(json["parts"] as? [[String: Any]])
    #expect(
      parts.compactMap { $0["type"] as? String } == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
        "application/pdf",
      ])
    for part in parts {
      #expect((part["defects"] as? [String])?.isEmpty == true, "defects in \(part)")
    }
    #expect(parts[2]["text"] as? String == plainText)
    #expect(parts[3]["text"] as? String == htmlText)
    let calendar = parts[4]
    #expect((calendar["params"] as? [String: String])?["method"] == "REQUEST")
    #expect((calendar["params"] as? [String: String])?["charset"] == "utf-8")
    #expect(
      calendar["text"] as? String == calendarText.replacingOccurrences(of: "\r\n", with: "\n"))
    let file = parts[5]
    #expect(file["filename"] as? String == attachmentName)
    #expect(file["disposition"] as? String == "attachment")
    #expect(file["base64"] as? String == attachmentData.base64EncodedString())
  }

  @Test func pythonEmailReadsLongFoldedHeadersAndParameters() throws {
    var message = invitation(
      subject: String(repeating: "Désirée 🎉 rapat — ", count: 5),
      from: MailAddress("a@example.com", displayName: "Çağrı Öztürk — Sekretariat Pokja"))
    let filename = String(repeating: "Laporan kegiatan ", count: 5) + "— Désirée.pdf"
    message.body = .multipart(
      subtype: "mixed",
      parts: [
        .text(
          subtype: "plain", content: String(repeating: "baris panjang tanpa putus ", count: 20)),
        .attachment(
          contentType: "application/octet-stream", data: Data([0, 1, 2]), filename: filename),
      ])
    let json = try parse(message)
    #expect(json["subject"] as? String == String(repeating: "Désirée 🎉 rapat — ", count: 5))
    // One encoded word: Python's address parser mishandles names split across several.
    #expect(json["from_name"] as? String == "Çağrı Öztürk — Sekretariat Pokja")
    let parts = try #require(json["parts"] as? [[String: Any]])
    #expect(
      parts[1]["text"] as? String == String(repeating: "baris panjang tanpa putus ", count: 20))
    #expect(parts[2]["filename"] as? String == filename)
    #expect(parts.allSatisfy { ($0["defects"] as? [String])?.isEmpty == true })
  }
}
