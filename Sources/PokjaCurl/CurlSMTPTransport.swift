import CCurl
import Foundation
import PokjaCore

/// Sends outbox messages to an SMTP server with libcurl.
///
/// A struct holding only `SMTPSettings`, so it is `Sendable` without any `@unchecked`: each `deliver` call
/// creates its own libcurl easy handle, uses it for the whole batch (libcurl then keeps the one connection
/// open from message to message) and cleans it up (sending `QUIT`) before returning.
///
/// TLS: `smtps://` is TLS from the start; `smtp://` upgrades with STARTTLS whenever the server offers it,
/// and insists on it (`CURLUSESSL_ALL`) for every host that is not loopback. Certificates and host names
/// are always verified; `caFile` adds a CA for a private or self-signed server. The password is given to
/// libcurl as `CURLOPT_PASSWORD`, never in a URL, and never appears in a failure message.
public struct CurlSMTPTransport: MessageTransport, CustomStringConvertible {
  public let settings: SMTPSettings

  public init(settings: SMTPSettings) {
    self.settings = settings
  }

  /// `smtp://host:port`: no user, no password.
  public var endpoint: String { settings.destination }
  public var route: MessageRoute { .smtp }
  /// `CurlSMTPTransport(smtp://host:port, user: x)`: never the password.
  public var description: String {
    "CurlSMTPTransport(\(settings.destination)\(settings.username.map { ", user: \($0)" } ?? ""))"
  }

  public func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    guard !messages.isEmpty else { return }
    let session: SMTPSession
    do {
      session = try SMTPSession(settings: settings)
    } catch {
      for message in messages where report(.finished(message.id, .failed(error))) == .stop {
        return
      }
      return
    }
    // Once the connection fails (unreachable, login refused, TLS, "421 closing", a transfer that
    // stalled), the rest of the batch is not tried: a retry now would fail the same way, or lock the
    // account. They were never put to the server, so they cost no attempt.
    var broken: DeliveryFailure? = nil
    // Refusals that name one message but may be the server's (a 4xx, a 5.7.x policy refusal) are
    // held back while they come in a row, until it is clear whether they are (`RefusalStreak`).
    var streak = RefusalStreak()
    func flush(_ outcomes: [(OutboundMessageID, DeliveryFailure)]) -> DeliveryProgress {
      for (id, failure) in outcomes where report(.finished(id, .failed(failure))) == .stop {
        return .stop
      }
      return .proceed
    }
    for message in messages {
      if let broken {
        if report(.finished(message.id, .failed(untried(after: broken)))) == .stop { return }
        continue
      }
      // The outbox may wait here for `[smtp] rate_limit`, shared by every run.
      if report(.sending(message.id)) == .stop { return }
      let result = withoutActuallyEscaping({ report(.stillSending(message.id)) == .proceed }) {
        session.send(message, heartbeat: $0)
      }
      switch result {
      case .delivered(let receipt):
        if flush(streak.end()) == .stop { return }
        // The outbox could not record the outcome: stop before sending more than it can account for.
        if report(.finished(message.id, .delivered(receipt: receipt))) == .stop { return }
      case .failed(let failure, let endsBatch, let pattern, let serverReply):
        guard let pattern, !endsBatch else {
          if flush(streak.end()) == .stop { return }
          if endsBatch { broken = failure }
          if report(.finished(message.id, .failed(failure))) == .stop { return }
          continue
        }
        let step = streak.add(
          message.id, failure, pattern: pattern,
          asTheServers: { sameRefusal(pattern, serverReply: serverReply) })
        if flush(step.report) == .stop { return }
        if let stop = step.stop { broken = stop }
      }
    }
    _ = flush(streak.end())
  }

  /// What the last of several messages refused the same way in a row is told, and those before it:
  /// a 4xx stops the batch and costs nothing (the server is not taking mail now); a 5.7.x policy
  /// refusal is tried again later instead of given up (relaying or a sender policy: the account's).
  private func sameRefusal(_ pattern: RefusalPattern, serverReply: String) -> DeliveryFailure {
    let count = RefusalStreak.length
    if pattern.code < 500 {
      return DeliveryFailure(
        .temporary, .sameRefusals,
        "The SMTP server at \(settings.hostAndPort) deferred \(count) messages in a row the same way "
          + "(\(serverReply)): it is not taking mail from this account now. They and the rest stay "
          + "queued and are tried again later.", scope: .connection)
    }
    return DeliveryFailure(
      .temporary, .sameRefusals,
      "The SMTP server at \(settings.hostAndPort) refused \(count) messages or more in a row the same way "
        + "(\(serverReply)): that looks like the server or the account (relaying, a sender policy), "
        + "not the messages, so they are tried again later instead of given up. Check the account; "
        + "a refusal that stays gives them up after [outbox] max_attempts.", scope: .message)
  }

  /// What a message of the batch is told when the connection failed on an earlier one.
  private func untried(after failure: DeliveryFailure) -> DeliveryFailure {
    if failure.scope == .connection { return failure }
    return DeliveryFailure(
      .temporary, failure.reason,
      "Not sent yet: the connection to \(settings.hostAndPort) failed on an earlier message "
        + "(\(failure.message)).", note: .itStaysQueued, scope: .connection)
  }
}

extension CurlSMTPTransport {
  /// Connects, says EHLO, upgrades the connection (STARTTLS, or TLS from the start for smtps),
  /// logs in when a user is set, sends NOOP and QUIT: everything but a message (`pokja doctor`).
  /// Returns the server's answer to NOOP, or why it failed, in the words deliveries use.
  public func check() -> Result<String, DeliveryFailure> {
    do {
      let session = try SMTPSession(settings: settings)
      return session.check()
    } catch {
      return .failure(error)
    }
  }
}
