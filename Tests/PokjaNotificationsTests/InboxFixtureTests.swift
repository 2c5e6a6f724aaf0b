import Foundation
import PokjaMIME
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite("Real clients' reply mails, read end to end: MIME, then iTIP")
struct InboxFixtureTests {
  static func message(_ name: String) throws -> ReceivedMessage {
    let url = try RepositoryRoot.url().appendingPathComponent("Tests/Fixtures/mail/\(name)")
    return try ReceivedMessage.parse(try Data(contentsOf: url))
  }

  @Test(
    "Each client's REPLY gives one answer from its sender's calendar",
    arguments: [
      ("outlook-reply.eml", "REPLY"), ("gmail-reply.eml", "REPLY"),
      ("thunderbird-reply.eml", "REPLY"), ("apple-reply.eml", "REPLY"),
      ("exchange-counter.eml", "COUNTER"),
    ])
  func clientReplies(file: String, method: String) throws {
    let message = try Self.message(file)
    let calendar = try #require(message.calendarParts.first, "\(file) has no calendar")
    let itip = try ITIPReader.read(calendar.text)
    #expect(itip.method == method)
    if method == "REPLY" {
      let reply = try #require(itip.replies.first)
      #expect(reply.answer == .accepted, "\(file)")
      #expect(!reply.uid.isEmpty)
      #expect(reply.attendee.contains("@"))
    } else {
      #expect(itip.counters.count == 1)
      #expect(itip.counters.first?.start != nil)
    }
    // Gmail sends the calendar twice (inline and invite.ics): both say the same.
    for other in message.calendarParts.dropFirst() {
      #expect(try ITIPReader.read(other.text).replies == itip.replies)
    }
  }
}
