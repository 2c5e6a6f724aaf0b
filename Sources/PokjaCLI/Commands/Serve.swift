import ArgumentParser
import Foundation
import Hummingbird
import PokjaAccess
import PokjaCore
import PokjaWeb
import Synchronization

extension Pokja {
  /// `pokja serve`: the web pages for members, calendar feeds and RSVP links.
  struct Serve: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "serve",
      abstract:
        "Serve the directory, the agenda, calendar feeds and RSVP links to members' browsers.",
      discussion: """
        Listens on 127.0.0.1:8080 unless told otherwise; in production put it behind a reverse \
        proxy (nginx) that serves https at [web] url, and list the proxy in [web] \
        trusted_proxies. SIGTERM or Ctrl-C stops it after the requests in flight. \
        docs/guide-ops.md has a systemd unit and an nginx example.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to listen: HOST:PORT (default [web] listen, else 127.0.0.1:8080).")
    var listen: String?
    @Option(help: "Database connections kept for requests (default 4).") var connections = 4

    func validate() throws {
      guard (1...64).contains(connections) else {
        throw ValidationError("--connections is between 1 and 64.")
      }
    }

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let text = listen ?? services.config.webListen ?? "127.0.0.1:8080"
      guard let (host, port) = Self.address(text) else {
        throw ValidationError(
          "'\(text)' is not HOST:PORT: write 127.0.0.1:8080, or [::1]:8080 for IPv6.")
      }
      // Checked now, so a broken key is an error at start, not on the first sign-in.
      _ = try services.webKey()
      // Links are made from [web] url; without it they point at the listening address, which only
      // works for a browser on this machine.
      let loopback = ["127.0.0.1", "localhost", "::1"].contains(host.lowercased())
      guard services.config.webURL != nil || loopback else { throw AccessError.noWebAddress }
      let base =
        services.config.webURL
        ?? URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)")!
      var settings = WebSettings(
        baseURL: base, trustedProxies: Set(services.config.webTrustedProxies), lanes: connections)
      settings.timeZone = services.config.timeZone
      let console = environment.console
      let global = self.global
      let server = try PokjaWebServer(
        settings: settings, clock: environment.clock,
        log: { console.error("pokja serve: \($0)") },
        makeLane: { try Self.lane(global, environment) })
      let application = server.application(host: host, port: port) { boundHost, boundPort in
        console.error(
          "pokja serve: listening on \(boundHost):\(boundPort); members reach it at \(base.absoluteString)"
        )
      }
      let failure = Mutex<(any Error)?>(nil)
      let done = DispatchSemaphore(value: 0)
      Task {
        do {
          try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
          failure.withLock { $0 = error }
        }
        done.signal()
      }
      done.wait()
      if let error = failure.withLock({ $0 }) {
        throw ServeError.cannotListen(text, error.localizedDescription)
      }
      console.error("pokja serve: stopped")
    }

    /// One lane: its own database connection and the services on it.
    static func lane(_ global: GlobalOptions, _ environment: AppEnvironment) throws -> WebLane {
      let services = try Services(global, environment)
      let key = try services.webKey()
      let base =
        services.config.webURL?.absoluteString ?? "http://127.0.0.1"
      return WebLane(
        directory: services.directory, scheduler: services.scheduler,
        access: try services.access, tickets: ReplyTickets(key: key, baseURL: base),
        replies: { services.replies },
        mailSignInLink: { contact, url, expires, link in
          let draft = try services.composer.signInLink(
            to: contact, url: url, expires: expires, link: link.rawValue,
            zone: services.config.timeZone)
          try services.outbox().queue([draft])
        },
        deliver: { _ = try services.outbox().deliverDue() },
        organiser: services.organiser, documents: services.documents,
        documentLinks: SignedDocumentLinks(key: key, baseURL: base),
        invitationLists: services.invitationLists)
    }

    /// `127.0.0.1:8080`, `[::1]:8080`, `localhost:80`.
    static func address(_ text: String) -> (String, Int)? {
      let host: Substring
      let portText: Substring
      if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
        host = text[text.index(after: text.startIndex)..<close]
        let rest = text[text.index(after: close)...]
        guard rest.hasPrefix(":") else { return nil }
        portText = rest.dropFirst()
      } else {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        host = text[..<colon]
        portText = text[text.index(after: colon)...]
      }
      guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { return nil }
      return (String(host), port)
    }
  }
}

/// Why `pokja serve` stopped.
enum ServeError: Error, UserFacingError {
  case cannotListen(String, String)

  var exitStatus: ExitStatus { .unavailable }

  var errorDescription: String? {
    switch self {
    case .cannotListen(let address, let reason):
      "Cannot serve on \(address): \(reason). Is another program using that port? Choose another with --listen."
    }
  }
}
