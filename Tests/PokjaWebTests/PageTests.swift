import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaICalendar
import PokjaNotifications
import PokjaTestSupport
import PokjaVCard
import PokjaWeb
import Testing

@Suite("Web: directory, agenda, replies, feeds and RSVP links")
struct PageTests {
  @Test("Search finds what `pokja find` finds, in its order, typos forgiven; the fragment too")
  func search() async throws {
    let fixture = try WebFixture()
    let expected = try Directory(store: fixture.store).find("muslinat", limit: 26).map(\.name)
    #expect(expected.first == "Muslimat NU")
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let page = try await client.execute(
        uri: "/directory?q=muslinat", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(page.status == .ok)
      let names = page.text.matches(of: #/class="name">([^<]+)</#).map { String($0.1) }
      #expect(names == expected)
      let fragment = try await client.execute(
        uri: "/directory/results?q=0857+1000+2000", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(fragment.text.contains("Lina Marlina"))
      #expect(!fragment.text.contains("<html"))
      let filtered = try await client.execute(
        uri: "/directory?q=&service=rumah+aman", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(filtered.text.contains("UPTD PPA Kota Surabaya"))
      #expect(!filtered.text.contains(">Muslimat NU<"))
      let refer = try await client.execute(
        uri: "/refer?service=rumah+aman&region=Kota+Surabaya", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(refer.text.contains("UPTD PPA Kota Surabaya"))
      #expect(refer.text.contains("Lina Marlina"))
      let unknownRegion = try await client.execute(
        uri: "/refer?service=rumah+aman&region=Atlantis", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(unknownRegion.status == .ok)
      #expect(unknownRegion.text.contains("class=\"error\""))
      // A quote followed by a combining mark is one character; escaped scalar by scalar it cannot
      // end the search box's value attribute, and the search itself does not trip over it.
      let query = "x\"\u{301} autofocus onfocus=alert(1)"
      let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
      let reflected = try await client.execute(
        uri: "/directory?q=" + encoded, method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(reflected.status == .ok)
      // (The texts are named first: #expect cannot quote a literal with `"` + U+0301 in it.)
      let escaped = "x&quot;\u{301} autofocus onfocus=alert(1)"
      let raw = "x\"\u{301} autofocus"
      #expect(reflected.text.contains(escaped))
      #expect(!reflected.text.contains(raw))
    }
  }

  @Test("A person's page: tap to call in E.164, WhatsApp, and a vCard phones import")
  func personPage() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.lina, client: client)
      let page = try await client.execute(
        uri: "/people/\(fixture.wulan.id)", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(page.text.contains("href=\"tel:+6281234567890\""))
      #expect(page.text.contains("href=\"https://wa.me/6281234567890\""))
      #expect(page.text.contains("href=\"/organisations/"))
      let card = try await client.execute(
        uri: "/people/\(fixture.wulan.id).vcf", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(card.headers[.contentType] == "text/vcard; charset=utf-8")
      #expect(card.headers[.contentDisposition]?.contains("Wulan-Sari.vcf") == true)
      let cards = try VCardParser.parse(card.text)
      #expect(cards.count == 1)
      #expect(cards.first?.formattedName == "Wulan Sari")
      let organisation = try await client.execute(
        uri: "/organisations/3", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(organisation.text.contains("UPTD PPA Kota Surabaya"))
      #expect(organisation.text.contains("openstreetmap.org/search?query="))
      #expect(organisation.text.contains("Lina Marlina"))
      let missing = try await client.execute(
        uri: "/people/999", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(missing.status == .notFound)
    }
  }

  @Test("The agenda and a meeting's page; answering there; the secretariat's view of replies")
  func agendaAndReplies() async throws {
    let fixture = try WebFixture()
    let id = fixture.meeting.meeting.id
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let agenda = try await client.execute(
        uri: "/agenda", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(agenda.text.contains("Rapat Pleno Tim Pokja"))
      #expect(agenda.text.contains("/meetings/\(id)"))
      let page = try await client.execute(
        uri: "/meetings/\(id)", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(page.text.contains("Ruang Rapat Lt 7"))
      #expect(page.text.contains("https://docs.example.org/rencana-kerja.pdf"))
      #expect(!page.text.contains("/replies"))
      let form = try fixture.formToken(in: page)
      let answered = try await client.execute(
        uri: "/meetings/\(id)/reply", method: .post,
        headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body(["_csrf": form, "answer": "accepted"]))
      #expect(answered.status == .seeOther)
      let forbidden = try await client.execute(
        uri: "/meetings/\(id)/replies", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(forbidden.status == .forbidden)

      let secretary = try await fixture.signIn(fixture.rina, client: client)
      let replies = try await client.execute(
        uri: "/meetings/\(id)/replies", method: .get,
        headers: WebFixture.headers(cookie: secretary))
      #expect(replies.status == .ok)
      #expect(
        replies.text.contains(
          "<tr class=\"ACCEPTED\"><td><a href=\"/people/\(fixture.wulan.id)\">Wulan Sari</a>"))
      #expect(
        replies.text.contains(
          "<tr class=\"NEEDS-ACTION\"><td><a href=\"/people/\(fixture.lina.id)\">Lina Marlina</a>"))
    }
    let details = try fixture.scheduler().details(of: id.description)
    #expect(Replies.answer(of: fixture.wulan.id, in: details, occurrence: nil) == .accepted)
  }

  @Test("Calendar feeds: webcal links, an ETag and 304s, revocation, a forged token")
  func feeds() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let page = try await client.execute(
        uri: "/calendar", method: .get, headers: WebFixture.headers(cookie: cookie))
      let link = try #require(
        page.text.firstMatch(of: #/href="webcal://127\.0\.0\.1:8080/feeds/([A-Za-z0-9_-]+)\.ics"/#))
      let token = String(link.1)
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
      let tag = try #require(feed.headers[.eTag])
      let modified = try #require(feed.headers[.lastModified])
      let calendar = try ICalendarParser.parse(feed.text)
      #expect(calendar.first?.properties.contains { $0.name == "X-WR-CALNAME" } == true)
      #expect(feed.text.contains("SUMMARY:Rapat Pleno Tim Pokja"))
      #expect(feed.text.contains("METHOD:PUBLISH"))
      let again = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(again.headers[.eTag] == tag)
      let notModified = try await client.execute(
        uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: tag])
      #expect(notModified.status == .notModified)
      let notModifiedSince = try await client.execute(
        uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: modified])
      #expect(notModifiedSince.status == .notModified)
      var tampered = Array(token)
      tampered[3] = tampered[3] == "A" ? "B" : "A"
      let forged = try await client.execute(uri: "/feeds/\(String(tampered)).ics", method: .get)
      #expect(forged.status == .notFound)
      // A new address: the old one stops working.
      let form = try fixture.formToken(in: page)
      let feedID = try #require(page.text.firstMatch(of: #/name="feed" value="(\d+)"/#))
      let renewed = try await client.execute(
        uri: "/calendar/renew", method: .post,
        headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body(["_csrf": form, "feed": String(feedID.1)]))
      #expect(renewed.status == .seeOther)
      let old = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(old.status == .notFound)
    }
  }

  @Test("RSVP links: a GET changes nothing, the post records once and tells the channels")
  func rsvpLinks() async throws {
    let fixture = try WebFixture()
    _ = try fixture.store.addChannel(
      Channel(
        name: "tim", url: "https://hooks.example/a", preset: .json, secretEnv: nil, events: [],
        createdAt: fixture.clock.now()))
    let id = fixture.meeting.meeting.id
    let attendee = try #require(
      fixture.meeting.attendees.first { $0.contact.id == fixture.lina.id })
    let invitation = try fixture.composer().invitation(fixture.meeting, to: attendee)
    let accept = try #require(
      unfolded(invitation.content).firstMatch(
        of: #/http://127\.0\.0\.1:8080/rsvp/([A-Za-z0-9_-]+)\?answer=accepted/#))
    let token = String(accept.1)
    try await fixture.test { client in
      let page = try await client.execute(uri: "/rsvp/\(token)?answer=accepted", method: .get)
      #expect(page.status == .ok)
      #expect(page.text.contains("Lina Marlina"))
      #expect(
        Replies.answer(
          of: fixture.lina.id, in: try fixture.scheduler().details(of: id.description),
          occurrence: nil)
          == .needsAction)
      let form = try fixture.formToken(in: page)
      let fields = ["_csrf": form, "answer": "accepted", "sequence": "0"]
      let done = try await client.execute(
        uri: "/rsvp/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(fields))
      #expect(done.status == .ok)
      #expect(done.text.contains("id=\"recorded-answer\">hadir<"))
      let twice = try await client.execute(
        uri: "/rsvp/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(fields))
      #expect(twice.text.contains("memang sudah"))
      var evil = WebFixture.formHeaders
      evil[.origin] = "https://evil.example"
      let crossSite = try await client.execute(
        uri: "/rsvp/\(token)", method: .post, headers: evil,
        body: WebFixture.body(["_csrf": form, "answer": "declined", "sequence": "0"]))
      #expect(crossSite.status == .forbidden)
      var bent = Array(token)
      bent[5] = bent[5] == "A" ? "B" : "A"
      let forged = try await client.execute(uri: "/rsvp/\(String(bent))", method: .get)
      #expect(forged.status == .notFound)
      fixture.clock.set(fixture.meeting.meeting.end.addingTimeInterval(60))
      let late = try await client.execute(uri: "/rsvp/\(token)", method: .get)
      #expect(late.status == .gone)
      await fixture.settled()
    }
    let details = try fixture.scheduler().details(of: id.description)
    #expect(Replies.answer(of: fixture.lina.id, in: details, occurrence: nil) == .accepted)
    let events = fixture.webhooks.delivered
    #expect(events.count == 1)
    let event = try #require(events.first)
    #expect(event.content.contains("\"type\":\"reply.received\""))
    #expect(event.content.contains("\"answer\":\"ACCEPTED\""))
    #expect(event.content.contains("\"via\":\"web\""))
  }

  @Test("An RSVP link from before a change shows the change before the answer is taken")
  func staleSequence() async throws {
    let fixture = try WebFixture()
    let id = fixture.meeting.meeting.id
    let token = fixture.tickets.token(
      for: ReplyTicket(
        meeting: id, occurrence: nil, contact: fixture.wulan.id, sequence: -1,
        expires: fixture.meeting.meeting.end))
    try await fixture.test { client in
      let page = try await client.execute(uri: "/rsvp/\(token)", method: .get)
      #expect(page.status == .ok)
      #expect(page.text.contains("class=\"notice\""))
      let form = try fixture.formToken(in: page)
      // A post confirming an older version than the meeting's is sent back to the page.
      let stale = try await client.execute(
        uri: "/rsvp/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form, "answer": "declined", "sequence": "-1"]))
      #expect(stale.status == .seeOther)
    }
  }
}
