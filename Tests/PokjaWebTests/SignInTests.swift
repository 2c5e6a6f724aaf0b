import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PokjaAccess
import PokjaCore
import PokjaTestSupport
import PokjaWeb
import Testing

@Suite("Web: signing in, sessions, CSRF, rate limits, headers")
struct SignInTests {
  @Test("A sign-in link shows a confirmation (a GET uses nothing), signs in once, then is refused")
  func linkSignsInOnce() async throws {
    let fixture = try WebFixture()
    let token = try fixture.link(for: fixture.wulan)
    try await fixture.test { client in
      // Mail scanners open links: two GETs, the link still works.
      for _ in 0..<2 {
        let page = try await client.execute(uri: "/signin/\(token)", method: .get)
        #expect(page.status == .ok)
        #expect(page.text.contains("Wulan Sari"))
      }
      let page = try await client.execute(uri: "/signin/\(token)", method: .get)
      let form = try fixture.formToken(in: page)
      let response = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form]))
      #expect(response.status == .seeOther)
      #expect(response.headers[.location] == "/directory")
      let cookie = try #require(response.headers[values: .setCookie].first)
      #expect(cookie.hasPrefix("pokja_session="))
      for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        #expect(cookie.contains(attribute), "cookie lacks \(attribute): \(cookie)")
      }
      let session = String(cookie.split(separator: ";")[0])
      let directory = try await client.execute(
        uri: "/directory", method: .get, headers: WebFixture.headers(cookie: session))
      #expect(directory.status == .ok)
      #expect(directory.text.contains("Wulan Sari"))
      // Replayed: refused as used.
      let again = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form]))
      #expect(again.status == .gone)
    }
    let kinds = try fixture.store.accessEvents(of: fixture.wulan.id, limit: 10).map(\.kind)
    #expect(kinds.prefix(2) == [.signInRefused, .signedIn])
  }

  @Test("Forged, tampered, expired and revoked links are refused, each with its reason")
  func refusedLinks() async throws {
    let fixture = try WebFixture()
    let expiring = try fixture.link(for: fixture.wulan)
    let revoked = try fixture.link(for: fixture.lina)
    var bent = Array(try fixture.link(for: fixture.wulan))
    bent[10] = bent[10] == "A" ? "B" : "A"
    let tampered = String(bent)
    let other = Access(store: fixture.store, key: SigningKey.random(), clock: fixture.clock)
    let forged = try other.newSignInLink(for: fixture.wulan.id).token
    _ = try fixture.access().revoke(fixture.lina.id, by: "test")
    try await fixture.test { client in
      for token in [tampered, forged, "x", String(repeating: "A", count: 400)] {
        let response = try await client.execute(uri: "/signin/\(token)", method: .get)
        #expect(response.status == .notFound, "\(token.prefix(20))")
      }
      let gone = try await client.execute(uri: "/signin/\(revoked)", method: .get)
      #expect(gone.status == .forbidden)
      #expect(gone.text.contains("dicabut"))
      fixture.clock.advance(by: 31 * 60)
      let expired = try await client.execute(uri: "/signin/\(expiring)", method: .get)
      #expect(expired.status == .gone)
      #expect(expired.text.contains("kedaluwarsa"))
    }
  }

  @Test("A post from another site, or without the form's token, signs nobody in and uses nothing")
  func crossSitePostsRefused() async throws {
    let fixture = try WebFixture()
    let token = try fixture.link(for: fixture.wulan)
    try await fixture.test { client in
      let page = try await client.execute(uri: "/signin/\(token)", method: .get)
      let form = try fixture.formToken(in: page)
      var evil = WebFixture.formHeaders
      evil[.origin] = "https://evil.example"
      let crossSite = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: evil,
        body: WebFixture.body(["_csrf": form]))
      #expect(crossSite.status == .forbidden)
      var fetchSite = WebFixture.formHeaders
      fetchSite[.origin] = nil
      fetchSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
      let fromScript = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: fetchSite,
        body: WebFixture.body(["_csrf": form]))
      #expect(fromScript.status == .forbidden)
      let noToken = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": "nope"]))
      #expect(noToken.status == .forbidden)
      // The link still works after all that.
      let real = try await client.execute(
        uri: "/signin/\(token)", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form]))
      #expect(real.status == .seeOther)
    }
  }

  @Test("Pages need a session; a signed-out or revoked session is no session")
  func pagesNeedASession() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      for path in [
        "/directory", "/refer", "/agenda", "/calendar", "/people/1", "/organisations/1",
        "/meetings/1", "/meetings/1/replies", "/people/1.vcf",
      ] {
        let response = try await client.execute(uri: path, method: .get)
        #expect(response.status == .seeOther, "\(path)")
        #expect(response.headers[.location] == "/signin", "\(path)")
      }
      let fragment = try await client.execute(uri: "/directory/results?q=wulan", method: .get)
      #expect(fragment.status == .unauthorized)
      let forged = try await client.execute(
        uri: "/directory", method: .get, headers: WebFixture.headers(cookie: "pokja_session=AAAA"))
      #expect(forged.status == .seeOther)

      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let page = try await client.execute(
        uri: "/directory", method: .get, headers: WebFixture.headers(cookie: cookie))
      let form = try fixture.formToken(in: page)
      let signOut = try await client.execute(
        uri: "/signout", method: .post, headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body(["_csrf": form]))
      #expect(signOut.status == .seeOther)
      #expect(signOut.headers[values: .setCookie].contains { $0.contains("Max-Age=0") })
      let after = try await client.execute(
        uri: "/directory", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(after.status == .seeOther)

      let second = try await fixture.signIn(fixture.wulan, client: client)
      _ = try fixture.access().revoke(fixture.wulan.id, by: "test")
      let revoked = try await client.execute(
        uri: "/directory", method: .get, headers: WebFixture.headers(cookie: second))
      #expect(revoked.status == .seeOther)
    }
  }

  @Test("Asking for a link: mailed to those with access, the same answer for anyone, rate limited")
  func requestingALink() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let page = try await client.execute(uri: "/signin", method: .get)
      let form = try fixture.formToken(in: page)
      let known = try await client.execute(
        uri: "/signin", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form, "email": "Wulan@Kemensos.example"]))
      #expect(known.status == .seeOther)
      #expect(known.headers[.location] == "/signin?sent=1")
      let unknown = try await client.execute(
        uri: "/signin", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form, "email": "nobody@example.org"]))
      #expect(unknown.headers[.location] == "/signin?sent=1")
      await fixture.settled()
      #expect(fixture.transport.delivered.count == 1)
      let mail = try #require(fixture.transport.delivered.first)
      #expect(mail.kind == .signIn)
      #expect(mail.destination == .email(fixture.wulan.email))
      let link = try #require(
        unfolded(mail.content).firstMatch(of: #/http://127\.0\.0\.1:8080/signin/([A-Za-z0-9_-]+)/#))
      let opened = try await client.execute(uri: "/signin/\(link.1)", method: .get)
      #expect(opened.status == .ok)
      // Three more from the same address pass, the sixth in the window does not.
      for _ in 0..<3 {
        _ = try await client.execute(
          uri: "/signin", method: .post, headers: WebFixture.formHeaders,
          body: WebFixture.body(["_csrf": form, "email": "x@example.org"]))
      }
      let limited = try await client.execute(
        uri: "/signin", method: .post, headers: WebFixture.formHeaders,
        body: WebFixture.body(["_csrf": form, "email": "y@example.org"]))
      #expect(limited.status == .tooManyRequests)
      #expect(limited.headers[.retryAfter] != nil)
    }
  }

  @Test("Every response carries the security headers; pages are not cached")
  func securityHeaders() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      for path in ["/signin", "/healthz", "/assets/app.js", "/nothing-here"] {
        let response = try await client.execute(uri: path, method: .get)
        let policy = try #require(response.headers[.contentSecurityPolicy], "\(path)")
        #expect(policy.contains("script-src 'self'"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        #expect(response.headers[HTTPField.Name("Server-Timing")!]?.hasPrefix("app;dur=") == true)
      }
      let page = try await client.execute(uri: "/signin", method: .get)
      #expect(page.headers[.cacheControl] == "no-store")
      #expect(!page.text.contains("<script>"))
      let health = try await client.execute(uri: "/healthz", method: .get)
      #expect(health.status == .ok)
      #expect(health.text == "ok\n")
    }
  }

  @Test("Pages speak the browser's language unless ?lang= chose (and a cookie keeps it)")
  func languages() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let english = try await client.execute(
        uri: "/signin", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
      #expect(english.text.contains("Send me a link"))
      let indonesian = try await client.execute(
        uri: "/signin", method: .get, headers: [.acceptLanguage: "id-ID,id;q=0.9,en;q=0.5"])
      #expect(indonesian.text.contains("Kirim tautan"))
      let chosen = try await client.execute(
        uri: "/signin?lang=en", method: .get, headers: [.acceptLanguage: "id"])
      #expect(chosen.text.contains("Send me a link"))
      #expect(chosen.headers[values: .setCookie].contains { $0.hasPrefix("pokja_lang=en") })
    }
  }
}
