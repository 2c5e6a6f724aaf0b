import Foundation
import PokjaCore
import PokjaNotifications
import Testing

@Suite struct RetryPolicyTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  let policy = RetryPolicy(maxAttempts: 5, base: 60, cap: 600)
  let unreachable = DeliveryFailure(.temporary, .serverBusy, "Cannot connect")

  func delay(_ attempts: Int, _ failure: DeliveryFailure? = nil, random: Double = 1)
    -> TimeInterval?
  {
    policy.nextAttempt(
      after: attempts, failure: failure ?? unreachable, at: now, random: { random }
    )?.timeIntervalSince(now)
  }

  @Test func theWaitDoublesUpToTheCapThenTheMessageIsGivenUp() {
    #expect((1...4).map { delay($0) } == [60, 120, 240, 480])
    #expect(
      RetryPolicy(maxAttempts: 9, base: 60, cap: 600).nextAttempt(
        after: 6, failure: unreachable, at: now, random: { 1 })?.timeIntervalSince(now) == 600)
    #expect(delay(5) == nil)
  }

  @Test func jitterWaitsBetweenHalfAndAllOfTheBackoff() {
    #expect(delay(3, random: 0) == 120)
    #expect(delay(3, random: 0.5) == 180)
    #expect(delay(3, random: 1) == 240)
    // Out-of-range randomness is clamped, never a negative or doubled wait.
    #expect(delay(3, random: -3) == 120)
    #expect(delay(3, random: 7) == 240)
  }

  @Test func aLongerRetryAfterWins() {
    #expect(delay(1, DeliveryFailure(.temporary, .serverBusy, "429", retryAfter: 900)) == 900)
    #expect(delay(3, DeliveryFailure(.temporary, .serverBusy, "429", retryAfter: 5)) == 240)
  }

  @Test func permanentIsGivenUpAndConfigurationWaitsForTheFix() {
    #expect(delay(1, DeliveryFailure(.permanent, .recipientRefused, "550 no such user")) == nil)
    // A wrong password is no reason to give a message up: due again at once, whatever the count.
    #expect(delay(1, DeliveryFailure(.configuration, .loginRefused, "535 auth failed")) == 0)
    #expect(delay(50, DeliveryFailure(.configuration, .loginRefused, "535 auth failed")) == 0)
  }
}
