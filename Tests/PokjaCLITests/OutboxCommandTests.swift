import Foundation
import PokjaCore
import PokjaTestSupport
import Testing

/// `pokja outbox list|show|retry|cancel|purge|send` over a server that fails, then recovers.
@Suite struct OutboxCommandTests {
  @Test func messagesThatFailedCanBeSeenRetriedWithdrawnAndPurged() throws {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    let meeting = try cli.seedPlenary()
    transport.fail(
      with: DeliveryFailure(.temporary, .serverBusy, "Cannot connect to mail.example.org:587"))
    let invite = cli.run("meeting", "invite", String(meeting))
    #expect(invite.status == 75)

    // Both wait, with the error and one attempt.
    let queued = try cli.json("outbox", "list", "--state", "queued") as! [[String: Any]]
    #expect(queued.count == 2)
    #expect(
      queued.allSatisfy { $0["lastError"] as? String == "Cannot connect to mail.example.org:587" })
    #expect(queued.allSatisfy { $0["attempts"] as? Int == 1 && $0["nextAttemptAt"] != nil })
    let table = cli.run("outbox", "list", "--csv")
    #expect(table.output.contains("queued") && table.output.contains("Cannot connect"))
    let first = try #require(queued.last?["id"] as? Int)
    let second = try #require(queued.first?["id"] as? Int)
    let shown = cli.run("outbox", "show", String(first))
    #expect(shown.output.contains("Next try:"))
    #expect(shown.output.contains("Last error: Cannot connect"))
    let raw = cli.run("outbox", "show", String(first), "--raw")
    #expect(raw.output.hasPrefix("From: ") || raw.output.contains("\r\nSubject: "))
    #expect(raw.output.contains("BEGIN:VCALENDAR"))

    // Not due yet (backoff): `outbox send` sends nothing; retried by hand, it goes now.
    transport.fail(with: nil)
    let early = cli.run("outbox", "send")
    #expect(transport.delivered.isEmpty)
    #expect(early.output.contains("No messages due"))
    let withdrawn = cli.run("outbox", "cancel", String(second))
    #expect(withdrawn.status == 0)
    #expect(withdrawn.output.contains("withdrawn"))
    #expect(cli.run("outbox", "retry", String(first)).status == 0)
    let sent = cli.run("outbox", "send")
    #expect(sent.status == 0)
    #expect(transport.delivered.count == 1)
    #expect(sent.output.contains("1 sent"))

    // A sent message cannot be retried or withdrawn; unknown IDs are named.
    let again = cli.run("outbox", "retry", String(first))
    #expect(again.status == 65)
    #expect(again.errors.contains("is sent: only queued and given-up"))
    #expect(cli.run("outbox", "cancel", String(first)).status == 65)
    #expect(cli.run("outbox", "show", "999").errors.contains("No message '999'"))
    #expect(cli.run("outbox", "list", "--state", "lost").status == 64)
    #expect(cli.run("outbox", "retry").status == 64)

    // Purge drops the contents of what was sent or withdrawn before the day; the records stay, and
    // a day that has not come is refused.
    let kept = cli.run("outbox", "purge", "--sent-before", "2000-01-01")
    #expect(kept.output.contains("No message sent or withdrawn before 2000-01-01 still had its"))
    let future = cli.run("outbox", "purge", "--sent-before", "2999-01-01")
    #expect(future.status == 64)
    #expect(future.errors.contains("--sent-before 2999-01-01 has not come yet"))
    // Two days on: what was sent a minute after now (on the test's clock) has passed.
    cli.clock = FixedClock(Date().addingTimeInterval(86_400 * 2))
    let inAMinute = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60))
    let purged = cli.run("outbox", "purge", "--sent-before", inAMinute)
    #expect(purged.status == 0, "\(purged.errors)")
    #expect(purged.output.contains("Dropped the contents of 2 messages"), "\(purged.output)")
    #expect(purged.output.contains("1 in all"), "\(purged.output)")
    let records = try cli.json("outbox", "list") as! [[String: Any]]
    #expect(records.count == 2 && records.allSatisfy { $0["contentPurgedAt"] is String })
    #expect(cli.run("outbox", "show", String(first)).output.contains("dropped by 'outbox purge'"))
    let gone = cli.run("outbox", "show", String(first), "--raw")
    #expect(gone.status == 65 && gone.errors.contains("dropped by 'pokja outbox purge'"))
  }

  @Test func retryAllMakesGivenUpMessagesDueAgain() throws {
    let transport = RecordingTransport()
    var cli = try CLIHarness()
    cli.transport = transport
    let meeting = try cli.seedPlenary()
    transport.fail(with: DeliveryFailure(.permanent, .recipientRefused, "550 mailbox unavailable"))
    #expect(cli.run("meeting", "invite", String(meeting)).status == 65)
    #expect(try (cli.json("outbox", "list", "--state", "dead") as! [Any]).count == 2)
    transport.fail(with: nil)
    let retried = cli.run("outbox", "retry", "--all")
    #expect(retried.output.contains("2 messages due now"))
    #expect(cli.run("outbox", "send").status == 0)
    #expect(transport.delivered.count == 2)
    #expect(try (cli.json("outbox", "list", "--state", "sent") as! [Any]).count == 2)
  }
}
