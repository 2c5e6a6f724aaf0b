import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PokjaAccess
import PokjaCore

/// `pokja serve`: the directory, the agenda, calendar feeds and RSVP links for members, on
/// Hummingbird. Every page but sign-in, RSVP links, feeds and `/healthz` needs a session.
public struct PokjaWebServer: Sendable {
  let settings: WebSettings
  let lanes: LanePool
  let pages: PageRenderer
  let clock: any WallClock
  let log: @Sendable (String) -> Void
  let signInRequests: RateLimiter
  let signInEmails: RateLimiter
  let signInAttempts: RateLimiter
  let feedCache = FeedCache()
  let choices = ChoiceCache()
  /// Sends what requests queued, off the requests.
  public let deliveries: Deliveries

  /// A server whose lanes `makeLane` opens (one store connection each, at most `settings.lanes`);
  /// `log` receives one line per problem the server meets (stderr in `pokja serve`).
  public init(
    settings: WebSettings, clock: any WallClock = SystemClock(),
    log: @escaping @Sendable (String) -> Void = { _ in },
    makeLane: @escaping @Sendable () throws -> WebLane
  ) throws {
    self.settings = settings
    self.clock = clock
    self.log = log
    lanes = LanePool(limit: settings.lanes, make: makeLane)
    deliveries = Deliveries(lane: LanePool(limit: 1, make: makeLane), log: log)
    pages = try PageRenderer()
    signInRequests = RateLimiter(
      limit: settings.signInRequestsPerAddress, window: settings.signInWindow)
    signInEmails = RateLimiter(
      limit: settings.signInRequestsPerEmail, window: settings.signInWindow)
    signInAttempts = RateLimiter(
      limit: settings.signInAttemptsPerAddress, window: settings.signInWindow)
  }

  /// The routes and middleware.
  public func router() -> Router<WebContext> {
    let router = Router(context: WebContext.self)
    router.add(middleware: ResponseHeaders(server: self))
    router.add(middleware: Visitor(server: self))
    addSignInRoutes(to: router)
    addDirectoryRoutes(to: router)
    addAgendaRoutes(to: router)
    addFeedRoutes(to: router)
    addReplyRoutes(to: router)
    addDocumentRoutes(to: router)
    addListRoutes(to: router)
    router.get("/") { _, context in
      Self.redirect(context.viewer == nil ? "/signin" : "/directory")
    }
    router.get("/healthz") { _, _ in
      do {
        _ = try await lanes.run { lane in try lane.access.store.accessEvents(of: nil, limit: 1) }
        return Self.text("ok\n", status: .ok)
      } catch {
        log("healthz: the database does not answer: \(error.localizedDescription)")
        return Self.text("database unavailable\n", status: .serviceUnavailable)
      }
    }
    router.get("/assets/:file") { _, context in
      let name = context.parameters.get("file") ?? ""
      guard let text = EmbeddedFiles.contents["assets/" + name] else {
        return page(.notFound, context: context, heading: "404", textKey: "notFound")
      }
      let type =
        name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
      var headers = HTTPFields()
      headers[.contentType] = type
      headers[.cacheControl] = "public, max-age=3600"
      return Response(
        status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
    return router
  }

  /// An application listening on `host:port` (port 0: any free port); `onListening` gets the
  /// address it bound, once it does. SIGTERM and SIGINT end it gracefully: requests in flight finish.
  public func application(
    host: String, port: Int, onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
  ) -> some ApplicationProtocol {
    var logger = Logger(label: "pokja.serve")
    logger.logLevel = .warning
    return Application(
      router: router(),
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        let address = channel.localAddress
        onListening(address?.ipAddress ?? host, address?.port ?? port)
      },
      logger: logger)
  }

  // MARK: Responses

  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/html; charset=utf-8"
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func text(_ text: String, status: HTTPResponse.Status) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/plain; charset=utf-8"
    return Response(
      status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// 303 See Other: after a form post, and from pages that need a session.
  static func redirect(_ location: String) -> Response {
    var headers = HTTPFields()
    headers[.location] = location
    return Response(status: .seeOther, headers: headers)
  }

  /// A page inside the layout.
  func render(
    _ page: String, title: String, _ values: [String: Any], context: WebContext,
    request: Request, status: HTTPResponse.Status = .ok
  ) -> Response {
    Self.html(
      pages.page(page, title: title, values, context: context, path: request.uri.description),
      status: status)
  }

  /// A short message page (not found, refused, done).
  func page(
    _ status: HTTPResponse.Status, context: WebContext, heading: String, textKey: String,
    showSignIn: Bool = false
  ) -> Response {
    let language = context.language
    return Self.html(
      pages.page(
        "message", title: heading,
        [
          "heading": heading, "text": pages.text(textKey, language), "showSignIn": showSignIn,
          "kind": status.code >= 400 ? "error" : "info",
        ], context: context, path: "/"),
      status: status)
  }

  /// Whether a form post comes from this site's own pages. Browsers say so in `Sec-Fetch-Site`
  /// (which pages cannot forge); under `Referrer-Policy: no-referrer` their `Origin` is `null`,
  /// so the origin is the fallback for browsers without fetch metadata. A client that sends
  /// neither is no browser on another site (curl, scripts) and is left to the form token.
  func isSameOrigin(_ request: Request) -> Bool {
    if let site = request.headers[Self.secFetchSite] {
      return site == "same-origin" || site == "none"
    }
    if let origin = request.headers[.origin] {
      return origin == settings.origin
    }
    return true
  }

  static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
  static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
  static let serverTiming = HTTPField.Name("Server-Timing")!

  /// The form fields of a post (at most 64 KiB).
  static func form(_ request: Request, context: WebContext) async throws -> FormFields {
    let buffer = try await request.body.collect(upTo: context.maxUploadSize)
    return FormFields(String(buffer: buffer))
  }

  /// The query's fields.
  static func query(_ request: Request) -> FormFields { FormFields(request.uri.query ?? "") }
}

/// Security headers on every response, `Cache-Control: no-store` unless a route chose otherwise,
/// the time the server spent (`Server-Timing: app;dur=…, wait;dur=…`, what `scripts/bench`
/// reads), and
/// errors turned into a page instead of a bare status.
struct ResponseHeaders: RouterMiddleware {
  let server: PokjaWebServer

  func handle(
    _ request: Request, context: WebContext,
    next: (Request, WebContext) async throws -> Response
  ) async throws -> Response {
    let started = ContinuousClock.now
    let timing = RequestTiming()
    var response: Response
    do {
      response = try await RequestTiming.$current.withValue(timing) {
        try await next(request, context)
      }
    } catch let error as HTTPError {
      response = server.page(
        error.status, context: context, heading: "\(error.status.code)",
        textKey: error.status == .notFound ? "notFound" : "badForm")
    } catch {
      server.log("\(request.method) \(request.uri.path): \(error.localizedDescription)")
      response = server.page(
        .internalServerError, context: context, heading: "500", textKey: "serverError")
    }
    let headers = [
      (
        HTTPField.Name.contentSecurityPolicy,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
      ),
      (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
      (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
      (HTTPField.Name("X-Frame-Options")!, "DENY"),
      (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
      (HTTPField.Name("Permissions-Policy")!, "camera=(), microphone=(), geolocation=()"),
    ]
    for (name, value) in headers where response.headers[name] == nil {
      response.headers[name] = value
    }
    if server.settings.isHTTPS {
      response.headers[.strictTransportSecurity] = "max-age=31536000"
    }
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    // `app`: from the router to the response; `wait`: the part of it spent waiting for a lane.
    let elapsed = (ContinuousClock.now - started).milliseconds
    response.headers[PokjaWebServer.serverTiming] =
      "app;dur=\(String(format: "%.2f", elapsed)), wait;dur=\(String(format: "%.2f", timing.wait.milliseconds))"
    return response
  }
}

/// Who is asking: the client's address (from a trusted proxy's `X-Forwarded-For`), the session
/// cookie's viewer, and the language (`?lang=`, a cookie, the viewer's, the browser's).
struct Visitor: RouterMiddleware {
  let server: PokjaWebServer

  func handle(
    _ request: Request, context: WebContext,
    next: (Request, WebContext) async throws -> Response
  ) async throws -> Response {
    var context = context
    var cookies: [String] = []
    context.client = clientAddress(request, peer: context.peer)
    // Assets, feeds and the health check are the same for everyone: no session is looked up.
    let path = request.uri.path
    let anonymous = ["/assets/", "/feeds/", "/healthz"].contains { path.hasPrefix($0) }
    if !anonymous, let cookie = request.cookies["pokja_session"]?.value, !cookie.isEmpty {
      context.viewer = try await server.lanes.run { lane -> Viewer? in
        guard let (session, grant) = try lane.access.session(cookie: cookie) else { return nil }
        let contact = try lane.directory.contact(session.contactID.description)
        return Viewer(
          contact: contact, role: grant.role, session: session,
          formToken: lane.access.formToken(for: session))
      }
    }
    let query = PokjaWebServer.query(request)
    if let chosen = query["lang"].flatMap({ Language(rawValue: $0) }) {
      context.language = chosen
      cookies.append(
        "pokja_lang=\(chosen.rawValue); Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
          + (server.settings.isHTTPS ? "; Secure" : ""))
    } else if let saved = request.cookies["pokja_lang"].flatMap({ Language(rawValue: $0.value) }) {
      context.language = saved
    } else if let viewer = context.viewer {
      context.language = viewer.contact.language
    } else {
      context.language = Self.language(accepting: request.headers[.acceptLanguage])
    }
    var response = try await next(request, context)
    for cookie in cookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
    return response
  }

  /// The client: the peer, unless the peer is a trusted proxy, then the last address in
  /// `X-Forwarded-For` that is not one of the trusted proxies.
  func clientAddress(_ request: Request, peer: String?) -> String? {
    guard let peer, server.settings.trustedProxies.contains(peer),
      let forwarded = request.headers[PokjaWebServer.forwardedFor]
    else { return peer }
    let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    return hops.last { !server.settings.trustedProxies.contains($0) } ?? peer
  }

  /// Indonesian unless the browser prefers English over it.
  static func language(accepting header: String?) -> Language {
    guard let header else { return .indonesian }
    for part in header.lowercased().split(separator: ",") {
      let tag = part.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
      if tag.hasPrefix("id") || tag.hasPrefix("in") || tag.hasPrefix("ms") { return .indonesian }
      if tag.hasPrefix("en") { return .english }
    }
    return .indonesian
  }
}
