import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Synchronization
import Testing

@Suite struct OutboxTests {
  @Test func invitationsAreQueuedDeliveredAndNeverSentTwice() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    let first = try fixture.invitations.send(meeting: id)
    #expect(first.considered == 2 && first.queued == 2)
    #expect(first.delivery.delivered.count == 2)
    #expect(
      fixture.transport.delivered.map(\.destination.description) == [
        "wulan@kemensos.example", "hannah@kpi.example",
      ])
    #expect(fixture.transport.batches.count == 1)  // one batch, one connection
    let second = try fixture.invitations.send(meeting: id)
    #expect(second.queued == 0 && second.delivery.delivered.isEmpty)
    #expect(fixture.transport.delivered.count == 2)
  }

  @Test func aFailedDeliveryStaysQueuedWithItsErrorAndIsRetriedOnce() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(
      with: DeliveryFailure(.temporary, .serverBusy, "Cannot connect to 127.0.0.1:2525"))
    let failed = try fixture.invitations.send(meeting: id)
    #expect(failed.delivery.delivered.isEmpty)
    #expect(failed.delivery.failed.count == 2)
    #expect(failed.delivery.worstFailure?.kind == .temporary)
    let queued = try fixture.outbox.messages(state: .queued)
    #expect(queued.count == 2)
    #expect(
      queued.allSatisfy { $0.lastError == "Cannot connect to 127.0.0.1:2525" && $0.attempts == 1 })

    // It waits its backoff (60 s after a first failure): a run at once sends nothing.
    fixture.transport.fail(with: nil)
    #expect(queued.allSatisfy { $0.nextAttemptAt == fixture.clock.now().addingTimeInterval(60) })
    let early = try fixture.invitations(after: 59).send(meeting: id)
    #expect(early.delivery.delivered.isEmpty)
    #expect(early.waiting == 2)
    let retried = try fixture.invitations(after: 60).send(meeting: id)
    #expect(retried.queued == 0)
    #expect(retried.delivery.delivered.count == 2)
    // The retry sends the very message that was queued: same Message-ID, so receivers can de-duplicate.
    #expect(Set(retried.delivery.delivered.map(\.messageID)) == Set(queued.map(\.messageID)))
    #expect(try fixture.outbox.messages(state: .sent).count == 2)
    #expect(try fixture.invitations.send(meeting: id).delivery.delivered.isEmpty)
  }

  @Test func aPermanentRefusalIsGivenUpWhileOthersAreDelivered() throws {
    let fixture = try NotificationFixture()
    fixture.transport.fail(
      with: DeliveryFailure(.permanent, .recipientRefused, "550 no such user"),
      for: EmailAddress("hannah@kpi.example")!)
    let report = try fixture.invitations.send(meeting: fixture.details.meeting.id.description)
    #expect(report.delivery.delivered.map(\.destination.description) == ["wulan@kemensos.example"])
    #expect(report.delivery.failed.map(\.failure.kind) == [.permanent])
    #expect(
      try fixture.outbox.messages(state: .dead).map(\.destination.description) == [
        "hannah@kpi.example"
      ])
    // A second run says so, rather than "all sent before".
    let again = try fixture.invitations.send(meeting: fixture.details.meeting.id.description)
    #expect(again.sentBefore == 1 && again.givenUp == 1 && again.waiting == 0)
  }

  @Test func afterDowntimeOnlyTheReminderNearestTheStartGoesOut() throws {
    let fixture = try NotificationFixture()
    let oneHourBefore = fixture.details.meeting.start.addingTimeInterval(-3_600)
    let report = try fixture.reminders.sendDue(at: oneHourBefore)
    #expect(report.queued == 2)
    #expect(
      Set(fixture.transport.delivered.map(\.dedupeKey).map { $0.split(separator: ":")[1] }) == [
        "2h"
      ])
  }

  @Test func messagesQueuedForSMTPWaitForSMTP() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "connection refused"))
    _ = try fixture.invitations.send(meeting: id)
    // The next run has only the file outbox (cron without the SMTP environment): nothing is diverted.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    let fileOutbox = Outbox(
      store: fixture.store, transport: FileOutboxTransport(directory: folder), clock: fixture.clock)
    let diverted = try Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: fileOutbox
    )
    .send(meeting: id)
    #expect(diverted.delivery.delivered.isEmpty)
    #expect(diverted.waiting == 2 && diverted.waitingForOtherRoute == 2)
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func remindersAreDueBetweenTheirTimeAndTheStart() throws {
    let fixture = try NotificationFixture()
    let start = fixture.details.meeting.start
    #expect(
      try fixture.reminders.sendDue(at: start.addingTimeInterval(-2 * 86_400)).considered == 0)
    let dayBefore = try fixture.reminders.sendDue(at: start.addingTimeInterval(-86_000))
    #expect(dayBefore.queued == 2 && dayBefore.delivery.delivered.count == 2)
    let again = try fixture.reminders.sendDue(at: start.addingTimeInterval(-85_000))
    #expect(again.queued == 0 && again.delivery.delivered.isEmpty)
    let twoHours = try fixture.reminders.sendDue(at: start.addingTimeInterval(-3_600))
    #expect(twoHours.queued == 2)
    #expect(try fixture.reminders.sendDue(at: start.addingTimeInterval(60)).considered == 0)
    #expect(fixture.transport.delivered.filter { $0.kind == .reminder }.count == 4)
  }
}

@Suite struct OutboxRetryLimitTests {
  /// A server that stays down: each run after the backoff tries once more, and after the limit the
  /// message is given up (`dead`) with its last error kept.
  @Test func aMessageThatKeepsFailingIsGivenUpAfterTheLimit() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "Connection timed out"))
    var elapsed: TimeInterval = 0
    _ = try fixture.invitations(after: elapsed).send(meeting: id)
    for wait in [60.0, 120, 240, 480, 960, 1920, 3840] {
      elapsed += wait
      let run = try fixture.invitations(after: elapsed).send(meeting: id)
      #expect(run.delivery.failed.count == 2)
    }
    let dead = try fixture.outbox.messages(state: .dead)
    #expect(dead.count == 2)
    #expect(dead.allSatisfy { $0.attempts == 8 && $0.lastError == "Connection timed out" })
    #expect(try fixture.outbox.messages(state: .queued).isEmpty)
  }
}

/// What counts as an attempt, the shared rate limit, runs that overlap, and purging (issue: nothing
/// sent twice, nothing stuck).
@Suite struct OutboxAttemptTests {
  /// A wrong password for many runs costs the messages nothing: a greylisting 451 afterwards is their
  /// first attempt, and they are delivered on the next run.
  @Test func failuresThatNeverReachedTheServerAreNotAttempts() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(
      with: DeliveryFailure(.configuration, .loginRefused, "535 login refused"))
    for run in 0..<10 {
      let report = try fixture.invitations(after: Double(run) * 300).send(meeting: id)
      #expect(report.delivery.failed.count == 2)
    }
    fixture.transport.fail(with: DeliveryFailure(.unreachable, .unreachable, "connection refused"))
    _ = try fixture.invitations(after: 3_000).send(meeting: id)
    var queued = try fixture.outbox.messages(state: .queued)
    #expect(queued.count == 2 && queued.allSatisfy { $0.attempts == 0 })
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "451 4.7.1 greylisted"))
    _ = try fixture.invitations(after: 3_600).send(meeting: id)
    queued = try fixture.outbox.messages(state: .queued)
    #expect(queued.count == 2 && queued.allSatisfy { $0.attempts == 1 })
    fixture.transport.fail(with: nil)
    let delivered = try fixture.invitations(after: 3_600 + 120).send(meeting: id)
    #expect(delivered.delivery.delivered.count == 2)
    #expect(try fixture.outbox.messages(state: .sent).allSatisfy { $0.attempts == 2 })
  }

  /// Even at the limit, a message the server never saw is not given up.
  @Test func aMessageAtTheLimitIsNotGivenUpForAnOutage() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "451 try later"))
    var elapsed: TimeInterval = 0
    for _ in 0..<7 {
      _ = try fixture.invitations(after: elapsed).send(meeting: id)
      elapsed += 7_200
    }
    #expect(try fixture.outbox.messages(state: .queued).allSatisfy { $0.attempts == 7 })
    fixture.transport.fail(with: DeliveryFailure(.unreachable, .unreachable, "connection refused"))
    for _ in 0..<5 {
      _ = try fixture.invitations(after: elapsed).send(meeting: id)
      elapsed += 7_200
    }
    #expect(try fixture.outbox.messages(state: .dead).isEmpty)
    #expect(try fixture.outbox.messages(state: .queued).allSatisfy { $0.attempts == 7 })
  }

  /// `[smtp] rate_limit = 30`: every message reserves its moment in the store before it goes, so
  /// runs sharing the database share the limit. (The clock stands still here, so each wait is
  /// counted from the same instant: 2 s, 4 s, 6 s.)
  @Test func theRateLimitIsReservedInTheStoreBeforeEachMessage() throws {
    let fixture = try NotificationFixture(extraAttendees: 2)
    let pauses = Pauses()
    let outbox = Outbox(
      store: fixture.store, transport: fixture.transport, clock: fixture.clock,
      rateLimit: SendRateLimit(endpoint: fixture.transport.endpoint, messagesPerMinute: 30),
      random: { 1 }, pause: { pauses.add($0) })
    let invitations = Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: outbox)
    let report = try invitations.send(meeting: fixture.details.meeting.id.description)
    #expect(report.delivery.delivered.count == 4)
    #expect(pauses.all == [2, 4, 6])
    // Another run (another process) asking now waits behind all four.
    let next = try fixture.store.reserveSendSlot(
      endpoint: fixture.transport.endpoint, spacing: 2, now: fixture.clock.now())
    #expect(next == fixture.clock.now().addingTimeInterval(8))
  }

  /// A run that finds the messages claimed by another run says so, and has nothing to retry.
  @Test func messagesAnotherRunIsSendingAreNotWaitingForARetry() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    fixture.transport.fail(with: DeliveryFailure(.temporary, .serverBusy, "451"))
    _ = try fixture.invitations.send(meeting: id)
    fixture.transport.fail(with: nil)
    // Another run claims both (its lease runs 5 minutes) and is still sending them.
    let later = fixture.clock.now().addingTimeInterval(3_600)
    let other = try fixture.store.claim(
      dueAt: later, leaseUntil: later.addingTimeInterval(300), limit: 10, after: nil, meeting: nil,
      route: .smtp, token: "another run")
    #expect(other.count == 2)
    let report = try fixture.invitations(after: 3_600).send(meeting: id)
    #expect(report.delivery.delivered.isEmpty)
    #expect(report.waiting == 0 && report.sendingElsewhere == 2)
  }

  @Test func purgeRefusesTheFutureAndKeepsWhatWasSent() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    _ = try fixture.invitations.send(meeting: id)
    let anHourLater = fixture.clock.now().addingTimeInterval(3_600)
    let maintenance = OutboxMaintenance(store: fixture.store, clock: FixedClock(anHourLater))
    #expect(throws: NotificationError.purgeInTheFuture("2026-12-08")) {
      try maintenance.purge(before: anHourLater.addingTimeInterval(86_400), given: "2026-12-08")
    }
    let purged = try maintenance.purge(before: anHourLater, given: "now")
    #expect(purged.messages == 2 && purged.sentRecords == 2 && purged.bytes > 1_000)
    // The next run has nothing to send: the records keep the keys.
    let again = try fixture.invitations(after: 60).send(meeting: id)
    #expect(again.queued == 0 && again.sentBefore == 2 && again.delivery.delivered.isEmpty)
    #expect(fixture.transport.delivered.count == 2)
  }
}

/// Collects the rate limit's waits.
final class Pauses: Sendable {
  private let waits = Mutex<[TimeInterval]>([])
  func add(_ wait: TimeInterval) { waits.withLock { $0.append(wait) } }
  var all: [TimeInterval] { waits.withLock { $0 } }
}

/// Runs that stop in time: after a refused session, and after losing their claim.
@Suite struct OutboxStopTests {
  /// A wrong password: the first batch fails, and the run claims no further batch (each would fail
  /// the same way, and every failed login counts towards an account lock).
  @Test func aRefusedSessionEndsTheRunsMailNotJustTheBatch() throws {
    let fixture = try NotificationFixture(extraAttendees: 4)
    fixture.transport.fail(
      with: DeliveryFailure(.configuration, .loginRefused, "535 login refused"))
    let outbox = Outbox(
      store: fixture.store, transport: fixture.transport, clock: fixture.clock, batchSize: 2,
      random: { 1 })
    let report = try Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: outbox
    ).send(meeting: fixture.details.meeting.id.description)
    #expect(fixture.transport.batches.count == 1)
    #expect(report.waiting == 6)
    #expect(try fixture.outbox.messages(state: .queued).allSatisfy { $0.attempts == 0 })
  }

  /// The machine slept past the lease mid-batch and another run took the rest over: on waking, this
  /// run finds out at its next renewal and sends nothing more (the other run sends them, once).
  @Test func aRunThatLostItsClaimSendsNothingMore() throws {
    let fixture = try NotificationFixture(extraAttendees: 2)
    let clock = ManualClock(fixture.clock.now())
    let store = fixture.store
    let transport = ScriptedTransport { index in
      guard index == 1 else { return }
      // Between the first and the second message: asleep for 10 minutes, and another run claims.
      clock.advance(by: 600)
      let taken = try? store.claim(
        dueAt: clock.now(), leaseUntil: clock.now().addingTimeInterval(300), limit: 10,
        after: nil, meeting: nil, route: .smtp, token: "another run")
      #expect(taken?.count == 3)
    }
    let outbox = Outbox(store: store, transport: transport, clock: clock, random: { 1 })
    let report = try Invitations(
      scheduler: fixture.scheduler, composer: fixture.composer, outbox: outbox
    ).send(meeting: fixture.details.meeting.id.description)
    #expect(transport.sent.count == 1)
    #expect(report.delivery.lostClaim)
  }
}

/// A transport that runs `between(index)` before announcing each message, then delivers it.
final class ScriptedTransport: MessageTransport, Sendable {
  private let between: @Sendable (Int) -> Void
  private let delivered = Mutex<[OutboundMessageID]>([])
  init(between: @escaping @Sendable (Int) -> Void) { self.between = between }
  var endpoint: String { "smtp://scripted.invalid:587" }
  var route: MessageRoute { .smtp }
  var sent: [OutboundMessageID] { delivered.withLock { $0 } }

  func deliver(_ messages: [OutboundMessage], report: (DeliveryEvent) -> DeliveryProgress) {
    for (index, message) in messages.enumerated() {
      between(index)
      if report(.sending(message.id)) == .stop { return }
      delivered.withLock { $0.append(message.id) }
      if report(.finished(message.id, .delivered(receipt: "250"))) == .stop { return }
    }
  }
}
