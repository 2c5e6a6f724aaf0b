import Foundation
import PokjaCore
import PokjaMIME
import PokjaScheduling

/// One person of a programme with the sessions they have a role in: who a briefing goes to.
public struct BriefingRecipient: Sendable, Hashable {
  public var person: SessionPersonDetails
  /// Their sessions, each with their role in it, by start.
  public var sessions: [SessionRoleInSession]
  /// Where the briefing goes.
  public var email: EmailAddress
  /// The language of the mail: the contact's, or for a guest the one asked for.
  public var language: Language

  public init(
    person: SessionPersonDetails, sessions: [SessionRoleInSession], email: EmailAddress,
    language: Language
  ) {
    self.person = person
    self.sessions = sessions
    self.email = email
    self.language = language
  }

  /// The contact, or the guest's address: what tells one recipient from another.
  public var key: String {
    person.contact.map { "contact-\($0.id)" } ?? "guest-\(email.value.lowercased())"
  }
}

/// A session and someone's role in it.
public struct SessionRoleInSession: Sendable, Hashable {
  public var session: SessionDetails
  public var role: SessionRole

  public init(session: SessionDetails, role: SessionRole) {
    self.session = session
    self.role = role
  }
}

extension MessageComposer {
  /// How long before their session a briefed person's calendar reminds them.
  public static let briefingAlarm = TimeSpan(seconds: 30 * 60)

  /// The briefing for one person of the programme: their sessions (role, day, time, place, who
  /// else is in it) in text and HTML, and a PUBLISH calendar of those sessions with an alarm.
  /// Its key holds a digest of what it says: a changed session is briefed again, an unchanged
  /// one never twice.
  public func briefing(_ details: MeetingDetails, to recipient: BriefingRecipient) throws
    -> OutboundDraft
  {
    let meeting = details.meeting
    let zone = meeting.timeZone
    let language = recipient.language
    let name = recipient.person.name
    var values: [String: Any] = [
      "greeting": language == .indonesian
        ? "Yth. \(recipient.person.contact?.honorific ?? "Bapak/Ibu") \(name)" : "Dear \(name)",
      "name": name,
      "title": meeting.title,
      "day": LocalizedDate.day(meeting.start, in: zone, language: language),
      "time": LocalizedDate.timeRange(meeting.start, meeting.end, in: zone, language: language),
      "organiser": organiser.name,
      "organiserEmail": organiser.email.value,
      "roles": Array(NSOrderedSet(array: recipient.sessions.map { $0.role.label(language) }))
        .compactMap { $0 as? String }.joined(separator: ", "),
    ]
    if let location = details.locationText { values["location"] = location }
    values["sessions"] = recipient.sessions.map { item -> [String: Any] in
      let session = item.session.session
      var entry: [String: Any] = [
        "role": item.role.label(language),
        "session": session.title,
        "day": LocalizedDate.day(session.start, in: zone, language: language),
        "time": LocalizedDate.timeRange(session.start, session.end, in: zone, language: language),
      ]
      if let place = item.session.placeText { entry["place"] = place }
      if let description = session.description { entry["description"] = description }
      let others = SessionRole.allCases.compactMap { role -> String? in
        let names = item.session.people(in: role).filter {
          $0.person != recipient.person.person
        }.map(\.nameWithOrganisation)
        return names.isEmpty ? nil : "\(role.label(language)): \(names.joined(separator: ", "))"
      }
      if !others.isEmpty { entry["others"] = others.joined(separator: "; ") }
      return entry
    }
    let parts = try render(.briefing, language, values)
    let now = clock.now()
    let calendar = MeetingCalendar.sessions(
      recipient.sessions.map { ($0.session, $0.role) }, of: details, organiser: organiser,
      stamp: now, language: language, alarm: Self.briefingAlarm
    ).serialized()
    let messageID = "\(makeToken())@\(organiser.email.domain)"
    let message = MailMessage(
      from: MailAddress(organiser.email.value, displayName: organiser.name),
      to: [MailAddress(recipient.email.value, displayName: name)],
      subject: parts.subject, date: now, timeZone: zone, messageID: messageID,
      extraHeaders: [MailHeader(name: "Content-Language", value: language.rawValue)],
      body: .multipart(
        subtype: "mixed",
        parts: [
          .multipart(
            subtype: "alternative",
            parts: [
              .text(subtype: "plain", content: parts.text),
              .text(subtype: "html", content: parts.html),
            ]),
          .calendar(calendar, method: MeetingCalendar.Method.publish.rawValue),
        ]))
    let content: String
    do {
      content = try message.rendered()
    } catch {
      throw NotificationError.composition(error.localizedDescription)
    }
    // What the briefing says (sessions, times, places, roles, people) decides whether it goes again.
    var digest = FNV1a()
    digest.add(parts.text)
    return OutboundDraft(
      dedupeKey: [
        MessageKind.briefing.rawValue, String(meeting.id.rawValue), recipient.key, digest.hex,
      ].joined(separator: ":"),
      kind: .briefing, meetingID: meeting.id, contactID: recipient.person.contact?.id,
      sender: organiser.email, destination: .email(recipient.email), messageID: messageID,
      subject: parts.subject, content: content)
  }
}
