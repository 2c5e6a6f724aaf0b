import CCurl
import Foundation
import PokjaCore

/// Where one channel's messages go, resolved by the composition root (the secret read from the
/// environment at that moment; it is never stored, logged or put into a failure message).
public struct WebhookTarget: Sendable, CustomStringConvertible {
  public var name: String
  public var url: String
  public var contentType: String
  /// Send the message's subject as a `Title` header (ntfy).
  public var titleHeader: Bool
  /// The `whsec_…` secret; nil: not signed.
  public var secret: String?
  /// Why messages to this channel cannot be sent now (secret variable unset, private address
  /// refused): they fail with it and stay queued.
  public var refusal: DeliveryFailure?
  /// Whether the URL's host may lead to a loopback or private address (`NetworkAddress`). When
  /// not, the address libcurl connected to is checked before the request is sent, so a name that
  /// resolves to one (or is re-pointed to one later) is refused with nothing sent.
  public var allowPrivateAddresses: Bool

  public init(
    name: String, url: String, contentType: String, titleHeader: Bool = false,
    secret: String? = nil, refusal: DeliveryFailure? = nil, allowPrivateAddresses: Bool = false
  ) {
    self.name = name
    self.url = url
    self.contentType = contentType
    self.titleHeader = titleHeader
    self.secret = secret
    self.refusal = refusal
    self.allowPrivateAddresses = allowPrivateAddresses
  }

  public var description: String { "WebhookTarget(\(name), \(url))" }
}

/// Posts webhook messages with libcurl's multi interface: up to `parallel` transfers at once, each
/// reported as soon as it finishes. Redirects are not followed; only http and https are spoken; a
/// proxy is used only when `proxy` names one (never the environment's `http_proxy`).
public struct CurlWebhookTransport: MessageTransport {
  public var targets: [Int64: WebhookTarget]
  public var connectTimeout: Duration
  public var totalTimeout: Duration
  public var parallel: Int
  /// `[webhooks] proxy`: every POST goes through it (loopback excepted), or straight to the
  /// channel's host when nil.
  public var proxy: WebhookProxy?
  /// Resolves a host name to its numeric addresses (nil when it has none): used with a proxy, to
  /// check where a channel's name leads before the proxy is asked to connect there.
  public var resolve: @Sendable (String) -> [String]?

  public init(
    targets: [Int64: WebhookTarget], connectTimeout: Duration = .seconds(10),
    totalTimeout: Duration = .seconds(30), parallel: Int = 16, proxy: WebhookProxy? = nil,
    resolve: @escaping @Sendable (String) -> [String]? = CurlWebhookTransport.systemResolve
  ) {
    self.targets = targets
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.parallel = max(parallel, 1)
    self.proxy = proxy
    self.resolve = resolve
  }

  public var endpoint: String { "webhooks (\(targets.count) channels)" }
  public var route: MessageRoute { .webhook }

  public func deliver(
    _ messages: [OutboundMessage], report event: (DeliveryEvent) -> DeliveryProgress
  ) {
    func report(_ id: OutboundMessageID, _ outcome: DeliveryOutcome) -> DeliveryProgress {
      event(.finished(id, outcome))
    }
    guard !messages.isEmpty else { return }
    var pending: [(OutboundMessage, WebhookTarget, WebhookRoute)] = []
    // One route per channel and run: with a proxy, each channel's name is resolved and checked
    // once, before any transfer starts.
    var routes: [Int64: Result<WebhookRoute, DeliveryFailure>] = [:]
    for message in messages {
      guard let channel = message.destination.channelID, let target = targets[channel] else {
        let failure = DeliveryFailure(
          .permanent, .channelRemoved,
          "The channel of this webhook message was removed; it will not be sent.")
        if report(message.id, .failed(failure)) == .stop { return }
        continue
      }
      if let refusal = target.refusal {
        if report(message.id, .failed(refusal)) == .stop { return }
        continue
      }
      let route =
        routes[channel]
        ?? Result { () throws(DeliveryFailure) in
          try WebhookRoute.of(target, proxy: proxy, resolve: resolve)
        }
      routes[channel] = route
      switch route {
      case .success(let route): pending.append((message, target, route))
      case .failure(let failure): if report(message.id, .failed(failure)) == .stop { return }
      }
    }
    guard !pending.isEmpty else { return }
    if let curlLoadError = CurlLibrary.loadError {
      let failure = DeliveryFailure(
        .configuration, .localSetup, "Cannot send webhooks: \(curlLoadError).",
        note: .messagesStayQueued)
      for (message, _, _) in pending where report(message.id, .failed(failure)) == .stop {
        return
      }
      return
    }
    _ = CurlLibrary.initResult
    guard let multi = pokja_curl_multi_init() else {
      let failure = DeliveryFailure(
        .temporary, .localSetup, "libcurl could not start (out of memory?).", scope: .connection)
      for (message, _, _) in pending where report(message.id, .failed(failure)) == .stop {
        return
      }
      return
    }
    var running: [UnsafeMutableRawPointer: WebhookTransfer] = [:]
    defer {
      for (handle, _) in running { _ = pokja_curl_multi_remove_handle(multi, handle) }
      running.removeAll()
      _ = pokja_curl_multi_cleanup(multi)
    }
    var next = pending.startIndex
    func startMore() -> DeliveryProgress {
      while running.count < parallel && next < pending.endIndex {
        let (message, target, route) = pending[next]
        next += 1
        do {
          let transfer = try WebhookTransfer(
            message: message, target: target, route: route, connectTimeout: connectTimeout,
            totalTimeout: totalTimeout)
          running[transfer.handle] = transfer
          _ = pokja_curl_multi_add_handle(multi, transfer.handle)
        } catch {
          if report(message.id, .failed(error)) == .stop { return .stop }
        }
      }
      return .proceed
    }
    if startMore() == .stop { return }
    while !running.isEmpty {
      var active: Int32 = 0
      _ = pokja_curl_multi_perform(multi, &active)
      var handle: UnsafeMutableRawPointer?
      var result = CURLE_OK
      while pokja_curl_multi_next_done(multi, &handle, &result) == 1 {
        guard let done = handle, let transfer = running.removeValue(forKey: done) else { continue }
        _ = pokja_curl_multi_remove_handle(multi, done)
        let outcome = transfer.outcome(code: result, now: Date())
        if report(transfer.message.id, outcome) == .stop { return }
      }
      if startMore() == .stop { return }
      if !running.isEmpty { _ = pokja_curl_multi_poll(multi, 10) }
    }
  }
}

extension CurlWebhookTransport {
  /// What a HEAD request to a channel's URL found (`pokja doctor`): nothing is posted.
  public enum Probe: Equatable, Sendable {
    /// The server answered (any status but 404 and 410: many webhooks answer 405 to HEAD).
    case reachable(status: Int)
    /// It answered 404 or 410: the URL is gone.
    case gone(status: Int)
    case failed(DeliveryFailure)
  }

  /// Sends a HEAD request to `target`'s URL, with the same timeouts, redirect, proxy and
  /// private-address rules as a delivery.
  public func probe(_ target: WebhookTarget) -> Probe {
    if let refusal = target.refusal { return .failed(refusal) }
    if let curlLoadError = CurlLibrary.loadError {
      return .failed(
        DeliveryFailure(.configuration, .localSetup, "Cannot send webhooks: \(curlLoadError)."))
    }
    _ = CurlLibrary.initResult
    let now = Date()
    let message = OutboundMessage(
      id: OutboundMessageID(0), dedupeKey: "probe", kind: .invitation, meetingID: nil,
      contactID: nil, sender: EmailAddress("probe@pokja.invalid")!,
      destination: .channel(id: nil, name: target.name), messageID: "msg_probe", subject: "probe",
      content: "", createdAt: now, nextAttemptAt: now)
    do {
      let route = try WebhookRoute.of(target, proxy: proxy, resolve: resolve)
      let transfer = try WebhookTransfer(
        message: message, target: target, route: route, connectTimeout: connectTimeout,
        totalTimeout: totalTimeout, headOnly: true)
      let code = transfer.perform()
      if code == CURLE_OK {
        let status = transfer.status
        return status == 404 || status == 410 ? .gone(status: status) : .reachable(status: status)
      }
      if case .failed(let failure) = transfer.outcome(code: code, now: now) {
        return .failed(failure)
      }
      return .reachable(status: transfer.status)
    } catch {
      return .failed(error)
    }
  }
}
