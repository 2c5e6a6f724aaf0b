import Foundation
import PokjaCore
import PokjaScheduling

/// Sends the people of a programme their briefings: each chair, moderator, speaker and panellist
/// (and rapporteur, when asked) with an address gets one mail about all their sessions, queued in
/// one transaction and delivered. Running it again sends only what changed.
public struct Briefings: Sendable {
  private let scheduler: MeetingScheduler
  private let composer: MessageComposer
  private let outbox: Outbox

  public init(scheduler: MeetingScheduler, composer: MessageComposer, outbox: Outbox) {
    self.scheduler = scheduler
    self.composer = composer
    self.outbox = outbox
  }

  /// Who would be briefed about the meeting's programme (only `session`'s people when given), and
  /// who cannot be (no address, or marked do-not-contact).
  public func recipients(
    of details: MeetingDetails, session: SessionID? = nil, allRoles: Bool = false,
    guestLanguage: Language
  ) -> (recipients: [BriefingRecipient], unreachable: [SessionPersonDetails]) {
    var recipients: [BriefingRecipient] = []
    var unreachable: [SessionPersonDetails] = []
    for item in details.programme where session == nil || item.session.id == session {
      for person in item.people where allRoles || person.role.isBriefed {
        guard let email = person.email else {
          if !unreachable.contains(where: { $0.person.isSamePerson(as: person.person) }) {
            unreachable.append(person)
          }
          continue
        }
        let entry = SessionRoleInSession(session: item, role: person.role)
        let language = person.contact?.language ?? guestLanguage
        let candidate = BriefingRecipient(
          person: person, sessions: [entry], email: email, language: language)
        if let index = recipients.firstIndex(where: { $0.key == candidate.key }) {
          recipients[index].sessions.append(entry)
        } else {
          recipients.append(candidate)
        }
      }
    }
    return (recipients, unreachable)
  }

  /// Queues and delivers the briefings of the meeting named by `reference`.
  public func send(
    meeting reference: String, session: SessionID? = nil, allRoles: Bool = false,
    guestLanguage: Language
  ) throws -> (SendReport, unreachable: [SessionPersonDetails]) {
    let details = try scheduler.details(of: reference)
    guard details.meeting.status == .confirmed else {
      throw NotificationError.meetingCancelled(details.meeting.id)
    }
    guard !details.programme.isEmpty else {
      throw NotificationError.noProgramme(details.meeting.id)
    }
    let found = recipients(
      of: details, session: session, allRoles: allRoles, guestLanguage: guestLanguage)
    let drafts = try found.recipients.map { try composer.briefing(details, to: $0) }
    var report = try outbox.send(drafts, meeting: details.meeting.id)
    report.meeting = details.meeting
    return (report, found.unreachable)
  }
}
