import Foundation
import PokjaAccess
import PokjaCore
import Testing

/// RSVP links: whose reply to which meeting, occurrence and version, signed with the web key.
@Suite struct ReplyTicketsTests {
  let key = try! SigningKey(bytes: Array(repeating: UInt8(3), count: 32))
  let expires = Date(timeIntervalSince1970: 1_799_999_999)

  @Test func aTicketOpensAsItWasSigned() throws {
    let tickets = ReplyTickets(key: key, baseURL: "https://pokja.example.go.id")
    let ticket = ReplyTicket(
      meeting: MeetingID(12), occurrence: Date(timeIntervalSince1970: 1_796_608_800),
      contact: ContactID(7), sequence: 3, expires: expires)
    #expect(tickets.open(tickets.token(for: ticket)) == ticket)
    // A whole meeting or series: no occurrence.
    let whole = ReplyTicket(
      meeting: MeetingID(12), occurrence: nil, contact: ContactID(7), sequence: 0,
      expires: expires)
    #expect(tickets.open(tickets.token(for: whole)) == whole)
    #expect(tickets.token(for: whole) != tickets.token(for: ticket))
    // An occurrence before 1970 is not mistaken for "none".
    var early = ticket
    early.occurrence = Date(timeIntervalSince1970: -86_400)
    #expect(tickets.open(tickets.token(for: early)) == early)
    // Expired tickets still open: the page says they expired.
    var expired = ticket
    expired.expires = Date(timeIntervalSince1970: 0)
    #expect(tickets.open(tickets.token(for: expired)) == expired)
  }

  @Test func forgedAndTamperedTokensDoNotOpen() throws {
    let tickets = ReplyTickets(key: key, baseURL: "https://pokja.example.go.id")
    let ticket = ReplyTicket(
      meeting: MeetingID(12), occurrence: nil, contact: ContactID(7), sequence: 1,
      expires: expires)
    let token = tickets.token(for: ticket)
    let forger = ReplyTickets(key: SigningKey.random(), baseURL: "https://pokja.example.go.id")
    #expect(tickets.open(forger.token(for: ticket)) == nil)
    #expect(forger.open(token) == nil)
    // Another contact's reply: the payload changed, the tag not.
    var data = try #require(Base64URL.decode(token))
    data[23] ^= 0x01
    #expect(tickets.open(Base64URL.encode(data)) == nil)
    #expect(tickets.open(String(token.dropLast())) == nil)
    #expect(tickets.open("") == nil)
    #expect(tickets.open("not a token") == nil)
    // A token of the same length for another purpose.
    let other = key.seal(Data(repeating: 0, count: 40), purpose: "session")
    #expect(tickets.open(other) == nil)
  }

  @Test func linksCarryTheTokenAndTheThreeAnswers() throws {
    let tickets = ReplyTickets(key: key, baseURL: "https://pokja.example.go.id/")
    #expect(tickets.baseURL == "https://pokja.example.go.id")
    let occurrence = Date(timeIntervalSince1970: 1_796_608_800)
    let links = tickets.links(
      meeting: MeetingID(12), occurrence: occurrence, contact: ContactID(7), sequence: 2,
      expires: expires)
    let answers = [
      (links.accept, "accepted"), (links.tentative, "tentative"), (links.decline, "declined"),
    ]
    var tokens: Set<String> = []
    for (link, answer) in answers {
      #expect(link.hasPrefix("https://pokja.example.go.id/rsvp/"), "\(link)")
      #expect(link.contains("/rsvp/"))
      #expect(link.hasSuffix("?answer=\(answer)"), "\(link)")
      let token = String(
        link.dropFirst("https://pokja.example.go.id/rsvp/".count).prefix { $0 != "?" })
      tokens.insert(token)
      #expect(
        tickets.open(token)
          == ReplyTicket(
            meeting: MeetingID(12), occurrence: occurrence, contact: ContactID(7), sequence: 2,
            expires: expires))
    }
    // One token, three answers.
    #expect(tokens.count == 1)
  }
}
