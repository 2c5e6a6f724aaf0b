import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

@Suite("Answers from the inbox: matched to one meeting and one attendee, at the current version")
struct InboxRepliesTests {
  func inbox(_ fixture: NotificationFixture) -> InboxReplies {
    InboxReplies(
      scheduler: fixture.scheduler,
      replies: Replies(
        scheduler: fixture.scheduler, outbox: { fixture.outbox }, clock: fixture.clock))
  }

  func reply(
    _ fixture: NotificationFixture, _ address: String, _ answer: ITIPReply.Answer,
    uid: String? = nil, sequence: Int = 0, recurrenceID: Date? = nil
  ) -> ITIPReply {
    ITIPReply(
      uid: uid ?? fixture.details.meeting.uid, recurrenceID: recurrenceID, sequence: sequence,
      attendee: address, answer: answer, delegatedTo: [], comment: nil, line: 1)
  }

  func answer(_ fixture: NotificationFixture, _ email: String) throws -> ParticipationStatus {
    let details = try fixture.scheduler.details(of: fixture.details.meeting.id.description)
    return details.attendees.first { $0.contact.email.value == email }!.attendee.participation
  }

  @Test("An attendee's answer is recorded once; the same answer again changes nothing")
  func recordsOnce() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id
    let wulan = try #require(fixture.details.attendees.first { $0.contact.name == "Wulan Sari" })
    let first = try inbox(fixture).apply(
      reply(fixture, "wulan@kemensos.example", .accepted), sender: nil)
    #expect(
      first == .recorded(meeting: id, contact: wulan.contact.id, answer: .accepted, changed: true))
    let again = try inbox(fixture).apply(
      reply(fixture, "wulan@kemensos.example", .accepted), sender: nil)
    #expect(
      again == .recorded(meeting: id, contact: wulan.contact.id, answer: .accepted, changed: false))
    #expect(try answer(fixture, "wulan@kemensos.example") == .accepted)
    // Delegating is not coming: reminders treat it as declined.
    _ = try inbox(fixture).apply(reply(fixture, "wulan@kemensos.example", .delegated), sender: nil)
    #expect(try answer(fixture, "wulan@kemensos.example") == .declined)
  }

  @Test(
    "Nothing else is touched: another UID, a UID that looks like an ID, a stranger, an old version")
  func refusals() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id
    let inbox = inbox(fixture)
    #expect(
      try inbox.apply(
        reply(fixture, "wulan@kemensos.example", .declined, uid: "other@elsewhere"), sender: nil)
        == .unknownMeeting(uid: "other@elsewhere"))
    #expect(
      try inbox.apply(
        reply(fixture, "wulan@kemensos.example", .declined, uid: "\(id)"), sender: nil)
        == .unknownMeeting(uid: "\(id)"))
    #expect(
      try inbox.apply(
        reply(fixture, "mallory@evil.example", .declined), sender: "mallory@evil.example")
        == .notAnAttendee(meeting: id, address: "mallory@evil.example"))
    #expect(try answer(fixture, "wulan@kemensos.example") == .needsAction)
    // The ATTENDEE is an alias; the sender is the contact's address: accepted.
    let alias = try inbox.apply(
      reply(fixture, "w.sari@gmail.example", .tentative), sender: "wulan@kemensos.example")
    #expect(alias.isMatched)
    #expect(try answer(fixture, "wulan@kemensos.example") == .tentative)
    // After an edit (SEQUENCE 1) an answer to version 0 is stale.
    _ = try fixture.scheduler.edit("\(id)", MeetingEdit(title: "Rapat Pleno (diubah)"))
    let stale = try inbox.apply(reply(fixture, "wulan@kemensos.example", .declined), sender: nil)
    #expect(
      stale
        == .stale(
          meeting: id, contact: fixture.details.attendees[0].contact.id, sequence: 0, current: 1))
    #expect(try answer(fixture, "wulan@kemensos.example") == .tentative)
    #expect(
      try inbox.apply(reply(fixture, "wulan@kemensos.example", .declined, sequence: 1), sender: nil)
        .isMatched)
    #expect(try answer(fixture, "wulan@kemensos.example") == .declined)
    _ = try fixture.scheduler.cancel("\(id)")
    #expect(
      try inbox.apply(reply(fixture, "wulan@kemensos.example", .accepted, sequence: 9), sender: nil)
        == .cancelled(meeting: id))
  }

  @Test(
    "A series: the answer for one occurrence; an occurrence the series does not have is unmatched")
  func occurrences() throws {
    let fixture = try NotificationFixture()
    let series = try fixture.scheduler.schedule(
      MeetingRequest(
        title: "Rapat Koordinasi", start: "2027-01-04T14:00", duration: "2h",
        attendees: ["wulan@kemensos.example"], rrule: "FREQ=WEEKLY;BYDAY=MO", count: 3)
    ).details
    let second = try #require(series.plan?.occurrences[1].occurrence.recurrenceID)
    let inbox = inbox(fixture)
    let outcome = try inbox.apply(
      reply(
        fixture, "wulan@kemensos.example", .declined, uid: series.meeting.uid, recurrenceID: second),
      sender: nil)
    #expect(outcome.isMatched)
    let after = try fixture.scheduler.details(of: series.meeting.id.description)
    let wulan = after.attendees[0].contact.id
    #expect(Replies.answer(of: wulan, in: after, occurrence: second) == .declined)
    #expect(Replies.answer(of: wulan, in: after, occurrence: nil) == .needsAction)
    let wrong = second.addingTimeInterval(3600)
    #expect(
      try inbox.apply(
        reply(
          fixture, "wulan@kemensos.example", .declined, uid: series.meeting.uid, recurrenceID: wrong
        ),
        sender: nil) == .unknownOccurrence(meeting: series.meeting.id, occurrence: wrong))
  }
}
