import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

/// The transport of a dry run: it has the route and destination of the transport a real run would
/// use, so the same messages are due, but it only says "delivered" (to an in-memory copy of the
/// database) and sends nothing.
struct DryRunTransport: MessageTransport {
  let endpoint: String
  let route: MessageRoute

  init(like live: any MessageTransport) {
    endpoint = live.endpoint
    route = live.route
  }

  func deliver(_ messages: [OutboundMessage], report event: (DeliveryEvent) -> DeliveryProgress) {
    func report(_ id: OutboundMessageID, _ outcome: DeliveryOutcome) -> DeliveryProgress {
      event(.finished(id, outcome))
    }
    for message in messages where report(message.id, .delivered(receipt: "dry run")) == .stop {
      break
    }
  }
}

/// Prints what a dry run found: who would get what, and when (now, or when a queued message is due).
struct DryRunReport {
  /// One message a real run would send.
  struct Row: Encodable {
    let destination: MessageDestination
    var recipient: String { destination.jsonRecipient }
    let kind: String
    let subject: String
    /// ISO 8601 with the offset; the run's own time for what would be sent now.
    let dueAt: String
    let date: Date
    let now: Bool

    enum CodingKeys: String, CodingKey { case recipient, kind, subject, dueAt }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(recipient, forKey: .recipient)
      try container.encode(kind, forKey: .kind)
      try container.encode(subject, forKey: .subject)
      try container.encode(dueAt, forKey: .dueAt)
    }
  }

  let rows: [Row]
  let skippedOptedOut: Int

  /// What `report` (a run against the in-memory copy) delivered now, then what stays queued in the
  /// copy (only `meeting`'s, when given) with the time it is due.
  init(_ report: SendReport, services: Services, meeting: MeetingID?) throws {
    let now = services.environment.clock.now()
    let zone = services.config.timeZone
    var rows = report.delivery.delivered.map {
      Row(
        destination: $0.destination, kind: $0.kind.rawValue, subject: $0.subject,
        dueAt: LocalTime.isoWithOffset(now, in: zone), date: now, now: true)
    }
    let waiting = try services.outboxReader.messages(
      state: .queued, meeting: meeting, limit: 10_000
    )
    .sorted { $0.nextAttemptAt < $1.nextAttemptAt }
    rows += waiting.map {
      let due = max($0.nextAttemptAt, now)
      return Row(
        destination: $0.destination, kind: $0.kind.rawValue, subject: $0.subject,
        dueAt: LocalTime.isoWithOffset(due, in: zone), date: due, now: false)
    }
    self.rows = rows
    skippedOptedOut = report.skippedOptedOut
  }

  func render(json: Bool, console: any Console, zone: TimeZone) {
    if json {
      console.write(JSONOutput.encode(rows))
      return
    }
    let soon = rows.filter(\.now).count
    let later = rows.count - soon
    console.write(
      "Dry run: \(counted(soon, "message")) would be sent now\(later > 0 ? ", \(later) later" : ""); nothing was changed or sent."
    )
    for row in rows {
      let when = row.now ? "now" : DateTimeText.display(row.date, in: zone)
      console.write(
        "  \(when)  \(row.kind)  \(row.destination)  \(row.subject)"
      )
    }
    if skippedOptedOut > 0 {
      console.write("  \(skippedOptedOut) skipped: opted out (do not contact).")
    }
  }
}
