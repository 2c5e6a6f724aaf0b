import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

/// Prints what `meeting edit` / `meeting cancel` did, then sends (or, with --no-notify, holds back)
/// the REQUESTs and CANCELs the change calls for.
struct ChangeReport {
  let change: MeetingChange
  let services: Services
  /// The composer the notices are written with (loaded before the change, so that a broken
  /// template stops the command before anything is changed); nil with --no-notify.
  let composer: MessageComposer?
  let json: Bool

  func render() throws {
    let console = services.console
    for warning in change.warnings { console.error("warning: \(warning)") }
    guard let composer else {
      if json {
        console.write(JSONOutput.encode(JSONOutput.MeetingRecord(change.details)))
      } else {
        printChange()
        let people = change.notices.reduce(0) { $0 + $1.recipients.count }
        console.write(
          "Not notified (--no-notify): \(counted(people, "message")) not sent. Calendars keep the old version until an update reaches them."
        )
      }
      return
    }
    let report = try ChangeNotices(composer: composer, outbox: try services.outbox()).send(change)
    if !json { printChange() }
    let meetings = Set(change.notices.map(\.details.meeting.id))
    try services.report(
      report, noun: "message", meeting: meetings.count == 1 ? meetings.first : nil, json: json)
  }

  private func printChange() {
    let console = services.console
    let meeting = change.details.meeting
    if let earlier = change.earlierPart {
      console.write(
        "Meeting \(earlier.meeting.id) now ends before the split (sequence \(earlier.meeting.sequence)); meeting \(meeting.id) continues: \(LocalTime.span(meeting.start, meeting.end, in: meeting.timeZone))."
      )
    } else {
      console.write(
        "\(services.isDryRun ? "Dry run, not saved: " : "")Meeting \(meeting.id) '\(meeting.title)': \(meeting.status == .cancelled ? "cancelled" : "changed") (sequence \(meeting.sequence))."
      )
    }
    for line in change.summary { console.write("  \(line)") }
    if change.withdrawn > 0 {
      console.write(
        "  \(counted(change.withdrawn, "queued reminder")) withdrawn.")
    }
    if change.withdrawnInvitations > 0 {
      console.write(
        "  \(counted(change.withdrawnInvitations, "queued invitation")) withdrawn: 'pokja meeting invite \(meeting.id)' sends them again with the new guest list."
      )
    }
  }
}
