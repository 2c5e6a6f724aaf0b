import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling

/// Queues outbound messages and delivers what is due through a transport, recording every outcome.
///
/// Delivery claims messages in small batches under a lease that is renewed after every message, so a
/// slow server never lets another run take over a message this run is still sending.
public struct Outbox: Sendable {
  private let store: any OutboxStore
  private let transport: any MessageTransport
  private let clock: any WallClock
  /// How long a run may hold a claimed message without news before another run may take it over.
  public let lease: TimeInterval
  /// How many messages are claimed at a time.
  public let batchSize: Int
  /// When failed messages are tried again, and when they are given up.
  public let retry: RetryPolicy
  private let random: @Sendable () -> Double
  /// Channels to publish events to, and the transport for route `webhook`; nil: no webhooks.
  public let webhooks: Webhooks?
  /// At most one mail message per `spacing` to the mail transport's endpoint, shared by every
  /// process using the store (`[smtp] rate_limit`); nil: as fast as the server takes them.
  public let rateLimit: SendRateLimit?
  private let pause: @Sendable (TimeInterval) -> Void
  /// Where the bytes of stored documents (`MIMEPart.storedDocument`) are read from when a message
  /// naming them goes out; nil: no message names any.
  public let documents: (any DocumentStore)?

  /// The channels and the transport that delivers to them.
  public struct Webhooks: Sendable {
    public var publisher: WebhookPublisher
    public var transport: any MessageTransport

    public init(publisher: WebhookPublisher, transport: any MessageTransport) {
      self.publisher = publisher
      self.transport = transport
    }
  }

  /// Creates an outbox over `store` that delivers through `transport` (and webhooks through
  /// `webhooks`). `random` feeds the retry jitter and `pause` waits for the rate limit (tests
  /// replace both).
  public init(
    store: any OutboxStore, transport: any MessageTransport, clock: any WallClock,
    lease: TimeInterval = 300, batchSize: Int = 200, retry: RetryPolicy = RetryPolicy(),
    webhooks: Webhooks? = nil, rateLimit: SendRateLimit? = nil,
    documents: (any DocumentStore)? = nil,
    random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
    pause: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
  ) {
    self.store = store
    self.documents = documents
    self.rateLimit = rateLimit
    self.pause = pause
    self.webhooks = webhooks
    self.transport = transport
    self.clock = clock
    self.lease = lease
    self.batchSize = batchSize
    self.retry = retry
    self.random = random
  }

  /// Where mail goes, for summaries.
  public var endpoint: String { transport.endpoint }
  /// Whether messages land in local `.eml` files.
  public var isFileOutbox: Bool { transport.isFileOutbox }

  /// Queues the drafts whose dedupe keys are new (for this outbox's transport), and `events` for
  /// every channel that wants them, then delivers what is due (only `meeting`'s, when given), and
  /// says what became of every draft.
  public func send(
    _ mail: [OutboundDraft], events: [(WebhookEvent, MeetingDetails?)] = [], meeting: MeetingID?
  ) throws -> SendReport {
    let drafts = mail + (try webhooks?.publisher.drafts(events) ?? [])
    let queued = try store.enqueue(drafts, route: transport.route, at: clock.now())
    let keys = drafts.map(\.dedupeKey)
    let before = try store.states(ofKeys: keys)
    let sentBefore = before.values.filter { $0.0 == .sent }.count
    let delivery = try deliverDue(meeting: meeting)
    let after = try store.states(ofKeys: keys)
    var report = SendReport(
      meeting: nil, considered: drafts.count, queued: queued.count, delivery: delivery)
    report.sentBefore = sentBefore
    // What another run is sending right now is not waiting for a retry (this run released its own
    // claims before it got here).
    report.waiting = after.values.filter { $0.0 == .queued }.count
    report.sendingElsewhere = after.values.filter { $0.0 == .sending }.count
    report.waitingForOtherRoute =
      after.values.filter {
        ($0.0 == .queued || $0.0 == .sending) && !routes.contains($0.1)
      }.count
    report.givenUp = after.values.filter { $0.0 == .dead }.count
    return report
  }

  /// Queues the drafts whose dedupe keys are new, and `events` for the channels that want them,
  /// without delivering: a later `deliverDue` (or `pokja outbox send`) sends them. For callers
  /// that must not wait for a mail server (`pokja serve`'s requests).
  public func queue(_ mail: [OutboundDraft], events: [(WebhookEvent, MeetingDetails?)] = [])
    throws
  {
    let drafts = mail + (try webhooks?.publisher.drafts(events) ?? [])
    _ = try store.enqueue(drafts, route: transport.route, at: clock.now())
  }

  /// Whether some channel takes events of `type` (else publishing one queues nothing).
  public func wants(_ type: WebhookEventType) -> Bool {
    webhooks?.publisher.channels.contains { $0.wants(type) } ?? false
  }

  /// What became of the messages with these dedupe keys (those never queued are absent).
  public func states(ofKeys keys: [String]) throws -> [String: (OutboxState, MessageRoute)] {
    try store.states(ofKeys: keys)
  }

  /// Records drafts that will never be sent (too late), once: `outbox list --state cancelled` shows
  /// them with `reason`.
  public func recordWithdrawn(_ drafts: [OutboundDraft], reason: String) throws {
    try store.recordWithdrawn(drafts, route: transport.route, reason: reason, at: clock.now())
  }

  /// Queues `events` for the channels that want them and delivers what is due for `meeting`; nil
  /// when there is no channel (nothing queued, nothing sent).
  public func publish(_ events: [(WebhookEvent, MeetingDetails?)], meeting: MeetingID?) throws
    -> SendReport?
  {
    guard let webhooks, !(try webhooks.publisher.drafts(events)).isEmpty else { return nil }
    return try send([], events: events, meeting: meeting)
  }

  /// Tells the channels of a meeting just scheduled: its `meeting.created` event is queued and
  /// delivered at once, while mail waits for `meeting invite`. Nil when no channel wants it.
  public func announce(_ details: MeetingDetails) throws -> SendReport? {
    try publish(
      [(WebhookEvent.created(details, at: clock.now()), details)], meeting: details.meeting.id)
  }

  /// The routes this outbox delivers.
  private var routes: [MessageRoute] {
    [transport.route] + (webhooks.map { [$0.transport.route] } ?? [])
  }

  /// Claims and delivers every due message (only `meeting`'s, when given), recording each outcome:
  /// mail through the transport, then webhooks through theirs.
  public func deliverDue(meeting: MeetingID? = nil) throws -> DeliveryReport {
    var report = DeliveryReport(endpoint: transport.endpoint, isFileOutbox: isFileOutbox)
    for transport in [transport] + (webhooks.map { [$0.transport] } ?? []) {
      var after: OutboundMessageID?
      while true {
        let token = UUID().uuidString
        let now = clock.now()
        let batch = try store.claim(
          dueAt: now, leaseUntil: now.addingTimeInterval(lease), limit: batchSize, after: after,
          meeting: meeting, route: transport.route, token: token)
        guard let last = batch.last else { break }
        after = last.id
        let pacing = transport.route == .webhook ? nil : rateLimit
        let end = try deliver(
          batch, through: transport, token: token, pacing: pacing, into: &report)
        if end == .lostClaim { return report }
        // The mail server refused the session or could not be reached: the next batch would fail
        // the same way (and a wrong password tried once per batch can lock the account). Webhooks
        // go to many servers, one failing says nothing of the others.
        if end == .connectionFailed && transport.route != .webhook { break }
      }
    }
    return report
  }

  /// How one batch ended.
  private enum BatchEnd {
    case done
    /// The connection (not a message) failed: the rest of the batch was not tried.
    case connectionFailed
    /// Another run took over a message this run held (its lease had lapsed): stop.
    case lostClaim
  }

  /// Hands one claimed batch to the transport and records what becomes of each message.
  private func deliver(
    _ claimed: [OutboundMessage], through transport: any MessageTransport, token: String,
    pacing: SendRateLimit?, into report: inout DeliveryReport
  ) throws -> BatchEnd {
    var renewedAt = clock.now()
    // The messages of the batch this run still holds (claimed, no outcome recorded yet).
    var held = claimed.count
    var lostClaim = false
    // The lease is renewed once a sixth of it has gone by (every 50 s of a 5-minute lease), not after
    // every message: a renewal rewrites every claimed row. A long upload, a slow reply or a wait for
    // the rate limit renews it too, so no other run takes over a message this run is sending. If the
    // renewal finds fewer rows than the run holds (the process was stopped or the machine slept past
    // the lease, and another run took some over), nothing more is sent.
    func keepClaim(at now: Date) throws -> Bool {
      guard now.timeIntervalSince(renewedAt) >= lease / 6 else { return true }
      let stillHeld = try store.renew(token: token, until: now.addingTimeInterval(lease))
      renewedAt = now
      if stillHeld < held { lostClaim = true }
      return !lostClaim
    }
    var documentCache: [String: Data] = [:]
    // A message whose contents are gone (a database edited by hand) is given up, never sent empty.
    var batch: [OutboundMessage] = []
    for message in claimed {
      guard message.content.isEmpty else {
        batch.append(message)
        continue
      }
      let failure = DeliveryFailure(
        .permanent, .contentsMissing,
        "The contents of message \(message.id) are missing from the database; it cannot be sent.")
      if try store.markFailed(
        message.id, token: token, error: failure.message, at: clock.now(), retryAt: nil,
        isAttempt: false)
      {
        held -= 1
        report.failed.append(FailedDelivery(message: message, failure: failure, retryAt: nil))
      }
    }
    let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
    var recordingError: (any Error)?
    var connectionFailed = false
    var stopped = false
    // A delivery that could not be recorded: kept out of the release below, so it is not due again
    // at once (it went out; the next run sends it only after the lease lapses, with its Message-ID).
    var unrecorded: OutboundMessageID?
    func handle(_ event: DeliveryEvent) -> DeliveryProgress {
      let progress = handleEvent(event)
      if progress == .stop { stopped = true }
      return progress
    }
    func handleEvent(_ event: DeliveryEvent) -> DeliveryProgress {
      // Once something could not be recorded, nothing more goes out.
      guard recordingError == nil, !lostClaim else { return .stop }
      do {
        switch event {
        case .sending:
          guard try keepClaim(at: clock.now()) else { return .stop }
          guard let pacing else { return .proceed }
          let slot = try store.reserveSendSlot(
            endpoint: pacing.endpoint, spacing: pacing.spacing, now: clock.now())
          var remaining = slot.timeIntervalSince(clock.now())
          while remaining > 0 {
            let step = min(remaining, lease / 6)
            pause(step)
            remaining -= step
            guard try keepClaim(at: clock.now()) else { return .stop }
          }
          return .proceed
        case .stillSending:
          return try keepClaim(at: clock.now()) ? .proceed : .stop
        case .finished(let id, let outcome):
          guard var message = byID[id] else { return .proceed }
          let at = clock.now()
          let kept: Bool
          switch outcome {
          case .delivered(let receipt):
            kept = try recordSent(
              id, token: token, at: at, receipt: receipt, unrecorded: &unrecorded)
            message.attempts += 1
            report.delivered.append(message)
            report.receipts.append(receipt)
          case .failed(let failure):
            // Only what the server was put to counts: a refused login, a server out of reach or a
            // message never tried because the connection broke off earlier cost no attempt.
            if failure.isAttempt { message.attempts += 1 }
            if failure.scope == .connection { connectionFailed = true }
            let retryAt = retry.nextAttempt(
              after: message.attempts, failure: failure, at: at, random: random)
            kept = try store.markFailed(
              id, token: token, error: failure.message, at: at, retryAt: retryAt,
              isAttempt: failure.isAttempt)
            report.failed.append(
              FailedDelivery(message: message, failure: failure, retryAt: retryAt))
          }
          guard kept else {
            lostClaim = true
            return .stop
          }
          held -= 1
          return try keepClaim(at: at) ? .proceed : .stop
        }
      } catch {
        recordingError = error
        return .stop
      }
    }
    // Messages naming stored documents get their bytes now, a part of the batch at a time (a
    // thousand invitations with a 5 MB agenda are never all in memory at once); the rest go in one.
    var pending = batch[...]
    parts: while !pending.isEmpty, !stopped, !connectionFailed, !lostClaim {
      var part: [OutboundMessage] = []
      var weight = 0
      // The files read for earlier parts stay at hand unless they weigh more than a part.
      if documentCache.values.reduce(0, { $0 + $1.count }) > Self.expandedBatchWeight {
        documentCache.removeAll()
      }
      while let next = pending.first, part.isEmpty || weight < Self.expandedBatchWeight {
        pending = pending.dropFirst()
        let failure: DeliveryFailure
        let retryAt: Date?
        do {
          let expanded = try withDocuments(next, cache: &documentCache)
          weight += expanded.content.utf8.count
          part.append(expanded)
          continue
        } catch let refused as DeliveryFailure {
          // A document no longer kept: it cannot be sent as composed.
          failure = refused
          retryAt = nil
        } catch {
          // The database did not give the document now (busy, unreadable): later, not an attempt.
          failure = DeliveryFailure(
            .temporary, .localSetup,
            "A document of message \(next.id) could not be read from the database: \(error.localizedDescription)",
            isLocal: true, scope: .connection)
          retryAt = retry.nextAttempt(
            after: next.attempts, failure: failure, at: clock.now(), random: random)
        }
        guard
          try store.markFailed(
            next.id, token: token, error: failure.message, at: clock.now(), retryAt: retryAt,
            isAttempt: false)
        else {
          lostClaim = true
          break parts
        }
        held -= 1
        report.failed.append(FailedDelivery(message: next, failure: failure, retryAt: retryAt))
      }
      if !part.isEmpty { transport.deliver(part, report: handle) }
    }
    // Whatever the transport never reached goes back to the queue (if the database lets us; else the
    // lease lapses and the next run takes it).
    try? store.release(token: token, at: clock.now(), except: unrecorded)
    if let recordingError { throw recordingError }
    if lostClaim {
      report.lostClaim = true
      return .lostClaim
    }
    return connectionFailed ? .connectionFailed : .done
  }

  /// How many bytes of messages with their documents put in are handed to the transport at once.
  static let expandedBatchWeight = 64 * 1_048_576

  /// `message` with the bytes of the documents it names put in (`StoredDocuments`); a
  /// `DeliveryFailure` (permanent: it cannot be sent as composed) when one is no longer kept.
  private func withDocuments(
    _ message: OutboundMessage, cache: inout [String: Data]
  ) throws -> OutboundMessage {
    guard StoredDocuments.mayName(message.content) else { return message }
    var expanded = message
    expanded.content = try Self.contentAsSent(message) { digest in
      if let known = cache[digest.hex] { return known }
      guard let data = try documents?.documentContent(digest) else { return nil }
      cache[digest.hex] = data
      return data
    }
    return expanded
  }

  /// The whole message as it goes to the server: its stored documents' bytes (read by `load`)
  /// put in. Throws a permanent `DeliveryFailure` when one is no longer kept.
  public static func contentAsSent(
    _ message: OutboundMessage, load: (DocumentDigest) throws -> Data?
  ) throws -> String {
    do {
      return try StoredDocuments.expand(message.content) { digest in
        guard let parsed = DocumentDigest(hex: digest) else { return nil }
        return try load(parsed)
      }
    } catch StoredDocuments.ExpansionError.missing(let digest) {
      throw DeliveryFailure(
        .permanent, .contentsMissing,
        "Message \(message.id) carries a document (sha256:\(digest.prefix(12))…) that is no longer in the database; it cannot be sent as composed. Attach the file again and send the invitation again."
      )
    }
  }

  /// Records a delivery, trying again for a moment when the database is busy: the message went out,
  /// and a record lost now means it goes out again. Throws when it cannot (then `unrecorded` names
  /// it, and it is left claimed).
  private func recordSent(
    _ id: OutboundMessageID, token: String, at: Date, receipt: String,
    unrecorded: inout OutboundMessageID?
  ) throws -> Bool {
    var lastError: (any Error)?
    for wait in [0, 0.2, 1.0] {
      if wait > 0 { pause(wait) }
      do {
        return try store.markSent(id, token: token, at: at, receipt: receipt)
      } catch {
        lastError = error
      }
    }
    unrecorded = id
    throw lastError ?? NotificationError.composition("the delivery could not be recorded")
  }

  /// Messages in the outbox, newest first.
  public func messages(state: OutboxState? = nil, limit: Int = 200) throws -> [OutboundMessage] {
    try store.messages(state: state, meeting: nil, limit: limit)
  }
}

/// Reads the outbox without sending: counts for `meeting show` and listings.
public struct OutboxReader: Sendable {
  private let store: any OutboxStore

  public init(store: any OutboxStore) { self.store = store }

  /// How many messages of `meeting` (or of all) are in each state.
  public func counts(meeting: MeetingID?) throws -> [OutboxState: Int] {
    try store.counts(meeting: meeting)
  }

  /// Messages, newest first, optionally only in one state or about one meeting.
  public func messages(state: OutboxState?, meeting: MeetingID?, limit: Int) throws
    -> [OutboundMessage]
  {
    try store.messages(state: state, meeting: meeting, limit: limit)
  }

  /// One message, named by its ID.
  public func message(_ reference: String) throws -> OutboundMessage {
    guard let id = OutboundMessageID(parsing: reference), let message = try store.message(id)
    else { throw NotificationError.messageNotFound(reference) }
    return message
  }
}

/// Changes the outbox by hand: `pokja outbox retry|cancel|purge`.
public struct OutboxMaintenance: Sendable {
  private let store: any OutboxStore
  private let clock: any WallClock

  public init(store: any OutboxStore, clock: any WallClock) {
    self.store = store
    self.clock = clock
  }

  /// Makes one queued or given-up message due now, with a fresh count of attempts.
  public func retry(_ reference: String) throws {
    let message = try OutboxReader(store: store).message(reference)
    guard try store.retry([message.id], at: clock.now()) == 1 else {
      throw NotificationError.notRetryable(message.id, message.state)
    }
  }

  /// Makes every queued and given-up message due now; returns how many.
  public func retryAll() throws -> Int { try store.retry(nil, at: clock.now()) }

  /// Withdraws a queued or given-up message.
  public func cancel(_ reference: String) throws -> OutboundMessage {
    let message = try OutboxReader(store: store).message(reference)
    guard try store.cancel(message.id) else {
      throw NotificationError.notCancellable(message.id, message.state)
    }
    return message
  }

  /// Drops the contents of the messages sent or withdrawn before `date`, keeping their records (who,
  /// what, when, Message-ID), so that nothing is sent again. A date after now is refused: the
  /// messages sent until then are not known yet.
  /// `given` is the date as the user wrote it, for the error.
  public func purge(before date: Date, given: String) throws -> PurgeResult {
    let now = clock.now()
    guard date <= now else { throw NotificationError.purgeInTheFuture(given) }
    return try store.purge(before: date, at: now)
  }
}

/// What one delivery run did.
public struct DeliveryReport: Sendable, Equatable {
  /// Where mail went (`smtp://host:port`, the file outbox's folder).
  public var endpoint: String
  public var isFileOutbox: Bool
  public var delivered: [OutboundMessage] = []
  /// What the transport said of each delivered message (for the file outbox: the file), same order.
  public var receipts: [String] = []
  public var failed: [FailedDelivery] = []
  /// The run stopped because another run had taken over a message (this run's lease had lapsed).
  public var lostClaim = false

  public init(endpoint: String, isFileOutbox: Bool) {
    self.endpoint = endpoint
    self.isFileOutbox = isFileOutbox
  }

  /// The most serious failure, which decides the exit status.
  public var worstFailure: DeliveryFailure? {
    let order: [DeliveryFailure.Kind] = [.configuration, .unreachable, .permanent, .temporary]
    for kind in order {
      if let found = failed.first(where: { $0.failure.kind == kind }) { return found.failure }
    }
    return nil
  }
}

/// A message that was not delivered, and why.
public struct FailedDelivery: Sendable, Equatable {
  public var message: OutboundMessage
  public var failure: DeliveryFailure
  /// When it is tried again; nil when it was given up (`dead`).
  public var retryAt: Date?

  public init(message: OutboundMessage, failure: DeliveryFailure, retryAt: Date?) {
    self.message = message
    self.failure = failure
    self.retryAt = retryAt
  }
}

/// What a sending command did with the messages it meant to send.
public struct SendReport: Sendable, Equatable {
  public var meeting: Meeting?
  /// Messages the command would send if none had been sent before.
  public var considered: Int
  /// Messages queued by this run (the rest were already in the outbox).
  public var queued: Int
  /// What this run's delivery did (it also retries older queued messages).
  public var delivery: DeliveryReport
  /// Of the considered messages: sent by an earlier run.
  public var sentBefore = 0
  /// Of the considered messages: still waiting in the queue after this run.
  public var waiting = 0
  /// Of the considered messages: being sent by another run at the moment (not waiting for a retry).
  public var sendingElsewhere = 0
  /// Of those waiting: queued for another route (SMTP while this run only has the file outbox, or the
  /// other way round).
  public var waitingForOtherRoute = 0
  /// Of the considered messages: given up for good (a permanent refusal).
  public var givenUp = 0
  /// Reminders missed while Pokja was not running, for meetings that have started since.
  public var skippedReminders: [SkippedReminder] = []
  /// Recipients left out because they are marked do-not-contact (opted out).
  public var skippedOptedOut = 0
  /// Meetings whose documents weigh more than mail takes and could not be linked (no `[web] url`):
  /// their invitations name them without carrying them.
  public var documentsNotAttached: [MeetingID] = []

  public init(meeting: Meeting?, considered: Int, queued: Int, delivery: DeliveryReport) {
    self.meeting = meeting
    self.considered = considered
    self.queued = queued
    self.delivery = delivery
  }
}

/// `[smtp] rate_limit`: at most one message every `spacing` seconds to `endpoint`, counted in the
/// store, so that runs overlapping from cron or several hosts share the limit instead of multiplying
/// it.
public struct SendRateLimit: Sendable, Equatable {
  /// The server the limit is for (`smtp://host:port`): runs that send elsewhere do not share it.
  public var endpoint: String
  public var spacing: TimeInterval

  /// At most `messagesPerMinute` messages a minute to `endpoint`.
  public init(endpoint: String, messagesPerMinute: Int) {
    self.endpoint = endpoint
    spacing = 60 / Double(max(messagesPerMinute, 1))
  }
}
