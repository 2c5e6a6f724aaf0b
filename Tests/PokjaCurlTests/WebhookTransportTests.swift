import Foundation
import PokjaCore
import PokjaCurl
import PokjaTestSupport
import Testing

@Suite("Webhook signing and Retry-After")
struct WebhookSignerTests {
  static let secret = "whsec_cG9ramEtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZiE="

  @Test("The signature matches one computed by the reference standardwebhooks package")
  func knownVector() {
    // Python: Webhook(secret).sign("msg_abc", datetime.fromtimestamp(1700000000, utc), body)
    #expect(
      WebhookSigner.signature(
        id: "msg_abc", timestamp: 1_700_000_000, body: #"{"type":"test"}"#, secret: Self.secret)
        == "v1,GZ4H2IJ8wXf5kht3CZbcs3xRYh57LohIk7G6s01tuDc=")
  }

  @Test("A secret without whsec_ or with bad base64 signs nothing")
  func badSecrets() {
    #expect(WebhookSigner.signature(id: "a", timestamp: 1, body: "", secret: "plain") == nil)
    #expect(WebhookSigner.signature(id: "a", timestamp: 1, body: "", secret: "whsec_!!") == nil)
  }

  @Test("Retry-After in seconds or as an HTTP-date")
  func retryAfter() {
    let now = Date(timeIntervalSince1970: 784_111_717)  // Sun, 06 Nov 1994 08:48:37 GMT
    #expect(RetryAfter.parse("120", now: now) == 120)
    #expect(RetryAfter.parse(" 7 ", now: now) == 7)
    #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 60)
    #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
    #expect(RetryAfter.parse("soon", now: now) == nil)
    #expect(RetryAfter.parse("-5", now: now) == nil)
  }
}

/// Against a real HTTP server (scripts/testing/webhook_server.py) on 127.0.0.1.
@Suite("CurlWebhookTransport against a local HTTP server")
struct WebhookTransportTests {
  static let secretMissing = DeliveryFailure(
    .configuration, .secretMissing, "secret missing", isLocal: true)

  static func message(_ number: Int64, channel: Int64, body: String = #"{"type":"reminder"}"#)
    -> OutboundMessage
  {
    let now = Date()
    var message = OutboundMessage(
      id: OutboundMessageID(number), dedupeKey: "webhook:test.\(number):\(channel)",
      kind: .reminder, meetingID: nil, contactID: nil,
      sender: EmailAddress("sekretariat@pokja.example.org")!,
      destination: .channel(id: channel, name: "channel-\(channel)"),
      messageID: "msg_\(number)_\(UUID().uuidString.prefix(8))", subject: "Pengingat rapat",
      content: body, createdAt: now, nextAttemptAt: now)
    message.route = .webhook
    return message
  }

  static func deliver(_ transport: CurlWebhookTransport, _ messages: [OutboundMessage])
    -> [OutboundMessageID: DeliveryOutcome]
  {
    var outcomes: [OutboundMessageID: DeliveryOutcome] = [:]
    transport.deliver(messages) { event in
      if case .finished(let id, let outcome) = event { outcomes[id] = outcome }
      return .proceed
    }
    return outcomes
  }

  @Test("500, then 429 with Retry-After, then 200; same webhook-id; signatures verify")
  func retriesThenDelivers() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let transport = CurlWebhookTransport(targets: [
      1: WebhookTarget(
        name: "flaky", url: server.url("/flaky"), contentType: "application/json",
        secret: WebhookSignerTests.secret, allowPrivateAddresses: true)
    ])
    let message = Self.message(1, channel: 1, body: #"{"text":"Rapat diubah: Pleno — 10.00"}"#)

    guard case .failed(let first)? = Self.deliver(transport, [message])[message.id] else {
      Issue.record("500 must fail")
      return
    }
    #expect(first.kind == .temporary)
    #expect(first.message.contains("500"))
    guard case .failed(let second)? = Self.deliver(transport, [message])[message.id] else {
      Issue.record("429 must fail")
      return
    }
    #expect(second.kind == .temporary)
    #expect(second.retryAfter == 120)
    #expect(Self.deliver(transport, [message])[message.id] == .delivered(receipt: "HTTP 200"))

    let requests = try server.requests()
    #expect(requests.count == 3)
    #expect(Set(requests.map { $0.headers["webhook-id"] }) == [message.messageID])
    #expect(requests.allSatisfy { $0.headers["content-type"] == "application/json" })
    #expect(requests.allSatisfy { $0.body == message.content })
    let check = try server.verifySignatures(secret: WebhookSignerTests.secret)
    #expect(check.verified == 3)
    #expect(check.errors.isEmpty)
  }

  @Test("Many at once: slow ones time out together, 410 is permanent, redirects not followed")
  func parallelOutcomes() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    var targets: [Int64: WebhookTarget] = [
      1: WebhookTarget(
        name: "ok", url: server.url("/ok"), contentType: "application/json",
        allowPrivateAddresses: true),
      2: WebhookTarget(
        name: "slow", url: server.url("/slow"), contentType: "application/json",
        allowPrivateAddresses: true),
      3: WebhookTarget(
        name: "gone", url: server.url("/gone"), contentType: "application/json",
        allowPrivateAddresses: true),
      4: WebhookTarget(
        name: "moved", url: server.url("/redirect"), contentType: "application/json",
        allowPrivateAddresses: true),
    ]
    targets[5] = WebhookTarget(
      name: "ntfy", url: server.url("/ntfy"), contentType: "text/plain; charset=utf-8",
      titleHeader: true, allowPrivateAddresses: true)
    let transport = CurlWebhookTransport(
      targets: targets, connectTimeout: .seconds(2), totalTimeout: .milliseconds(1200))
    let slow = (10..<14).map { Self.message(Int64($0), channel: 2) }
    let others = [
      Self.message(1, channel: 1), Self.message(3, channel: 3), Self.message(4, channel: 4),
      Self.message(5, channel: 5, body: "Senin, 7 Desember 2026"),
      Self.message(6, channel: 99),
    ]
    let started = ContinuousClock.now
    let outcomes = Self.deliver(transport, slow + others)
    let elapsed = ContinuousClock.now - started
    // Four 3-second answers cut at 1.2 s each: in parallel, not one after the other.
    #expect(elapsed < .seconds(3))
    for message in slow {
      guard case .failed(let failure)? = outcomes[message.id] else {
        Issue.record("a slow answer must time out")
        continue
      }
      #expect(failure.kind == .temporary)
    }
    #expect(outcomes[OutboundMessageID(1)] == .delivered(receipt: "HTTP 200"))
    if case .failed(let gone)? = outcomes[OutboundMessageID(3)] {
      #expect(gone.kind == .permanent)
    } else {
      Issue.record("410 must be a permanent failure")
    }
    if case .failed(let moved)? = outcomes[OutboundMessageID(4)] {
      #expect(moved.kind == .permanent)
      #expect(moved.message.contains("redirect"))
    } else {
      Issue.record("a redirect must not be followed")
    }
    #expect(outcomes[OutboundMessageID(5)] == .delivered(receipt: "HTTP 200"))
    if case .failed(let removed)? = outcomes[OutboundMessageID(6)] {
      #expect(removed.kind == .permanent)
    } else {
      Issue.record("a removed channel's message must be given up")
    }
    let requests = try server.requests()
    #expect(requests.filter { $0.path == "/ok" }.count == 1)
    #expect(!requests.contains { $0.path != "/redirect" && $0.headers["host"] == "example.org" })
    let ntfy = requests.first { $0.path == "/ntfy" }
    #expect(ntfy?.headers["title"] == "Pengingat rapat")
    #expect(ntfy?.headers["content-type"] == "text/plain; charset=utf-8")
    #expect(ntfy?.headers["webhook-signature"] == nil)
  }

  @Test("A closed port is unreachable; a refused target keeps its messages queued")
  func unreachableAndRefused() throws {
    let port = try SMTPTestServer.unusedPort()
    let transport = CurlWebhookTransport(targets: [
      1: WebhookTarget(
        name: "closed", url: "http://127.0.0.1:\(port)/", contentType: "application/json",
        allowPrivateAddresses: true),
      2: WebhookTarget(
        name: "nosecret", url: "http://127.0.0.1:\(port)/", contentType: "application/json",
        refusal: Self.secretMissing, allowPrivateAddresses: true),
    ])
    let outcomes = Self.deliver(
      transport, [Self.message(1, channel: 1), Self.message(2, channel: 2)])
    if case .failed(let closed)? = outcomes[OutboundMessageID(1)] {
      #expect(closed.kind == .unreachable)
    } else {
      Issue.record("a closed port must be unreachable")
    }
    #expect(
      outcomes[OutboundMessageID(2)]
        == .failed(Self.secretMissing))
  }

  @Test("A name that leads to a loopback address is refused once connected, before sending")
  func privateAddressBehindAName() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    // `localhost` stands for any name whose DNS answer is private (or is re-pointed there later).
    let url = server.url("/ok").replacingOccurrences(of: "127.0.0.1", with: "localhost")
    let guarded = CurlWebhookTransport(targets: [
      1: WebhookTarget(name: "inside", url: url, contentType: "application/json")
    ])
    guard
      case .failed(let refused)? = Self.deliver(guarded, [Self.message(1, channel: 1)])[
        OutboundMessageID(1)]
    else {
      Issue.record("a loopback address must be refused")
      return
    }
    #expect(refused.kind == .configuration)
    #expect(
      refused.message.contains("leads to 127.0.0.1") || refused.message.contains("leads to ::1"))
    #expect(refused.message.contains("allow_private_webhooks"))
    #expect(try server.requests().isEmpty)

    let allowed = CurlWebhookTransport(targets: [
      1: WebhookTarget(
        name: "inside", url: url, contentType: "application/json", allowPrivateAddresses: true)
    ])
    #expect(
      Self.deliver(allowed, [Self.message(1, channel: 1)])[OutboundMessageID(1)]
        == .delivered(receipt: "HTTP 200"))
    #expect(try server.requests().count == 1)
  }
}

/// `[webhooks] proxy`: a real HTTP proxy on 127.0.0.1 (scripts/testing/http_proxy.py) that carries
/// every request to the webhook test server, whatever address it names, so public names and
/// addresses can be used without a network. Names resolve through a fixed table; others (such as
/// `localhost`) through the system.
@Suite("CurlWebhookTransport through a configured proxy")
struct WebhookProxyTests {
  static let names: [String: [String]] = [
    "hooks.example.org": ["93.184.215.14"],
    "intranet.example.org": ["10.20.30.40"],
    // A name with one public and one private address: the private one decides.
    "mixed.example.org": ["93.184.215.14", "127.0.0.1"],
    "nat64.example.org": ["64:ff9b::a9fe:a9fe"],
  ]

  static func resolve(_ host: String) -> [String]? {
    names[host] ?? (host.hasSuffix(".invalid") ? nil : CurlWebhookTransport.systemResolve(host))
  }

  static func transport(
    _ targets: [Int64: WebhookTarget], proxy: String
  ) throws -> CurlWebhookTransport {
    CurlWebhookTransport(
      targets: targets, connectTimeout: .seconds(3), totalTimeout: .seconds(5),
      proxy: try WebhookProxy(url: proxy), resolve: { Self.resolve($0) })
  }

  static func target(_ name: String, _ url: String, allowPrivate: Bool = false) -> WebhookTarget {
    WebhookTarget(
      name: name, url: url, contentType: "application/json", allowPrivateAddresses: allowPrivate)
  }

  @Test("A public name goes through the proxy, tunnelled to the address Pokja checked")
  func publicNameThroughTheProxy() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let transport = try Self.transport(
      [1: Self.target("kantor", "http://hooks.example.org:8080/ok")], proxy: proxy.url)
    let message = WebhookTransportTests.message(1, channel: 1)
    #expect(
      WebhookTransportTests.deliver(transport, [message])[message.id]
        == .delivered(receipt: "HTTP 200"))
    let asked = try proxy.requests()
    #expect(asked.map(\.method) == ["CONNECT"])
    #expect(asked.first?.target == "93.184.215.14:8080", "pinned to the checked address")
    let received = try server.requests()
    #expect(received.count == 1)
    #expect(received.first?.path == "/ok")
    #expect(received.first?.headers["host"] == "hooks.example.org:8080")
    #expect(received.first?.body == message.content)

    // The probe of `pokja doctor` takes the same route.
    #expect(
      transport.probe(Self.target("kantor", "http://hooks.example.org:8080/ok"))
        == .reachable(status: 405))
    #expect(try proxy.requests().count == 2)
  }

  @Test("A name leading to a private address is refused before the proxy is asked anything")
  func privateDestinationsRefusedBeforeSending() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let refused: [(String, String)] = [
      ("http://intranet.example.org/hook", "10.20.30.40"),
      ("https://mixed.example.org/hook", "127.0.0.1"),
      ("http://nat64.example.org/hook", "64:ff9b::a9fe:a9fe"),
      ("http://localhost:\(server.port)/ok", "127.0.0.1"),
      ("http://[64:ff9b::7f00:1]:\(server.port)/ok", "64:ff9b::7f00:1"),
      ("http://2130706433:\(server.port)/ok", "127.0.0.1"),
    ]
    var targets: [Int64: WebhookTarget] = [:]
    for (index, (url, _)) in refused.enumerated() {
      targets[Int64(index + 1)] = Self.target("c\(index + 1)", url)
    }
    targets[99] = Self.target("nowhere", "http://hooks.nowhere.invalid/hook")
    let transport = try Self.transport(targets, proxy: proxy.url)
    let messages =
      (1...refused.count).map { WebhookTransportTests.message(Int64($0), channel: Int64($0)) }
      + [WebhookTransportTests.message(99, channel: 99)]
    let outcomes = WebhookTransportTests.deliver(transport, messages)
    for (index, (url, address)) in refused.enumerated() {
      guard case .failed(let failure)? = outcomes[OutboundMessageID(Int64(index + 1))] else {
        Issue.record("\(url) must be refused")
        continue
      }
      #expect(failure.kind == .configuration, "\(url)")
      #expect(failure.message.contains("leads to \(address)"), "\(url): \(failure.message)")
      #expect(failure.message.contains("nothing was sent"))
    }
    if case .failed(let unresolved)? = outcomes[OutboundMessageID(99)] {
      #expect(unresolved.kind == .unreachable)
      #expect(unresolved.message.contains("Could not resolve hooks.nowhere.invalid"))
    } else {
      Issue.record("a name that does not resolve must wait")
    }
    #expect(try proxy.requests().isEmpty)
    #expect(try server.requests().isEmpty)
  }

  @Test("allow_private_webhooks: loopback goes direct, other names through the proxy unchecked")
  func allowPrivateWithAProxy() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let proxy = try HTTPProxyTestServer(forwardingTo: server)
    defer { proxy.stop() }
    let transport = try Self.transport(
      [
        1: Self.target("lokal", server.url("/ok"), allowPrivate: true),
        2: Self.target("intranet", "http://intranet.example.org/hook", allowPrivate: true),
      ], proxy: proxy.url)
    let outcomes = WebhookTransportTests.deliver(
      transport,
      [WebhookTransportTests.message(1, channel: 1), WebhookTransportTests.message(2, channel: 2)])
    #expect(outcomes[OutboundMessageID(1)] == .delivered(receipt: "HTTP 200"))
    #expect(outcomes[OutboundMessageID(2)] == .delivered(receipt: "HTTP 200"))
    let asked = try proxy.requests()
    #expect(asked.count == 1, "loopback never goes through the proxy")
    #expect(asked.first?.method == "POST")
    #expect(asked.first?.target == "http://intranet.example.org/hook")
    #expect(Set(try server.requests().map(\.path)) == ["/ok", "/hook"])
  }

  @Test("A proxy that refuses the tunnel, or cannot be reached, keeps the message queued")
  func proxyFailures() throws {
    let server = try WebhookTestServer()
    defer { server.stop() }
    let strict = try HTTPProxyTestServer(forwardingTo: server, refuseConnect: true)
    defer { strict.stop() }
    let target = Self.target("kantor", "https://hooks.example.org/hook")
    let message = WebhookTransportTests.message(1, channel: 1)
    guard
      case .failed(let refused)? = WebhookTransportTests.deliver(
        try Self.transport([1: target], proxy: strict.url), [message])[message.id]
    else {
      Issue.record("a refused CONNECT must fail")
      return
    }
    #expect(refused.kind == .configuration)
    #expect(refused.message.contains("refused to connect to 93.184.215.14"), "\(refused.message)")
    #expect(refused.message.contains("HTTP 403"))
    #expect(try strict.requests().map(\.target) == ["93.184.215.14:443"])
    #expect(try server.requests().isEmpty)

    // A password in the proxy URL is used, never shown.
    let port = try SMTPTestServer.unusedPort()
    let secretProxy = "http://pokja:s3kr3t-pw@127.0.0.1:\(port)"
    #expect(try WebhookProxy(url: secretProxy).displayURL == "http://pokja:***@127.0.0.1:\(port)")
    guard
      case .failed(let closed)? = WebhookTransportTests.deliver(
        try Self.transport([1: target], proxy: secretProxy), [message])[message.id]
    else {
      Issue.record("an unreachable proxy must fail")
      return
    }
    #expect(closed.kind == .unreachable)
    #expect(!closed.message.contains("s3kr3t"))
    #expect(throws: WebhookProxy.Invalid.self) { try WebhookProxy(url: "socks5://proxy:1080") }
    #expect(throws: WebhookProxy.Invalid.self) { try WebhookProxy(url: "http://proxy:3128/path") }
    do {
      _ = try WebhookProxy(url: "ftp://u:hunter2@proxy")
      Issue.record("ftp:// is not a proxy")
    } catch {
      #expect(error.description.contains("ftp://u:***@proxy"))
      #expect(!error.description.contains("hunter2"))
    }
  }
}
