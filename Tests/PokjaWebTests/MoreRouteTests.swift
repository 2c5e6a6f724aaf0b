import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaICalendar
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import PokjaVCard
import PokjaWeb
import Testing

@Suite("Web: series, group feeds and the remaining routes")
struct MoreRouteTests {
  @Test("A reminder's links answer for its occurrence only; the series' answer stays")
  func reminderLinksAnswerOneOccurrence() async throws {
    let fixture = try WebFixture()
    let series = try fixture.scheduler().schedule(
      MeetingRequest(
        title: "Rapat Koordinasi", start: "2027-01-11T14:00", duration: "2h",
        attendees: ["wulan@kemensos.example"], rrule: "FREQ=WEEKLY;BYDAY=MO", count: 4)
    ).details
    let second = try #require(series.plan?.occurrences.dropFirst().first?.occurrence)
    let focused = series.focused(on: second)
    let wulan = try #require(focused.attendees.first)
    let reminder = try fixture.composer().reminder(
      focused,
      Reminder(
        id: ReminderID(1), meetingID: series.meeting.id, offset: try TimeSpan(parsing: "1d")),
      to: wulan)
    let match = try #require(
      unfolded(reminder.content).firstMatch(
        of: #/http://127\.0\.0\.1:8080/rsvp/([A-Za-z0-9_-]+)\?answer=declined/#))
    let token = String(match.1)
    let ticket = try #require(fixture.tickets.open(token))
    #expect(ticket.occurrence == second.recurrenceID)
    #expect(ticket.expires == second.end)
    try await fixture.test { client in
      let page = try await client.execute(uri: "/rsvp/\(token)?answer=declined", method: .get)
      #expect(page.status == .ok)
      let form = try fixture.formToken(in: page)
      let done = try await client.execute(
        uri: "/rsvp/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form, "answer": "declined", "sequence": "0"]))
      #expect(done.status == .ok)
    }
    let after = try fixture.scheduler().details(of: series.meeting.id.description)
    #expect(
      Replies.answer(of: fixture.wulan.id, in: after, occurrence: second.recurrenceID) == .declined)
    #expect(Replies.answer(of: fixture.wulan.id, in: after, occurrence: nil) == .needsAction)
  }

  @Test("A group's feed carries the meetings most of its members are invited to")
  func groupFeed() async throws {
    let fixture = try WebFixture()
    let directory = Directory(store: fixture.store, clock: fixture.clock)
    let group = try directory.addGroup(
      name: "pleno", contacts: ["wulan@kemensos.example", "lina@uptd-surabaya.example"])
    _ = try fixture.scheduler().schedule(
      MeetingRequest(
        title: "Rapat Kecil", start: "2027-01-07T10:00", duration: "1h",
        attendees: ["rina@pokja.example"]))
    let (_, token) = try fixture.access().feed(of: .group(group.id), by: "test")
    try await fixture.test { client in
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(feed.status == .ok)
      #expect(feed.text.contains("SUMMARY:Rapat Pleno Tim Pokja"))
      #expect(!feed.text.contains("Rapat Kecil"))
      #expect(feed.text.contains("X-WR-CALNAME:Pokja: pleno"))
      // A member may not renew the group's address, which others use too.
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let page = try await client.execute(
        uri: "/calendar", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(page.text.contains("pleno"))
      let groupFeed = try #require(try fixture.store.calendarFeeds(of: .group(group.id)).first)
      let renew = try await client.execute(
        uri: "/calendar/renew", method: .post,
        headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body(["_csrf": try fixture.formToken(in: page), "feed": "\(groupFeed.id)"])
      )
      #expect(renew.status == .forbidden)
      let still = try await client.execute(uri: "/feeds/\(token).ics", method: .get)
      #expect(still.status == .ok)
    }
  }

  @Test("The home page, an organisation's vCard, the month's agenda, unknown pages and assets")
  func remainingRoutes() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let home = try await client.execute(uri: "/", method: .get)
      #expect(home.headers[.location] == "/signin")
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let signedIn = try await client.execute(
        uri: "/", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(signedIn.headers[.location] == "/directory")
      let card = try await client.execute(
        uri: "/organisations/3.vcf", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(card.headers[.contentType] == "text/vcard; charset=utf-8")
      #expect(try VCardParser.parse(card.text).first?.formattedName == "UPTD PPA Kota Surabaya")
      let month = try await client.execute(
        uri: "/agenda?range=month&from=2027-01-15", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(month.text.contains("Rapat Pleno Tim Pokja"))
      #expect(month.text.contains("1 Januari 2027"))
      let empty = try await client.execute(
        uri: "/agenda?range=week&from=2027-03-01", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(!empty.text.contains("Rapat Pleno Tim Pokja"))
      for path in ["/nothing", "/assets/missing.js", "/feeds/abc", "/meetings/99", "/people/x"] {
        let response = try await client.execute(
          uri: path, method: .get, headers: WebFixture.headers(cookie: cookie))
        #expect(response.status == .notFound, "\(path)")
      }
      let css = try await client.execute(uri: "/assets/app.css", method: .get)
      #expect(css.headers[.contentType] == "text/css; charset=utf-8")
      #expect(css.headers[.cacheControl] == "public, max-age=3600")
    }
  }
}
