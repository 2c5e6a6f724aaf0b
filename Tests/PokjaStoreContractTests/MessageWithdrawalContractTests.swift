import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// What a scheduling write does to the outbox when a meeting changes: queued messages withdrawn
/// (giving up their keys, so the same message can be queued anew), a removed attendee's messages
/// forgotten, and invitations carried to the meeting's next version.
@Suite struct MessageWithdrawalContractTests {
  let clock = ManualClock(contractNow)
  let monday = instant("2026-12-07T10:00:00+07:00")
  var mondays: [Date] { (0..<3).map { monday.addingTimeInterval(TimeInterval($0) * 7 * 86_400) } }

  @Test(arguments: StoreKind.available)
  func queuedMessagesOfAnOccurrenceOrAMeetingAreWithdrawnAndGiveUpTheirKeys(_ kind: StoreKind)
    throws
  {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let series = try store.add(
      meeting("Rapat Mingguan", at: monday, recurrence: MeetingRecurrence(rule: "FREQ=WEEKLY")),
      attendees: [setup.wulan.id], starts: mondays)
    let other = try store.add(meeting("Rapat Lain", at: monday), attendees: [setup.wulan.id])
    func reminder(_ index: Int, of meeting: Meeting = series) -> OutboundDraft {
      draft(
        "reminder:\(meeting.id):\(index)", kind: .reminder, meeting: meeting.id,
        occurrence: mondays[index])
    }
    // The third Monday's reminder is being sent.
    _ = try store.enqueue([reminder(2)], route: .smtp, at: contractNow)
    #expect(try claim(store, token: "run").count == 1)
    _ = try store.enqueue(
      [reminder(0), reminder(1), reminder(0, of: other), draft("invitation", meeting: series.id)],
      route: .smtp, at: contractNow)

    let first = try store.write { transaction in
      try transaction.withdrawQueuedMessages(
        meeting: series.id, occurrences: mondays[0]...mondays[0], kinds: [.reminder])
    }
    #expect(first == 1)
    #expect(try store.counts(meeting: series.id) == [.queued: 2, .sending: 1, .cancelled: 1])
    // Due again (the occurrence moved back): queued anew.
    #expect(try store.enqueue([reminder(0)], route: .smtp, at: contractNow).count == 1)
    let all = try store.write { transaction in
      try transaction.withdrawQueuedMessages(
        meeting: series.id, occurrences: nil, kinds: [.reminder])
    }
    #expect(all == 2)
    #expect(
      try store.write {
        try $0.withdrawQueuedMessages(meeting: series.id, occurrences: nil, kinds: [])
      } == 0)
    // Not another meeting's, not another kind, not one being sent.
    #expect(try store.counts(meeting: series.id) == [.queued: 1, .sending: 1, .cancelled: 3])
    #expect(try store.counts(meeting: other.id) == [.queued: 1])
    #expect(try claim(store, at: contractNow.addingTimeInterval(10_000)).count == 3)
  }

  @Test(arguments: StoreKind.available)
  func aRemovedAttendeesMessagesAreForgottenSoAnotherInvitationGoesOut(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let pleno = try store.add(
      meeting("Rapat Pleno", at: monday), attendees: [setup.wulan.id, setup.hannah.id])
    func message(_ key: String, _ kind: MessageKind, _ contact: Contact) -> OutboundDraft {
      draft(key, kind: kind, meeting: pleno.id, contact: contact.id)
    }
    let sent = try store.enqueue(
      [message("invitation:wulan", .invitation, setup.wulan)], route: .smtp, at: contractNow)
    _ = try claim(store, token: "run")
    #expect(try store.markSent(sent[0].id, token: "run", at: contractNow, receipt: "250"))
    let queued = try store.enqueue(
      [
        message("reminder:wulan", .reminder, setup.wulan),
        message("cancellation:wulan", .cancellation, setup.wulan),
        message("invitation:hannah", .invitation, setup.hannah),
      ], route: .smtp, at: contractNow)
    try store.write { try $0.forgetMessages(meeting: pleno.id, contact: setup.wulan.id) }
    // What was sent stays sent; what was queued is withdrawn; both keys are free again.
    #expect(try store.message(sent[0].id)?.state == .sent)
    #expect(try store.message(queued[0].id)?.state == .cancelled)
    #expect(try store.message(queued[1].id)?.state == .queued)
    #expect(try store.message(queued[2].id)?.state == .queued)
    let again = try store.enqueue(
      [
        message("invitation:wulan", .invitation, setup.wulan),
        message("reminder:wulan", .reminder, setup.wulan),
        message("invitation:hannah", .invitation, setup.hannah),
      ], route: .smtp, at: contractNow)
    #expect(again.map(\.dedupeKey) == ["invitation:wulan", "reminder:wulan"])
  }

  @Test(arguments: StoreKind.available)
  func invitationsAreCarriedToTheNextVersionForThoseNamed(_ kind: StoreKind) throws {
    let setup = try SchedulingSetup(kind, clock: clock)
    let store = setup.store
    let pleno = try store.add(
      meeting("Rapat Pleno", at: monday), attendees: [setup.wulan.id, setup.hannah.id])
    func key(_ contact: Contact, _ sequence: Int) -> String {
      OutboundDraft.dedupeKey(
        kind: .invitation, meeting: pleno.id, contact: contact.id, sequence: sequence)
    }
    _ = try store.enqueue(
      [draft(key(setup.wulan, 0)), draft(key(setup.hannah, 0))], route: .smtp, at: contractNow)
    try store.write {
      try $0.carryForwardInvitations(meeting: pleno.id, from: 0, to: 1, contacts: [setup.wulan.id])
    }
    #expect(
      try store.states(ofKeys: [key(setup.wulan, 0), key(setup.wulan, 1), key(setup.hannah, 0)])
        .keys.sorted() == [key(setup.hannah, 0), key(setup.wulan, 1)].sorted())
    // Wulan has version 1's invitation already; Hannah gets hers.
    let queued = try store.enqueue(
      [draft(key(setup.wulan, 1)), draft(key(setup.hannah, 1))], route: .smtp, at: contractNow)
    #expect(queued.map(\.dedupeKey) == [key(setup.hannah, 1)])
  }
}
