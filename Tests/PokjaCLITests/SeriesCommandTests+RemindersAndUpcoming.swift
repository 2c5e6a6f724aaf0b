import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// `remind --due` and `meeting upcoming --invite` for a series' occurrences.
extension SeriesCommandTests {
  // MARK: - Reminders

  @Test func remindersGoOutPerOccurrenceButNotWhenCancelledOrDeclined() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must(["meeting", "cancel", "1", "--occurrence", "2027-02-01", "--no-notify"])
    try cli.must(["rsvp", "1", Self.budi, "declined"])
    try cli.must(["rsvp", "1", Self.hannah, "declined", "--occurrence", "2027-04-05"])
    func remind(_ now: String) throws -> [CalendarMessage] {
      let before = cli.outboxFiles.count
      try cli.must(["remind", "--due", "--now", now])
      return try CalendarPython.messages(cli.outboxFiles(after: before))
    }

    // The day before the first occurrence: Dewi and Hannah, not Budi, who declined the series.
    let first = try remind("2027-01-03T12:00")
    #expect(first.map { $0.to } == [[Self.dewi], [Self.hannah]])
    #expect(
      first.map(\.subject) == [
        "Pengingat: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027, 10.00 WIB",
        "Reminder: Rapat Koordinasi Bulanan — Monday, 4 January 2027, 10:00 WIB",
      ])
    #expect(first.allSatisfy { $0.method == nil })
    // Run again a few minutes later: nothing new.
    let again = try cli.must(["remind", "--due", "--now", "2027-01-03T12:05"])
    #expect(again.output.contains("Nothing new to send: 2 reminders already sent before."))
    #expect(try remind("2027-01-03T12:10").isEmpty)
    // Too early for the next one.
    #expect(try remind("2027-01-04T12:00").isEmpty)
    // The cancelled occurrence gets none.
    let cancelled = try cli.must(["remind", "--due", "--now", "2027-01-31T12:00"])
    #expect(cancelled.output.contains("No reminders due."))
    // The third: both again.
    #expect(try remind("2027-02-28T12:00").map { $0.to } == [[Self.dewi], [Self.hannah]])
    // The fourth: Hannah declined that one.
    let fourth = try remind("2027-04-04T12:00")
    #expect(fourth.map { $0.to } == [[Self.dewi]])
    #expect(
      fourth.first?.subject
        == "Pengingat: Rapat Koordinasi Bulanan — Senin, 5 April 2027, 10.00 WIB")
    // Once it has started, it is too late.
    #expect(try remind("2027-04-05T10:30").isEmpty)
  }

  @Test func aMovedOccurrenceIsRemindedAtItsNewTime() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
      "--no-notify",
    ])
    let before = cli.outboxFiles.count
    let early = try cli.must(["remind", "--due", "--now", "2027-02-01T12:00"])
    #expect(early.output.contains("No reminders due."))
    try cli.must(["remind", "--due", "--now", "2027-02-01T13:00"])
    let reminders = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(reminders.count == 3)
    #expect(
      reminders.first?.subject
        == "Pengingat: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027, 13.00 WIB")
  }

  // MARK: - Upcoming

  @Test func upcomingInviteSendsOnceAndOnlyForMeetingsInTheWindow() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must([
      "meeting", "add", "--title", "Rapat Pleno", "--start", "2027-02-15T09:00", "--duration",
      "3h", "--attendee", Self.dewi,
    ])
    let list = try cli.must(["meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00"])
    #expect(list.output.contains("Rapat Koordinasi Bulanan"))
    #expect(!list.output.contains("Rapat Pleno"))

    let first = try cli.object([
      "meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00", "--invite",
    ])
    #expect(first["delivered"] as? Int == 3)
    #expect(first["sentBefore"] as? Int == 0)
    #expect(first["fileOutbox"] as? Bool == true)
    let messages = try CalendarPython.messages(cli.outboxFiles)
    #expect(messages.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      messages.allSatisfy {
        $0.method == "REQUEST" && $0.event?.summary == "Rapat Koordinasi Bulanan"
      })

    let second = try cli.must([
      "meeting", "upcoming", "--within", "14d", "--now", "2026-12-28T08:00", "--invite",
    ])
    #expect(second.output.contains("Nothing new to send: 3 invitations already sent before."))
    #expect(cli.outboxFiles.count == 3)
    // Nor does `meeting invite` send them twice.
    let invite = try cli.must(["meeting", "invite", "1"])
    #expect(invite.output.contains("Nothing new to send"))
    #expect(cli.outboxFiles.count == 3)

    // Later, the plenary comes into the window: only its one invitation goes out.
    let later = try cli.object([
      "meeting", "upcoming", "--within", "14d", "--now", "2027-02-05T08:00", "--invite",
    ])
    #expect(later["delivered"] as? Int == 1)
    #expect(
      try CalendarPython.messages(cli.outboxFiles(after: 3)).map(\.subject) == [
        "Undangan: Rapat Pleno — Senin, 15 Februari 2027"
      ])
    let empty = try cli.must([
      "meeting", "upcoming", "--within", "14d", "--now", "2027-06-01T08:00",
    ])
    #expect(empty.output.contains("Nothing in the next 14d."))
  }
}
