import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What every `OutboxStore` must do: each dedupe key queued once, claims under a token and a
/// lease, outcomes recorded only by the claim's holder, attempts counted only when a server was put
/// to the message, retries, withdrawals, purges that keep the records, and a send rate shared by
/// every handle.
@Suite struct OutboxStoreContractTests {
  let clock = ManualClock(contractNow)
  let now = contractNow
  let body = "Subject: x\r\n\r\nbody a\r\n"

  @Test(arguments: StoreKind.available)
  func aKeyIsQueuedOnceAndTheMessageIsKeptWhole(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let first = try store.enqueue([draft("a"), draft("b")], route: .smtp, at: now)
    #expect(first.map(\.dedupeKey) == ["a", "b"])
    #expect(first.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.route == .smtp })
    // A key already in the outbox is left alone, whatever the route asked for now.
    let second = try store.enqueue([draft("b"), draft("c"), draft("c")], route: .file, at: now)
    #expect(second.map(\.dedupeKey) == ["c"])
    #expect(second.first?.route == .file)
    #expect(try store.counts(meeting: nil) == [.queued: 3])
    let stored = try #require(try store.message(first[0].id))
    #expect(stored == first[0])
    #expect(stored.content == body)
    #expect(stored.createdAt == now && stored.nextAttemptAt == now && stored.sentAt == nil)
    #expect(stored.destination == .email(email("wulan@example.org")))
    #expect(try store.message(OutboundMessageID(9_999)) == nil)
    let states = try store.states(ofKeys: ["a", "c", "zzz"])
    #expect(states.count == 2)
    #expect(states["a"]?.0 == .queued && states["a"]?.1 == .smtp)
    #expect(states["c"]?.0 == .queued && states["c"]?.1 == .file)
    #expect(try store.states(ofKeys: []).isEmpty)
  }

  @Test(arguments: StoreKind.available)
  func aMessageAboutAMeetingKeepsItsMeetingContactAndOccurrence(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let monday = instant("2026-12-07T10:00:00+07:00")
    let pleno = try store.add(meeting("Rapat Pleno", at: monday), attendees: [setup.wulan.id])
    let queued = try store.enqueue(
      [
        draft(
          "reminder:1", to: "wulan@kemensos.example", kind: .reminder, meeting: pleno.id,
          contact: setup.wulan.id, occurrence: monday),
        draft("other"),
      ], route: .smtp, at: now)
    let stored = try #require(try store.message(queued[0].id))
    #expect(stored == queued[0])
    #expect(stored.kind == .reminder && stored.meetingID == pleno.id)
    #expect(stored.contactID == setup.wulan.id && stored.occurrence == monday)
    #expect(try store.counts(meeting: pleno.id) == [.queued: 1])
    #expect(try store.messages(state: nil, meeting: pleno.id, limit: 10).map(\.id) == [stored.id])
  }

  @Test(arguments: StoreKind.available)
  func listingsAreNewestFirstWithoutContentsAndCountedByState(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue((1...4).map { draft("m\($0)") }, route: .smtp, at: now)
    _ = try claim(store, limit: 2, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250"))
    let all = try store.messages(state: nil, meeting: nil, limit: 10)
    #expect(all.map(\.dedupeKey) == ["m4", "m3", "m2", "m1"])
    #expect(all.allSatisfy { $0.content.isEmpty })
    #expect(
      try store.messages(state: nil, meeting: nil, limit: 2).map(\.dedupeKey) == ["m4", "m3"])
    #expect(try store.messages(state: .sending, meeting: nil, limit: 10).map(\.dedupeKey) == ["m2"])
    #expect(try store.counts(meeting: nil) == [.sent: 1, .sending: 1, .queued: 2])
  }

  @Test(arguments: StoreKind.available)
  func claimsTakeDueMessagesInOrderWithTheirContents(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let pleno = try store.add(meeting("Rapat Pleno", at: instant("2026-12-07T10:00:00+07:00")))
    let queued = try store.enqueue(
      [draft("a"), draft("b", meeting: pleno.id), draft("c"), draft("d", meeting: pleno.id)],
      route: .smtp, at: now)
    #expect(try claim(store, at: now.addingTimeInterval(-1)).isEmpty)
    let batch = try claim(store, limit: 2, token: "run")
    #expect(batch.map(\.dedupeKey) == ["a", "b"])
    #expect(batch.allSatisfy { $0.state == .sending && $0.attempts == 0 })
    #expect(batch.first?.content == body)
    #expect(batch.first?.nextAttemptAt == now.addingTimeInterval(300))
    #expect(try claim(store, after: queued[2].id).map(\.dedupeKey) == ["d"])
    let rest = try claim(store)
    #expect(rest.map(\.dedupeKey) == ["c"])
    // Narrowed to one meeting.
    try store.release(token: "run", at: now, except: nil)
    #expect(try claim(store, meeting: pleno.id).map(\.dedupeKey) == ["b"])
  }

  @Test(arguments: StoreKind.available)
  func aClaimIsItsRunsUntilTheLeaseLapses(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue([draft("a"), draft("b")], route: .smtp, at: now)
    #expect(try claim(store, token: "slow-run").count == 2)
    // Claimed messages are not due again until their lease lapses.
    #expect(try claim(store, at: now.addingTimeInterval(299)).isEmpty)
    // The slow run's lease lapses; another run takes both over.
    let takeover = try claim(store, at: now.addingTimeInterval(301), token: "second-run")
    #expect(takeover.count == 2)
    #expect(try !store.markSent(queued[0].id, token: "slow-run", at: now, receipt: "250"))
    #expect(
      try !store.markFailed(
        queued[0].id, token: "slow-run", error: "x", at: now, retryAt: nil, isAttempt: true))
    #expect(try store.markSent(queued[0].id, token: "second-run", at: now, receipt: "250"))
    // A message recorded once is not recorded again, even by its run.
    #expect(try !store.markSent(queued[0].id, token: "second-run", at: now, receipt: "250"))
    // The slow run's renewal finds only what it still holds: none.
    #expect(try store.renew(token: "slow-run", until: now.addingTimeInterval(10_000)) == 0)
    #expect(try store.renew(token: "second-run", until: now.addingTimeInterval(10_000)) == 1)
    #expect(try claim(store, at: now.addingTimeInterval(5_000)).isEmpty)
    #expect(try claim(store, at: now.addingTimeInterval(10_001), token: "third-run").count == 1)
  }

  @Test(arguments: StoreKind.available)
  func releasedMessagesAreDueAgainWithNoAttemptCounted(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], route: .smtp, at: now)
    _ = try claim(store, lease: 3_600, token: "run")
    let later = now.addingTimeInterval(600)
    // Released from the run's claim, except the one it was sending, which keeps it.
    try store.release(token: "run", at: later, except: queued[1].id)
    #expect(try claim(store, at: later.addingTimeInterval(-1)).isEmpty)
    let back = try claim(store, at: later, token: "next")
    #expect(back.map(\.dedupeKey) == ["a", "c"])
    #expect(back.allSatisfy { $0.attempts == 0 })
    #expect(try store.markSent(queued[1].id, token: "run", at: later, receipt: "250"))
  }

  @Test(arguments: StoreKind.available)
  func routesAreKeptApart(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    _ = try store.enqueue([draft("smtp")], route: .smtp, at: now)
    _ = try store.enqueue([draft("file")], route: .file, at: now)
    #expect(try claim(store, route: .webhook).isEmpty)
    #expect(try claim(store, route: .file).map(\.dedupeKey) == ["file"])
    #expect(try claim(store, route: .smtp).map(\.dedupeKey) == ["smtp"])
  }

  @Test(arguments: StoreKind.available)
  func outcomesAreRecordedAndOnlyWhatReachedTheServerCountsAsAnAttempt(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], route: .smtp, at: now)
    _ = try claim(store, token: "run")
    let sentAt = now.addingTimeInterval(5)
    #expect(try store.markSent(queued[0].id, token: "run", at: sentAt, receipt: "250 OK"))
    let retryAt = now.addingTimeInterval(60)
    #expect(
      try store.markFailed(
        queued[1].id, token: "run", error: "connection refused", at: now, retryAt: retryAt,
        isAttempt: false))
    #expect(
      try store.markFailed(
        queued[2].id, token: "run", error: "550 no such user", at: now, retryAt: nil,
        isAttempt: true))
    #expect(try store.counts(meeting: nil) == [.sent: 1, .queued: 1, .dead: 1])
    let sent = try #require(try store.message(queued[0].id))
    #expect(sent.state == .sent && sent.sentAt == sentAt && sent.receipt == "250 OK")
    #expect(sent.attempts == 1 && sent.lastError == nil)
    // Not due before the retry time.
    #expect(try claim(store, at: retryAt.addingTimeInterval(-1)).isEmpty)
    let retry = try claim(store, at: retryAt)
    #expect(retry.map(\.dedupeKey) == ["b"])
    #expect(retry.first?.lastError == "connection refused")
    #expect(retry.first?.attempts == 0)
    let dead = try store.messages(state: .dead, meeting: nil, limit: 10)
    #expect(dead.map(\.lastError) == ["550 no such user"])
    #expect(dead.map(\.attempts) == [1])
  }

  @Test(arguments: StoreKind.available)
  func failuresThatReachedTheServerAddUp(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue([draft("a")], route: .smtp, at: now)
    var time = now
    for attempt in 1...3 {
      _ = try claim(store, at: time, token: "run-\(attempt)")
      #expect(
        try store.markFailed(
          queued[0].id, token: "run-\(attempt)", error: "451 try later \(attempt)", at: time,
          retryAt: time.addingTimeInterval(60), isAttempt: true))
      time.addTimeInterval(60)
    }
    let message = try #require(try store.message(queued[0].id))
    #expect(message.attempts == 3 && message.lastError == "451 try later 3")
    #expect(message.state == .queued && message.nextAttemptAt == time)
  }

  @Test(arguments: StoreKind.available)
  func retryMakesQueuedAndGivenUpMessagesDueWithAFreshCount(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue((1...4).map { draft("m\($0)") }, route: .smtp, at: now)
    _ = try claim(store, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250"))
    #expect(
      try store.markFailed(
        queued[1].id, token: "run", error: "550", at: now, retryAt: nil, isAttempt: true))
    #expect(
      try store.markFailed(
        queued[2].id, token: "run", error: "451", at: now, retryAt: now.addingTimeInterval(3_600),
        isAttempt: true))
    // m4 is still being sent.
    let later = now.addingTimeInterval(60)
    #expect(try store.retry([queued[1].id], at: later) == 1)
    #expect(try store.message(queued[1].id)?.state == .queued)
    #expect(try store.message(queued[1].id)?.attempts == 0)
    #expect(try store.message(queued[1].id)?.nextAttemptAt == later)
    // Neither a sent message nor one being sent is retried.
    #expect(try store.retry([queued[0].id, queued[3].id], at: later) == 0)
    #expect(try store.retry(nil, at: later) == 2)
    #expect(try claim(store, at: later).map(\.dedupeKey) == ["m2", "m3"])
  }

  @Test(arguments: StoreKind.available)
  func aWithdrawnMessageIsNeverSent(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue((1...4).map { draft("m\($0)") }, route: .smtp, at: now)
    _ = try claim(store, limit: 3, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250"))
    #expect(
      try store.markFailed(
        queued[1].id, token: "run", error: "550", at: now, retryAt: nil, isAttempt: true))
    // Queued or given up: withdrawn. Being sent or sent: not.
    #expect(try store.cancel(queued[3].id))
    #expect(try store.cancel(queued[1].id))
    #expect(try !store.cancel(queued[2].id))
    #expect(try !store.cancel(queued[0].id))
    #expect(try !store.cancel(queued[3].id))
    #expect(try store.message(queued[3].id)?.state == .cancelled)
    #expect(try store.counts(meeting: nil) == [.sent: 1, .sending: 1, .cancelled: 2])
    #expect(try store.retry(nil, at: now) == 0)
    #expect(try claim(store, at: now.addingTimeInterval(10_000)).map(\.dedupeKey) == ["m3"])
  }

  @Test(arguments: StoreKind.available)
  func withdrawnDraftsAreRecordedOnceAndNeverQueued(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    _ = try store.enqueue([draft("a")], route: .smtp, at: now)
    try store.recordWithdrawn(
      [draft("a"), draft("late")], route: .smtp, reason: "the meeting had started", at: now)
    #expect(
      try store.states(ofKeys: ["a", "late"]).mapValues(\.0) == ["a": .queued, "late": .cancelled])
    let late = try #require(try store.messages(state: .cancelled, meeting: nil, limit: 10).first)
    #expect(late.dedupeKey == "late" && late.lastError == "the meeting had started")
    // Recorded again, or queued later: the record stands and nothing is queued.
    try store.recordWithdrawn([draft("late")], route: .smtp, reason: "again", at: now)
    #expect(try store.enqueue([draft("late")], route: .smtp, at: now).isEmpty)
    #expect(try store.counts(meeting: nil) == [.queued: 1, .cancelled: 1])
    #expect(try claim(store).map(\.dedupeKey) == ["a"])
  }

  @Test(arguments: StoreKind.available)
  func purgeDropsContentsAndKeepsTheRecordThatKeepsAKeyFromBeingQueuedAgain(_ kind: StoreKind)
    throws
  {
    let store = try kind.open(clock: clock).store
    let queued = try store.enqueue([draft("a"), draft("b"), draft("c")], route: .smtp, at: now)
    try store.recordWithdrawn([draft("w")], route: .smtp, reason: "withdrawn", at: now)
    _ = try claim(store, token: "run")
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "250"))
    #expect(try store.markSent(queued[1].id, token: "run", at: now, receipt: "250"))
    try store.release(token: "run", at: now, except: nil)
    let later = now.addingTimeInterval(86_400)
    // Before the day they were sent: nothing goes.
    #expect(
      try store.purge(before: now, at: later)
        == PurgeResult(messages: 0, bytes: 0, sentRecords: 2))
    let result = try store.purge(before: later, at: later)
    #expect(result.messages == 3)
    #expect(
      result.bytes
        == ["a", "b", "w"].map { "Subject: x\r\n\r\nbody \($0)\r\n".utf8.count }.reduce(0, +))
    #expect(result.sentRecords == 2)
    // The record stays, without its contents; the queued message keeps its body.
    let sent = try #require(try store.message(queued[0].id))
    #expect(sent.state == .sent && sent.content.isEmpty && sent.contentPurgedAt == later)
    #expect(sent.receipt == "250" && sent.messageID == "a@example.org")
    #expect(try store.message(queued[2].id)?.content == "Subject: x\r\n\r\nbody c\r\n")
    #expect(try store.message(queued[2].id)?.contentPurgedAt == nil)
    // What was sent or withdrawn is never queued again: its key is still taken.
    #expect(
      try store.enqueue([draft("a"), draft("b"), draft("w")], route: .smtp, at: later).isEmpty)
    #expect(
      try store.states(ofKeys: ["a", "b", "w"]).mapValues(\.0) == [
        "a": .sent, "b": .sent, "w": .cancelled,
      ])
    // A second purge finds nothing more to drop, and says the records are still there.
    #expect(
      try store.purge(before: later, at: later)
        == PurgeResult(messages: 0, bytes: 0, sentRecords: 2))
  }

  @Test(arguments: StoreKind.available)
  func sendSlotsAreSpacedForEveryHandleOfTheStore(_ kind: StoreKind) throws {
    let opened = try kind.open(clock: clock)
    let store = opened.store
    let other = try opened.anotherHandle()
    // 30 a minute: one every 2 s. An idle destination sends at once; the next waits its turn, also
    // when another run asks at the same moment.
    #expect(try store.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: now) == now)
    #expect(
      try other.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: now)
        == now.addingTimeInterval(2))
    #expect(
      try store.reserveSendSlot(
        endpoint: "smtp://a:587", spacing: 2, now: now.addingTimeInterval(1))
        == now.addingTimeInterval(4))
    // Another server has its own window; after a pause the window starts from now again.
    #expect(try other.reserveSendSlot(endpoint: "smtp://b:587", spacing: 2, now: now) == now)
    let idle = now.addingTimeInterval(60)
    #expect(try other.reserveSendSlot(endpoint: "smtp://a:587", spacing: 2, now: idle) == idle)
  }

  @Test(arguments: StoreKind.available)
  func sendSlotsReservedAtOnceFromSeveralHandlesAreAllDifferent(_ kind: StoreKind) throws {
    let opened = try kind.open(clock: clock)
    let handles = try (0..<4).map { _ in try opened.anotherHandle() }
    let now = self.now
    let results = concurrently(40) { index in
      try handles[index % handles.count].reserveSendSlot(
        endpoint: "smtp://mail.example.org:587", spacing: 0.5, now: now)
    }
    let slots = try results.map { try $0.get() }.sorted()
    #expect(slots == (0..<40).map { now.addingTimeInterval(Double($0) * 0.5) })
  }

  @Test(arguments: StoreKind.available)
  func runsClaimingAtOnceFromSeveralHandlesNeverGetTheSameMessage(_ kind: StoreKind) throws {
    let opened = try kind.open(clock: clock)
    _ = try opened.store.enqueue((1...200).map { draft("m\($0)") }, route: .smtp, at: now)
    let handles = [try opened.anotherHandle(), try opened.anotherHandle()]
    let now = self.now
    let results = concurrently(20) { index in
      try handles[index % 2].claim(
        dueAt: now, leaseUntil: now.addingTimeInterval(300), limit: 10, after: nil, meeting: nil,
        route: .smtp, token: "run-\(index)"
      ).map(\.id)
    }
    let ids = try results.flatMap { try $0.get() }
    #expect(ids.count == 200)
    #expect(Set(ids).count == 200)
    #expect(try claim(opened.store).isEmpty)
    let lapsed = try claim(opened.store, at: now.addingTimeInterval(301))
    #expect(lapsed.count == 200)
    // Claims are not attempts: only what reaches the server counts.
    #expect(lapsed.allSatisfy { $0.attempts == 0 })
  }
}
