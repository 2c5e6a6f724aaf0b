import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PokjaAccess
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import PokjaWeb
import Synchronization

/// A small directory (a ministry, an NGO, a service unit in Surabaya), a plenary with two
/// attendees, a member and a secretary with access, and a server over it all, at a clock the test
/// moves.
final class WebFixture: Sendable {
  let opened: StoreUnderTest
  var store: any PokjaStore { opened.store }
  let clock = ManualClock(try! DateTimeText.parse("2027-01-04T08:00+07:00", in: .gmt))
  let key = SigningKey.random()
  let transport = RecordingTransport()
  let webhooks = AcceptingWebhooks()
  let settings: WebSettings
  let organiser = Organiser(
    name: "Sekretariat Pokja", email: EmailAddress("sekretariat@pokja.example")!)
  let wulan: Contact
  let lina: Contact
  let rina: Contact
  let meeting: MeetingDetails
  let logged = LogLines()
  private let running = Mutex<PokjaWebServer?>(nil)

  init(kind: StoreKind = .underTest) throws {
    opened = try kind.open(clock: clock)
    settings = WebSettings(baseURL: URL(string: "http://127.0.0.1:8080")!, lanes: 1)
    let directory = Directory(store: opened.store, clock: clock)
    _ = try directory.addOrganisation(name: "Kementerian Sosial", acronym: "Kemensos")
    _ = try directory.addOrganisation(OrganisationInput(name: "Muslimat NU", tags: ["pokja"]))
    _ = try directory.addOrganisation(
      OrganisationInput(
        name: "UPTD PPA Kota Surabaya", kind: "layanan", region: "Kota Surabaya, Jawa Timur",
        services: ["rumah aman"], phones: ["(031) 5000 1234"],
        address: "Jl. Contoh 1, Surabaya"))
    wulan = try directory.addContact(
      name: "Wulan Sari", organisation: "Kemensos", email: "wulan@kemensos.example",
      phone: "0812-3456-7890")
    lina = try directory.addContact(
      name: "Lina Marlina", organisation: "UPTD PPA Kota Surabaya",
      email: "lina@uptd-surabaya.example", phone: "0857-1000-2000", language: "en")
    rina = try directory.addContact(name: "Rina Sekretariat", email: "rina@pokja.example")
    let scheduler = MeetingScheduler(
      store: opened.store, contacts: opened.store, clock: clock, defaultTimeZone: Zones.jakarta)
    _ = try scheduler.addRoom(
      name: "Ruang Rapat Lt 7", location: "Gedung Kemensos, lantai 7", building: "Gedung Kemensos",
      floor: "7")
    meeting = try scheduler.schedule(
      MeetingRequest(
        title: "Rapat Pleno Tim Pokja", start: "2027-01-06T10:00", duration: "3h",
        room: "Ruang Rapat Lt 7",
        attendees: ["wulan@kemensos.example", "lina@uptd-surabaya.example"],
        description: "Bahan: https://docs.example.org/rencana-kerja.pdf")
    ).details
    let access = self.access()
    try access.grant(wulan.id, role: .member, by: "test")
    try access.grant(lina.id, role: .member, by: "test")
    try access.grant(rina.id, role: .secretary, by: "test")
  }

  func access(clock: (any WallClock)? = nil) -> Access {
    Access(store: store, key: key, clock: clock ?? self.clock)
  }

  var tickets: ReplyTickets { ReplyTickets(key: key, baseURL: settings.base) }

  func scheduler() -> MeetingScheduler {
    MeetingScheduler(store: store, contacts: store, clock: clock, defaultTimeZone: Zones.jakarta)
  }

  func outbox() throws -> Outbox {
    Outbox(
      store: store, transport: transport, clock: clock,
      webhooks: Outbox.Webhooks(
        publisher: WebhookPublisher(channels: try store.channels(), organiser: organiser.email),
        transport: webhooks),
      random: { 1 })
  }

  func composer() -> MessageComposer {
    var composer = MessageComposer(organiser: organiser, clock: clock)
    composer.replyLinks = tickets
    return composer
  }

  func lane() throws -> WebLane {
    let directory = Directory(store: store, clock: clock)
    let scheduler = self.scheduler()
    return WebLane(
      directory: directory, scheduler: scheduler, access: access(), tickets: tickets,
      replies: { [self] in
        Replies(scheduler: scheduler, outbox: { try self.outbox() }, clock: clock)
      },
      mailSignInLink: { [self] contact, url, expires, link in
        let draft = try composer().signInLink(
          to: contact, url: url, expires: expires, link: link.rawValue)
        try outbox().queue([draft])
      },
      deliver: { [self] in _ = try outbox().deliverDue() },
      organiser: organiser, documents: documents(),
      documentLinks: SignedDocumentLinks(key: key, baseURL: settings.base),
      invitationLists: invitationLists())
  }

  func documents() -> DocumentLibrary {
    DocumentLibrary(store: store, clock: clock, actor: "sekretariat")
  }

  func invitationLists() -> InvitationLists {
    InvitationLists(
      store: store, scheduler: scheduler(), contacts: store,
      resolver: Directory(store: store, clock: clock), clock: clock, actor: "sekretariat")
  }

  func server(settings: WebSettings? = nil) throws -> PokjaWebServer {
    let logged = self.logged
    return try PokjaWebServer(
      settings: settings ?? self.settings, clock: clock, log: { logged.append($0) },
      makeLane: { [self] in try lane() })
  }

  /// Runs `body` against the server in process (HummingbirdTesting's router client).
  func test(
    settings: WebSettings? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void
  ) async throws {
    let server = try server(settings: settings)
    running.withLock { $0 = server }
    let application = Application(router: server.router())
    try await application.test(.router, body)
  }

  /// Waits for the deliveries requests started (mail and webhooks go out after the response).
  func settled() async {
    await running.withLock { $0 }?.deliveries.settled()
  }

  /// A sign-in link for `contact` (a new one each time).
  func link(for contact: Contact) throws -> String {
    try access().newSignInLink(for: contact.id).token
  }

  /// Signs `contact` in through the pages and returns the session cookie.
  func signIn(_ contact: Contact, client: any TestClientProtocol) async throws -> String {
    let token = try link(for: contact)
    let page = try await client.execute(uri: "/signin/\(token)", method: .get)
    let form = try formToken(in: page)
    let response = try await client.execute(
      uri: "/signin/\(token)", method: .post, headers: Self.formHeaders,
      body: Self.body(["_csrf": form]))
    guard response.status == .seeOther,
      let cookie = response.headers[values: .setCookie].first(where: {
        $0.hasPrefix("pokja_session=")
      })
    else { throw TestSupportError("sign-in failed: \(response.status)") }
    return String(cookie.split(separator: ";")[0])
  }

  static let formHeaders: HTTPFields = [
    .contentType: "application/x-www-form-urlencoded", .origin: "http://127.0.0.1:8080",
  ]

  static func headers(cookie: String, form: Bool = false) -> HTTPFields {
    var headers: HTTPFields = form ? formHeaders : [:]
    headers[.cookie] = cookie
    return headers
  }

  static func body(_ fields: [String: String]) -> ByteBuffer {
    var components = URLComponents()
    components.queryItems = fields.sorted { $0.key < $1.key }.map {
      URLQueryItem(name: $0.key, value: $0.value)
    }
    let text = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    return ByteBuffer(string: text)
  }

  /// The `_csrf` value of the first form on a page.
  func formToken(in response: TestResponse) throws -> String {
    let html = String(buffer: response.body)
    guard let match = html.firstMatch(of: #/name="_csrf" value="([^"]+)"/#) else {
      throw TestSupportError("no form token on the page: \(html.prefix(300))")
    }
    return String(match.1)
  }
}

/// Lines the server logged.
final class LogLines: Sendable {
  private let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}

/// A mail's text with quoted-printable soft breaks and `=3D` undone, so links read whole.
func unfolded(_ mail: String) -> String {
  mail.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
    .replacingOccurrences(of: "=3D", with: "=")
}

extension TestResponse {
  var text: String { String(buffer: body) }
}

/// A webhook transport that accepts everything and keeps what it was given.
final class AcceptingWebhooks: MessageTransport {
  private let kept = Mutex<[OutboundMessage]>([])
  var endpoint: String { "webhooks" }
  var route: MessageRoute { .webhook }
  var delivered: [OutboundMessage] { kept.withLock { $0 } }

  func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    for message in messages {
      kept.withLock { $0.append(message) }
      if report(.finished(message.id, .delivered(receipt: "HTTP 200"))) == .stop { return }
    }
  }
}
