import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite struct OutboxTests {
  @Test func invitationsAreQueuedDeliveredAndNeverSentTwice() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id.description
    let first = try fixture.invitations.send(meeting: id)
    #expect(first.considered == 2 && first.queued == 2)
    #expect(first.delivery.delivered.count == 2)
    #expect(
      fixture.transport.delivered.map(\.recipient.value) == [
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
    fixture.transport.fail(with: DeliveryFailure(.temporary, "Cannot connect to 127.0.0.1:2525"))
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
      with: DeliveryFailure(.permanent, "550 no such user"),
      for: EmailAddress("hannah@kpi.example")!)
    let report = try fixture.invitations.send(meeting: fixture.details.meeting.id.description)
    #expect(report.delivery.delivered.map(\.recipient.value) == ["wulan@kemensos.example"])
    #expect(report.delivery.failed.map(\.failure.kind) == [.permanent])
    #expect(
      try fixture.outbox.messages(state: .dead).map(\.recipient.value) == ["hannah@kpi.example"])
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
    fixture.transport.fail(with: DeliveryFailure(.temporary, "connection refused"))
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
    fixture.transport.fail(with: DeliveryFailure(.temporary, "Connection timed out"))
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
