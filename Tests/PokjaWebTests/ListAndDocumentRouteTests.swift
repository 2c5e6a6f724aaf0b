import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PokjaAccess
import PokjaCore
import PokjaScheduling
import PokjaTestSupport
import PokjaWeb
import Testing

/// The web app's part of issue 17: members read a meeting's proposed invitation list and comment
/// or object there; a meeting's documents are on its page and open for a member, or for anyone
/// with the signed link an invitation carries, until they are removed.
@Suite("Web: invitation lists under discussion and documents")
struct ListAndDocumentRouteTests {
  @Test("A member reads the proposed list, objects to a person, and the secretariat sees it")
  func membersCommentOnTheList() async throws {
    let fixture = try WebFixture()
    let lists = fixture.invitationLists()
    let id = fixture.meeting.meeting.id
    _ = try lists.propose(
      meeting: id.description,
      .init(contacts: ["wulan@kemensos.example", "lina@uptd-surabaya.example"]),
      approver: "rina@pokja.example", limits: .init(perOrganisation: nil, perProvince: nil),
      note: "Usulan pertama")
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let meetingPage = try await client.execute(
        uri: "/meetings/\(id)", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(meetingPage.text.contains("href=\"/meetings/\(id)/list\""))
      let page = try await client.execute(
        uri: "/meetings/\(id)/list", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(page.status == .ok)
      #expect(page.text.contains("Lina Marlina"))
      #expect(page.text.contains("Usulan pertama"))
      #expect(page.text.contains("belum disetujui") || page.text.contains("not approved yet"))
      #expect(page.text.contains("value=\"lina@uptd-surabaya.example\""))
      let posted = try await client.execute(
        uri: "/meetings/\(id)/list/comments", method: .post,
        headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body([
          "_csrf": try fixture.formToken(in: page), "text": "Sebaiknya diganti kepala UPTD",
          "object": "lina@uptd-surabaya.example",
        ]))
      #expect(posted.status == .seeOther)
      #expect(posted.headers[.location] == "/meetings/\(id)/list")
      let after = try await client.execute(
        uri: "/meetings/\(id)/list", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(after.text.contains("Sebaiknya diganti kepala UPTD"))
      // Without the form's token: refused, nothing recorded.
      let forged = try await client.execute(
        uri: "/meetings/\(id)/list/comments", method: .post,
        headers: WebFixture.headers(cookie: cookie, form: true),
        body: WebFixture.body(["_csrf": "x", "text": "palsu"]))
      #expect(forged.status == .forbidden)
    }
    let comments = try lists.comments(of: id)
    #expect(comments.count == 1)
    #expect(comments.first?.author == "Wulan Sari")
    #expect(comments.first?.isObjection == true)
    #expect(comments.first?.entry == .contact(fixture.lina.id))
    #expect(comments.first?.version == 1)
  }

  @Test("A meeting without a list has no list page")
  func noList() async throws {
    let fixture = try WebFixture()
    try await fixture.test { client in
      let cookie = try await fixture.signIn(fixture.wulan, client: client)
      let page = try await client.execute(
        uri: "/meetings/\(fixture.meeting.meeting.id)/list", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(page.status == .notFound)
      let out = try await client.execute(
        uri: "/meetings/\(fixture.meeting.meeting.id)/list", method: .get)
      #expect(out.status == .seeOther)
    }
  }

  @Test(
    "Documents: on the meeting's page for members, by signed link for anyone, gone once removed")
  func documents() async throws {
    let fixture = try WebFixture()
    let id = fixture.meeting.meeting.id
    let bytes = Data("<html><script>alert(1)</script></html>".utf8)
    let added = try fixture.documents().add(bytes, filename: "agenda rapat.html", to: .meeting(id))
    let digest = added.document.digest.hex
    let links = SignedDocumentLinks(key: fixture.key, baseURL: fixture.settings.base)
    let signed = String(links.link(to: added.document).dropFirst(fixture.settings.base.count))
    try await fixture.test { client in
      // Anyone with the invitation's link, no session.
      let open = try await client.execute(uri: signed, method: .get)
      #expect(open.status == .ok)
      #expect(open.body == ByteBuffer(bytes: bytes))
      // A kept HTML file is a download, never a page of this site.
      #expect(open.headers[.contentType] == "application/octet-stream")
      #expect(
        open.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"agenda rapat.html\"")
          == true)
      #expect(open.headers[.eTag] == "\"\(digest)\"")
      // Without a signature: sign in first; a signature for another file opens nothing.
      let bare = try await client.execute(
        uri: "/documents/\(digest)/agenda%20rapat.html", method: .get)
      #expect(bare.status == .seeOther)
      #expect(bare.headers[.location] == "/signin")
      let other = String(repeating: "0", count: 64)
      let sig = signed.split(separator: "?").last.map(String.init) ?? ""
      let wrong = try await client.execute(uri: "/documents/\(other)/x.pdf?\(sig)", method: .get)
      #expect(wrong.status == .seeOther)
      // A member finds it on the meeting's page and opens it with their session.
      let cookie = try await fixture.signIn(fixture.lina, client: client)
      let page = try await client.execute(
        uri: "/meetings/\(id)", method: .get, headers: WebFixture.headers(cookie: cookie))
      #expect(page.text.contains("href=\"/documents/\(digest)/agenda%20rapat.html\""))
      let member = try await client.execute(
        uri: "/documents/\(digest)/agenda%20rapat.html", method: .get,
        headers: WebFixture.headers(cookie: cookie))
      #expect(member.status == .ok)
      _ = try fixture.documents().remove("agenda rapat.html", from: .meeting(id))
      let gone = try await client.execute(uri: signed, method: .get)
      #expect(gone.status == .gone)
    }
  }
}
