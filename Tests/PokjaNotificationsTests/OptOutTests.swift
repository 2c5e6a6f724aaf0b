import Foundation
import PokjaCore
import PokjaDirectory
import PokjaNotifications
import PokjaScheduling
import PokjaTestSupport
import Testing

/// A contact marked do-not-contact (opted out) stays on the attendee list but gets no mail on any
/// path — invitation, reminder, update, cancellation — and every summary counts them.
@Suite struct OptOutTests {
  /// The plenary fixture with Hannah opted out.
  private func fixture() throws -> NotificationFixture {
    let fixture = try NotificationFixture()
    var edit = ContactEdit()
    edit.doNotContact = true
    _ = try Directory(store: fixture.store).editContact("hannah@kpi.example", edit)
    return fixture
  }

  private func recipients(_ fixture: NotificationFixture) -> Set<String> {
    Set(fixture.transport.delivered.map(\.destination.description))
  }

  @Test func invitationsSkipThoseWhoOptedOut() throws {
    let fixture = try fixture()
    let report = try fixture.invitations.send(meeting: fixture.details.meeting.id.description)
    #expect(recipients(fixture) == ["wulan@kemensos.example"])
    #expect(report.skippedOptedOut == 1)
    #expect(report.considered == 1)

    // `meeting upcoming --invite` takes the meetings' current details.
    let current = try fixture.scheduler.details(of: fixture.details.meeting.id.description)
    let many = try fixture.invitations.send(meetings: [current])
    #expect(many.skippedOptedOut == 1)
    #expect(recipients(fixture) == ["wulan@kemensos.example"])
  }

  @Test func remindersSkipThoseWhoOptedOut() throws {
    let fixture = try fixture()
    let report = try fixture.reminders.sendDue(
      at: try DateTimeText.parse("2026-12-06T10:30+07:00", in: .gmt))
    #expect(!fixture.transport.delivered.isEmpty)
    #expect(fixture.transport.delivered.allSatisfy { $0.kind == .reminder })
    #expect(recipients(fixture) == ["wulan@kemensos.example"])
    #expect(report.skippedOptedOut == 1)
  }

  @Test func updatesSkipThoseWhoOptedOut() throws {
    let fixture = try fixture()
    let change = try fixture.scheduler.edit(
      fixture.details.meeting.id.description, MeetingEdit(start: "11:00"))
    let report = try ChangeNotices(composer: fixture.composer, outbox: fixture.outbox).send(change)
    #expect(fixture.transport.delivered.map(\.kind) == [.update])
    #expect(recipients(fixture) == ["wulan@kemensos.example"])
    #expect(report.skippedOptedOut == 1)
  }

  @Test func cancellationsSkipThoseWhoOptedOut() throws {
    let fixture = try fixture()
    let change = try fixture.scheduler.cancel(fixture.details.meeting.id.description)
    let report = try ChangeNotices(composer: fixture.composer, outbox: fixture.outbox).send(change)
    #expect(fixture.transport.delivered.map(\.kind) == [.cancellation])
    #expect(recipients(fixture) == ["wulan@kemensos.example"])
    #expect(report.skippedOptedOut == 1)
  }
}
