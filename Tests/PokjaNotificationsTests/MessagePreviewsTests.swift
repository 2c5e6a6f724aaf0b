import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// `MessagePreviews`: which occurrence, which SEQUENCE and which reminder `notify preview` shows.
@Suite struct MessagePreviewsTests {
  let jakarta = Zones.jakarta

  func previews(_ fixture: NotificationFixture) -> MessagePreviews {
    MessagePreviews(scheduler: fixture.scheduler, composer: fixture.composer)
  }

  /// A weekly series of four from Monday 23 November 2026 (the fixture's clock is 30 November,
  /// 08:00 WIB, so the next occurrence is that day at 10:00).
  func series(_ fixture: NotificationFixture, reminders: [String] = []) throws -> MeetingDetails {
    var request = MeetingRequest(
      title: "Rapat Mingguan", start: "2026-11-23T10:00", duration: "1h",
      attendees: ["wulan@kemensos.example", "hannah@kpi.example"], reminders: reminders)
    request.rrule = "FREQ=WEEKLY;COUNT=4"
    return try fixture.scheduler.schedule(request).details
  }

  func request(
    _ meeting: MeetingID, _ kind: MessageKind, attendee: String = "hannah@kpi.example",
    occurrence: String? = nil, language: Language? = nil
  ) -> MessagePreviews.Request {
    MessagePreviews.Request(
      meeting: String(meeting.rawValue), attendee: attendee, kind: kind, occurrence: occurrence,
      language: language)
  }

  @Test func aReminderOfASeriesIsAboutTheNextOccurrence() throws {
    let fixture = try NotificationFixture()
    let details = try series(fixture)
    let preview = try previews(fixture).preview(request(details.meeting.id, .reminder))
    let next = try DateTimeText.parse("2026-11-30T10:00", in: jakarta)
    #expect(preview.draft.occurrence == next)
    #expect(preview.draft.kind == .reminder)
    #expect(preview.parts.subject.contains("Monday, 30 November 2026"))
  }

  @Test func aReminderOfASeriesThatIsOverIsAboutItsLastOccurrence() throws {
    let fixture = try NotificationFixture()
    var request = MeetingRequest(
      title: "Rapat Lalu", start: "2026-11-02T10:00", duration: "1h",
      attendees: ["hannah@kpi.example"])
    request.rrule = "FREQ=WEEKLY;COUNT=2"
    let details = try fixture.scheduler.schedule(request).details
    let preview = try previews(fixture).preview(self.request(details.meeting.id, .reminder))
    #expect(preview.draft.occurrence == (try DateTimeText.parse("2026-11-09T10:00", in: jakarta)))
  }

  @Test func theReminderIsTheMeetingsFirstElseOneADayBefore() throws {
    let fixture = try NotificationFixture()
    // The fixture's plenary has 1d and 2h: the first (the earliest) is the one previewed.
    let plenary = try previews(fixture).preview(request(fixture.details.meeting.id, .reminder))
    #expect(plenary.draft.dedupeKey.hasPrefix("reminder:1d:"))
    let twoHours = try series(fixture, reminders: ["2h"])
    let only = try previews(fixture).preview(request(twoHours.meeting.id, .reminder))
    #expect(only.draft.dedupeKey.hasPrefix("reminder:2h:"))
    var none = MeetingRequest(
      title: "Tanpa Pengingat", start: "2026-12-09T10:00", duration: "1h",
      attendees: ["hannah@kpi.example"])
    none.noReminders = true
    let bare = try fixture.scheduler.schedule(none).details
    let fallback = try previews(fixture).preview(request(bare.meeting.id, .reminder))
    #expect(fallback.draft.dedupeKey.hasPrefix("reminder:1d:"))
  }

  @Test func anUpdateOrCancellationShowsTheNextSequence() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id
    #expect(fixture.details.meeting.sequence == 0)
    for kind in [MessageKind.update, .cancellation] {
      let preview = try previews(fixture).preview(request(id, kind))
      #expect(preview.draft.content.contains("SEQUENCE:1"), "\(kind)")
    }
    let invitation = try previews(fixture).preview(request(id, .invitation))
    #expect(invitation.draft.content.contains("SEQUENCE:0"))
    #expect(invitation.draft.content.contains("METHOD:REQUEST"))
  }

  @Test func oneOccurrenceIsPreviewedWithItsRecurrenceID() throws {
    let fixture = try NotificationFixture()
    let details = try series(fixture)
    let preview = try previews(fixture).preview(
      request(details.meeting.id, .cancellation, occurrence: "2026-12-07"))
    #expect(preview.draft.content.contains("RECURRENCE-ID"))
    #expect(preview.draft.content.contains("METHOD:CANCEL"))
    #expect(preview.parts.text.contains("Monday, 7 December 2026"))
  }

  @Test func anInvitationCoversTheWholeSeries() throws {
    let fixture = try NotificationFixture()
    let details = try series(fixture)
    #expect(throws: MessagePreviewError.invitationOfOneOccurrence) {
      try previews(fixture).preview(
        request(details.meeting.id, .invitation, occurrence: "2026-12-07"))
    }
  }

  @Test func theLanguageAskedForReplacesTheContacts() throws {
    let fixture = try NotificationFixture()
    let id = fixture.details.meeting.id
    let own = try previews(fixture).preview(
      request(id, .invitation, attendee: "wulan@kemensos.example"))
    #expect(own.attendee.contact.language == .indonesian)
    #expect(own.parts.subject.hasPrefix("Undangan"))
    let english = try previews(fixture).preview(
      request(id, .invitation, attendee: "wulan@kemensos.example", language: .english))
    #expect(english.attendee.contact.language == .english)
    #expect(english.parts.subject.hasPrefix("Invitation"))
  }

  @Test func theAttendeeIsNamedByIDEmailOrPartOfTheName() throws {
    let fixture = try NotificationFixture()
    let details = fixture.details
    let hannah = try #require(details.attendees.first { $0.contact.name == "Hannah de Vries" })
    for reference in [String(hannah.contact.id.rawValue), "HANNAH@kpi.example", " vries "] {
      #expect(
        try MessagePreviews.attendee(reference, in: details).contact.id == hannah.contact.id,
        "\(reference)")
    }
    #expect(throws: MessagePreviewError.severalAttendees("a")) {
      try MessagePreviews.attendee("a", in: details)
    }
    let listed = details.attendees.map { "\($0.contact.id) \($0.contact.name)" }
    #expect(
      throws: MessagePreviewError.notAnAttendee(
        "nobody@x.example", meeting: details.meeting.id, attendees: listed)
    ) {
      try MessagePreviews.attendee("nobody@x.example", in: details)
    }
  }

  @Test func aPreviewQueuesNothing() throws {
    let fixture = try NotificationFixture()
    for kind in MessageKind.allCases where ![.signIn, .briefing, .planReminder].contains(kind) {
      _ = try previews(fixture).preview(request(fixture.details.meeting.id, kind))
    }
    // A sign-in mail is about no meeting: there is nothing to preview.
    #expect(throws: MessagePreviewError.notAboutAMeeting(.signIn)) {
      try previews(fixture).preview(request(fixture.details.meeting.id, .signIn))
    }
    #expect(
      try OutboxReader(store: fixture.store).messages(state: nil, meeting: nil, limit: 100).isEmpty)
  }
}
