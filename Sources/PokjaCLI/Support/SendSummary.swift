import Foundation
import PokjaCore
import PokjaNotifications

/// Prints what a sending command did, and turns failures into the exit status: 75 when messages wait
/// for a retry, 69 when the server refused us, 65 when it refused a message for good.
struct SendSummary {
  let report: SendReport
  let noun: String
  let console: any Console

  func print(json: Bool) throws {
    let delivery = report.delivery
    if json {
      console.write(
        JSONOutput.encode(
          JSONOutput.SendRecord(report, files: delivery.isFileOutbox ? delivery.receipts : nil)))
    } else {
      printText()
    }
    if let worst = delivery.worstFailure {
      throw CommandFailed(status: worst.exitStatus)
    }
  }

  private func printText() {
    let delivery = report.delivery
    let plural = "\(noun)s"
    let before = report.considered - report.queued
    if delivery.delivered.isEmpty && delivery.failed.isEmpty {
      console.write(
        report.considered == 0
          ? "No \(plural) due."
          : "Nothing new to send: \(before) \(before == 1 ? noun : plural) already sent before.")
      return
    }
    var parts = ["\(delivery.delivered.count) sent"]
    if !delivery.failed.isEmpty { parts.append("\(delivery.failed.count) failed") }
    if before > 0 { parts.append("\(before) already sent before") }
    let destination =
      delivery.isFileOutbox
      ? "written to the file outbox \(delivery.destination) (no SMTP server configured; set POKJA_SMTP_URL to send)"
      : "via \(delivery.destination)"
    let title = plural.prefix(1).uppercased() + plural.dropFirst()
    console.write("\(title): \(parts.joined(separator: ", ")) — \(destination)")
    for (message, receipt) in zip(delivery.delivered, delivery.receipts) {
      let file = delivery.isFileOutbox ? "  → \((receipt as NSString).lastPathComponent)" : ""
      console.write("  ✓ \(message.recipient)  \(message.subject)\(file)")
    }
    for failed in delivery.failed {
      let fate =
        failed.failure.kind == .permanent
        ? "given up" : "kept in the outbox, retried on the next run"
      console.error("  ✗ \(failed.message.recipient): \(failed.failure.message) (\(fate))")
    }
  }
}
