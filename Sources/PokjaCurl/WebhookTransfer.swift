import CCurl
import Foundation
import PokjaCore

/// One POST: its easy handle, headers, error buffer and what came back. Lives inside `deliver`.
final class WebhookTransfer {
  let message: OutboundMessage
  let target: WebhookTarget
  let route: WebhookRoute
  let handle: UnsafeMutableRawPointer
  private var headers: UnsafeMutablePointer<curl_slist>?
  /// `CURLOPT_CONNECT_TO` of a pinned route (kept alive for the transfer's life).
  private var connectTo: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer: UnsafeMutablePointer<CChar>
  private var responseHeaders: [String: String] = [:]
  private var responseBody: [UInt8] = []
  /// The private, loopback or reserved address the connection led to, when refused.
  fileprivate var refusedAddress: String?

  init(
    message: OutboundMessage, target: WebhookTarget, route: WebhookRoute,
    connectTimeout: Duration, totalTimeout: Duration, headOnly: Bool = false
  ) throws(DeliveryFailure) {
    self.message = message
    self.target = target
    self.route = route
    guard let handle = pokja_curl_easy_init() else {
      throw DeliveryFailure(
        .temporary, .localSetup, "libcurl could not create a handle (out of memory?).",
        scope: .connection)
    }
    self.handle = handle
    let size = Int(pokja_curl_error_size())
    errorBuffer = .allocate(capacity: size)
    errorBuffer.initialize(repeating: 0, count: size)

    let timestamp = Int(Date().timeIntervalSince1970)
    var lines = [
      "Content-Type: \(target.contentType)", "User-Agent: Pokja-Webhooks/1",
      "webhook-id: \(Self.headerSafe(message.messageID))",
      "webhook-timestamp: \(timestamp)", "Expect:",
    ]
    if let secret = target.secret,
      let signature = WebhookSigner.signature(
        id: message.messageID, timestamp: timestamp, body: message.content, secret: secret)
    {
      lines.append("webhook-signature: \(signature)")
    }
    if target.titleHeader { lines.append("Title: \(Self.encodedTitle(message.subject))") }
    for line in lines { headers = pokja_curl_slist_append(headers, line) }

    let me = Unmanaged.passUnretained(self).toOpaque()
    let connectMS = SMTPSession.milliseconds(connectTimeout)
    let totalMS = SMTPSession.milliseconds(totalTimeout)
    let body = Array(message.content.utf8)
    let setup = [
      pokja_curl_easy_setopt_errorbuffer(handle, errorBuffer),
      pokja_curl_easy_setopt_string(handle, CURLOPT_URL, target.url),
      pokja_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
      pokja_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
      pokja_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
      pokja_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectMS),
      pokja_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, totalMS),
      pokja_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
      headOnly
        ? pokja_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1)
        : body.withUnsafeBufferPointer { buffer in
          buffer.withMemoryRebound(to: CChar.self) {
            pokja_curl_easy_setopt_copypostfields(handle, $0.baseAddress, curl_off_t(body.count))
          }
        },
      pokja_curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, webhookBodyCallback),
      pokja_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me),
      pokja_curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, webhookHeaderCallback),
      pokja_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me),
    ]
    // The environment's http_proxy, https_proxy, all_proxy and no_proxy are never used: an empty
    // CURLOPT_PROXY turns them off, an empty CURLOPT_NOPROXY stops no_proxy from sending a pinned
    // POST past the proxy.
    var routeSetup: [CURLcode]
    switch route {
    case .direct:
      routeSetup = [pokja_curl_easy_setopt_string(handle, CURLOPT_PROXY, "")]
    case .proxy(let proxy):
      routeSetup = [
        pokja_curl_easy_setopt_string(handle, CURLOPT_PROXY, proxy.url),
        pokja_curl_easy_setopt_string(handle, CURLOPT_NOPROXY, WebhookRoute.loopback),
      ]
    case .pinned(let proxy, let address):
      // Empty request host and port match this handle's one URL; an empty port keeps its port.
      connectTo = pokja_curl_slist_append(
        nil, "::\(address.contains(":") ? "[\(address)]" : address):")
      routeSetup = [
        pokja_curl_easy_setopt_string(handle, CURLOPT_PROXY, proxy.url),
        pokja_curl_easy_setopt_string(handle, CURLOPT_NOPROXY, ""),
        pokja_curl_easy_setopt_long(handle, CURLOPT_HTTPPROXYTUNNEL, 1),
        pokja_curl_easy_setopt_slist(handle, CURLOPT_CONNECT_TO, connectTo),
      ]
    }
    if connectTo == nil, case .pinned = route { routeSetup.append(CURLE_OUT_OF_MEMORY) }
    // Through a proxy the address libcurl connects to is the proxy's: the destination was
    // checked when the route was made (`WebhookRoute.of`).
    let guardSetup =
      target.allowPrivateAddresses || route != .direct
      ? []
      : [
        pokja_curl_easy_setopt_prereq_callback(handle, webhookAddressCheck),
        pokja_curl_easy_setopt_pointer(handle, CURLOPT_PREREQDATA, me),
      ]
    if guardSetup.contains(where: { $0 != CURLE_OK }) {
      throw DeliveryFailure(
        .configuration, .localSetup,
        "This libcurl cannot check the address a webhook connects to (7.80 or later is needed), "
          + "so channel '\(target.name)' is not posted to. Upgrade libcurl4, or allow private "
          + "addresses with allow_private_webhooks = true under [webhooks].")
    }
    if (setup + routeSetup).contains(where: { $0 != CURLE_OK }) {
      throw DeliveryFailure(
        .configuration, .localSetup,
        "libcurl refused the settings for channel '\(target.name)' (\(target.url)).")
    }
  }

  deinit {
    pokja_curl_easy_cleanup(handle)
    pokja_curl_slist_free_all(headers)
    pokja_curl_slist_free_all(connectTo)
    errorBuffer.deallocate()
  }

  /// Why nothing is sent to a channel whose URL leads to a private, loopback or reserved address.
  static func privateAddressRefusal(channel: String, address: String) -> DeliveryFailure {
    DeliveryFailure(
      .configuration, .privateAddress,
      "The webhook URL of channel '\(channel)' leads to \(address), a private, loopback or "
        + "reserved address; nothing was sent. Pokja refuses those unless the configuration says "
        + "allow_private_webhooks = true under [webhooks].", note: .messageStaysQueued)
  }

  /// Header values must not break the request: CR, LF and other controls become spaces.
  static func headerSafe(_ text: String) -> String {
    String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
  }

  /// ASCII as is; anything else as an RFC 2047 encoded word (ntfy decodes those).
  static func encodedTitle(_ title: String) -> String {
    let safe = headerSafe(title)
    if safe.unicodeScalars.allSatisfy({ $0.isASCII }) { return safe }
    return "=?UTF-8?B?\(Data(safe.utf8).base64EncodedString())?="
  }

  fileprivate func noteHeader(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    if line.hasPrefix("HTTP/") { responseHeaders.removeAll() }
    guard let colon = line.firstIndex(of: ":") else { return }
    let name = line[..<colon].lowercased()
    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
    responseHeaders[name] = value
  }

  fileprivate func noteBody(_ data: UnsafeMutablePointer<CChar>, size: Int) {
    guard responseBody.count < 300 else { return }
    responseBody += UnsafeRawBufferPointer(start: data, count: min(size, 300 - responseBody.count))
  }

  fileprivate func checkAddress(_ address: String) -> Bool {
    guard NetworkAddress.isPrivate(address) else { return true }
    refusedAddress = address
    return false
  }

  /// What went wrong with the proxy, when the transfer went through one and failed there.
  private func proxyFailure(code: CURLcode, curlText: String) -> DeliveryFailure? {
    let proxy: WebhookProxy
    switch route {
    case .direct: return nil
    case .proxy(let chosen), .pinned(let chosen, _): proxy = chosen
    }
    let at = "channel '\(target.name)'"
    if code == CURLE_COULDNT_RESOLVE_PROXY {
      return DeliveryFailure(
        .unreachable, .unreachable,
        "Could not resolve the webhook proxy \(proxy) for \(at) (\(curlText)); check proxy under "
          + "[webhooks].", note: .messageStaysQueued)
    }
    var answer = 0
    _ = pokja_curl_easy_getinfo_long(handle, CURLINFO_HTTP_CONNECTCODE, &answer)
    guard answer >= 300 else { return nil }
    let destination: String
    if case .pinned(_, let address) = route { destination = address } else { destination = "it" }
    if answer == 407 {
      return DeliveryFailure(
        .configuration, .loginRequired,
        "The webhook proxy \(proxy) asks for a user name and password (HTTP 407) for \(at). Put "
          + "the whole proxy URL with them in POKJA_WEBHOOK_PROXY (the environment, never the "
          + "config file).", note: .messageStaysQueued)
    }
    return DeliveryFailure(
      .configuration, .sessionRefused,
      "The webhook proxy \(proxy) refused to connect to \(destination) for \(at) (HTTP \(answer) to "
        + "CONNECT). Pokja tunnels through the proxy to the address it checked: the proxy must allow "
        + "CONNECT to the webhook's port (443 for https:// URLs).",
      note: .messageStaysQueued)
  }

  /// Runs the transfer on its own (not through a multi handle): for a probe.
  func perform() -> CURLcode { pokja_curl_easy_perform(handle) }

  /// The HTTP status of the finished transfer (0 when none came).
  var status: Int {
    var status = 0
    _ = pokja_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return status
  }

  func outcome(code: CURLcode, now: Date) -> DeliveryOutcome {
    if code == CURLE_ABORTED_BY_CALLBACK, let refusedAddress {
      return .failed(Self.privateAddressRefusal(channel: target.name, address: refusedAddress))
    }
    var status = 0
    _ = pokja_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    let curlText = String(cString: errorBuffer)
    let text = curlText.isEmpty ? String(cString: pokja_curl_easy_strerror(code)) : curlText
    if code != CURLE_OK, let failure = proxyFailure(code: code, curlText: text) {
      return .failed(failure)
    }
    let answer = String(
      decoding: responseBody.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: " ") },
      as: UTF8.self
    ).trimmingCharacters(in: .whitespaces)
    return WebhookClassifier.classify(
      code: code.rawValue, curlText: text, status: status,
      retryAfter: responseHeaders["retry-after"],
      location: responseHeaders["location"], answer: answer, channel: target.name, now: now)
  }
}

/// Turns a finished POST into an outcome.
enum WebhookClassifier {
  static func classify(
    code: UInt32, curlText: String, status: Int, retryAfter: String?, location: String?,
    answer: String, channel: String, now: Date
  ) -> DeliveryOutcome {
    let at = "channel '\(channel)'"
    let said = answer.isEmpty ? "" : ": \(answer)"
    guard code == CURLE_OK.rawValue else {
      switch code {
      case 6, 7:
        return .failed(
          DeliveryFailure(
            .unreachable, .unreachable, "Could not reach the webhook of \(at) (\(curlText))",
            note: .staysQueued))
      case 28:
        return .failed(
          DeliveryFailure(
            .temporary, .noAnswer, "The webhook of \(at) did not answer in time (\(curlText))",
            note: .staysQueued))
      case 1, 3, 4:
        return .failed(
          DeliveryFailure(
            .configuration, .badURL, "libcurl cannot post to the URL of \(at) (\(curlText))."))
      case 35, 51, 58, 60, 77, 83, 90, 91:
        return .failed(
          DeliveryFailure(
            .configuration, .tls,
            "TLS with the webhook of \(at) failed (\(curlText)); check its certificate and URL."))
      default:
        return .failed(
          DeliveryFailure(
            .temporary, .connectionLost,
            "Posting to \(at) failed (libcurl error \(code): \(curlText))",
            note: .staysQueued))
      }
    }
    switch status {
    case 200..<300:
      return .delivered(receipt: "HTTP \(status)")
    case 408, 429, 500..<600:
      return .failed(
        DeliveryFailure(
          .temporary, .serverBusy, "The webhook of \(at) answered HTTP \(status)\(said)",
          note: .willBeTriedAgain,
          retryAfter: retryAfter.flatMap { RetryAfter.parse($0, now: now) }))
    case 300..<400:
      return .failed(
        DeliveryFailure(
          .permanent, .messageRefused,
          "The webhook of \(at) answered HTTP \(status) (a redirect\(location.map { " to \($0)" } ?? "")); "
            + "redirects are not followed: give the channel its final URL."))
    case 400..<500:
      return .failed(
        DeliveryFailure(
          .permanent, .messageRefused,
          "The webhook of \(at) refused the message with HTTP \(status)\(said)",
          note: .willNotBeRetried))
    default:
      return .failed(
        DeliveryFailure(
          .temporary, .serverBusy,
          "The webhook of \(at) gave an unexpected answer (HTTP \(status))."))
    }
  }
}

// MARK: - C callbacks (capture nothing; the transfer arrives as the user pointer)

private let webhookBodyCallback: curl_write_callback = { data, size, count, userdata in
  guard let data, let userdata else { return size * count }
  Unmanaged<WebhookTransfer>.fromOpaque(userdata).takeUnretainedValue()
    .noteBody(data, size: size * count)
  return size * count
}

private let webhookHeaderCallback: curl_write_callback = { data, size, count, userdata in
  guard let data, let userdata else { return size * count }
  Unmanaged<WebhookTransfer>.fromOpaque(userdata).takeUnretainedValue()
    .noteHeader(data, size: size * count)
  return size * count
}

/// Refuses (before anything is sent) a connection to a private, loopback or reserved address.
private let webhookAddressCheck: curl_prereq_callback = { userdata, primaryIP, _, _, _ in
  guard let userdata, let primaryIP else { return CURL_PREREQFUNC_ABORT }
  let transfer = Unmanaged<WebhookTransfer>.fromOpaque(userdata).takeUnretainedValue()
  return transfer.checkAddress(String(cString: primaryIP))
    ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT
}
