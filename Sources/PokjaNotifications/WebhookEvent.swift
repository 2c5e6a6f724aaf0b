import Foundation
import PokjaCore
import PokjaScheduling

/// One event as channels receive it (preset `json`), documented in docs/json.md:
///
/// ```json
/// {"type": "meeting.updated", "id": "evt_meeting.updated.12.3", "timestamp": "2026-12-01T02:00:00Z",
///  "meeting": {"id": 12, "uid": "…", "title": "Rapat Pleno", "start": "2026-12-07T10:00:00+07:00",
///              "end": "2026-12-07T12:00:00+07:00", "timeZone": "Asia/Jakarta", "location": "…"},
///  "occurrence": "2026-12-07T10:00:00+07:00"}
/// ```
public struct WebhookEvent: Sendable, Hashable, Codable {
  public struct MeetingInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var uid: String
    public var title: String
    public var start: String
    public var end: String
    public var timeZone: String
    public var location: String?
  }

  /// Who answered what (`reply.received`).
  public struct ReplyInfo: Sendable, Hashable, Codable {
    public var contact: Int64
    public var name: String
    public var email: String
    /// ACCEPTED, TENTATIVE or DECLINED (iCalendar's PARTSTAT).
    public var answer: String
    /// Where it came from: `web` (an RSVP link) or `cli` (`pokja rsvp`).
    public var via: String
  }

  public var type: WebhookEventType
  /// Stable for one event: the same on every channel and every retry.
  public var id: String
  /// When it happened (ISO 8601, UTC).
  public var timestamp: String
  public var meeting: MeetingInfo?
  /// The occurrence of a series it is about (its original start, in the meeting's zone), if one.
  public var occurrence: String?
  public var reply: ReplyInfo?

  /// The part of the outbox dedupe key that names the event.
  public var key: String { String(id.dropFirst(4)) }

  public init(
    type: WebhookEventType, key: String, at date: Date, details: MeetingDetails?,
    occurrence: Date? = nil
  ) {
    self.type = type
    id = "evt_" + key
    timestamp = Self.iso(date, in: TimeZone(identifier: "UTC")!)
    meeting = details.map { details in
      let meeting = details.meeting
      return MeetingInfo(
        id: meeting.id.rawValue, uid: meeting.uid, title: meeting.title,
        start: Self.iso(meeting.start, in: meeting.timeZone),
        end: Self.iso(meeting.end, in: meeting.timeZone), timeZone: meeting.timeZone.identifier,
        location: details.locationText)
    }
    let zone = details?.meeting.timeZone ?? TimeZone(identifier: "UTC")!
    self.occurrence = occurrence.map { Self.iso($0, in: zone) }
  }

  /// `meeting.created`, once per meeting.
  public static func created(_ details: MeetingDetails, at date: Date) -> WebhookEvent {
    WebhookEvent(
      type: .meetingCreated, key: "meeting.created.\(details.meeting.id.rawValue)", at: date,
      details: details)
  }

  /// `meeting.updated` or `meeting.cancelled` for one version (sequence) of a meeting or occurrence.
  public static func changed(_ details: MeetingDetails, occurrence: Date?, at date: Date)
    -> WebhookEvent
  {
    let cancelled = details.meeting.status == .cancelled
    let type: WebhookEventType = cancelled ? .meetingCancelled : .meetingUpdated
    var key = "\(type.rawValue).\(details.meeting.id.rawValue).\(details.meeting.sequence)"
    if let occurrence { key += ".\(Int(occurrence.timeIntervalSince1970))" }
    return WebhookEvent(type: type, key: key, at: date, details: details, occurrence: occurrence)
  }

  /// `invitation.sent` for one version (sequence) of a meeting.
  public static func invitationSent(_ details: MeetingDetails, at date: Date) -> WebhookEvent {
    WebhookEvent(
      type: .invitationSent,
      key: "invitation.sent.\(details.meeting.id.rawValue).\(details.meeting.sequence)", at: date,
      details: details)
  }

  /// `reminder` for one occurrence and reminder offset.
  public static func reminder(_ details: MeetingDetails, _ reminder: Reminder, at date: Date)
    -> WebhookEvent
  {
    let occurrence = details.occurrence?.recurrenceID ?? details.meeting.start
    return WebhookEvent(
      type: .reminder,
      key:
        "reminder.\(details.meeting.id.rawValue).\(Int(occurrence.timeIntervalSince1970)).\(reminder.offset)",
      at: date, details: details, occurrence: details.meeting.isSeries ? occurrence : nil)
  }

  /// `reply.received`: `contact` answered `answer` (to `occurrence`, when given). One event per
  /// answer given: answering the same again raises none.
  public static func replied(
    _ details: MeetingDetails, contact: Contact, answer: ParticipationStatus, occurrence: Date?,
    via: String, at date: Date
  ) -> WebhookEvent {
    var key = "reply.received.\(details.meeting.id.rawValue).\(contact.id.rawValue)"
    if let occurrence { key += ".\(Int(occurrence.timeIntervalSince1970))" }
    key += ".\(answer.rawValue.lowercased()).\(Int(date.timeIntervalSince1970))"
    var event = WebhookEvent(
      type: .replyReceived, key: key, at: date, details: details,
      occurrence: details.meeting.isSeries ? occurrence : nil)
    event.reply = ReplyInfo(
      contact: contact.id.rawValue, name: contact.name, email: contact.email.value,
      answer: answer.rawValue, via: via)
    return event
  }

  /// `pokja channel test`.
  public static func test(channel: String, at date: Date) -> WebhookEvent {
    WebhookEvent(
      type: .test, key: "test.\(channel).\(Int(date.timeIntervalSince1970))", at: date,
      details: nil)
  }

  /// `2026-12-07T10:00:00+07:00` (the same form `LocalTime.isoWithOffset` writes; an
  /// ISO8601DateFormatter costs a millisecond to make, once per event).
  static func iso(_ date: Date, in zone: TimeZone) -> String {
    let text = LocalTime.isoWithOffset(date, in: zone)
    return text.hasSuffix("+00:00") ? String(text.dropLast(6)) + "Z" : text
  }

  /// The event as compact JSON with sorted keys.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
  }
}

/// A rendered body and the title some services show apart (ntfy's `Title` header).
public struct WebhookBody: Sendable, Hashable {
  public var title: String
  public var body: String
}

/// Writes an event for a preset: Slack and Mattermost `{"text": …}`, Discord `{"content": …}`,
/// Telegram `{"text": …}` (with `chat_id` when given), ntfy plain text (its first line as the
/// `Title`), json the event itself. The text comes from the `webhook.EVENT.LANG` template in the
/// channel's language; its first line is the title.
public enum WebhookRenderer {
  public static func render(
    _ event: WebhookEvent, preset: WebhookPreset, details: MeetingDetails?,
    language: Language = .indonesian, templates: MessageTemplates = MessageTemplates(),
    telegramChatID: String? = nil
  ) throws(NotificationError) -> WebhookBody {
    let rendered = try templates.render(
      .webhook(event.type, language), values(event, details: details, language: language))
    let lines = rendered.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let title = lines.first { !$0.isEmpty } ?? event.type.rawValue
    let text = lines.drop { $0.isEmpty }.joined(separator: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let rest = lines.drop { $0.isEmpty }.dropFirst().joined(separator: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    switch preset {
    case .json:
      return WebhookBody(title: title, body: event.json)
    case .slack, .mattermost:
      return WebhookBody(title: title, body: jsonObject(["text": text]))
    case .discord:
      return WebhookBody(title: title, body: jsonObject(["content": text]))
    case .telegram:
      var object = ["text": text]
      if let telegramChatID { object["chat_id"] = telegramChatID }
      return WebhookBody(title: title, body: jsonObject(object))
    case .ntfy:
      return WebhookBody(title: title, body: rest.isEmpty ? title : rest)
    }
  }

  /// The values webhook templates can use: `event`, `title`, `day`, `time`, `startClock`,
  /// `location`, `repeats`, `description`, `occurrenceOnly`, `timestamp` (docs/templates.md).
  public static func values(_ event: WebhookEvent, details: MeetingDetails?, language: Language)
    -> [String: Any]
  {
    var values: [String: Any] = ["event": event.type.rawValue, "timestamp": event.timestamp]
    guard let details else { return values }
    let meeting = details.meeting
    let zone = meeting.timeZone
    values["title"] = meeting.title
    values["day"] = LocalizedDate.day(meeting.start, in: zone, language: language)
    values["time"] = LocalizedDate.timeRange(
      meeting.start, meeting.end, in: zone, language: language)
    values["startClock"] =
      LocalizedDate.clock(meeting.start, in: zone, language: language) + " "
      + zone.displayAbbreviation(at: meeting.start)
    if let location = details.locationText { values["location"] = location }
    if let description = meeting.description { values["description"] = description }
    if let reply = event.reply {
      values["attendee"] = reply.name
      values["answer"] =
        ParticipationStatus(rawValue: reply.answer).map {
          ReplyWords.answer($0, language: language)
        } ?? reply.answer
    }
    if event.occurrence != nil {
      values["occurrenceOnly"] = true
    } else if let repeats = RepetitionText.describe(meeting, language: language) {
      values["repeats"] = repeats
    }
    return values
  }

  static func jsonObject(_ object: [String: String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
  }
}

/// Turns events into outbox drafts, one per channel that wants the event (route `webhook`).
public struct WebhookPublisher: Sendable {
  public let channels: [Channel]
  private let organiser: EmailAddress
  private let templates: MessageTemplates

  public init(
    channels: [Channel], organiser: EmailAddress, templates: MessageTemplates = MessageTemplates()
  ) {
    self.channels = channels
    self.organiser = organiser
    self.templates = templates
  }

  /// The drafts for `events`, each paired with the details it renders (nil for a test).
  public func drafts(_ events: [(WebhookEvent, MeetingDetails?)]) throws(NotificationError)
    -> [OutboundDraft]
  {
    var drafts: [OutboundDraft] = []
    for (event, details) in events {
      for channel in channels where channel.wants(event.type) {
        drafts.append(
          try Self.draft(
            event, details: details, channel: channel, sender: organiser, templates: templates))
      }
    }
    return drafts
  }

  /// One event for one channel. Its `messageID` (the `webhook-id`) stays the same on every retry.
  public static func draft(
    _ event: WebhookEvent, details: MeetingDetails?, channel: Channel, sender: EmailAddress,
    templates: MessageTemplates = MessageTemplates()
  ) throws(NotificationError) -> OutboundDraft {
    let chat = URLComponents(string: channel.url)?.queryItems?.first { $0.name == "chat_id" }?.value
    let rendered = try WebhookRenderer.render(
      event, preset: channel.preset, details: details, language: channel.language,
      templates: templates, telegramChatID: chat)
    let key = "webhook:\(event.key):\(channel.id)"
    var draft = OutboundDraft(
      dedupeKey: key, kind: kind(of: event.type), meetingID: details?.meeting.id, contactID: nil,
      sender: sender, destination: .channel(id: channel.id.rawValue, name: channel.name),
      messageID: "msg_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
      subject: rendered.title, content: rendered.body)
    draft.occurrence = details?.occurrence?.recurrenceID
    return draft
  }

  static func kind(of type: WebhookEventType) -> MessageKind {
    switch type {
    case .meetingCreated, .invitationSent, .test: .invitation
    case .meetingUpdated, .replyReceived: .update
    case .meetingCancelled: .cancellation
    case .reminder: .reminder
    }
  }
}
