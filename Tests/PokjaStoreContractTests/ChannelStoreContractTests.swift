import Foundation
import PokjaCore
import PokjaNotifications
import PokjaTestSupport
import Testing

/// What every `ChannelStore` must do: channels kept whole (the name of the variable holding a
/// secret, never a secret: `Channel` has no field for one), names unique and found case aside,
/// and a removal that withdraws whatever still waits for the channel.
@Suite struct ChannelStoreContractTests {
  let clock = ManualClock(contractNow)
  let now = contractNow

  let pleno = Channel(
    name: "Tim-Pleno", url: "https://hooks.slack.example/T1/B2/x", preset: .slack,
    secretEnv: "POKJA_HOOK_SECRET", events: [.meetingCreated, .reminder], language: .english,
    createdAt: contractNow)
  let alerts = Channel(
    name: "alerts", url: "https://ntfy.example/pokja", preset: .ntfy, secretEnv: nil, events: [],
    createdAt: contractNow)

  @Test(arguments: StoreKind.available)
  func aChannelIsKeptWholeAndFoundByNameCaseAside(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let added = try store.addChannel(pleno)
    #expect(added.id != .unassigned)
    #expect(
      added
        == Channel(
          id: added.id, name: "Tim-Pleno", url: "https://hooks.slack.example/T1/B2/x",
          preset: .slack, secretEnv: "POKJA_HOOK_SECRET", events: [.meetingCreated, .reminder],
          language: .english, createdAt: now))
    var later = alerts
    later.createdAt = now.addingTimeInterval(60)
    let other = try store.addChannel(later)
    #expect(other.id != added.id)
    #expect(other.secretEnv == nil && other.events.isEmpty && other.language == .indonesian)
    #expect(other.createdAt == now.addingTimeInterval(60))
    #expect(try store.channel(named: "TIM-PLENO") == added)
    #expect(try store.channel(named: "tim") == nil)
    #expect(try store.channels() == [other, added])
    #expect(throws: ChannelError.duplicate("tim-pleno")) {
      try store.addChannel(
        Channel(
          name: "tim-pleno", url: "https://example.org/x", preset: .json, secretEnv: nil,
          events: [], createdAt: now))
    }
    #expect(try store.channels().count == 2)
    #expect(try store.removeChannel(named: "nothing") == nil)
  }

  @Test(arguments: StoreKind.available)
  func removingAChannelWithdrawsWhatStillWaitsForIt(_ kind: StoreKind) throws {
    let store = try kind.open(clock: clock).store
    let channel = try store.addChannel(pleno)
    let kept = try store.addChannel(alerts)
    func hook(_ key: String, to target: Channel) -> OutboundDraft {
      var hook = draft(key, kind: .reminder)
      hook.destination = .channel(id: target.id.rawValue, name: target.name)
      return hook
    }
    let queued = try store.enqueue(
      ["w1", "w2", "w3", "w4"].map { hook($0, to: channel) } + [hook("other", to: kept)],
      route: .webhook, at: now)
    let mail = try store.enqueue([draft("mail")], route: .smtp, at: now)
    #expect(queued.first?.destination == .channel(id: channel.id.rawValue, name: "Tim-Pleno"))
    #expect(try claim(store, limit: 3, route: .webhook, token: "run").count == 3)
    #expect(try store.markSent(queued[0].id, token: "run", at: now, receipt: "200"))
    #expect(
      try store.markFailed(
        queued[1].id, token: "run", error: "410 Gone", at: now, retryAt: nil, isAttempt: true))
    // Given up, being sent and queued: withdrawn. Sent: kept as sent.
    #expect(try store.removeChannel(named: "TIM-PLENO") == 3)
    #expect(try store.message(queued[0].id)?.state == .sent)
    for message in queued[1...3] {
      #expect(try store.message(message.id)?.state == .cancelled)
    }
    #expect(try store.message(queued[4].id)?.state == .queued)
    // What was for the removed channel still says which channel it was for, by name.
    #expect(try store.message(queued[0].id)?.destination == .channel(id: nil, name: "Tim-Pleno"))
    #expect(try store.message(mail[0].id)?.state == .queued)
    #expect(try store.channel(named: "Tim-Pleno") == nil)
    #expect(try store.channels() == [kept])
    // The run that was sending one can no longer record it; nothing of the channel is due again.
    #expect(try !store.markSent(queued[2].id, token: "run", at: now, receipt: "200"))
    #expect(
      try claim(store, at: now.addingTimeInterval(10_000), route: .webhook).map(\.dedupeKey) == [
        "other"
      ])
    #expect(try store.removeChannel(named: "Tim-Pleno") == nil)
  }
}
