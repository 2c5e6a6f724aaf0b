import ArgumentParser
import Foundation
import PokjaCore
import PokjaNotifications

extension Pokja.InboxGroup {
  /// `pokja inbox fetch`: reads the unread replies once and files them.
  struct Fetch: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "fetch",
      abstract: "Record the calendar replies waiting in the mailbox, and file them.",
      discussion: """
        Each unread message with a calendar reply is read once: its answers are recorded (only \
        for an attendee of the meeting the reply names, and only for the meeting's current \
        version), the channels hear of changed answers (reply.received), and the message is \
        marked read and moved to [imap] done_folder (or unmatched_folder). A calendar that \
        cannot be read is reported with the message's UID and left where it is. Safe to run \
        from cron and to repeat: a message is never counted twice.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      guard let mailbox = try services.inboxMailbox() else {
        throw InboxCommandError.notConfigured(configPath: services.config.path)
      }
      defer { mailbox.close() }
      let console = services.console
      var announced = false
      let report = try services.inboxFetch(mailbox).run { done, total in
        guard total >= 100, !output.json else { return }
        if !announced {
          console.error("Reading \(counted(total, "unread message")) in \(mailbox.address)…")
          announced = true
        }
        if done % 100 == 0 || done == total { console.error("  \(done)/\(total)") }
      }
      // The channels hear of changed answers now (cron's next run would deliver them too).
      var delivery: DeliveryReport?
      if report.changedAnswers > 0, !(try services.channelStore.channels()).isEmpty {
        delivery = try services.outbox().deliverDue()
      }
      let malformed = report.entries.filter { $0.status == .malformed }
      if output.json {
        console.write(JSONOutput.encode(InboxFetchRecord(report)))
      } else {
        print(report, delivery: delivery, to: console)
      }
      for entry in malformed {
        console.error(
          "warning: message UID \(entry.uid) in \(report.mailbox), from \(entry.sender ?? "an unknown sender"): \(entry.problem ?? "it cannot be read.") It stays in the inbox; 'pokja inbox list' shows it."
        )
      }
      if !malformed.isEmpty { throw CommandFailed(status: .dataError) }
    }

    private func print(
      _ report: InboxFetch.Report, delivery: DeliveryReport?, to console: any Console
    ) {
      guard report.unread > 0 else {
        console.write("No unread mail in \(report.mailbox).")
        return
      }
      console.write("Read \(counted(report.unread, "unread message")) in \(report.mailbox).")
      let items = report.entries.flatMap(\.items)
      let recorded = items.filter { $0.outcome == .recorded }
      let stale = items.filter { $0.outcome == .stale }.count
      let lines: [(String, Int)] = [
        (
          "Answers recorded: \(recorded.count) (\(recorded.filter(\.changed).count) changed)",
          recorded.count
        ),
        ("Answers to an older version, not applied: \(stale)", stale),
        ("Proposals of another time: \(report.count(.counter))", report.count(.counter)),
        ("Unmatched replies: \(report.count(.unmatched))", report.count(.unmatched)),
        ("Repeated messages, filed: \(report.count(.duplicate))", report.count(.duplicate)),
        (
          "Unreadable calendars, left in place: \(report.count(.malformed))",
          report.count(.malformed)
        ),
        ("Other mail, left unread: \(report.count(.ignored))", report.count(.ignored)),
        ("Recorded before, filed now: \(report.refiled)", report.refiled),
        ("Read before, left alone: \(report.leftAlone)", report.leftAlone),
        ("Taken by another run: \(report.takenByAnotherRun)", report.takenByAnotherRun),
        ("Gone meanwhile: \(report.gone)", report.gone),
      ]
      for (line, count) in lines where count > 0 { console.write("  " + line) }
      if report.count(.counter) + report.count(.unmatched) > 0 {
        console.write("'pokja inbox list' shows the replies that need you.")
      }
      if let delivery, !(delivery.delivered.isEmpty && delivery.failed.isEmpty) {
        let sent =
          delivery.failed.isEmpty
          ? "\(delivery.delivered.count) sent"
          : "\(delivery.delivered.count) sent, \(delivery.failed.count) failed"
        console.write("Webhooks: \(sent) — to the channels of 'pokja channel list'")
      }
    }
  }
}

/// What `inbox fetch --json` prints.
struct InboxFetchRecord: Encodable {
  let mailbox: String
  let uidValidity: Int64
  let unread: Int
  let refiled: Int
  let leftAlone: Int
  let gone: Int
  let takenByAnotherRun: Int
  let changedAnswers: Int
  let entries: [InboxEntryRecord]

  init(_ report: InboxFetch.Report) {
    mailbox = report.mailbox
    uidValidity = report.uidValidity
    unread = report.unread
    refiled = report.refiled
    leftAlone = report.leftAlone
    gone = report.gone
    takenByAnotherRun = report.takenByAnotherRun
    changedAnswers = report.changedAnswers
    entries = report.entries.map(InboxEntryRecord.init)
  }
}
