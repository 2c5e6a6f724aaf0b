import Foundation
import PokjaCore
import PokjaNotifications

/// Prints what a sending command did with the messages it meant to send, and turns what is left into
/// the exit status: 69 when the server refused us, 65 when a message was refused for good (now or
/// before), 75 when messages wait for a retry. Messages another run is sending at the moment are
/// not waiting for a retry: a run that finds only those exits 0.
struct SendSummary {
  let report: SendReport
  let noun: String
  let console: any Console
  /// The zone retry times are shown in: `[calendar] time_zone`.
  let zone: TimeZone

  func render(json: Bool) throws {
    // Said on standard error whatever the format: cron mails it to whoever runs the job.
    for skipped in report.skippedReminders {
      let meeting = skipped.meeting
      console.error(
        "pokja: reminder (\(skipped.reminder.offset) before) for meeting \(meeting.id) '\(meeting.title)' "
          + "of \(DateTimeText.display(meeting.start, in: meeting.timeZone)) skipped: the meeting had "
          + "started before it could be sent (was pokja not running?); "
          + "\(counted(skipped.recipients, "recipient")).")
    }
    if json {
      let delivery = report.delivery
      console.write(
        JSONOutput.encode(
          JSONOutput.SendRecord(report, files: delivery.isFileOutbox ? delivery.receipts : nil)))
    } else {
      printText()
    }
    if let status = exitStatus { throw CommandFailed(status: status) }
  }

  var exitStatus: ExitStatus? {
    if let worst = report.delivery.worstFailure { return worst.exitStatus }
    if report.givenUp > 0 { return .dataError }
    if report.waiting > 0 || report.delivery.lostClaim { return .temporaryFailure }
    return nil
  }

  private func printText() {
    let delivery = report.delivery
    let title = noun.prefix(1).uppercased() + noun.dropFirst() + "s"
    if delivery.delivered.isEmpty && delivery.failed.isEmpty {
      if report.considered == 0 {
        console.write("No \(noun)s due.")
      } else if report.sentBefore == report.considered {
        console.write(
          "Nothing new to send: \(counted(report.sentBefore, noun)) already sent before."
        )
      } else {
        console.write("\(title): \(report.sentBefore) sent before.")
      }
    } else {
      // Mail and webhooks are counted apart: they go to different places.
      let delivered = zip(delivery.delivered, delivery.receipts).map { ($0, $1) }
      let mail = delivered.filter { $0.0.route != .webhook }
      let hooks = delivered.filter { $0.0.route == .webhook }
      let mailFailed = delivery.failed.filter { $0.message.route != .webhook }.count
      let hooksFailed = delivery.failed.count - mailFailed
      if !mail.isEmpty || mailFailed > 0 || hooks.isEmpty {
        var parts = ["\(mail.count) sent"]
        if mailFailed > 0 { parts.append("\(mailFailed) failed") }
        if report.sentBefore > 0 { parts.append("\(report.sentBefore) sent before") }
        let destination =
          delivery.isFileOutbox
          ? "written to the file outbox \(delivery.endpoint) (no SMTP server configured; set POKJA_SMTP_URL to send)"
          : "via \(delivery.endpoint)"
        console.write("\(title): \(parts.joined(separator: ", ")) — \(destination)")
      }
      for (message, receipt) in mail {
        let file = delivery.isFileOutbox ? "  → \((receipt as NSString).lastPathComponent)" : ""
        console.write(
          "  ✓ \(message.destination)  \(message.subject)\(file)"
        )
      }
      if !hooks.isEmpty || hooksFailed > 0 {
        console.write(
          "Webhooks: \(hooks.count) sent" + (hooksFailed > 0 ? ", \(hooksFailed) failed" : "")
            + " — to the channels of 'pokja channel list'")
      }
      for (message, receipt) in hooks {
        console.write("  ✓ \(message.subject)  → \(receipt)")
      }
      for failed in delivery.failed {
        let fate: String
        if let retryAt = failed.retryAt {
          fate =
            failed.failure.kind == .configuration
            ? "kept in the outbox, sent once the settings are fixed"
            : "kept in the outbox, tried again from \(DateTimeText.display(retryAt, in: zone))"
        } else {
          fate =
            failed.failure.kind == .permanent
            ? "given up" : "given up after \(failed.message.attempts) attempts"
        }
        console.error(
          "  ✗ \(failed.message.destination): \(failed.failure.message) (\(fate))"
        )
      }
    }
    for meeting in report.documentsNotAttached {
      console.error(
        "warning: meeting \(meeting)'s documents weigh more than mail takes: its invitations name them without them. Set [web] url to send links.")
    }
    if report.skippedOptedOut > 0 {
      console.write(
        "  \(report.skippedOptedOut) skipped: opted out (do not contact).")
    }
    if report.sendingElsewhere > 0 {
      console.write(
        "  \(counted(report.sendingElsewhere, noun)) being sent by another run at the moment (nothing to retry)."
      )
    }
    if report.waitingForOtherRoute > 0 {
      let other = delivery.isFileOutbox ? "an SMTP server" : "the file outbox"
      let fix =
        delivery.isFileOutbox
        ? "run with the SMTP settings (POKJA_SMTP_URL, POKJA_SMTP_PASSWORD) to send them"
        : "they were queued when no SMTP server was configured"
      console.error(
        "pokja: \(counted(report.waitingForOtherRoute, noun)) wait for \(other): \(fix)."
      )
    }
    let givenUpBefore =
      report.givenUp - delivery.failed.filter { $0.failure.kind == .permanent }.count
    if givenUpBefore > 0 {
      console.error(
        "pokja: \(counted(givenUpBefore, noun)) were refused for good by the server on an earlier run; the outbox keeps them with the error."
      )
    }
    if delivery.lostClaim {
      console.error(
        "pokja: another run took over messages this run was slow to send; stopped to avoid sending them twice."
      )
    }
  }
}

extension Services {
  /// What a sending command did: with `--dry-run`, who would get what and when; otherwise the
  /// summary (sent, waiting, given up) and its exit status. `noun` names the messages: "reminder".
  func report(_ report: SendReport, noun: String, meeting: MeetingID? = nil, json: Bool) throws {
    if isDryRun {
      return try DryRunReport(report, services: self, meeting: meeting)
        .render(json: json, console: console, zone: config.timeZone)
    }
    try SendSummary(report: report, noun: noun, console: console, zone: config.timeZone)
      .render(json: json)
  }
}
