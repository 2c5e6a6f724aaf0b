import Foundation
import PokjaCore
import PokjaNotifications
import PokjaScheduling

/// Prints what `meeting edit` / `meeting cancel` did, then sends (or, with --no-notify, holds back)
/// the REQUESTs and CANCELs the change calls for.
struct ChangeReport {
  let change: MeetingChange
  let services: Services
  let notify: Bool
  let json: Bool

  func render() throws {
    let console = services.console
    for warning in change.warnings { console.error("warning: \(warning)") }
    guard notify else {
      if json {
        console.write(JSONOutput.encode(JSONOutput.MeetingRecord(change.details)))
      } else {
        printChange()
        let people = change.notices.reduce(0) { $0 + $1.recipients.count }
        console.write(
          "Not notified (--no-notify): \(people) message\(people == 1 ? "" : "s") not sent. Calendars keep the old version until an update reaches them."
        )
      }
      return
    }
    let report = try services.changeNotices.send(change)
    if !json { printChange() }
    try SendSummary(
      report: report, noun: "message", console: console, zone: services.config.timeZone
    ).render(json: json)
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
        "Meeting \(meeting.id) '\(meeting.title)': \(meeting.status == .cancelled ? "cancelled" : "changed") (sequence \(meeting.sequence))."
      )
    }
    for line in change.summary { console.write("  \(line)") }
    if change.withdrawn > 0 {
      console.write(
        "  \(change.withdrawn) queued reminder\(change.withdrawn == 1 ? "" : "s") withdrawn.")
    }
  }
}
