import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications

/// Reminds the owners of open work-plan items before their due day, through the outbox: `before`
/// days ahead (14 and 1 unless told), and once when an item is overdue. Each reminder is sent once
/// per item, due day and offset (a moved due day is reminded again); cron runs `pokja plan remind`
/// daily.
public struct PlanReminders: Sendable {
  let plan: WorkPlan
  let composer: MessageComposer
  let outbox: Outbox
  let resolver: any AttendeeResolver
  let zone: TimeZone

  public init(
    plan: WorkPlan, composer: MessageComposer, outbox: Outbox, resolver: any AttendeeResolver,
    zone: TimeZone
  ) {
    self.plan = plan
    self.composer = composer
    self.outbox = outbox
    self.resolver = resolver
    self.zone = zone
  }

  /// An item that is due a reminder but has nobody to send it to (no owner, no focal point, no
  /// coordinator).
  public struct Unreachable: Sendable, Hashable {
    public var item: PlanItem
  }

  /// Who is reminded of `details`: the owner organisation's focal point, else the kelompok's
  /// coordinator.
  func recipient(_ details: PlanItemDetails) throws -> Contact? {
    if let owner = details.owner, let person = try resolver.representative(of: owner.id) {
      return person
    }
    if let coordinator = details.group?.coordinatorID {
      return try plan.contacts.contacts(withIDs: [coordinator]).first
    }
    return nil
  }

  /// The drafts due today: for each open item, the nearest offset whose day has come (after
  /// downtime the 14-day reminder is not sent together with the 1-day one), and `overdue` once.
  public func drafts(before offsets: [Int]) throws -> ([OutboundDraft], [Unreachable]) {
    let offsets = offsets.sorted()
    var drafts: [OutboundDraft] = []
    var unreachable: [Unreachable] = []
    for details in try plan.dueSoon(within: offsets.last ?? 0) {
      guard let left = details.daysLeft, let due = details.item.due else { continue }
      let stage: String
      if left < 0 {
        stage = "overdue"
      } else if let offset = offsets.first(where: { left <= $0 }) {
        stage = "\(offset)d"
      } else {
        continue
      }
      guard let person = try recipient(details) else {
        unreachable.append(Unreachable(item: details.item))
        continue
      }
      drafts.append(try draft(details, due: due, stage: stage, left: left, to: person))
    }
    return (drafts, unreachable)
  }

  /// Queues and delivers the reminders due today.
  public func send(before offsets: [Int]) throws -> (SendReport, [Unreachable]) {
    let (drafts, unreachable) = try self.drafts(before: offsets)
    return (try outbox.send(drafts, meeting: nil), unreachable)
  }

  private func draft(
    _ details: PlanItemDetails, due: String, stage: String, left: Int, to person: Contact
  ) throws -> OutboundDraft {
    let language = person.language
    let item = details.item
    let dueDate = (try? DateTimeText.parse(due, in: zone)) ?? Date()
    var values: [String: Any] = [
      "title": item.title,
      "due": LocalizedDate.day(dueDate, in: zone, language: language),
      "when": Self.when(left, language),
      "status": item.status.label(language),
    ]
    if let group = details.group {
      values["kelompok"] = group.kelompok.map { "\($0) — \(group.name)" } ?? group.name
    }
    if let owner = details.owner { values["owner"] = owner.name }
    if let meeting = details.meeting { values["meeting"] = meeting.title }
    if let description = item.description { values["description"] = description }
    return try composer.mail(
      kind: .planReminder, to: person, values: values,
      dedupeKey: [
        MessageKind.planReminder.rawValue, String(item.id.rawValue), due, stage,
        String(person.id.rawValue),
      ].joined(separator: ":"), zone: zone)
  }

  /// "in 14 days", "tomorrow", "today", "3 days ago".
  static func when(_ left: Int, _ language: Language) -> String {
    switch (left, language) {
    case (0, .indonesian): "hari ini"
    case (0, .english): "today"
    case (1, .indonesian): "besok"
    case (1, .english): "tomorrow"
    case (let days, .indonesian) where days > 1: "\(days) hari lagi"
    case (let days, .english) where days > 1: "in \(days) days"
    case (let days, .indonesian): "lewat \(-days) hari"
    case (let days, .english): -days == 1 ? "1 day ago" : "\(-days) days ago"
    }
  }
}
