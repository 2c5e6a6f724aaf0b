import PokjaCore

// MARK: - Refusals in a row

/// What a refusal was: its stage, reply code and enhanced status code. Two refusals with the same
/// pattern are the same refusal.
struct RefusalPattern: Equatable, Sendable {
  var stage: SMTPSession.Stage
  var code: Int
  var enhanced: String
}

/// Refusals that name one message but may be the server's or the account's: "451 4.7.1 too much
/// mail", "550 5.7.1 relaying denied". One of them alone is the message's. The same one for
/// `length` messages in a row is taken for the server's: a 4xx stops the batch, costing the messages
/// nothing; a 5.7.x has them (and the rest of the streak) tried again later rather than given up.
/// Until the streak is decided, the refusals are held back (not yet reported to the outbox).
struct RefusalStreak {
  static let length = 3

  private var held: [(OutboundMessageID, DeliveryFailure)] = []
  private var pattern: RefusalPattern?
  /// A 5.7.x streak already taken for the server's: later refusals like it are too.
  private var recognised: RefusalPattern?

  /// What to report now, and the failure that stops the batch (if it does).
  struct Step {
    var report: [(OutboundMessageID, DeliveryFailure)] = []
    var stop: DeliveryFailure?
  }

  /// Adds a refusal with `pattern`; `asTheServers` makes the failure said once a streak is
  /// recognised.
  mutating func add(
    _ id: OutboundMessageID, _ failure: DeliveryFailure, pattern: RefusalPattern,
    asTheServers: () -> DeliveryFailure
  ) -> Step {
    if recognised == pattern { return Step(report: [(id, asTheServers())]) }
    var step = Step()
    if self.pattern != pattern {
      step.report = end()
      self.pattern = pattern
    }
    held.append((id, failure))
    guard held.count >= Self.length else { return step }
    let server = asTheServers()
    step.report += held.map { ($0.0, server) }
    held = []
    if pattern.code < 500 {
      step.stop = server
      self.pattern = nil
    } else {
      recognised = pattern
    }
    return step
  }

  /// The streak ends (a delivery, another failure, the end of the batch): what was held back is
  /// reported as it was.
  mutating func end() -> [(OutboundMessageID, DeliveryFailure)] {
    defer {
      held = []
      pattern = nil
      recognised = nil
    }
    return held
  }
}
