import Foundation
import PokjaCLI
import PokjaTestSupport
import Testing

/// `meeting edit`, `meeting cancel` and `rsvp` on a series, and what attendees get.
extension SeriesCommandTests {
  // MARK: - Changes and what attendees get

  @Test func changingOneOccurrenceSendsARequestWithItsRecurrenceID() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let invitations = try CalendarPython.messages(cli.outboxFiles)
    #expect(invitations.count == 3)
    let uid = try #require(invitations.first?.event?.uid)
    for message in invitations {
      #expect(message.method == "REQUEST")
      #expect(message.defects.isEmpty)
      let event = try #require(message.event)
      #expect(event.sequence == 0 && event.recurrenceID == nil && event.uid == uid)
      #expect(event.rrule == "FREQ=MONTHLY;COUNT=4;BYDAY=1MO")
      #expect(event.start == "2027-01-04T10:00:00" && event.tzid == "Asia/Jakarta")
      #expect(event.attendees == [Self.dewi, Self.hannah, Self.budi])
    }
    #expect(
      invitations.map(\.subject) == [
        "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027",
        "Invitation: Rapat Koordinasi Bulanan — Monday, 4 January 2027",
        "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027",
      ])

    let edit = try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
    ])
    #expect(edit.output.contains("Meeting 1 'Rapat Koordinasi Bulanan': changed (sequence 1)."))
    #expect(
      edit.output.contains(
        "occurrence 2027-02-01: time 2027-02-01 10:00–12:00 WIB → 2027-02-02 13:00–15:00 WIB"))
    #expect(edit.output.contains("Messages: 3 sent"))
    let updates = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(updates.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      updates.map(\.subject) == [
        "Perubahan: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027",
        "Updated: Rapat Koordinasi Bulanan — Tuesday, 2 February 2027",
        "Perubahan: Rapat Koordinasi Bulanan — Selasa, 2 Februari 2027",
      ])
    for message in updates {
      #expect(message.method == "REQUEST")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.uid == uid)
      #expect(event.sequence == 1)
      #expect(event.recurrenceID == "2027-02-01T10:00:00")
      #expect(event.start == "2027-02-02T13:00:00")
      #expect(event.rrule == nil)
      #expect(event.status == "CONFIRMED")
    }

    let show = try cli.object(["meeting", "show", "1"])
    #expect(show["sequence"] as? Int == 1)
    let moved = try #require(
      try show.value("occurrences", as: [[String: Any]].self).first {
        $0["recurrenceId"] as? String == "2027-02-01T10:00:00+07:00"
      })
    #expect(moved["start"] as? String == "2027-02-02T13:00:00+07:00")
    #expect(moved["end"] as? String == "2027-02-02T15:00:00+07:00")
    #expect(moved["changed"] as? Bool == true)

    // An occurrence that does not exist is named, with the nearest ones.
    let missing = cli.run("meeting", "edit", "1", "--occurrence", "2027-02-08", "--title", "X")
    #expect(missing.status == 65)
    #expect(
      missing.errors.contains("Meeting 1 has no occurrence on 2027-02-08. Nearest: "),
      "\(missing.errors)")
  }

  @Test func changingTheWholeSeriesSendsEveryoneTheSeriesWithTheNextSequence() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    try cli.must(["meeting", "invite", "1"])
    try cli.must([
      "meeting", "edit", "1", "--occurrence", "2027-02-01", "--start", "2027-02-02T13:00",
    ])
    let before = cli.outboxFiles.count
    let edit = try cli.must(["meeting", "edit", "1", "--title", "Rapat Koordinasi Pokja"])
    #expect(edit.output.contains("changed (sequence 2)"))
    #expect(edit.output.contains("title 'Rapat Koordinasi Bulanan' → 'Rapat Koordinasi Pokja'"))
    let updates = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(updates.count == 3)
    #expect(updates[0].subject == "Perubahan: Rapat Koordinasi Pokja — Senin, 4 Januari 2027")
    #expect(updates[1].subject == "Updated: Rapat Koordinasi Pokja — Monday, 4 January 2027")
    for message in updates {
      #expect(message.method == "REQUEST")
      let master = try #require(message.events.first { $0.recurrenceID == nil })
      #expect(master.sequence == 2)
      #expect(master.summary == "Rapat Koordinasi Pokja")
      #expect(master.rrule == "FREQ=MONTHLY;COUNT=4;BYDAY=1MO")
      // The moved occurrence travels with the series.
      let moved = try #require(message.events.first { $0.recurrenceID != nil })
      #expect(moved.recurrenceID == "2027-02-01T10:00:00" && moved.start == "2027-02-02T13:00:00")
      #expect(moved.summary == "Rapat Koordinasi Pokja")
    }

    // --no-notify changes it and sends nothing.
    let quiet = try cli.must([
      "meeting", "edit", "1", "--location", "Pintu masuk timur", "--no-notify",
    ])
    #expect(quiet.output.contains("Not notified (--no-notify): 3 messages not sent."))
    #expect(cli.outboxFiles.count == before + 3)
    #expect(try cli.object(["meeting", "show", "1"])["sequence"] as? Int == 3)
  }

  @Test func cancellingOneOccurrenceSendsACancelWithItsRecurrenceID() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let cancel = try cli.must(["meeting", "cancel", "1", "--occurrence", "2027-03-01"])
    #expect(cancel.output.contains("changed (sequence 1)"))
    #expect(cancel.output.contains("occurrence 2027-03-01T10:00 cancelled"))
    let cancellations = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(cancellations.map { $0.to } == [[Self.dewi], [Self.hannah], [Self.budi]])
    #expect(
      cancellations.map(\.subject) == [
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
        "Cancelled: Rapat Koordinasi Bulanan — Monday, 1 March 2027",
        "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 1 Maret 2027",
      ])
    for message in cancellations {
      #expect(message.method == "CANCEL")
      #expect(message.events.count == 1)
      let event = try #require(message.event)
      #expect(event.recurrenceID == "2027-03-01T10:00:00")
      #expect(event.status == "CANCELLED")
      #expect(event.sequence == 1)
      #expect(event.rrule == nil)
    }
    let show = try cli.object(["meeting", "show", "1"])
    #expect(show["status"] as? String == "confirmed")
    #expect(
      try Self.starts(show) == [
        "2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00", "2027-04-05T10:00:00+07:00",
      ])
    #expect(
      try show.value("recurrence", as: [String: Any].self)["exdates"] as? [String] == [
        "2027-03-01T10:00:00+07:00"
      ])
    #expect(try cli.must(["meeting", "show", "1"]).output.contains("Left out:  2027-03-01"))
    // It is gone: cancelling it again names the date.
    let again = cli.run("meeting", "cancel", "1", "--occurrence", "2027-03-01")
    #expect(again.status == 65)
    #expect(again.errors.contains("Meeting 1 has no occurrence on 2027-03-01."))

    // The whole series: one CANCEL per attendee without RECURRENCE-ID, then nothing can change it.
    let all = cli.outboxFiles.count
    let whole = try cli.must(["meeting", "cancel", "1"])
    #expect(whole.output.contains("cancelled (sequence 2)"))
    let series = try CalendarPython.messages(cli.outboxFiles(after: all))
    #expect(series.count == 3)
    #expect(series.allSatisfy { $0.method == "CANCEL" && $0.event?.recurrenceID == nil })
    #expect(series.allSatisfy { $0.event?.status == "CANCELLED" && $0.event?.sequence == 2 })
    #expect(try cli.object(["meeting", "show", "1"])["status"] as? String == "cancelled")
    let edit = cli.run("meeting", "edit", "1", "--title", "X")
    #expect(edit.status == 65)
    #expect(edit.errors.contains("Meeting 1 is cancelled; it cannot be changed."))
  }

  @Test func aRemovedAttendeeAloneGetsACancelAndIsInvitedAgainWhenAddedBack() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let removed = try cli.must(["meeting", "edit", "1", "--remove-attendee", Self.budi])
    #expect(removed.output.contains("removed Budi Santoso"))
    let cancel = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(cancel.count == 1)
    let message = try #require(cancel.first)
    #expect(message.to == [Self.budi])
    #expect(message.method == "CANCEL")
    #expect(message.subject == "Dibatalkan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027")
    let event = try #require(message.event)
    #expect(event.recurrenceID == nil)
    // The CANCEL names only the removed attendee, and is a newer version than the invitation.
    #expect(event.attendees == [Self.budi])
    #expect(event.sequence == 1)
    let show = try cli.object(["meeting", "show", "1"])
    #expect(
      try show.value("attendees", as: [[String: Any]].self).map { $0["email"] as? String } == [
        Self.dewi, Self.hannah,
      ])

    // Added back, Budi is invited again (once), and a second removal is a second CANCEL.
    let count = cli.outboxFiles.count
    let added = try cli.must(["meeting", "edit", "1", "--add-attendee", Self.budi])
    #expect(added.output.contains("added Budi Santoso"))
    let invitation = try CalendarPython.messages(cli.outboxFiles(after: count))
    #expect(invitation.map { $0.to } == [[Self.budi]])
    #expect(invitation.first?.method == "REQUEST")
    #expect(
      invitation.first?.subject == "Undangan: Rapat Koordinasi Bulanan — Senin, 4 Januari 2027")
    #expect(invitation.first?.event?.attendees == [Self.dewi, Self.hannah, Self.budi])
    try cli.must(["meeting", "invite", "1"])
    let afterInvite = cli.outboxFiles.count
    try cli.must(["meeting", "edit", "1", "--remove-attendee", Self.budi])
    let second = try CalendarPython.messages(cli.outboxFiles(after: afterInvite))
    #expect(second.map { $0.to } == [[Self.budi]])
    #expect(second.first?.method == "CANCEL")

    let stranger = cli.run("meeting", "edit", "1", "--remove-attendee", Self.budi)
    #expect(stranger.status == 65)
    #expect(stranger.errors.contains("budi@example.org is not invited to meeting 1."))
  }

  @Test func aSplitSeriesEndsBeforeTheDateAndTheRestIsANewSeries() throws {
    let cli = try Self.seeded()
    let before = try Self.invited(cli)
    let split = try cli.must([
      "meeting", "edit", "1", "--this-and-following", "2027-03-01", "--start", "14:00",
    ])
    #expect(
      split.output.contains(
        "Meeting 1 now ends before the split (sequence 1); meeting 2 continues: 2027-03-01 14:00–16:00 WIB."
      ), "\(split.output)")
    let earlier = try cli.object(["meeting", "show", "1"])
    #expect(
      try Self.starts(earlier) == ["2027-01-04T10:00:00+07:00", "2027-02-01T10:00:00+07:00"])
    let later = try cli.object(["meeting", "show", "2"])
    #expect(
      try Self.starts(later) == ["2027-03-01T14:00:00+07:00", "2027-04-05T14:00:00+07:00"])
    #expect(
      try later.value("recurrence", as: [String: Any].self)["rule"] as? String
        == "FREQ=MONTHLY;COUNT=2;BYDAY=1MO")
    #expect(later["uid"] as? String != earlier["uid"] as? String)
    let messages = try CalendarPython.messages(cli.outboxFiles(after: before))
    #expect(messages.count == 6)
    let toEarlier = messages.filter { $0.event?.uid == earlier["uid"] as? String }
    #expect(toEarlier.count == 3)
    #expect(toEarlier.allSatisfy { $0.method == "REQUEST" && $0.event?.sequence == 1 })
    #expect(toEarlier.allSatisfy { $0.event?.rrule?.contains("UNTIL=20270301T025959Z") == true })
    let toLater = messages.filter { $0.event?.uid == later["uid"] as? String }
    #expect(toLater.count == 3)
    #expect(toLater.allSatisfy { $0.event?.start == "2027-03-01T14:00:00" })
  }

  // MARK: - Replies

  @Test func repliesAreRecordedForTheSeriesAndForOneOccurrence() throws {
    let cli = try Self.seeded()
    try cli.must(Self.monthly)
    let whole = try cli.must(["rsvp", "1", Self.dewi, "diterima"])
    #expect(whole.output.contains("Recorded. Meeting 1: 2 needs-action, 1 accepted."))
    let one = try cli.object(["rsvp", "1", Self.hannah, "declined", "--occurrence", "2027-02-01"])
    #expect(one["recurrenceId"] as? String == "2027-02-01T10:00:00+07:00")
    let replies = try one.value("attendees", as: [[String: Any]].self).map {
      ($0["email"] as? String ?? "", $0["participation"] as? String ?? "")
    }
    #expect(replies.map(\.0) == [Self.dewi, Self.hannah, Self.budi])
    #expect(replies.map(\.1) == ["ACCEPTED", "DECLINED", "NEEDS-ACTION"])

    // The series keeps the answers given for the whole of it.
    let show = try cli.object(["meeting", "show", "1"])
    #expect(
      try show.value("attendees", as: [[String: Any]].self).map {
        $0["participation"] as? String
      } == ["ACCEPTED", "NEEDS-ACTION", "NEEDS-ACTION"])
    #expect(try show.value("occurrences", as: [[String: Any]].self).count == 4)
    let text = try cli.must(["meeting", "show", "1"]).output
    #expect(text.contains("Replies for single occurrences:"))
    #expect(text.contains("2027-02-01  Hannah de Vries: declined"))
    // Another occurrence still has Hannah's series answer.
    let other = try cli.object(["rsvp", "1", Self.budi, "mungkin", "--occurrence", "2027-03-01"])
    #expect(
      try other.value("attendees", as: [[String: Any]].self).map {
        $0["participation"] as? String
      } == ["ACCEPTED", "NEEDS-ACTION", "TENTATIVE"])

    let wrong = cli.run("rsvp", "1", Self.dewi, "perhaps-later")
    #expect(wrong.status == 65)
    #expect(wrong.errors.contains("'perhaps-later' is not an answer"))
    let stranger = cli.run("rsvp", "1", "nobody@example.org", "accepted")
    #expect(stranger.status == 65)
    #expect(
      stranger.errors.hasPrefix("pokja: No contact 'nobody@example.org'."), "\(stranger.errors)")
    let noDay = cli.run("rsvp", "1", Self.dewi, "accepted", "--occurrence", "2027-02-02")
    #expect(noDay.status == 65)
    #expect(noDay.errors.contains("Meeting 1 has no occurrence on 2027-02-02."))
  }
}
